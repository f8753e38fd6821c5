//! Exact AUC against a brute-force pair count, and Welch's t-test against an
//! independent quadrature of the Student t tail.

use sgl_oracle::ctr::stats::{auc, mean_sd, welch};
use sgl_oracle::ctr::{mix64, unit};

/// P(positive > negative) + 1/2 P(tie), over all pairs: O(n^2).
fn brute_auc(s: &[f64], y: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..s.len() {
        for j in 0..s.len() {
            if y[i] > 0.5 && y[j] < 0.5 {
                den += 1.0;
                if s[i] > s[j] {
                    num += 1.0;
                } else if s[i] == s[j] {
                    num += 0.5;
                }
            }
        }
    }
    num / den
}

#[test]
fn auc_equals_brute_force_pair_count_with_and_without_ties() {
    for case in 0..200u64 {
        let n = 2 + (mix64(case) % 60) as usize;
        // Scores on a coarse grid of 1..=8 levels, so ties are frequent.
        let levels = 1 + mix64(case ^ 0xabc) % 8;
        let s: Vec<f64> = (0..n)
            .map(|i| (mix64(case * 1000 + i as u64) % levels) as f64 * 0.25)
            .collect();
        let mut y: Vec<f64> = (0..n)
            .map(|i| f64::from(unit(mix64(case * 7919 + i as u64)) < 0.4))
            .collect();
        y[0] = 1.0;
        y[1] = 0.0;
        let fast = auc(&s, &y).unwrap();
        let slow = brute_auc(&s, &y);
        // Both are ratios of exact half-integer counts to P*N < 2^53: the
        // rank sum is exact in f64, so they agree to rounding of one division.
        assert!(
            (fast - slow).abs() <= 1e-12,
            "case {case}: {fast} vs {slow}"
        );
    }
}

#[test]
fn auc_hand_examples() {
    assert_eq!(auc(&[0.1, 0.9], &[0.0, 1.0]).unwrap(), 1.0);
    assert_eq!(auc(&[0.9, 0.1], &[0.0, 1.0]).unwrap(), 0.0);
    assert_eq!(auc(&[0.5, 0.5, 0.5], &[0.0, 1.0, 1.0]).unwrap(), 0.5);
    // Positives 0.8, 0.4; negatives 0.4, 0.2: pairs 1 + 1 + 0.5 + 1 = 3.5 of 4.
    assert_eq!(
        auc(&[0.8, 0.4, 0.4, 0.2], &[1.0, 1.0, 0.0, 0.0]).unwrap(),
        0.875
    );
    assert!(auc(&[0.1, 0.2], &[1.0, 1.0]).is_err());
    assert!(auc(&[0.1], &[1.0, 0.0]).is_err());
    assert!(auc(&[f64::NAN, 0.2], &[1.0, 0.0]).is_err());
}

#[test]
fn mean_sd_hand_values() {
    let m = mean_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
    assert_eq!(m.mean, 5.0);
    // Sum of squared deviations 32, divisor 7.
    assert!((m.sd - (32.0f64 / 7.0).sqrt()).abs() <= 1e-15);
    assert!(mean_sd(&[]).is_err());
}

/// `P(|T_nu| > |t|)` by Simpson's rule after `x = sqrt(nu) tan(theta)`,
/// which turns the t kernel `(1 + x^2/nu)^(-(nu+1)/2) dx` into
/// `cos(theta)^(nu-1) dtheta` on `[0, pi/2)`: no Gamma function, no statrs.
fn two_sided_tail(t: f64, nu: f64) -> f64 {
    let simpson = |a: f64, b: f64| {
        let n = 200_000;
        let h = (b - a) / n as f64;
        let f = |x: f64| x.cos().powf(nu - 1.0);
        let mut s = f(a) + f(b);
        for k in 1..n {
            s += f(a + k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    };
    let theta0 = (t.abs() / nu.sqrt()).atan();
    let half = std::f64::consts::FRAC_PI_2;
    simpson(theta0, half) / simpson(0.0, half)
}

#[test]
fn welch_matches_hand_statistic_and_quadrature_p_value() {
    let a = [1.0, 2.0, 3.0, 4.0, 5.0];
    let b = [2.0, 4.0, 6.0, 8.0, 10.0];
    let w = welch(&a, &b).unwrap();
    // By hand: means 3 and 6, variances 2.5 and 10, se^2 = 0.5 + 2 = 2.5,
    // t = -3 / sqrt(2.5), df = 2.5^2 / (0.5^2/4 + 2^2/4) = 6.25 / 1.0625.
    assert!((w.t - (-3.0 / 2.5f64.sqrt())).abs() <= 1e-14);
    assert!((w.df - 6.25 / 1.0625).abs() <= 1e-12);
    let p = two_sided_tail(w.t, w.df);
    // Simpson with 2e5 panels on a smooth integrand (nu > 1) is accurate to
    // ~1e-12; statrs's incomplete beta to ~1e-14: agree to 1e-9.
    assert!(
        (w.p - p).abs() <= 1e-9,
        "statrs {} vs quadrature {}",
        w.p,
        p
    );
    assert!(w.p > 0.05 && w.p < 0.2, "{}", w.p);
    // A second case with unequal sizes and a small p.
    let c = [0.801, 0.802, 0.8015, 0.8022, 0.8019];
    let d = [0.797, 0.7975, 0.7968, 0.7972];
    let w = welch(&c, &d).unwrap();
    let p = two_sided_tail(w.t, w.df);
    assert!(
        (w.p - p).abs() <= 1e-9,
        "statrs {} vs quadrature {}",
        w.p,
        p
    );
    assert!(w.p < 1e-4);
}

#[test]
fn welch_edge_cases() {
    assert!(welch(&[1.0], &[1.0, 2.0]).is_err());
    assert_eq!(welch(&[1.0, 1.0], &[1.0, 1.0]).unwrap().p, 1.0);
    assert_eq!(welch(&[1.0, 1.0], &[2.0, 2.0]).unwrap().p, 0.0);
}
