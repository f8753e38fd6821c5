//! Eq. (6): corrected Theorem 1 closed form vs the clarabel conic program vs
//! the KKT certificate; the printed Theorem 1 fails; Eq. (23) reduction;
//! the no-minimiser case. `PROPTEST_CASES` sets the number of random cases.

mod eq6_common;

use eq6_common::{adam_history, cases, instance, proptest_config, round_bound};
use proptest::prelude::*;
use sgl_oracle::conic::ConicStatus;
use sgl_oracle::eq6::{
    certificate, closed_form, objective, objective::psi, solve, Instance, METHODS,
};
use sgl_oracle::{Groups, Penalty, SglError, Threshold};

/// The slack allowed between the solver and the closed form.
///
/// Two bounds, neither taken from clarabel's self-report (its `obj_val` /
/// `obj_val_dual` are computed on the equilibrated problem and were measured
/// off by ~3e-4 relative on badly scaled instances, sigma ~ 1e-6, |x| ~ 1e7):
/// - rigorous: the KKT certificate at the solver's x gives dual-feasible
///   subgradients, hence a Fenchel lower bound `D_s <= F*`, so
///   `F(x_s) - F(x_cf) <= F(x_s) - D_s = cert(x_s).gap` must hold whenever x_cf
///   is optimal (up to rounding);
/// - accuracy: clarabel's `tol_gap_rel = 1e-8`; we allow 10x that relative to
///   the magnitude of the objective's terms (`objective_scale`), since the
///   objective is a difference of terms of that size and clarabel's stopping
///   test is applied to the rescaled data. `solver_gap_distribution` prints
///   the measured ratio.
fn solver_slack(inst: &Instance, sol: &sgl_oracle::eq6::SolverSolution) -> f64 {
    let scale = sgl_oracle::eq6::objective::objective_scale(inst, &sol.x);
    1e-7 * (1.0 + scale)
}

/// All witnesses on one instance; returns (F(x_s) - F(x_cf), slack,
/// curvature spread), or `None` when the solver refused the instance.
///
/// The closed form's KKT certificate is checked on every instance. When
/// clarabel stops without an accepted solution (`InsufficientProgress` with
/// a relative gap above 5e-5, or worse), `solve` returns a typed
/// `SglError::Solver`, as issue 3 requires; the instance then has two
/// witnesses (closed form and certificate) and is counted in
/// `SOLVER_REFUSED` (seen: an instance with curvature spread ~1e10 and
/// |F| ~ 3e7, relative gap 7e-5).
fn check_three_witnesses(inst: &Instance) -> Option<(f64, f64, f64)> {
    let x_cf = closed_form(inst, Threshold::STildeExact).unwrap();
    check_certificate(inst, &x_cf);
    let sol = match solve(inst) {
        Ok(sol) => sol,
        Err(SglError::Solver(msg)) => {
            eprintln!("solver refused an instance (typed error): {msg}");
            SOLVER_REFUSED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return None;
        }
        Err(e) => panic!("unexpected error from the solver: {e}"),
    };
    assert!(matches!(
        sol.status,
        ConicStatus::Solved | ConicStatus::AlmostSolved | ConicStatus::InsufficientProgress
    ));
    // Accepted only with a certified point (scaled KKT residual <= 1e-10).
    assert!(sol.kkt_scaled_residual <= sgl_oracle::eq6::ACCEPT_KKT);
    let f_cf = objective(inst, &x_cf);
    let f_s = objective(inst, &sol.x);
    let round = round_bound(inst, &x_cf) + round_bound(inst, &sol.x);
    // 1. the closed form is never worse than the solver (up to rounding).
    assert!(
        f_cf <= f_s + round,
        "F(cf) = {f_cf} > F(solver) = {f_s} + {round}"
    );
    // 2. the solver is within a justified slack of the closed form.
    // 2a. rigorous: the Fenchel bound at the solver's point is a lower bound
    //     on F*, so F(x_cf) >= F(x_s) - cert(x_s).gap (up to rounding).
    let cert_s = certificate(inst, &sol.x);
    assert!(
        f_s - f_cf <= cert_s.gap + round + round_bound(inst, &sol.x) * 2.0,
        "F(cf) = {f_cf} is below the dual bound F(x_s) - gap = {}",
        f_s - cert_s.gap
    );
    // 2b. accuracy of the solver, on instances whose curvature spread
    //     max A / min A is at most 1e6 (beyond, the interior-point method
    //     loses accuracy in proportion; measured 1e-6 relative at 1e10),
    //     and only for the status `Solved` (AlmostSolved: reduced accuracy).
    let a = inst.a_diag();
    let cond = a.iter().cloned().fold(0.0, f64::max) / a.iter().cloned().fold(f64::MAX, f64::min);
    let slack = solver_slack(inst, &sol);
    if cond <= 1e6 && sol.status == ConicStatus::Solved {
        assert!(
            f_s - f_cf <= slack + round,
            "F(solver) - F(cf) = {} > slack {slack} (cond {cond:e})",
            f_s - f_cf
        );
    }
    // 3. exact strong-convexity bound: the smooth part z.x + x^T A x has
    //    Hessian 2A (A = sigma/2 + lambda2), and 0 is in dF(x_cf), so
    //    F(x) >= F(x_cf) + 1/2 (x - x_cf)^T (2A) (x - x_cf): the constant is 1.
    let dist: f64 = (0..inst.dim())
        .map(|i| a[i] * (x_cf[i] - sol.x[i]).powi(2))
        .sum();
    assert!(
        dist <= f_s - f_cf + round,
        "sum A (dx)^2 = {dist} > gap {}",
        f_s - f_cf
    );
    Some((f_s - f_cf, slack, cond))
}

