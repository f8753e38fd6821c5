//! Subcommand bodies (kept out of main.rs so each reads as one function).

pub mod bench;
pub mod bench_sparse;
pub mod claims;
pub mod ctr;
pub mod demo;
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

/// `sgl run --config FILE`.
pub fn run(path: &Path) -> Result<String> {
    let cfg = parse_config(&read(path)?)?;
    let traj = run_config(&cfg)?;
    serde_json::to_string_pretty(&traj).map_err(|e| SglError::InvalidInput(e.to_string()))
}

/// `sgl demo`.
pub fn demo() -> Result<String> {
    demo::summary()
}
