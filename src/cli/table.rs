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
        return Ok(format!("{}\n{}", compare_table()?, tfplus_table()?));
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

/// How far each tfplus kernel is from the Algorithm 1 form it implements
/// (same Zipf stream as [`compare_table`], Lazy semantics for both).
pub fn tfplus_table() -> Result<String> {
    use sgl_oracle::rules::AdagradForm;
    use sgl_oracle::table::compare::{departure, TableLike};
    use sgl_oracle::table::tfplus::{Blacklist, TfplusKernel, TfplusKernelKind as K, TfplusTable};
    use sgl_oracle::table::{EmbeddingTable, Semantics};
    let (rows, d, steps) = (10_000usize, 8usize, 400u64);
    let x1 = vec![0.01; d];
    let zipf = ZipfSpec {
        seed: 2024,
        batch: 512,
        exponent: 1.1,
        scale: 1.0,
        amplitude: 0.5,
        period: 100,
        hessian: false,
    };
    let (lr, b1, b2, eps) = (0.01, 0.9, 0.999, 1e-8);
    let (l1, l21, l2) = (0.2, 0.5, 0.0);
    let tf = |kind: K, decay: f64| {
        TfplusTable::new(
            rows,
            d,
            TfplusKernel {
                kind,
                lr_decay: decay,
                blacklist: Blacklist::Tfplus,
            },
            &x1,
        )
    };
    let alg = |spec: RuleSpec, p: Penalty| {
        EmbeddingTable::new(rows, d, Semantics::Lazy, &spec, p, Threshold::S, &x1)
    };
    let adam = |b1: f64, form: AdamForm| RuleSpec::Adam {
        alpha: lr,
        beta1: b1,
        beta2: b2,
        eps,
        form,
    };
    let pen = Penalty::new(l1, l21, l2)?;
    let v4 = |b1: f64| K::GroupAdamV4 {
        lr,
        beta1: b1,
        beta2: b2,
        epsilon: eps,
        l1,
        l2,
        l21,
    };
    let v3 = K::GroupAdamV3 {
        lr,
        beta1: b1,
        beta2: b2,
        epsilon: eps,
        l1,
        l2,
        l21,
    };
    let (flr, fl1, fl21, fl2) = (0.1, 0.2, 0.8, 0.0);
    let ftrl = K::SparseGroupFtrl {
        lr: flr,
        l1: fl1,
        l2: fl2,
        l21: fl21,
        l2_shrinkage: 0.0,
        beta: 0.0,
        initial_accumulator_value: 0.1,
    };
    let gftrl = |single| K::GroupSparseFtrlV2 {
        lr: flr,
        l1: 3.0,
        l2: 0.01,
        l2_shrinkage: 0.0,
        initial_accumulator_value: 0.1,
        single_accumulation: single,
    };
    let e = table_err;
    // Every comparison runs the same Zipf stream over the same table shape.
    let dep = |name: &str, a: &mut dyn TableLike, b: &mut dyn TableLike| {
        departure(name, a, b, rows, d, &zipf, steps).map_err(table_err)
    };
    let rowsout = vec![
        dep(
            "Group Adam V4 vs Algorithm 1, Adam tfplus form (eps 1e-8)",
            &mut tf(v4(b1), 1.0).map_err(e)?,
            &mut alg(adam(b1, AdamForm::Tfplus), pen).map_err(e)?,
        )?,
        dep(
            "Group Adam V4, beta1 = 0 vs Algorithm 1 (beta1 = 0)",
            &mut tf(v4(0.0), 1.0).map_err(e)?,
            &mut alg(adam(0.0, AdamForm::Tfplus), pen).map_err(e)?,
        )?,
        dep(
            "Group Adam V4 vs V3, constant lr",
            &mut tf(v4(b1), 1.0).map_err(e)?,
            &mut tf(v3.clone(), 1.0).map_err(e)?,
        )?,
        dep(
            "Group Adam V4 vs V3, lr x 0.99 per step",
            &mut tf(v4(b1), 0.99).map_err(e)?,
            &mut tf(v3, 0.99).map_err(e)?,
        )?,
        dep(
            "Group Adam V2 (version <= 1, accum 0) vs Algorithm 1, Adam paper v1 (eps 1e-8)",
            &mut tf(
                K::GroupAdamV2 {
                    lr,
                    beta1: b1,
                    beta2: b2,
                    epsilon: eps,
                    l1,
                    l2,
                    l21,
                    initial_accumulator_value: 0.0,
                },
                1.0,
            )
            .map_err(e)?,
            &mut alg(adam(b1, AdamForm::PaperV1), pen).map_err(e)?,
        )?,
        dep(
            "SparseGroupFtrl vs Algorithm 1, Adagrad initial accumulator 0.1",
            &mut tf(ftrl, 1.0).map_err(e)?,
            &mut alg(
                RuleSpec::Adagrad {
                    alpha: flr,
                    eps: 0.0,
                    form: AdagradForm::InitialAccumulator { n0: 0.1 },
                },
                Penalty::new(fl1, fl21, fl2)?,
            )
            .map_err(e)?,
        )?,
        dep(
            "GroupSparseApplyFtrlV2 as printed vs with one accumulation (= Algorithm 1)",
            &mut tf(gftrl(false), 1.0).map_err(e)?,
            &mut tf(gftrl(true), 1.0).map_err(e)?,
        )?,
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| comparison (a vs b) | rel. distance of x | max abs | rows kept by a | rows kept by b |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for r in rowsout {
        let f = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.3e}"));
        let note = r
            .stopped
            .map(|s| format!(" (a stopped: {s})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}{note} | {} | {} | {:.3} | {:.3} |",
            r.name,
            f(r.rel_distance),
            f(r.max_abs),
            r.kept_a,
            r.kept_b
        );
    }
    Ok(out)
}