/// Witness 3 alone: the KKT certificate of the corrected closed form,
/// residual and Fenchel gap.
fn check_certificate(inst: &Instance, x_cf: &[f64]) {
    let a = inst.a_diag();
    // 4. the certificate of the corrected form: residual and Fenchel gap.
    let cert = certificate(inst, x_cf);
    // 1e-12: the residual z + 2Ax + lambda1 xi + c A^{1/2} eta is a sum of 4
    // terms of size <= scale, each within a few ULPs, and the group factor
    // (1 - c/||w||) loses at most a few ULPs more: ~20 eps ~ 4e-15 << 1e-12.
    assert!(
        cert.scaled_residual <= 1e-12,
        "KKT residual {}",
        cert.scaled_residual
    );
    // The dual bound is exact up to rounding when the residual is ~0; the
    // gap bound uses 1/(4A) which amplifies the residual for tiny A, so we
    // compare relative to the objective's own rounding scale and the
    // residual squared over A (the exact effect of the residual on D).
    let amp: f64 = (0..inst.dim())
        .filter(|&i| a[i] > 0.0)
        .map(|i| {
            let r = cert.residual[i];
            let coef = cert.residual[i] - 2.0 * a[i] * x_cf[i];
            (2.0 * coef.abs() * r.abs() + r * r) / (4.0 * a[i])
        })
        .sum();
    let coefs_scale: f64 = (0..inst.dim())
        .filter(|&i| a[i] > 0.0)
        .map(|i| (cert.residual[i] - 2.0 * a[i] * x_cf[i]).powi(2) / (4.0 * a[i]))
        .sum();
    let dual_round = (8.0 * inst.dim() as f64 + 16.0) * f64::EPSILON * (1.0 + coefs_scale);
    assert!(
        cert.gap.abs() <= round_bound(inst, x_cf) + dual_round + amp,
        "certificate gap {} ",
        cert.gap
    );
}

/// Seeded (reproducible) proptest configuration; failed cases persisted in
/// tests/eq6_solver.proptest-regressions.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(48),
        ..proptest_config(0xe96_5017)
    }
}

/// Instances on which clarabel stopped without an accepted solution (a
/// typed `SglError::Solver`, never a number); see `check_three_witnesses`.
static SOLVER_REFUSED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

