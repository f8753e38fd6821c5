//! SMT-LIB2 queries decided by the `z3` binary (Debian package `z3`).
//!
//! Every query is generated as text, compared byte for byte with the
//! committed file `proofs/smt/<file>` (set `SGL_UPDATE_SMT=1` to rewrite the
//! files after a deliberate change), then run as `z3 -T:60 proofs/smt/<file>`
//! (a reader replays any query with the same command). A step is proved when
//! the query asserting its *negation* is `unsat`; a printed form is refuted
//! when the query asserting its negation is `sat` (the model is the
//! counterexample). Square roots enter as fresh variables `r >= 0` with
//! `r * r = expression`.
//!
//! z3 missing: under `CI=true` the run fails; elsewhere the query is reported
//! as skipped (with the reason) and only the byte comparison is made.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

/// Hard per-query limit passed to z3 (`-T:60`, seconds); a query that needs
/// more is split or bounded, never skipped.
pub const TIMEOUT_S: u32 = 60;

/// Expected answer of a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The negation of the step is unsatisfiable: the step is proved.
    Unsat,
    /// The negation is satisfiable: the (printed) step is refuted.
    Sat,
}

impl Answer {
    fn word(self) -> &'static str {
        match self {
            Answer::Unsat => "unsat",
            Answer::Sat => "sat",
        }
    }
}

/// One query.
pub struct Query {
    /// Path under `proofs/smt/`, e.g. `appendix_a/obligation_31_34_d2.smt2`.
    pub file: String,
    /// The step, quoted from the paper (version and equation named).
    pub step: String,
    /// What the query asserts (the negation of which statement).
    pub asserts: String,
    /// Expected answer.
    pub expect: Answer,
    /// Declarations and assertions (without `check-sat`).
    pub body: String,
}

/// Timing record of every query run in this test binary.
pub static TIMES: Mutex<Vec<(String, String, u128)>> = Mutex::new(Vec::new());

impl Query {
    /// The full file text.
    pub fn text(&self) -> String {
        let mut t = String::new();
        t.push_str(&format!("; {}\n", self.file));
        for line in self.step.lines() {
            t.push_str(&format!("; step: {line}\n"));
        }
        for line in self.asserts.lines() {
            t.push_str(&format!("; query: {line}\n"));
        }
        t.push_str(&format!("; expected: {}\n", self.expect.word()));
        t.push_str(&format!(
            "; replay: z3 -T:{TIMEOUT_S} proofs/smt/{}\n",
            self.file
        ));
        t.push_str(&self.body);
        if !self.body.ends_with('\n') {
            t.push('\n');
        }
        t.push_str("(check-sat)\n");
        if self.expect == Answer::Sat {
            t.push_str("(get-model)\n");
        }
        t
    }
}

fn smt_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("proofs/smt")
}

/// `None` if z3 runs; `Some(reason)` outside CI if it does not; panics under
/// `CI=true` when it is missing (CI installs it, see `.ci/run`).
pub fn z3_missing() -> Option<String> {
    match Command::new("z3").arg("-version").output() {
        Ok(o) if o.status.success() => None,
        _ => {
            let ci = std::env::var("CI").map(|v| v == "true").unwrap_or(false);
            assert!(
                !ci,
                "z3 is required under CI=true (apt-get install -y z3) but does not run"
            );
            Some("z3 not installed (apt-get install -y z3); SMT proofs skipped outside CI".into())
        }
    }
}

/// Result of running one query.
pub enum Run {
    /// z3 answered as expected; `model` is the `(get-model)` output for `sat`.
    Expected {
        /// Milliseconds (reported, never asserted).
        millis: u128,
        /// Model text (empty for `unsat`).
        model: String,
    },
    /// z3 is not installed (outside CI only).
    Skipped(String),
}

/// Compare the committed file, run z3, check the answer.
pub fn run(q: &Query) -> Result<Run, String> {
    let text = q.text();
    let path = smt_dir().join(&q.file);
    let committed = std::fs::read_to_string(&path).ok();
    if committed.as_deref() != Some(text.as_str()) {
        if std::env::var("SGL_UPDATE_SMT").is_ok_and(|v| v == "1") {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            let tmp = path.with_extension("smt2.tmp");
            std::fs::write(&tmp, &text).map_err(|e| e.to_string())?;
            std::fs::rename(&tmp, &path).map_err(|e| e.to_string())?;
        } else {
            return Err(format!(
                "proofs/smt/{} differs from the generated query (SGL_UPDATE_SMT=1 rewrites it)",
                q.file
            ));
        }
    }
    if let Some(reason) = z3_missing() {
        return Ok(Run::Skipped(reason));
    }
    let t0 = Instant::now();
    let out = Command::new("z3")
        .arg(format!("-T:{TIMEOUT_S}"))
        .arg(&path)
        .output()
        .map_err(|e| format!("z3 failed to start: {e}"))?;
    let millis = t0.elapsed().as_millis();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let first = stdout.lines().next().unwrap_or("").trim().to_string();
    TIMES
        .lock()
        .map_err(|e| e.to_string())?
        .push((q.file.clone(), first.clone(), millis));
    if first != q.expect.word() {
        return Err(format!(
            "proofs/smt/{}: z3 answered '{first}' (expected {}) in {millis} ms",
            q.file,
            q.expect.word()
        ));
    }
    let model = stdout.lines().skip(1).collect::<Vec<_>>().join("\n");
    Ok(Run::Expected { millis, model })
}

