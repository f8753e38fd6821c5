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
use crate::groups::{GroupSpec, Groups};
use crate::penalty::Penalty;
pub use crate::prox::Threshold;
use crate::prox::{group_factor, group_norm, rescale, soft_threshold};
use crate::record::{bits, StepRecord};
use crate::rules::{Adagrad, AdagradForm, Adam, AdamForm, AnyRule, MomentRule, RuleSpec};

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

impl Algorithm1<AnyRule> {
    /// Algorithm 1 in one call from the specs a config holds: the rule of
    /// Table 1 and its form ([`RuleSpec`]), the group layout ([`GroupSpec`],
    /// built for `x1.len()` coordinates), the penalty and the threshold.
    pub fn from_spec(
        rule: &RuleSpec,
        groups: &GroupSpec,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[f64],
    ) -> Result<Self> {
        let n = x1.len();
        Algorithm1::new(rule.build(n)?, groups.build(n)?, penalty, threshold, x1)
    }
}

/// Group Adam as the paper runs it: Algorithm 2 of paper v1
/// ([`AdamForm::PaperV1`]: bias-corrected moments, eps outside the root) with
/// the `||s_t||` threshold of Algorithm 1, groups from `groups`.
pub fn group_adam(
    groups: &GroupSpec,
    alpha: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    penalty: Penalty,
    x1: &[f64],
) -> Result<Algorithm1<Adam>> {
    let n = x1.len();
    let rule = Adam::new(n, alpha, beta1, beta2, eps, AdamForm::PaperV1)?;
    Algorithm1::new(rule, groups.build(n)?, penalty, Threshold::S, x1)
}

/// Group Adagrad as the paper runs it: Algorithm 3 ([`AdagradForm::PaperAlg3`]:
/// `V_1 = g_1^2 + eps`) with the `||s_t||` threshold, groups from `groups`.
pub fn group_adagrad(
    groups: &GroupSpec,
    alpha: f64,
    eps: f64,
    penalty: Penalty,
    x1: &[f64],
) -> Result<Algorithm1<Adagrad>> {
    let n = x1.len();
    let rule = Adagrad::new(n, alpha, eps, AdagradForm::PaperAlg3)?;
    Algorithm1::new(rule, groups.build(n)?, penalty, Threshold::S, x1)
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
    /// Returns `x_{t+1}`. For AdaHessian use [`Algorithm1::step_with_hessian`].
    pub fn step(&mut self, g: &[f64]) -> Result<&[f64]> {
        self.step_with(g, None)
    }

    /// [`Algorithm1::step`] with the Hessian diagonal `D_t` that AdaHessian's
    /// second moment averages \[Tab1:AdaHessian\] (other rules ignore it).
    pub fn step_with_hessian(&mut self, g: &[f64], hess_diag: &[f64]) -> Result<&[f64]> {
        self.step_with(g, Some(hess_diag))
    }

    /// [`Algorithm1::step`] with an optional `D_t` (the form generic drivers use).
    pub fn step_with(&mut self, g: &[f64], hess_diag: Option<&[f64]>) -> Result<&[f64]> {
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
        // [Alg1:L10], group by group: the norm of w^g (w chosen by the
        // threshold), the factor (with the c = 0 rule), the diagonal rescale.
        for (g_idx, members) in self.groups.iter().enumerate() {
            let c = self.groups.sqrt_size(g_idx) * lam.lambda21;
            let norm = group_norm(self.threshold, &self.s, &self.sigma, lam.lambda2, members)
                .map_err(|e| e.at_step(t))?;
            let factor = group_factor(norm, c);
            for &i in members {
                self.x[i] = rescale(factor, self.s[i], self.sigma[i], lam.lambda2, i)
                    .map_err(|e| e.at_step(t))?;
            }
        }
        Ok(&self.x)
    }

    /// The state after the last step t: `x_{t+1}`, `z_t`, `m_t`, `V_t`,
    /// `sigma_t` (before the first step: `x_1`, `z_0 = 0`, zero moments and
    /// `sigma_0`).
    pub fn record(&self) -> StepRecord {
        StepRecord {
            x_next: self.x.clone(),
            x_next_bits: self.x.iter().map(|&v| bits(v)).collect(),
            z_t: self.z.clone(),
            m_t: self.rule.m().to_vec(),
            v_t: self.rule.v().to_vec(),
            sigma_t: self.sigma.clone(),
        }
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