proptest! {
    #![proptest_config(config())]

    /// [Thm1] corrected vs clarabel vs KKT on random instances (group sizes
    /// 1..32, uneven, zero lambdas, tiny/large curvatures, groups at threshold).
    #[test]
    fn thm1_corrected_three_witnesses(seed in any::<u64>()) {
        let inst = instance(seed, 6, 32);
        check_three_witnesses(&inst);
    }

    /// The printed form is never better than the corrected one (which is optimal).
    #[test]
    fn thm1_printed_never_better_than_corrected(seed in any::<u64>()) {
        let inst = instance(seed, 6, 32);
        let x_cf = closed_form(&inst, Threshold::STildeExact).unwrap();
        let x_pr = closed_form(&inst, Threshold::STildePrinted).unwrap();
        let r = round_bound(&inst, &x_cf) + round_bound(&inst, &x_pr);
        prop_assert!(objective(&inst, &x_pr) >= objective(&inst, &x_cf) - r);
    }

    /// Eq. (6) from an Adam-like history (negative Q_s entries) reduces to
    /// Eq. (24) via Eq. (23): the difference of the objectives is the constant
    /// 1/2 sum_s x_s^T (Q_s/alpha_s) x_s of [AppA:22], for every x.
    #[test]
    fn eq23_reduction_holds_for_adam_like_history(seed in any::<u64>()) {
        let n = 1 + (seed % 40) as usize;
        let h = adam_history(seed, n, 1 + (seed % 7) as usize);
        let groups = Groups::rows(n, 1).unwrap();
        let penalty = Penalty::new(0.1, 0.2, 0.05).unwrap();
        let inst = h.reduce(penalty, groups.clone()).unwrap();
        let mut c = 0.0;
        let mut cscale = 0.0;
        for s in 0..h.m.len() {
            for i in 0..n {
                c += 0.5 * h.q_over_alpha[s][i] * h.x[s][i] * h.x[s][i];
                cscale += (0.5 * h.q_over_alpha[s][i] * h.x[s][i] * h.x[s][i]).abs();
            }
        }
        let x_cf = closed_form(&inst, Threshold::STildeExact).unwrap();
        let probes = [x_cf.clone(), vec![0.0; n], h.x[0].clone(), h.x[h.m.len() - 1].iter().map(|v| -2.0 * v).collect()];
        for x in &probes {
            let full = h.objective(&penalty, &groups, x);
            let red = objective(&inst, x);
            // Rounding: the history objective sums t(3n) terms of size up to
            // |m x| + |q| (|x| + |x_s|)^2; we bound by (16 t n) eps times that sum.
            let mut hs = 0.0;
            for s in 0..h.m.len() {
                for i in 0..n {
                    hs += (h.m[s][i] * x[i]).abs() + h.q_over_alpha[s][i].abs() * (x[i].abs() + h.x[s][i].abs()).powi(2);
                }
            }
            let tol = 16.0 * (h.m.len() * n) as f64 * f64::EPSILON * (1.0 + hs + cscale) + round_bound(&inst, x);
            prop_assert!((full - red - c).abs() <= tol, "full - red = {}, constant {c}, tol {tol}", full - red);
        }
        // and the closed form minimises the history objective too
        let sol = solve(&inst).unwrap();
        let f_cf = h.objective(&penalty, &groups, &x_cf);
        let f_s = h.objective(&penalty, &groups, &sol.x);
        let hist_round = |x: &[f64]| {
            let mut hs = 0.0;
            for s in 0..h.m.len() {
                for i in 0..n {
                    hs += (h.m[s][i] * x[i]).abs() + h.q_over_alpha[s][i].abs() * (x[i].abs() + h.x[s][i].abs()).powi(2);
                }
            }
            16.0 * (h.m.len() * n) as f64 * f64::EPSILON * (1.0 + hs + cscale) + round_bound(&inst, x)
        };
        prop_assert!(f_cf <= f_s + hist_round(&x_cf) + hist_round(&sol.x), "{f_cf} > {f_s}");
    }
}

/// Sizes of the gap between solver and closed form, for the report.
#[test]
fn solver_gap_distribution() {
    let mut rows = Vec::new();
    for seed in 0..cases(48) as u64 {
        let inst = instance(1_000 + seed, 6, 32);
        rows.extend(check_three_witnesses(&inst));
    }
    let ratio = |pred: &dyn Fn(f64) -> bool| {
        rows.iter()
            .filter(|r| pred(r.2))
            .map(|r| r.0 / r.1)
            .fold(f64::MIN, f64::max)
    };
    eprintln!(
        "(F(solver) - F(cf)) / slack: max {:.3e} over cond <= 1e6, {:.3e} over cond > 1e6 ({} of {} instances)",
        ratio(&|c| c <= 1e6),
        ratio(&|c| c > 1e6),
        rows.iter().filter(|r| r.2 > 1e6).count(),
        rows.len()
    );
}

