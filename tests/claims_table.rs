//! The claims table ([`sgl_oracle::claims`]) cannot drift:
//! - `docs/claims.md` equals what `sgl claims` prints;
//! - every `checked_by` entry `target::function` names an existing test
//!   target (Cargo `[[test]]` or `tests/TARGET.rs`) whose source defines
//!   `fn function`;
//! - every `implemented_in` module path resolves through `pub mod` lines;
//! - every paper item (Eqs. 1-48, Thm1-3, Lem1-2, Cor1-2, Alg1-3) has a row,
//!   and ids are unique;
//! - a row with status other than not-checked-yet names at least one check.

use sgl_oracle::claims::{markdown, required_ids, ClaimStatus, CLAIMS};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Source file of a test target: a Cargo `[[test]]` path, else tests/NAME.rs.
fn target_source(target: &str) -> Option<PathBuf> {
    let toml = std::fs::read_to_string("Cargo.toml").unwrap();
    let mut name: Option<String> = None;
    for line in toml.lines() {
        let l = line.trim();
        if let Some(v) = l.strip_prefix("name = ") {
            name = Some(v.trim_matches('"').to_string());
        } else if let Some(v) = l.strip_prefix("path = ") {
            if name.as_deref() == Some(target) {
                return Some(PathBuf::from(v.trim_matches('"')));
            }
            name = None;
        }
    }
    let p = PathBuf::from(format!("tests/{target}.rs"));
    p.exists().then_some(p)
}

/// The target file plus the module directories next to it (common/, NAME/).
fn target_text(path: &Path) -> String {
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    if let (Some(dir), Some(stem)) = (path.parent(), path.file_stem()) {
        for sub in [dir.join(stem), dir.join("common")] {
            if let Ok(rd) = std::fs::read_dir(sub) {
                for e in rd.flatten() {
                    text += &std::fs::read_to_string(e.path()).unwrap_or_default();
                }
            }
        }
    }
    text
}

fn defines_fn(text: &str, func: &str) -> bool {
    let pat = format!("fn {func}");
    text.match_indices(&pat).any(|(i, _)| {
        let next = text[i + pat.len()..].chars().next();
        matches!(next, Some('(') | Some('<'))
    })
}

#[test]
fn docs_claims_md_is_the_generated_table() {
    let doc = std::fs::read_to_string("docs/claims.md").expect("docs/claims.md");
    assert_eq!(
        doc,
        markdown() + "\n",
        "regenerate: sgl claims > docs/claims.md"
    );
}

#[test]
fn cli_prints_the_same_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sgl"))
        .arg("claims")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), markdown() + "\n");
    let js = std::process::Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(["claims", "--format", "json"])
        .output()
        .unwrap();
    assert!(js.status.success());
    let v: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), CLAIMS.len());
    for (row, c) in v.as_array().unwrap().iter().zip(CLAIMS) {
        assert_eq!(row["id"], c.id);
        assert!(
            row["source"]["printed"]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "{}: JSON row without its quoted source",
            c.id
        );
    }
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(["claims", "--format", "xml"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

#[test]
fn every_checked_by_names_an_existing_test_function() {
    let mut missing = vec![];
    for c in CLAIMS {
        for r in c.checked_by {
            let Some((target, func)) = r.split_once("::") else {
                missing.push(format!("{}: malformed {r}", c.id));
                continue;
            };
            match target_source(target) {
                None => missing.push(format!("{}: no test target {target}", c.id)),
                Some(p) => {
                    if !defines_fn(&target_text(&p), func) {
                        missing.push(format!("{}: no fn {func} in {}", c.id, p.display()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_module_path_exists() {
    let mut missing = vec![];
    for c in CLAIMS {
        for m in c.implemented_in {
            let mut parts = m.split("::");
            assert_eq!(parts.next(), Some("sgl_oracle"), "{m}");
            let mut file = PathBuf::from("src/lib.rs");
            let mut dir = PathBuf::from("src");
            for p in parts {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                if !text.lines().any(|l| {
                    l.trim() == format!("pub mod {p};") || l.trim() == format!("pub mod {p} {{")
                }) {
                    missing.push(format!("{}: no `pub mod {p}` in {}", c.id, file.display()));
                    break;
                }
                let flat = dir.join(format!("{p}.rs"));
                file = if flat.exists() {
                    flat
                } else {
                    dir.join(p).join("mod.rs")
                };
                dir = dir.join(p);
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_paper_item_has_a_row_and_ids_are_unique() {
    let ids: Vec<&str> = CLAIMS.iter().map(|c| c.id).collect();
    let set: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(set.len(), ids.len(), "duplicate ids");
    let missing: Vec<String> = required_ids()
        .into_iter()
        .filter(|r| !set.contains(r.as_str()))
        .collect();
    assert!(missing.is_empty(), "paper items without a row: {missing:?}");
    for t in [
        "SGD",
        "Momentum",
        "Adagrad",
        "Adam",
        "AMSGrad",
        "AdaHessian",
    ] {
        assert!(
            set.contains(format!("Tab1:{t}").as_str()),
            "Table 1 row {t}"
        );
    }
}

#[test]
fn a_checked_status_names_a_check() {
    for c in CLAIMS {
        if c.status == ClaimStatus::NotCheckedYet {
            assert!(
                c.checked_by.is_empty(),
                "{}: not-checked-yet but names checks",
                c.id
            );
        } else {
            assert!(
                !c.checked_by.is_empty(),
                "{}: status {:?} without a check",
                c.id,
                c.status
            );
        }
    }
}
