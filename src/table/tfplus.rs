//! The tfplus `KvVariable` group kernels as written (dlrover
//! `tfplus/tfplus/kv_variable/kernels/training_ops.cc`; quotes and commits
//! in docs/notes-tfplus.md), each a named option with Lazy semantics: a row
//! is updated only when it is in the batch, with the global step's
//! `beta^t` (TensorFlow's `beta1_power`/`beta2_power` hold `beta^t` at step
//! t). Computed in f64 (tfplus registers float32 only).
//!
//! Notation per row: `w` the value, `z` the `linear` slot, `g` the summed
//! gradient row, `d` the width, `lr_t` the learning rate at step t.
//! Where each kernel departs from Algorithm 1 is in
//! docs/src/embedding-tables.md ("tfplus kernels").

use super::{validate_batch, RowState, SparseBatch, TableError, TableResult};
use crate::error::{check_param, SglError};
use serde::{Deserialize, Serialize};

/// A tfplus kernel and its hyper-parameters (names as in the Python API).
///
/// The three Adam variants repeat their seven fields rather than share a
/// struct: serde's `flatten` cannot be combined with `deny_unknown_fields`,
/// and a config with a misspelt hyper-parameter must be rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", deny_unknown_fields)]
pub enum TfplusKernelKind {
    /// `GroupAdamOptimizer(version=4)` -> `KvVariableGroupSparseApplyAdamV4`:
    /// l1, l2, l21 multiplied by lr; `alpha = lr sqrt(1-b2^t)/(1-b1^t)`;
    /// `z += alpha m - (sqrt(v_t) - sqrt(v_{t-1})) w` when `beta1 > beta1^t`,
    /// else (the "first step") `z += alpha m - (sqrt(v_t) + eps) w`;
    /// `w = s (1 - lr l21 sqrt(d)/||s||) / (sqrt(v_t) + eps + 2 lr l2)`.
    GroupAdamV4 {
        /// lr.
        lr: f64,
        /// beta1.
        beta1: f64,
        /// beta2.
        beta2: f64,
        /// epsilon.
        epsilon: f64,
        /// l1.
        l1: f64,
        /// l2.
        l2: f64,
        /// l21.
        l21: f64,
    },
    /// `version=3` (`KvVariableGroupSparseApplyAdamV3`, packed m/v/linear
    /// slot) and `version=2` (`KvVariableGroupSparseApplyAdamNewV2`, three
    /// slots): the same arithmetic. Lambdas not scaled;
    /// `z += a m - (sqrt(v_t) - sqrt(v_{t-1}) [+ eps at the first step]) / lr w`,
    /// `a = sqrt(1-b2^t)/(1-b1^t)`; `w = s(1 - l21 sqrt(d)/||s||) / ((sqrt(v_t)+eps)/lr + 2 l2)`.
    GroupAdamV3 {
        /// lr.
        lr: f64,
        /// beta1.
        beta1: f64,
        /// beta2.
        beta2: f64,
        /// epsilon.
        epsilon: f64,
        /// l1.
        l1: f64,
        /// l2.
        l2: f64,
        /// l21.
        l21: f64,
    },
    /// `version<=1` (`KvVariableGroupSparseApplyAdamOp`, registered as
    /// `KvVariableGroupSparseApplyAdamV2`): bias-corrected `n_t = v_t/(1-b2^t)`
    /// kept in an `accum` slot that starts at `initial_accumulator_value`,
    /// `eps_t = eps/sqrt(1-b2^t)` added to the z increment at the first step
    /// only; `z += m/(1-b1^t) - (sqrt(n_t) - sqrt(accum) [+ eps_t]) / lr w`;
    /// `w = s(..)/((sqrt(n_t)+eps_t)/lr + 2 l2)`.
    GroupAdamV2 {
        /// lr.
        lr: f64,
        /// beta1.
        beta1: f64,
        /// beta2.
        beta2: f64,
        /// epsilon.
        epsilon: f64,
        /// l1.
        l1: f64,
        /// l2.
        l2: f64,
        /// l21.
        l21: f64,
        /// `initial_accumulator_value` (Python default 0.0).
        #[serde(default)]
        initial_accumulator_value: f64,
    },
    /// `SparseGroupFtrlOptimizer` -> `KvVariableSparseGroupSparseApplyFtrlV2`
    /// (lr_power = -0.5): `g' = g + 2 l2_shrinkage w`, `n' = n + g'^2`,
    /// `z += g' - (sqrt(n') - sqrt(n))/lr w`,
    /// `w = s(1 - l21 sqrt(d)/||s||)/(sqrt(n')/lr + 2 l2_adj)`, `n = n'`, with
    /// TensorFlow's adjusted `l2_adj = l2 + beta/(2 lr)` and `n_0 = 0.1`.
    SparseGroupFtrl {
        /// lr.
        lr: f64,
        /// l1.
        l1: f64,
        /// l2.
        l2: f64,
        /// l21.
        l21: f64,
        /// `l2_shrinkage_regularization_strength`.
        #[serde(default)]
        l2_shrinkage: f64,
        /// TensorFlow FTRL's `beta` (tfplus does not pass it: 0).
        #[serde(default)]
        beta: f64,
        /// `initial_accumulator_value` (default 0.1).
        #[serde(default = "tenth")]
        initial_accumulator_value: f64,
    },
    /// `KvVariableGroupSparseApplyFtrlV2` (pure group lasso): threshold
    /// `||z|| > l1` (no sqrt(d)), `w = (l1 - ||z||)/((sqrt(n')/lr + 2 l2) ||z||) z`,
    /// and the accumulator is incremented by `g'^2` TWICE per step.
    GroupSparseFtrlV2 {
        /// lr.
        lr: f64,
        /// l1 (the group strength; no sqrt(d)).
        l1: f64,
        /// l2.
        l2: f64,
        /// `l2_shrinkage_regularization_strength`.
        #[serde(default)]
        l2_shrinkage: f64,
        /// `initial_accumulator_value` (default 0.1).
        #[serde(default = "tenth")]
        initial_accumulator_value: f64,
        /// Add `g'^2` once instead of twice (not tfplus: the kernel with the
        /// duplicated line removed, to measure its effect).
        #[serde(default)]
        single_accumulation: bool,
    },
}

