//! How far `Lazy` is from `Dense` on one seeded Zipf stream: the number a
//! porter needs before choosing (docs/src/embedding-tables.md).

use super::zipf::{ZipfSpec, ZipfStream};
use super::{EmbeddingTable, Semantics, TableResult};
use crate::algorithm1::Threshold;
use crate::penalty::Penalty;
use crate::rules::RuleSpec;
use serde::Serialize;

/// Lazy vs Dense after `steps` steps of the same batches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Rule name.
    pub rule: String,
    /// Steps run.
    pub steps: u64,
    /// Rows touched at least once.
    pub touched_rows: usize,
    /// `||x_lazy - x_dense|| / ||x_dense||` over the touched rows.
    pub rel_distance: f64,
    /// Largest `|x_lazy - x_dense|` entry.
    pub max_abs: f64,
    /// Fraction of touched rows that are non-zero (kept), Dense.
    pub feature_rate_dense: f64,
    /// Same, Lazy.
    pub feature_rate_lazy: f64,
    /// Touched rows kept by Lazy and zeroed by Dense.
    pub lazy_only: usize,
    /// Touched rows kept by Dense and zeroed by Lazy.
    pub dense_only: usize,
    /// Rows never touched that Dense has zeroed (Lazy keeps them at x1).
    pub untouched_zeroed_dense: usize,
    /// Rows never touched.
    pub untouched_rows: usize,
}

/// Runs the same Zipf stream through a Lazy and a Dense table.
#[allow(clippy::too_many_arguments)]
pub fn compare(
    spec: &RuleSpec,
    penalty: Penalty,
    threshold: Threshold,
    rows: usize,
    d: usize,
    x1: &[f64],
    zipf: &ZipfSpec,
    steps: u64,
) -> TableResult<Comparison> {
    let mut lazy = EmbeddingTable::new(rows, d, Semantics::Lazy, spec, penalty, threshold, x1)?;
    let mut dense = EmbeddingTable::new(rows, d, Semantics::Dense, spec, penalty, threshold, x1)?;
    let mut stream = ZipfStream::new(zipf.clone(), rows, d);
    let mut seen = vec![false; rows];
    for _ in 0..steps {
        let b = stream.next_batch();
        for &id in &b.ids {
            seen[id as usize] = true;
        }
        lazy.step(&b)?;
        dense.step(&b)?;
    }
    let (xl, xd) = (lazy.values()?, dense.values()?);
    let (mut num, mut den, mut max_abs) = (0.0f64, 0.0f64, 0.0f64);
    let (mut kept_l, mut kept_d, mut lazy_only, mut dense_only) = (0, 0, 0, 0);
    let (mut touched, mut untouched_zeroed) = (0, 0);
    for r in 0..rows {
        let (a, b) = (&xl[r * d..(r + 1) * d], &xd[r * d..(r + 1) * d]);
        let kl = a.iter().any(|&v| v != 0.0);
        let kd = b.iter().any(|&v| v != 0.0);
        if !seen[r] {
            untouched_zeroed += usize::from(!kd);
            continue;
        }
        touched += 1;
        for (p, q) in a.iter().zip(b) {
            num += (p - q) * (p - q);
            den += q * q;
            max_abs = max_abs.max((p - q).abs());
        }
        kept_l += usize::from(kl);
        kept_d += usize::from(kd);
        lazy_only += usize::from(kl && !kd);
        dense_only += usize::from(kd && !kl);
    }
    Ok(Comparison {
        rule: format!("{:?}", spec)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string(),
        steps,
        touched_rows: touched,
        rel_distance: (num / den).sqrt(),
        max_abs,
        feature_rate_dense: kept_d as f64 / touched.max(1) as f64,
        feature_rate_lazy: kept_l as f64 / touched.max(1) as f64,
        lazy_only,
        dense_only,
        untouched_zeroed_dense: untouched_zeroed,
        untouched_rows: rows - touched,
    })
}

/// One row of the tfplus-vs-paper table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KernelDeparture {
    /// What is compared.
    pub name: String,
    /// `||x_a - x_b|| / ||x_b||` over the whole table after the run, or
    /// `None` if run a stopped with a non-finite value.
    pub rel_distance: Option<f64>,
    /// Largest entry of `|x_a - x_b|`.
    pub max_abs: Option<f64>,
    /// Fraction of rows non-zero in a.
    pub kept_a: f64,
    /// Fraction of rows non-zero in b.
    pub kept_b: f64,
    /// The error that stopped run a, if any.
    pub stopped: Option<String>,
}

/// Anything that steps on a batch and shows its values.
pub trait TableLike {
    /// One step.
    fn step_batch(&mut self, b: &super::SparseBatch) -> TableResult<()>;
    /// R x d values.
    fn table_values(&self) -> TableResult<Vec<f64>>;
}

impl TableLike for EmbeddingTable {
    fn step_batch(&mut self, b: &super::SparseBatch) -> TableResult<()> {
        self.step(b).map(|_| ())
    }
    fn table_values(&self) -> TableResult<Vec<f64>> {
        self.values()
    }
}

impl TableLike for super::tfplus::TfplusTable {
    fn step_batch(&mut self, b: &super::SparseBatch) -> TableResult<()> {
        self.step(b).map(|_| ())
    }
    fn table_values(&self) -> TableResult<Vec<f64>> {
        Ok(self.values())
    }
}

/// Runs `a` and `b` on the same Zipf stream and measures how far a is from b.
pub fn departure(
    name: &str,
    a: &mut dyn TableLike,
    b: &mut dyn TableLike,
    rows: usize,
    d: usize,
    zipf: &ZipfSpec,
    steps: u64,
) -> TableResult<KernelDeparture> {
    let mut stream = ZipfStream::new(zipf.clone(), rows, d);
    let mut stopped = None;
    for t in 1..=steps {
        let batch = stream.next_batch();
        b.step_batch(&batch)?;
        if stopped.is_none() {
            if let Err(e) = a.step_batch(&batch) {
                stopped = Some(format!("step {t}: {e}"));
            }
        }
    }
    let (xa, xb) = (a.table_values()?, b.table_values()?);
    let kept = |x: &[f64]| {
        (0..rows)
            .filter(|r| x[r * d..(r + 1) * d].iter().any(|&v| v != 0.0))
            .count() as f64
            / rows as f64
    };
    let (mut num, mut den, mut max_abs) = (0.0f64, 0.0f64, 0.0f64);
    for (p, q) in xa.iter().zip(&xb) {
        num += (p - q) * (p - q);
        den += q * q;
        max_abs = max_abs.max((p - q).abs());
    }
    let ok = stopped.is_none();
    Ok(KernelDeparture {
        name: name.to_string(),
        rel_distance: ok.then(|| (num / den).sqrt()),
        max_abs: ok.then_some(max_abs),
        kept_a: kept(&xa),
        kept_b: kept(&xb),
        stopped,
    })
}
