//! Helpers shared by the integration tests (seeded data, comparisons).
#![allow(dead_code)]

use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence, RngSeed};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Seeded RNG.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// `steps` gradients of length n; magnitudes vary over several decades so
/// that V_t spans a wide range (exercises conditioning of the z recursion).
pub fn gradients(rng: &mut ChaCha8Rng, n: usize, steps: usize) -> Vec<Vec<f64>> {
    let scales: Vec<f64> = (0..n)
        .map(|_| 10f64.powf(rng.random_range(-3.0..1.0)))
        .collect();
    (0..steps)
        .map(|_| {
            (0..n)
                .map(|i| scales[i] * rng.random_range(-1.0..1.0))
                .collect()
        })
        .collect()
}

/// Uniform vector in [-r, r]^n.
pub fn uniform(rng: &mut ChaCha8Rng, n: usize, r: f64) -> Vec<f64> {
    (0..n).map(|_| rng.random_range(-r..r)).collect()
}

/// Largest `|a_i - b_i| / max(||b||_inf, floor)` over all steps: the relative
/// error measured against the size of the iterate (the z recursion's rounding
/// is relative to sigma_t |x_t|, i.e. to the vector's scale, not to each
/// coordinate, which may cross zero).
pub fn max_rel_err(a: &[Vec<f64>], b: &[Vec<f64>], floor: f64) -> f64 {
    let mut worst = 0.0f64;
    for (xa, xb) in a.iter().zip(b) {
        let scale = xb.iter().fold(floor, |m, v| m.max(v.abs()));
        for (u, v) in xa.iter().zip(xb) {
            worst = worst.max((u - v).abs() / scale);
        }
    }
    worst
}

/// Where proptest keeps the seeds of failed cases: `tests/NAME.rs` ->
/// `tests/NAME.proptest-regressions`, committed with the test (proptest's
/// and argmin's practice), replayed before any new case on every run.
pub const REGRESSIONS: FileFailurePersistence =
    FileFailurePersistence::WithSource("proptest-regressions");

/// The proptest configuration of every property test here: a fixed RNG seed
/// (CI checks the same cases on every run) and failed cases persisted in
/// [`REGRESSIONS`]. Callers set `cases` with struct update syntax.
pub fn proptest_config(seed: u64) -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: Some(Box::new(REGRESSIONS)),
        ..ProptestConfig::default()
    }
}

/// Number of property-test cases: `PROPTEST_CASES` or `default` (CI sets a
/// moderate count; heavy local runs raise it).
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
