//! Moment rules: the rows of Table 1.
//!
//! A rule turns the gradient history into `m_t`, the diagonal `V_t` and the
//! step size `alpha_t` \[Tab1\]. Algorithm 1 and Eq. (1) only ever need
//! `m_t`, `alpha_t` and the diagonal that plays `sqrt(V_t)`; for rules with an
//! `eps` that diagonal is `sqrt(V_t) + eps` (or `sqrt(V_t + eps)`), and the
//! rule says which through [`MomentRule::sqrt_v`]. Each convention of a real
//! implementation (PyTorch, optax, TensorFlow, tfplus) is a named variant.

mod adagrad;
mod adahessian;
mod adam;
mod amsgrad;
mod momentum;
mod sgd;
mod spec;

pub use adagrad::{Adagrad, AdagradForm};
pub use adahessian::AdaHessian;
pub use adam::{Adam, AdamForm};
pub use amsgrad::{AmsGrad, AmsGradForm};
pub use momentum::Momentum;
pub use sgd::{Sgd, SgdSchedule};
pub use spec::{AnyRule, RuleSpec};

use crate::error::{Result, SglError};

/// One row of Table 1: the functions `phi_t`, `psi_t` and `alpha_t` of
/// Algorithm 1 line 4, as a small state machine.
pub trait MomentRule: Clone {
    /// Short name, e.g. `"adam"`.
    fn name(&self) -> &'static str;
    /// Dimension n.
    fn dim(&self) -> usize;
    /// True for AdaHessian: `observe` then requires `D_t`.
    fn needs_hessian(&self) -> bool {
        false
    }
    /// Consumes `g_t` (and `D_t` where needed) and advances to step t.
    fn observe(&mut self, g: &[f64], hess_diag: Option<&[f64]>) -> Result<()>;
    /// The current step t (0 before the first `observe`).
    fn step(&self) -> u64;
    /// `m_t`.
    fn m(&self) -> &[f64];
    /// The diagonal of `V_t` as the rule defines it (before any eps).
    fn v(&self) -> &[f64];
    /// The diagonal that plays `sqrt(V_t)` in Eq. (1) and Algorithm 1
    /// (includes eps where the convention puts it).
    fn sqrt_v(&self) -> &[f64];
    /// `alpha_t`.
    fn alpha(&self) -> f64;
    /// `sqrt(V_0)/alpha_0` used by \[Alg1:L5\] at t = 1: zero in the paper,
    /// `sqrt(n0)/alpha` for the TensorFlow/tfplus initial accumulator.
    fn initial_sigma(&self) -> Vec<f64> {
        vec![0.0; self.dim()]
    }
}

/// A rule whose step counter ("clock") can be set from another instance of
/// the same rule: what an embedding table with lazy (TensorFlow sparse-apply)
/// semantics needs, where a row's moments advance only when the row is in
/// the batch but bias corrections, `alpha_t` schedules and "first step" tests
/// read the *global* step (see `crate::table`).
///
/// `set_clock_from(clock)` copies the step t and every quantity that is a
/// function of t alone (the running powers `beta^t`, `alpha_t`) from `clock`
/// and leaves every moment (m, V, accumulators) untouched. The next
/// `observe` then takes step `t + 1` of `clock`'s clock. Observing through a
/// rule whose clock is never set is bit-identical to before (this is an
/// additive capability).
pub trait ClockedRule: MomentRule {
    /// Copies the clock of `clock` (same rule kind and hyper-parameters;
    /// its dimension is irrelevant). Errors if the kinds differ.
    fn set_clock_from(&mut self, clock: &Self) -> Result<()>;
}

/// `beta^t` kept as a running product (bit-reproducible; no `powi`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RunningPower {
    pub base: f64,
    pub value: f64,
}

impl RunningPower {
    pub fn new(base: f64) -> Self {
        Self { base, value: 1.0 }
    }
    pub fn advance(&mut self) -> f64 {
        self.value *= self.base;
        self.value
    }
}

/// Validates `g_t` (length and finiteness) for a rule of dimension n.
pub(crate) fn check_gradient(g: &[f64], n: usize) -> Result<()> {
    crate::error::check_len("gradient", g, n)?;
    crate::error::check_finite("gradient", g)
}
