//! Golden fixtures for other implementations, and a conformance checker
//! (issue 5).
//!
//! - [`format`](mod@format): the versioned file format `sgl-oracle-fixture-v1`
//!   (Wycheproof-like envelope; see `fixtures/README.md` and
//!   `fixtures/schema.json`).
//! - [`generate`]: deterministic generation of `fixtures/*.json`, each case
//!   re-verified by an independent path ([`verify`]).
//! - [`check`]: compares another implementation's trajectory JSON with a
//!   fixture file and reports the first divergence of every failing case.

pub mod check;
pub mod f32_bound;
pub mod f32_format;
pub mod f32_generate;
pub mod format;
pub mod generate;
pub mod strict;
pub mod tables;
pub mod tfplus_gen;
pub mod tfplus_verify;
pub mod verify;

use crate::error::{Result, SglError};
use std::path::{Path, PathBuf};

/// Serialises a fixture file: two-space indentation, but arrays of numbers
/// and strings on one line (readable and diff-friendly), floats as the
/// shortest round-trip decimals, trailing newline.
pub fn to_json(file: &format::FixtureFile) -> Result<String> {
    let v = serde_json::to_value(file).map_err(|e| SglError::InvalidInput(e.to_string()))?;
    let mut out = String::new();
    write_value(&v, 0, &mut out)?;
    out.push('\n');
    Ok(out)
}

fn scalar(v: &serde_json::Value) -> Result<String> {
    serde_json::to_string(v).map_err(|e| SglError::InvalidInput(e.to_string()))
}

fn write_value(v: &serde_json::Value, ind: usize, out: &mut String) -> Result<()> {
    use serde_json::Value;
    let pad = |k: usize| "  ".repeat(k);
    match v {
        Value::Array(a) if a.iter().all(|e| !e.is_array() && !e.is_object()) => {
            let parts: Vec<String> = a.iter().map(scalar).collect::<Result<_>>()?;
            out.push('[');
            out.push_str(&parts.join(", "));
            out.push(']');
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (k, e) in a.iter().enumerate() {
                out.push_str(&pad(ind + 1));
                write_value(e, ind + 1, out)?;
                out.push_str(if k + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(ind));
            out.push(']');
        }
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Object(o) => {
            out.push_str("{\n");
            for (k, (key, e)) in o.iter().enumerate() {
                out.push_str(&pad(ind + 1));
                out.push_str(&scalar(&Value::String(key.clone()))?);
                out.push_str(": ");
                write_value(e, ind + 1, out)?;
                out.push_str(if k + 1 < o.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(ind));
            out.push('}');
        }
        _ => out.push_str(&scalar(v)?),
    }
    Ok(())
}

/// Generates every fixture file into `dir` (atomic writes). Returns the paths
/// and case counts.
pub fn write_all(dir: &Path) -> Result<Vec<(PathBuf, usize)>> {
    let mut written = vec![];
    let mut all = generate::generate_all()?;
    all.extend(f32_generate::f32_files()?);
    for (name, file) in all {
        let path = dir.join(&name);
        crate::io::write_atomic(&path, to_json(&file)?.as_bytes())?;
        written.push((path, file.number_of_tests));
    }
    Ok(written)
}

/// Reads and parses a fixture file (one clear error if malformed).
pub fn load(path: &Path) -> Result<format::FixtureFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SglError::Io(format!("{}: {e}", path.display())))?;
    parse(&text).map_err(|e| SglError::InvalidInput(format!("{}: {e}", path.display())))
}

/// Parses fixture text strictly (fixtures/README.md, "Well-formed input"):
/// no repeated keys, objects where the format has them, no unknown fields,
/// the per-version rules, a known `schema` string.
pub fn parse(text: &str) -> std::result::Result<format::FixtureFile, String> {
    let v = strict::parse(text).map_err(|e| format!("malformed fixture JSON: {e}"))?;
    strict::fixture_shape(&v).map_err(|e| format!("malformed fixture: {e}"))?;
    serde_json::from_value(v).map_err(|e| format!("malformed fixture: {e}"))
}
