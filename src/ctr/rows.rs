//! How training talks to the embedding optimizer: [`SparseRowOptimizer`],
//! implemented by [`TableRows`] on the crate's [`EmbeddingTable`].
//!
//! The paper regularises only the embedding table, "each embedding vector is
//! considered as a group" (v2, Section 4.1), and dense weights use the plain
//! optimizer of the same family. A batch touches a few rows of a large table,
//! so the table is stepped row by row with sparse `(row id, gradient row)`
//! pairs.

use super::{mix64, unit, CtrError, Result};
use crate::algorithm1::Threshold;
use crate::penalty::Penalty;
use crate::rules::RuleSpec;
use crate::table::{EmbeddingTable, Semantics, SparseBatch};

/// An embedding-table optimizer stepped with sparse row gradients.
///
/// [`TableRows`] implements it on the crate's [`EmbeddingTable`] (both
/// semantics); tests may implement it independently.
pub trait SparseRowOptimizer {
    /// Row width d (the embedding dimension; one group per row).
    fn dim(&self) -> usize;
    /// One optimizer step for the rows of a batch: `grads` lists each touched
    /// row once, ids strictly increasing, each with its d gradient entries.
    /// Inputs are validated before any row changes.
    fn step(&mut self, grads: &[(u64, &[f64])]) -> Result<()>;
    /// Writes the current value of row `id` into `out` (length d). Reading
    /// does not make a row "seen".
    fn row(&mut self, id: u64, out: &mut [f64]) -> Result<()>;
    /// Rows stepped at least once (the denominator of the feature rate).
    fn rows_seen(&self) -> u64;
    /// Rows stepped at least once whose current value is not exactly zero.
    fn rows_nonzero(&mut self) -> Result<u64>;
    /// `(id, ||row||_2)` of every row seen, sorted by id (for magnitude
    /// pruning), at the current step.
    fn row_norms(&mut self) -> Result<Vec<(u64, f64)>>;
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

/// The embedding rows on the crate's [`EmbeddingTable`]: global row ids
/// `0..rows` (a synthetic field's values occupy a contiguous range, see
/// [`crate::ctr::data::SyntheticCtr::row_id`]; a Criteo file hashes into
/// `0..buckets`), one group per row, [`Semantics::Dense`] (the paper: every
/// row takes every step, absent rows with `g = 0`) or [`Semantics::Lazy`]
/// (TensorFlow sparse apply: absent rows do not change, bias corrections
/// read the global step).
///
/// Initial values: row `id` starts at [`RowInit::fill`]`(id)` at step 0.
/// The table starts every row at one `x_1`, so a row is restarted at its own
/// value ([`EmbeddingTable::restart_row`]) the first time it is read or
/// stepped; under Dense the deferred clock then replays the steps it missed
/// from step 1, which is Dense Algorithm 1 from a per-row `x_1` exactly
/// (and costs one row step per missed step for Adam, whose `g = 0` step is
/// not a no-op). Adam rows live on the table's contiguous slab (built by
/// [`EmbeddingTable::new`]), which restarts, zeroes and copies rows with
/// the same values as per-row `Algorithm1` objects, bit for bit.
///
/// Pruning restarts the rows at zero ([`EmbeddingTable::zero_rows`]: their
/// slots are discarded; under Dense a zero row with zero slots stays zero
/// through `g = 0` steps).
///
/// Inputs are validated before any row changes; an error of Algorithm 1
/// itself (an overflow) fails the table step, which changes nothing.
#[derive(Debug)]
pub struct TableRows {
    table: EmbeddingTable,
    init: RowInit,
    seen: Vec<bool>,
    seen_count: u64,
    buf: Vec<f64>,
    batch: SparseBatch,
}

impl TableRows {
    /// A table of `rows` rows of width `dim` stepped by Algorithm 1 with rule
    /// `spec`, `penalty` (the group of a row is the whole row, so `lambda21`
    /// is multiplied by `sqrt(d)` \[Eq:5\]) and `threshold` \[Alg1:L10\],
    /// under `semantics`, rows initialised by `init`.
    pub fn new(
        rows: u64,
        semantics: Semantics,
        spec: RuleSpec,
        penalty: Penalty,
        threshold: Threshold,
        dim: usize,
        init: RowInit,
    ) -> Result<Self> {
        if !(init.scale.is_finite() && init.scale >= 0.0) {
            return Err(CtrError::InvalidSetting {
                name: "init.scale",
                value: init.scale.to_string(),
                condition: "the initial half-width must be finite and >= 0",
            });
        }
        let n = usize::try_from(rows).map_err(|_| CtrError::InvalidSetting {
            name: "table rows",
            value: rows.to_string(),
            condition: "the number of table rows must fit in usize",
        })?;
        let table = EmbeddingTable::new(
            n,
            dim,
            semantics,
            &spec,
            penalty,
            threshold,
            &vec![0.0; dim],
        )
        .map_err(crate::SglError::from)?;
        let mut seen = Vec::new();
        seen.try_reserve_exact(n)
            .map_err(|_| CtrError::InvalidSetting {
                name: "table rows",
                value: rows.to_string(),
                condition: "the table's row flags must fit in memory",
            })?;
        seen.resize(n, false);
        Ok(Self {
            table,
            init,
            seen,
            seen_count: 0,
            buf: vec![0.0; dim],
            batch: SparseBatch::default(),
        })
    }

