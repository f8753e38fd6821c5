//! Row surgery on an [`EmbeddingTable`]: per-row initial values, zeroing
//! rows (magnitude pruning), in-place catch-up of chosen rows, and copies.
//!
//! The CTR experiments (`crate::ctr`) need three things the step API does
//! not give: rows that start from *different* seeded values (a table starts
//! every row at one `x1`), rows set to zero by magnitude pruning (v2,
//! Section 4.2), and a copy of a trained table to prune to several feature
//! rates. All three are defined here in terms of the table's own state, so
//! the semantics ([`Semantics::Dense`] / [`Semantics::Lazy`]) stay exact.
//!
//! Every operation exists on both storages: per-row `Algorithm1` objects
//! and the contiguous Adam slab (`slab::AdamSlab`, the default for Adam).
//! The slab versions give the same values bit for bit (checked in the
//! `slab` unit tests and `tests/table_dense.rs` against tables built with
//! [`EmbeddingTable::with_row_objects`]).

use super::{DedupedBatch, EmbeddingTable, Row, Semantics, TableError, TableResult};
use crate::algorithm1::Algorithm1;

impl EmbeddingTable {
    /// [`EmbeddingTable::new`], but every semantics and rule keeps one
    /// `Algorithm1` object per stored row (Adam without the contiguous
    /// slab). The values are the same as [`EmbeddingTable::new`]'s (the
    /// slab is checked bit for bit against these objects); Adam is slower.
    /// Tests use it as the reference for the slab.
    pub fn with_row_objects(
        rows: usize,
        d: usize,
        semantics: Semantics,
        spec: &crate::rules::RuleSpec,
        penalty: crate::penalty::Penalty,
        threshold: crate::algorithm1::Threshold,
        x1: &[f64],
    ) -> TableResult<Self> {
        Self::build(rows, d, semantics, spec, penalty, threshold, x1, false)
    }

    /// True when rows can be restarted: every table (per-row objects and
    /// the Adam slab both implement [`EmbeddingTable::restart_row`] and
    /// [`EmbeddingTable::zero_rows`]).
    pub fn restartable(&self) -> bool {
        true
    }

    fn check_restart(&self, id: usize) -> TableResult<()> {
        if id >= self.rows {
            return Err(TableError::IdOutOfRange {
                position: 0,
                id: i64::try_from(id).unwrap_or(i64::MAX),
                rows: self.rows,
            });
        }
        Ok(())
    }

    /// Restarts row `id` at value `x` with the rule's initial slots: row step
    /// 0, `z_0 = 0` \[Alg1:L1\], `m_0 = V_0 = 0` and `sigma_0 =
    /// sqrt(V_0)/alpha_0` (the state of `Algorithm1::new` at `x_1 = x`).
    ///
    /// What the two semantics then do with it:
    ///
    /// - [`Semantics::Dense`]: the deferred clock replays the steps `1..=T`
    ///   the row now lags by with `g = 0` at its next touch or read
    ///   (\[Alg1:L3-L10\] for this row alone). Restarting a row that was
    ///   never touched is therefore *exactly* Dense Algorithm 1 run from
    ///   step 0 with `x` as this row's `x_1`: that is how rows get their own
    ///   seeded initial values. The replay costs T row steps for rules whose
    ///   `g = 0` step is not a no-op ([`super::catch_up_is_noop`]: Adam).
    /// - [`Semantics::Lazy`]: nothing moves until the row is next in a
    ///   batch; that step reads the global step T + 1 for bias corrections
    ///   (the clock is synchronised), with zero moments.
    ///
    /// On error nothing changes.
    pub fn restart_row(&mut self, id: usize, x: &[f64]) -> TableResult<()> {
        self.check_restart(id)?;
        if self.adam_slab.is_some() {
            if x.len() != self.d || !x.iter().all(|v| v.is_finite()) {
                // The error Algorithm1::new gives for this x (length, finite).
                self.restarted(x)?;
            }
            if let Some(f) = &mut self.adam_slab {
                return f.restart(id, x);
            }
        }
        let row = self.restarted(x)?;
        self.state[id] = Some(Box::new(row));
        Ok(())
    }

    fn restarted(&self, x: &[f64]) -> TableResult<Row> {
        Ok(Algorithm1::new(
            self.template.rule().clone(),
            self.template.groups().clone(),
            *self.template.penalty(),
            self.template.threshold(),
            x,
        )?)
    }

