//! `sgl solve` (being written by its issue).

use sgl_oracle::{Result, SglError};

/// Arguments of `sgl solve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Free-form arguments (replaced when the subcommand is written).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Entry point of `sgl solve`.
pub fn main(_args: &Args) -> Result<String> {
    Err(SglError::InvalidInput(
        "sgl solve is not implemented yet".into(),
    ))
}
