//! `sgl claims`: print the claims table ([`sgl_oracle::claims`]).

use sgl_oracle::{Result, SglError};

/// Arguments of `sgl claims`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format: `markdown` (default; what docs/claims.md holds) or `json`.
    #[arg(long, default_value = "markdown")]
    pub format: String,
}

/// Entry point of `sgl claims`.
pub fn main(args: &Args) -> Result<String> {
    match args.format.as_str() {
        "markdown" | "md" => Ok(sgl_oracle::claims::markdown()),
        "json" => sgl_oracle::claims::json(),
        other => Err(SglError::InvalidInput(format!(
            "unknown --format {other:?} (expected markdown or json)"
        ))),
    }
}