fn tenth() -> f64 {
    0.1
}
fn one() -> f64 {
    1.0
}

/// What happens to a row whose update takes the zero branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Blacklist {
    /// No eviction: the row's value is set to 0.
    Off,
    /// tfplus (`table_manager.h`): `MarkBlacklistUnsafe` evicts the value and
    /// points it at zeros; the slots (separate KvVariables) are still
    /// written; on the next lookup `RemoveBlacklistUnsafe` gives the row a
    /// zero-filled value and the kernel runs on it with its kept slots.
    #[default]
    Tfplus,
    /// Counterfactual (not tfplus): a revived row restarts from zero slots
    /// and the table's initial value, as if the whole entry were evicted.
    ResetSlots,
}

/// A tfplus kernel, its lr schedule and its blacklisting mode.
/// (No `deny_unknown_fields` here: serde does not support it together with
/// `flatten`; the flattened kernel enum rejects unknown fields itself.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TfplusKernel {
    /// The kernel.
    #[serde(flatten)]
    pub kind: TfplusKernelKind,
    /// `lr_t = lr * lr_decay^(t-1)` (1.0: constant lr).
    #[serde(default = "one")]
    pub lr_decay: f64,
    /// Eviction of zeroed rows.
    #[serde(default)]
    pub blacklist: Blacklist,
}

#[derive(Debug, Clone, PartialEq)]
struct TfRow {
    w: Vec<f64>,
    z: Vec<f64>,
    m: Vec<f64>,
    v: Vec<f64>,
    accum: Vec<f64>,
    /// The last denominator (without 2 l2), reported as `sigma`.
    y: Vec<f64>,
    t: u64,
    blacklisted: bool,
}

