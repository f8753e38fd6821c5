//! Literal, line-by-line transcriptions of Algorithm 2 (Group Adam, both
//! paper versions) and Algorithm 3 (Group Adagrad).
//!
//! These do not use [`crate::algorithm1`] or [`crate::rules`]: they exist so that
//! "Group Adam is Algorithm 1 with the Adam rule" is checked, and so that the
//! printed v2 (whose line 9 disagrees with line 14) can be run as printed.

use crate::error::{check_finite, check_len, check_param, Result, SglError};
use crate::groups::Groups;
use crate::penalty::Penalty;
use serde::{Deserialize, Serialize};

/// Which printed Algorithm 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaperVersion {
    /// Paper v1: no eps rescaling.
    V1,
    /// Paper v2, line 8 read per step: `eps_t = eps / sqrt(1 - beta2^t)`.
    V2,
    /// Paper v2, line 8 read literally as a cumulative assignment:
    /// `eps <- eps / sqrt(1 - beta2^t)` applied to the previous step's eps.
    /// eps then grows like `prod_s (1-beta2^s)^{-1/2}`, which overflows for
    /// beta2 near 1: shown only to document why the per-step reading is meant.
    V2Cumulative,
}

/// Algorithm 2 (Group Adam) exactly as printed.
#[derive(Debug, Clone)]
pub struct GroupAdamPrinted {
    version: PaperVersion,
    alpha: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    groups: Groups,
    penalty: Penalty,
    t: u64,
    b1t: f64,
    b2t: f64,
    m_hat: Vec<f64>,
    v_hat: Vec<f64>,
    v_prev: Vec<f64>,
    z: Vec<f64>,
    x: Vec<f64>,
}

impl GroupAdamPrinted {
    /// \[Alg2:L1\]: `z_0 = 0, m^_0 = 0, V^_0 = 0, V_0 = 0`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        version: PaperVersion,
        alpha: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
        groups: Groups,
        penalty: Penalty,
        x1: &[f64],
    ) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Alg2]")?;
        check_param(
            "beta1",
            beta1,
            (0.0..1.0).contains(&beta1),
            "beta1 must lie in [0, 1) [Alg2]",
        )?;
        check_param(
            "beta2",
            beta2,
            (0.0..1.0).contains(&beta2),
            "beta2 must lie in [0, 1) [Alg2]",
        )?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0 [Alg2]")?;
        penalty.validate()?;
        let n = groups.dim();
        check_len("x1", x1, n)?;
        check_finite("x1", x1)?;
        Ok(Self {
            version,
            alpha,
            beta1,
            beta2,
            eps,
            groups,
            penalty,
            t: 0,
            b1t: 1.0,
            b2t: 1.0,
            m_hat: vec![0.0; n],
            v_hat: vec![0.0; n],
            v_prev: vec![0.0; n],
            z: vec![0.0; n],
            x: x1.to_vec(),
        })
    }

    /// Lines 3-14 (v1) / 3-15 (v2) for one t.
    pub fn step(&mut self, g: &[f64]) -> Result<&[f64]> {
        let n = self.x.len();
        check_len("gradient", g, n)?;
        check_finite("gradient", g)?;
        self.t += 1;
        self.b1t *= self.beta1;
        self.b2t *= self.beta2;
        // v2 line 8
        match self.version {
            PaperVersion::V1 => {}
            PaperVersion::V2 => {
                // per-step reading: eps_t from the constant input eps
            }
            PaperVersion::V2Cumulative => self.eps /= (1.0 - self.b2t).sqrt(),
        }
        let eps_t = match self.version {
            PaperVersion::V2 => self.eps / (1.0 - self.b2t).sqrt(),
            PaperVersion::V1 | PaperVersion::V2Cumulative => self.eps,
        };
        let (l1, l21, l2) = (
            self.penalty.lambda1,
            self.penalty.lambda21,
            self.penalty.lambda2,
        );
        let mut v = vec![0.0; n];
        let mut s = vec![0.0; n];
        for i in 0..n {
            self.m_hat[i] = self.beta1 * self.m_hat[i] + (1.0 - self.beta1) * g[i];
            let m = self.m_hat[i] / (1.0 - self.b1t);
            self.v_hat[i] = self.beta2 * self.v_hat[i] + (1.0 - self.beta2) * (g[i] * g[i]);
            v[i] = self.v_hat[i] / (1.0 - self.b2t);
            // line 8 (v1) / 9 (v2): Q_t, eps only at t = 1
            let mut q = v[i].sqrt() - self.v_prev[i].sqrt();
            if self.t == 1 {
                q += eps_t;
            }
            // line 9 / 10
            self.z[i] = self.z[i] + m - q * self.x[i] / self.alpha;
            // Numerical policy: V = g^2 = inf gives q * x = inf * 0 = NaN.
            if !v[i].is_finite() || !self.z[i].is_finite() {
                return Err(SglError::Overflow {
                    step: self.t,
                    what: if v[i].is_finite() { "z" } else { "V" },
                    coord: i,
                });
            }
            // line 11 / 12
            s[i] = -self.z[i].signum() * (self.z[i].abs() - l1).max(0.0);
        }
        for (gi, members) in self.groups.iter().enumerate() {
            let mut acc = 0.0;
            for &i in members {
                acc += s[i] * s[i];
            }
            let norm = acc.sqrt();
            let c = self.groups.sqrt_size(gi) * l21;
            let factor = line_factor(norm, c);
            for &i in members {
                // line 13 / 14
                let denom = (v[i].sqrt() + eps_t) / self.alpha + 2.0 * l2;
                let num = factor * s[i];
                self.x[i] = if num == 0.0 {
                    0.0
                } else if denom > 0.0 {
                    num / denom
                } else {
                    return Err(SglError::NoMinimiser {
                        step: self.t,
                        coord: i,
                    });
                };
                if !self.x[i].is_finite() {
                    return Err(SglError::Overflow {
                        step: self.t,
                        what: "x",
                        coord: i,
                    });
                }
            }
        }
        self.v_prev = v;
        Ok(&self.x)
    }

    /// Current iterate.
    pub fn x(&self) -> &[f64] {
        &self.x
    }
    /// `z_t`.
    pub fn z(&self) -> &[f64] {
        &self.z
    }
}

