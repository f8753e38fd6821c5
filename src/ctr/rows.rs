//! How training talks to the embedding optimizer: [`SparseRowOptimizer`],
//! and [`LazyRows`], a small map-of-rows implementation of it.
//!
//! The paper regularises only the embedding table, "each embedding vector is
//! considered as a group" (v2, Section 4.1), and dense weights use the plain
//! optimizer of the same family. A batch touches a few rows of a large table,
//! so the table is stepped row by row with sparse `(row id, gradient row)`
//! pairs.

use super::{mix64, unit, CtrError, Result};
use crate::algorithm1::{Algorithm1, Threshold};
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::rules::{AnyRule, RuleSpec};
use std::collections::HashMap;

/// An embedding-table optimizer stepped with sparse row gradients.
///
/// The crate's embedding table (issue 16, `Dense` and `Lazy` semantics)
/// implements this trait; [`LazyRows`] is the stand-in used until then.
pub trait SparseRowOptimizer {
    /// Row width d (the embedding dimension; one group per row).
    fn dim(&self) -> usize;
    /// One optimizer step for the rows of a batch: `grads` lists each touched
    /// row once, ids strictly increasing, each with its d gradient entries.
    /// Inputs are validated before any row changes.
    fn step(&mut self, grads: &[(u64, &[f64])]) -> Result<()>;
    /// Writes the current value of row `id` into `out` (length d). A row
    /// never stepped reads as its initial value; reading does not make it
    /// "seen".
    fn row(&mut self, id: u64, out: &mut [f64]) -> Result<()>;
    /// Rows stepped at least once (the denominator of the feature rate).
    fn rows_seen(&self) -> u64;
    /// Rows stepped at least once whose value is not exactly zero.
    fn rows_nonzero(&self) -> u64;
    /// `(id, ||row||_2)` of every row seen, sorted by id (for magnitude pruning).
    fn row_norms(&self) -> Vec<(u64, f64)>;
    /// Sets the listed rows to zero (magnitude pruning). Rows stay "seen".
    fn prune(&mut self, ids: &[u64]) -> Result<()>;
}

/// Seeded initial value of a row: entries uniform in `[-scale, scale)`,
/// a hash of `(seed, row id, coordinate)`, so no row is stored before it is
/// touched.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowInit {
    /// Seed.
    pub seed: u64,
    /// Half-width of the uniform distribution (>= 0).
    pub scale: f64,
}

impl RowInit {
    /// Writes the initial value of row `id` into `out`.
    pub fn fill(&self, id: u64, out: &mut [f64]) {
        let h = mix64(mix64(self.seed) ^ id);
        for (k, v) in out.iter_mut().enumerate() {
            *v = self.scale * (2.0 * unit(mix64(h ^ k as u64)) - 1.0);
        }
    }
}

/// A map of per-row [`Algorithm1`] instances, one group of width d each,
/// created on first touch from [`RowInit`].
///
/// What it is, exactly: each row is its own Algorithm 1 run, stepped only in
/// the batches that touch it. So a row's step counter, and with it Adam's
/// bias correction `1 - beta^t`, counts *the row's own steps*, not the global
/// step, and a row not in a batch receives no step at all (no zero-gradient
/// step, no momentum drift). That is the "lazy" convention of sparse Adam
/// implementations, not Algorithm 1 run on the whole table with zero
/// gradients for absent rows; the crate's embedding table (issue 16) provides
/// both semantics and replaces this type.
///
/// A pruned row restarts as a fresh Algorithm 1 run at zero (its moments are
/// discarded); the paper does not say what its pruning does to optimizer state.
///
/// Inputs are validated before any row changes; an error of Algorithm 1
/// itself (an overflow, [`crate::SglError::Overflow`]) stops the batch, and the
/// rows stepped before it keep their step.
#[derive(Debug, Clone)]
pub struct LazyRows {
    spec: RuleSpec,
    penalty: Penalty,
    threshold: Threshold,
    dim: usize,
    init: RowInit,
    group: Groups,
    rows: HashMap<u64, Algorithm1<AnyRule>>,
}

