//! Algorithm 1: the generic adaptive optimizer with sparse group lasso.
//!
//! ```text
//! 1: Input: lambda1, lambda21, lambda2, x_1, {alpha_t > 0}, {phi_t, psi_t}; z_0 = 0, V_0 = 0
//! 2: for t = 1 to T do
//! 3:   g_t = grad f_t(x_t)
//! 4:   m_t = phi_t(g_1..g_t),  V_t = psi_t(g_1..g_t)
//! 5:   Q_t/alpha_t = sqrt(V_t)/alpha_t - sqrt(V_{t-1})/alpha_{t-1}
//! 6:   z_t = z_{t-1} + m_t - (Q_t/alpha_t) x_t
//! 7-9: s_{t,i} = 0 if |z_{t,i}| <= lambda1, else sign(z_{t,i}) lambda1 - z_{t,i}
//! 10:  x_{t+1} = (sqrt(V_t)/alpha_t + 2 lambda2 I)^{-1} max(1 - sqrt(d_g) lambda21/||s_t^g||, 0) s_t
//! ```
//!
//! The group threshold of line 10 is selectable ([`Threshold`]): `||s_t||` as
//! printed in Algorithm 1, `||s~_t||` with s~ of Eq. (10) as printed, or the
//! corrected s~ that makes line 10 the exact minimiser of Eq. (6) (erratum E1).

use crate::error::{check_finite, check_len, Result, SglError};
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::prox::{group_factor, soft_threshold};
use crate::rules::MomentRule;
use serde::{Deserialize, Serialize};

/// Which norm decides whether a group is zeroed in \[Alg1:L10\].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// `||s_t^g||`: Algorithm 1 as printed (the paper's practical choice).
    #[default]
    S,
    /// `||s~_t^g||` with `s~ = (sum Q_s/(2 alpha_s) + lambda2 I)^{-1} s` as printed
    /// in Eq. (10). Not the minimiser of Eq. (6) (erratum E1).
    STildePrinted,
    /// `||(sum Q_s/(2 alpha_s) + lambda2 I)^{-1/2} s||`: the corrected Eq. (10),
    /// which makes the step the exact minimiser of Eq. (6) \[Thm1\].
    STildeExact,
}

/// State of Algorithm 1 after step t: `x_{t+1}`, `z_t`, `sqrt(V_t)/alpha_t`.
#[derive(Debug, Clone)]
pub struct Algorithm1<R: MomentRule> {
    rule: R,
    groups: Groups,
    penalty: Penalty,
    threshold: Threshold,
    x: Vec<f64>,
    z: Vec<f64>,
    sigma: Vec<f64>,
    s: Vec<f64>,
}

impl<R: MomentRule> Algorithm1<R> {
    /// Starts at `x_1` with `z_0 = 0` \[Alg1:L1\].
    pub fn new(
        rule: R,
        groups: Groups,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[f64],
    ) -> Result<Self> {
        penalty.validate()?;
        let n = groups.dim();
        check_len("x1", x1, n)?;
        check_finite("x1", x1)?;
        if rule.dim() != n {
            return Err(SglError::DimensionMismatch {
                what: "rule dimension",
                expected: n,
                got: rule.dim(),
            });
        }
        let sigma = rule.initial_sigma();
        Ok(Self {
            rule,
            groups,
            penalty,
            threshold,
            x: x1.to_vec(),
            z: vec![0.0; n],
            sigma,
            s: vec![0.0; n],
        })
    }

