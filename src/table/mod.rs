//! Embedding tables: R rows of width d, each row one group of Eq. (5), and a
//! step that takes a sparse batch of (row id, gradient row) pairs.
//!
//! The paper's setting is an embedding table (v2, Section 4.1: "each
//! embedding vector is considered as a group"), and its Algorithm 1
//! advances every coordinate at every step. Real kernels (TensorFlow's
//! sparse apply ops, tfplus `KvVariable` kernels) update only the rows in
//! the batch. This module names both semantics ([`Semantics`]) and
//! implements each exactly:
//!
//! - [`Semantics::Dense`] (the paper): every row takes every step, absent
//!   rows with `g = 0` (and `D = 0` for AdaHessian). Implemented deferred:
//!   a step touches only the batch's rows; a row catches up on the steps it
//!   missed when it is next touched or read, by iterating \[Alg1:L3-L10\]
//!   for that row alone with `g = 0`. The straightforward implementation,
//!   [`reference::DenseReference`] (Algorithm 1 on the whole table with
//!   zero-filled gradients), checks it bit for bit.
//! - [`Semantics::Lazy`] (TensorFlow sparse apply / tfplus): a row absent
//!   from the batch does not change at all (value and every slot); bias
//!   corrections, `alpha_t` schedules and "first step" tests read the
//!   *global* step T; a row first seen at step T starts from the table's
//!   initial value with zero slots (the rule's initial state).
//!
//! Duplicate ids in one batch are summed before the update (summed in batch
//! order starting from `0.0`): TensorFlow's convention for `IndexedSlices`
//! gradients (`tf.gather`'s gradient is an `IndexedSlices`, densified and
//! applied by `unsorted_segment_sum`). A step validates the whole batch
//! first (ids in range, widths, finite values) and then either applies
//! every row or returns a [`TableError`] and changes nothing.
//!
//! An empty batch is a valid step: under `Dense` every row takes a `g = 0`
//! step (the global step advances and rows catch up later); under `Lazy` no
//! row changes but the global step advances (later bias corrections use it),
//! as TensorFlow's beta-power update runs whether or not any row was hit.
//!
//! When is catch-up a no-op? See [`catch_up_is_noop`].
//!
//! Storage: Adam (every form, `Dense` and `Lazy`) keeps the touched rows' state in one
//! contiguous slab (a block of x, z, sigma, m^, V^, m, V per row, a row id
//! to slot map) and steps in two phases: the touched rows' blocks are saved
//! to an undo log first (rows first seen get the initial block appended),
//! then updated in place; if any row fails, the saved blocks are restored
//! and the appended ones dropped. The per-row arithmetic is the rule's
//! update and \[Alg1:L4-L10\] in the same operations and order
//! (bit-identical to the per-row objects, checked in the `slab` unit
//! tests). The other cases hold one `Algorithm1` object per touched row and
//! clone it for the all-or-nothing step. A batch is deduplicated through a
//! hash table sized to the batch ([`DedupedBatch`]), so no step touches
//! memory proportional to R except the rows' own state.

mod batch;
pub mod compare;
mod prune;
pub mod reference;
mod row;
pub mod run;
mod slab;
pub mod tfplus;
pub mod zipf;

pub use batch::DedupedBatch;
pub use row::TableRule;

use crate::algorithm1::{Algorithm1, Threshold};
use crate::error::SglError;
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::rules::{AdagradForm, MomentRule, RuleSpec, SgdSchedule};
use row::Clock;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use thiserror::Error;

/// Which rows advance at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Semantics {
    /// The paper: every row advances every step; absent rows take `g = 0`.
    Dense,
    /// TensorFlow sparse apply / tfplus: absent rows do not change; the
    /// global step drives bias corrections and first-step tests.
    Lazy,
}

