//! Errata found by the audit of both paper versions (issue 15): one test per
//! numbered claim of `docs/src/errata/E14..E19` and of the corrected
//! statements in `docs/src/section3.md`. Every expected value is computed by
//! hand in this file (exact rationals where the claim is an inequality), never
//! taken from the code under test.

use num_rational::BigRational;
use num_traits::{One, Zero};
use sgl_oracle::eq6::{objective, solve, Instance};
use sgl_oracle::printed::GroupAdagradPrinted;
use sgl_oracle::rules::{Adagrad, AdagradForm, Adam, AdamForm, AmsGrad, AmsGradForm};
use sgl_oracle::{Algorithm1, Groups, Penalty, Threshold};

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

/// E14 (v2, Appendix A, Eq. (26)): the per-coordinate objective with
/// `Phi(x_i) = lambda21 sqrt(d) ||(sigma_i + lambda2)^{1/2} x_i||_2 + ...` is a
/// weighted l1 penalty, not the group norm of Eq. (25). Minimal
/// counterexample: d = 4, A = I, lambda1 = 0, lambda21 = 1/2 (so
/// lambda21 sqrt(d) = 1), z = -(3/4) 1. Read literally, (26) is minimised by
/// x_i = 0 (|z_i| = 3/4 <= 1); the minimiser of (25) is x = (1/8) 1, with
/// objective -1/16 < 0.
#[test]
fn e14_appendix_a_eq26_separable_reading_is_not_eq25() {
    let groups = Groups::single(4).unwrap();
    let penalty = Penalty::new(0.0, 0.5, 0.0).unwrap();
    // sigma = sum Q/alpha = 2, so A = sigma/2 + lambda2 = 1.
    let inst = Instance::new(vec![-0.75; 4], vec![2.0; 4], penalty, groups).unwrap();

    // The literal (26): Omega(x_i) = z_i x_i + lambda1 |x_i| + c sqrt(a_i)|x_i| + a_i x_i^2
    // with c = 1, a_i = 1: -3/4 x + |x| + x^2 >= |x|/4 + x^2 > 0 for x != 0.
    let omega = |x: f64| -0.75 * x + x.abs() + x * x;
    for k in 1..=100 {
        let x = k as f64 / 100.0;
        assert!(omega(x) > 0.0 && omega(-x) > 0.0);
    }
    let x_separable = [0.0; 4];

    // Eq. (25) at the hand minimiser (1/8) 1 (Eq. (33): y = 1/2 (1 - 1/(3/2)) s, s = 3/4 1):
    // -3/8 + 4/64 + 1 * ||x|| = -3/8 + 1/16 + 1/4 = -1/16 (all exact in binary).
    let x_group = [0.125; 4];
    assert_eq!(objective(&inst, &x_group), -1.0 / 16.0);
    assert_eq!(objective(&inst, &x_separable), 0.0);

    // An independent witness: the conic solver finds the group minimiser.
    // Tolerance 1e-5: clarabel's x accuracy (CRATE-NOTES, "x only to ~1e-5 relative").
    let sol = solve(&inst).unwrap();
    for xi in &sol.x {
        assert!((xi - 0.125).abs() < 1e-5, "solver x = {:?}", sol.x);
    }
}

/// E14, second half: the l1 reduction (27) itself is right even when a group
/// mixes the cases of b) and c) (which the proof treats one at a time, "for all
/// i"): z = (2, -2, 1/2, 0), lambda1 = 1, A = I, lambda21 sqrt(d) = 1 gives
/// s = (-1, 1, 0, 0), ||s|| = sqrt 2 and x = (1/2)(1 - 1/sqrt 2) s.
#[test]
fn e14_l1_reduction_holds_for_a_group_mixing_the_cases() {
    let groups = Groups::single(4).unwrap();
    let penalty = Penalty::new(1.0, 0.5, 0.0).unwrap();
    let inst = Instance::new(vec![2.0, -2.0, 0.5, 0.0], vec![2.0; 4], penalty, groups).unwrap();
    let f = 0.5 * (1.0 - 1.0 / 2f64.sqrt());
    let hand = [-f, f, 0.0, 0.0];
    let sol = solve(&inst).unwrap();
    // 1e-5: clarabel's x accuracy (CRATE-NOTES).
    for (a, b) in sol.x.iter().zip(hand) {
        assert!((a - b).abs() < 1e-5, "solver {:?} vs hand {hand:?}", sol.x);
    }
    // The hand point is no worse than the solver's (up to 1e-12 rounding of a
    // sum of ~10 terms of size <= 2).
    assert!(objective(&inst, &hand) <= objective(&inst, &sol.x) + 1e-12);
}