/// An R x d table driven by one tfplus kernel (Lazy semantics).
#[derive(Debug, Clone)]
pub struct TfplusTable {
    rows: usize,
    d: usize,
    kernel: TfplusKernel,
    x1: Vec<f64>,
    t: u64,
    b1p: f64,
    b2p: f64,
    state: Vec<Option<Box<TfRow>>>,
    touched: Vec<usize>,
    evictions: u64,
    revivals: u64,
}

impl TfplusTable {
    /// Validates the hyper-parameters as the kernels' `OP_REQUIRES` do
    /// (lr > 0, lambdas >= 0) plus `beta1, beta2` in [0,1), eps >= 0.
    pub fn new(rows: usize, d: usize, kernel: TfplusKernel, x1: &[f64]) -> TableResult<Self> {
        if rows == 0 || d == 0 || rows.checked_mul(d).is_none() {
            return Err(TableError::TooLarge {
                rows,
                d,
                reason: "rows and d must be positive and rows * d must fit",
            });
        }
        crate::error::check_len("x1", x1, d)?;
        crate::error::check_finite("x1", x1)?;
        let k = &kernel.kind;
        let (lr, lams, betas, eps) = match *k {
            TfplusKernelKind::GroupAdamV4 {
                lr,
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
            }
            | TfplusKernelKind::GroupAdamV3 {
                lr,
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
            } => (lr, vec![l1, l2, l21], Some((beta1, beta2)), epsilon),
            // The accumulator's square root is taken at the first step: a
            // negative initial value is a hyper-parameter error, not a NaN later.
            TfplusKernelKind::GroupAdamV2 {
                lr,
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
                initial_accumulator_value,
            } => (
                lr,
                vec![l1, l2, l21, initial_accumulator_value],
                Some((beta1, beta2)),
                epsilon,
            ),
            TfplusKernelKind::SparseGroupFtrl {
                lr,
                l1,
                l2,
                l21,
                l2_shrinkage,
                beta,
                initial_accumulator_value,
            } => (
                lr,
                vec![l1, l2, l21, l2_shrinkage, beta, initial_accumulator_value],
                None,
                0.0,
            ),
            TfplusKernelKind::GroupSparseFtrlV2 {
                lr,
                l1,
                l2,
                l2_shrinkage,
                initial_accumulator_value,
                ..
            } => (
                lr,
                vec![l1, l2, l2_shrinkage, initial_accumulator_value],
                None,
                0.0,
            ),
        };
        check_param(
            "lr",
            lr,
            lr > 0.0,
            "lr must be a positive scalar (tfplus OP_REQUIRES)",
        )?;
        for l in lams {
            check_param(
                "lambda",
                l,
                l >= 0.0,
                "l1, l2, l21, l2_shrinkage, beta, initial accumulator must be >= 0",
            )?;
        }
        if let Some((b1, b2)) = betas {
            check_param(
                "beta1",
                b1,
                (0.0..1.0).contains(&b1),
                "beta1 must lie in [0, 1)",
            )?;
            check_param(
                "beta2",
                b2,
                (0.0..1.0).contains(&b2),
                "beta2 must lie in [0, 1)",
            )?;
        }
        check_param("epsilon", eps, eps >= 0.0, "epsilon must be >= 0")?;
        check_param(
            "lr_decay",
            kernel.lr_decay,
            kernel.lr_decay > 0.0,
            "lr_decay must be > 0",
        )?;
        let mut state = Vec::new();
        if state.try_reserve_exact(rows).is_err() {
            return Err(TableError::TooLarge {
                rows,
                d,
                reason: "allocation failed",
            });
        }
        state.resize_with(rows, || None);
        Ok(Self {
            rows,
            d,
            kernel,
            x1: x1.to_vec(),
            t: 0,
            b1p: 1.0,
            b2p: 1.0,
            state,
            touched: Vec::new(),
            evictions: 0,
            revivals: 0,
        })
    }