    /// One iteration of lines 3-10 with `g_t` evaluated at the current x.
    /// Returns `x_{t+1}`.
    pub fn step(&mut self, g: &[f64], hess_diag: Option<&[f64]>) -> Result<&[f64]> {
        // [Alg1:L4]
        self.rule.observe(g, hess_diag)?;
        let t = self.rule.step();
        let alpha_t = self.rule.alpha();
        let lam = self.penalty;
        let n = self.x.len();
        for i in 0..n {
            // [Alg1:L5] Q_t/alpha_t = sqrt(V_t)/alpha_t - sqrt(V_{t-1})/alpha_{t-1}
            let sqrt_v = self.rule.sqrt_v()[i];
            let sigma_t = sqrt_v / alpha_t;
            // Numerical policy (docs/src/numerical-policy.md): V_t = g^2
            // overflows for |g| > ~1.3e154; an infinite sqrt(V) or sigma would
            // otherwise give z = NaN (inf * 0) or a silent x = 0.
            if !sigma_t.is_finite() {
                return Err(SglError::Overflow {
                    step: t,
                    what: if sqrt_v.is_finite() { "sigma" } else { "V" },
                    coord: i,
                });
            }
            let q_over_alpha = sigma_t - self.sigma[i];
            // [Alg1:L6]
            self.z[i] = self.z[i] + self.rule.m()[i] - q_over_alpha * self.x[i];
            if !self.z[i].is_finite() {
                return Err(SglError::Overflow {
                    step: t,
                    what: "z",
                    coord: i,
                });
            }
            self.sigma[i] = sigma_t;
            // [Alg1:L8]
            self.s[i] = soft_threshold(self.z[i], lam.lambda1);
        }
        // [Alg1:L10], group by group
        for (g_idx, members) in self.groups.iter().enumerate() {
            let c = self.groups.sqrt_size(g_idx) * lam.lambda21;
            let mut acc = 0.0;
            for &i in members {
                let w = match self.threshold {
                    Threshold::S => self.s[i],
                    Threshold::STildePrinted => self.s[i] / (0.5 * self.sigma[i] + lam.lambda2),
                    Threshold::STildeExact => {
                        self.s[i] / (0.5 * self.sigma[i] + lam.lambda2).sqrt()
                    }
                };
                if self.s[i] != 0.0 && !w.is_finite() {
                    return Err(SglError::NoMinimiser { step: t, coord: i });
                }
                if self.s[i] != 0.0 {
                    acc += w * w;
                }
            }
            // Numerical policy: with c = 0 there is no group term and the
            // factor is 1 whenever s^g != 0; computing it from the norm would
            // give 0 when sum s_i^2 underflows (|s_i| < ~1e-162), silently
            // zeroing a coordinate that has no minimiser or a non-zero step.
            // Bit-identical to `group_factor` whenever the norm is > 0.
            let factor = if c == 0.0 {
                1.0
            } else {
                group_factor(acc.sqrt(), c)
            };
            for &i in members {
                let denom = self.sigma[i] + 2.0 * lam.lambda2;
                let num = factor * self.s[i];
                self.x[i] = if num == 0.0 {
                    // s_i = 0 or the group is zeroed: the minimiser is 0 even
                    // where the curvature vanishes (numerical policy, docs).
                    0.0
                } else if denom > 0.0 {
                    num / denom
                } else {
                    return Err(SglError::NoMinimiser { step: t, coord: i });
                };
                if !self.x[i].is_finite() {
                    return Err(SglError::Overflow {
                        step: t,
                        what: "x",
                        coord: i,
                    });
                }
            }
        }
        Ok(&self.x)
    }

    /// The current iterate (`x_1` before the first step, then `x_{t+1}`).
    pub fn x(&self) -> &[f64] {
        &self.x
    }
    /// `z_t` of \[Alg1:L6\].
    pub fn z(&self) -> &[f64] {
        &self.z
    }
    /// `s_t` of \[Alg1:L8\].
    pub fn s(&self) -> &[f64] {
        &self.s
    }
    /// `sqrt(V_t)/alpha_t = sum_{s<=t} Q_s/alpha_s` (diagonal).
    pub fn sigma(&self) -> &[f64] {
        &self.sigma
    }
    /// The moment rule (for `m_t`, `V_t`, `alpha_t`).
    pub fn rule(&self) -> &R {
        &self.rule
    }
    /// The group layout.
    pub fn groups(&self) -> &Groups {
        &self.groups
    }
    /// The penalty.
    pub fn penalty(&self) -> &Penalty {
        &self.penalty
    }
    /// The threshold in use.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }
    /// The current step t.
    pub fn t(&self) -> u64 {
        self.rule.step()
    }
}
