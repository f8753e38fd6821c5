//! Sizes and grids of the `sgl ctr` experiments, one [`Plan`] per [`Scale`].
//!
//! The lambdas are on this crate's scale, not the paper's: a row's
//! gradient here is the mean over a batch of 512, and the synthetic stream
//! is far smaller than the paper's datasets, so the values that reach a
//! given feature rate differ from v2 Tables 2, 6 and 9.

use super::data::SyntheticConfig;
use super::model::ModelKind;
use super::protocol::{Setup, Table3Config};
use crate::penalty::Penalty;
use serde::{Deserialize, Serialize};

/// Size of an `sgl ctr` run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// Seconds: a smoke test (CI).
    Tiny,
    /// Minutes: the default size. 12 Zipf fields (vocabularies 1e2..1e5,
    /// 214 325 table rows), 40 000 training and 10 000 held-out rows, 3
    /// seeds, every experiment with the MLP blocks of Tables 2 and 3: 294
    /// runs, 460-550 s of CPU and under 400 MiB; 4 min 36 s of wall clock on
    /// 2 idle cores (docs/src/section4.md).
    Default,
    /// 1e7 training rows, a table of more than 1e6 rows (1 097 717). The
    /// whole protocol is about 140 runs, so pick one experiment
    /// (`--experiment pair`) and, for 1e7 rows, `--semantics lazy`: a
    /// `Dense` Adam table replays every step a stored row missed, about
    /// (rows stored) x (steps) = up to 1e6 x 19 531 row updates per run.
    Large,
}

/// Every size and grid of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The synthetic stream.
    pub synthetic: SyntheticConfig,
    /// Settings shared by all runs.
    pub setup: Setup,
    /// Table 2: the Group Adam `lambda21` sweep.
    pub table2_lambda21: Vec<f64>,
    /// Table 2: fractions of the training rows kept for fine-tuning after
    /// pruning (the paper: 0%, 10%, 20%, 30%).
    pub fine_tunes: Vec<f64>,
    /// Table 3: step-size grid and candidate penalties.
    pub table3: Table3Config,
    /// Table 4: embedding dimensions.
    pub table4_dims: Vec<usize>,
    /// Table 4: the fixed penalty.
    pub table4_penalty: Penalty,
    /// Fig. 2: `lambda21` of the `||s_t||` curve.
    pub fig2_s: Vec<f64>,
    /// Fig. 2: `lambda21` of the `||s~_t||` curve.
    pub fig2_stilde: Vec<f64>,
    /// Fig. 3: the common values of `lambda1` and `lambda21`.
    pub fig3_values: Vec<f64>,
}

fn pen(l1: f64, l21: f64, l2: f64) -> Penalty {
    Penalty {
        lambda1: l1,
        lambda21: l21,
        lambda2: l2,
    }
}

impl Plan {
    /// The plan of a scale.
    pub fn new(scale: Scale) -> Self {
        let lr_grid = vec![1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
        match scale {
            Scale::Tiny => Self {
                synthetic: SyntheticConfig {
                    fields: 6,
                    vocab_min: 100,
                    vocab_max: 5_000,
                    train_rows: 4_096,
                    test_rows: 2_048,
                    ..SyntheticConfig::default()
                },
                setup: Setup {
                    seeds: vec![1, 2],
                    ..Setup::paper_dcn(2)
                },
                table2_lambda21: vec![1e-3, 1e-2],
                fine_tunes: vec![0.0, 0.2],
                table3: Table3Config {
                    lr_grid: vec![1e-3, 1e-2],
                    adam_penalties: vec![pen(0.0, 1e-3, 1e-5)],
                    adagrad_penalties: vec![pen(0.0, 1e-3, 1e-5)],
                },
                table4_dims: vec![4, 8],
                table4_penalty: pen(0.0, 1e-3, 0.0),
                fig2_s: vec![1e-3, 1e-2],
                fig2_stilde: vec![1e-3, 1e-2],
                fig3_values: vec![1e-3, 1e-2],
            },
            Scale::Default | Scale::Large => {
                let large = scale == Scale::Large;
                // lambda21 from a feature rate near 1 down to a few percent.
                let grid = vec![1e-3, 3e-3, 5e-3, 1e-2, 2e-2];
                let cands = vec![
                    pen(0.0, 1e-3, 1e-5),
                    pen(1e-4, 3e-3, 1e-5),
                    pen(0.0, 1e-2, 1e-5),
                ];
                Self {
                    synthetic: SyntheticConfig {
                        // 12 log-spaced vocabularies up to 6e5 sum to 1 097 717 rows.
                        vocab_max: if large { 600_000 } else { 100_000 },
                        train_rows: if large { 10_000_000 } else { 40_000 },
                        test_rows: if large { 1_000_000 } else { 10_000 },
                        ..SyntheticConfig::default()
                    },
                    setup: Setup::paper_dcn(3),
                    table2_lambda21: grid.clone(),
                    fine_tunes: vec![0.0, 0.1, 0.2, 0.3],
                    table3: Table3Config {
                        lr_grid,
                        adam_penalties: cands.clone(),
                        adagrad_penalties: cands,
                    },
                    table4_dims: vec![4, 8, 16, 32],
                    table4_penalty: pen(0.0, 3e-3, 0.0),
                    fig2_s: grid.clone(),
                    // ||s~|| divides s by sqrt(sigma/2): rare rows (small
                    // sigma) shrink less, so the same feature rates need a
                    // larger lambda21 (the paper's Table 9 grid is also ~5x larger).
                    fig2_stilde: vec![1e-2, 2e-2, 5e-2, 1e-1, 2e-1],
                    fig3_values: grid,
                }
            }
        }
    }
    /// The plan with the model replaced.
    pub fn with_model(mut self, model: ModelKind) -> Self {
        self.setup.model = model;
        self
    }
}
