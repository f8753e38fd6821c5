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
    /// Compare another implementation's trajectory with a fixture file, or
    /// with a reference trajectory (e.g. an `sgl run` output).
    Check {
        /// A fixture file, e.g. fixtures/group_adam.json.
        #[arg(
            long,
            required_unless_present = "reference",
            conflicts_with = "reference"
        )]
        fixture: Option<PathBuf>,
        /// A reference trajectory (the format `sgl run` prints), compared
        /// with the tolerance of `--ulps`, `--abs`, `--rel`.
        #[arg(long)]
        reference: Option<PathBuf>,
        /// With --reference: tolerance in ULPs (default 0: bit-identical).
        #[arg(long, default_value_t = 0, requires = "reference")]
        ulps: u64,
        /// With --reference: absolute tolerance.
        #[arg(long, default_value_t = 0.0, requires = "reference")]
        abs: f64,
        /// With --reference: relative tolerance.
        #[arg(long, default_value_t = 0.0, requires = "reference")]
        rel: f64,
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
            reference,
            ulps,
            abs,
            rel,
            trajectory,
            allow_skipped,
        } => {
            let read = |p: &PathBuf| {
                std::fs::read_to_string(p)
                    .map_err(|e| SglError::Io(format!("{}: {e}", p.display())))
            };
            let text = read(trajectory)?;
            let report = match (fixture, reference) {
                (Some(f), None) => fixtures::check::check_str(&fixtures::load(f)?, &text)?,
                (None, Some(r)) => {
                    if !(abs.is_finite() && *abs >= 0.0 && rel.is_finite() && *rel >= 0.0) {
                        return Err(SglError::InvalidInput(
                            "--abs and --rel must be finite and >= 0".into(),
                        ));
                    }
                    let tol = fixtures::format::Tolerance {
                        abs: *abs,
                        rel: *rel,
                        ulps: *ulps,
                    };
                    let reference = fixtures::check::parse_trajectory(&read(r)?)?;
                    let traj = fixtures::check::parse_trajectory(&text)?;
                    fixtures::check::check_reference(&reference, &traj, tol)
                }
                _ => {
                    return Err(SglError::InvalidInput(
                        "fixtures check needs exactly one of --fixture and --reference".into(),
                    ))
                }
            };
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
