//! `sgl solve --input FILE.json`: one Eq. (6) instance solved by every
//! method (corrected and printed Theorem 1, Algorithm 1's step, the clarabel
//! conic program), each with its KKT certificate and objective value.
//! Input format: docs/src/solve-format.md; example: examples/solve-instance.json.

use serde_json::{json, Value};
use sgl_oracle::eq6::relative_distance;
use sgl_oracle::eq6::{certificate, closed_form, method_name, objective, solve, METHODS};
use sgl_oracle::{Result, SglError, Threshold};
use std::path::PathBuf;

/// Arguments of `sgl solve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The Eq. (6) instance (JSON; see docs/src/solve-format.md).
    #[arg(long)]
    pub input: PathBuf,
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
    let (inst, history) = sgl_oracle::eq6::input::parse(text)?;
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
    for kind in METHODS {
        let v = match closed_form(&inst, kind) {
            Ok(x) => describe(&x),
            Err(e) => err_json(&e),
        };
        methods.insert(method_name(kind).to_string(), v);
    }
    let (solver_status, solver) = match solve(&inst) {
        Ok(sol) => {
            let mut v = describe(&sol.x);
            v["status"] = json!(sol.status.name());
            v["iterations"] = json!(sol.iterations);
            v["polished"] = json!(sol.polished);
            // The independent witness against Theorem 1: the relative
            // distance max_i |x_solver - x_cf| / max(|x_cf|_inf, tiny).
            if let Ok(cf) = closed_form(&inst, Threshold::STildeExact) {
                v["distance_to_corrected_closed_form"] = json!(relative_distance(&sol.x, &cf));
            }
            (sol.status.name().to_string(), v)
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