/// Errors of a table step. Each batch error names the batch position (the
/// index into [`SparseBatch::ids`]); a failed step changes nothing.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum TableError {
    /// A row id outside `0..rows` (negative ids included).
    #[error("batch position {position}: row id {id} is outside 0..{rows}")]
    IdOutOfRange {
        /// Batch position.
        position: usize,
        /// The id given.
        id: i64,
        /// Number of rows R.
        rows: usize,
    },
    /// A gradient or Hessian row of the wrong width.
    #[error("batch position {position}: {what} row has width {got}, expected d = {expected}")]
    Width {
        /// Batch position.
        position: usize,
        /// `gradient` or `hessian diagonal`.
        what: &'static str,
        /// Width given.
        got: usize,
        /// The table's d.
        expected: usize,
    },
    /// NaN or infinity in a gradient/Hessian row (or in the sum of duplicates).
    #[error("batch position {position}: non-finite {what} at column {column}")]
    NonFinite {
        /// Batch position.
        position: usize,
        /// `gradient`, `hessian diagonal`, or `summed gradient`.
        what: &'static str,
        /// Column j in `0..d`.
        column: usize,
    },
    /// The number of gradient (or Hessian) rows differs from the number of ids.
    #[error("batch has {ids} ids but {rows} {what} rows")]
    BatchShape {
        /// Number of ids.
        ids: usize,
        /// Number of rows given.
        rows: usize,
        /// `gradient` or `hessian diagonal`.
        what: &'static str,
    },
    /// AdaHessian needs `D_t` rows; other rules take none.
    #[error("batch position {position}: rule {rule} {problem}")]
    Hessian {
        /// Batch position (0 when the whole batch lacks them).
        position: usize,
        /// Rule name.
        rule: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
    /// `rows * d` does not fit, or the allocation failed.
    #[error("table of {rows} x {d} cannot be allocated: {reason}")]
    TooLarge {
        /// R.
        rows: usize,
        /// d.
        d: usize,
        /// Why.
        reason: &'static str,
    },
    /// A row's step failed (overflow, no minimiser) at global step `step`;
    /// `position` is the first batch position of the row (`None` when the
    /// failure is in a row read or the untouched-row trajectory, which is
    /// reported as `row = usize::MAX`).
    #[error("step {step}, row {row} (batch position {position:?}): {source}")]
    Row {
        /// The global step at which the row's update failed.
        step: u64,
        /// The row id.
        row: usize,
        /// First batch position of the row, if it is in the batch.
        position: Option<usize>,
        /// The underlying error.
        source: SglError,
    },
    /// A configuration error (rule hyper-parameters, penalty, x1, ...).
    #[error(transparent)]
    Config(#[from] SglError),
}

impl From<TableError> for SglError {
    /// The library's one error type: [`SglError::Table`], except that a
    /// configuration error is the [`SglError`] it wraps.
    fn from(e: TableError) -> Self {
        match e {
            TableError::Config(e) => e,
            e => SglError::Table(Box::new(e)),
        }
    }
}

/// Result alias of this module.
pub type TableResult<T> = std::result::Result<T, TableError>;

/// One sparse batch: `ids[k]` with gradient row `grads[k]` (and, for
/// AdaHessian, Hessian-diagonal row `hess[k]`). Ids may repeat (summed).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SparseBatch {
    /// Row ids (validated against `0..R`; negative ids are an error).
    pub ids: Vec<i64>,
    /// One gradient row of width d per id.
    pub grads: Vec<Vec<f64>>,
    /// One `D_t` row per id (AdaHessian only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hess: Option<Vec<Vec<f64>>>,
}

/// The state of one row as the paper names it, at the table's current step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowState {
    /// Row id.
    pub id: usize,
    /// The row's own step count (Dense: the global step; Lazy: the global
    /// step of its last update, 0 if never touched).
    pub t: u64,
    /// `x_{t+1}` of the row.
    pub x: Vec<f64>,
    /// `z_t`.
    pub z: Vec<f64>,
    /// `sqrt(V_t)/alpha_t`.
    pub sigma: Vec<f64>,
    /// `m_t`.
    pub m: Vec<f64>,
    /// `V_t` (diagonal, before eps).
    pub v: Vec<f64>,
}

type Row = Algorithm1<TableRule>;