    fn fresh(&self) -> TfRow {
        let acc0 = match self.kernel.kind {
            TfplusKernelKind::GroupAdamV2 {
                initial_accumulator_value,
                ..
            }
            | TfplusKernelKind::SparseGroupFtrl {
                initial_accumulator_value,
                ..
            }
            | TfplusKernelKind::GroupSparseFtrlV2 {
                initial_accumulator_value,
                ..
            } => initial_accumulator_value,
            _ => 0.0,
        };
        let d = self.d;
        TfRow {
            w: self.x1.clone(),
            z: vec![0.0; d],
            m: vec![0.0; d],
            v: vec![0.0; d],
            accum: vec![acc0; d],
            y: vec![0.0; d],
            t: 0,
            blacklisted: false,
        }
    }

    /// The global step.
    pub fn t(&self) -> u64 {
        self.t
    }
    /// Distinct rows of the last step.
    pub fn touched(&self) -> &[usize] {
        &self.touched
    }
    /// Rows evicted (zero branch) so far, and rows brought back by a lookup.
    pub fn blacklist_counts(&self) -> (u64, u64) {
        (self.evictions, self.revivals)
    }
    /// Whether row `id` is currently blacklisted.
    pub fn is_blacklisted(&self, id: usize) -> bool {
        self.state
            .get(id)
            .and_then(|r| r.as_deref())
            .is_some_and(|r| r.blacklisted)
    }

    /// One step (global step t + 1). Duplicates are summed; the batch is
    /// validated first; on error nothing changes.
    pub fn step(&mut self, batch: &SparseBatch) -> TableResult<usize> {
        validate_batch(batch, self.rows, self.d, false, "tfplus")?;
        let d = self.d;
        // Dedupe (sum from 0.0, first-occurrence order).
        let mut order: Vec<(usize, usize)> = Vec::new();
        let mut sums: Vec<f64> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (k, &id) in batch.ids.iter().enumerate() {
            let id = id as usize;
            let slot = *index.entry(id).or_insert_with(|| {
                order.push((id, k));
                sums.extend(std::iter::repeat_n(0.0, d));
                order.len() - 1
            });
            for (a, g) in sums[slot * d..(slot + 1) * d]
                .iter_mut()
                .zip(&batch.grads[k])
            {
                *a += g;
            }
        }
        let t = self.t + 1;
        let (b1p, b2p) = match self.kernel.kind {
            TfplusKernelKind::GroupAdamV4 { beta1, beta2, .. }
            | TfplusKernelKind::GroupAdamV3 { beta1, beta2, .. }
            | TfplusKernelKind::GroupAdamV2 { beta1, beta2, .. } => {
                (self.b1p * beta1, self.b2p * beta2)
            }
            _ => (self.b1p, self.b2p),
        };
        let mut lr_t = self.lr();
        for _ in 1..t {
            lr_t *= self.kernel.lr_decay;
        }
        let mut pending = Vec::with_capacity(order.len());
        let (mut ev, mut rv) = (0, 0);
        for (u, &(id, pos)) in order.iter().enumerate() {
            let g = &sums[u * d..(u + 1) * d];
            if let Some(c) = g.iter().position(|v| !v.is_finite()) {
                return Err(TableError::NonFinite {
                    position: pos,
                    what: "summed gradient",
                    column: c,
                });
            }
            let mut row = match &self.state[id] {
                Some(r) => (**r).clone(),
                None => self.fresh(),
            };
            if row.blacklisted {
                // RemoveBlacklistUnsafe: a zero-filled value; slots kept.
                rv += 1;
                row.blacklisted = false;
                row.w.iter_mut().for_each(|w| *w = 0.0);
                if self.kernel.blacklist == Blacklist::ResetSlots {
                    let f = self.fresh();
                    row = TfRow {
                        w: vec![0.0; d],
                        ..f
                    };
                }
            }
            let kept = self.apply(&mut row, g, lr_t, b1p, b2p);
            row.t = t;
            if !kept {
                row.w.iter_mut().for_each(|w| *w = 0.0);
                if self.kernel.blacklist != Blacklist::Off {
                    row.blacklisted = true;
                    ev += 1;
                }
            }
            if let Some(c) = row.w.iter().chain(&row.z).position(|v| !v.is_finite()) {
                return Err(TableError::Row {
                    step: t,
                    row: id,
                    position: Some(pos),
                    source: SglError::Overflow {
                        step: t,
                        what: "w or z",
                        coord: c % d,
                    },
                });
            }
            pending.push((id, row));
        }
        self.touched.clear();
        for (id, row) in pending {
            self.state[id] = Some(Box::new(row));
            self.touched.push(id);
        }
        self.t = t;
        self.b1p = b1p;
        self.b2p = b2p;
        self.evictions += ev;
        self.revivals += rv;
        Ok(order.len())
    }

