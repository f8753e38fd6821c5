//! The comparator `x* = argmin_x sum_t f_t(x)` of \[Eq:7\], computed without
//! the regulariser (Eq. 7 and \[Thm3\] minimise the bare losses) and by methods
//! that share no code with Algorithm 1:
//!
//! - least squares: the normal equations `(A'A) x = A'b` (nalgebra SVD, the
//!   minimum-norm solution when `A'A` is singular);
//! - logistic: damped Newton with a gradient-norm stopping rule;
//! - absolute loss: a linear program solved by clarabel
//!   (`min sum u_t`, `u_t >= |a_t.x - b_t|`).

use crate::error::{Result, SglError};
use crate::objectives::{log1p_exp, sigmoid, LinearProblem, ObjectiveKind};
use clarabel::algebra::CscMatrix;
use clarabel::solver::SupportedConeT;
use nalgebra::{DMatrix, DVector};

/// The comparator and the certificate of its accuracy.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparator {
    /// `x*`.
    pub x: Vec<f64>,
    /// `sum_t f_t(x*)`.
    pub value: f64,
    /// A bound (or, for logistic, a local estimate; see [`logistic`]) on
    /// `sum_t f_t(x*) - min_x sum_t f_t(x)`.
    pub gap: f64,
}

/// `sum_t f_t(x)` over the first `rounds` rows.
pub fn total_loss(p: &LinearProblem, rounds: usize, x: &[f64]) -> f64 {
    let mut s = 0.0;
    for t in 0..rounds {
        let u: f64 = p.a[t].iter().zip(x).map(|(a, b)| a * b).sum();
        s += match p.kind {
            ObjectiveKind::LeastSquares => 0.5 * (u - p.b[t]) * (u - p.b[t]),
            ObjectiveKind::Logistic => log1p_exp(-p.b[t] * u),
            ObjectiveKind::Absolute => (u - p.b[t]).abs(),
        };
    }
    s
}

fn check_rounds(p: &LinearProblem, rounds: usize) -> Result<usize> {
    if rounds == 0 || rounds > p.a.len() {
        return Err(SglError::InvalidInput(format!(
            "comparator over {rounds} rounds of a problem with {}",
            p.a.len()
        )));
    }
    Ok(p.a[0].len())
}

/// The comparator of the first `rounds` rounds, by the method of the kind.
pub fn comparator(p: &LinearProblem, rounds: usize) -> Result<Comparator> {
    match p.kind {
        ObjectiveKind::LeastSquares => least_squares(p, rounds),
        ObjectiveKind::Logistic => logistic(p, rounds),
        ObjectiveKind::Absolute => absolute(p, rounds),
    }
}

/// Least squares by the normal equations `A'A x = A'b` (SVD solve, singular
/// values below `1e-12 * max` dropped: minimum-norm minimiser). The gap is
/// certified as `||grad||^2 / (2 mu)` with `mu` the smallest kept eigenvalue
/// of `A'A` (the sum is `mu`-strongly convex on the row space, and the
/// gradient lies in the row space).
pub fn least_squares(p: &LinearProblem, rounds: usize) -> Result<Comparator> {
    let n = check_rounds(p, rounds)?;
    let mut h = DMatrix::<f64>::zeros(n, n);
    let mut r = DVector::<f64>::zeros(n);
    for t in 0..rounds {
        for i in 0..n {
            r[i] += p.a[t][i] * p.b[t];
            for j in 0..n {
                h[(i, j)] += p.a[t][i] * p.a[t][j];
            }
        }
    }
    let svd = h.clone().svd(true, true);
    let smax = svd.singular_values.max();
    let cut = 1e-12 * smax.max(f64::MIN_POSITIVE);
    let mu = svd
        .singular_values
        .iter()
        .copied()
        .filter(|&s| s > cut)
        .fold(f64::INFINITY, f64::min);
    let x = svd
        .solve(&r, cut)
        .map_err(|e| SglError::Solver(format!("normal equations: {e}")))?;
    let grad = &h * &x - &r;
    let x: Vec<f64> = x.iter().copied().collect();
    let gap = if mu.is_finite() {
        grad.norm_squared() / (2.0 * mu)
    } else {
        0.0
    };
    Ok(Comparator {
        value: total_loss(p, rounds, &x),
        x,
        gap,
    })
}

