//! A seeded, Zipf-like stream of sparse batches (ChaCha8), for tests,
//! `sgl table` and `sgl bench --sparse`.
//!
//! Row ids follow the continuous (Pareto) approximation of Zipf's law with
//! exponent `s`: `x = (1 + u ((R+1)^(1-s) - 1))^(1/(1-s))` for `u` uniform in
//! [0,1), id = `floor(x) - 1` clamped to `0..R` (`s = 1`: `x = (R+1)^u`).
//! Row 0 is the hottest. O(1) per draw, so R = 1e7 needs no table of
//! probabilities. Gradient entries are `scale (u' + drift(id, t))` with `u'`
//! uniform in [-1,1) and `drift = amplitude cos(0.7 id + 2 pi t / period)`,
//! so rows drift one way and then the other: with a group penalty they are
//! zeroed and later revived.

use super::SparseBatch;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Parameters of a seeded Zipf batch stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZipfSpec {
    /// ChaCha8 seed.
    pub seed: u64,
    /// Ids per batch (before duplicates are summed).
    pub batch: usize,
    /// Zipf exponent s > 0.
    #[serde(default = "default_exponent")]
    pub exponent: f64,
    /// Gradient scale.
    #[serde(default = "one")]
    pub scale: f64,
    /// Drift amplitude (relative to `scale`).
    #[serde(default = "default_amp")]
    pub amplitude: f64,
    /// Drift period in steps.
    #[serde(default = "default_period")]
    pub period: u64,
    /// Draw Hessian-diagonal rows (uniform in [0, 1)) for AdaHessian.
    #[serde(default)]
    pub hessian: bool,
}

fn default_exponent() -> f64 {
    1.1
}
fn one() -> f64 {
    1.0
}
fn default_amp() -> f64 {
    0.5
}
fn default_period() -> u64 {
    40
}

/// The stream itself (one RNG, batches drawn in order).
#[derive(Debug, Clone)]
pub struct ZipfStream {
    spec: ZipfSpec,
    rows: usize,
    d: usize,
    t: u64,
    rng: ChaCha8Rng,
    top: f64,
}

impl ZipfStream {
    /// A stream over `rows` rows of width `d`.
    pub fn new(spec: ZipfSpec, rows: usize, d: usize) -> Self {
        let s = spec.exponent;
        let top = if s == 1.0 {
            ((rows + 1) as f64).ln()
        } else {
            ((rows + 1) as f64).powf(1.0 - s) - 1.0
        };
        Self {
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            spec,
            rows,
            d,
            t: 0,
            top,
        }
    }

    /// One Zipf-distributed id in `0..rows`.
    pub fn draw_id(&mut self) -> usize {
        let u: f64 = self.rng.random_range(0.0..1.0);
        let s = self.spec.exponent;
        let x = if s == 1.0 {
            (u * self.top).exp()
        } else {
            (1.0 + u * self.top).powf(1.0 / (1.0 - s))
        };
        ((x.floor() as usize).saturating_sub(1)).min(self.rows - 1)
    }

    /// The next batch (step t + 1).
    pub fn next_batch(&mut self) -> SparseBatch {
        self.t += 1;
        let mut b = SparseBatch {
            ids: Vec::with_capacity(self.spec.batch),
            grads: Vec::with_capacity(self.spec.batch),
            hess: self.spec.hessian.then(Vec::new),
        };
        let phase = std::f64::consts::TAU * self.t as f64 / self.spec.period.max(1) as f64;
        for _ in 0..self.spec.batch {
            let id = self.draw_id();
            let drift = self.spec.amplitude * (0.7 * id as f64 + phase).cos();
            let g: Vec<f64> = (0..self.d)
                .map(|_| self.spec.scale * (self.rng.random_range(-1.0..1.0) + drift))
                .collect();
            b.ids.push(id as i64);
            b.grads.push(g);
            if let Some(h) = &mut b.hess {
                h.push(
                    (0..self.d)
                        .map(|_| self.rng.random_range(0.0..1.0))
                        .collect(),
                );
            }
        }
        b
    }
}
