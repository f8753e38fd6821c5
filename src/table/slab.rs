//! The `Lazy` table step for Adam (every [`AdamForm`]) on contiguous row
//! state: one slab of `STRIDE * d` floats per materialised row (x, z, sigma,
//! m^, V^, m, V), a map from row id to slot, and a two-phase step that
//! computes every touched row's new state into a scratch arena of B rows
//! (phase 1) and copies it in only when the whole batch succeeded (phase 2),
//! so a failed step changes nothing without cloning any row.
//!
//! The per-row arithmetic is the same operations in the same order as
//! `EmaCore::observe` (src/rules/adam.rs) followed by
//! [`crate::algorithm1::Algorithm1::step`] (\[Alg1:L4-L10\], with the
//! [`crate::prox`] functions), so the result is bit-identical to the
//! per-row `Algorithm1` objects the other rules use; `slab::tests` checks
//! it against them on Zipf streams for every form and threshold.

use super::{RowState, TableError, TableResult};
use crate::error::SglError;
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::prox::{group_factor, group_norm, rescale, soft_threshold, Threshold};
use crate::rules::{AdamForm, RunningPower};

/// Fields of a row's block, each `d` floats, in this order.
const X: usize = 0;
const Z: usize = 1;
const SIGMA: usize = 2;
const M_HAT: usize = 3;
const V_HAT: usize = 4;
const M: usize = 5;
const V: usize = 6;
/// Floats per row per column: the number of fields above.
pub(crate) const STRIDE: usize = 7;
const NONE: u32 = u32::MAX;
// The split_at_mut walks in `observe` and `prox_step` rely on this order.
const _: () = assert!(
    X == 0
        && Z == X + 1
        && SIGMA == Z + 1
        && M_HAT == SIGMA + 1
        && V_HAT == M_HAT + 1
        && M == V_HAT + 1
        && V == M + 1
        && STRIDE == V + 1
);

/// Adam hyper-parameters as the rule holds them \[Tab1:Adam\].
#[derive(Debug, Clone, Copy)]
pub(crate) struct AdamParams {
    pub alpha: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub form: AdamForm,
}

/// Lazy Adam table state (see the module docs).
#[derive(Debug)]
pub(crate) struct LazyAdam {
    d: usize,
    p: AdamParams,
    penalty: Penalty,
    threshold: Threshold,
    groups: Groups,
    /// The global clock after T steps: `beta1^T`, `beta2^T` as running products.
    b1: RunningPower,
    b2: RunningPower,
    /// The state block of a row never touched (x_1, zero slots, sigma_0 = 0).
    template: Vec<f64>,
    /// `slot[id]`: the row's slot, or `NONE`.
    slot: Vec<u32>,
    /// Row blocks, `STRIDE * d` floats per slot.
    slab: Vec<f64>,
    /// The step of each slot's last update.
    step_of: Vec<u64>,
    /// Undo log of a step: the saved blocks of the batch's existing rows,
    /// in batch order, and their steps.
    undo: Vec<f64>,
    undo_step: Vec<u64>,
    /// The slot of each row of the batch.
    ks: Vec<u32>,
    /// Per-row scratch: `s_t` and the root `sqrt(V_t) (+ eps)`.
    s: Vec<f64>,
    root: Vec<f64>,
}

impl LazyAdam {
    pub fn new(
        rows: usize,
        d: usize,
        p: AdamParams,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[f64],
    ) -> TableResult<Self> {
        let mut slot = Vec::new();
        if slot.try_reserve_exact(rows).is_err() {
            return Err(TableError::TooLarge {
                rows,
                d,
                reason: "allocation failed",
            });
        }
        slot.resize(rows, NONE);
        let mut template = vec![0.0; STRIDE * d];
        template[X * d..(X + 1) * d].copy_from_slice(x1);
        Ok(Self {
            d,
            p,
            penalty,
            threshold,
            groups: Groups::rows(d, d)?,
            b1: RunningPower::new(p.beta1),
            b2: RunningPower::new(p.beta2),
            template,
            slot,
            slab: Vec::new(),
            step_of: Vec::new(),
            undo: Vec::new(),
            undo_step: Vec::new(),
            ks: Vec::new(),
            s: vec![0.0; d],
            root: vec![0.0; d],
        })
    }