    fn lr(&self) -> f64 {
        match self.kernel.kind {
            TfplusKernelKind::GroupAdamV4 { lr, .. }
            | TfplusKernelKind::GroupAdamV3 { lr, .. }
            | TfplusKernelKind::GroupAdamV2 { lr, .. }
            | TfplusKernelKind::SparseGroupFtrl { lr, .. }
            | TfplusKernelKind::GroupSparseFtrlV2 { lr, .. } => lr,
        }
    }

    /// The kernel body for one row; returns false on the zero branch.
    fn apply(&self, r: &mut TfRow, g: &[f64], lr: f64, b1p: f64, b2p: f64) -> bool {
        let d = self.d;
        let sqrt_d = (d as f64).sqrt();
        match self.kernel.kind {
            TfplusKernelKind::GroupAdamV4 {
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
                ..
            } => {
                let (l1, l2, l21) = (l1 * lr, l2 * lr, l21 * lr);
                let alpha = lr * (1.0 - b2p).sqrt() / (1.0 - b1p);
                let mut nvs = vec![0.0; d];
                for i in 0..d {
                    r.m[i] = beta1 * r.m[i] + (1.0 - beta1) * g[i];
                    let new_v = beta2 * r.v[i] + (1.0 - beta2) * (g[i] * g[i]);
                    nvs[i] = new_v.sqrt();
                    let q = if beta1 > b1p {
                        nvs[i] - r.v[i].sqrt()
                    } else {
                        nvs[i] + epsilon
                    };
                    r.z[i] += alpha * r.m[i] - q * r.w[i];
                    r.v[i] = new_v;
                    r.y[i] = nvs[i] + epsilon;
                }
                group_prox(r, l1, l21 * sqrt_d, 2.0 * l2)
            }
            TfplusKernelKind::GroupAdamV3 {
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
                ..
            } => {
                let a = (1.0 - b2p).sqrt() / (1.0 - b1p);
                for i in 0..d {
                    r.m[i] = beta1 * r.m[i] + (1.0 - beta1) * g[i];
                    let new_v = beta2 * r.v[i] + (1.0 - beta2) * (g[i] * g[i]);
                    let nvs = new_v.sqrt();
                    let q = if beta1 > b1p {
                        nvs - r.v[i].sqrt()
                    } else {
                        nvs - r.v[i].sqrt() + epsilon
                    };
                    r.z[i] += a * r.m[i] - q / lr * r.w[i];
                    r.v[i] = new_v;
                    r.y[i] = (nvs + epsilon) / lr;
                }
                group_prox(r, l1, l21 * sqrt_d, 2.0 * l2)
            }
            TfplusKernelKind::GroupAdamV2 {
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
                ..
            } => {
                let eps_adj = epsilon / (1.0 - b2p).sqrt();
                for i in 0..d {
                    r.m[i] = beta1 * r.m[i] + (1.0 - beta1) * g[i];
                    r.v[i] = beta2 * r.v[i] + (1.0 - beta2) * (g[i] * g[i]);
                    let new_accum = r.v[i] / (1.0 - b2p);
                    let q = if beta1 > b1p {
                        new_accum.sqrt() - r.accum[i].sqrt()
                    } else {
                        new_accum.sqrt() - r.accum[i].sqrt() + eps_adj
                    };
                    r.z[i] += r.m[i] / (1.0 - b1p) - q / lr * r.w[i];
                    r.y[i] = (new_accum.sqrt() + eps_adj) / lr;
                    r.accum[i] = new_accum;
                }
                group_prox(r, l1, l21 * sqrt_d, 2.0 * l2)
            }
            TfplusKernelKind::SparseGroupFtrl {
                l1,
                l2,
                l21,
                l2_shrinkage,
                beta,
                ..
            } => {
                let l2_adj = l2 + beta / (2.0 * lr.max(1e-36));
                for i in 0..d {
                    let gs = g[i] + 2.0 * l2_shrinkage * r.w[i];
                    let new_accum = r.accum[i] + gs * gs;
                    r.z[i] += gs - (new_accum.sqrt() - r.accum[i].sqrt()) / lr * r.w[i];
                    r.y[i] = new_accum.sqrt() / lr;
                    r.accum[i] += gs * gs;
                }
                group_prox(r, l1, l21 * sqrt_d, 2.0 * l2_adj)
            }
            TfplusKernelKind::GroupSparseFtrlV2 {
                l1,
                l2,
                l2_shrinkage,
                single_accumulation,
                ..
            } => {
                let mut gs2 = vec![0.0; d];
                for i in 0..d {
                    let gs = g[i] + 2.0 * l2_shrinkage * r.w[i];
                    let new_accum = r.accum[i] + gs * gs;
                    r.z[i] += gs - (new_accum.sqrt() - r.accum[i].sqrt()) / lr * r.w[i];
                    r.y[i] = new_accum.sqrt() / lr;
                    gs2[i] = gs * gs;
                }
                let norm = r.z.iter().map(|z| z * z).sum::<f64>().sqrt();
                let kept = norm > l1;
                if kept {
                    for i in 0..d {
                        let coef = (l1 - norm) / ((r.y[i] + 2.0 * l2) * norm);
                        r.w[i] = coef * r.z[i];
                    }
                }
                for i in 0..d {
                    r.accum[i] += gs2[i];
                    if !single_accumulation {
                        r.accum[i] += gs2[i];
                    }
                }
                kept
            }
        }
    }