/// Erratum E1, minimal counterexample: d = 1, A = 4 (sigma = 8, lambda2 = 0),
/// z = -3 (lambda1 = 0, so s = 3), lambda21 = 1. Corrected: ||A^{-1/2}s|| = 3/2 > 1,
/// x = (1 - 2/3) * 3/8 = 1/8, F = -3/8 + 4/64 + 2/8 = -1/16. Printed:
/// ||A^{-1}s|| = 3/4 <= 1 zeroes the group, F = 0. All values exact in binary.
#[test]
fn erratum_e1_printed_thm1_minimal_counterexample() {
    let inst = Instance::new(
        vec![-3.0],
        vec![8.0],
        Penalty::new(0.0, 1.0, 0.0).unwrap(),
        Groups::single(1).unwrap(),
    )
    .unwrap();
    let x_cf = closed_form(&inst, Threshold::STildeExact).unwrap();
    let x_pr = closed_form(&inst, Threshold::STildePrinted).unwrap();
    assert_eq!(x_cf, vec![0.125]);
    assert_eq!(x_pr, vec![0.0]);
    assert_eq!(objective(&inst, &x_cf), -0.0625);
    assert_eq!(objective(&inst, &x_pr), 0.0);
    // By hand: F(x) = -3x + 4x^2 + 2|x|; for x > 0, F' = -1 + 8x = 0 at 1/8.
    let f = |x: f64| -3.0 * x + 4.0 * x * x + 2.0 * x.abs();
    assert_eq!(f(0.125), -0.0625);
    // The solver agrees with the corrected form and refutes the printed one.
    let sol = solve(&inst).unwrap();
    // x to ~1e-6 (interior-point accuracy near a kink; see CRATE-NOTES);
    // the objective to its gap tolerance.
    assert!((sol.x[0] - 0.125).abs() < 1e-6, "solver x = {}", sol.x[0]);
    assert!(objective(&inst, &sol.x) < -0.0625 + 1e-8);
    assert!(objective(&inst, &sol.x) < objective(&inst, &x_pr) - 0.06);
    let cert = certificate(&inst, &x_pr);
    assert!(cert.scaled_residual > 0.1, "printed form passes KKT?");
}

/// The printed Theorem 1 is strictly worse than the solver on many random
/// instances (not just the hand-made one).
#[test]
fn erratum_e1_printed_thm1_loses_to_solver_on_random_instances() {
    let n_cases = cases(48) as u64;
    let mut worse = 0;
    let mut worst = 0.0f64;
    for seed in 0..n_cases {
        let inst = instance(5_000 + seed, 6, 32);
        let x_pr = closed_form(&inst, Threshold::STildePrinted).unwrap();
        let sol = solve(&inst).unwrap();
        let excess = objective(&inst, &x_pr) - objective(&inst, &sol.x);
        if excess
            > solver_slack(&inst, &sol) + round_bound(&inst, &x_pr) + round_bound(&inst, &sol.x)
        {
            worse += 1;
            worst = worst.max(excess);
        }
    }
    eprintln!("printed Thm1 strictly worse than clarabel on {worse}/{n_cases} instances (max excess {worst:e})");
    assert!(worse > 0);
}