    /// The table.
    pub fn table(&self) -> &EmbeddingTable {
        &self.table
    }

    /// An independent copy, when the table can make one
    /// ([`EmbeddingTable::try_clone`]: Adam on the slab under either
    /// semantics; not Adagrad, whose per-row objects share the clock).
    pub fn try_clone(&self) -> Option<Self> {
        Some(Self {
            table: self.table.try_clone()?,
            init: self.init,
            seen: self.seen.clone(),
            seen_count: self.seen_count,
            buf: self.buf.clone(),
            batch: SparseBatch::default(),
        })
    }

    fn index(&self, id: u64) -> Result<usize> {
        match usize::try_from(id) {
            Ok(i) if i < self.table.rows() => Ok(i),
            _ => Err(CtrError::InvalidSetting {
                name: "row id",
                value: id.to_string(),
                condition: "a row id must lie in 0..rows of the embedding table",
            }),
        }
    }

    /// Restarts a row never stored at its own initial value.
    fn materialise(&mut self, id: usize) -> Result<()> {
        if !self.table.is_stored(id) {
            self.init.fill(id as u64, &mut self.buf);
            self.table
                .restart_row(id, &self.buf)
                .map_err(crate::SglError::from)?;
        }
        Ok(())
    }

    /// Row `id` up to date, copied into `out`.
    fn read(&mut self, id: usize, out: &mut [f64]) -> Result<()> {
        self.materialise(id)?;
        self.table
            .catch_up_rows(&[id])
            .map_err(crate::SglError::from)?;
        match self.table.current_x(id) {
            Some(x) => out.copy_from_slice(x),
            None => {
                let r = self.table.row(id).map_err(crate::SglError::from)?;
                out.copy_from_slice(&r.x);
            }
        }
        Ok(())
    }

    fn seen_ids(&self) -> Vec<usize> {
        self.seen
            .iter()
            .enumerate()
            .filter_map(|(i, &s)| s.then_some(i))
            .collect()
    }
}

impl SparseRowOptimizer for TableRows {
    fn dim(&self) -> usize {
        self.table.d()
    }
    fn step(&mut self, grads: &[(u64, &[f64])]) -> Result<()> {
        let d = self.dim();
        for (k, (id, g)) in grads.iter().enumerate() {
            self.index(*id)?;
            if g.len() != d {
                return Err(CtrError::Length {
                    what: "row gradient",
                    expected: d,
                    got: g.len(),
                });
            }
            if let Some(i) = g.iter().position(|v| !v.is_finite()) {
                return Err(CtrError::NonFinite {
                    what: "row gradient",
                    index: k * d + i,
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
        // Restarting a row at its initial value does not change what it
        // reads, so it may precede the (all-or-nothing) table step.
        for &(id, _) in grads {
            self.materialise(id as usize)?;
        }
        let mut batch = std::mem::take(&mut self.batch);
        batch.ids.clear();
        batch.ids.extend(grads.iter().map(|p| p.0 as i64));
        batch.grads.resize_with(grads.len(), Vec::new);
        for (dst, (_, g)) in batch.grads.iter_mut().zip(grads) {
            dst.clear();
            dst.extend_from_slice(g);
        }
        let res = self.table.step(&batch);
        self.batch = batch;
        res.map_err(crate::SglError::from)?;
        for &(id, _) in grads {
            let s = &mut self.seen[id as usize];
            if !*s {
                *s = true;
                self.seen_count += 1;
            }
        }
        Ok(())
    }
    fn row(&mut self, id: u64, out: &mut [f64]) -> Result<()> {
        if out.len() != self.dim() {
            return Err(CtrError::Length {
                what: "row buffer",
                expected: self.dim(),
                got: out.len(),
            });
        }
        let i = self.index(id)?;
        self.read(i, out)
    }
    fn rows_seen(&self) -> u64 {
        self.seen_count
    }
    fn rows_nonzero(&mut self) -> Result<u64> {
        let ids = self.seen_ids();
        self.table
            .catch_up_rows(&ids)
            .map_err(crate::SglError::from)?;
        let mut x = vec![0.0; self.dim()];
        let mut n = 0;
        for id in ids {
            self.read(id, &mut x)?;
            // Entry by entry: a norm can underflow to 0 for a non-zero row.
            n += u64::from(x.iter().any(|&v| v != 0.0));
        }
        Ok(n)
    }
    fn row_norms(&mut self) -> Result<Vec<(u64, f64)>> {
        let ids = self.seen_ids();
        self.table
            .catch_up_rows(&ids)
            .map_err(crate::SglError::from)?;
        let mut x = vec![0.0; self.dim()];
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            self.read(id, &mut x)?;
            out.push((id as u64, x.iter().map(|a| a * a).sum::<f64>().sqrt()));
        }
        Ok(out)
    }
    fn prune(&mut self, ids: &[u64]) -> Result<()> {
        let ix = ids
            .iter()
            .map(|&id| self.index(id))
            .collect::<Result<Vec<usize>>>()?;
        self.table.zero_rows(&ix).map_err(crate::SglError::from)?;
        Ok(())
    }
}
