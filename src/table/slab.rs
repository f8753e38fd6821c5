//! The table step for Adam (every [`AdamForm`], `Dense` and `Lazy`) on
//! contiguous row state: one slab of `STRIDE * d` floats per materialised row (x, z, sigma,
//! m^, V^, m, V), a map from row id to slot, and a two-phase step: phase 1
//! saves every touched row's block to an undo log (and appends the initial
//! block for rows first seen), phase 2 updates the blocks in place; a failed
//! row rolls the table back, so a failed step changes nothing without
//! cloning any row object.
//!
//! The per-row arithmetic is the same operations in the same order as
//! `EmaCore::observe` (src/rules/adam.rs) followed by
//! [`crate::algorithm1::Algorithm1::step`] (\[Alg1:L4-L10\], with the
//! [`crate::prox`] functions), so the result is bit-identical to the
//! per-row `Algorithm1` objects the other rules use; `slab::tests` checks
//! it against them on Zipf streams for every form and threshold.
//!
//! Row surgery (`prune.rs`) on the blocks: a restart writes the initial
//! block with the given x at row step 0 (`Dense` then replays steps
//! `1..=T` with `g = 0` at the next touch or read, exactly as a restarted
//! `Algorithm1` object); zeroing is a restart at 0; an in-place catch-up
//! runs the replay on the block; a copy clones the slab, which holds its own
//! clock (`beta^t` tables) and so steps independently under either
//! semantics.

use super::{RowState, TableError, TableResult};
use crate::error::SglError;
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::prox::{group_factor, group_norm, rescale, soft_threshold, Threshold};
use crate::rules::AdamForm;

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

/// Adam table state on a slab (see the module docs), for either semantics.
///
/// A copy (`Clone`) is an independent table: the slab holds its own clock
/// (`pow1`, `pow2`) and reads no shared state.
#[derive(Debug, Clone)]
pub(crate) struct AdamSlab {
    /// `Dense` (the paper, deferred catch-up) or `Lazy`.
    dense: bool,
    d: usize,
    p: AdamParams,
    penalty: Penalty,
    threshold: Threshold,
    groups: Groups,
    /// `beta1^t`, `beta2^t` for `t = 0..=T`, as running products (the
    /// values the rules' own clocks hold at step t).
    pow1: Vec<f64>,
    pow2: Vec<f64>,
    /// The state block of a row never touched at step 0 (x_1, zero slots,
    /// sigma_0 = 0).
    template: Vec<f64>,
    /// Dense: the block of a row never touched, at the global step T (the
    /// template after T steps with g = 0).
    fresh: Vec<f64>,
    /// `slot[id]`: the row's slot, or `NONE`.
    slot: Vec<u32>,
    /// Row blocks, `STRIDE * d` floats per slot.
    slab: Vec<f64>,
    /// The step each slot's block is at (Lazy: its last update).
    step_of: Vec<u64>,
    /// Undo log of a step: the saved blocks of the batch's existing rows,
    /// in batch order, and their steps.
    undo: Vec<f64>,
    undo_step: Vec<u64>,
    /// The slot of each row of the batch.
    ks: Vec<u32>,
    /// Per-row scratch: `s_t`, the root `sqrt(V_t) (+ eps)`, a zero row.
    s: Vec<f64>,
    root: Vec<f64>,
    zeros: Vec<f64>,
}