    /// Rows holding their own state.
    pub fn materialised(&self) -> usize {
        self.step_of.len()
    }

    fn block(&self, id: usize) -> &[f64] {
        let w = STRIDE * self.d;
        match self.slot[id] {
            NONE => &self.template,
            k => &self.slab[k as usize * w..(k as usize + 1) * w],
        }
    }

    /// `x` of row `id` (x_1 if never touched).
    pub fn x(&self, id: usize) -> &[f64] {
        &self.block(id)[X * self.d..(X + 1) * self.d]
    }

    /// The row as the paper names it.
    pub fn row(&self, id: usize) -> RowState {
        let d = self.d;
        let b = self.block(id);
        let f = |k: usize| b[k * d..(k + 1) * d].to_vec();
        RowState {
            id,
            t: match self.slot[id] {
                NONE => 0,
                k => self.step_of[k as usize],
            },
            x: f(X),
            z: f(Z),
            sigma: f(SIGMA),
            m: f(M),
            v: f(V),
        }
    }

    /// Global step `t_new = T + 1` over the deduplicated batch: `uniq[u] =
    /// (id, first batch position)`, summed gradient rows in `sums`.
    ///
    /// Phase 1 gives every touched row a block (rows first seen get the
    /// template appended) and saves each existing block in the undo log: a
    /// copy loop with no arithmetic, so the cache misses of different rows
    /// overlap. Phase 2 updates the blocks in place (now cached). If a row
    /// fails, [`LazyAdam::roll_back`] restores the saved blocks, drops the
    /// appended ones and the table is as before the step.
    pub fn step(&mut self, uniq: &[(usize, usize)], sums: &[f64], t_new: u64) -> TableResult<()> {
        let d = self.d;
        let w = STRIDE * d;
        // The clock of step t_new (EmaCore::observe after set_clock_from).
        let (mut b1, mut b2) = (self.b1, self.b2);
        let b1t = b1.advance();
        let b2t = b2.advance();
        let bc1 = 1.0 - b1t;
        let bc2 = 1.0 - b2t;
        let p = self.p;
        let n = uniq.len();
        // Upper bounds (every row fresh / every row saved), amortised by
        // the vectors' geometric growth; nothing is written on failure.
        if self.undo.try_reserve(n * w).is_err()
            || self.undo_step.try_reserve(n).is_err()
            || self.ks.try_reserve(n).is_err()
            || self.slab.try_reserve(n * w).is_err()
            || self.step_of.try_reserve(n).is_err()
        {
            return Err(TableError::TooLarge {
                rows: n,
                d,
                reason: "row state allocation failed",
            });
        }
        let old_rows = self.step_of.len();
        // Phase 1: a block per row; existing blocks saved (undo log).
        self.undo.clear();
        self.undo_step.clear();
        self.ks.clear();
        for &(id, _) in uniq {
            let k = match self.slot[id] {
                NONE => {
                    let k = self.step_of.len();
                    self.slot[id] = k as u32;
                    self.slab.extend_from_slice(&self.template);
                    self.step_of.push(0);
                    k
                }
                k => {
                    let k = k as usize;
                    self.undo.extend_from_slice(&self.slab[k * w..(k + 1) * w]);
                    self.undo_step.push(self.step_of[k]);
                    k
                }
            };
            self.ks.push(k as u32);
        }
        // Phase 2: update in place.
        let c = Phase2 {
            p,
            bc1,
            bc2,
            penalty: &self.penalty,
            threshold: self.threshold,
            groups: &self.groups,
            t_new,
            d,
            ks: &self.ks,
            sums,
            undo: &self.undo,
            template: &self.template,
            old_rows,
        };
        let res = phase2(
            &c,
            &mut self.slab,
            &mut self.step_of,
            &mut self.root,
            &mut self.s,
        );
        if let Err((u, source)) = res {
            self.roll_back(uniq, u, old_rows);
            let (id, pos) = uniq[u];
            return Err(TableError::Row {
                step: t_new,
                row: id,
                position: Some(pos),
                source,
            });
        }
        self.b1 = b1;
        self.b2 = b2;
        Ok(())
    }

