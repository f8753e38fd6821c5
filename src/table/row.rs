//! The per-row rule of a table: any rule of Table 1 over one row of width d,
//! optionally synchronised to the table's global clock before it observes.

use crate::error::Result;
use crate::rules::{AnyRule, ClockedRule, MomentRule};
use std::cell::RefCell;
use std::rc::Rc;

/// The table's global clock: a rule of the same kind and hyper-parameters
/// with dimension 0, advanced once per table step (so its step counter, its
/// running powers `beta^t` and its `alpha_t` are those of the global step).
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    /// The dimension-0 rule holding the global step `T - 1` while the rows
    /// of step T observe.
    pub rule: AnyRule,
    /// When true, a row copies the clock before observing (its next step is
    /// the global step T); when false it advances its own clock by one.
    pub sync: bool,
}

/// A row's rule: [`AnyRule`] of dimension d plus a handle on the shared clock.
///
/// `Algorithm1` owns its rule and exposes it read-only, so the table tells a
/// row "your next step is the global step T" through the shared `Clock`
/// instead: with `sync` set, `observe` first calls
/// [`ClockedRule::set_clock_from`] (which leaves every moment untouched).
#[derive(Debug, Clone)]
pub struct TableRule {
    inner: AnyRule,
    clock: Rc<RefCell<Clock>>,
}

impl TableRule {
    pub(crate) fn new(inner: AnyRule, clock: Rc<RefCell<Clock>>) -> Self {
        Self { inner, clock }
    }
    /// The wrapped rule (m, V, alpha_t of the row).
    pub fn inner(&self) -> &AnyRule {
        &self.inner
    }
}

impl MomentRule for TableRule {
    fn name(&self) -> &'static str {
        self.inner.name()
    }
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn needs_hessian(&self) -> bool {
        self.inner.needs_hessian()
    }
    fn observe(&mut self, g: &[f64], hess_diag: Option<&[f64]>) -> Result<()> {
        {
            let c = self.clock.borrow();
            if c.sync {
                self.inner.set_clock_from(&c.rule)?;
            }
        }
        self.inner.observe(g, hess_diag)
    }
    fn step(&self) -> u64 {
        self.inner.step()
    }
    fn m(&self) -> &[f64] {
        self.inner.m()
    }
    fn v(&self) -> &[f64] {
        self.inner.v()
    }
    fn sqrt_v(&self) -> &[f64] {
        self.inner.sqrt_v()
    }
    fn alpha(&self) -> f64 {
        self.inner.alpha()
    }
    fn initial_sigma(&self) -> Vec<f64> {
        self.inner.initial_sigma()
    }
}