/// True when, for this rule, a `g = 0` step of a row that has already taken
/// at least one step changes nothing that a later step reads: `m_t = g_t`
/// (or `m_t = gamma m_{t-1} + g_t` with `gamma = 0`) is zero, `V_t` is
/// unchanged and `alpha_t` is constant, so `Q_t/alpha_t = 0`
/// \[Alg1:L5\], `z_t = z_{t-1}` \[Alg1:L6\] and the prox of the same z gives
/// the same x \[Alg1:L8-L10\]. That is:
///
/// - Adagrad in the forms `paper-alg3`, `initial-accumulator`,
///   `eps-outside-sqrt` (constant `alpha_t = alpha`; eps enters only at t = 1);
/// - SGD with the `constant` schedule; Momentum with `gamma = 0`.
///
/// Not at a row's first step (`sigma_0 = sqrt(V_0)/alpha_0` differs from
/// `sigma_1`, eps and `x_1` enter z via `Q_1 x_1`), and not for: Adagrad
/// `table1` (`V_t = (eps + sum g^2)/t`, `alpha/sqrt(t)`: equal ratio,
/// different rounding), SGD `1/sqrt(t)` (sigma grows), Momentum with
/// `gamma > 0` (`m` decays, z moves every missed step), Adam, AMSGrad and
/// AdaHessian (m decays; V decays, so `Q_t != 0` and the prox is applied to
/// a z that depends on the previous x at every missed step).
///
/// The deferred `Dense` table skips the missed steps of such a row in O(1)
/// (it only moves the row's clock); `m` reads as 0 after a skipped step.
pub fn catch_up_is_noop(spec: &RuleSpec) -> bool {
    match spec {
        RuleSpec::Sgd { schedule, .. } => *schedule == SgdSchedule::Constant,
        RuleSpec::Momentum { gamma, .. } => *gamma == 0.0,
        RuleSpec::Adagrad { form, .. } => !matches!(form, AdagradForm::Table1),
        _ => false,
    }
}

/// An embedding table of R rows x d columns driven by Algorithm 1 per row.
#[derive(Debug)]
pub struct EmbeddingTable {
    rows: usize,
    d: usize,
    semantics: Semantics,
    spec: RuleSpec,
    noop: bool,
    needs_hessian: bool,
    t: u64,
    clock: Rc<RefCell<Clock>>,
    /// A row at t = 0 (initial value, zero slots).
    template: Row,
    /// Dense: the trajectory of a row never touched, at the global step.
    fresh: Row,
    /// Per-row `Algorithm1` objects (every case but Lazy Adam).
    state: Vec<Option<Box<Row>>>,
    /// Adam (either semantics): contiguous row state and a two-phase step (`slab`).
    adam_slab: Option<slab::AdamSlab>,
    touched: Vec<usize>,
    zeros: Vec<f64>,
    /// Dedupe scratch reused across steps.
    scratch: DedupedBatch,
}

impl EmbeddingTable {
    /// A table of `rows` rows of width `d`, every row starting at `x1`
    /// (length d), with the rule `spec` (one instance of dimension d per
    /// row), `penalty` and `threshold` of \[Alg1:L10\] (each row one group,
    /// `sqrt(d_g) = sqrt(d)`).
    pub fn new(
        rows: usize,
        d: usize,
        semantics: Semantics,
        spec: &RuleSpec,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[f64],
    ) -> TableResult<Self> {
        Self::build(rows, d, semantics, spec, penalty, threshold, x1, true)
    }

    /// [`EmbeddingTable::new`]; `slab = false` keeps Adam (either semantics)
    /// on per-row `Algorithm1` objects (the check of `slab` in its tests).
    #[allow(clippy::too_many_arguments)]
    fn build(
        rows: usize,
        d: usize,
        semantics: Semantics,
        spec: &RuleSpec,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[f64],
        slab: bool,
    ) -> TableResult<Self> {
        if rows == 0 || d == 0 {
            return Err(TableError::TooLarge {
                rows,
                d,
                reason: "rows and d must be positive",
            });
        }
        if rows.checked_mul(d).is_none() || rows > u32::MAX as usize - 1 {
            return Err(TableError::TooLarge {
                rows,
                d,
                reason: "rows * d overflows, or rows >= 2^32 - 1",
            });
        }
        let clock_rule = spec.build(0)?;
        let clock = Rc::new(RefCell::new(Clock {
            rule: clock_rule,
            sync: false,
        }));
        let rule = TableRule::new(spec.build(d)?, clock.clone());
        let needs_hessian = rule.needs_hessian();
        let template = Algorithm1::new(rule, Groups::rows(d, d)?, penalty, threshold, x1)?;
        let adam_slab = match (semantics, spec) {
            _ if !slab => None,
            (
                _,
                &RuleSpec::Adam {
                    alpha,
                    beta1,
                    beta2,
                    eps,
                    form,
                },
            ) => Some(slab::AdamSlab::new(
                rows,
                d,
                semantics == Semantics::Dense,
                slab::AdamParams {
                    alpha,
                    beta1,
                    beta2,
                    eps,
                    form,
                },
                penalty,
                threshold,
                x1,
            )?),
            _ => None,
        };
        let mut state = Vec::new();
        let state_rows = if adam_slab.is_some() { 0 } else { rows };
        if state.try_reserve_exact(state_rows).is_err() {
            return Err(TableError::TooLarge {
                rows,
                d,
                reason: "allocation failed",
            });
        }
        state.resize_with(state_rows, || None);
        Ok(Self {
            rows,
            d,
            semantics,
            spec: spec.clone(),
            noop: catch_up_is_noop(spec),
            needs_hessian,
            t: 0,
            clock,
            fresh: template.clone(),
            template,
            state,
            adam_slab,
            touched: Vec::new(),
            zeros: vec![0.0; d],
            scratch: DedupedBatch::new(),
        })
    }