    /// Sets the rows `ids` to zero (magnitude pruning): each is restarted at
    /// `x = 0` ([`EmbeddingTable::restart_row`]), so its slots are the
    /// rule's initial ones (`z = 0`, `m = V = 0`, `sigma_0`) and its row
    /// step is 0.
    ///
    /// Under [`Semantics::Dense`] the deferred clock then replays steps
    /// `1..=T` with `g = 0`; from `x = z = m = V = 0` each of them keeps
    /// `m = 0`, `z = 0` \[Alg1:L6\] and hence `x = 0` (the prox of `z = 0`
    /// is 0 \[Alg1:L8-L10\]), so after the replay the row is at zero with
    /// the slots of a row that started at 0 and had no gradient up to T.
    /// The paper does not say what its pruning does to optimizer state
    /// (v2, Section 4.2 describes only values: "keeps top N embedding
    /// vectors"); discarding the slots is this crate's choice.
    ///
    /// Every id is checked first; on error nothing changes.
    pub fn zero_rows(&mut self, ids: &[usize]) -> TableResult<()> {
        for (k, &id) in ids.iter().enumerate() {
            self.check_restart(id).map_err(|e| match e {
                TableError::IdOutOfRange { id, rows, .. } => TableError::IdOutOfRange {
                    position: k,
                    id,
                    rows,
                },
                e => e,
            })?;
        }
        if let Some(f) = &mut self.adam_slab {
            return f.zero(ids);
        }
        let zero = vec![0.0; self.d];
        let row = self.restarted(&zero)?;
        for &id in ids {
            self.state[id] = Some(Box::new(row.clone()));
        }
        Ok(())
    }

    /// True when row `id` holds its own state (touched, restarted or zeroed).
    pub fn is_stored(&self, id: usize) -> bool {
        match &self.adam_slab {
            Some(f) => f.is_stored(id),
            None => self.state.get(id).is_some_and(|r| r.is_some()),
        }
    }

    /// Brings the stored rows among `ids` up to the global step in place
    /// (Dense; Lazy rows and rows not stored are left alone), so that
    /// [`EmbeddingTable::current_x`] can read them without a copy. Reads
    /// give the same values before and after. On an error (an overflow in
    /// the replayed `g = 0` steps) the rows before the failing one are
    /// caught up and the failing one is at the step before the failure,
    /// which also reads the same.
    pub fn catch_up_rows(&mut self, ids: &[usize]) -> TableResult<()> {
        if let Some(f) = &mut self.adam_slab {
            return f.catch_up(ids);
        }
        if self.semantics == Semantics::Lazy {
            return Ok(());
        }
        let target = self.t;
        for &id in ids {
            let Some(slot) = self.state.get_mut(id) else {
                continue;
            };
            let Some(mut r) = slot.take() else {
                continue;
            };
            let res = if r.t() < target {
                self.catch_up(&mut r, target)
            } else {
                Ok(())
            };
            self.state[id] = Some(r);
            res.map_err(|(step, source)| TableError::Row {
                step,
                row: id,
                position: None,
                source,
            })?;
        }
        Ok(())
    }

    /// `x` of row `id` at the current step without a copy, when the stored
    /// object already holds it: a stored Lazy row, or a stored Dense row
    /// caught up to the global step (or lagging only by steps that
    /// [`super::catch_up_is_noop`] skips). `None` otherwise (not stored, a
    /// Dense row that lags): use [`EmbeddingTable::row`].
    pub fn current_x(&self, id: usize) -> Option<&[f64]> {
        if let Some(f) = &self.adam_slab {
            return f.current_x(id);
        }
        let r = self.state.get(id)?.as_deref()?;
        let current = match self.semantics {
            Semantics::Lazy => true,
            Semantics::Dense => r.t() == self.t || (self.noop && r.t() >= 1),
        };
        current.then(|| r.x())
    }

    /// An independent copy of the table, when one can be made: an Adam
    /// table on the slab (either semantics), or a [`Semantics::Dense`]
    /// table of per-row objects whose rule's `g = 0` step is not a no-op
    /// (Adam, AMSGrad, ...: [`super::catch_up_is_noop`] is false).
    ///
    /// The slab holds its own clock (the running powers `beta^t`) and
    /// reads nothing shared; the copy's `Algorithm1` template rows, which
    /// a slab table never steps, share the clock handle. Per-row objects:
    /// the rows hold a handle on the table's global clock
    /// (`row::Clock`), which a copy shares. The clock's value is read by a
    /// row only when the table synchronises it (Lazy steps, and Dense rows
    /// after an O(1) skip of no-op steps); a Dense table of a rule without
    /// no-op skips never synchronises, every row advances its own step
    /// counter, so two tables sharing the handle step exactly as two
    /// separate ones (checked in the tests of `crate::ctr`). `None`
    /// otherwise.
    pub fn try_clone(&self) -> Option<Self> {
        let copyable =
            self.adam_slab.is_some() || (self.semantics == Semantics::Dense && !self.noop);
        if !copyable {
            return None;
        }
        Some(Self {
            rows: self.rows,
            d: self.d,
            semantics: self.semantics,
            spec: self.spec.clone(),
            noop: self.noop,
            needs_hessian: self.needs_hessian,
            t: self.t,
            clock: self.clock.clone(),
            template: self.template.clone(),
            fresh: self.fresh.clone(),
            state: self.state.clone(),
            adam_slab: self.adam_slab.clone(),
            touched: self.touched.clone(),
            zeros: self.zeros.clone(),
            scratch: DedupedBatch::new(),
        })
    }
}
