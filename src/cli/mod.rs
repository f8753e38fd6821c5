//! Subcommand bodies (kept out of main.rs so each reads as one function).

pub mod bench;
pub mod bench_sparse;
pub mod claims;
pub mod ctr;
pub mod demo;
pub mod figures;
pub mod fixtures;
pub mod regret;
pub mod solve;
pub mod table;

use sgl_oracle::run::{parse_config, run_config};
use sgl_oracle::{Result, SglError};
use std::path::Path;

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| SglError::Io(format!("{}: {e}", path.display())))
}

/// `sgl run --config FILE`: a run config, or an embedding-table config
/// (recognised by its `semantics` field; `docs/src/embedding-tables.md`).
pub fn run(path: &Path) -> Result<String> {
    let text = read(path)?;
    let is_table = serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get("semantics").is_some());
    if is_table {
        let cfg = sgl_oracle::table::run::parse_table_config(&text).map_err(SglError::from)?;
        let out = sgl_oracle::table::run::run_table(&cfg).map_err(SglError::from)?;
        return serde_json::to_string_pretty(&out)
            .map_err(|e| SglError::InvalidInput(e.to_string()));
    }
    let cfg = parse_config(&text)?;
    let traj = run_config(&cfg)?;
    serde_json::to_string_pretty(&traj).map_err(|e| SglError::InvalidInput(e.to_string()))
}

/// `sgl demo`.
pub fn demo() -> Result<String> {
    demo::summary()
}
