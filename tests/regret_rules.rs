//! Rules outside (or at the edge of) Section 3's premises: Algorithm 1 with
//! `Threshold::S`, Momentum (gamma > 0, (12) needed) and Adam (beta2 < 1, Q_t
//! can be negative). Reports premise flags and whether Eq. (14) (corrected,
//! E9a) and Eq. (20) still held; plus the growth slope of log R_T vs log T.
//! Horizon `SGL_REGRET_T` (default 500).

use num_rational::BigRational;
use sgl_oracle::algorithm1::Threshold;
use sgl_oracle::groups::Groups;
use sgl_oracle::objectives::{LinearProblem, ObjectiveKind};
use sgl_oracle::penalty::Penalty;
use sgl_oracle::regret::bounds::bounds;
use sgl_oracle::regret::comparator::comparator;
use sgl_oracle::regret::premises::Premises;
use sgl_oracle::regret::record::record;
use sgl_oracle::rules::{Adagrad, AdagradForm, AnyRule, Momentum, RuleSpec};

fn horizon() -> usize {
    std::env::var("SGL_REGRET_T")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500)
}

fn spec(name: &str) -> (RuleSpec, f64, f64) {
    // (rule, gamma of (13), eta of (15))
    match name {
        "momentum" => (
            RuleSpec::Momentum {
                alpha: 0.05,
                gamma: 0.9,
            },
            0.9,
            1.0,
        ),
        "adam" => (
            serde_json::from_str(
                r#"{"kind":"adam","alpha":0.05,"beta1":0.9,"beta2":0.999,"eps":1e-8}"#,
            )
            .unwrap(),
            0.9,
            0.999,
        ),
        _ => (
            RuleSpec::Adagrad {
                alpha: 1.0,
                eps: 0.0,
                form: AdagradForm::PaperAlg3,
            },
            0.0,
            1.0,
        ),
    }
}

#[test]
fn rules_outside_premises_report() {
    let t_max = horizon();
    let n = 4;
    let mut adam_q_negative = false;
    let mut momentum_cond12_fails = false;
    let mut momentum_abs_eq14_fails = false;
    for kind in [
        ObjectiveKind::LeastSquares,
        ObjectiveKind::Logistic,
        ObjectiveKind::Absolute,
    ] {
        for (name, th) in [
            ("adagrad", Threshold::S),
            ("momentum", Threshold::STildeExact),
            ("adam", Threshold::STildeExact),
        ] {
            let (rs, gamma, eta) = spec(name);
            let p = LinearProblem::synthetic(kind, n, t_max, 2, 7).unwrap();
            let rule: AnyRule = rs.build(n).unwrap();
            let pen = Penalty::new(1e-3, 1e-3, 1e-3).unwrap();
            let run = record(
                &p,
                t_max,
                rule,
                Groups::from_sizes(&[2, 2]).unwrap(),
                pen,
                th,
                &[0.5; 4],
                |_| {},
            )
            .unwrap();
            let mut pts = vec![];
            for t in [t_max / 8, t_max / 4, t_max / 2, t_max] {
                let Ok(c) = comparator(&p, t) else { continue };
                let b = bounds(&run, t, &c.x, c.value, gamma, eta);
                let pr = Premises::measure(&run, t, &c.x, &b);
                if t == t_max {
                    eprintln!(
                        "{kind:?} {name} {th:?} T={t}: R={:.4} eq14c={:.4} eq20={:.4} cond12_min={:.3e} q_min={:.3e} sigma1_min={:.3} kappa={:.4} held14c={} held20={}",
                        b.regret, b.eq14_corrected, b.eq20, pr.cond12_min, pr.q_min, pr.sigma1_min, pr.kappa,
                        b.regret <= b.eq14_corrected, b.regret <= b.eq20
                    );
                }
                if name == "adam" && !pr.q_psd() {
                    adam_q_negative = true;
                }
                if name == "momentum"
                    && kind == ObjectiveKind::Absolute
                    && t == t_max
                    && b.regret > b.eq14_corrected
                {
                    momentum_abs_eq14_fails = true;
                }
                if name == "momentum" && !pr.cond12() {
                    momentum_cond12_fails = true;
                }
                if b.regret > 0.0 {
                    pts.push(((t as f64).ln(), b.regret.ln()));
                }
            }
            if pts.len() >= 2 {
                let k = pts.len() as f64;
                let mx = pts.iter().map(|p| p.0).sum::<f64>() / k;
                let my = pts.iter().map(|p| p.1).sum::<f64>() / k;
                let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
                let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
                eprintln!(
                    "  slope log R_T / log T ({kind:?} {name}): {:.3}",
                    sxy / sxx
                );
            }
        }
    }
    // Facts about the premises (measured, independent of whether the bound held):
    assert!(
        momentum_cond12_fails,
        "condition (12) fails for Momentum on these problems"
    );
    // Outside the premises ((12) fails) even the corrected (14) can fail: measured
    // at T = 500, seed 7, absolute loss: R = 140.6 > 115.9 (docs/src/section3.md);
    // at T = 10^4: R = 2386 > 1502.
    if t_max == 500 || t_max == 10_000 {
        assert!(
            momentum_abs_eq14_fails,
            "Momentum counterexample to (14) reproduced"
        );
    }
    assert!(
        adam_q_negative,
        "Adam with beta2 < 1 produces a negative Q_t"
    );
}

