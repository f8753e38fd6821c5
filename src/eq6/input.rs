//! The input format of `sgl solve` (docs/src/solve-format.md): one \[Eq:6\]
//! instance in its reduced form \[Eq:24\] or as a history \[Eq:6\], with the
//! penalty and the groups. [`parse`] is the one reader: `sgl solve` and the
//! `solve_input` fuzz target both call it.

use super::instance::{History, Instance};
use crate::error::{Result, SglError};
use crate::groups::GroupSpec;
use crate::penalty::Penalty;
use serde::Deserialize;

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

/// Parses `sgl solve`'s JSON input into the reduced instance and, for the
/// history form, the history it was reduced from (\[Eq:23\]).
pub fn parse(text: &str) -> Result<(Instance, Option<History>)> {
    let input: Input = serde_json::from_str(text)
        .map_err(|e| SglError::InvalidInput(format!("solve input: {e}")))?;
    input.penalty.validate()?;
    match (input.reduced, input.history) {
        (Some(r), None) => {
            let groups = input.groups.build(r.z.len())?;
            Ok((Instance::new(r.z, r.sigma, input.penalty, groups)?, None))
        }
        (None, Some(h)) => {
            let h = History::new(h.m, h.x, h.q_over_alpha)?;
            let groups = input.groups.build(h.dim())?;
            Ok((h.reduce(input.penalty, groups)?, Some(h)))
        }
        (Some(_), Some(_)) | (None, None) => Err(SglError::InvalidInput(
            "solve input needs exactly one of \"reduced\" and \"history\"".into(),
        )),
    }
}
