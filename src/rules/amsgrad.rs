//! \[Tab1:AMSGrad\]: Adam's first moment with a non-decreasing second moment.

use super::{check_gradient, MomentRule, RunningPower};
use crate::error::{check_param, Result};
use serde::{Deserialize, Serialize};

/// Where the running maximum is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AmsGradForm {
    /// Table 1 as printed: `V_t = max(V_{t-1}, beta2 V_{t-1} + (1-beta2) g_t^2)`
    /// (the EMA runs on the maximised sequence itself), un-corrected m,
    /// `alpha_t = alpha sqrt(1-beta2^t)/(1-beta1^t)`, root `sqrt(V_t) + eps`.
    #[default]
    Table1,
    /// Reddi et al. (2018), Algorithm 2: separate EMA `v_t`, `V_t = max(V_{t-1}, v_t)`,
    /// no bias correction, `alpha_t = alpha`, root `sqrt(V_t) + eps`.
    Reddi,
    /// PyTorch `Adam(amsgrad=True)`: max of the *un-corrected* EMA, then
    /// `sqrt(V_max)/sqrt(1-beta2^t) + eps`; `m_t = m^_t/(1-beta1^t)`, `alpha_t = alpha`.
    PyTorch,
    /// optax `amsgrad`: max of the *bias-corrected* EMA, root `sqrt(V_max) + eps`;
    /// `m_t = m^_t/(1-beta1^t)`, `alpha_t = alpha`.
    Optax,
}

/// AMSGrad as a moment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct AmsGrad {
    alpha: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    form: AmsGradForm,
    t: u64,
    b1: RunningPower,
    b2: RunningPower,
    m_hat: Vec<f64>,
    ema: Vec<f64>,
    m: Vec<f64>,
    v: Vec<f64>,
    sqrt_v: Vec<f64>,
    alpha_t: f64,
}

impl AmsGrad {
    /// `alpha > 0`, `beta1, beta2` in `[0,1)`, `eps >= 0` \[Tab1:AMSGrad\].
    pub fn new(
        n: usize,
        alpha: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
        form: AmsGradForm,
    ) -> Result<Self> {
        check_param(
            "alpha",
            alpha,
            alpha > 0.0,
            "alpha must be > 0 [Tab1:AMSGrad]",
        )?;
        check_param(
            "beta1",
            beta1,
            (0.0..1.0).contains(&beta1),
            "beta1 must lie in [0, 1) [Tab1:AMSGrad]",
        )?;
        check_param(
            "beta2",
            beta2,
            (0.0..1.0).contains(&beta2),
            "beta2 must lie in [0, 1) [Tab1:AMSGrad]",
        )?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0")?;
        Ok(Self {
            alpha,
            beta1,
            beta2,
            eps,
            form,
            t: 0,
            b1: RunningPower::new(beta1),
            b2: RunningPower::new(beta2),
            m_hat: vec![0.0; n],
            ema: vec![0.0; n],
            m: vec![0.0; n],
            v: vec![0.0; n],
            sqrt_v: vec![0.0; n],
            alpha_t: alpha,
        })
    }
}

impl MomentRule for AmsGrad {
    fn name(&self) -> &'static str {
        "amsgrad"
    }
    fn dim(&self) -> usize {
        self.m.len()
    }
    fn observe(&mut self, g: &[f64], _: Option<&[f64]>) -> Result<()> {
        check_gradient(g, self.m.len())?;
        self.t += 1;
        let bc1 = 1.0 - self.b1.advance();
        let bc2 = 1.0 - self.b2.advance();
        let (b1, b2) = (self.beta1, self.beta2);
        for i in 0..g.len() {
            self.m_hat[i] = b1 * self.m_hat[i] + (1.0 - b1) * g[i];
            let g2 = g[i] * g[i];
            match self.form {
                AmsGradForm::Table1 => {
                    let cand = b2 * self.v[i] + (1.0 - b2) * g2;
                    self.v[i] = self.v[i].max(cand);
                    self.m[i] = self.m_hat[i];
                    self.sqrt_v[i] = self.v[i].sqrt() + self.eps;
                }
                AmsGradForm::Reddi => {
                    self.ema[i] = b2 * self.ema[i] + (1.0 - b2) * g2;
                    self.v[i] = self.v[i].max(self.ema[i]);
                    self.m[i] = self.m_hat[i];
                    self.sqrt_v[i] = self.v[i].sqrt() + self.eps;
                }
                AmsGradForm::PyTorch => {
                    self.ema[i] = b2 * self.ema[i] + (1.0 - b2) * g2;
                    self.v[i] = self.v[i].max(self.ema[i]);
                    self.m[i] = self.m_hat[i] / bc1;
                    self.sqrt_v[i] = self.v[i].sqrt() / bc2.sqrt() + self.eps;
                }
                AmsGradForm::Optax => {
                    self.ema[i] = b2 * self.ema[i] + (1.0 - b2) * g2;
                    self.v[i] = self.v[i].max(self.ema[i] / bc2);
                    self.m[i] = self.m_hat[i] / bc1;
                    self.sqrt_v[i] = self.v[i].sqrt() + self.eps;
                }
            }
        }
        self.alpha_t = match self.form {
            AmsGradForm::Table1 => self.alpha * bc2.sqrt() / bc1,
            AmsGradForm::Reddi | AmsGradForm::PyTorch | AmsGradForm::Optax => self.alpha,
        };
        Ok(())
    }
    fn step(&self) -> u64 {
        self.t
    }
    fn m(&self) -> &[f64] {
        &self.m
    }
    fn v(&self) -> &[f64] {
        &self.v
    }
    fn sqrt_v(&self) -> &[f64] {
        &self.sqrt_v
    }
    fn alpha(&self) -> f64 {
        self.alpha_t
    }
}

impl super::ClockedRule for AmsGrad {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        self.t = clock.t;
        self.b1 = clock.b1;
        self.b2 = clock.b2;
        self.alpha_t = clock.alpha_t;
        Ok(())
    }
}