/// Logistic regression by damped Newton (backtracking on the objective),
/// stopped when `||grad|| <= 1e-10 (1 + T)`. The sum is strictly but not
/// globally strongly convex, so `gap = ||grad||^2 / (2 mu)` with `mu` the
/// smallest Hessian eigenvalue at the final point is a *local* estimate
/// (exact to second order; with `||grad||` at 1e-10 scale it is far below
/// every regret measured). Separable data have no minimiser: Newton then
/// diverges and an error `NoMinimiser`-like `Solver` error is returned.
pub fn logistic(p: &LinearProblem, rounds: usize) -> Result<Comparator> {
    let n = check_rounds(p, rounds)?;
    let mut x = DVector::<f64>::zeros(n);
    let tol = 1e-10 * (1.0 + rounds as f64);
    let f = |x: &DVector<f64>| total_loss(p, rounds, x.as_slice());
    let mut fx = f(&x);
    for _ in 0..200 {
        let mut g = DVector::<f64>::zeros(n);
        let mut h = DMatrix::<f64>::zeros(n, n);
        for t in 0..rounds {
            let a = &p.a[t];
            let y = p.b[t];
            let u: f64 = a.iter().zip(x.iter()).map(|(a, b)| a * b).sum();
            let s = sigmoid(-y * u);
            let w = s * (1.0 - s);
            for i in 0..n {
                g[i] += -y * s * a[i];
                for j in 0..n {
                    h[(i, j)] += w * a[i] * a[j];
                }
            }
        }
        let mu = h.clone().symmetric_eigenvalues().min();
        if g.norm() <= tol {
            let gap = if mu > 0.0 {
                g.norm_squared() / (2.0 * mu)
            } else {
                f64::INFINITY
            };
            return Ok(Comparator {
                value: fx,
                x: x.iter().copied().collect(),
                gap,
            });
        }
        if x.norm() > 1e6 {
            return Err(SglError::Solver(
                "logistic comparator: iterates diverge (separable data, no minimiser)".into(),
            ));
        }
        // Newton direction with a tiny ridge for numerically singular H.
        let ridge = 1e-14 * (1.0 + h.diagonal().max());
        let hr = h + DMatrix::<f64>::identity(n, n) * ridge;
        let dir = hr
            .cholesky()
            .ok_or_else(|| SglError::Solver("logistic comparator: Hessian not PD".into()))?
            .solve(&(-&g));
        let mut step = 1.0;
        let slope = g.dot(&dir);
        loop {
            let cand = &x + &dir * step;
            let fc = f(&cand);
            if fc <= fx + 1e-4 * step * slope || step < 1e-12 {
                x = cand;
                fx = fc;
                break;
            }
            step *= 0.5;
        }
    }
    Err(SglError::Solver(
        "logistic comparator: Newton did not converge in 200 steps".into(),
    ))
}

/// Absolute loss as an LP in clarabel's form: variables `y = [x; u]`,
/// `min sum u_t` s.t. `a_t.x - u_t <= b_t`, `-a_t.x - u_t <= -b_t`. The gap
/// is clarabel's primal-dual objective gap.
pub fn absolute(p: &LinearProblem, rounds: usize) -> Result<Comparator> {
    let n = check_rounds(p, rounds)?;
    let nv = n + rounds;
    let pm = CscMatrix::new_from_triplets(nv, nv, vec![], vec![], vec![]);
    let mut q = vec![0.0; nv];
    for v in q.iter_mut().skip(n) {
        *v = 1.0;
    }
    let (mut ai, mut aj, mut av) = (vec![], vec![], vec![]);
    let mut b = vec![0.0; 2 * rounds];
    for t in 0..rounds {
        for i in 0..n {
            ai.push(2 * t);
            aj.push(i);
            av.push(p.a[t][i]);
            ai.push(2 * t + 1);
            aj.push(i);
            av.push(-p.a[t][i]);
        }
        for r in [2 * t, 2 * t + 1] {
            ai.push(r);
            aj.push(n + t);
            av.push(-1.0);
        }
        b[2 * t] = p.b[t];
        b[2 * t + 1] = -p.b[t];
    }
    let a = CscMatrix::new_from_triplets(2 * rounds, nv, ai, aj, av);
    let cones = [SupportedConeT::NonnegativeConeT(2 * rounds)];
    let sol = crate::conic::solve(
        "absolute comparator",
        &pm,
        &q,
        &a,
        &b,
        &cones,
        crate::conic::ConicTolerances::default(),
    )?;
    let x = sol.y[..n].to_vec();
    let value = total_loss(p, rounds, &x);
    // The LP dual objective is a lower bound on the minimum (up to the dual
    // residual); value - dual bounds the suboptimality of x.
    let gap = (value - sol.dual_objective).max(0.0);
    Ok(Comparator { x, value, gap })
}
