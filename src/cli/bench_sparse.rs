//! `sgl bench --sparse`: the embedding-table step (docs/src/embedding-tables.md).
//!
//! 1. Lazy: one step over a batch of B = 4096 Zipf(1.1) ids (d = 16, Group
//!    Adam paper v1 with a penalty) in tables of R = 1e5, 1e6, 1e7 rows;
//!    time per touched parameter (distinct rows x d), and the ratio to a
//!    same-pattern gather/scatter yardstick measured in the same run: the
//!    same batches, deduplicated and summed the same way into reused
//!    buffers, each touched row's state (the 7 d floats a Lazy Adam row of
//!    the table holds in its slab: x, z, sigma, m^, V^, m, V) gathered from
//!    one contiguous slab (row id -> slot map, slots appended on first
//!    touch, as the table does) into a scratch arena, the gradient read,
//!    and scattered back.
//! 2. Dense (deferred): each touched row has missed exactly k steps
//!    (R = 4096 (k+1) rows, batch t touches block t mod (k+1)); time per
//!    touched row against k, for Adam (iterated catch-up) and Adagrad
//!    (catch-up skipped, `catch_up_is_noop`).
//!
//! The median of `reps` timed runs of `steps` steps each is reported.

use sgl_oracle::rules::{AdagradForm, AdamForm, RuleSpec};
use sgl_oracle::table::zipf::{ZipfSpec, ZipfStream};
use sgl_oracle::table::{DedupedBatch, EmbeddingTable, Semantics, SparseBatch};
use sgl_oracle::{Penalty, Result, Threshold};
use std::fmt::Write as _;
use std::time::Instant;

const B: usize = 4096;
const D: usize = 16;
const STATE: usize = 7;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The yardstick: the table's layout (a row id -> slot map, one slab of
/// `STATE * d` floats per slot appended on first touch) and the table's own
/// validation, dedupe and summation ([`DedupedBatch`]); each touched row is
/// gathered into an arena, its summed gradient read, and scattered back.
struct Yard {
    slot: Vec<u32>,
    slab: Vec<f64>,
    batch: DedupedBatch,
    arena: Vec<f64>,
}

impl Yard {
    fn new(r: usize) -> Self {
        Self {
            slot: vec![u32::MAX; r],
            slab: Vec::new(),
            batch: DedupedBatch::new(),
            arena: Vec::new(),
        }
    }
    fn step(&mut self, b: &SparseBatch) -> Result<usize> {
        const W: usize = STATE * D;
        self.batch.fill(b, self.slot.len(), D, false)?;
        let (uniq, sums) = (self.batch.ids(), self.batch.sums());
        // gather (new rows from zeros), reading the summed gradient once
        self.arena.clear();
        for (u, &(id, _)) in uniq.iter().enumerate() {
            match self.slot[id] {
                u32::MAX => self.arena.extend(std::iter::repeat_n(0.0, W)),
                k => {
                    let k = k as usize;
                    self.arena.extend_from_slice(&self.slab[k * W..(k + 1) * W]);
                }
            }
            let blk = &mut self.arena[u * W..u * W + D];
            for (a, g) in blk.iter_mut().zip(&sums[u * D..(u + 1) * D]) {
                *a += 0.0 * g;
            }
        }
        // scatter
        for (u, &(id, _)) in uniq.iter().enumerate() {
            let new = &self.arena[u * W..(u + 1) * W];
            match self.slot[id] {
                u32::MAX => {
                    self.slot[id] = (self.slab.len() / W) as u32;
                    self.slab.extend_from_slice(new);
                }
                k => {
                    let k = k as usize;
                    self.slab[k * W..(k + 1) * W].copy_from_slice(new);
                }
            }
        }
        Ok(uniq.len())
    }
}

/// Reads every id and gradient value of `batches`.
fn warm_up(batches: &[SparseBatch]) {
    let mut acc = 0.0;
    for b in batches {
        acc += b.ids.iter().sum::<i64>() as f64;
        for g in &b.grads {
            acc += g.iter().sum::<f64>();
        }
    }
    std::hint::black_box(acc);
}

fn adam() -> RuleSpec {
    RuleSpec::Adam {
        alpha: 0.01,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        form: AdamForm::PaperV1,
    }
}