    /// R.
    pub fn rows(&self) -> usize {
        self.rows
    }
    /// d.
    pub fn d(&self) -> usize {
        self.d
    }
    /// The global step T (number of steps taken, empty batches included).
    pub fn t(&self) -> u64 {
        self.t
    }
    /// The semantics.
    pub fn semantics(&self) -> Semantics {
        self.semantics
    }
    /// The rule spec.
    pub fn spec(&self) -> &RuleSpec {
        &self.spec
    }
    /// The distinct rows of the last successful step, in first-occurrence order.
    pub fn touched(&self) -> &[usize] {
        &self.touched
    }
    /// Number of rows that hold their own state (touched at least once).
    pub fn materialised(&self) -> usize {
        if let Some(f) = &self.adam_slab {
            return f.materialised();
        }
        self.state.iter().filter(|r| r.is_some()).count()
    }

    /// Validates the whole batch without changing anything.
    pub fn validate(&self, batch: &SparseBatch) -> TableResult<()> {
        validate_batch(
            batch,
            self.rows,
            self.d,
            self.needs_hessian,
            self.spec_name(),
        )
    }

    fn spec_name(&self) -> &'static str {
        self.template.rule().name()
    }

    /// One step of the table over `batch` (global step `T + 1`). Returns the
    /// number of distinct rows updated. On error nothing changes.
    pub fn step(&mut self, batch: &SparseBatch) -> TableResult<usize> {
        // The checks of `validate`, in its order: the shape here, each
        // entry in the dedupe pass before it is used.
        validate_shape(batch, self.needs_hessian, self.spec_name())?;
        // Dedupe and sum (IndexedSlices convention), in first-occurrence
        // order, into a scratch reused across steps.
        let mut sc = std::mem::take(&mut self.scratch);
        let res = sc
            .fill(batch, self.rows, self.d, self.needs_hessian)
            .and_then(|()| self.step_deduped(&sc));
        self.scratch = sc;
        res
    }

    fn step_deduped(&mut self, sc: &DedupedBatch) -> TableResult<usize> {
        let d = self.d;
        let (uniq, sums, hsums) = (sc.ids(), sc.sums(), sc.hsums());
        let t_new = self.t + 1;
        if let Some(f) = &mut self.adam_slab {
            // Two-phase step on contiguous state; commits only on success.
            f.step(uniq, sums, t_new)?;
            self.commit_clock()?;
            self.touched.clear();
            self.touched.extend(uniq.iter().map(|&(id, _)| id));
            self.t = t_new;
            return Ok(uniq.len());
        }
        // Compute every new row state aside; commit only if all succeed.
        let mut pending: Vec<Row> = Vec::with_capacity(uniq.len());
        for (u, &(id, pos)) in uniq.iter().enumerate() {
            let g = &sums[u * d..(u + 1) * d];
            let h = if self.needs_hessian {
                Some(&hsums[u * d..(u + 1) * d])
            } else {
                None
            };
            let mut row = match &self.state[id] {
                Some(b) => (**b).clone(),
                None => match self.semantics {
                    Semantics::Dense => self.fresh.clone(),
                    Semantics::Lazy => self.template.clone(),
                },
            };
            let res = self.advance_row(&mut row, g, h, t_new);
            self.clock.borrow_mut().sync = false;
            res.map_err(|(step, source)| TableError::Row {
                step,
                row: id,
                position: Some(pos),
                source,
            })?;
            pending.push(row);
        }
        // Dense: the never-touched trajectory also takes the step.
        let mut fresh = None;
        if self.semantics == Semantics::Dense {
            let mut f = self.fresh.clone();
            let zeros = self.zeros.clone();
            let h = self.needs_hessian.then_some(&zeros[..]);
            f.step_with(&zeros, h).map_err(|source| TableError::Row {
                step: t_new,
                row: usize::MAX,
                position: None,
                source,
            })?;
            fresh = Some(f);
        }
        // Commit.
        self.commit_clock()?;
        if let Some(f) = fresh {
            self.fresh = f;
        }
        self.touched.clear();
        for (row, &(id, _)) in pending.into_iter().zip(uniq.iter()) {
            match &mut self.state[id] {
                Some(b) => **b = row,
                slot @ None => *slot = Some(Box::new(row)),
            }
            self.touched.push(id);
        }
        self.t = t_new;
        Ok(uniq.len())
    }

    /// Advances the global clock rule by one step.
    fn commit_clock(&mut self) -> TableResult<()> {
        let mut c = self.clock.borrow_mut();
        let h: &[f64] = &[];
        c.rule.observe(&[], Some(h))?;
        Ok(())
    }

    /// Brings `row` to step `t_new - 1` (Dense catch-up) and takes step
    /// `t_new` with `g` (and `h`). The clock holds step `t_new - 1`.
    /// Errors carry the global step at which they happened.
    fn advance_row(
        &self,
        row: &mut Row,
        g: &[f64],
        h: Option<&[f64]>,
        t_new: u64,
    ) -> std::result::Result<(), (u64, SglError)> {
        match self.semantics {
            Semantics::Lazy => {
                // [Lazy]: the row's next step is the global step t_new.
                self.clock.borrow_mut().sync = true;
            }
            Semantics::Dense => {
                self.catch_up(row, t_new - 1)?;
                // After an O(1) skip the row's own clock lags: sync it.
                self.clock.borrow_mut().sync = self.noop;
            }
        }
        row.step_with(g, h).map(|_| ()).map_err(|e| (t_new, e))
    }

    /// Dense catch-up of `row` to step `target` with `g = 0` (and `D = 0`):
    /// iterated \[Alg1:L3-L10\] for this row alone, or skipped when
    /// [`catch_up_is_noop`] holds and the row has taken a step.
    fn catch_up(&self, row: &mut Row, target: u64) -> std::result::Result<(), (u64, SglError)> {
        let h = self.needs_hessian.then_some(&self.zeros[..]);
        self.clock.borrow_mut().sync = false;
        while row.t() < target {
            if self.noop && row.t() >= 1 {
                return Ok(());
            }
            let t = row.t() + 1;
            row.step_with(&self.zeros, h).map_err(|e| (t, e))?;
        }
        Ok(())
    }

    /// The state of row `id` at the current global step (Dense: caught up
    /// on a copy; the table is not changed).
    pub fn row(&self, id: usize) -> TableResult<RowState> {
        if id >= self.rows {
            return Err(TableError::IdOutOfRange {
                position: 0,
                id: id as i64,
                rows: self.rows,
            });
        }
        if let Some(f) = &self.adam_slab {
            return f.row(id);
        }
        let stored = self.state[id].as_deref();
        let (mut row, t) = match (self.semantics, stored) {
            (Semantics::Lazy, Some(r)) => (r.clone(), r.t()),
            (Semantics::Lazy, None) => (self.template.clone(), 0),
            (Semantics::Dense, Some(r)) => (r.clone(), self.t),
            (Semantics::Dense, None) => (self.fresh.clone(), self.t),
        };
        if self.semantics == Semantics::Dense && row.t() < self.t {
            let lag_noop = self.noop && row.t() >= 1;
            if lag_noop {
                // One g = 0 step shows m = 0 (as the iterated catch-up
                // would) and changes nothing else (see catch_up_is_noop).
                let h = self.needs_hessian.then_some(&self.zeros[..]);
                let step = row.t() + 1;
                self.clock.borrow_mut().sync = false;
                row.step_with(&self.zeros, h)
                    .map_err(|source| TableError::Row {
                        step,
                        row: id,
                        position: None,
                        source,
                    })?;
            } else {
                self.catch_up(&mut row, self.t)
                    .map_err(|(step, source)| TableError::Row {
                        step,
                        row: id,
                        position: None,
                        source,
                    })?;
            }
        }
        Ok(RowState {
            id,
            t,
            x: row.x().to_vec(),
            z: row.z().to_vec(),
            sigma: row.sigma().to_vec(),
            m: row.rule().m().to_vec(),
            v: row.rule().v().to_vec(),
        })
    }

    /// The whole table's values (R x d, row-major) at the current step.
    pub fn values(&self) -> TableResult<Vec<f64>> {
        if let Some(f) = &self.adam_slab {
            return f.values();
        }
        let mut out = Vec::with_capacity(self.rows * self.d);
        // Rows never touched share one trajectory: compute it once.
        let untouched = match self.semantics {
            Semantics::Lazy => self.template.x().to_vec(),
            Semantics::Dense => self.fresh.x().to_vec(),
        };
        for id in 0..self.rows {
            if self.state[id].is_some() {
                out.extend_from_slice(&self.row(id)?.x);
            } else {
                out.extend_from_slice(&untouched);
            }
        }
        Ok(out)
    }

    /// Catches every stored row up to the global step (Dense; a no-op for
    /// Lazy). Reads give the same values before and after.
    pub fn sync_all(&mut self) -> TableResult<()> {
        if let Some(f) = &mut self.adam_slab {
            return f.sync_all();
        }
        if self.semantics == Semantics::Lazy {
            return Ok(());
        }
        let target = self.t;
        let mut new_rows = Vec::new();
        for id in 0..self.rows {
            if let Some(r) = &self.state[id] {
                if r.t() < target {
                    let mut r2 = (**r).clone();
                    self.catch_up(&mut r2, target)
                        .map_err(|(step, source)| TableError::Row {
                            step,
                            row: id,
                            position: None,
                            source,
                        })?;
                    new_rows.push((id, r2));
                }
            }
        }
        for (id, r) in new_rows {
            self.state[id] = Some(Box::new(r));
        }
        Ok(())
    }
}