    /// Undoes phase 1 and rows `0..=failed` of phase 2.
    fn roll_back(&mut self, uniq: &[(usize, usize)], failed: usize, old_rows: usize) {
        let w = STRIDE * self.d;
        let mut j = 0;
        for (u, &(id, _)) in uniq.iter().enumerate() {
            let k = self.ks[u] as usize;
            if k >= old_rows {
                self.slot[id] = NONE;
            } else {
                if u <= failed {
                    self.slab[k * w..(k + 1) * w].copy_from_slice(&self.undo[j * w..(j + 1) * w]);
                    self.step_of[k] = self.undo_step[j];
                }
                j += 1;
            }
        }
        self.slab.truncate(old_rows * w);
        self.step_of.truncate(old_rows);
    }
}

/// What phase 2 of a step reads besides the slab.
struct Phase2<'a> {
    p: AdamParams,
    bc1: f64,
    bc2: f64,
    penalty: &'a Penalty,
    threshold: Threshold,
    groups: &'a Groups,
    t_new: u64,
    d: usize,
    ks: &'a [u32],
    sums: &'a [f64],
    undo: &'a [f64],
    template: &'a [f64],
    old_rows: usize,
}

/// Phase 2 of [`LazyAdam::step`]: every row of the batch updated in place
/// (\[Alg1:L4-L10\]); on failure `(u, error)` of the first failing row, whose
/// block (and those before it) the caller restores.
///
/// The same body compiled for the CPU's AVX2 when it has it: IEEE-754
/// `+ - * / sqrt` give the same bits at any vector width, and Rust never
/// contracts `a * b + c` into a fused multiply-add, so both versions are
/// bit-identical (checked by `slab::tests` on whichever this CPU runs, and
/// by `portable_and_avx2_phase2_agree`).
type Phase2Result = std::result::Result<(), (usize, SglError)>;