/// Adagrad itself: `Q_t PSD` always (accumulating V), but `kappa V_t >= V_{t-1}`
/// with kappa < 1 is impossible for eta = 1 once a coordinate gets g = 0, and
/// for bounded g it forces V_t >= V_1 kappa^{-(t-1)} (exponential growth),
/// contradicting `V_t <= t G^2`: case 2 of [Lem1] can hold only for
/// t <= 1 + ln(t G^2 / V_1)/ln(1/kappa).
#[test]
fn lemma1_case2_kappa_cannot_stay_below_one() {
    let n = 2;
    let p = LinearProblem::synthetic(ObjectiveKind::LeastSquares, n, 400, 1, 3).unwrap();
    let rule = Adagrad::new(n, 1.0, 0.0, AdagradForm::PaperAlg3).unwrap();
    let run = record(
        &p,
        400,
        rule,
        Groups::singletons(n).unwrap(),
        Penalty::none(),
        Threshold::STildeExact,
        &[0.0; 2],
        |_| {},
    )
    .unwrap();
    let c = comparator(&p, 400).unwrap();
    let b = bounds(&run, 400, &c.x, c.value, 0.0, 1.0);
    // kappa_measured = max V_{t-1}/V_t -> 1 as t grows (V_t ~ t): the last ratio
    // alone is >= 1 - G^2/V_T.
    assert!(b.measured.kappa > 0.99, "kappa = {}", b.measured.kappa);
}

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