impl LazyRows {
    /// Rows of width `dim` stepped by Algorithm 1 with rule `spec`, `penalty`
    /// (the group of a row is the whole row, so `lambda21` is multiplied by
    /// `sqrt(d)` \[Eq:5\]) and `threshold` \[Alg1:L10\].
    pub fn new(
        spec: RuleSpec,
        penalty: Penalty,
        threshold: Threshold,
        dim: usize,
        init: RowInit,
    ) -> Result<Self> {
        penalty.validate()?;
        spec.build(dim)?;
        if !(init.scale.is_finite() && init.scale >= 0.0) {
            return Err(CtrError::InvalidSetting {
                name: "init.scale",
                value: init.scale.to_string(),
                condition: "the initial half-width must be finite and >= 0",
            });
        }
        Ok(Self {
            group: Groups::rows(dim, dim)?,
            spec,
            penalty,
            threshold,
            dim,
            init,
            rows: HashMap::new(),
        })
    }

    fn fresh(&self, x1: &[f64]) -> Result<Algorithm1<AnyRule>> {
        Ok(Algorithm1::new(
            self.spec.build(self.dim)?,
            self.group.clone(),
            self.penalty,
            self.threshold,
            x1,
        )?)
    }

    /// The Algorithm 1 state of a row, if it was ever stepped.
    pub fn state(&self, id: u64) -> Option<&Algorithm1<AnyRule>> {
        self.rows.get(&id)
    }
}

impl SparseRowOptimizer for LazyRows {
    fn dim(&self) -> usize {
        self.dim
    }
    fn step(&mut self, grads: &[(u64, &[f64])]) -> Result<()> {
        for (k, (id, g)) in grads.iter().enumerate() {
            if g.len() != self.dim {
                return Err(CtrError::Length {
                    what: "row gradient",
                    expected: self.dim,
                    got: g.len(),
                });
            }
            if let Some(i) = g.iter().position(|v| !v.is_finite()) {
                return Err(CtrError::NonFinite {
                    what: "row gradient",
                    index: k * self.dim + i,
                });
            }
            if k > 0 && grads[k - 1].0 >= *id {
                return Err(CtrError::InvalidSetting {
                    name: "grads",
                    value: format!("id {} after {}", id, grads[k - 1].0),
                    condition: "row ids must be strictly increasing",
                });
            }
        }
        let mut x1 = vec![0.0; self.dim];
        for &(id, g) in grads {
            if !self.rows.contains_key(&id) {
                self.init.fill(id, &mut x1);
                let row = self.fresh(&x1)?;
                self.rows.insert(id, row);
            }
            if let Some(row) = self.rows.get_mut(&id) {
                row.step(g)?;
            }
        }
        Ok(())
    }
    fn row(&mut self, id: u64, out: &mut [f64]) -> Result<()> {
        if out.len() != self.dim {
            return Err(CtrError::Length {
                what: "row buffer",
                expected: self.dim,
                got: out.len(),
            });
        }
        match self.rows.get(&id) {
            Some(r) => out.copy_from_slice(r.x()),
            None => self.init.fill(id, out),
        }
        Ok(())
    }
    fn rows_seen(&self) -> u64 {
        self.rows.len() as u64
    }
    fn rows_nonzero(&self) -> u64 {
        self.rows
            .values()
            .filter(|r| r.x().iter().any(|&v| v != 0.0))
            .count() as u64
    }
    fn row_norms(&self) -> Vec<(u64, f64)> {
        let mut v: Vec<(u64, f64)> = self
            .rows
            .iter()
            .map(|(&id, r)| (id, r.x().iter().map(|a| a * a).sum::<f64>().sqrt()))
            .collect();
        v.sort_by_key(|p| p.0);
        v
    }
    fn prune(&mut self, ids: &[u64]) -> Result<()> {
        let zero = vec![0.0; self.dim];
        let fresh = self.fresh(&zero)?;
        for id in ids {
            if let Some(r) = self.rows.get_mut(id) {
                *r = fresh.clone();
            }
        }
        Ok(())
    }
}
