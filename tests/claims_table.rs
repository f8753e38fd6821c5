//! The claims table ([`sgl_oracle::claims`]) cannot drift:
//! - `docs/claims.md` equals what `sgl claims` prints;
//! - every `checked_by` entry `target::function` names an existing test
//!   target (Cargo `[[test]]` or `tests/TARGET.rs`) whose source defines
//!   `fn function` as a test: `#[test]` among its attributes (a `proptest!`
//!   case carries it too), and not `#[ignore]`d, or (proofs/) a row
//!   `check: function` of the `obligations()` table that a `#[test]` runs
//!   with `run_table`; a helper fn with a claimed name is rejected
//!   (`test_fn_check_rejects_helpers_and_ignored_tests`);
//! - every `implemented_in` module path resolves through `pub mod` lines;
//! - every paper item (Eqs. 1-48, Thm1-3, Lem1-2, Cor1-2, Alg1-3) has a row,
//!   and ids are unique;
//! - a row with status other than not-checked-yet names at least one check.

use sgl_oracle::claims::{required_ids, ClaimStatus, CLAIMS, ROW_PROOFS};
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

/// The attributes (`#[...]`) written before the item that starts at byte
/// `at`, skipping comments and blank lines; innermost first.
fn attributes_before(text: &str, at: usize) -> Vec<String> {
    let mut attrs = vec![];
    let mut head = &text[..at];
    loop {
        let t = head.trim_end();
        // A whole comment line (`//`, `///`) directly above: skip it.
        let line_start = t.rfind('\n').map_or(0, |i| i + 1);
        if t[line_start..].trim_start().starts_with("//") {
            head = &t[..line_start];
            continue;
        }
        if !t.ends_with(']') {
            return attrs;
        }
        // Walk back to the matching `[`, which must follow `#`.
        let mut depth = 0usize;
        let mut open = None;
        for (i, c) in t.char_indices().rev() {
            match c {
                ']' => depth += 1,
                '[' => {
                    depth -= 1;
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        match open {
            Some(i) if i > 0 && t[..i].ends_with('#') => {
                attrs.push(t[i + 1..t.len() - 1].trim().to_string());
                head = &t[..i - 1];
            }
            _ => return attrs,
        }
    }
}

/// Where each item `fn func` starts: the `fn` keyword, moved back over
/// `pub` / `async` qualifiers so that the attribute scan starts above them.
fn fn_sites(text: &str, func: &str) -> Vec<usize> {
    let pat = format!("fn {func}");
    text.match_indices(&pat)
        .filter(|(i, _)| {
            let next = text[i + pat.len()..].chars().next();
            let prev = text[..*i].chars().next_back();
            matches!(next, Some('(') | Some('<'))
                && !prev.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            let mut head = &text[..i];
            while let Some(h) = ["pub", "async"]
                .iter()
                .find_map(|q| head.trim_end().strip_suffix(q))
            {
                head = h;
            }
            head.len()
        })
        .collect()
}

/// Why `func` is not a runnable test in `text`, or `None` if some `fn func`
/// carries `#[test]` (plain, or as a case of a `proptest!` block, whose cases
/// are written with `#[test]`) and is not `#[ignore]`d.
fn not_a_test(text: &str, func: &str) -> Option<String> {
    let mut reason = format!("no fn {func}");
    for at in fn_sites(text, func) {
        let attrs = attributes_before(text, at);
        let is_test = attrs.iter().any(|a| a == "test");
        let ignored = attrs.iter().any(|a| a.starts_with("ignore"));
        match (is_test, ignored) {
            (true, false) => return None,
            (true, true) => reason = format!("fn {func} is #[ignore]d"),
            (false, _) => reason = format!("fn {func} is not a #[test] (attributes: {attrs:?})"),
        }
    }
    Some(reason)
}

/// The body (between the braces) of the first item `fn name(` in `text`.
fn fn_body<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let at = fn_sites(text, name).into_iter().next()?;
    let open = at + text[at..].find('{')?;
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[open + 1..open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Proof targets (proofs/*.rs) check obligations as rows of a table: `func`
/// counts as checked when it is a row (`check: func,`) of `fn obligations()`
/// and a `#[test]` fn of the target runs that table
/// (`run_table(.., &obligations())`, which asserts every row's status).
fn is_obligation_row(text: &str, func: &str) -> bool {
    let Some(table) = fn_body(text, "obligations") else {
        return false;
    };
    let row = format!("check: {func}");
    let in_table = table.match_indices(&row).any(|(i, _)| {
        let next = table[i + row.len()..].chars().next();
        !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
    });
    let runner = text.match_indices("run_table(").any(|(i, _)| {
        let call = &text[i..text[i..].find(';').map_or(text.len(), |j| i + j)];
        let Some(f) = text[..i].rfind("fn ") else {
            return false;
        };
        let name: String = text[f + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        call.contains("&obligations()") && not_a_test(text, &name).is_none()
    });
    in_table && runner
}

/// The checker can fail: helpers, ignored tests and name prefixes are
/// rejected; tests with comments and extra attributes, and `proptest!`
/// cases, are accepted.
#[test]
fn test_fn_check_rejects_helpers_and_ignored_tests() {
    let helper = "fn setup() {}\n/// Drives the rule.\nfn claimed_name(x: f64) -> f64 { x }\n";
    assert!(not_a_test(helper, "claimed_name").is_some());
    let generic = "pub fn claimed_name<R: Rule>(r: R) {}\n";
    assert!(not_a_test(generic, "claimed_name").is_some());
    let public = "#[test]\npub fn claimed_name() {}\n";
    assert_eq!(not_a_test(public, "claimed_name"), None);
    let ignored = "#[test]\n#[ignore]\nfn claimed_name() {}\n";
    assert!(not_a_test(ignored, "claimed_name")
        .unwrap()
        .contains("ignore"));
    let prefix = "#[test]\nfn claimed_name_longer() {}\nfn claimed_name() {}\n";
    assert!(not_a_test(prefix, "claimed_name").is_some());
    let suffix = "#[test]\nfn my_claimed_name() {}\n";
    assert!(not_a_test(suffix, "claimed_name").is_some());
    // A test attribute on the previous item does not leak onto the helper.
    let leak = "#[test]\nfn other() {}\nfn claimed_name() {}\n";
    assert!(not_a_test(leak, "claimed_name").is_some());

    let plain = "/// Doc.\n#[test]\n// note\n#[should_panic(\n    expected = \"x[0]\"\n)]\nfn claimed_name() {}\n";
    assert_eq!(not_a_test(plain, "claimed_name"), None);
    let prop = "proptest! {\n    #![proptest_config(config())]\n\n    /// Case.\n    #[test]\n    fn claimed_name(x in 0.0f64..1.0) {\n        prop_assert!(x < 1.0);\n    }\n}\n";
    assert_eq!(not_a_test(prop, "claimed_name"), None);

    // Proof obligations: a row of a table that a #[test] runs.
    let table = "fn claimed_name() -> Status { todo() }\nfn obligations() -> Vec<Obligation> {\n    vec![Obligation {\n        name: \"claimed_name\",\n        check: claimed_name,\n    }]\n}\n";
    let runner = "#[test]\nfn table() {\n    run_table(\"A\", &obligations());\n}\n";
    assert!(is_obligation_row(
        &format!("{table}{runner}"),
        "claimed_name"
    ));
    // ... not when no #[test] runs the table, nor when the fn is no row.
    let untested = "fn table() {\n    run_table(\"A\", &obligations());\n}\n";
    assert!(!is_obligation_row(
        &format!("{table}{untested}"),
        "claimed_name"
    ));
    let other_row = table.replace("check: claimed_name,", "check: claimed_name_2,");
    assert!(!is_obligation_row(
        &format!("{other_row}{runner}"),
        "claimed_name"
    ));
}

/// `sgl claims` prints docs/claims.md exactly, one row per claim.
#[test]
fn cli_prints_the_committed_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sgl"))
        .arg("claims")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let doc = std::fs::read_to_string("docs/claims.md").expect("docs/claims.md");
    assert_eq!(doc, printed, "regenerate: sgl claims > docs/claims.md");
    for c in CLAIMS {
        assert!(printed.contains(&format!("| {} |", c.id)), "{}", c.id);
    }
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
fn every_checked_by_names_a_test_function() {
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
                    let text = target_text(&p);
                    if let Some(why) = not_a_test(&text, func) {
                        if !is_obligation_row(&text, func) {
                            missing.push(format!(
                                "{}: {why}, nor a row of a tested obligations() table, in {}",
                                c.id,
                                p.display()
                            ));
                        }
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

/// `proofs/strength/*.tsv` parsed here independently of `sgl_oracle::claims`:
/// `(target::obligation, label)`.
fn strength_rows() -> Vec<(String, String)> {
    let mut rows = vec![];
    for t in ["a", "b", "c", "d1", "d2"] {
        let path = format!("proofs/strength/proof_appendix_{t}.tsv");
        let text = std::fs::read_to_string(&path).expect(&path);
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut it = line.split('\t');
            rows.push((
                it.next().unwrap_or_default().to_string(),
                it.next().unwrap_or_default().to_string(),
            ));
        }
    }
    rows
}

/// Every obligation row of every proof table is in `proofs/strength/` (no
/// stale or missing line), and every listed name is a row of its table.
#[test]
fn strength_files_list_every_obligation() {
    let rows = strength_rows();
    assert!(rows.len() > 40, "only {} obligations listed", rows.len());
    for (name, label) in &rows {
        let (target, func) = name.split_once("::").expect("target::name");
        let text = target_text(&target_source(target).expect(target));
        assert!(
            is_obligation_row(&text, func),
            "{name} is not a tested obligation row"
        );
        assert!(
            label == "proved"
                || label == "sampled"
                || (label.starts_with("proved-bounded (") && label.ends_with(')')),
            "{name}: bad strength {label}"
        );
    }
    for t in ["a", "b", "c", "d1", "d2"] {
        let text = target_text(&target_source(&format!("proof_appendix_{t}")).unwrap());
        let table = fn_body(&text, "obligations").unwrap();
        let n = table.matches("check: ").count();
        let listed = rows
            .iter()
            .filter(|(name, _)| name.starts_with(&format!("proof_appendix_{t}::")))
            .count();
        assert_eq!(
            n, listed,
            "proof_appendix_{t}: {n} obligations, {listed} strength lines"
        );
    }
}

/// A row's strength is the weakest of the obligations `ROW_PROOFS` lists for
/// it, each of which the row cites; rows not listed are `sampled`. Expected
/// values here come from the strength files, not from `Claim::strength`.
#[test]
fn row_strengths_follow_their_proofs() {
    let rows = strength_rows();
    let label = |n: &str| {
        rows.iter()
            .find(|(name, _)| name == n)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| panic!("{n} not in proofs/strength"))
    };
    for (id, proofs) in ROW_PROOFS {
        let c = CLAIMS
            .iter()
            .find(|c| c.id == *id)
            .unwrap_or_else(|| panic!("{id}: no row"));
        assert!(!proofs.is_empty(), "{id}: empty proof list");
        for p in proofs.iter() {
            assert!(
                c.checked_by.contains(p),
                "{id}: {p} proves it but is not in checked_by"
            );
        }
        let labels: Vec<String> = proofs.iter().map(|p| label(p)).collect();
        let expect = if labels.iter().any(|l| l == "sampled") {
            "sampled".to_string()
        } else if labels.iter().all(|l| l == "proved") {
            "proved".to_string()
        } else {
            let mut b: Vec<&str> = labels
                .iter()
                .filter_map(|l| l.strip_prefix("proved-bounded (")?.strip_suffix(')'))
                .collect();
            b.dedup();
            format!("proved-bounded ({})", b.join("; "))
        };
        assert_eq!(c.strength_label(), expect, "{id}");
    }
    for c in CLAIMS
        .iter()
        .filter(|c| !ROW_PROOFS.iter().any(|(id, _)| *id == c.id))
    {
        assert_eq!(c.strength_label(), "sampled", "{}", c.id);
    }
    // Anchors: a row the symbolic identities prove, one bounded by d <= 3,
    // one that cites proof obligations but is not established by them.
    let get = |id: &str| CLAIMS.iter().find(|c| c.id == id).unwrap().strength_label();
    assert_eq!(get("Eq:22"), "proved");
    assert_eq!(get("Thm1"), "proved-bounded (d <= 3)");
    assert_eq!(get("Eq:14"), "sampled");
}

/// `sgl claims` prints the strength counts, recounted here from the files.
#[test]
fn claims_prints_strength_counts() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sgl"))
        .arg("claims")
        .output()
        .unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    let book = std::fs::read_to_string("docs/src/proofs.md").expect("docs/src/proofs.md");
    let rows = strength_rows();
    for (t, title) in [
        ("a", "Appendix A"),
        ("b", "Appendix B"),
        ("c", "Appendix C"),
        ("d1", "Appendix D.1"),
        ("d2", "Appendix D.2"),
    ] {
        let of = |pred: &dyn Fn(&str) -> bool| {
            rows.iter()
                .filter(|(n, l)| n.starts_with(&format!("proof_appendix_{t}::")) && pred(l))
                .count()
        };
        let line = format!(
            "| {title} | {} | {} | {} |",
            of(&|l| l == "proved"),
            of(&|l| l.starts_with("proved-bounded")),
            of(&|l| l == "sampled")
        );
        assert!(printed.contains(&line), "missing {line}");
        assert!(book.contains(&line), "docs/src/proofs.md lacks {line}");
    }
    let proved = CLAIMS
        .iter()
        .filter(|c| c.strength_label() == "proved")
        .count();
    assert!(printed.contains(&format!(
        "Strength of the {} rows: {proved} proved,",
        CLAIMS.len()
    )));
}
