//! A table run configuration (`sgl table --config FILE`): R, d, the
//! semantics, the kernel (Algorithm 1 per row, or a tfplus kernel), and
//! either explicit sparse batches or a seeded Zipf stream. The output is the
//! touched rows' state after every step and, on request, the whole table at
//! chosen steps.

use super::tfplus::{TfplusKernel, TfplusTable};
use super::zipf::{ZipfSpec, ZipfStream};
use super::{EmbeddingTable, RowState, Semantics, SparseBatch, TableError, TableResult};
use crate::algorithm1::Threshold;
use crate::error::SglError;
use crate::penalty::Penalty;
use crate::rules::RuleSpec;
use serde::{Deserialize, Serialize};

/// Where the batches come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum TableInput {
    /// Explicit batches, one per step.
    Batches(Vec<SparseBatch>),
    /// A seeded Zipf stream.
    Zipf {
        /// Stream parameters.
        #[serde(flatten)]
        spec: ZipfSpec,
        /// Number of steps.
        steps: u64,
    },
}

/// Which update each row takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum TableKernel {
    /// Algorithm 1 per row with a rule of Table 1 (any form, any threshold).
    Algorithm1 {
        /// The rule.
        rule: RuleSpec,
        /// `(lambda1, lambda21, lambda2)`.
        #[serde(default)]
        penalty: Penalty,
        /// The group threshold of \[Alg1:L10\].
        #[serde(default)]
        threshold: Threshold,
    },
    /// A tfplus kernel as written (Lazy semantics only).
    Tfplus(TfplusKernel),
}

/// A full `sgl table` configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableConfig {
    /// Number of rows R.
    pub rows: usize,
    /// Row width d.
    pub d: usize,
    /// Dense (the paper) or Lazy (sparse apply).
    pub semantics: Semantics,
    /// The update.
    pub kernel: TableKernel,
    /// The initial value of every row (length d).
    pub x1: Vec<f64>,
    /// The batches.
    pub input: TableInput,
    /// Steps after which the whole table is output.
    #[serde(default)]
    pub snapshots: Vec<u64>,
}

/// The touched rows after one step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableStep {
    /// The global step.
    pub t: u64,
    /// The distinct rows of the batch, in first-occurrence order.
    pub rows: Vec<RowState>,
}

/// The whole table after a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSnapshot {
    /// The global step.
    pub t: u64,
    /// R x d values, row-major.
    pub values: Vec<f64>,
}

/// The output of a table run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableTrajectory {
    /// One record per step.
    pub steps: Vec<TableStep>,
    /// The requested snapshots.
    pub snapshots: Vec<TableSnapshot>,
}

/// Parses a JSON table config.
pub fn parse_table_config(text: &str) -> TableResult<TableConfig> {
    serde_json::from_str(text)
        .map_err(|e| TableError::Config(SglError::InvalidInput(format!("table config: {e}"))))
}

enum Engine {
    Paper(Box<EmbeddingTable>),
    Tfplus(Box<TfplusTable>),
}

impl Engine {
    fn step(&mut self, b: &SparseBatch) -> TableResult<()> {
        match self {
            Engine::Paper(t) => t.step(b).map(|_| ()),
            Engine::Tfplus(t) => t.step(b).map(|_| ()),
        }
    }
    fn touched(&self) -> Vec<usize> {
        match self {
            Engine::Paper(t) => t.touched().to_vec(),
            Engine::Tfplus(t) => t.touched().to_vec(),
        }
    }
    fn row(&self, id: usize) -> TableResult<RowState> {
        match self {
            Engine::Paper(t) => t.row(id),
            Engine::Tfplus(t) => t.row(id),
        }
    }
    fn values(&self) -> TableResult<Vec<f64>> {
        match self {
            Engine::Paper(t) => t.values(),
            Engine::Tfplus(t) => Ok(t.values()),
        }
    }
}

/// Runs a table configuration.
pub fn run_table(cfg: &TableConfig) -> TableResult<TableTrajectory> {
    let mut engine = match &cfg.kernel {
        TableKernel::Algorithm1 {
            rule,
            penalty,
            threshold,
        } => Engine::Paper(Box::new(EmbeddingTable::new(
            cfg.rows,
            cfg.d,
            cfg.semantics,
            rule,
            *penalty,
            *threshold,
            &cfg.x1,
        )?)),
        TableKernel::Tfplus(k) => {
            if cfg.semantics != Semantics::Lazy {
                return Err(TableError::Config(SglError::InvalidInput(
                    "tfplus kernels run with semantics \"lazy\" only (they are sparse apply ops)"
                        .into(),
                )));
            }
            Engine::Tfplus(Box::new(TfplusTable::new(
                cfg.rows,
                cfg.d,
                k.clone(),
                &cfg.x1,
            )?))
        }
    };
    let mut out = TableTrajectory {
        steps: Vec::new(),
        snapshots: Vec::new(),
    };
    let mut record = |engine: &mut Engine, b: &SparseBatch, t: u64| -> TableResult<()> {
        engine.step(b)?;
        let rows = engine
            .touched()
            .into_iter()
            .map(|id| engine.row(id))
            .collect::<TableResult<Vec<_>>>()?;
        out.steps.push(TableStep { t, rows });
        if cfg.snapshots.contains(&t) {
            out.snapshots.push(TableSnapshot {
                t,
                values: engine.values()?,
            });
        }
        Ok(())
    };
    match &cfg.input {
        TableInput::Batches(bs) => {
            for (k, b) in bs.iter().enumerate() {
                record(&mut engine, b, k as u64 + 1)?;
            }
        }
        TableInput::Zipf { spec, steps } => {
            let needs_h = matches!(
                cfg.kernel,
                TableKernel::Algorithm1 {
                    rule: RuleSpec::Adahessian { .. },
                    ..
                }
            );
            let mut s = spec.clone();
            s.hessian |= needs_h;
            let mut stream = ZipfStream::new(s, cfg.rows, cfg.d);
            for t in 1..=*steps {
                let b = stream.next_batch();
                record(&mut engine, &b, t)?;
            }
        }
    }
    Ok(out)
}
