//! \[Tab1:Adam\] and Algorithm 2 (Group Adam), in every printed form.
//!
//! The same exponential-moving-average core also serves AdaHessian, whose
//! second moment averages `D_t^2` instead of `g_t^2` \[Tab1:AdaHessian\].

use super::{check_gradient, MomentRule, RunningPower};
use crate::error::{check_param, Result};
use serde::{Deserialize, Serialize};

/// Which printed form of Adam (bias correction and eps placement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AdamForm {
    /// Table 1 row: un-corrected `m_t`, `V_t`, `alpha_t = alpha sqrt(1-beta2^t)/(1-beta1^t)`,
    /// and `sqrt(V_t) + eps` as the root. With `eps = 0` this is Table 1 verbatim;
    /// with `eps > 0` it is TensorFlow's (and tfplus's) "epsilon-hat" Adam.
    Table1,
    /// Algorithm 2 of paper v1: `m_t = m^_t/(1-beta1^t)`, `V_t = V^_t/(1-beta2^t)`,
    /// `alpha_t = alpha`, root `sqrt(V_t) + eps` (Q_1 carries the eps, line 8).
    /// At lambda = 0 this is PyTorch `Adam` and optax `adam` (eps outside the
    /// root of the bias-corrected V). The paper's default.
    #[default]
    PaperV1,
    /// Algorithm 2 of paper v2 (line 8: `eps_t = eps / sqrt(1-beta2^t)`), made an
    /// instance of Algorithm 1: root `sqrt(V_t) + eps_t` with `Q_t` the
    /// difference of consecutive roots at every t. As printed, line 9 puts eps
    /// into Q_1 only, which breaks Theorem 2 (erratum E2; the literal
    /// transcription is [`crate::printed::GroupAdamPrinted`]).
    /// At lambda = 0 this equals TensorFlow's epsilon-hat Adam.
    PaperV2,
    /// tfplus `GroupAdamOptimizer` (kernel version 4, and 2/3 which divide
    /// through by lr): un-corrected `V_t`, root `sqrt(V_t) + eps` (epsilon-hat),
    /// the bias correction folded into the first moment,
    /// `m_t = m^_t sqrt(1-beta2^t)/(1-beta1^t)`, and `alpha_t = alpha`.
    /// tfplus multiplies lambda1/lambda21/lambda2 by lr only because it keeps
    /// z in units of lr (z_tfplus = lr z); the lambdas you pass are the paper's.
    /// At lambda = 0 equal to TensorFlow's Adam.
    Tfplus,
}

/// The shared EMA state of Adam-like rules.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EmaCore {
    alpha: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    form: AdamForm,
    t: u64,
    b1: RunningPower,
    b2: RunningPower,
    m_hat: Vec<f64>,
    v_hat: Vec<f64>,
    m: Vec<f64>,
    v: Vec<f64>,
    sqrt_v: Vec<f64>,
    alpha_t: f64,
}

