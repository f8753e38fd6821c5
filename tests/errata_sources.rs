//! Every statement about the paper names and quotes its source:
//! - every errata entry (`docs/src/errata/*.md`) has a `**Where.**` naming the
//!   version(s), at least one `**Printed (VERSIONS, PLACE).**` label followed
//!   by a block quote, and a `**Checked by:**` line;
//! - every claims row has a [`sgl_oracle::claims::Source`] naming the
//!   version(s) and place, with a verbatim quote;
//! - every quote occurs, up to whitespace, `$` and `aligned` markers, in the text of each version it
//!   names (`SGL_PAPER_DIR`, default `../shared/paper`, files
//!   `paper-v1.md`, `paper-v2.md`);
//! - the paper text is not redistributed with the crate, so every quote found
//!   verbatim is also recorded in `tests/paper-quotes.txt` (an FNV-1a digest
//!   of the compared text and the version). Where the paper text is absent
//!   (a user's clone, CI) each quote must be recorded there: a quote edited
//!   since it was checked against the paper fails. With the paper present,
//!   `SGL_UPDATE_QUOTES=1` records newly verified quotes.
//! - a verified or needs-premise row says what was checked (a non-empty note).

use sgl_oracle::claims::{source, ClaimStatus, CLAIMS, SOURCES};
use std::path::PathBuf;

/// Words that name a place in the paper.
const PLACES: [&str; 9] = [
    "Eq.",
    "Algorithm",
    "Section",
    "Appendix",
    "Table",
    "Theorem",
    "Lemma",
    "Corollary",
    "Figure",
];

/// The text compared: no whitespace, no `$` and no `aligned` environment
/// markers, so a fragment of a displayed equation may be quoted as
/// `$$\begin{aligned} ... \end{aligned}$$` (typeset) and still match.
fn squash(s: &str) -> String {
    s.replace("\\begin{aligned}", "")
        .replace("\\end{aligned}", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '$')
        .collect()
}

/// The versions a location names: "v1 and v2, ...", "v1, ...", "v2, ...".
fn versions(location: &str) -> Result<Vec<usize>, String> {
    let head = location.split(',').next().unwrap_or("").trim();
    match head {
        "v1 and v2" => Ok(vec![1, 2]),
        "v1" => Ok(vec![1]),
        "v2" => Ok(vec![2]),
        _ => Err(format!(
            "location {location:?} must start with `v1, `, `v2, ` or `v1 and v2, `"
        )),
    }
}

fn names_a_place(location: &str) -> bool {
    PLACES.iter().any(|p| location.contains(p))
}

/// The two paper texts (squashed), or None when absent.
fn paper() -> Option<[String; 2]> {
    let dir = std::env::var("SGL_PAPER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../shared/paper"));
    let read = |v: usize| std::fs::read_to_string(dir.join(format!("paper-v{v}.md"))).ok();
    match (read(1), read(2)) {
        (Some(a), Some(b)) => Some([squash(&a), squash(&b)]),
        _ => {
            eprintln!(
                "note: paper text not found in {}; quotes checked against tests/paper-quotes.txt",
                dir.display()
            );
            None
        }
    }
}

/// The record of verified quotes.
const RECORD: &str = "tests/paper-quotes.txt";

/// FNV-1a (64 bit) of the compared text: a record that a quote is unchanged
/// since it was found in the paper (not a cryptographic commitment).
fn digest(squashed: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in squashed.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    format!("{h:016x}")
}

fn record_line(squashed: &str, v: usize) -> String {
    format!("{} v{v}", digest(squashed))
}

static RECORD_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn recorded(line: &str) -> bool {
    std::fs::read_to_string(RECORD).is_ok_and(|t| t.lines().any(|l| l == line))
}

/// Whether `quote` occurs verbatim (squashed) in each named version.
fn found_in(texts: &[String; 2], vs: &[usize], quote: &str) -> bool {
    let q = squash(quote);
    q.len() >= 8 && vs.iter().all(|&v| texts[v - 1].contains(&q))
}

fn check_quote(
    paper: &Option<[String; 2]>,
    vs: &[usize],
    quote: &str,
    what: &str,
    bad: &mut Vec<String>,
) {
    if squash(quote).len() < 8 {
        bad.push(format!("{what}: quote {quote:?} is too short to locate"));
        return;
    }
    let q = squash(quote);
    for &v in vs {
        let line = record_line(&q, v);
        match paper {
            Some(texts) => {
                if !texts[v - 1].contains(&q) {
                    bad.push(format!("{what}: not verbatim in v{v}: {quote}"));
                } else if !recorded(&line) {
                    if std::env::var("SGL_UPDATE_QUOTES").is_ok_and(|x| x == "1") {
                        let _g = RECORD_LOCK.lock().unwrap_or_else(|e| e.into_inner());
                        if !recorded(&line) {
                            use std::io::Write;
                            let mut f = std::fs::OpenOptions::new()
                                .create(true)
                                .append(true)
                                .open(RECORD)
                                .unwrap();
                            writeln!(f, "{line}").unwrap();
                        }
                    } else {
                        bad.push(format!(
                            "{what}: verified in v{v} but not recorded in {RECORD} (run with SGL_UPDATE_QUOTES=1): {quote}"
                        ));
                    }
                }
            }
            None => {
                if !recorded(&line) {
                    bad.push(format!(
                        "{what}: not recorded as verified in v{v} ({RECORD}); check it where the paper text is available: {quote}"
                    ));
                }
            }
        }
    }
}

