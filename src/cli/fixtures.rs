//! `sgl fixtures generate|check`: golden fixtures for other implementations
//! and the conformance checker (issue 5).

use sgl_oracle::fixtures;
use sgl_oracle::{Result, SglError};
use std::path::PathBuf;

/// Arguments of `sgl fixtures`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub cmd: Cmd,
}

/// Subcommands of `sgl fixtures`.
#[derive(clap::Subcommand, Debug)]
pub enum Cmd {
    /// Write every fixture file (deterministic; each case re-verified).
    Generate {
        /// Output directory.
        #[arg(long, default_value = "fixtures")]
        out: PathBuf,
    },
    /// Compare another implementation's trajectory with a fixture file.
    Check {
        /// A fixture file, e.g. fixtures/group_adam.json.
        #[arg(long)]
        fixture: PathBuf,
        /// The trajectory JSON to check (format: fixtures/README.md).
        #[arg(long)]
        trajectory: PathBuf,
        /// Do not fail on cases listed under "skipped".
        #[arg(long)]
        allow_skipped: bool,
    },
}

/// Entry point of `sgl fixtures`.
pub fn main(args: &Args) -> Result<String> {
    match &args.cmd {
        Cmd::Generate { out } => {
            let written = fixtures::write_all(out)?;
            let total: usize = written.iter().map(|(_, n)| n).sum();
            let mut s = String::new();
            for (p, n) in &written {
                s.push_str(&format!("{}: {n} cases\n", p.display()));
            }
            s.push_str(&format!(
                "{total} cases in {} files, all re-verified",
                written.len()
            ));
            Ok(s)
        }
        Cmd::Check {
            fixture,
            trajectory,
            allow_skipped,
        } => {
            let f = fixtures::load(fixture)?;
            let text = std::fs::read_to_string(trajectory)
                .map_err(|e| SglError::Io(format!("{}: {e}", trajectory.display())))?;
            let report = fixtures::check::check_str(&f, &text)?;
            let rendered = report.render();
            if report.ok(*allow_skipped) {
                Ok(rendered.trim_end().to_string())
            } else {
                print!("{rendered}");
                Err(SglError::InvalidInput(format!(
                    "fixtures check: {} of {} cases failed, {} skipped{}",
                    report.failed(),
                    report.cases.len(),
                    report.skipped(),
                    if report.failed() == 0 {
                        " (use --allow-skipped to accept skips)"
                    } else {
                        ""
                    }
                )))
            }
        }
    }
}
