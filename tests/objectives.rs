//! The synthetic objectives: gradients against central finite differences,
//! exact Hessian diagonals against finite differences of the gradient, and
//! the seeded Hutchinson estimator against the exact diagonal.

use rand::SeedableRng;
use sgl_oracle::objectives::{hutchinson_diag, LinearProblem, Objective, ObjectiveKind};

#[test]
fn gradients_and_hessian_diagonals_match_finite_differences() {
    for kind in [
        ObjectiveKind::LeastSquares,
        ObjectiveKind::Logistic,
        ObjectiveKind::Absolute,
    ] {
        let p = LinearProblem::synthetic(kind, 5, 10, 2, 11).unwrap();
        let x = vec![0.3, -0.2, 0.1, 0.05, -0.4];
        for t in 1..=10 {
            let e = p.eval(t, &x).unwrap();
            // Central differences with h = 1e-6: truncation O(h^2 f''') ~ 1e-12
            // and rounding O(eps |f| / h) ~ 1e-10 for |f| <= 1, so 1e-7 is safe.
            let h = 1e-6;
            for i in 0..5 {
                let (mut xp, mut xm) = (x.clone(), x.clone());
                xp[i] += h;
                xm[i] -= h;
                let fd = (p.eval(t, &xp).unwrap().loss - p.eval(t, &xm).unwrap().loss) / (2.0 * h);
                assert!(
                    (fd - e.grad[i]).abs() <= 1e-7,
                    "{kind:?} t={t} i={i}: {fd} vs {}",
                    e.grad[i]
                );
                let gd =
                    (p.eval(t, &xp).unwrap().grad[i] - p.eval(t, &xm).unwrap().grad[i]) / (2.0 * h);
                if kind != ObjectiveKind::Absolute {
                    assert!(
                        (gd - e.hess_diag[i]).abs() <= 1e-7,
                        "{kind:?} hess t={t} i={i}"
                    );
                }
            }
        }
    }
}

#[test]
fn hutchinson_is_unbiased() {
    let p = LinearProblem::synthetic(ObjectiveKind::Logistic, 4, 3, 1, 5).unwrap();
    let x = vec![0.1, 0.2, -0.3, 0.4];
    let exact = p.eval(2, &x).unwrap().hess_diag;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let k = 20_000;
    let est = hutchinson_diag(&p, 2, &x, k, &mut rng).unwrap();
    // r_i (H r)_i = H_ii + sum_{j != i} H_ij r_i r_j: the noise has variance
    // sum_{j != i} H_ij^2 per sample, so the mean of k samples is within
    // 5 standard errors of H_ii with overwhelming probability (seeded anyway).
    let h = |i: usize, j: usize| {
        // H = c a a^T for this rank-one loss; recover c a_i a_j from the diagonal.
        (exact[i] * exact[j]).sqrt()
    };
    for i in 0..4 {
        let var: f64 = (0..4).filter(|&j| j != i).map(|j| h(i, j).powi(2)).sum();
        let se = (var / k as f64).sqrt();
        assert!(
            (est[i] - exact[i]).abs() <= 5.0 * se + 1e-15,
            "i={i}: {} vs {}",
            est[i],
            exact[i]
        );
    }
}

#[test]
fn oversized_problems_are_refused() {
    assert!(
        LinearProblem::synthetic(ObjectiveKind::LeastSquares, 1_000_000, 1_000_000, 1, 0).is_err()
    );
    assert!(LinearProblem::synthetic(ObjectiveKind::LeastSquares, 0, 10, 1, 0).is_err());
}