#[test]
fn every_claims_row_has_a_quoted_source_location() {
    let paper = paper();
    let mut bad = vec![];
    assert_eq!(SOURCES.len(), CLAIMS.len(), "one source per claims row");
    for c in CLAIMS {
        let Some(s) = source(c.id) else {
            bad.push(format!("{}: no source", c.id));
            continue;
        };
        match versions(s.location) {
            Err(e) => bad.push(format!("{}: {e}", c.id)),
            Ok(vs) => {
                if !names_a_place(s.location) {
                    bad.push(format!("{}: location names no place", c.id));
                }
                check_quote(&paper, &vs, s.printed, c.id, &mut bad);
            }
        }
        if matches!(c.status, ClaimStatus::Verified | ClaimStatus::NeedsPremise)
            && c.note.trim().is_empty()
        {
            bad.push(format!(
                "{}: {} without saying what was checked",
                c.id,
                c.status.label()
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_errata_entry_quotes_its_source() {
    let paper = paper();
    let mut entries: Vec<PathBuf> = std::fs::read_dir("docs/src/errata")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 15, "{} entries", entries.len());
    let mut bad = vec![];
    for path in &entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        match lines.iter().find(|l| l.starts_with("**Where.**")) {
            None => bad.push(format!("{name}: no **Where.**")),
            Some(w) => {
                if !(w.contains("v1") || w.contains("v2")) {
                    bad.push(format!("{name}: **Where.** names no version"));
                }
            }
        }
        if !text.contains("**Checked by:**") {
            bad.push(format!("{name}: no **Checked by:**"));
        }
        let mut labels = 0;
        let mut current: Option<(String, Vec<usize>)> = None;
        let mut k = 0;
        while k < lines.len() {
            let l = lines[k];
            if let Some(rest) = l.strip_prefix("**Printed (") {
                let Some(loc) = rest.strip_suffix(").**") else {
                    bad.push(format!("{name}: malformed label {l}"));
                    k += 1;
                    continue;
                };
                labels += 1;
                match versions(loc) {
                    Err(e) => bad.push(format!("{name}: {e}")),
                    Ok(vs) => {
                        if !names_a_place(loc) {
                            bad.push(format!("{name}: label {loc:?} names no place"));
                        }
                        current = Some((loc.to_string(), vs));
                    }
                }
                if !lines.get(k + 1).is_some_and(|n| n.starts_with('>')) {
                    bad.push(format!("{name}: label {loc:?} not followed by a quote"));
                }
            } else if l.starts_with('>') {
                let mut quote = String::new();
                while k < lines.len() && lines[k].starts_with('>') {
                    quote += lines[k].trim_start_matches('>');
                    quote += " ";
                    k += 1;
                }
                match &current {
                    None => bad.push(format!("{name}: quote without a **Printed (...)** label")),
                    Some((loc, vs)) => {
                        check_quote(&paper, vs, &quote, &format!("{name} ({loc})"), &mut bad)
                    }
                }
                continue;
            } else if l.starts_with("**") && !l.starts_with("**Printed") {
                current = None;
            }
            k += 1;
        }
        if labels == 0 {
            bad.push(format!("{name}: no **Printed (...)** quote"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The checker itself: a paraphrase, a wrong version and a too-short quote
/// fail; an unrecorded quote fails without the paper text.
#[test]
fn the_quote_checker_rejects_paraphrases_and_wrong_versions() {
    let texts = [
        squash("v1 text: replacing $\\|\\tilde{s}_t\\|$ with $\\|s_t\\|$ in line 10"),
        squash("v2 text: replacing $\\|s_t\\|$ with $\\|\\tilde{s}_t\\|$ in line 10"),
    ];
    assert!(found_in(
        &texts,
        &[1],
        "replacing $\\|\\tilde{s}_t\\|$ with"
    ));
    assert!(!found_in(
        &texts,
        &[2],
        "replacing $\\|\\tilde{s}_t\\|$ with"
    ));
    assert!(!found_in(&texts, &[1, 2], "replacing ||s~|| with ||s||"));
    assert!(!found_in(&texts, &[1], "line"));
    let mut bad = vec![];
    check_quote(
        &None,
        &[1],
        "a sentence no paper prints, never recorded",
        "x",
        &mut bad,
    );
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(versions("both versions, Section 3").is_err());
    assert!(!names_a_place("v1, somewhere"));
}