/// Entry point (`quick`: R = 1e5, 1e6 and k up to 16).
pub fn main(quick: bool, reps: usize) -> Result<String> {
    let pen = Penalty::new(0.2, 0.5, 0.0)?;
    let x1 = vec![0.01; D];
    let rs: Vec<usize> = if quick {
        vec![100_000, 1_000_000]
    } else {
        vec![100_000, 1_000_000, 10_000_000]
    };
    let steps = 10usize;
    let mut out = String::new();
    let _ = writeln!(out, "Lazy step, B = {B} Zipf(1.1) ids, d = {D}, Group Adam (paper v1), {steps} steps x {reps} reps (median)\n");
    let _ = writeln!(out, "| R | distinct rows / step | ns per touched parameter | yardstick ns per touched parameter | ratio |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    let mut base = None;
    for &r in &rs {
        let mut stream = ZipfStream::new(
            ZipfSpec {
                seed: 11,
                batch: B,
                exponent: 1.1,
                scale: 1.0,
                amplitude: 0.5,
                period: 100,
                hessian: false,
            },
            r,
            D,
        );
        // 20 warm-up batches (rows materialised), then the timed ones.
        let warm: Vec<SparseBatch> = (0..20).map(|_| stream.next_batch()).collect();
        let timed: Vec<SparseBatch> = (0..steps * reps).map(|_| stream.next_batch()).collect();
        let mut table =
            EmbeddingTable::new(r, D, Semantics::Lazy, &adam(), pen, Threshold::S, &x1)?;
        let mut yard = Yard::new(r);
        for b in &warm {
            table.step(b)?;
            yard.step(b)?;
        }
        let (mut tt, mut ty) = (Vec::new(), Vec::new());
        let mut touched = 0usize;
        for rep in 0..reps {
            let chunk = &timed[rep * steps..(rep + 1) * steps];
            // Both timed runs start with the chunk's batches just read, so
            // neither pays (or is spared) the first touch of the batch data.
            warm_up(chunk);
            let t0 = Instant::now();
            let mut n = 0;
            for b in chunk {
                n += table.step(b)?;
            }
            let dt = t0.elapsed().as_secs_f64();
            warm_up(chunk);
            let t1 = Instant::now();
            let mut n2 = 0;
            for b in chunk {
                n2 += yard.step(b)?;
            }
            let dy = t1.elapsed().as_secs_f64();
            debug_assert_eq!(n, n2);
            touched = n / steps;
            tt.push(dt / (n * D) as f64);
            ty.push(dy / (n2 * D) as f64);
        }
        let (a, y) = (median(tt) * 1e9, median(ty) * 1e9);
        let b0 = *base.get_or_insert(a);
        let _ = writeln!(
            out,
            "| {r:.0e} | {touched} | {a:.2} ({:.2}x R = 1e5) | {y:.2} | {:.2} |",
            a / b0,
            a / y
        );
    }
    let ks: Vec<u64> = if quick {
        vec![0, 1, 4, 16]
    } else {
        vec![0, 1, 4, 16, 64]
    };
    let _ = writeln!(out, "\nDeferred Dense step, 4096 rows per batch each missing exactly k steps, d = {D}, {steps} steps x {reps} reps (median)\n");
    let _ = writeln!(
        out,
        "| rule | k | us per touched row | us per touched row / (k + 1) |"
    );
    let _ = writeln!(out, "|---|---|---|---|");
    for (name, spec) in [
        ("Adam (iterated catch-up)", adam()),
        (
            "Adagrad alg. 3 (catch-up skipped)",
            RuleSpec::Adagrad {
                alpha: 0.1,
                eps: 1e-8,
                form: AdagradForm::PaperAlg3,
            },
        ),
    ] {
        for &k in &ks {
            let blocks = k as usize + 1;
            let r = B * blocks;
            let mut table =
                EmbeddingTable::new(r, D, Semantics::Dense, &spec, pen, Threshold::S, &x1)?;
            let mut stream = ZipfStream::new(
                ZipfSpec {
                    seed: 12,
                    batch: B,
                    exponent: 1.1,
                    scale: 1.0,
                    amplitude: 0.5,
                    period: 100,
                    hessian: false,
                },
                B,
                D,
            );
            let mut batch_at = |t: usize| {
                let mut b = stream.next_batch();
                let blk = (t % blocks) * B;
                b.ids = (0..B as i64).map(|i| (blk as i64) + i).collect();
                b
            };
            for t in 0..blocks {
                table.step(&batch_at(t))?;
            }
            let mut times = Vec::new();
            let mut t = blocks;
            for _ in 0..reps {
                let bs: Vec<SparseBatch> = (0..steps).map(|i| batch_at(t + i)).collect();
                t += steps;
                let t0 = Instant::now();
                for b in &bs {
                    table.step(b)?;
                }
                times.push(t0.elapsed().as_secs_f64() / (steps * B) as f64);
            }
            let us = median(times) * 1e6;
            let _ = writeln!(
                out,
                "| {name} | {k} | {us:.2} | {:.2} |",
                us / (k + 1) as f64
            );
        }
    }
    Ok(out)
}