/// E15 (v2, Algorithms 2 and 3, lines 14 and 11): the group threshold is
/// printed `\sqrt{d_{x_t} \lambda_{21}}` (lambda21 under the root), Algorithm 1
/// line 10 prints `\sqrt{d_{x_t}^g} \lambda_{21}`. One Group Adagrad step,
/// x_1 = 0, g_1 = (1/2) 1 (d = 4), eps = 0, alpha = 1, lambda21 = 1/4:
/// s = -g, ||s|| = 1; Algorithm 1's threshold sqrt(4)/4 = 1/2 keeps the group,
/// factor 1/2, x_2 = (1/(1/2)) (1/2)(-1/2) = -1/2; the v2 print's threshold
/// sqrt(4 * 1/4) = 1 >= ||s|| zeroes it.
#[test]
fn e15_v2_prints_lambda21_under_the_root() {
    let d = 4usize;
    let lambda21 = 0.25;
    let groups = Groups::single(d).unwrap();
    let penalty = Penalty::new(0.0, lambda21, 0.0).unwrap();
    let mut alg3 = GroupAdagradPrinted::new(1.0, 0.0, groups, penalty, &[0.0; 4]).unwrap();
    let x2 = alg3.step(&[0.5; 4]).unwrap().to_vec();
    assert_eq!(
        x2,
        vec![-0.5; 4],
        "crate reads line 11 as Algorithm 1's threshold"
    );

    let s_norm = 1.0;
    let alg1_threshold = (d as f64).sqrt() * lambda21;
    let v2_threshold = (d as f64 * lambda21).sqrt();
    assert_eq!(alg1_threshold, 0.5);
    assert_eq!(v2_threshold, 1.0);
    // The v2 print zeroes the group (max(1 - 1/1, 0) = 0); Algorithm 1 does not.
    assert!(s_norm <= v2_threshold && s_norm > alg1_threshold);

    // The two agree only for lambda21 in {0, 1}; at the paper's own values
    // (Table 9 of v2: 1e-4 ... 2.5e-2) the printed threshold is 1/sqrt(lambda21)
    // = 100 ... 6.3 times Algorithm 1's.
    for l in [1e-4, 2.5e-2] {
        let ratio = (d as f64 * l).sqrt() / ((d as f64).sqrt() * l);
        // 1e-12 relative: two roots and a division, a few ULPs.
        assert!((ratio - 1.0 / l.sqrt()).abs() < 1e-12 * ratio);
        assert!(ratio > 6.0);
    }
}

/// E16 (v1, Section 4.4): "using s~_t means that replacing ||s~_t|| with
/// ||s_t|| in line 10 of Algorithm 1". Line 10 contains ||s_t||, so the
/// sentence read as written leaves Algorithm 1 unchanged; the comparison of
/// Figure 2 needs the opposite replacement, and the two thresholds do give
/// different iterates. One Group Adagrad step (alpha = 1, eps = 0, x_1 = 0,
/// g = (1/2) 1, d = 4, lambda21 = 1, so c = 2): sigma = 1/2, A = 1/4,
/// ||s|| = 1 <= 2 zeroes the group; ||A^{-1} s|| = 4 > 2 keeps it with factor
/// 1/2, x = (1/(1/2)) (1/2) (-1/2) = -1/2.
#[test]
fn e16_v1_section_4_4_replacement_direction_matters() {
    let run = |threshold: Threshold| {
        let rule = Adagrad::new(4, 1.0, 0.0, AdagradForm::PaperAlg3).unwrap();
        let groups = Groups::single(4).unwrap();
        let penalty = Penalty::new(0.0, 1.0, 0.0).unwrap();
        let mut alg = Algorithm1::new(rule, groups, penalty, threshold, &[0.0; 4]).unwrap();
        alg.step(&[0.5; 4]).unwrap().to_vec()
    };
    assert_eq!(run(Threshold::S), vec![0.0; 4]);
    assert_eq!(run(Threshold::STildePrinted), vec![-0.5; 4]);
}