/// Minimal exact Momentum counterexample to Eq. (14) (also to the E9a-corrected
/// form), found by an exhaustive search over T <= 5, n = 1, b_t in
/// {-2, -3/2, ..., 2}, alpha in {1/2, 1, 2}, gamma in {1/2, 9/10} (least squares and
/// absolute loss; T = 1 has none, T = 2 is the smallest): least squares
/// f_t(x) = (x - b_t)^2/2, b = (-1/2, 0), x_1 = c = 0, lambda = 0, Momentum
/// alpha = 1, gamma = 9/10 (V_t = I, so Q_1/alpha = I and Q_t = 0 for t >= 2;
/// the exact minimiser of (6) is x_{t+1} = x_1 - alpha sum_{s<=t} m_s).
/// Condition (12) fails at t = 2: <m_1, x_2 - x*> = -1/8.
#[test]
fn momentum_counterexample_exact() {
    let (alpha, gamma) = (q(1, 1), q(9, 10));
    let b = [q(-1, 2), q(0, 1)];
    let x1 = q(0, 1);
    let g1 = &x1 - &b[0]; // 1/2
    let m1 = g1.clone();
    let x2 = &x1 - &alpha * &m1; // -1/2
    let g2 = &x2 - &b[1]; // -1/2
    let m2 = &gamma * &m1 + &g2; // -1/20
    let x_star = (&b[0] + &b[1]) / q(2, 1); // -1/4 (unique minimiser)
    let f = |x: &BigRational, bt: &BigRational| (x - bt) * (x - bt) / q(2, 1);
    let regret = f(&x1, &b[0]) + f(&x2, &b[1]) - f(&x_star, &b[0]) - f(&x_star, &b[1]);
    assert_eq!(regret, q(3, 16));
    // h_2(x*) = (1/(2 alpha)) (x* - x_1)^2 (Q_2 = 0); t = 1 dual term with
    // (Q_1/alpha)^{-1} = alpha (E9a-corrected; equals Theorem 3's ||.||_2 here since
    // alpha = 1); t = 2 with sigma_1^{-1} = alpha.
    let h = (&x_star - &x1) * (&x_star - &x1) / (q(2, 1) * &alpha);
    let rhs = h + &alpha * (&m1 * &m1 + &m2 * &m2) / q(2, 1);
    assert_eq!(rhs, q(63, 400));
    assert!(regret > rhs, "(14) fails: 3/16 > 63/400");
    let c12 = &m1 * (&x2 - &x_star);
    assert_eq!(c12, q(-1, 8), "(12) fails at t = 2");

    // The same instance through the f64 pipeline.
    let p = LinearProblem {
        kind: ObjectiveKind::LeastSquares,
        a: vec![vec![1.0], vec![1.0]],
        b: vec![-0.5, 0.0],
    };
    let run = record(
        &p,
        2,
        Momentum::new(1, 1.0, 0.9).unwrap(),
        Groups::single(1).unwrap(),
        Penalty::none(),
        Threshold::STildeExact,
        &[0.0],
        |_| {},
    )
    .unwrap();
    assert_eq!(run.rounds[1].x_t, vec![-0.5]);
    let c = comparator(&p, 2).unwrap();
    let bd = bounds(&run, 2, &c.x, c.value, 0.9, 1.0);
    let pr = Premises::measure(&run, 2, &c.x, &bd);
    // Dyadic except gamma = 0.9 (one rounding in m_2) and x* from an SVD solve:
    // 1e-15 absolute on O(0.1) quantities.
    assert!((bd.regret - 3.0 / 16.0).abs() < 1e-15);
    assert!((bd.eq14_corrected - 63.0 / 400.0).abs() < 1e-15);
    assert!((bd.eq14_thm3 - 63.0 / 400.0).abs() < 1e-15);
    assert!(bd.regret > bd.eq14_corrected && !pr.cond12() && pr.q_psd());
    assert!(bd.regret <= bd.eq20, "Eq. (20) holds: {}", bd.eq20);

    // Absolute loss, T = 2: f_t(x) = |x - b_t|, b = (-1/2, 0), alpha = 1,
    // gamma = 1/2: g = (1, -1), m = (1, -1/2), x_2 = -1. Minimisers x* in
    // [-1/2, 0] (not unique): R = 3/2 - 1/2 = 1 and (14) = x*^2/2 + (1/2)(1 + 1/4)
    // <= 1/8 + 5/8 = 3/4 < 1 for every minimiser; (12): m_1 (x_2 - x*) = -1 - x* < 0.
    let (m1, m2) = (q(1, 1), q(1, 2) * q(1, 1) - q(1, 1));
    assert_eq!(m2, q(-1, 2));
    let regret = q(1, 2) + q(1, 1) - q(1, 2);
    for xs in [q(-1, 2), q(-1, 4), q(0, 1)] {
        let rhs = &xs * &xs / q(2, 1) + (&m1 * &m1 + &m2 * &m2) / q(2, 1);
        assert!(rhs <= q(3, 4) && regret > rhs);
        assert!(&m1 * (q(-1, 1) - &xs) < q(0, 1));
    }
    let p = LinearProblem {
        kind: ObjectiveKind::Absolute,
        a: vec![vec![1.0], vec![1.0]],
        b: vec![-0.5, 0.0],
    };
    let run = record(
        &p,
        2,
        Momentum::new(1, 1.0, 0.5).unwrap(),
        Groups::single(1).unwrap(),
        Penalty::none(),
        Threshold::STildeExact,
        &[0.0],
        |_| {},
    )
    .unwrap();
    assert_eq!(run.rounds[1].x_t, vec![-1.0]);
    let c = comparator(&p, 2).unwrap();
    let bd = bounds(&run, 2, &c.x, c.value, 0.5, 1.0);
    // LP comparator: value within its certified gap of 1/2.
    assert!((bd.regret - 1.0).abs() <= c.gap + 1e-9);
    assert!(bd.regret > bd.eq14_corrected + c.gap);
}