    /// Row `id` as [`RowState`] (`sigma` holds the kernel's last
    /// denominator without the l2 term; `v` the accumulator for FTRL kernels).
    pub fn row(&self, id: usize) -> TableResult<RowState> {
        if id >= self.rows {
            return Err(TableError::IdOutOfRange {
                position: 0,
                id: id as i64,
                rows: self.rows,
            });
        }
        let fresh;
        let r = match self.state[id].as_deref() {
            Some(r) => r,
            None => {
                fresh = self.fresh();
                &fresh
            }
        };
        let ftrl = matches!(
            self.kernel.kind,
            TfplusKernelKind::SparseGroupFtrl { .. } | TfplusKernelKind::GroupSparseFtrlV2 { .. }
        );
        Ok(RowState {
            id,
            t: r.t,
            x: r.w.clone(),
            z: r.z.clone(),
            sigma: r.y.clone(),
            m: r.m.clone(),
            v: if ftrl { r.accum.clone() } else { r.v.clone() },
        })
    }

    /// The whole table's values (R x d).
    pub fn values(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.rows * self.d);
        for r in &self.state {
            match r {
                Some(r) => out.extend_from_slice(&r.w),
                None => out.extend_from_slice(&self.x1),
            }
        }
        out
    }
}

/// `s = clip(z, -l1, l1) - z`; if `||s|| > c` then `w = s (1 - c/||s||)/(y + l2x2)`
/// else the zero branch (returns false). The tie goes to zero (strict `>`).
fn group_prox(r: &mut TfRow, l1: f64, c: f64, l2x2: f64) -> bool {
    let d = r.w.len();
    let mut s = vec![0.0; d];
    let mut acc = 0.0;
    for i in 0..d {
        s[i] = r.z[i].min(l1).max(-l1) - r.z[i];
        acc += s[i] * s[i];
    }
    let norm = acc.sqrt();
    if norm > c {
        let f = 1.0 - c / norm;
        for i in 0..d {
            r.w[i] = s[i] * f / (r.y[i] + l2x2);
        }
        true
    } else {
        false
    }
}