/// E17 (v2, Section 3, Lemma 2 vs Theorem 3): the sum that Theorem 3 bounds
/// the regret with, in Theorem 3's own norms (h_t 1-strongly convex w.r.t.
/// ||.||_{sqrt(V_t)/alpha_t}, so ||m_t||^2_{h*_{t-1}} = alpha m_t^2/sqrt(V_{t-1})),
/// exceeds Lemma 2's right-hand side, so Corollary 1 does not follow from
/// Theorem 3 and Lemma 2. Adagrad (gamma = 0, eta = 1, nu = 0), alpha = 1,
/// d = 1, T = 2, g = (1/4, 1):
/// - Theorem 3, t = 2 term: 1/sqrt(V_1) = 4; t = 1 term, corrected (E9a):
///   alpha m_1^2/Q_1 = (1/16)/(1/4) = 1/4; printed: ||m_1||_2^2 = 1/16.
/// - Lemma 2's RHS: 2 alpha/(1 - nu) ||M_2|| = 2 sqrt(17/16) = sqrt(17)/2.
/// - Lemma 2's LHS (delta = 1): (1/16)/sqrt 2 + 1/sqrt(17/16) < sqrt(17)/2 (it holds).
#[test]
fn e17_theorem3_norms_are_not_bounded_by_lemma2() {
    let g1 = q(1, 4);
    let g2 = q(1, 1);
    let v1 = g1.clone() * g1.clone(); // V_1 = g_1^2, sqrt(V_1) = 1/4
    let sqrt_v1 = q(1, 4);
    assert_eq!(sqrt_v1.clone() * sqrt_v1.clone(), v1);
    let thm3_t2 = g2.clone() * g2.clone() / sqrt_v1.clone();
    let thm3_t1_corrected = g1.clone() * g1.clone() / sqrt_v1.clone();
    let thm3_t1_printed = g1.clone() * g1.clone();
    assert_eq!(thm3_t2, q(4, 1));
    // Lemma 2's RHS squared: (2 ||M_2||)^2 = 4 (g1^2 + g2^2) = 17/4.
    let rhs_sq = q(4, 1) * (g1.clone() * g1.clone() + g2.clone() * g2.clone());
    assert_eq!(rhs_sq, q(17, 4));
    for lhs in [
        thm3_t1_corrected + thm3_t2.clone(),
        thm3_t1_printed + thm3_t2,
    ] {
        assert!(lhs > BigRational::zero());
        assert!(
            lhs.clone() * lhs > rhs_sq,
            "Theorem 3's sum must exceed (19)'s RHS"
        );
    }
    // Lemma 2's own LHS stays below: bound each root from below by a rational
    // (sqrt 2 > 7/5, sqrt(17/16) > 1) so the LHS is < (1/16)(5/7) + 1 < 17/16 + ...
    let lhs_upper = q(1, 16) * q(5, 7) + q(1, 1);
    assert!(lhs_upper.clone() * lhs_upper < rhs_sq);
    // And no constant repairs it: with g = (e, 1) the Theorem 3 term is 1/e while
    // the RHS stays below 2 sqrt(1 + e^2) <= 2 sqrt 2 for e <= 1.
    let e = q(1, 1000);
    let t2 = BigRational::one() / e.clone();
    assert!(t2.clone() * t2 > q(8, 1));
}

/// Section 3 page, Eq. (18) (v2): (18) compares alpha_1 (delta^2+1)^{-1/2} m_1^2
/// with alpha_1 m_1^2/|g_1| (V_1 = g_1^2), so it holds iff
/// g_1^2 <= delta^2 + 1. The earlier note "even delta >= |g_1| - 1 would do"
/// is false for |g_1| > 1: g_1 = 3, delta = 2 gives 9 > 5.
#[test]
fn section3_eq18_holds_iff_g1_squared_at_most_delta_squared_plus_one() {
    // Compare squares of the weights: (delta^2+1)^{-1} vs g_1^{-2}.
    let holds = |g1: i64, delta_sq: i64| q(1, delta_sq + 1) <= q(1, g1 * g1);
    // delta = 2 >= |g_1| - 1 = 2, yet (18) fails: 1/5 > 1/9.
    assert!(!holds(3, 4));
    // The real condition g_1^2 <= delta^2 + 1: delta^2 = 8 gives equality.
    assert!(holds(3, 8));
    assert!(!holds(3, 7));
    // delta >= |g_1| (Lemma 2's premise) always suffices.
    for g in 0..20 {
        assert!(holds(g.max(1), g.max(1) * g.max(1)));
    }
}