/// Adam (PaperV1 form, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) outside the
/// premises: an exhaustive search over n = 1, T <= 5, least squares and
/// absolute loss, b_t in {-1, -1/2, 0, 1/2, 1}, alpha in {1/2, 1}, x_1 = 0, for
/// the smallest T at which R_T exceeds the E9a-corrected (14), first with any
/// Q_t, then requiring min Q_t/alpha_t < -1e-3. Measured: T = 2 (least
/// squares, b = (1/2, -1), alpha = 1/2, Q_t >= 0, (12) fails; exact version in
/// `adam_counterexample_exact_eps0`) and T = 3 with Q_t < 0 (b = (-1/2, 0, -1),
/// alpha = 1: R = 0.4420 > 0.4331, min Q/alpha = -0.111). Done in f64. Error
/// analysis: every quantity is a sum of <= 2T = 10 terms of magnitude <= 10,
/// each from <= 10 correctly rounded operations, so absolute errors are below
/// 10 * 10 * 10 * 2^-52 ~ 2e-13; the required margin is 1e-6 (measured margins
/// 0.031 and 0.009), and the comparator's certified gap is added.
#[test]
fn adam_small_counterexample_f64() {
    let vals = [-1.0, -0.5, 0.0, 0.5, 1.0];
    for need_q_neg in [false, true] {
        let mut best: Option<(usize, String, f64, f64, f64, f64)> = None;
        'outer: for t in 1..=5usize {
            for kind in [ObjectiveKind::LeastSquares, ObjectiveKind::Absolute] {
                for idx in 0..vals.len().pow(t as u32) {
                    let mut k = idx;
                    let b: Vec<f64> = (0..t)
                        .map(|_| {
                            let v = vals[k % vals.len()];
                            k /= vals.len();
                            v
                        })
                        .collect();
                    for alpha in [0.5, 1.0] {
                        let p = LinearProblem {
                            kind,
                            a: vec![vec![1.0]; t],
                            b: b.clone(),
                        };
                        let spec: RuleSpec = serde_json::from_str(&format!(
                        r#"{{"kind":"adam","alpha":{alpha},"beta1":0.9,"beta2":0.999,"eps":1e-8}}"#
                    ))
                    .unwrap();
                        let rule: AnyRule = spec.build(1).unwrap();
                        let Ok(run) = record(
                            &p,
                            t,
                            rule,
                            Groups::single(1).unwrap(),
                            Penalty::none(),
                            Threshold::STildeExact,
                            &[0.0],
                            |_| {},
                        ) else {
                            continue;
                        };
                        let Ok(c) = comparator(&p, t) else { continue };
                        let bd = bounds(&run, t, &c.x, c.value, 0.9, 0.999);
                        let pr = Premises::measure(&run, t, &c.x, &bd);
                        if bd.regret > bd.eq14_corrected + c.gap + 1e-6
                            && (pr.q_min < -1e-3) == need_q_neg
                        {
                            best = Some((
                                t,
                                format!("{kind:?} b = {b:?} alpha = {alpha}"),
                                bd.regret,
                                bd.eq14_corrected,
                                pr.q_min,
                                pr.cond12_min,
                            ));
                            break 'outer;
                        }
                    }
                }
            }
        }
        eprintln!("Adam smallest counterexample to corrected (14), Q_t < 0 required: {need_q_neg}: {best:?}");
        let (t, _, r, b, _, _) = best.expect("a small Adam counterexample exists");
        assert!(t <= 5 && r > b);
    }
}