/// Algorithm 3 (Group Adagrad) exactly as printed.
#[derive(Debug, Clone)]
pub struct GroupAdagradPrinted {
    alpha: f64,
    eps: f64,
    groups: Groups,
    penalty: Penalty,
    t: u64,
    v: Vec<f64>,
    z: Vec<f64>,
    x: Vec<f64>,
}

impl GroupAdagradPrinted {
    /// \[Alg3:L1\]: `z_0 = 0, V_0 = 0`.
    pub fn new(alpha: f64, eps: f64, groups: Groups, penalty: Penalty, x1: &[f64]) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Alg3]")?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0 [Alg3]")?;
        penalty.validate()?;
        let n = groups.dim();
        check_len("x1", x1, n)?;
        check_finite("x1", x1)?;
        Ok(Self {
            alpha,
            eps,
            groups,
            penalty,
            t: 0,
            v: vec![0.0; n],
            z: vec![0.0; n],
            x: x1.to_vec(),
        })
    }

    /// Lines 3-11 for one t.
    pub fn step(&mut self, g: &[f64]) -> Result<&[f64]> {
        let n = self.x.len();
        check_len("gradient", g, n)?;
        check_finite("gradient", g)?;
        self.t += 1;
        let (l1, l21, l2) = (
            self.penalty.lambda1,
            self.penalty.lambda21,
            self.penalty.lambda2,
        );
        let mut s = vec![0.0; n];
        for i in 0..n {
            let v_prev = self.v[i];
            // line 5
            self.v[i] = v_prev + g[i] * g[i] + if self.t == 1 { self.eps } else { 0.0 };
            // Numerical policy (docs/src/numerical-policy.md): g^2 = inf
            // would give q * x = inf * 0 = NaN below.
            if !self.v[i].is_finite() {
                return Err(SglError::Overflow {
                    step: self.t,
                    what: "V",
                    coord: i,
                });
            }
            // line 6
            let q = self.v[i].sqrt() - v_prev.sqrt();
            // line 7
            self.z[i] = self.z[i] + g[i] - q * self.x[i] / self.alpha;
            if !self.z[i].is_finite() {
                return Err(SglError::Overflow {
                    step: self.t,
                    what: "z",
                    coord: i,
                });
            }
            // line 9
            s[i] = -self.z[i].signum() * (self.z[i].abs() - l1).max(0.0);
        }
        for (gi, members) in self.groups.iter().enumerate() {
            let mut acc = 0.0;
            for &i in members {
                acc += s[i] * s[i];
            }
            let norm = acc.sqrt();
            let c = self.groups.sqrt_size(gi) * l21;
            let factor = line_factor(norm, c);
            for &i in members {
                // line 11
                let denom = self.v[i].sqrt() / self.alpha + 2.0 * l2;
                let num = factor * s[i];
                self.x[i] = if num == 0.0 {
                    0.0
                } else if denom > 0.0 {
                    num / denom
                } else {
                    return Err(SglError::NoMinimiser {
                        step: self.t,
                        coord: i,
                    });
                };
                if !self.x[i].is_finite() {
                    return Err(SglError::Overflow {
                        step: self.t,
                        what: "x",
                        coord: i,
                    });
                }
            }
        }
        Ok(&self.x)
    }

    /// Current iterate.
    pub fn x(&self) -> &[f64] {
        &self.x
    }
}

/// `max(1 - c/||s||, 0)` of Algorithm 2 line 13 (v1) / 14 (v2) and
/// Algorithm 3 line 11, and with c = 0 (no group term) the factor 1 even when
/// `sum s_i^2` underflows (numerical policy). Written here, apart from
/// `crate::prox`, so that the transcriptions stay an independent check.
fn line_factor(norm: f64, c: f64) -> f64 {
    if c == 0.0 {
        1.0
    } else if norm <= c {
        0.0
    } else {
        1.0 - c / norm
    }
}