/// The batch checks shared by [`EmbeddingTable::step`] and the tfplus
/// kernels (the Dense reference has its own).
pub(crate) fn validate_batch(
    batch: &SparseBatch,
    rows: usize,
    d: usize,
    needs_hessian: bool,
    rule: &'static str,
) -> TableResult<()> {
    validate_shape(batch, needs_hessian, rule)?;
    for k in 0..batch.ids.len() {
        validate_entry(batch, k, rows, d, needs_hessian)?;
    }
    Ok(())
}

/// The whole-batch checks of [`validate_batch`]: gradient and Hessian row
/// counts, Hessian rows present exactly when the rule needs them.
fn validate_shape(batch: &SparseBatch, needs_hessian: bool, rule: &'static str) -> TableResult<()> {
    if batch.grads.len() != batch.ids.len() {
        return Err(TableError::BatchShape {
            ids: batch.ids.len(),
            rows: batch.grads.len(),
            what: "gradient",
        });
    }
    match (&batch.hess, needs_hessian) {
        (None, true) if !batch.ids.is_empty() => {
            return Err(TableError::Hessian {
                position: 0,
                rule,
                problem: "needs a Hessian diagonal row per id, none given",
            })
        }
        (Some(h), false) if !h.is_empty() => {
            return Err(TableError::Hessian {
                position: 0,
                rule,
                problem: "takes no Hessian diagonal, but rows were given",
            })
        }
        (Some(h), true) if h.len() != batch.ids.len() => {
            return Err(TableError::BatchShape {
                ids: batch.ids.len(),
                rows: h.len(),
                what: "hessian diagonal",
            })
        }
        _ => {}
    }
    Ok(())
}