/// E19 (v1 and v2, Section 1.3, Eq. (5)): "A_t can be arbitrary positive
/// matrix satisfying A_{t+1} >= A_t"; Section 2.1's A_t, which equals
/// sqrt(V_t)/(2 alpha_t) + lambda2 I, breaks it for Adam (V_t
/// decays when g_t = 0) and for Table-1 AMSGrad, whose V_t is constant when
/// g_t = 0 but whose alpha_t = alpha sqrt(1-beta2^t)/(1-beta1^t) grows.
#[test]
fn e19_eq5_monotone_a_t_fails_for_adam_and_table1_amsgrad() {
    let (b1, b2) = (0.9f64, 0.999f64);
    let alpha_t = |t: i32| (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
    // Hand: alpha_t decreases for t = 1..=k and increases afterwards; find the
    // first increase.
    let first_increase = (2..200).find(|&t| alpha_t(t) > alpha_t(t - 1)).unwrap();

    type Step = Box<dyn FnMut(&[f64]) -> Vec<f64>>;
    let sigmas = |mut step: Step| {
        let mut out = vec![step(&[1.0])];
        for _ in 1..200 {
            out.push(step(&[0.0]));
        }
        out
    };
    // Table-1 AMSGrad: V_t = max(V_{t-1}, b2 V_{t-1} + (1-b2) g_t^2) stays 1 - b2.
    let rule = AmsGrad::new(1, 1.0, b1, b2, 0.0, AmsGradForm::Table1).unwrap();
    let mut ams = Algorithm1::new(
        rule,
        Groups::singletons(1).unwrap(),
        Penalty::none(),
        Threshold::S,
        &[1.0],
    )
    .unwrap();
    let s_ams = sigmas(Box::new(move |g| {
        ams.step(g).unwrap();
        ams.sigma().to_vec()
    }));
    // sigma_t = sqrt(V_t)/alpha_t: its first decrease is where alpha_t first grows.
    let first_drop = (1..s_ams.len())
        .find(|&k| s_ams[k][0] < s_ams[k - 1][0])
        .map(|k| k as i32 + 1)
        .unwrap();
    assert_eq!(first_drop, first_increase);
    // Each later sigma is sqrt(1-b2)/alpha_t (hand), to 1e-12 relative (a root,
    // a power and a division per value).
    for (k, s) in s_ams.iter().enumerate() {
        let hand = (1.0 - b2).sqrt() / alpha_t(k as i32 + 1);
        assert!((s[0] - hand).abs() < 1e-12 * hand, "t = {}", k + 1);
    }

    // Adam (Table 1 row, eps = 0): V_2 = b2 V_1 < V_1 and alpha_2 < alpha_1 ...
    // the product still drops by t = first_increase at the latest: V_t = b2^{t-1} (1-b2).
    let rule = Adam::new(1, 1.0, b1, b2, 0.0, AdamForm::Table1).unwrap();
    let mut adam = Algorithm1::new(
        rule,
        Groups::singletons(1).unwrap(),
        Penalty::none(),
        Threshold::S,
        &[1.0],
    )
    .unwrap();
    let s_adam = sigmas(Box::new(move |g| {
        adam.step(g).unwrap();
        adam.sigma().to_vec()
    }));
    let drops = (1..s_adam.len())
        .filter(|&k| s_adam[k][0] < s_adam[k - 1][0])
        .count();
    assert!(drops > 100, "Adam's A_t decreases on {drops} of 199 steps");
}

/// E18 (v1 and v2, Eq. (8), Algorithm 1 line 10): the printed threshold uses
/// ||s_t||_2 (all entries); the derivation (v2, Appendix A) is per group. Two
/// groups of size 1, Adagrad, alpha = 1, eps = 0, x_1 = 0, lambda21 = 1,
/// g = (4, 1/2): per group x_2 = (1/4)(3/4)(-4), 0) = (-3/4, 0); the
/// whole-vector reading keeps the second group: -(1 - 2/sqrt 65) != 0.
#[test]
fn e18_threshold_is_per_group() {
    let rule = Adagrad::new(2, 1.0, 0.0, AdagradForm::PaperAlg3).unwrap();
    let groups = Groups::singletons(2).unwrap();
    let penalty = Penalty::new(0.0, 1.0, 0.0).unwrap();
    let mut alg = Algorithm1::new(rule, groups, penalty, Threshold::S, &[0.0, 0.0]).unwrap();
    let x2 = alg.step(&[4.0, 0.5]).unwrap().to_vec();
    assert_eq!(x2, vec![-0.75, 0.0]);

    // The whole-vector reading, by hand: one factor from ||s|| = sqrt(65)/2.
    let s = [-4.0f64, -0.5];
    let sigma = [4.0f64, 0.5];
    let norm = (s[0] * s[0] + s[1] * s[1]).sqrt();
    let factor = 1.0 - 1.0 / norm;
    let whole: Vec<f64> = (0..2).map(|i| factor * s[i] / sigma[i]).collect();
    // 1e-15: a root, a division and a product.
    assert!((whole[1] + (1.0 - 2.0 / 65f64.sqrt())).abs() < 1e-15);
    assert!(
        whole[1] < -0.75,
        "the whole-vector reading keeps group 2: {whole:?}"
    );
}

/// R2 (remark; v1 and v2, Algorithm 1 line 1 states V_0 = 0): a
/// TensorFlow-style initial accumulator V_0 = n0 = 1 with
/// Q_1 = sqrt(V_1) - sqrt(V_0) leaves Theorem 2 unless x_1 = 0. One Adagrad
/// step, alpha = 1, g_1 = 0 (so V_1 = 1, Q_1 = 0, z_1 = 0), x_1 = 1: Algorithm 1
/// gives x_2 = -z_1/sigma_1 = 0, Eq. (1) gives x_2 = x_1 - 0 = 1.
#[test]
fn r2_initial_accumulator_leaves_theorem2_unless_x1_is_zero() {
    let step = |x1: f64| {
        let rule = Adagrad::new(1, 1.0, 0.0, AdagradForm::InitialAccumulator { n0: 1.0 }).unwrap();
        let mut alg = Algorithm1::new(
            rule,
            Groups::singletons(1).unwrap(),
            Penalty::none(),
            Threshold::S,
            &[x1],
        )
        .unwrap();
        alg.step(&[0.0]).unwrap()[0]
    };
    assert_eq!(step(1.0), 0.0, "Eq. (1) would keep x_2 = 1");
    assert_eq!(step(0.0), 0.0, "with x_1 = 0 both give 0");
}

/// E20, item 3 (v1 and v2, Section 3: "the regret of the update (6)"):
/// Algorithm 1's step is not the minimiser of Eq. (6), so Theorem 3 does not
/// cover it. E1's instance (d = 1, sigma = 8 so A = 4, z = -3, lambda21 = 1):
/// Algorithm 1's ||s|| = 3 > 1 gives x = (1 - 1/3) 3/8 = 1/4 and
/// F(1/4) = -3/4 + 4/16 + 2/4 = 0, against F(1/8) = -1/16 at the minimiser.
#[test]
fn e20_algorithm1_step_is_not_the_minimiser_of_eq6() {
    let inst = Instance::new(
        vec![-3.0],
        vec![8.0],
        Penalty::new(0.0, 1.0, 0.0).unwrap(),
        Groups::singletons(1).unwrap(),
    )
    .unwrap();
    // Algorithm 1's step by hand: (sigma + 2 lambda2)^{-1} (1 - c/||s||) s.
    let x_alg1 = (1.0 - 1.0 / 3.0) * 3.0 / 8.0;
    // 1e-16: (1 - 1/3) rounds once, the product and quotient once each.
    assert!((x_alg1 - 0.25f64).abs() < 1e-16);
    assert_eq!(objective(&inst, &[0.25]), 0.0);
    assert_eq!(objective(&inst, &[0.125]), -1.0 / 16.0);
}