impl AdamSlab {
    pub fn new(
        rows: usize,
        d: usize,
        dense: bool,
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
            dense,
            d,
            p,
            penalty,
            threshold,
            groups: Groups::rows(d, d)?,
            pow1: vec![1.0],
            pow2: vec![1.0],
            fresh: template.clone(),
            template,
            slot,
            slab: Vec::new(),
            step_of: Vec::new(),
            undo: Vec::new(),
            undo_step: Vec::new(),
            ks: Vec::new(),
            s: vec![0.0; d],
            root: vec![0.0; d],
            zeros: vec![0.0; d],
        })
    }

    /// Rows holding their own state.
    pub fn materialised(&self) -> usize {
        self.step_of.len()
    }

    /// True when row `id` holds its own block (touched at least once).
    pub fn is_stored(&self, id: usize) -> bool {
        self.slot.get(id).is_some_and(|&k| k != NONE)
    }

    /// The global step T.
    fn t(&self) -> u64 {
        (self.pow1.len() - 1) as u64
    }

    /// Row `id`'s stored block and the step it is at (a row never touched:
    /// the template at 0, or under Dense the fresh block at T).
    fn stored(&self, id: usize) -> (&[f64], u64) {
        let w = STRIDE * self.d;
        match (self.slot[id], self.dense) {
            (NONE, false) => (&self.template, 0),
            (NONE, true) => (&self.fresh, self.t()),
            (k, _) => (
                &self.slab[k as usize * w..(k as usize + 1) * w],
                self.step_of[k as usize],
            ),
        }
    }

    /// Row `id`'s block at the current step: Lazy as stored; Dense caught
    /// up on a copy (\[Alg1:L3-L10\] with g = 0 for the steps it missed).
    fn current(&self, id: usize) -> TableResult<(Vec<f64>, u64)> {
        let (blk, at) = self.stored(id);
        let mut blk = blk.to_vec();
        if !self.dense {
            return Ok((blk, at));
        }
        let (mut root, mut s) = (vec![0.0; self.d], vec![0.0; self.d]);
        let c = self.phase2_inputs(&[], &[], 0);
        exact_steps(
            &c,
            &mut blk,
            &self.zeros,
            at + 1,
            self.t(),
            &mut root,
            &mut s,
        )
        .map_err(|(step, source)| TableError::Row {
            step,
            row: id,
            position: None,
            source,
        })?;
        Ok((blk, self.t()))
    }

    /// The row as the paper names it (Dense: at the global step).
    pub fn row(&self, id: usize) -> TableResult<RowState> {
        let d = self.d;
        let (b, t) = self.current(id)?;
        let f = |k: usize| b[k * d..(k + 1) * d].to_vec();
        Ok(RowState {
            id,
            t,
            x: f(X),
            z: f(Z),
            sigma: f(SIGMA),
            m: f(M),
            v: f(V),
        })
    }

    /// Every row's x at the current step (R x d, row-major).
    pub fn values(&self) -> TableResult<Vec<f64>> {
        let d = self.d;
        let mut out = Vec::with_capacity(self.slot.len() * d);
        for id in 0..self.slot.len() {
            let (b, at) = self.stored(id);
            if at == self.t() || !self.dense {
                out.extend_from_slice(&b[X * d..(X + 1) * d]);
            } else {
                out.extend_from_slice(&self.current(id)?.0[X * d..(X + 1) * d]);
            }
        }
        Ok(out)
    }

    /// Dense: every stored row caught up to the global step, in place (all
    /// or nothing). Lazy: nothing to do.
    pub fn sync_all(&mut self) -> TableResult<()> {
        if !self.dense {
            return Ok(());
        }
        let w = STRIDE * self.d;
        let mut caught = Vec::new();
        for id in 0..self.slot.len() {
            if self.slot[id] != NONE && self.stored(id).1 < self.t() {
                caught.push((self.slot[id] as usize, self.current(id)?.0));
            }
        }
        let t = self.t();
        for (k, blk) in caught {
            self.slab[k * w..(k + 1) * w].copy_from_slice(&blk);
            self.step_of[k] = t;
        }
        Ok(())
    }

    /// Room for `n` more blocks (an upper bound), so that a restart or a
    /// zeroing either fails before it writes or completes.
    fn reserve_blocks(&mut self, n: usize) -> TableResult<()> {
        let w = STRIDE * self.d;
        if self.slab.try_reserve(n.saturating_mul(w)).is_err()
            || self.step_of.try_reserve(n).is_err()
        {
            return Err(TableError::TooLarge {
                rows: n,
                d: self.d,
                reason: "row state allocation failed",
            });
        }
        Ok(())
    }

    /// Row `id`'s block set to the state of `Algorithm1::new` at `x_1 = x`
    /// (the template with x: `z = 0`, zero moments, `sigma_0 = 0`), at row
    /// step 0. Room must have been reserved.
    fn put_restarted(&mut self, id: usize, x: &[f64]) {
        let (d, w) = (self.d, STRIDE * self.d);
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
                self.slab[k * w..(k + 1) * w].copy_from_slice(&self.template);
                self.step_of[k] = 0;
                k
            }
        };
        self.slab[k * w + X * d..k * w + (X + 1) * d].copy_from_slice(x);
    }

    /// Restarts row `id` at value `x` (length d, finite: checked by the
    /// caller) at row step 0: `EmbeddingTable::restart_row` on the slab.
    /// Dense: its next touch or read replays steps `1..=T` with `g = 0`
    /// (`step_of = 0`); Lazy: its next step is the global step.
    pub fn restart(&mut self, id: usize, x: &[f64]) -> TableResult<()> {
        self.reserve_blocks(1)?;
        self.put_restarted(id, x);
        Ok(())
    }

    /// Restarts every row of `ids` (in range: checked by the caller) at 0.
    /// All or nothing.
    pub fn zero(&mut self, ids: &[usize]) -> TableResult<()> {
        self.reserve_blocks(ids.len())?;
        let zeros = std::mem::take(&mut self.zeros);
        for &id in ids {
            self.put_restarted(id, &zeros);
        }
        self.zeros = zeros;
        Ok(())
    }

    /// `x` of row `id` when its stored block holds the current value (a
    /// stored Lazy row; a stored Dense row at the global step).
    pub fn current_x(&self, id: usize) -> Option<&[f64]> {
        let k = *self.slot.get(id)?;
        if k == NONE {
            return None;
        }
        let k = k as usize;
        if self.dense && self.step_of[k] != self.t() {
            return None;
        }
        let (d, w) = (self.d, STRIDE * self.d);
        Some(&self.slab[k * w + X * d..k * w + (X + 1) * d])
    }

    /// Dense: the stored rows among `ids` brought to the global step in
    /// place, one after another (\[Alg1:L3-L10\] with `g = 0`, the same
    /// steps as [`AdamSlab::current`]). On an error at step t of a row,
    /// the rows before it are caught up and it is left at step `t - 1`
    /// (its value reads the same). Lazy: nothing to do.
    pub fn catch_up(&mut self, ids: &[usize]) -> TableResult<()> {
        if !self.dense {
            return Ok(());
        }
        let (t, w) = (self.t(), STRIDE * self.d);
        let mut slab = std::mem::take(&mut self.slab);
        let (mut root, mut s) = (std::mem::take(&mut self.root), std::mem::take(&mut self.s));
        let mut saved = std::mem::take(&mut self.undo);
        let mut step_of = std::mem::take(&mut self.step_of);
        let mut res = Ok(());
        {
            let c = self.phase2_inputs(&[], &[], 0);
            for &id in ids {
                let k = match self.slot.get(id) {
                    Some(&k) if k != NONE => k as usize,
                    _ => continue,
                };
                let from = step_of[k] + 1;
                if from > t {
                    continue;
                }
                let blk = &mut slab[k * w..(k + 1) * w];
                saved.clear();
                saved.extend_from_slice(blk);
                if catch_up_fast(&c, blk, from, t, &mut root, &mut s) {
                    step_of[k] = t;
                    continue;
                }
                // Redo with Algorithm 1's checks for the exact error, then
                // leave the row at the step before it.
                blk.copy_from_slice(&saved);
                let (step, source) = match exact_steps(&c, blk, c.zeros, from, t, &mut root, &mut s)
                {
                    Ok(()) => {
                        // Unreachable when the fast path agrees with the
                        // exact one; keep the exact result.
                        step_of[k] = t;
                        continue;
                    }
                    Err(e) => e,
                };
                blk.copy_from_slice(&saved);
                step_of[k] = match exact_steps(&c, blk, c.zeros, from, step - 1, &mut root, &mut s)
                {
                    Ok(()) => step - 1,
                    // The same steps succeeded a moment ago (deterministic
                    // arithmetic); were it otherwise, the row is restored.
                    Err(_) => {
                        blk.copy_from_slice(&saved);
                        from - 1
                    }
                };
                res = Err(TableError::Row {
                    step,
                    row: id,
                    position: None,
                    source,
                });
                break;
            }
        }
        self.slab = slab;
        self.step_of = step_of;
        self.root = root;
        self.s = s;
        self.undo = saved;
        res
    }

    fn phase2_inputs<'a>(
        &'a self,
        sums: &'a [f64],
        undo: &'a [f64],
        old_rows: usize,
    ) -> Phase2<'a> {
        Phase2 {
            p: self.p,
            pow1: &self.pow1,
            pow2: &self.pow2,
            penalty: &self.penalty,
            threshold: self.threshold,
            groups: &self.groups,
            dense: self.dense,
            d: self.d,
            ks: &self.ks,
            sums,
            undo,
            template: &self.template,
            fresh: &self.fresh,
            zeros: &self.zeros,
            old_rows,
        }
    }

    /// Global step `t_new = T + 1` over the deduplicated batch: `uniq[u] =
    /// (id, first batch position)`, summed gradient rows in `sums`.
    ///
    /// Phase 1 gives every touched row a block (rows first seen get the
    /// template, under Dense the fresh block) and saves each existing block
    /// in the undo log: a copy loop with no arithmetic, so the cache misses
    /// of different rows overlap. Phase 2 updates the blocks in place (now
    /// cached), Dense rows first catching up on the steps they missed. If a
    /// row fails, [`AdamSlab::roll_back`] restores the saved blocks, drops the
    /// appended ones and the table is as before the step.
    pub fn step(&mut self, uniq: &[(usize, usize)], sums: &[f64], t_new: u64) -> TableResult<()> {
        debug_assert_eq!(t_new, self.t() + 1);
        let d = self.d;
        let w = STRIDE * d;
        let n = uniq.len();
        // Upper bounds (every row fresh / every row saved), amortised by
        // the vectors' geometric growth; nothing is written on failure.
        if self.undo.try_reserve(n * w).is_err()
            || self.undo_step.try_reserve(n).is_err()
            || self.ks.try_reserve(n).is_err()
            || self.slab.try_reserve(n * w).is_err()
            || self.step_of.try_reserve(n).is_err()
            || self.pow1.try_reserve(1).is_err()
            || self.pow2.try_reserve(1).is_err()
        {
            return Err(TableError::TooLarge {
                rows: n,
                d,
                reason: "row state allocation failed",
            });
        }
        // The clock of step t_new (EmaCore::observe's running products).
        let (p1, p2) = (self.pow1[t_new as usize - 1], self.pow2[t_new as usize - 1]);
        self.pow1.push(p1 * self.p.beta1);
        self.pow2.push(p2 * self.p.beta2);
        let old_rows = self.step_of.len();
        // Phase 1: a block per row; existing blocks saved (undo log).
        self.undo.clear();
        self.undo_step.clear();
        self.ks.clear();
        let (new_block, new_at) = if self.dense {
            (&self.fresh, t_new - 1)
        } else {
            (&self.template, 0)
        };
        for &(id, _) in uniq {
            let k = match self.slot[id] {
                NONE => {
                    let k = self.step_of.len();
                    self.slot[id] = k as u32;
                    self.slab.extend_from_slice(new_block);
                    self.step_of.push(new_at);
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
        let undo = std::mem::take(&mut self.undo);
        let mut slab = std::mem::take(&mut self.slab);
        let mut step_of = std::mem::take(&mut self.step_of);
        let (mut root, mut s) = (std::mem::take(&mut self.root), std::mem::take(&mut self.s));
        let c = self.phase2_inputs(sums, &undo, old_rows);
        let mut res = phase2(&c, t_new, &mut slab, &mut step_of, &mut root, &mut s)
            .map_err(|(u, step, source)| (u, step, Some(uniq[u].1), uniq[u].0, source));
        // Dense: the never-touched trajectory also takes the step.
        let mut fresh = None;
        if res.is_ok() && self.dense {
            let mut f = self.fresh.clone();
            match exact_steps(&c, &mut f, &self.zeros, t_new, t_new, &mut root, &mut s) {
                Ok(()) => fresh = Some(f),
                Err((step, source)) => res = Err((n, step, None, usize::MAX, source)),
            }
        }
        self.undo = undo;
        self.slab = slab;
        self.step_of = step_of;
        self.root = root;
        self.s = s;
        if let Err((u, step, position, row, source)) = res {
            self.roll_back(uniq, u, old_rows);
            self.pow1.pop();
            self.pow2.pop();
            return Err(TableError::Row {
                step,
                row,
                position,
                source,
            });
        }
        if let Some(f) = fresh {
            self.fresh = f;
        }
        Ok(())
    }

    /// Undoes phase 1 and rows `0..=failed` of phase 2 (every row when
    /// `failed >= uniq.len()`).
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

/// What phase 2 of a step (and a catch-up) reads besides the slab.
struct Phase2<'a> {
    p: AdamParams,
    /// `beta^t` for `t = 0..=t_new`.
    pow1: &'a [f64],
    pow2: &'a [f64],
    penalty: &'a Penalty,
    threshold: Threshold,
    groups: &'a Groups,
    dense: bool,
    d: usize,
    ks: &'a [u32],
    sums: &'a [f64],
    undo: &'a [f64],
    template: &'a [f64],
    fresh: &'a [f64],
    zeros: &'a [f64],
    old_rows: usize,
}

/// On failure: the batch index of the failing row, the global step at which
/// it failed (a Dense catch-up step or t_new) and the error.
type Phase2Result = std::result::Result<(), (usize, u64, SglError)>;

/// Phase 2 of [`AdamSlab::step`]: every row of the batch brought to step
/// `t_new` in place (Dense: the missed steps with g = 0 first), each step
/// \[Alg1:L4-L10\].
///
/// The same body compiled for the CPU's AVX2 when it has it: IEEE-754
/// `+ - * / sqrt` give the same bits at any vector width, and Rust never
/// contracts `a * b + c` into a fused multiply-add, so both versions are
/// bit-identical (checked by `slab::tests` on whichever this CPU runs, and
/// by `portable_and_avx2_phase2_agree`).
fn phase2(
    c: &Phase2,
    t_new: u64,
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
        return unsafe { phase2_avx2(c, t_new, slab, step_of, root, s) };
    }
    phase2_body(c, t_new, slab, step_of, root, s)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2")]
unsafe fn phase2_avx2(
    c: &Phase2,
    t_new: u64,
    slab: &mut [f64],
    step_of: &mut [u64],
    root: &mut [f64],
    s: &mut [f64],
) -> Phase2Result {
    phase2_body(c, t_new, slab, step_of, root, s)
}

#[inline(always)]
fn phase2_body(
    c: &Phase2,
    t_new: u64,
    slab: &mut [f64],
    step_of: &mut [u64],
    root: &mut [f64],
    s: &mut [f64],
) -> Phase2Result {
    let d = c.d;
    let w = STRIDE * d;
    for (u, &k) in c.ks.iter().enumerate() {
        let k = k as usize;
        let blk = &mut slab[k * w..(k + 1) * w];
        let g = &c.sums[u * d..(u + 1) * d];
        let from = step_of[k] + 1;
        let mut ok = true;
        if c.dense {
            for t in from..t_new {
                ok = ok && fast_step(c, blk, c.zeros, t, root, s);
            }
        }
        ok = ok && fast_step(c, blk, g, t_new, root, s);
        if !ok {
            // A non-finite sigma or z (or a prox error): redo the row from
            // its saved state with the checks in Algorithm 1's order to
            // report the same error at the same step.
            let saved = match saved_index(c.ks, u, c.old_rows) {
                Some(j) => &c.undo[j * w..(j + 1) * w],
                None if c.dense => c.fresh,
                None => c.template,
            };
            blk.copy_from_slice(saved);
            let miss = if c.dense { t_new - 1 } else { from - 1 };
            exact_steps(c, blk, c.zeros, from, miss, root, s).map_err(|(t, e)| (u, t, e))?;
            exact_steps(c, blk, g, t_new, t_new, root, s).map_err(|(t, e)| (u, t, e))?;
        }
        step_of[k] = t_new;
    }
    Ok(())
}

/// Steps `from..=to` of one Dense row with `g = 0` on the fast path
/// ([`fast_step`], AVX2 when the CPU has it, as [`phase2`]); `false` if a
/// value was not finite or the prox failed (the block is then garbage).
fn catch_up_fast(
    c: &Phase2,
    blk: &mut [f64],
    from: u64,
    to: u64,
    root: &mut [f64],
    s: &mut [f64],
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("avx") {
        // SAFETY: `catch_up_avx2` is `unsafe` only because of its
        // `#[target_feature(enable = "avx,avx2")]`: running it on a CPU
        // without those instructions is undefined. Both features were just
        // detected at run time on the CPU this process runs on.
        return unsafe { catch_up_avx2(c, blk, from, to, root, s) };
    }
    catch_up_body(c, blk, from, to, root, s)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2")]
unsafe fn catch_up_avx2(
    c: &Phase2,
    blk: &mut [f64],
    from: u64,
    to: u64,
    root: &mut [f64],
    s: &mut [f64],
) -> bool {
    catch_up_body(c, blk, from, to, root, s)
}

#[inline(always)]
fn catch_up_body(
    c: &Phase2,
    blk: &mut [f64],
    from: u64,
    to: u64,
    root: &mut [f64],
    s: &mut [f64],
) -> bool {
    let mut ok = true;
    for t in from..=to {
        ok = ok && fast_step(c, blk, c.zeros, t, root, s);
    }
    ok
}

/// `1 - beta1^t`, `1 - beta2^t` of step t.
#[inline(always)]
fn bias(c: &Phase2, t: u64) -> (f64, f64) {
    (1.0 - c.pow1[t as usize], 1.0 - c.pow2[t as usize])
}

/// One step t of a row with gradient `g`, without early exits (so the loops
/// vectorise); `false` if some value was not finite or the prox failed (the
/// block is then garbage and the caller redoes the row with [`exact_steps`]).
#[inline(always)]
fn fast_step(
    c: &Phase2,
    blk: &mut [f64],
    g: &[f64],
    t: u64,
    root: &mut [f64],
    s: &mut [f64],
) -> bool {
    let (bc1, bc2) = bias(c, t);
    let alpha_t = observe(&c.p, bc1, bc2, blk, g, root, c.d);
    coords_fast(blk, root, s, alpha_t, c.penalty.lambda1, c.d)
        && group_step(blk, s, c.penalty, c.threshold, c.groups, t, c.d).is_ok()
}

/// Steps `from..=to` of a row with gradient `g` each, with the checks in
/// Algorithm 1's order: the first error with its step.
fn exact_steps(
    c: &Phase2,
    blk: &mut [f64],
    g: &[f64],
    from: u64,
    to: u64,
    root: &mut [f64],
    s: &mut [f64],
) -> std::result::Result<(), (u64, SglError)> {
    for t in from..=to {
        let (bc1, bc2) = bias(c, t);
        let alpha_t = observe(&c.p, bc1, bc2, blk, g, root, c.d);
        prox_step(
            blk,
            root,
            s,
            alpha_t,
            c.penalty,
            c.threshold,
            c.groups,
            t,
            c.d,
        )
        .map_err(|e| (t, e))?;
    }
    Ok(())
}

/// Where the state of the `u`-th row of a batch before the step is: its
/// index in the undo log, or `None` for a row first seen now (its slot
/// `ks[u] >= old_rows`).
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
        for semantics in [Semantics::Lazy, Semantics::Dense] {
            failed_step_case(semantics);
        }
    }

    fn failed_step_case(semantics: Semantics) {
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
                semantics,
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
        let zeros = vec![0.0; d];
        let pow1: Vec<f64> = (0..=7).map(|t| 0.9f64.powi(t)).collect();
        let pow2: Vec<f64> = (0..=7).map(|t| 0.999f64.powi(t)).collect();
        let forms = [
            AdamForm::Table1,
            AdamForm::PaperV1,
            AdamForm::PaperV2,
            AdamForm::Tfplus,
        ];
        for (form, dense) in forms.iter().flat_map(|&f| [(f, false), (f, true)]) {
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
                    pow1: &pow1,
                    pow2: &pow2,
                    penalty: &pen,
                    threshold,
                    groups: &groups,
                    dense,
                    d,
                    ks: &ks,
                    sums: &sums,
                    undo: &slab,
                    template: &slab[..STRIDE * d],
                    fresh: &slab[STRIDE * d..2 * STRIDE * d],
                    zeros: &zeros,
                    old_rows: rows,
                };
                let (mut a, mut b) = (slab.clone(), slab.clone());
                // Rows at steps 0..=6: Dense rows catch up 0..6 missed steps.
                let at: Vec<u64> = (0..rows as u64).map(|k| k % 7).collect();
                let (mut sa, mut sb) = (at.clone(), at.clone());
                let (mut r1, mut r2, mut s1, mut s2) =
                    (vec![0.0; d], vec![0.0; d], vec![0.0; d], vec![0.0; d]);
                phase2(&c, 7, &mut a, &mut sa, &mut r1, &mut s1).unwrap();
                phase2_body(&c, 7, &mut b, &mut sb, &mut r2, &mut s2).unwrap();
                assert_eq!(bits(&a), bits(&b), "{form:?} {threshold:?} {dense}");
                assert_eq!(sa, sb);
                assert_ne!(bits(&a), bits(&slab), "the step changed the blocks");
            }
        }
    }

    /// Row surgery (`prune.rs`) on the slab against the same surgery on
    /// per-row `Algorithm1` objects, bit for bit: restarts at values
    /// (rows stored, never touched, and restarted twice), zeroing,
    /// in-place catch-up and its reads, copies stepped apart from their
    /// originals, then more steps; every form's bias-correction path is
    /// exercised through the Dense replay from step 1 (restarted rows) and
    /// the Lazy global-step read.
    #[test]
    fn surgery_on_the_slab_equals_algorithm1_objects_bit_for_bit() {
        let (rows, d) = (40, 4);
        for form in [AdamForm::Table1, AdamForm::PaperV2, AdamForm::Tfplus] {
            for semantics in [Semantics::Lazy, Semantics::Dense] {
                for threshold in [Threshold::S, Threshold::STildeExact] {
                    surgery_case(rows, d, form, semantics, threshold);
                }
            }
        }
    }

    fn surgery_case(
        rows: usize,
        d: usize,
        form: AdamForm,
        semantics: Semantics,
        threshold: Threshold,
    ) {
        let spec = RuleSpec::Adam {
            alpha: 0.05,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            form,
        };
        // lambda21 large enough that some rows are zeroed by the prox too.
        let pen = Penalty::new(0.01, 0.2, 0.01).unwrap();
        let x1 = vec![0.3, -0.2, 0.0, 0.1];
        let mk = |slab| {
            EmbeddingTable::build(rows, d, semantics, &spec, pen, threshold, &x1, slab).unwrap()
        };
        let stream = |seed| {
            ZipfStream::new(
                ZipfSpec {
                    seed,
                    batch: 12,
                    exponent: 1.1,
                    scale: 1.0,
                    amplitude: 0.5,
                    period: 40,
                    hessian: false,
                },
                rows,
                d,
            )
        };
        let ctx = format!("{semantics:?} {form:?} {threshold:?}");
        // The history both copies share: steps, restarts, zeroing, steps.
        let history = |t: &mut EmbeddingTable| {
            let mut z = stream(11);
            for _ in 0..25 {
                t.step(&z.next_batch()).unwrap();
            }
            for (k, id) in [3usize, 39, 7, 3].into_iter().enumerate() {
                let x: Vec<f64> = (0..d).map(|j| 0.1 * (k + j) as f64 - 0.15).collect();
                t.restart_row(id, &x).unwrap();
            }
            for _ in 0..15 {
                t.step(&z.next_batch()).unwrap();
            }
            t.zero_rows(&[1, 2, 3, 38, 2]).unwrap();
            t.step(&SparseBatch::default()).unwrap();
            for _ in 0..10 {
                t.step(&z.next_batch()).unwrap();
            }
        };
        let (mut a, mut b) = (mk(true), mk(false));
        assert!(a.adam_slab.is_some() && b.adam_slab.is_none());
        history(&mut a);
        history(&mut b);
        same(&a, &b, rows, &format!("{ctx} after the history"));
        for id in 0..rows {
            assert_eq!(a.is_stored(id), b.is_stored(id), "{ctx} row {id}");
        }
        // Errors name the same thing and change nothing.
        assert_eq!(
            a.restart_row(5, &[0.0; 3]).unwrap_err(),
            b.restart_row(5, &[0.0; 3]).unwrap_err(),
            "{ctx}"
        );
        assert_eq!(
            a.restart_row(5, &[0.0, f64::NAN, 0.0, 0.0]).unwrap_err(),
            b.restart_row(5, &[0.0, f64::NAN, 0.0, 0.0]).unwrap_err(),
            "{ctx}"
        );
        let ea = a.zero_rows(&[4, rows]).unwrap_err();
        assert_eq!(ea, b.zero_rows(&[4, rows]).unwrap_err(), "{ctx}");
        assert!(matches!(ea, TableError::IdOutOfRange { position: 1, .. }));
        same(&a, &b, rows, &format!("{ctx} after the failed calls"));
        // In-place catch-up of some rows: the same reads before and after,
        // and the same rows readable without a copy.
        let ids = [0usize, 1, 3, 9, 17, 39];
        a.catch_up_rows(&ids).unwrap();
        b.catch_up_rows(&ids).unwrap();
        same(&a, &b, rows, &format!("{ctx} after the catch-up"));
        for id in 0..rows {
            let (xa, xb) = (a.current_x(id), b.current_x(id));
            assert_eq!(xa.map(bits), xb.map(bits), "{ctx} current_x {id}");
            if ids.contains(&id) && a.is_stored(id) {
                assert!(xa.is_some(), "{ctx} row {id} caught up");
            }
        }
        // A copy steps apart from its original. Per-row Lazy objects share
        // the table's clock and cannot be copied: their twin replays the
        // history instead.
        let mut a2 = a.try_clone().expect("an Adam slab table copies");
        let mut b2 = match b.try_clone() {
            Some(t) => t,
            None => {
                assert_eq!(semantics, Semantics::Lazy, "{ctx}");
                let mut t = mk(false);
                history(&mut t);
                t.catch_up_rows(&ids).unwrap();
                t
            }
        };
        let (mut za, mut zb) = (stream(21), stream(22));
        for step in 0..30 {
            let (ba, bb) = (za.next_batch(), zb.next_batch());
            assert_eq!(a.step(&ba).unwrap(), b.step(&ba).unwrap());
            assert_eq!(a2.step(&bb).unwrap(), b2.step(&bb).unwrap());
            if step == 12 {
                a.zero_rows(&[5, 6]).unwrap();
                b.zero_rows(&[5, 6]).unwrap();
                a2.restart_row(6, &[1.0; 4]).unwrap();
                b2.restart_row(6, &[1.0; 4]).unwrap();
            }
        }
        same(&a, &b, rows, &format!("{ctx} original after the copy"));
        same(&a2, &b2, rows, &format!("{ctx} copy"));
        assert_ne!(
            bits(&a.values().unwrap()),
            bits(&a2.values().unwrap()),
            "{ctx}: the copy and the original took different steps"
        );
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
            for (threshold, semantics) in Threshold::ALL
                .into_iter()
                .flat_map(|th| [(th, Semantics::Lazy), (th, Semantics::Dense)])
            {
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
                        EmbeddingTable::build(rows, d, semantics, &spec, pen, threshold, &x1, slab)
                            .unwrap()
                    };
                    let (mut a, mut b) = (mk(true), mk(false));
                    assert!(a.adam_slab.is_some() && b.adam_slab.is_none());
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
                    let ctx = format!("{semantics:?} {form:?} {threshold:?} {l1} {l21} {l2}");
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