/// The checks of [`validate_batch`] on batch position `k` (after
/// [`validate_shape`]): id in range, gradient (and Hessian) row width and
/// finite values.
#[inline]
fn validate_entry(
    batch: &SparseBatch,
    k: usize,
    rows: usize,
    d: usize,
    needs_hessian: bool,
) -> TableResult<()> {
    let id = batch.ids[k];
    if id < 0 || id as u64 >= rows as u64 {
        return Err(TableError::IdOutOfRange {
            position: k,
            id,
            rows,
        });
    }
    check_row(k, "gradient", &batch.grads[k], d)?;
    if needs_hessian {
        if let Some(h) = &batch.hess {
            check_row(k, "hessian diagonal", &h[k], d)?;
        }
    }
    Ok(())
}

fn check_row(position: usize, what: &'static str, r: &[f64], d: usize) -> TableResult<()> {
    if r.len() != d {
        return Err(TableError::Width {
            position,
            what,
            got: r.len(),
            expected: d,
        });
    }
    // Branch-free test first (the common case); the position only on failure.
    if !r.iter().fold(true, |ok, v| ok & v.is_finite()) {
        let column = r.iter().position(|v| !v.is_finite()).unwrap_or(0);
        return Err(TableError::NonFinite {
            position,
            what,
            column,
        });
    }
    Ok(())
}