/// The T = 2 Adam instance found by `adam_small_counterexample_f64`, in exact
/// rationals with eps = 0 (PaperV1: m_t = m^_t/(1-beta1^t), V_t = V^_t/(1-beta2^t),
/// alpha_t = alpha): least squares, b = (1/2, -1), x_1 = 0, lambda = 0,
/// alpha = 1/2, beta1 = 9/10, beta2 = 999/1000. The one irrational quantity,
/// sqrt(V_2) with V_2 = 9999/7996, is enclosed in [1118/1000, 11183/10000]
/// (checked by squaring); (14)'s right-hand side increases with sqrt(V_2), so the
/// upper end gives an exact upper bound. Q_2 >= 0 here; (12) fails.
#[test]
fn adam_counterexample_exact_eps0() {
    let (alpha, b1, b2) = (q(1, 2), q(9, 10), q(999, 1000));
    let one = q(1, 1);
    let b = [q(1, 2), q(-1, 1)];
    let x1 = q(0, 1);
    let g1 = &x1 - &b[0];
    let m1 = (&one - &b1) * &g1 / (&one - &b1);
    let v1 = (&one - &b2) * &g1 * &g1 / (&one - &b2);
    assert_eq!((m1.clone(), v1.clone()), (q(-1, 2), q(1, 4)));
    let sigma1 = q(1, 2) / &alpha; // sqrt(V_1) = 1/2
    assert_eq!(sigma1, one);
    let x2 = &x1 - &m1 / &sigma1; // exact minimiser of (6), lambda = 0
    assert_eq!(x2, q(1, 2));
    let g2 = &x2 - &b[1];
    let m2 = (&b1 * (&one - &b1) * &g1 + (&one - &b1) * &g2) / (&one - &b1 * &b1);
    assert_eq!(m2, q(21, 38));
    let v2 = (&b2 * (&one - &b2) * &g1 * &g1 + (&one - &b2) * &g2 * &g2) / (&one - &b2 * &b2);
    assert_eq!(v2, q(9999, 7996));
    let (lo, hi) = (q(1118, 1000), q(11183, 10000));
    assert!(&lo * &lo <= v2 && v2 <= &hi * &hi);
    let (s2_lo, s2_hi) = (&lo / &alpha, &hi / &alpha);
    assert!(s2_lo > sigma1, "Q_2 >= 0");
    let x_star = (&b[0] + &b[1]) / q(2, 1);
    assert_eq!(x_star, q(-1, 4));
    let f = |x: &BigRational, bt: &BigRational| (x - bt) * (x - bt) / q(2, 1);
    let regret = f(&x1, &b[0]) + f(&x2, &b[1]) - f(&x_star, &b[0]) - f(&x_star, &b[1]);
    assert_eq!(regret, q(11, 16));
    let two = q(2, 1);
    let d1 = &x_star - &x1;
    let d2 = &x_star - &x2;
    let rhs_hi = &sigma1 * &d1 * &d1 / &two
        + (&s2_hi - &sigma1) * &d2 * &d2 / &two
        + &m1 * &m1 / (&two * &sigma1) // t = 1: (Q_1/alpha)^{-1} = sigma_1^{-1} = 1 = ||.||_2
        + &m2 * &m2 / (&two * &sigma1); // t = 2: h_1^* = sigma_1^{-1}
    assert!(regret > rhs_hi, "(14) fails: 11/16 > {rhs_hi}");
    assert!(&m1 * (&x2 - &x_star) < q(0, 1), "(12) fails: -3/8");
}
