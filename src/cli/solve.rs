//! `sgl solve --input FILE.json`: one Eq. (6) instance solved by every
//! method (corrected and printed Theorem 1, Algorithm 1's step, the clarabel
//! conic program), each with its KKT certificate and objective value.
//! Input format: docs/src/solve-format.md; example: examples/solve-instance.json.

use serde::Deserialize;
use serde_json::{json, Value};
use sgl_oracle::eq6::{certificate, closed_form, objective, solve, History, Instance, StepKind};
use sgl_oracle::{GroupSpec, Penalty, Result, SglError};
use std::path::PathBuf;

/// Arguments of `sgl solve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The Eq. (6) instance (JSON; see docs/src/solve-format.md).
    #[arg(long)]
    pub input: PathBuf,
}

/// The reduced form \[Eq:24\].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reduced {
    z: Vec<f64>,
    sigma: Vec<f64>,
}

/// The history form \[Eq:6\].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryIn {
    m: Vec<Vec<f64>>,
    x: Vec<Vec<f64>>,
    q_over_alpha: Vec<Vec<f64>>,
}

/// The input file: exactly one of `reduced` / `history`, plus penalty and groups.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    #[serde(default)]
    reduced: Option<Reduced>,
    #[serde(default)]
    history: Option<HistoryIn>,
    penalty: Penalty,
    groups: GroupSpec,
}

fn err_json(e: &SglError) -> Value {
    json!({ "error": e.to_string() })
}

/// Entry point of `sgl solve`.
pub fn main(args: &Args) -> Result<String> {
    let text = std::fs::read_to_string(&args.input)
        .map_err(|e| SglError::Io(format!("{}: {e}", args.input.display())))?;
    run(&text)
}

/// Solves the instance in `text` (the JSON input) and returns the JSON report.
pub fn run(text: &str) -> Result<String> {
    let input: Input = serde_json::from_str(text)
        .map_err(|e| SglError::InvalidInput(format!("solve input: {e}")))?;
    input.penalty.validate()?;
    let (inst, history) = match (input.reduced, input.history) {
        (Some(r), None) => {
            let groups = input.groups.build(r.z.len())?;
            (Instance::new(r.z, r.sigma, input.penalty, groups)?, None)
        }
        (None, Some(h)) => {
            let h = History::new(h.m, h.x, h.q_over_alpha)?;
            let groups = input.groups.build(h.dim())?;
            (h.reduce(input.penalty, groups)?, Some(h))
        }
        _ => {
            return Err(SglError::InvalidInput(
                "solve input needs exactly one of \"reduced\" and \"history\"".into(),
            ))
        }
    };
    let describe = |x: &[f64]| {
        let cert = certificate(&inst, x);
        let mut v = json!({
            "x": x,
            "objective": objective(&inst, x),
            "kkt_scaled_residual": cert.scaled_residual,
            "certificate_gap": cert.gap,
        });
        if let Some(h) = &history {
            v["objective_eq6_history"] = json!(h.objective(&inst.penalty, &inst.groups, x));
        }
        v
    };
    let mut methods = serde_json::Map::new();
    for kind in StepKind::ALL {
        let v = match closed_form(&inst, kind) {
            Ok(x) => describe(&x),
            Err(e) => err_json(&e),
        };
        methods.insert(kind.name().to_string(), v);
    }
    let (solver_status, solver) = match solve(&inst) {
        Ok(sol) => {
            let mut v = describe(&sol.x);
            v["status"] = json!(sol.status);
            v["iterations"] = json!(sol.iterations);
            (sol.status.clone(), v)
        }
        Err(e) => (e.to_string(), err_json(&e)),
    };
    methods.insert("solver".into(), solver);
    let out = json!({
        "n": inst.dim(),
        "form": if history.is_some() { "history" } else { "reduced" },
        "z": inst.z,
        "sigma": inst.sigma,
        "a_diag": inst.a_diag(),
        "solver_status": solver_status,
        "methods": Value::Object(methods),
    });
    serde_json::to_string_pretty(&out).map_err(|e| SglError::InvalidInput(e.to_string()))
}
