//! \[Tab1:AdaHessian\]: Adam's moments with `V_t = beta2 V_{t-1} + (1-beta2) D_t^2`,
//! `D_t = diag(H_t)` supplied by the objective (exactly, or by a seeded
//! Hutchinson estimator, see [`crate::objectives::hutchinson_diag`]).
//!
//! Yao et al.'s reference implementation uses bias correction and eps outside
//! the root ([`AdamForm::PaperV1`] here) with Hessian power k = 1 and, for
//! convolutions, spatial averaging of D_t; neither power nor averaging is
//! part of the paper's Table 1, so they are not modelled.

use super::adam::{AdamForm, EmaCore};
use super::{check_gradient, MomentRule};
use crate::error::{check_finite, check_len, Result, SglError};

/// AdaHessian as a moment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct AdaHessian {
    core: EmaCore,
}

impl AdaHessian {
    /// Same parameters and forms as [`super::Adam`].
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

impl MomentRule for AdaHessian {
    fn name(&self) -> &'static str {
        "adahessian"
    }
    fn dim(&self) -> usize {
        self.core.dim()
    }
    fn needs_hessian(&self) -> bool {
        true
    }
    fn observe(&mut self, g: &[f64], hess_diag: Option<&[f64]>) -> Result<()> {
        check_gradient(g, self.core.dim())?;
        let d = hess_diag.ok_or(SglError::MissingHessian("adahessian"))?;
        check_len("hessian diagonal", d, self.core.dim())?;
        check_finite("hessian diagonal", d)?;
        self.core.observe(g, d);
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

impl super::ClockedRule for AdaHessian {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        self.core.set_clock_from(&clock.core);
        Ok(())
    }
}
