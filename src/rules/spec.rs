//! Serializable rule specifications (configs, fixtures) and [`AnyRule`], the
//! enum that lets the CLI drive Algorithm 1 over any rule.

use super::*;
use serde::{Deserialize, Serialize};

/// A rule and its hyper-parameters, as written in a config file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", deny_unknown_fields)]
pub enum RuleSpec {
    /// [`Sgd`].
    Sgd {
        /// Base step size.
        alpha: f64,
        /// Schedule (default: Table 1's `alpha/sqrt(t)`).
        #[serde(default)]
        schedule: SgdSchedule,
    },
    /// [`Momentum`].
    Momentum {
        /// Step size.
        alpha: f64,
        /// Momentum coefficient in `[0,1)`.
        gamma: f64,
    },
    /// [`Adagrad`].
    Adagrad {
        /// Step size.
        alpha: f64,
        /// eps (see the form).
        #[serde(default)]
        eps: f64,
        /// Where eps / the initial accumulator goes.
        #[serde(default = "default_adagrad_form")]
        form: AdagradForm,
    },
    /// [`Adam`].
    Adam {
        /// Step size.
        alpha: f64,
        /// beta1.
        beta1: f64,
        /// beta2.
        beta2: f64,
        /// eps.
        #[serde(default)]
        eps: f64,
        /// Printed form.
        #[serde(default)]
        form: AdamForm,
    },
    /// [`AmsGrad`].
    Amsgrad {
        /// Step size.
        alpha: f64,
        /// beta1.
        beta1: f64,
        /// beta2.
        beta2: f64,
        /// eps.
        #[serde(default)]
        eps: f64,
        /// Where the max is taken.
        #[serde(default)]
        form: AmsGradForm,
    },
    /// [`AdaHessian`].
    Adahessian {
        /// Step size.
        alpha: f64,
        /// beta1.
        beta1: f64,
        /// beta2.
        beta2: f64,
        /// eps.
        #[serde(default)]
        eps: f64,
        /// Printed form.
        #[serde(default)]
        form: AdamForm,
    },
}

fn default_adagrad_form() -> AdagradForm {
    AdagradForm::PaperAlg3
}

impl RuleSpec {
    /// Builds the rule for dimension n, validating every parameter.
    pub fn build(&self, n: usize) -> Result<AnyRule> {
        Ok(match *self {
            RuleSpec::Sgd { alpha, schedule } => AnyRule::Sgd(Sgd::new(n, alpha, schedule)?),
            RuleSpec::Momentum { alpha, gamma } => {
                AnyRule::Momentum(Momentum::new(n, alpha, gamma)?)
            }
            RuleSpec::Adagrad { alpha, eps, form } => {
                AnyRule::Adagrad(Adagrad::new(n, alpha, eps, form)?)
            }
            RuleSpec::Adam {
                alpha,
                beta1,
                beta2,
                eps,
                form,
            } => AnyRule::Adam(Adam::new(n, alpha, beta1, beta2, eps, form)?),
            RuleSpec::Amsgrad {
                alpha,
                beta1,
                beta2,
                eps,
                form,
            } => AnyRule::AmsGrad(AmsGrad::new(n, alpha, beta1, beta2, eps, form)?),
            RuleSpec::Adahessian {
                alpha,
                beta1,
                beta2,
                eps,
                form,
            } => AnyRule::AdaHessian(AdaHessian::new(n, alpha, beta1, beta2, eps, form)?),
        })
    }
}

/// Any rule of Table 1 (dispatch by enum; keeps Algorithm 1 generic and static).
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum AnyRule {
    Sgd(Sgd),
    Momentum(Momentum),
    Adagrad(Adagrad),
    Adam(Adam),
    AmsGrad(AmsGrad),
    AdaHessian(AdaHessian),
}

macro_rules! each {
    ($self:ident, $r:ident => $e:expr) => {
        match $self {
            AnyRule::Sgd($r) => $e,
            AnyRule::Momentum($r) => $e,
            AnyRule::Adagrad($r) => $e,
            AnyRule::Adam($r) => $e,
            AnyRule::AmsGrad($r) => $e,
            AnyRule::AdaHessian($r) => $e,
        }
    };
}

impl MomentRule for AnyRule {
    fn name(&self) -> &'static str {
        each!(self, r => r.name())
    }
    fn dim(&self) -> usize {
        each!(self, r => r.dim())
    }
    fn needs_hessian(&self) -> bool {
        each!(self, r => r.needs_hessian())
    }
    fn observe(&mut self, g: &[f64], h: Option<&[f64]>) -> Result<()> {
        each!(self, r => r.observe(g, h))
    }
    fn step(&self) -> u64 {
        each!(self, r => r.step())
    }
    fn m(&self) -> &[f64] {
        each!(self, r => r.m())
    }
    fn v(&self) -> &[f64] {
        each!(self, r => r.v())
    }
    fn sqrt_v(&self) -> &[f64] {
        each!(self, r => r.sqrt_v())
    }
    fn alpha(&self) -> f64 {
        each!(self, r => r.alpha())
    }
    fn initial_sigma(&self) -> Vec<f64> {
        each!(self, r => r.initial_sigma())
    }
}

impl ClockedRule for AnyRule {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        match (self, clock) {
            (AnyRule::Sgd(a), AnyRule::Sgd(b)) => a.set_clock_from(b),
            (AnyRule::Momentum(a), AnyRule::Momentum(b)) => a.set_clock_from(b),
            (AnyRule::Adagrad(a), AnyRule::Adagrad(b)) => a.set_clock_from(b),
            (AnyRule::Adam(a), AnyRule::Adam(b)) => a.set_clock_from(b),
            (AnyRule::AmsGrad(a), AnyRule::AmsGrad(b)) => a.set_clock_from(b),
            (AnyRule::AdaHessian(a), AnyRule::AdaHessian(b)) => a.set_clock_from(b),
            (a, b) => Err(SglError::InvalidInput(format!(
                "set_clock_from: rule {} cannot take the clock of rule {}",
                a.name(),
                b.name()
            ))),
        }
    }
}
