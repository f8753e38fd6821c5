//! Seeded random Eq. (6) instances shared by tests/eq6_*.rs.
#![allow(dead_code)]

#[path = "../common/mod.rs"]
mod common;
pub use common::cases;
// Only the eq6 targets with property tests use it (eq6_solver).
#[allow(unused_imports)]
pub use common::proptest_config;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::eq6::{objective::objective_scale, History, Instance};
use sgl_oracle::{Groups, Penalty};

/// Rounding bound for one evaluation of the Eq. (24) objective: a sum of at
/// most 4n + 2G terms, each within a few ULPs, so the error is below
/// `(8n + 16) eps * (sum of |terms|)`; the factor 8 covers the products and
/// square roots inside each term.
pub fn round_bound(inst: &Instance, x: &[f64]) -> f64 {
    let n = inst.dim() as f64;
    (8.0 * n + 16.0) * f64::EPSILON * (1.0 + objective_scale(inst, x))
}

/// A lambda that is zero a quarter of the time, else log-uniform in [1e-3, 3].
pub fn lambda(rng: &mut ChaCha8Rng) -> f64 {
    if rng.random_range(0..4) == 0 {
        0.0
    } else {
        10f64.powf(rng.random_range(-3.0..0.5))
    }
}

/// Uneven contiguous groups of sizes 1..=max_size, `n_groups` of them.
pub fn groups(rng: &mut ChaCha8Rng, n_groups: usize, max_size: usize) -> Groups {
    let sizes: Vec<usize> = (0..n_groups)
        .map(|_| rng.random_range(1..=max_size))
        .collect();
    Groups::from_sizes(&sizes).unwrap()
}

/// A curvature entry: tiny (1e-6..1e-3), moderate (0.1..10) or large (1e2..1e4).
pub fn curvature(rng: &mut ChaCha8Rng) -> f64 {
    match rng.random_range(0..4) {
        0 => 10f64.powf(rng.random_range(-6.0..-3.0)),
        1 => 10f64.powf(rng.random_range(2.0..4.0)),
        _ => 10f64.powf(rng.random_range(-1.0..1.0)),
    }
}

/// A random reduced instance with a minimiser (every A_i > 0). With
/// probability 1/3 one group is put exactly at the corrected threshold
/// (`lambda21 sqrt(d_g) = ||A^{-1/2} s^g||`, up to the rounding of the division).
pub fn instance(seed: u64, max_groups: usize, max_size: usize) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let ng = rng.random_range(1..=max_groups);
    let groups = groups(&mut rng, ng, max_size);
    let n = groups.dim();
    let lambda1 = lambda(&mut rng);
    let mut lambda21 = lambda(&mut rng);
    let lambda2 = lambda(&mut rng);
    let sigma: Vec<f64> = (0..n).map(|_| curvature(&mut rng)).collect();
    let zscale = 10f64.powf(rng.random_range(-1.0..1.0));
    let z: Vec<f64> = (0..n)
        .map(|_| zscale * rng.random_range(-3.0..3.0))
        .collect();
    if rng.random_range(0..3) == 0 {
        let g = rng.random_range(0..ng);
        let mut sq = 0.0;
        for &i in groups.members(g) {
            let s = soft(z[i], lambda1);
            sq += s * s / (0.5 * sigma[i] + lambda2);
        }
        if sq > 0.0 {
            lambda21 = sq.sqrt() / groups.sqrt_size(g);
        }
    }
    let penalty = Penalty::new(lambda1, lambda21, lambda2).unwrap();
    Instance::new(z, sigma, penalty, groups).unwrap()
}

/// Eq. (9), written again for the generators.
pub fn soft(z: f64, l1: f64) -> f64 {
    if z.abs() <= l1 {
        0.0
    } else {
        z.signum() * l1 - z
    }
}

/// An Adam-like history: positive sigma_s that goes up and down, so that
/// `Q_s/alpha_s = sigma_s - sigma_{s-1}` has negative entries while every
/// partial sum stays >= 0.
pub fn adam_history(seed: u64, n: usize, t: usize) -> History {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut m = Vec::new();
    let mut x = Vec::new();
    let mut q = Vec::new();
    let mut prev = vec![0.0; n];
    for _ in 0..t {
        let sig: Vec<f64> = (0..n).map(|_| curvature(&mut rng)).collect();
        q.push(sig.iter().zip(&prev).map(|(s, p)| s - p).collect());
        prev = sig;
        m.push((0..n).map(|_| rng.random_range(-2.0..2.0)).collect());
        x.push((0..n).map(|_| rng.random_range(-1.0..1.0)).collect());
    }
    History::new(m, x, q).unwrap()
}