/// Run every query; `Ok(summary)` if all answered as expected (or were
/// skipped outside CI, which the summary says), `Err` on the first failure.
pub fn run_all(qs: &[Query]) -> Result<String, String> {
    let mut total = 0u128;
    let mut skipped = None;
    for q in qs {
        match run(q)? {
            Run::Expected { millis, .. } => total += millis,
            Run::Skipped(r) => skipped = Some(r),
        }
    }
    let names: Vec<&str> = qs.iter().map(|q| q.file.as_str()).collect();
    match skipped {
        Some(r) => Err(format!("SKIPPED: {r}")),
        None => Ok(format!(
            "z3: {} queries as expected ({} ms): {}",
            qs.len(),
            total,
            names.join(", ")
        )),
    }
}

/// Parse a z3 model value of the simple rational forms z3 prints
/// (`3.0`, `(- 3.0)`, `(/ 1.0 8.0)`, `(- (/ 1.0 8.0))`).
pub fn parse_value(s: &str) -> Option<super::Q> {
    let s = s.trim();
    if let Some(inner) = s.strip_prefix("(-").and_then(|r| r.strip_suffix(')')) {
        return parse_value(inner).map(|v| -v);
    }
    if let Some(inner) = s.strip_prefix("(/").and_then(|r| r.strip_suffix(')')) {
        let parts: Vec<&str> = inner.split_whitespace().collect();
        if parts.len() == 2 {
            return Some(parse_value(parts[0])? / parse_value(parts[1])?);
        }
        return None;
    }
    let t = s.strip_suffix(".0").unwrap_or(s);
    let n: num_bigint::BigInt = t.parse().ok()?;
    Some(super::Q::from_integer(n))
}

/// Value of constant `name` in a model printed by `(get-model)`.
pub fn model_value(model: &str, name: &str) -> Option<super::Q> {
    // z3 prints "(define-fun NAME () Real\n    VALUE)".
    let flat: String = model.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = format!("(define-fun {name} () Real ");
    let start = flat.find(&key)? + key.len();
    let rest = &flat[start..];
    // VALUE runs to the parenthesis closing the define-fun.
    let mut depth = 0i32;
    for (i, ch) in rest.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                if depth == 0 {
                    return parse_value(&rest[..i]);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// Declarations of real constants.
pub fn decl(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("(declare-const {n} Real)\n"))
        .collect()
}

/// `name_1 .. name_d`.
pub fn names(base: &str, d: usize) -> Vec<String> {
    (1..=d).map(|i| format!("{base}{i}")).collect()
}

/// SMT sum of terms (`0.0` when empty).
pub fn sum(terms: &[String]) -> String {
    match terms.len() {
        0 => "0.0".into(),
        1 => terms[0].clone(),
        _ => format!("(+ {})", terms.join(" ")),
    }
}

/// `sum_i a_i * b_i`.
pub fn dot(a: &[String], b: &[String]) -> String {
    sum(&a
        .iter()
        .zip(b)
        .map(|(x, y)| format!("(* {x} {y})"))
        .collect::<Vec<_>>())
}

/// Print the timing table of every query run by this binary; returns the
/// slowest `(file, millis)`.
pub fn print_times() -> Option<(String, u128)> {
    let times = TIMES.lock().ok()?;
    if times.is_empty() {
        return None;
    }
    println!("\n| SMT query | answer | ms |\n|---|---|---|");
    for (f, a, ms) in times.iter() {
        println!("| proofs/smt/{f} | {a} | {ms} |");
    }
    let slow = times.iter().max_by_key(|t| t.2)?;
    let total: u128 = times.iter().map(|t| t.2).sum();
    println!(
        "\n{} queries, {} ms in z3; slowest: proofs/smt/{} ({} ms)\n",
        times.len(),
        total,
        slow.0,
        slow.2
    );
    Some((slow.0.clone(), slow.2))
}
