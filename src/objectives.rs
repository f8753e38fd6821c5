//! Synthetic online convex objectives for closed-loop runs (g_t depends on
//! x_t), all seeded with ChaCha, plus replay of an explicit gradient sequence.
//!
//! Every objective keeps its whole data set, so the regret comparator
//! `min_x sum_t f_t(x)` can be computed by an independent method.

use crate::error::{check_finite, check_len, Result, SglError};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Largest `n * T` a synthetic problem may store (8 bytes each: 800 MB).
pub const MAX_SYNTHETIC_ENTRIES: usize = 100_000_000;

/// `f_t(x)`, `grad f_t(x)` and the exact `diag(H_t)` at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct Eval {
    /// `f_t(x)`.
    pub loss: f64,
    /// `g_t = grad f_t(x)`.
    pub grad: Vec<f64>,
    /// `D_t = diag(H_t)` (exact; zero where f_t is piecewise linear).
    pub hess_diag: Vec<f64>,
}

/// An online convex problem with rounds `t = 1..=T`.
pub trait Objective {
    /// Dimension n.
    fn dim(&self) -> usize;
    /// Number of rounds T.
    fn horizon(&self) -> usize;
    /// Loss, gradient and Hessian diagonal of round t (1-based) at x.
    fn eval(&self, t: usize, x: &[f64]) -> Result<Eval>;
    /// Hessian-vector product `H_t(x) v` (for the Hutchinson estimator).
    fn hvp(&self, t: usize, x: &[f64], v: &[f64]) -> Result<Vec<f64>>;
}

/// Which synthetic problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectiveKind {
    /// `f_t(x) = (a_t . x - b_t)^2 / 2`.
    LeastSquares,
    /// `f_t(x) = log(1 + exp(-y_t a_t . x))`, `y_t` in {-1, +1}.
    Logistic,
    /// `f_t(x) = |a_t . x - b_t|` (non-smooth).
    Absolute,
}

/// A linear-model data set: rows `a_t` and targets `b_t` (labels +-1 for logistic).
#[derive(Debug, Clone, PartialEq)]
pub struct LinearProblem {
    /// Which loss.
    pub kind: ObjectiveKind,
    /// Rows `a_t`, one per round.
    pub a: Vec<Vec<f64>>,
    /// Targets `b_t` (or labels `y_t`).
    pub b: Vec<f64>,
}

impl LinearProblem {
    /// Seeded synthetic data: `a_t` uniform in [-1,1]^n, a planted group-sparse
    /// `w*` (every other block of `block` coordinates is zero), targets
    /// `a_t.w* + 0.1 u` (or labels `sign(a_t.w* + 0.1 u)`), u uniform in [-1,1].
    pub fn synthetic(
        kind: ObjectiveKind,
        n: usize,
        rounds: usize,
        block: usize,
        seed: u64,
    ) -> Result<Self> {
        if n == 0 || rounds == 0 || block == 0 {
            return Err(SglError::InvalidInput(
                "synthetic problem needs n, T and block size >= 1".into(),
            ));
        }
        // The whole data set is kept (for the regret comparator): refuse sizes
        // that cannot be stored instead of aborting on allocation.
        if n.saturating_mul(rounds) > MAX_SYNTHETIC_ENTRIES {
            return Err(SglError::InvalidInput(format!(
                "synthetic problem n * T = {n} * {rounds} exceeds {MAX_SYNTHETIC_ENTRIES} stored entries"
            )));
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let w_star: Vec<f64> = (0..n)
            .map(|i| {
                let u: f64 = rng.random_range(-1.0..1.0);
                if (i / block) % 2 == 1 {
                    0.0
                } else {
                    u
                }
            })
            .collect();
        let mut a = Vec::with_capacity(rounds);
        let mut b = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let row: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
            let mut dot = 0.0;
            for i in 0..n {
                dot += row[i] * w_star[i];
            }
            let noise: f64 = rng.random_range(-1.0..1.0);
            let target = dot + 0.1 * noise;
            b.push(match kind {
                ObjectiveKind::Logistic => {
                    if target >= 0.0 {
                        1.0
                    } else {
                        -1.0
                    }
                }
                _ => target,
            });
            a.push(row);
        }
        Ok(Self { kind, a, b })
    }

    fn row(&self, t: usize) -> Result<(&[f64], f64)> {
        if t == 0 || t > self.a.len() {
            return Err(SglError::InvalidInput(format!(
                "round {t} outside 1..={}",
                self.a.len()
            )));
        }
        Ok((&self.a[t - 1], self.b[t - 1]))
    }
}

fn dot(a: &[f64], x: &[f64]) -> f64 {
    let mut acc = 0.0;
    for i in 0..a.len() {
        acc += a[i] * x[i];
    }
    acc
}

/// Numerically stable `log(1 + exp(u))`.
pub fn log1p_exp(u: f64) -> f64 {
    if u > 0.0 {
        u + (-u).exp().ln_1p()
    } else {
        u.exp().ln_1p()
    }
}

