//! FTRL-Proximal, written from McMahan et al. (2013), Algorithm 1, per
//! coordinate, independently of Algorithm 1 of the paper.
//!
//! ```text
//! sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha
//! z_i    += g_i - sigma_i w_i
//! n_i    += g_i^2
//! w_i     = 0                                              if |z_i| <= lambda1
//!         = -(z_i - sgn(z_i) lambda1) / ((beta + sqrt(n_i))/alpha + lambda2)   otherwise
//! ```
//! Note McMahan's `lambda2` multiplies `||w||^2 / 2`, the paper's multiplies
//! `||x||^2`: the mapping is `lambda2_ftrl = 2 lambda2_paper`.
//! Group Adagrad (lambda21 = 0) equals this with `beta = 0`, `x_1 = 0` and
//! `n_0 = eps` (see docs, "FTRL mapping").

use crate::error::{check_finite, check_len, check_param, Result, SglError};

/// Per-coordinate FTRL-Proximal state.
#[derive(Debug, Clone)]
pub struct FtrlProximal {
    alpha: f64,
    beta: f64,
    lambda1: f64,
    lambda2: f64,
    n: Vec<f64>,
    z: Vec<f64>,
    w: Vec<f64>,
    t: u64,
}

impl FtrlProximal {
    /// `alpha > 0`, `beta >= 0`, `lambda1, lambda2 >= 0`, initial accumulator `n0 >= 0`.
    pub fn new(
        dim: usize,
        alpha: f64,
        beta: f64,
        lambda1: f64,
        lambda2: f64,
        n0: f64,
    ) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0")?;
        check_param("beta", beta, beta >= 0.0, "beta must be >= 0")?;
        check_param("lambda1", lambda1, lambda1 >= 0.0, "lambda1 must be >= 0")?;
        check_param("lambda2", lambda2, lambda2 >= 0.0, "lambda2 must be >= 0")?;
        check_param("n0", n0, n0 >= 0.0, "n0 must be >= 0")?;
        Ok(Self {
            alpha,
            beta,
            lambda1,
            lambda2,
            n: vec![n0; dim],
            z: vec![0.0; dim],
            w: vec![0.0; dim],
            t: 0,
        })
    }

    /// The accumulated linear term `z_t`.
    pub fn z(&self) -> &[f64] {
        &self.z
    }

    /// Starts from `w_1` instead of 0 (TensorFlow's `Ftrl` starts from the
    /// variable's value: the first step's `z` takes `-sigma_1 w_1`). Only
    /// before the first step.
    pub fn starting_at(mut self, w1: &[f64]) -> Result<Self> {
        check_len("x1", w1, self.w.len())?;
        check_finite("x1", w1)?;
        if self.t != 0 {
            return Err(SglError::InvalidInput(
                "starting_at: FTRL-Proximal has already taken a step".into(),
            ));
        }
        self.w = w1.to_vec();
        Ok(self)
    }

    /// The weights used to predict at the next round (`w_1 = 0` unless
    /// [`FtrlProximal::starting_at`]).
    pub fn w(&self) -> &[f64] {
        &self.w
    }

    /// Processes one gradient (evaluated at `w()`), returns the new weights.
    pub fn step(&mut self, g: &[f64]) -> Result<&[f64]> {
        check_len("gradient", g, self.w.len())?;
        check_finite("gradient", g)?;
        self.t += 1;
        for i in 0..g.len() {
            let n_new = self.n[i] + g[i] * g[i];
            // Numerical policy (docs/src/numerical-policy.md): an overflowed
            // accumulator (g^2 = inf) would give sigma * w = inf * 0 = NaN.
            if !n_new.is_finite() {
                return Err(SglError::Overflow {
                    step: self.t,
                    what: "V",
                    coord: i,
                });
            }
            let sigma = (n_new.sqrt() - self.n[i].sqrt()) / self.alpha;
            self.z[i] += g[i] - sigma * self.w[i];
            self.n[i] = n_new;
            let z = self.z[i];
            if !z.is_finite() {
                return Err(SglError::Overflow {
                    step: self.t,
                    what: "z",
                    coord: i,
                });
            }
            self.w[i] = if z.abs() <= self.lambda1 {
                0.0
            } else {
                let denom = (self.beta + self.n[i].sqrt()) / self.alpha + self.lambda2;
                if denom <= 0.0 {
                    return Err(SglError::NoMinimiser {
                        step: self.t,
                        coord: i,
                    });
                }
                -(z - z.signum() * self.lambda1) / denom
            };
            if !self.w[i].is_finite() {
                return Err(SglError::Overflow {
                    step: self.t,
                    what: "x",
                    coord: i,
                });
            }
        }
        Ok(&self.w)
    }
}
