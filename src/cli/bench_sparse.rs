//! `sgl bench --sparse`: the embedding-table step (docs/src/embedding-tables.md).
//!
//! 1. Lazy: one step over a batch of B = 4096 Zipf(1.1) ids (d = 16, Group
//!    Adam paper v1 with a penalty) in tables of R = 1e5, 1e6, 1e7 rows;
//!    time per touched parameter (distinct rows x d), and the ratio to a
//!    same-pattern gather/scatter yardstick measured in the same run: the
//!    same batches, deduplicated and summed the same way, each touched
//!    row's state (the 9 d floats a row of the table holds: x, z, sigma,
//!    s and the five Adam vectors) read from its own heap block and written
//!    back.
//! 2. Dense (deferred): each touched row has missed exactly k steps
//!    (R = 4096 (k+1) rows, batch t touches block t mod (k+1)); time per
//!    touched row against k, for Adam (iterated catch-up) and Adagrad
//!    (catch-up skipped, `catch_up_is_noop`).
//!
//! The median of `reps` timed runs of `steps` steps each is reported.

use sgl_oracle::rules::{AdagradForm, AdamForm, RuleSpec};
use sgl_oracle::table::zipf::{ZipfSpec, ZipfStream};
use sgl_oracle::table::{EmbeddingTable, Semantics, SparseBatch};
use sgl_oracle::{Penalty, Result, SglError, Threshold};
use std::fmt::Write as _;
use std::time::Instant;

const B: usize = 4096;
const D: usize = 16;
const STATE: usize = 9;

fn err(e: sgl_oracle::table::TableError) -> SglError {
    SglError::InvalidInput(e.to_string())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The yardstick: per-row heap blocks of `STATE * d` floats, created on
/// first touch (as the table materialises rows), plus the same dedupe.
struct Yard {
    rows: Vec<Option<Box<[f64]>>>,
    mark: Vec<u32>,
    scratch: Vec<f64>,
}

impl Yard {
    fn new(r: usize) -> Self {
        Self {
            rows: (0..r).map(|_| None).collect(),
            mark: vec![0; r],
            scratch: vec![0.0; STATE * D],
        }
    }
    fn step(&mut self, b: &SparseBatch) -> usize {
        let mut uniq: Vec<usize> = Vec::new();
        let mut sums: Vec<f64> = Vec::new();
        for (k, &id) in b.ids.iter().enumerate() {
            let id = id as usize;
            let slot = if self.mark[id] == 0 {
                uniq.push(id);
                self.mark[id] = uniq.len() as u32;
                sums.extend(std::iter::repeat_n(0.0, D));
                uniq.len() - 1
            } else {
                self.mark[id] as usize - 1
            };
            for (a, g) in sums[slot * D..(slot + 1) * D].iter_mut().zip(&b.grads[k]) {
                *a += g;
            }
        }
        for (u, &id) in uniq.iter().enumerate() {
            self.mark[id] = 0;
            let row = self.rows[id].get_or_insert_with(|| vec![0.0; STATE * D].into_boxed_slice());
            // gather
            self.scratch.copy_from_slice(row);
            // the gradient is read once per touched element of x
            for j in 0..D {
                self.scratch[j] += 0.0 * sums[u * D + j];
            }
            // scatter
            row.copy_from_slice(&self.scratch);
        }
        uniq.len()
    }
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
        let mut table = EmbeddingTable::new(r, D, Semantics::Lazy, &adam(), pen, Threshold::S, &x1)
            .map_err(err)?;
        let mut yard = Yard::new(r);
        for b in &warm {
            table.step(b).map_err(err)?;
            yard.step(b);
        }
        let (mut tt, mut ty) = (Vec::new(), Vec::new());
        let mut touched = 0usize;
        for rep in 0..reps {
            let chunk = &timed[rep * steps..(rep + 1) * steps];
            let t0 = Instant::now();
            let mut n = 0;
            for b in chunk {
                n += table.step(b).map_err(err)?;
            }
            let dt = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            let mut n2 = 0;
            for b in chunk {
                n2 += yard.step(b);
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
                EmbeddingTable::new(r, D, Semantics::Dense, &spec, pen, Threshold::S, &x1)
                    .map_err(err)?;
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
                table.step(&batch_at(t)).map_err(err)?;
            }
            let mut times = Vec::new();
            let mut t = blocks;
            for _ in 0..reps {
                let bs: Vec<SparseBatch> = (0..steps).map(|i| batch_at(t + i)).collect();
                t += steps;
                let t0 = Instant::now();
                for b in &bs {
                    table.step(b).map_err(err)?;
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
