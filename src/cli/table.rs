//! `sgl table`: run an embedding-table config, or print the Lazy-vs-Dense
//! comparison of docs/src/embedding-tables.md.

use sgl_oracle::rules::{AdamForm, AmsGradForm, RuleSpec};
use sgl_oracle::table::compare::compare;
use sgl_oracle::table::run::{parse_table_config, run_table};
use sgl_oracle::table::zipf::ZipfSpec;
use sgl_oracle::{Penalty, Result, SglError, Threshold};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `sgl table`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Table config file (JSON; see docs/src/embedding-tables.md).
    #[arg(long, conflicts_with = "compare")]
    pub config: Option<PathBuf>,
    /// Print the Lazy-vs-Dense table (Adam, Momentum, AMSGrad, AdaHessian).
    #[arg(long)]
    pub compare: bool,
}

fn table_err(e: sgl_oracle::table::TableError) -> SglError {
    match e {
        sgl_oracle::table::TableError::Config(e) => e,
        e => SglError::InvalidInput(e.to_string()),
    }
}

/// Entry point.
pub fn main(a: &Args) -> Result<String> {
    if a.compare {
        return compare_table();
    }
    let path = a.config.as_ref().ok_or_else(|| {
        SglError::InvalidInput("sgl table needs --config FILE or --compare".into())
    })?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| SglError::Io(format!("{}: {e}", path.display())))?;
    let cfg = parse_table_config(&text).map_err(table_err)?;
    let out = run_table(&cfg).map_err(table_err)?;
    serde_json::to_string_pretty(&out).map_err(|e| SglError::InvalidInput(e.to_string()))
}

/// The Lazy-vs-Dense comparison: R = 10000, d = 8, batch 512 ids drawn
/// Zipf(1.1), 400 steps, x1 = 0.01, penalty (lambda1, lambda21, lambda2)
/// = (0.002, 0.005, 0.0) for the adaptive rules and scaled for Momentum.
pub fn compare_table() -> Result<String> {
    let (rows, d, steps) = (10_000usize, 8usize, 400u64);
    let x1 = vec![0.01; d];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| rule | touched rows | rel. distance of x | max abs | feature rate Dense | feature rate Lazy | Lazy keeps, Dense zeroes | Dense keeps, Lazy zeroes | untouched rows zeroed by Dense |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
    let cases: Vec<(&str, RuleSpec, Penalty)> = vec![
        (
            "Adam (paper v1)",
            RuleSpec::Adam {
                alpha: 0.01,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                form: AdamForm::PaperV1,
            },
            Penalty::new(0.2, 0.5, 0.0)?,
        ),
        (
            "Momentum (gamma 0.9)",
            RuleSpec::Momentum {
                alpha: 0.01,
                gamma: 0.9,
            },
            Penalty::new(0.2, 0.5, 0.0)?,
        ),
        (
            "AMSGrad (Table 1)",
            RuleSpec::Amsgrad {
                alpha: 0.01,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                form: AmsGradForm::Table1,
            },
            Penalty::new(0.2, 0.5, 0.0)?,
        ),
        (
            "AdaHessian (paper v1)",
            RuleSpec::Adahessian {
                alpha: 0.01,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                form: AdamForm::PaperV1,
            },
            Penalty::new(0.2, 0.5, 0.0)?,
        ),
    ];
    for (name, spec, p) in cases {
        let zipf = ZipfSpec {
            seed: 2024,
            batch: 512,
            exponent: 1.1,
            scale: 1.0,
            amplitude: 0.5,
            period: 100,
            hessian: matches!(spec, RuleSpec::Adahessian { .. }),
        };
        let c = compare(&spec, p, Threshold::S, rows, d, &x1, &zipf, steps).map_err(table_err)?;
        let _ = writeln!(
            out,
            "| {name} | {} | {:.3e} | {:.3e} | {:.3} | {:.3} | {} | {} | {} of {} |",
            c.touched_rows,
            c.rel_distance,
            c.max_abs,
            c.feature_rate_dense,
            c.feature_rate_lazy,
            c.lazy_only,
            c.dense_only,
            c.untouched_zeroed_dense,
            c.untouched_rows
        );
    }
    Ok(out)
}