/// No minimiser: lambda2 = 0, sigma_1 = 0 and |z_1| > lambda1: the solver
/// reports dual infeasibility and every closed form the typed error.
#[test]
fn no_minimiser_dual_infeasible_and_typed_error() {
    let inst = Instance::new(
        vec![0.5, -2.0, 1.0],
        vec![1.0, 0.0, 2.0],
        Penalty::new(1.0, 0.3, 0.0).unwrap(),
        Groups::from_sizes(&[1, 2]).unwrap(),
    )
    .unwrap();
    match solve(&inst) {
        Err(SglError::Unbounded(m)) => assert!(m.contains("DualInfeasible"), "{m}"),
        other => panic!("expected dual infeasibility, got {other:?}"),
    }
    for kind in METHODS {
        assert_eq!(
            closed_form(&inst, kind),
            Err(SglError::NoMinimiser { step: 0, coord: 1 })
        );
    }
    // |z| <= lambda1 at the zero-curvature coordinate: a minimiser exists,
    // x_1 = 0, and the certificate proves it.
    let ok = Instance::new(
        vec![0.5, -0.7, 3.0],
        vec![1.0, 0.0, 2.0],
        inst.penalty,
        inst.groups.clone(),
    )
    .unwrap();
    let x = closed_form(&ok, Threshold::STildeExact).unwrap();
    assert_eq!(x[1], 0.0);
    let cert = certificate(&ok, &x);
    assert!(cert.scaled_residual <= 1e-12);
    assert!(x.iter().all(|v| v.is_finite()));
}

/// The objective's Psi_t agrees with `Penalty::value` of the core (two
/// independent transcriptions of Eq. (5)).
#[test]
fn psi_matches_core_penalty() {
    for seed in 0..16 {
        let inst = instance(9_000 + seed, 5, 9);
        let x: Vec<f64> = inst.z.iter().map(|z| 0.3 * z - 0.1).collect();
        let a = inst.a_diag();
        let p1 = psi(&inst.penalty, &inst.groups, &inst.sigma, &x);
        let p2 = inst.penalty.value(&inst.groups, &a, &x);
        // Identical formula, same summation order: equal to a few ULPs.
        assert!(
            (p1 - p2).abs() <= 8.0 * f64::EPSILON * (1.0 + p1.abs()),
            "{p1} vs {p2}"
        );
    }
}

/// Erratum E1b: with the printed box `[-1,1]^d` as the subdifferential of
/// `||.||_2` at 0, y = 0 would satisfy Eq. (30) for s~ = (1, 1), c = 1.2;
/// but Eq. (29) has a strictly negative value at the case-b) point.
#[test]
fn erratum_e1b_box_subdifferential_admits_non_minimiser() {
    let s = [1.0f64, 1.0];
    let c = 1.2f64;
    let xi = [s[0] / c, s[1] / c];
    assert!(
        xi.iter().all(|v| v.abs() <= 1.0),
        "xi lies in the printed box"
    );
    let norm = (s[0] * s[0] + s[1] * s[1]).sqrt();
    assert!(norm > c, "but not in the unit ball: y = 0 is not optimal");
    let f29 = |y: [f64; 2]| {
        let ny = (y[0] * y[0] + y[1] * y[1]).sqrt();
        -(s[0] * y[0] + s[1] * y[1]) + c * ny + ny * ny
    };
    let k = 0.5 * (1.0 - c / norm);
    let y = [k * s[0], k * s[1]];
    let expected = -(norm - c).powi(2) / 4.0;
    // both are a few flops on O(1) numbers: 1e-15 absolute covers the rounding.
    assert!((f29(y) - expected).abs() < 1e-15);
    assert!(f29(y) < f29([0.0, 0.0]) - 0.01);
    // The same as an Eq. (6) instance (A = I, lambda1 = 0, z = -s, d = 2,
    // lambda21 = c / sqrt 2): the closed form and the solver both give y != 0.
    let inst = Instance::new(
        vec![-1.0, -1.0],
        vec![2.0, 2.0],
        Penalty::new(0.0, c / 2f64.sqrt(), 0.0).unwrap(),
        Groups::single(2).unwrap(),
    )
    .unwrap();
    let x = closed_form(&inst, Threshold::STildeExact).unwrap();
    assert!(x[0] > 0.0 && (objective(&inst, &x) - expected).abs() < 1e-15);
    let sol = solve(&inst).unwrap();
    assert!(objective(&inst, &sol.x) < -0.01);
}

