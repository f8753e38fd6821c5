//! \[Tab1:SGD\]: `m_t = g_t`, `V_t = I`, `alpha_t = alpha / sqrt(t)`.

use super::{check_gradient, MomentRule};
use crate::error::{check_param, Result};
use serde::{Deserialize, Serialize};

/// Step-size schedule of SGD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SgdSchedule {
    /// `alpha_t = alpha / sqrt(t)`, as printed in Table 1 (the paper's default).
    #[default]
    InvSqrtT,
    /// `alpha_t = alpha`: PyTorch `SGD`, optax `sgd`, TensorFlow `SGD`.
    Constant,
}

/// Plain SGD as a moment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Sgd {
    alpha: f64,
    schedule: SgdSchedule,
    t: u64,
    m: Vec<f64>,
    ones: Vec<f64>,
    alpha_t: f64,
}

impl Sgd {
    /// `alpha > 0` \[Tab1:SGD\].
    pub fn new(n: usize, alpha: f64, schedule: SgdSchedule) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Tab1:SGD]")?;
        Ok(Self {
            alpha,
            schedule,
            t: 0,
            m: vec![0.0; n],
            ones: vec![1.0; n],
            alpha_t: alpha,
        })
    }
}

impl MomentRule for Sgd {
    fn name(&self) -> &'static str {
        "sgd"
    }
    fn dim(&self) -> usize {
        self.m.len()
    }
    fn observe(&mut self, g: &[f64], _: Option<&[f64]>) -> Result<()> {
        check_gradient(g, self.m.len())?;
        self.t += 1;
        self.m.copy_from_slice(g);
        self.alpha_t = match self.schedule {
            SgdSchedule::InvSqrtT => self.alpha / (self.t as f64).sqrt(),
            SgdSchedule::Constant => self.alpha,
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
        &self.ones
    }
    fn sqrt_v(&self) -> &[f64] {
        &self.ones
    }
    fn alpha(&self) -> f64 {
        self.alpha_t
    }
}

impl super::ClockedRule for Sgd {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        self.t = clock.t;
        self.alpha_t = clock.alpha_t;
        Ok(())
    }
}