/// Logistic sigmoid `1/(1+exp(-u))`, stable for large |u|.
pub fn sigmoid(u: f64) -> f64 {
    if u >= 0.0 {
        1.0 / (1.0 + (-u).exp())
    } else {
        let e = u.exp();
        e / (1.0 + e)
    }
}

impl Objective for LinearProblem {
    fn dim(&self) -> usize {
        self.a.first().map_or(0, |r| r.len())
    }
    fn horizon(&self) -> usize {
        self.a.len()
    }
    fn eval(&self, t: usize, x: &[f64]) -> Result<Eval> {
        let (a, b) = self.row(t)?;
        check_len("x", x, a.len())?;
        let u = dot(a, x);
        let (loss, dl, d2l) = match self.kind {
            ObjectiveKind::LeastSquares => (0.5 * (u - b) * (u - b), u - b, 1.0),
            ObjectiveKind::Logistic => {
                let p = sigmoid(-b * u);
                (log1p_exp(-b * u), -b * p, p * (1.0 - p))
            }
            ObjectiveKind::Absolute => {
                let r = u - b;
                let sg = if r > 0.0 {
                    1.0
                } else if r < 0.0 {
                    -1.0
                } else {
                    0.0
                };
                (r.abs(), sg, 0.0)
            }
        };
        Ok(Eval {
            loss,
            grad: a.iter().map(|ai| dl * ai).collect(),
            hess_diag: a.iter().map(|ai| d2l * ai * ai).collect(),
        })
    }
    fn hvp(&self, t: usize, x: &[f64], v: &[f64]) -> Result<Vec<f64>> {
        let (a, b) = self.row(t)?;
        check_len("x", x, a.len())?;
        check_len("v", v, a.len())?;
        let d2l = match self.kind {
            ObjectiveKind::LeastSquares => 1.0,
            ObjectiveKind::Logistic => {
                let p = sigmoid(-b * dot(a, x));
                p * (1.0 - p)
            }
            ObjectiveKind::Absolute => 0.0,
        };
        let av = dot(a, v);
        Ok(a.iter().map(|ai| d2l * av * ai).collect())
    }
}

/// Seeded Hutchinson estimate of `diag(H)`: the average over `samples`
/// Rademacher vectors r of `r .* (H r)` \[Tab1:AdaHessian\].
pub fn hutchinson_diag(
    obj: &dyn Objective,
    t: usize,
    x: &[f64],
    samples: usize,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<f64>> {
    let n = obj.dim();
    let mut acc = vec![0.0; n];
    let k = samples.max(1);
    for _ in 0..k {
        let r: Vec<f64> = (0..n)
            .map(|_| if rng.random::<bool>() { 1.0 } else { -1.0 })
            .collect();
        let hr = obj.hvp(t, x, &r)?;
        for i in 0..n {
            acc[i] += r[i] * hr[i];
        }
    }
    for a in acc.iter_mut() {
        *a /= k as f64;
    }
    Ok(acc)
}

/// An explicit gradient sequence (and optional `D_t` sequence) replayed
/// regardless of x (open loop).
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    grads: Vec<Vec<f64>>,
    hess: Option<Vec<Vec<f64>>>,
}

impl Replay {
    /// Validates lengths and finiteness.
    pub fn new(grads: Vec<Vec<f64>>, hess: Option<Vec<Vec<f64>>>) -> Result<Self> {
        let n = grads.first().map_or(0, |g| g.len());
        for g in &grads {
            check_len("gradient", g, n)?;
            check_finite("gradient", g)?;
        }
        if let Some(h) = &hess {
            if h.len() != grads.len() {
                return Err(SglError::DimensionMismatch {
                    what: "hessian sequence",
                    expected: grads.len(),
                    got: h.len(),
                });
            }
            for d in h {
                check_len("hessian diagonal", d, n)?;
                check_finite("hessian diagonal", d)?;
            }
        }
        Ok(Self { grads, hess })
    }
}

impl Objective for Replay {
    fn dim(&self) -> usize {
        self.grads.first().map_or(0, |g| g.len())
    }
    fn horizon(&self) -> usize {
        self.grads.len()
    }
    fn eval(&self, t: usize, _x: &[f64]) -> Result<Eval> {
        let g = self
            .grads
            .get(t.wrapping_sub(1))
            .ok_or_else(|| SglError::InvalidInput(format!("no gradient for round {t}")))?;
        let h = match &self.hess {
            Some(h) => h[t - 1].clone(),
            None => vec![0.0; g.len()],
        };
        Ok(Eval {
            loss: 0.0,
            grad: g.clone(),
            hess_diag: h,
        })
    }
    fn hvp(&self, t: usize, x: &[f64], v: &[f64]) -> Result<Vec<f64>> {
        let e = self.eval(t, x)?;
        Ok(e.hess_diag.iter().zip(v).map(|(d, vi)| d * vi).collect())
    }
}

/// Seeded gradient sequence: `steps` vectors of length n, entries in [-1, 1].
pub fn random_gradients(n: usize, steps: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..steps)
        .map(|_| (0..n).map(|_| rng.random_range(-1.0..1.0)).collect())
        .collect()
}