/// The instance on which clarabel stopped with `InsufficientProgress`
/// (primal -29661962.2, dual -29664025.2: relative gap 7e-5, above the 5e-5
/// we accept) in a CI run, back when this file's proptest was unseeded. The
/// solver's refusal must be a typed error (never a number), and the closed
/// form must still carry a valid KKT certificate. Should clarabel converge
/// on another platform, the three witnesses must then agree.
#[test]
fn solver_refusal_is_a_typed_error_and_the_closed_form_still_certifies() {
    let inst = instance(17_515_236_970_992_375_070, 6, 32);
    let x_cf = closed_form(&inst, Threshold::STildeExact).unwrap();
    check_certificate(&inst, &x_cf);
    match solve(&inst) {
        Err(SglError::Solver(msg)) => {
            eprintln!("refused, as recorded: {msg}");
            assert!(
                msg.contains("not an accepted solution") || msg.contains("no certified minimiser"),
                "{msg}"
            );
        }
        Ok(_) => {
            eprintln!("clarabel converged here; checking all three witnesses");
            assert!(check_three_witnesses(&inst).is_some());
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// How often the solver refuses: at most 1 in 16 of the seeded instances
/// (measured: 0 of 48 and 0 of 1000 with `PROPTEST_CASES=1000`; the one
/// refusal seen, above, came from a full-range random seed).
#[test]
fn solver_refusals_are_rare() {
    let n = cases(48) as u64;
    let mut refused = 0;
    for seed in 0..n {
        let inst = instance(50_000 + seed, 6, 32);
        let x_cf = closed_form(&inst, Threshold::STildeExact).unwrap();
        check_certificate(&inst, &x_cf);
        if let Err(SglError::Solver(_)) = solve(&inst) {
            refused += 1;
        }
    }
    eprintln!("solver refused {refused} of {n} instances");
    assert!(16 * refused <= n, "solver refused {refused} of {n}");
}

/// Issue 14, item 5: the solver path (scaled conic solve, Newton polish on
/// its support, KKT acceptance) confirms Theorem 1 to 1e-9 relative on every
/// instance it certifies, including groups within 0.1% of their threshold.
///
/// The family: seeded instances of `eq6_common::instance`, with lambda21 set
/// so that one group sits at (1 - 1e-3) or (1 + 1e-3) times its corrected
/// threshold `||A^{-1/2} s^g|| / sqrt(d_g)` (alternating), never at an exact
/// tie (there the minimiser is 0 up to the rounding of lambda21 itself, and
/// a relative distance between two points of size 1e-16 says nothing).
/// Measured: worst relative distance and the number certified are printed.
#[test]
fn solver_path_confirms_theorem1_near_thresholds() {
    use sgl_oracle::eq6::relative_distance;
    let n_inst = cases(48) as u64;
    let (mut certified, mut worst, mut near) = (0u64, 0.0f64, 0u64);
    for seed in 0..n_inst {
        let base = instance(70_000 + seed, 6, 32);
        let a = base.a_diag();
        let g = (seed as usize) % base.groups.len();
        let mut sq = 0.0;
        for &i in base.groups.members(g) {
            let s = eq6_common::soft(base.z[i], base.penalty.lambda1);
            sq += s * s / a[i];
        }
        let inst = if sq > 0.0 {
            near += 1;
            let rel = if seed % 2 == 0 {
                1.0 - 1e-3
            } else {
                1.0 + 1e-3
            };
            let l21 = rel * sq.sqrt() / base.groups.sqrt_size(g);
            let p = Penalty::new(base.penalty.lambda1, l21, base.penalty.lambda2).unwrap();
            Instance::new(base.z.clone(), base.sigma.clone(), p, base.groups.clone()).unwrap()
        } else {
            base
        };
        let x_cf = closed_form(&inst, Threshold::STildeExact).unwrap();
        match solve(&inst) {
            Ok(sol) => {
                certified += 1;
                assert!(sol.kkt_scaled_residual <= sgl_oracle::eq6::ACCEPT_KKT);
                let d = relative_distance(&sol.x, &x_cf);
                worst = worst.max(d);
                assert!(d <= 1e-9, "seed {seed}: solver vs closed form {d:e}");
            }
            Err(SglError::Solver(m)) => eprintln!("seed {seed}: not certified: {m}"),
            Err(e) => panic!("seed {seed}: {e}"),
        }
    }
    eprintln!(
        "solver path: {certified} of {n_inst} certified ({near} with a group within 0.1% of its threshold), worst relative distance {worst:e}"
    );
    // The target is on certified instances; refusals stay rare (<= 1 in 16).
    assert!(16 * (n_inst - certified) <= n_inst);
}
