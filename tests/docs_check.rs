//! The book cannot drift from the code:
//! - every `Checked by:` reference `target::function` names an existing test
//!   function in that test target;
//! - every ```` ```text sgl-output: ARGS ```` block equals what `sgl ARGS` prints;
//! - `docs/errata.md` is the concatenation of `docs/src/errata/*.md`.
//!
//! Set `SGL_UPDATE_DOCS=1` to rewrite the generated parts instead of failing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn md_files() -> Vec<PathBuf> {
    let mut v = vec![];
    for dir in ["docs/src", "docs/src/errata", "docs"] {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "md") {
                    v.push(p);
                }
            }
        }
    }
    v.sort();
    v
}

/// Test target name -> source file, from Cargo.toml `[[test]]` entries, else tests/NAME.rs.
fn target_sources() -> BTreeMap<String, PathBuf> {
    let toml = std::fs::read_to_string("Cargo.toml").unwrap();
    let mut map = BTreeMap::new();
    let mut name: Option<String> = None;
    for line in toml.lines() {
        let l = line.trim();
        if let Some(v) = l.strip_prefix("name = ") {
            name = Some(v.trim_matches('"').to_string());
        }
        if let Some(v) = l.strip_prefix("path = ") {
            if let Some(n) = name.take() {
                map.insert(n, PathBuf::from(v.trim_matches('"')));
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir("tests") {
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "rs") {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                map.entry(stem).or_insert(p);
            }
        }
    }
    map
}

fn source_with_modules(path: &Path) -> String {
    // The target file plus any sibling module directory it includes.
    let mut text = std::fs::read_to_string(path).unwrap_or_default();
    if let Some(dir) = path.parent() {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        for sub in [dir.join(&stem), dir.join("common")] {
            if let Ok(rd) = std::fs::read_dir(sub) {
                for e in rd.flatten() {
                    text += &std::fs::read_to_string(e.path()).unwrap_or_default();
                }
            }
        }
    }
    text
}

/// The `target::function` references of every "Checked by:" paragraph.
fn checked_by_refs(text: &str) -> Vec<String> {
    let mut refs = vec![];
    let mut active = false;
    for line in text.lines() {
        if line.contains("Checked by:") {
            active = true;
        } else if line.trim().is_empty() {
            active = false;
        }
        if active {
            for (k, part) in line.split('`').enumerate() {
                if k % 2 == 1 && part.contains("::") && !part.contains(' ') {
                    refs.push(part.to_string());
                }
            }
        }
    }
    refs
}

#[test]
fn every_checked_by_reference_exists() {
    let targets = target_sources();
    let mut missing = vec![];
    let mut count = 0;
    for f in md_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        for r in checked_by_refs(&text) {
            let (target, func) = r.split_once("::").unwrap();
            let func = func.rsplit("::").next().unwrap();
            count += 1;
            let ok = targets.get(target).is_some_and(|p| {
                let src = source_with_modules(p);
                src.contains(&format!("fn {func}(")) || src.contains(&format!("fn {func}<"))
            });
            if !ok {
                missing.push(format!("{}: {r}", f.display()));
            }
        }
    }
    assert!(count > 20, "expected many references, found {count}");
    assert!(
        missing.is_empty(),
        "dangling Checked-by references:\n{}",
        missing.join("\n")
    );
}

#[test]
fn sgl_output_blocks_match_the_binary() {
    let update = std::env::var("SGL_UPDATE_DOCS").is_ok();
    for f in md_files() {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut out = String::new();
        let mut lines = text.lines().peekable();
        let mut changed = false;
        while let Some(line) = lines.next() {
            out += line;
            out += "\n";
            if let Some(args) = line.strip_prefix("```text sgl-output: ") {
                let mut old = String::new();
                for l in lines.by_ref() {
                    if l == "```" {
                        break;
                    }
                    old += l;
                    old += "\n";
                }
                let res = Command::new(env!("CARGO_BIN_EXE_sgl"))
                    .args(args.split_whitespace())
                    .output()
                    .unwrap();
                assert!(res.status.success(), "sgl {args} failed");
                let new = String::from_utf8(res.stdout).unwrap();
                let new = new.trim_end().to_string() + "\n";
                if new != old {
                    assert!(
                        update,
                        "{}: block `sgl {args}` is stale (run with SGL_UPDATE_DOCS=1)",
                        f.display()
                    );
                    changed = true;
                }
                out += &new;
                out += "```\n";
            }
        }
        if changed {
            std::fs::write(&f, out).unwrap();
        }
    }
}

#[test]
fn errata_page_is_the_concatenation_of_the_entries() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir("docs/src/errata")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    entries.sort();
    let mut text = String::from(
        "# Errata\n\nEvery place where the paper (v1 and/or v2) and an independent check disagree, \
         and every premise the paper uses without stating it. Each entry: where, what is printed, \
         what is true, the minimal counterexample, and the test that shows it. \
         Entries `E*` are errata; entries `R*` are remarks on deviations from real implementations.\n\n\
         Generated from `docs/src/errata/*.md` (checked by `docs_check::errata_page_is_the_concatenation_of_the_entries`).\n",
    );
    for e in &entries {
        text += "\n";
        text += std::fs::read_to_string(e).unwrap().trim_end();
        text += "\n";
    }
    let current = std::fs::read_to_string("docs/errata.md").unwrap_or_default();
    if current != text {
        assert!(
            std::env::var("SGL_UPDATE_DOCS").is_ok(),
            "docs/errata.md is stale (run with SGL_UPDATE_DOCS=1)"
        );
        std::fs::write("docs/errata.md", text).unwrap();
    }
}
