//! `sgl fixtures` (being written by its issue).

use sgl_oracle::{Result, SglError};

/// Arguments of `sgl fixtures`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Free-form arguments (replaced when the subcommand is written).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Entry point of `sgl fixtures`.
pub fn main(_args: &Args) -> Result<String> {
    Err(SglError::InvalidInput(
        "sgl fixtures is not implemented yet".into(),
    ))
}
