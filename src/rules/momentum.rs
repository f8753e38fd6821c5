//! \[Tab1:Momentum\]: `m_t = gamma m_{t-1} + g_t`, `V_t = I`, `alpha_t = alpha`.
//!
//! This is PyTorch's `SGD(momentum=gamma, dampening=0, nesterov=False)` and
//! optax's `sgd(momentum=gamma)`; heavy-ball of Polyak [17].

use super::{check_gradient, MomentRule};
use crate::error::{check_param, Result};

/// Heavy-ball momentum as a moment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Momentum {
    alpha: f64,
    gamma: f64,
    t: u64,
    m: Vec<f64>,
    ones: Vec<f64>,
}

impl Momentum {
    /// `alpha > 0`, `gamma` in `[0, 1)` \[Tab1:Momentum\].
    pub fn new(n: usize, alpha: f64, gamma: f64) -> Result<Self> {
        check_param(
            "alpha",
            alpha,
            alpha > 0.0,
            "alpha must be > 0 [Tab1:Momentum]",
        )?;
        check_param(
            "gamma",
            gamma,
            (0.0..1.0).contains(&gamma),
            "gamma must lie in [0, 1) [Tab1:Momentum]",
        )?;
        Ok(Self {
            alpha,
            gamma,
            t: 0,
            m: vec![0.0; n],
            ones: vec![1.0; n],
        })
    }
}

impl MomentRule for Momentum {
    fn name(&self) -> &'static str {
        "momentum"
    }
    fn dim(&self) -> usize {
        self.m.len()
    }
    fn observe(&mut self, g: &[f64], _: Option<&[f64]>) -> Result<()> {
        check_gradient(g, self.m.len())?;
        self.t += 1;
        for (mi, gi) in self.m.iter_mut().zip(g) {
            *mi = self.gamma * *mi + gi;
        }
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
        self.alpha
    }
}

impl super::ClockedRule for Momentum {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        self.t = clock.t;
        Ok(())
    }
}