fn phase2(
    c: &Phase2,
    slab: &mut [f64],
    step_of: &mut [u64],
    root: &mut [f64],
    s: &mut [f64],
) -> Phase2Result {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("avx") {
        // SAFETY: `phase2_avx2` is `unsafe` only because of its
        // `#[target_feature(enable = "avx,avx2")]`: running it on a CPU
        // without those instructions is undefined. Both features were just
        // detected at run time on the CPU this process runs on.
        return unsafe { phase2_avx2(c, slab, step_of, root, s) };
    }
    phase2_body(c, slab, step_of, root, s)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2")]
unsafe fn phase2_avx2(
    c: &Phase2,
    slab: &mut [f64],
    step_of: &mut [u64],
    root: &mut [f64],
    s: &mut [f64],
) -> Phase2Result {
    phase2_body(c, slab, step_of, root, s)
}

#[inline(always)]
fn phase2_body(
    c: &Phase2,
    slab: &mut [f64],
    step_of: &mut [u64],
    root: &mut [f64],
    s: &mut [f64],
) -> Phase2Result {
    let d = c.d;
    let w = STRIDE * d;
    let lam = c.penalty;
    for (u, &k) in c.ks.iter().enumerate() {
        let k = k as usize;
        let blk = &mut slab[k * w..(k + 1) * w];
        let g = &c.sums[u * d..(u + 1) * d];
        let alpha_t = observe(&c.p, c.bc1, c.bc2, blk, g, root, d);
        let ok = coords_fast(blk, root, s, alpha_t, lam.lambda1, d)
            && group_step(blk, s, lam, c.threshold, c.groups, c.t_new, d).is_ok();
        if !ok {
            // A non-finite sigma or z (or a prox error): redo the row from
            // its saved state with the checks in Algorithm 1's order to
            // report the same error it would.
            let saved = match saved_index(c.ks, u, c.old_rows) {
                Some(j) => &c.undo[j * w..(j + 1) * w],
                None => c.template,
            };
            blk.copy_from_slice(saved);
            let alpha_t = observe(&c.p, c.bc1, c.bc2, blk, g, root, d);
            prox_step(
                blk,
                root,
                s,
                alpha_t,
                lam,
                c.threshold,
                c.groups,
                c.t_new,
                d,
            )
            .map_err(|e| (u, e))?;
        }
        step_of[k] = c.t_new;
    }
    Ok(())
}

/// Where the state of the `u`-th row of a batch before the step is: its
/// index in the undo log, or `None` for a row first seen now (its slot
/// `ks[u] >= old_rows`; its state was the template).
fn saved_index(ks: &[u32], u: usize, old_rows: usize) -> Option<usize> {
    if ks[u] as usize >= old_rows {
        return None;
    }
    // The undo log holds the batch's existing rows in batch order.
    Some(ks[..u].iter().filter(|&&k| (k as usize) < old_rows).count())
}

/// \[Alg1:L4\] for Adam: `EmaCore::observe` (src/rules/adam.rs) on one
/// row's block, same operations in the same order. Writes the root into
/// `root` and returns `alpha_t`.
#[inline(always)]
fn observe(
    p: &AdamParams,
    bc1: f64,
    bc2: f64,
    blk: &mut [f64],
    g: &[f64],
    root: &mut [f64],
    d: usize,
) -> f64 {
    let tail = &mut blk[M_HAT * d..];
    let (m_hat, tail) = tail.split_at_mut(d);
    let (v_hat, tail) = tail.split_at_mut(d);
    let (m, v) = tail.split_at_mut(d);
    let (m_hat, v_hat, m, v, g, root) = (
        &mut m_hat[..d],
        &mut v_hat[..d],
        &mut m[..d],
        &mut v[..d],
        &g[..d],
        &mut root[..d],
    );
    for i in 0..d {
        // [Alg2:L4], [Alg2:L6]
        m_hat[i] = p.beta1 * m_hat[i] + (1.0 - p.beta1) * g[i];
        v_hat[i] = p.beta2 * v_hat[i] + (1.0 - p.beta2) * (g[i] * g[i]);
    }
    match p.form {
        AdamForm::Table1 => {
            let alpha_t = p.alpha * bc2.sqrt() / bc1;
            for i in 0..d {
                m[i] = m_hat[i];
                v[i] = v_hat[i];
                root[i] = v[i].sqrt() + p.eps;
            }
            alpha_t
        }
        AdamForm::Tfplus => {
            let fold = bc2.sqrt() / bc1;
            for i in 0..d {
                m[i] = m_hat[i] * fold;
                v[i] = v_hat[i];
                root[i] = v[i].sqrt() + p.eps;
            }
            p.alpha
        }
        AdamForm::PaperV1 | AdamForm::PaperV2 => {
            // [Alg2:L8] of v2: eps_t = eps / sqrt(1 - beta2^t)
            let eps_t = if p.form == AdamForm::PaperV2 {
                p.eps / bc2.sqrt()
            } else {
                p.eps
            };
            for i in 0..d {
                // [Alg2:L5], [Alg2:L7]
                m[i] = m_hat[i] / bc1;
                v[i] = v_hat[i] / bc2;
                root[i] = v[i].sqrt() + eps_t;
            }
            p.alpha
        }
    }
}

/// \[Alg1:L5-L10\] on one row's block: `Algorithm1::step` after the rule has
/// observed, same operations, order and errors.
#[allow(clippy::too_many_arguments)]
fn prox_step(
    blk: &mut [f64],
    root: &[f64],
    s: &mut [f64],
    alpha_t: f64,
    lam: &Penalty,
    threshold: Threshold,
    groups: &Groups,
    t: u64,
    d: usize,
) -> crate::error::Result<()> {
    let (x, tail) = blk.split_at_mut(d);
    let (z, tail) = tail.split_at_mut(d);
    let (sigma, tail) = tail.split_at_mut(d);
    let m = &tail[(M - M_HAT) * d..(M - M_HAT + 1) * d];
    for i in 0..d {
        // [Alg1:L5]
        let sqrt_v = root[i];
        let sigma_t = sqrt_v / alpha_t;
        if !sigma_t.is_finite() {
            return Err(SglError::Overflow {
                step: t,
                what: if sqrt_v.is_finite() { "sigma" } else { "V" },
                coord: i,
            });
        }
        let q_over_alpha = sigma_t - sigma[i];
        // [Alg1:L6]
        z[i] = z[i] + m[i] - q_over_alpha * x[i];
        if !z[i].is_finite() {
            return Err(SglError::Overflow {
                step: t,
                what: "z",
                coord: i,
            });
        }
        sigma[i] = sigma_t;
        // [Alg1:L8]
        s[i] = soft_threshold(z[i], lam.lambda1);
    }
    group_step(blk, s, lam, threshold, groups, t, d)
}

/// \[Alg1:L5-L8\] without early exits (so the loop can be vectorised):
/// the same values as the loop of [`prox_step`] when it returns `true`
/// (every `sigma_t` and `z_t` finite); on `false` the block is garbage and
/// the caller redoes the row with [`prox_step`] for the exact error.
#[inline(always)]
fn coords_fast(
    blk: &mut [f64],
    root: &[f64],
    s: &mut [f64],
    alpha_t: f64,
    lambda1: f64,
    d: usize,
) -> bool {
    let (x, tail) = blk.split_at_mut(d);
    let (z, tail) = tail.split_at_mut(d);
    let (sigma, tail) = tail.split_at_mut(d);
    let m = &tail[(M - M_HAT) * d..(M - M_HAT + 1) * d];
    let (x, z, sigma, m, root, s) = (
        &x[..d],
        &mut z[..d],
        &mut sigma[..d],
        &m[..d],
        &root[..d],
        &mut s[..d],
    );
    let mut ok = true;
    for i in 0..d {
        // [Alg1:L5]
        let sigma_t = root[i] / alpha_t;
        let q_over_alpha = sigma_t - sigma[i];
        // [Alg1:L6]
        let z_t = z[i] + m[i] - q_over_alpha * x[i];
        ok &= sigma_t.is_finite() & z_t.is_finite();
        z[i] = z_t;
        sigma[i] = sigma_t;
        // [Alg1:L8]
        s[i] = soft_threshold(z_t, lambda1);
    }
    ok
}

/// \[Alg1:L10\] on a block whose z, sigma and `s` are those of step t.
#[inline(always)]
fn group_step(
    blk: &mut [f64],
    s: &[f64],
    lam: &Penalty,
    threshold: Threshold,
    groups: &Groups,
    t: u64,
    d: usize,
) -> crate::error::Result<()> {
    let (x, tail) = blk.split_at_mut(d);
    let sigma = &tail[(SIGMA - Z) * d..(SIGMA - Z + 1) * d];
    for (g_idx, members) in groups.iter().enumerate() {
        let c = groups.sqrt_size(g_idx) * lam.lambda21;
        let norm =
            group_norm(threshold, s, sigma, lam.lambda2, members).map_err(|e| e.at_step(t))?;
        let factor = group_factor(norm, c);
        for &i in members {
            x[i] = rescale(factor, s[i], sigma[i], lam.lambda2, i).map_err(|e| e.at_step(t))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The slab kernel against the per-row `Algorithm1` objects (the rules'
    //! own update code): bit for bit, every form and threshold.
    use super::super::zipf::{ZipfSpec, ZipfStream};
    use super::super::{EmbeddingTable, Semantics, SparseBatch, TableError};
    use crate::penalty::Penalty;
    use crate::prox::Threshold;
    use crate::rules::{AdamForm, RuleSpec};

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|a| a.to_bits()).collect()
    }

    fn same(a: &EmbeddingTable, b: &EmbeddingTable, rows: usize, ctx: &str) {
        assert_eq!(a.t(), b.t(), "{ctx}");
        assert_eq!(a.materialised(), b.materialised(), "{ctx}");
        for id in 0..rows {
            let (ra, rb) = (a.row(id).unwrap(), b.row(id).unwrap());
            assert_eq!(ra.t, rb.t, "{ctx} row {id}");
            for (fa, fb, name) in [
                (&ra.x, &rb.x, "x"),
                (&ra.z, &rb.z, "z"),
                (&ra.sigma, &rb.sigma, "sigma"),
                (&ra.m, &rb.m, "m"),
                (&ra.v, &rb.v, "v"),
            ] {
                assert_eq!(bits(fa), bits(fb), "{ctx} row {id} {name}");
            }
        }
        assert_eq!(
            bits(&a.values().unwrap()),
            bits(&b.values().unwrap()),
            "{ctx}"
        );
    }

    /// A failing row after rows first seen in the same batch: the new
    /// blocks are dropped, the saved ones restored, the table is unchanged.
    #[test]
    fn failed_step_with_new_rows_changes_nothing() {
        let d = 3;
        let spec = RuleSpec::Adam {
            alpha: 0.1,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            form: AdamForm::PaperV1,
        };
        let pen = Penalty::new(0.01, 0.1, 0.0).unwrap();
        let mk = |slab| {
            EmbeddingTable::build(
                10,
                d,
                Semantics::Lazy,
                &spec,
                pen,
                Threshold::S,
                &[0.1, 0.2, 0.3],
                slab,
            )
            .unwrap()
        };
        let (mut a, mut b) = (mk(true), mk(false));
        let first = SparseBatch {
            ids: vec![0, 4],
            grads: vec![vec![0.1, 0.2, -0.3], vec![1.0, 0.0, 0.5]],
            hess: None,
        };
        a.step(&first).unwrap();
        b.step(&first).unwrap();
        let bad = SparseBatch {
            ids: vec![1, 0, 5, 4, 2],
            grads: vec![
                vec![0.5; 3],
                vec![0.5; 3],
                vec![0.25; 3],
                vec![-0.5; 3],
                vec![0.0, 1e300, 0.0],
            ],
            hess: None,
        };
        let (ea, eb) = (a.step(&bad).unwrap_err(), b.step(&bad).unwrap_err());
        assert_eq!(ea, eb);
        assert!(matches!(
            ea,
            TableError::Row {
                row: 2,
                position: Some(4),
                ..
            }
        ));
        assert_eq!(a.materialised(), 2);
        same(&a, &b, 10, "after the failed step");
        // And the table still steps as if the failed batch never happened.
        let next = SparseBatch {
            ids: vec![5, 0],
            grads: vec![vec![0.3; 3], vec![-0.1; 3]],
            hess: None,
        };
        a.step(&next).unwrap();
        b.step(&next).unwrap();
        same(&a, &b, 10, "after the next step");
    }

    /// The AVX2 build of phase 2 against the portable one on the same
    /// blocks: bit for bit (on a CPU without AVX2 both run the portable one).
    #[test]
    fn portable_and_avx2_phase2_agree() {
        use super::{phase2, phase2_body, AdamParams, Phase2, STRIDE};
        use crate::groups::Groups;
        use rand::{RngExt, SeedableRng};
        let d = 16;
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let rows = 64;
        let slab: Vec<f64> = (0..rows * STRIDE * d)
            .map(|i| {
                let v: f64 = rng.random_range(-1.0..1.0);
                // sigma, V^ and V (fields 2, 4, 6) are non-negative.
                if [2, 4, 6].contains(&((i / d) % STRIDE)) {
                    v.abs()
                } else {
                    v
                }
            })
            .collect();
        let sums: Vec<f64> = (0..rows * d).map(|_| rng.random_range(-1.0..1.0)).collect();
        let ks: Vec<u32> = (0..rows as u32).rev().collect();
        for form in [
            AdamForm::Table1,
            AdamForm::PaperV1,
            AdamForm::PaperV2,
            AdamForm::Tfplus,
        ] {
            for threshold in Threshold::ALL {
                let pen = Penalty::new(0.05, 0.2, 0.01).unwrap();
                let groups = Groups::rows(d, d).unwrap();
                let c = Phase2 {
                    p: AdamParams {
                        alpha: 0.05,
                        beta1: 0.9,
                        beta2: 0.999,
                        eps: 1e-8,
                        form,
                    },
                    bc1: 1.0 - 0.9f64.powi(7),
                    bc2: 1.0 - 0.999f64.powi(7),
                    penalty: &pen,
                    threshold,
                    groups: &groups,
                    t_new: 7,
                    d,
                    ks: &ks,
                    sums: &sums,
                    undo: &slab,
                    template: &slab[..STRIDE * d],
                    old_rows: rows,
                };
                let (mut a, mut b) = (slab.clone(), slab.clone());
                let (mut sa, mut sb) = (vec![0u64; rows], vec![0u64; rows]);
                let (mut r1, mut r2, mut s1, mut s2) =
                    (vec![0.0; d], vec![0.0; d], vec![0.0; d], vec![0.0; d]);
                phase2(&c, &mut a, &mut sa, &mut r1, &mut s1).unwrap();
                phase2_body(&c, &mut b, &mut sb, &mut r2, &mut s2).unwrap();
                assert_eq!(bits(&a), bits(&b), "{form:?} {threshold:?}");
                assert_ne!(bits(&a), bits(&slab), "the step changed the blocks");
            }
        }
    }

    #[test]
    fn slab_equals_algorithm1_objects_bit_for_bit() {
        let (rows, d) = (60, 4);
        for form in [
            AdamForm::Table1,
            AdamForm::PaperV1,
            AdamForm::PaperV2,
            AdamForm::Tfplus,
        ] {
            for threshold in Threshold::ALL {
                // lambda21 large enough that rows are zeroed and revive.
                for (l1, l21, l2) in [(0.0, 0.0, 0.0), (0.02, 0.3, 0.01), (0.1, 0.05, 0.0)] {
                    let spec = RuleSpec::Adam {
                        alpha: 0.05,
                        beta1: 0.9,
                        beta2: 0.999,
                        eps: 1e-8,
                        form,
                    };
                    let pen = Penalty::new(l1, l21, l2).unwrap();
                    let x1 = vec![0.3, -0.2, 0.0, 0.1];
                    let mk = |slab| {
                        EmbeddingTable::build(
                            rows,
                            d,
                            Semantics::Lazy,
                            &spec,
                            pen,
                            threshold,
                            &x1,
                            slab,
                        )
                        .unwrap()
                    };
                    let (mut a, mut b) = (mk(true), mk(false));
                    assert!(a.lazy_adam.is_some() && b.lazy_adam.is_none());
                    let mut stream = ZipfStream::new(
                        ZipfSpec {
                            seed: 5,
                            batch: 24,
                            exponent: 1.1,
                            scale: 1.0,
                            amplitude: 0.5,
                            period: 40,
                            hessian: false,
                        },
                        rows,
                        d,
                    );
                    let ctx = format!("{form:?} {threshold:?} {l1} {l21} {l2}");
                    for step in 0..150 {
                        let batch = if step % 37 == 5 {
                            SparseBatch::default()
                        } else {
                            stream.next_batch()
                        };
                        assert_eq!(a.step(&batch).unwrap(), b.step(&batch).unwrap());
                        assert_eq!(a.touched(), b.touched(), "{ctx}");
                        if step % 10 == 0 {
                            same(&a, &b, rows, &format!("{ctx} step {step}"));
                        }
                    }
                    same(&a, &b, rows, &ctx);
                    // A row whose update overflows (V = g^2 = inf) after a
                    // good row: the same error, and neither table changes.
                    let bad = SparseBatch {
                        ids: vec![1, 7],
                        grads: vec![vec![0.5; d], vec![1e200, 0.0, 0.0, 0.0]],
                        hess: None,
                    };
                    let (ea, eb) = (a.step(&bad).unwrap_err(), b.step(&bad).unwrap_err());
                    assert_eq!(ea, eb, "{ctx}");
                    assert!(matches!(
                        ea,
                        TableError::Row {
                            row: 7,
                            position: Some(1),
                            ..
                        }
                    ));
                    same(&a, &b, rows, &format!("{ctx} after the failed step"));
                }
            }
        }
    }
}