impl EmaCore {
    pub fn new(
        n: usize,
        alpha: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
        form: AdamForm,
    ) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Tab1:Adam]")?;
        check_param(
            "beta1",
            beta1,
            (0.0..1.0).contains(&beta1),
            "beta1 must lie in [0, 1) [Tab1:Adam]",
        )?;
        check_param(
            "beta2",
            beta2,
            (0.0..1.0).contains(&beta2),
            "beta2 must lie in [0, 1) [Tab1:Adam]",
        )?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0 [Alg2]")?;
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
            v_hat: vec![0.0; n],
            m: vec![0.0; n],
            v: vec![0.0; n],
            sqrt_v: vec![0.0; n],
            alpha_t: alpha,
        })
    }

    /// One step with gradient `g` and second-moment input `u` (`g` for Adam,
    /// `D_t` for AdaHessian; squared here).
    pub fn observe(&mut self, g: &[f64], u: &[f64]) {
        self.t += 1;
        let b1t = self.b1.advance();
        let b2t = self.b2.advance();
        let bc1 = 1.0 - b1t;
        let bc2 = 1.0 - b2t;
        for i in 0..g.len() {
            // [Alg2:L4], [Alg2:L6]
            self.m_hat[i] = self.beta1 * self.m_hat[i] + (1.0 - self.beta1) * g[i];
            self.v_hat[i] = self.beta2 * self.v_hat[i] + (1.0 - self.beta2) * (u[i] * u[i]);
        }
        match self.form {
            AdamForm::Table1 => {
                self.alpha_t = self.alpha * bc2.sqrt() / bc1;
                for i in 0..g.len() {
                    self.m[i] = self.m_hat[i];
                    self.v[i] = self.v_hat[i];
                    self.sqrt_v[i] = self.v[i].sqrt() + self.eps;
                }
            }
            AdamForm::Tfplus => {
                self.alpha_t = self.alpha;
                let fold = bc2.sqrt() / bc1;
                for i in 0..g.len() {
                    self.m[i] = self.m_hat[i] * fold;
                    self.v[i] = self.v_hat[i];
                    self.sqrt_v[i] = self.v[i].sqrt() + self.eps;
                }
            }
            AdamForm::PaperV1 | AdamForm::PaperV2 => {
                self.alpha_t = self.alpha;
                // [Alg2:L8] of v2: eps_t = eps / sqrt(1 - beta2^t)
                let eps_t = if self.form == AdamForm::PaperV2 {
                    self.eps / bc2.sqrt()
                } else {
                    self.eps
                };
                for i in 0..g.len() {
                    // [Alg2:L5], [Alg2:L7]
                    self.m[i] = self.m_hat[i] / bc1;
                    self.v[i] = self.v_hat[i] / bc2;
                    self.sqrt_v[i] = self.v[i].sqrt() + eps_t;
                }
            }
        }
    }

    pub fn step(&self) -> u64 {
        self.t
    }
    pub fn m(&self) -> &[f64] {
        &self.m
    }
    pub fn v(&self) -> &[f64] {
        &self.v
    }
    pub fn sqrt_v(&self) -> &[f64] {
        &self.sqrt_v
    }
    pub fn alpha(&self) -> f64 {
        self.alpha_t
    }
    pub fn dim(&self) -> usize {
        self.m.len()
    }
}

/// Adam as a moment rule (see [`AdamForm`] for the printed variants).
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    core: EmaCore,
}

impl Adam {
    /// `alpha > 0`, `beta1, beta2` in `[0,1)`, `eps >= 0` \[Tab1:Adam\].
    pub fn new(
        n: usize,
        alpha: f64,
        beta1: f64,
        beta2: f64,
        eps: f64,
        form: AdamForm,
    ) -> Result<Self> {
        Ok(Self {
            core: EmaCore::new(n, alpha, beta1, beta2, eps, form)?,
        })
    }
}

impl MomentRule for Adam {
    fn name(&self) -> &'static str {
        "adam"
    }
    fn dim(&self) -> usize {
        self.core.dim()
    }
    fn observe(&mut self, g: &[f64], _: Option<&[f64]>) -> Result<()> {
        check_gradient(g, self.core.dim())?;
        self.core.observe(g, g);
        Ok(())
    }
    fn step(&self) -> u64 {
        self.core.step()
    }
    fn m(&self) -> &[f64] {
        self.core.m()
    }
    fn v(&self) -> &[f64] {
        self.core.v()
    }
    fn sqrt_v(&self) -> &[f64] {
        self.core.sqrt_v()
    }
    fn alpha(&self) -> f64 {
        self.core.alpha()
    }
}

impl EmaCore {
    /// The clock part of [`super::ClockedRule`]: t, `beta^t`, `alpha_t`.
    pub(crate) fn set_clock_from(&mut self, clock: &Self) {
        self.t = clock.t;
        self.b1 = clock.b1;
        self.b2 = clock.b2;
        self.alpha_t = clock.alpha_t;
    }
}

impl super::ClockedRule for Adam {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        self.core.set_clock_from(&clock.core);
        Ok(())
    }
}
