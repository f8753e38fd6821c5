//! The straightforward `Dense` table: Algorithm 1 on the whole table (n =
//! R d coordinates, groups = rows) with the batch scattered into a
//! zero-filled gradient. It checks the deferred
//! [`super::EmbeddingTable`] with [`super::Semantics::Dense`]; it shares
//! no batch handling with it (its own validation and scatter-add).

use super::{SparseBatch, TableError, TableResult};
use crate::algorithm1::{Algorithm1, Threshold};
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::rules::{AnyRule, MomentRule, RuleSpec};

/// Dense Algorithm 1 over an R x d table (every row every step).
#[derive(Debug, Clone)]
pub struct DenseReference {
    rows: usize,
    d: usize,
    alg: Algorithm1<AnyRule>,
    g: Vec<f64>,
    h: Vec<f64>,
}

impl DenseReference {
    /// Same arguments as [`super::EmbeddingTable::new`] (x1 is one row,
    /// repeated R times). Allocates O(R d) for every state vector.
    pub fn new(
        rows: usize,
        d: usize,
        spec: &RuleSpec,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[f64],
    ) -> TableResult<Self> {
        let n = rows.checked_mul(d).ok_or(TableError::TooLarge {
            rows,
            d,
            reason: "rows * d overflows",
        })?;
        if x1.len() != d {
            return Err(crate::SglError::DimensionMismatch {
                what: "x1 (one row)",
                expected: d,
                got: x1.len(),
            }
            .into());
        }
        let mut x = Vec::with_capacity(n);
        for _ in 0..rows {
            x.extend_from_slice(x1);
        }
        let alg = Algorithm1::new(spec.build(n)?, Groups::rows(n, d)?, penalty, threshold, &x)?;
        Ok(Self {
            rows,
            d,
            alg,
            g: vec![0.0; n],
            h: vec![0.0; n],
        })
    }

    /// One dense step: `g` is zero except the batch rows (duplicates
    /// added into the zero-filled gradient in batch order).
    pub fn step(&mut self, batch: &SparseBatch) -> TableResult<()> {
        let d = self.d;
        let needs_h = self.alg.rule().needs_hessian();
        if batch.grads.len() != batch.ids.len() {
            return Err(TableError::BatchShape {
                ids: batch.ids.len(),
                rows: batch.grads.len(),
                what: "gradient",
            });
        }
        for (k, &id) in batch.ids.iter().enumerate() {
            if !(0..self.rows as i64).contains(&id) {
                return Err(TableError::IdOutOfRange {
                    position: k,
                    id,
                    rows: self.rows,
                });
            }
            if batch.grads[k].len() != d {
                return Err(TableError::Width {
                    position: k,
                    what: "gradient",
                    got: batch.grads[k].len(),
                    expected: d,
                });
            }
        }
        self.g.iter_mut().for_each(|v| *v = 0.0);
        self.h.iter_mut().for_each(|v| *v = 0.0);
        for (k, &id) in batch.ids.iter().enumerate() {
            let base = id as usize * d;
            for j in 0..d {
                self.g[base + j] += batch.grads[k][j];
            }
            if needs_h {
                let hr = batch
                    .hess
                    .as_ref()
                    .and_then(|h| h.get(k))
                    .ok_or(TableError::Hessian {
                        position: k,
                        rule: "adahessian",
                        problem: "needs a Hessian diagonal row per id, none given",
                    })?;
                for j in 0..d {
                    self.h[base + j] += hr[j];
                }
            }
        }
        let h = needs_h.then_some(&self.h[..]);
        self.alg.step_with(&self.g, h)?;
        Ok(())
    }

    /// The whole table's values (R x d, row-major).
    pub fn values(&self) -> &[f64] {
        self.alg.x()
    }
    /// The underlying dense Algorithm 1 (z, sigma, rule state).
    pub fn algorithm(&self) -> &Algorithm1<AnyRule> {
        &self.alg
    }
    /// The global step.
    pub fn t(&self) -> u64 {
        self.alg.t()
    }
}
