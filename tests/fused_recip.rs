//! The opt-in reciprocal form of fused Group Adam against the exact form
//! (which equals the reference bit for bit, tests/fused_equivalence.rs):
//! per-step ULP bounds derived in `src/fused/recip.rs` [Alg2].

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::fused::{FusedAdagrad, FusedAdagradRecip, FusedAdam, FusedAdamRecip, FusedRule};

/// Distance in units in the last place between two finite positive or
/// negative f64 of the same sign.
fn ulps(a: f64, b: f64) -> u64 {
    assert_eq!(a.is_sign_negative(), b.is_sign_negative(), "{a} vs {b}");
    a.to_bits().abs_diff(b.to_bits())
}

/// m within 3 ulp, sigma within 9 ulp (derivation in src/fused/recip.rs),
/// from equal states, at every step t = 1..600 (bias corrections from
/// 1 - beta^1 to ~1), on random moments and gradients.
#[test]
fn recip_adam_within_ulp_bound_of_exact_per_step() {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let (alpha, b1, b2, eps) = (0.05, 0.9, 0.999, 1e-8);
    let mut exact = FusedAdam::paper_v1(alpha, b1, b2, eps).unwrap();
    let mut fast = FusedAdamRecip::paper_v1(alpha, b1, b2, eps).unwrap();
    let (mut worst_m, mut worst_s) = (0u64, 0u64);
    for _t in 1..=600 {
        let se = <FusedAdam as FusedRule<f64>>::begin_step(&mut exact);
        let sf = <FusedAdamRecip as FusedRule<f64>>::begin_step(&mut fast);
        for _ in 0..200 {
            let g: f64 = rng.random_range(-3.0..3.0);
            let m0: f64 = rng.random_range(-1.0..1.0);
            let v0: f64 = rng.random_range(0.0..4.0);
            let (mut a1, mut a2) = (m0, v0);
            let (mut f1, mut f2) = (m0, v0);
            let (me, se_) = <FusedAdam as FusedRule<f64>>::coord(&se, g, &mut a1, &mut a2);
            let (mf, sf_) = <FusedAdamRecip as FusedRule<f64>>::coord(&sf, g, &mut f1, &mut f2);
            // The moment EMAs themselves are computed identically.
            assert_eq!((a1.to_bits(), a2.to_bits()), (f1.to_bits(), f2.to_bits()));
            if me != 0.0 {
                worst_m = worst_m.max(ulps(me, mf));
            }
            worst_s = worst_s.max(ulps(se_, sf_));
        }
    }
    eprintln!("worst: m {worst_m} ulp, sigma {worst_s} ulp");
    assert!(worst_m <= 3, "m differs by {worst_m} ulp > 3");
    assert!(worst_s <= 9, "sigma differs by {worst_s} ulp > 9");
    // The forms are really different (otherwise the test proves nothing).
    assert!(worst_m + worst_s > 0, "the reciprocal form never differed");
}

/// Adagrad: V and m bit-equal, sigma within 3 ulp (derivation in
/// src/fused/recip.rs), from equal states, steps 1..300 (step 1 adds eps),
/// random accumulators over 12 orders of magnitude and alphas whose
/// reciprocal is inexact.
#[test]
fn recip_adagrad_within_ulp_bound_of_exact_per_step() {
    let mut rng = ChaCha8Rng::seed_from_u64(100);
    let mut worst = 0u64;
    for &alpha in &[0.1, 0.3, 0.7, 3.0] {
        let mut exact = FusedAdagrad::paper_alg3(alpha, 1e-8).unwrap();
        let mut fast = FusedAdagradRecip::paper_alg3(alpha, 1e-8).unwrap();
        for _t in 1..=300 {
            let se = <FusedAdagrad as FusedRule<f64>>::begin_step(&mut exact);
            let sf = <FusedAdagradRecip as FusedRule<f64>>::begin_step(&mut fast);
            for _ in 0..50 {
                let g: f64 = rng.random_range(-3.0..3.0);
                let v0: f64 = 10f64.powf(rng.random_range(-6.0..6.0));
                let (mut a1, mut a2) = (v0, 0.0);
                let (mut f1, mut f2) = (v0, 0.0);
                let (me, se_) = <FusedAdagrad as FusedRule<f64>>::coord(&se, g, &mut a1, &mut a2);
                let (mf, sf_) =
                    <FusedAdagradRecip as FusedRule<f64>>::coord(&sf, g, &mut f1, &mut f2);
                assert_eq!(a1.to_bits(), f1.to_bits(), "V must be bit-equal");
                assert_eq!(me.to_bits(), mf.to_bits(), "m = g must be bit-equal");
                worst = worst.max(ulps(se_, sf_));
            }
        }
    }
    eprintln!("worst: sigma {worst} ulp");
    assert!(worst <= 3, "sigma differs by {worst} ulp > 3");
    assert!(worst > 0, "the reciprocal form never differed");
}
