//! One streamed training epoch and the held-out evaluation (v2, Section 4.1:
//! "we train 1 epoch with a batch size of 512 and do the validation").
//!
//! Per batch, in order:
//! 1. gather `x_0` of every example from the embedding rows (current values);
//! 2. forward and backward pass: mean log-loss, dense gradient, per-example
//!    embedding gradients ([`Model::loss_and_grad`]);
//! 3. sum the embedding gradients per row ([`sparse_rows`]);
//! 4. step the dense weights with Eq. (1) ([`PlainOptimizer`]) and the
//!    touched rows with the embedding optimizer ([`SparseRowOptimizer`]).
//!
//! Both gradients are taken at the same parameters; neither step sees the
//! other's result within a batch.

use super::model::{sparse_rows, Model};
use super::rows::SparseRowOptimizer;
use super::stats::auc;
use super::{Batch, Result};
use crate::plain::PlainOptimizer;
use crate::rules::AnyRule;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// What a training pass did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainStats {
    /// Examples consumed.
    pub rows: u64,
    /// Batches (optimizer steps).
    pub batches: u64,
    /// Mean training log-loss over the pass (progressive: each batch's loss
    /// before its step).
    pub mean_loss: f64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// Held-out metrics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EvalStats {
    /// Exact AUC.
    pub auc: f64,
    /// Mean log-loss.
    pub logloss: f64,
    /// Examples evaluated.
    pub rows: u64,
}

/// Fills `emb` (batch x F d) with the current rows of the batch's ids.
pub fn gather(batch: &Batch, rows: &mut dyn SparseRowOptimizer, emb: &mut Vec<f64>) -> Result<()> {
    let d = rows.dim();
    emb.resize(batch.ids.len() * d, 0.0);
    for (k, &id) in batch.ids.iter().enumerate() {
        rows.row(id, &mut emb[k * d..(k + 1) * d])?;
    }
    Ok(())
}

/// Trains on every batch of `batches` (one pass). `progress` receives the
/// number of examples of each finished batch.
pub fn train_pass(
    model: &Model,
    dense: &mut PlainOptimizer<AnyRule>,
    rows: &mut dyn SparseRowOptimizer,
    batches: impl Iterator<Item = Result<Batch>>,
    progress: &dyn Fn(u64),
) -> Result<TrainStats> {
    let start = Instant::now();
    let d = rows.dim();
    let mut emb = Vec::new();
    let mut d_emb = Vec::new();
    let mut d_dense = vec![0.0; model.dense_len()];
    let (mut n, mut steps, mut loss_sum) = (0u64, 0u64, 0.0);
    for b in batches {
        let b = b?;
        if b.is_empty() {
            continue;
        }
        gather(&b, rows, &mut emb)?;
        d_emb.resize(emb.len(), 0.0);
        let loss = model.loss_and_grad(dense.x(), &emb, &b.labels, &mut d_dense, &mut d_emb)?;
        let grads = sparse_rows(&b, &d_emb, d)?;
        dense.step(&d_dense, None)?;
        let refs: Vec<(u64, &[f64])> = grads.iter().map(|(id, g)| (*id, g.as_slice())).collect();
        rows.step(&refs)?;
        n += b.len() as u64;
        steps += 1;
        loss_sum += loss * b.len() as f64;
        progress(b.len() as u64);
    }
    Ok(TrainStats {
        rows: n,
        batches: steps,
        mean_loss: if n > 0 { loss_sum / n as f64 } else { f64::NAN },
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// AUC and log-loss of the current model on `batches`.
pub fn evaluate(
    model: &Model,
    dense: &[f64],
    rows: &mut dyn SparseRowOptimizer,
    batches: impl Iterator<Item = Result<Batch>>,
) -> Result<EvalStats> {
    let mut emb = Vec::new();
    let (mut scores, mut labels) = (Vec::new(), Vec::new());
    let mut loss = 0.0;
    for b in batches {
        let b = b?;
        gather(&b, rows, &mut emb)?;
        let z = model.logits(dense, &emb, b.len())?;
        for (&z, &y) in z.iter().zip(&b.labels) {
            loss += super::model::softplus(z) - y * z;
        }
        scores.extend(z);
        labels.extend_from_slice(&b.labels);
    }
    Ok(EvalStats {
        auc: auc(&scores, &labels)?,
        logloss: loss / labels.len().max(1) as f64,
        rows: labels.len() as u64,
    })
}
