//! Issue 17 part 4: `fixtures/check.py` (Python standard library only) gives
//! the same verdict as `sgl fixtures check` on a corpus of correct,
//! planted-wrong and malformed inputs.
//!
//! Verdict = exit code, the summary counts, and per case its status (PASS,
//! SKIP, FAIL) and, for a failure, where: field, step and coordinate with the
//! expected and actual bit patterns and the ULP distance for a divergence, the
//! kind / field / step for a structural failure. Malformed input = exit 1 and
//! no report on stdout.
//!
//! The corpus (deterministic, ChaCha8 with fixed seeds) holds, for every
//! fixture file: the perfect trajectory; one trajectory with a planted defect
//! per case role (a value exactly at the edge of its tolerance, 1 ULP beyond
//! it in x / z / m / v, a wrong value, a missing / extra step, a wrong row
//! length, a missing, skipped, doubly reported and unknown case, the
//! field-order rule); a 2-ULP fixture with values 2 and 3 ULPs off; malformed
//! trajectories and fixtures. The planted edge values are computed here from
//! the README's tolerance rule, and the test asserts the Rust verdict on each
//! (so the corpus really contains a pass at the edge and a fail 1 ULP beyond).
//! Finally, seeded random edits (deleted characters and spans, inserted JSON
//! tokens) of a small trajectory and of a small fixture.
//!
//! `known_disagreements` lists inputs on which the two checkers are known to
//! differ because the Rust checker accepts what fixtures/README.md calls
//! malformed (serde_json quirks); the test asserts that they still differ in
//! exactly that way, so a fix on either side shows up here.
//!
//! Needs `python3` (any 3.x, standard library only). Outside CI a missing
//! python3 skips with a message; with `CI=true` it fails.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const FILES: [&str; 9] = [
    "group_sgd",
    "group_momentum",
    "group_adagrad",
    "group_adam",
    "group_amsgrad",
    "group_adahessian",
    "plain",
    "ftrl",
    "eq6",
];

/// What one checker said.
#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    code: Option<i32>,
    /// Normalised report lines (empty for malformed input).
    lines: Vec<String>,
}

/// Normalises one report line so that only the verdict remains (decimal
/// formatting and message wording are not part of it).
fn normalise(line: &str) -> String {
    if let Some(id) = line.strip_prefix("PASS tcId ") {
        return format!("PASS {id}");
    }
    if let Some(rest) = line.strip_prefix("SKIP tcId ") {
        let (id, reason) = rest.split_once(": ").unwrap_or((rest, ""));
        return format!("SKIP {id} reason={reason}");
    }
    let Some(rest) = line.strip_prefix("FAIL tcId ") else {
        // The summary line: "<algorithm>: P passed, F failed, S skipped, N total".
        return line.to_string();
    };
    let (id, detail) = rest.split_once(": ").unwrap_or((rest, ""));
    if let Some(d) = detail.strip_prefix("first divergence in ") {
        // "<f> at step t=<t>, coordinate <i>: expected <e> (<bits>), actual <a> (<bits>), ..., <u> ULPs (...)"
        let field = d.split(' ').next().unwrap_or("");
        let step = between(d, "t=", ",");
        let coord = between(d, "coordinate ", ":");
        let bits: Vec<&str> = d
            .split('(')
            .skip(1)
            .filter_map(|s| s.split(')').next())
            .filter(|s| s.starts_with("0x"))
            .collect();
        let ulps = d
            .split(" ULPs")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .unwrap_or("");
        return format!("FAIL {id} diverge {field} t={step} i={coord} {bits:?} ulps={ulps}");
    }
    let kind = if detail.contains("missing step") {
        "missing-step"
    } else if detail.contains("steps, fixture has") {
        "extra-steps"
    } else if detail.contains("values, expected") {
        "row-length"
    } else if detail.contains("both reported and skipped") {
        "reported-and-skipped"
    } else if detail.contains("missing from the trajectory") {
        "missing-case"
    } else if detail.starts_with("unknown case id") {
        "unknown-id"
    } else {
        detail
    };
    let field = detail.split([':', ' ']).next().unwrap_or("");
    let step = if detail.contains("t=") {
        between(detail, "t=", " ")
    } else {
        ""
    };
    format!("FAIL {id} {kind} field={field} t={step}")
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> &'a str {
    s.split_once(a)
        .map(|(_, r)| r.split(b).next().unwrap_or(r))
        .unwrap_or("")
}

fn verdict(out: std::process::Output) -> Verdict {
    Verdict {
        code: out.status.code(),
        lines: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(normalise)
            .collect(),
    }
}

fn run_both(py: &Path, fixture: &Path, traj: &Path, allow_skipped: bool) -> (Verdict, Verdict) {
    let mut rust = Command::new(env!("CARGO_BIN_EXE_sgl"));
    rust.args(["fixtures", "check", "--fixture"])
        .arg(fixture)
        .arg("--trajectory")
        .arg(traj);
    // -S: no site-packages, so check.py can only use the standard library.
    let mut python = Command::new(py);
    python
        .arg("-S")
        .arg(root().join("fixtures/check.py"))
        .arg("--fixture")
        .arg(fixture)
        .arg("--trajectory")
        .arg(traj);
    if allow_skipped {
        rust.arg("--allow-skipped");
        python.arg("--allow-skipped");
    }
    (
        verdict(rust.output().expect("run sgl")),
        verdict(python.output().expect("run python3")),
    )
}

/// The README's tolerance rule, written out here to place planted values.
fn accepts(tol: &Value, e: f64, a: f64) -> bool {
    fn key(x: f64) -> i128 {
        let b = x.to_bits() as i64;
        if b < 0 {
            -((b & i64::MAX) as i128)
        } else {
            b as i128
        }
    }
    let (abs, rel, ulps) = (
        tol["abs"].as_f64().unwrap(),
        tol["rel"].as_f64().unwrap(),
        tol["ulps"].as_u64().unwrap(),
    );
    a.is_finite()
        && ((key(a) - key(e)).unsigned_abs() <= ulps as u128
            || (a - e).abs() <= abs + rel * e.abs())
}

/// The largest value above `e` the tolerance accepts (the accepted set above
/// e is an interval: both the ULP distance and |a - e| grow with a).
fn edge(tol: &Value, e: f64) -> f64 {
    let slack = tol["abs"].as_f64().unwrap() + tol["rel"].as_f64().unwrap() * e.abs();
    let mut b = e;
    for _ in 0..tol["ulps"].as_u64().unwrap().min(64) {
        b = b.next_up();
    }
    let mut a = (e + slack).max(b);
    while accepts(tol, e, a.next_up()) {
        a = a.next_up();
    }
    while !accepts(tol, e, a) {
        a = a.next_down();
    }
    a
}

/// Case objects of a fixture, in file order.
fn cases(fx: &Value) -> Vec<&Value> {
    fx["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["tests"].as_array().unwrap())
        .collect()
}

/// The perfect trajectory of one case: x, z and whichever of m, v the
/// fixture gives.
fn perfect_case(c: &Value) -> Value {
    let exp = c["expected"].as_array().unwrap();
    let mut out = serde_json::Map::new();
    for f in ["x", "z", "m", "v"] {
        if exp.iter().all(|s| s.get(f).is_some()) {
            out.insert(f.into(), exp.iter().map(|s| s[f].clone()).collect());
        }
    }
    Value::Object(out)
}

fn perfect(fx: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for c in cases(fx) {
        m.insert(c["tcId"].to_string(), perfect_case(c));
    }
    json!({ "cases": m })
}

/// What the Rust checker must say about a planted case (checked, so the
/// corpus is what it claims to be).
#[derive(Debug)]
enum Want {
    Pass,
    Skip,
    Fail(&'static str),
}

/// One trajectory per file with a planted defect per case role.
fn planted(fx: &Value, seed: u64) -> (Value, Vec<(String, Want)>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let all = cases(fx);
    let mut order: Vec<usize> = (0..all.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let mut traj = perfect(fx);
    let mut skipped = serde_json::Map::new();
    let mut want = vec![];
    for (role, &k) in order.iter().enumerate() {
        let c = all[k];
        let id = c["tcId"].to_string();
        let steps = c["expected"].as_array().unwrap().len();
        let n = c["x1"].as_array().unwrap().len();
        let (t, i) = (rng.random_range(0..steps), rng.random_range(0..n));
        let tc = &mut traj["cases"][&id];
        let plant = |tc: &mut Value, field: &str, beyond: bool| {
            let e = c["expected"][t][field][i].as_f64().unwrap();
            let a = edge(&c["tolerance"], e);
            tc[field][t][i] = json!(if beyond { a.next_up() } else { a });
        };
        let w = match role {
            0 => {
                plant(tc, "x", false);
                Want::Pass
            }
            1 => {
                plant(tc, "x", true);
                Want::Fail("diverge x")
            }
            2 => {
                plant(tc, "z", true);
                Want::Fail("diverge z")
            }
            3 if tc.get("m").is_some() => {
                plant(tc, "m", true);
                Want::Fail("diverge m")
            }
            4 if tc.get("v").is_some() => {
                plant(tc, "v", false);
                Want::Pass
            }
            5 => {
                // A wrong value: the sign of a non-zero x, or 1.0 for a zero.
                let row = tc["x"][t].as_array_mut().unwrap();
                let e = row[i].as_f64().unwrap();
                row[i] = json!(if e == 0.0 { 1.0 } else { -e });
                Want::Fail("diverge x")
            }
            6 => {
                tc["x"].as_array_mut().unwrap().pop();
                Want::Fail("missing-step")
            }
            7 => {
                let last = tc["z"][steps - 1].clone();
                tc["z"].as_array_mut().unwrap().push(last);
                Want::Fail("extra-steps")
            }
            8 => {
                tc["z"][t].as_array_mut().unwrap().push(json!(0.0));
                Want::Fail("row-length")
            }
            9 => {
                traj["cases"].as_object_mut().unwrap().remove(&id);
                Want::Fail("missing-case")
            }
            10 => {
                traj["cases"].as_object_mut().unwrap().remove(&id);
                skipped.insert(id.clone(), json!("form not implemented"));
                Want::Skip
            }
            11 => {
                skipped.insert(id.clone(), json!("both"));
                Want::Fail("reported-and-skipped")
            }
            12 => {
                // Field order: x is wrong at step 1, but z lacks its last
                // step; z's row count is checked before any value of x.
                tc["x"][0][i] = json!(1e300);
                tc["z"].as_array_mut().unwrap().pop();
                Want::Fail("missing-step")
            }
            13 => {
                // Only x reported.
                tc.as_object_mut().unwrap().retain(|k, _| k == "x");
                Want::Pass
            }
            _ => Want::Pass,
        };
        want.push((id, w));
    }
    traj["cases"]["999999"] = json!({"x": []});
    skipped.insert("0".into(), json!("not in the fixture"));
    traj["skipped"] = Value::Object(skipped);
    want.push(("999999".into(), Want::Fail("unknown-id")));
    want.push(("0".into(), Want::Fail("unknown-id")));
    (traj, want)
}

/// Malformed trajectories (for plain.json): each must be one error, exit 1.
fn malformed_trajectories(good: &str) -> Vec<(&'static str, Vec<u8>)> {
    let x = &good[good.find("\"x\":").unwrap() + 4..];
    let x = &x[..x.find("]]").unwrap() + 2]; // case 1's x rows
    let with = |s: String| s.into_bytes();
    vec![
        ("empty file", vec![]),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("trailing garbage", with(format!("{good} x"))),
        (
            "NaN token",
            with(r#"{"cases": {"1": {"x": [[NaN]]}}}"#.into()),
        ),
        (
            "Infinity token",
            with(r#"{"cases": {"1": {"x": [[Infinity]]}}}"#.into()),
        ),
        (
            "number out of range",
            with(r#"{"cases": {"1": {"x": [[1e400]]}}}"#.into()),
        ),
        (
            "400-digit integer",
            with(format!(
                r#"{{"cases": {{"1": {{"x": [[1{}]]}}}}}}"#,
                "0".repeat(400)
            )),
        ),
        (
            "string value",
            with(r#"{"cases": {"1": {"x": [["1.0"]]}}}"#.into()),
        ),
        (
            "boolean value",
            with(r#"{"cases": {"1": {"x": [[true]]}}}"#.into()),
        ),
        ("x null", with(r#"{"cases": {"1": {"x": null}}}"#.into())),
        ("x missing", with(r#"{"cases": {"1": {"z": []}}}"#.into())),
        (
            "flat x",
            with(r#"{"cases": {"1": {"x": [1.0, 2.0]}}}"#.into()),
        ),
        (
            "unknown top-level key",
            with(r#"{"cases": {}, "extra": 1}"#.to_string()),
        ),
        (
            "unknown case key",
            with(format!(r#"{{"cases": {{"1": {{"x": {x}, "w": []}}}}}}"#)),
        ),
        (
            "duplicate field x",
            with(format!(r#"{{"cases": {{"1": {{"x": {x}, "x": {x}}}}}}}"#)),
        ),
        (
            "duplicate top-level cases",
            with(r#"{"cases": {}, "cases": {}}"#.into()),
        ),
        ("cases missing", with(r#"{"skipped": {}}"#.into())),
        ("cases null", with(r#"{"cases": null}"#.into())),
        (
            "skipped null",
            with(r#"{"cases": {}, "skipped": null}"#.into()),
        ),
        (
            "skip reason a number",
            with(r#"{"cases": {}, "skipped": {"1": 3}}"#.into()),
        ),
        (
            "lone surrogate in an id",
            with(r#"{"cases": {"\ud800": {"x": []}}}"#.into()),
        ),
        (
            "UTF-8 BOM",
            [b"\xef\xbb\xbf".as_slice(), good.as_bytes()].concat(),
        ),
        (
            "invalid UTF-8",
            b"{\"cases\": {}, \"skipped\": {\"1\": \"\xff\"}}".to_vec(),
        ),
        (
            "control character in a string",
            with("{\"cases\": {}, \"skipped\": {\"1\": \"a\u{1}\"}}".into()),
        ),
        ("single quotes", with("{'cases': {}}".into())),
        ("trailing comma", with(r#"{"cases": {},}"#.into())),
    ]
}

/// Well-formed trajectories on the edge of the format (both must accept them).
fn odd_but_valid(good: &str) -> Vec<(&'static str, Vec<u8>)> {
    let x = &good[good.find("\"x\":").unwrap() + 4..];
    let x = &x[..x.find("]]").unwrap() + 2];
    let with = |s: String| s.into_bytes();
    vec![
        (
            "z m v null",
            with(format!(
                r#"{{"cases": {{"1": {{"x": {x}, "z": null, "m": null, "v": null}}}}}}"#
            )),
        ),
        (
            "integers and -0",
            with(r#"{"cases": {"1": {"x": [[-0, 0, 1, -1, 12345678901234567890123]]}}}"#.into()),
        ),
        (
            "underflow to 0",
            with(r#"{"cases": {"1": {"x": [[1e-400]]}}}"#.into()),
        ),
        (
            "surrogate pair in a reason",
            with(r#"{"cases": {}, "skipped": {"1": "\ud83d\ude00"}}"#.into()),
        ),
        (
            "id with leading zero",
            with(format!(r#"{{"cases": {{"01": {{"x": {x}}}}}}}"#)),
        ),
        ("whitespace", with(format!(" \t\r\n{good}\n\n"))),
    ]
}

/// Fixture edits (on plain.json's text): malformed ones and valid oddities.
fn fixture_variants(text: &str) -> Vec<(&'static str, String)> {
    let first_tol = text.find("\"ulps\": 4").unwrap();
    let tol = |v: &str| {
        format!(
            "{}\"ulps\": {v}{}",
            &text[..first_tol],
            &text[first_tol + 9..]
        )
    };
    vec![
        (
            "schema v0",
            text.replacen("sgl-oracle-fixture-v1", "sgl-oracle-fixture-v0", 1),
        ),
        ("ulps -0", tol("-0")),
        ("ulps 4.0", tol("4.0")),
        ("ulps 4e0", tol("4e0")),
        ("ulps -1", tol("-1")),
        ("ulps 2^64", tol("18446744073709551616")),
        ("ulps 2^64-1 (valid)", tol("18446744073709551615")),
        (
            "unknown case field",
            text.replacen("\"tcId\":", "\"id\": 1, \"tcId\":", 1),
        ),
        (
            "unknown rule kind",
            text.replacen("\"kind\": \"sgd\"", "\"kind\": \"nesterov\"", 1),
        ),
        (
            "unknown threshold",
            text.replacen("\"threshold\": \"s\"", "\"threshold\": \"l2\"", 1),
        ),
        (
            "missing tolerance field",
            text.replacen("\"rel\": ", "\"rell\": ", 1),
        ),
        ("tcId 0", text.replacen("\"tcId\": 1,", "\"tcId\": 0,", 1)),
        ("n 0", {
            let at = text.find("\"n\": ").unwrap() + 5;
            let end = at + text[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
            format!("{}0{}", &text[..at], &text[end..])
        }),
        ("x_bits upper-case", text.replacen("\"0x", "\"0X", 1)),
        ("x_bits short", text.replacen("\"0x", "\"0x0", 1)),
        (
            "adam form py-torch",
            text.replacen("\"form\": \"paper-v1\"", "\"form\": \"py-torch\"", 1),
        ),
        (
            "groups with two layouts",
            text.replacen("\"groups\": {", "\"groups\": {\"rows\": 1, ", 1),
        ),
    ]
}

/// Inputs the Rust checker accepted before its loader became strict
/// (serde_json quirks) and check.py always rejected: (what, fixture text or
/// None for plain.json, trajectory text). Both must now call them malformed.
fn formerly_disagreeing(good: &str, fixture: &str) -> Vec<(&'static str, Option<String>, String)> {
    let x = &good[good.find("\"x\":").unwrap() + 4..];
    let x = &x[..x.find("]]").unwrap() + 2];
    vec![
        // serde_json deserialises a struct from a JSON array of its fields.
        (
            "trajectory as an array",
            None,
            format!(r#"[{{"1": {{"x": {x}}}}}]"#),
        ),
        (
            "case as an array",
            None,
            format!(r#"{{"cases": {{"1": [{x}]}}}}"#),
        ),
        // serde's map: the last of two equal keys wins, silently.
        (
            "case id twice",
            None,
            format!(r#"{{"cases": {{"1": {{"x": [[1.0]]}}, "1": {{"x": {x}}}}}}}"#),
        ),
        (
            "tolerance as an array",
            Some(tolerance_as_array(fixture)),
            good.to_string(),
        ),
        // Adagrad's form object is an internally tagged enum without
        // deny_unknown_fields.
        (
            "unknown key in an Adagrad form",
            Some(fixture.replacen(
                "\"form\": \"paper-alg3\"",
                "\"form\": \"paper-alg3\", \"n0\": 1.0",
                1,
            )),
            good.to_string(),
        ),
        (
            "flag defined twice in notes",
            Some(fixture.replacen("\"notes\": {", "\"notes\": {\"x\": \"a\", \"x\": \"b\",", 1)),
            good.to_string(),
        ),
    ]
}

/// plain.json with the first case's tolerance written as `[abs, rel, ulps]`.
fn tolerance_as_array(fixture: &str) -> String {
    let mut fx: Value = serde_json::from_str(fixture).unwrap();
    let tol = &mut fx["testGroups"][0]["tests"][0]["tolerance"];
    *tol = json!([tol["abs"], tol["rel"], tol["ulps"]]);
    fx.to_string()
}

/// One to three edits: delete a character, insert a JSON token, delete a span.
fn random_edit(base: &str, rng: &mut ChaCha8Rng) -> String {
    const TOKENS: [&str; 16] = [
        "{", "}", "[", "]", ",", ":", "\"", "1", "-0", "e", ".", "null", "\"x\"", " ", "1e400",
        "4.0",
    ];
    let mut s: Vec<char> = base.chars().collect();
    for _ in 0..rng.random_range(1..=3) {
        let i = rng.random_range(0..s.len());
        match rng.random_range(0..3) {
            0 => {
                s.remove(i);
            }
            1 => {
                let t = TOKENS[rng.random_range(0..TOKENS.len())];
                s.splice(i..i, t.chars());
            }
            _ => {
                let j = (i + rng.random_range(1..20)).min(s.len());
                s.drain(i..j);
            }
        }
    }
    s.into_iter().collect()
}

/// The python3 interpreter itself (not a shim), or None (outside CI only).
fn python3() -> Option<PathBuf> {
    match Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
    {
        Ok(o) if o.status.success() => Some(PathBuf::from(
            String::from_utf8_lossy(&o.stdout).trim().to_string(),
        )),
        other => {
            let why = match other {
                Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                Err(e) => e.to_string(),
            };
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but python3 is not runnable ({why}): fixtures/check.py cannot be checked"
            );
            println!("SKIPPED: python3 not runnable ({why})");
            None
        }
    }
}

#[test]
fn check_py_gives_the_rust_verdict_on_the_corpus() {
    let Some(py) = python3() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("sgl-check-py-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let mut runs = 0;
    let mut agree = |what: &str, fx: &Path, tr: &Path, allow: bool| -> Verdict {
        let (r, p) = run_both(&py, fx, tr, allow);
        runs += 1;
        assert_eq!(r, p, "{what}: Rust (left) and check.py (right) disagree");
        r
    };

    for (k, name) in FILES.iter().enumerate() {
        let fx_path = root().join("fixtures").join(format!("{name}.json"));
        let fx: Value = serde_json::from_str(&std::fs::read_to_string(&fx_path).unwrap()).unwrap();
        let total = cases(&fx).len();

        let p = write(
            &format!("{name}.perfect.json"),
            perfect(&fx).to_string().as_bytes(),
        );
        let v = agree(&format!("{name} perfect"), &fx_path, &p, false);
        assert_eq!(v.code, Some(0), "{name}: {:?}", v.lines);
        assert_eq!(
            v.lines.iter().filter(|l| l.starts_with("PASS")).count(),
            total
        );

        let (traj, want) = planted(&fx, 17 + k as u64);
        let p = write(&format!("{name}.planted.json"), traj.to_string().as_bytes());
        // --allow-skipped changes no verdict when cases fail (one file suffices).
        for allow in [false, true].into_iter().filter(|&a| k == 0 || !a) {
            let v = agree(
                &format!("{name} planted (allow {allow})"),
                &fx_path,
                &p,
                allow,
            );
            assert_eq!(v.code, Some(1));
            // The corpus is what it claims: the Rust verdict of every role.
            for (id, w) in &want {
                let line = v
                    .lines
                    .iter()
                    .find(|l| l.split(' ').nth(1) == Some(id))
                    .unwrap_or_else(|| panic!("{name}: no line for {id}: {:?}", v.lines));
                let ok = match w {
                    Want::Pass => line.starts_with("PASS"),
                    Want::Skip => line.starts_with("SKIP"),
                    Want::Fail(kind) => line.starts_with("FAIL") && line.contains(kind),
                };
                assert!(ok, "{name} tcId {id}: wanted {w:?}, got {line}");
            }
        }
    }

    // A tight tolerance (2 ULPs, no abs/rel): 2 ULPs off passes, 3 fail.
    let adam = root().join("fixtures/group_adam.json");
    let mut fx: Value = serde_json::from_str(&std::fs::read_to_string(&adam).unwrap()).unwrap();
    for g in fx["testGroups"].as_array_mut().unwrap() {
        for c in g["tests"].as_array_mut().unwrap() {
            c["tolerance"] = json!({"abs": 0.0, "rel": 0.0, "ulps": 2});
        }
    }
    let tight = write("adam_2ulp.json", fx.to_string().as_bytes());
    let mut traj = perfect(&fx);
    let ids: Vec<String> = cases(&fx).iter().map(|c| c["tcId"].to_string()).collect();
    for (j, id) in ids.iter().take(6).enumerate() {
        let v = traj["cases"][id]["x"][1][0].as_f64().unwrap();
        let off = if j % 2 == 0 { 2 } else { 3 };
        let mut a = v;
        for _ in 0..off {
            a = if j % 4 < 2 {
                a.next_up()
            } else {
                a.next_down()
            };
        }
        traj["cases"][id]["x"][1][0] = json!(a);
    }
    let p = write("adam_2ulp.traj.json", traj.to_string().as_bytes());
    let v = agree("2-ULP tolerance", &tight, &p, false);
    let fails: Vec<_> = v.lines.iter().filter(|l| l.starts_with("FAIL")).collect();
    assert_eq!(fails.len(), 3, "{:?}", v.lines);
    assert!(fails
        .iter()
        .all(|l| l.contains("diverge x t=2 i=0") && l.contains("ulps=3")));

    // The remaining inputs use a small fixture (faster to parse): the first
    // case of plain.json's first SGD, Adagrad and Adam groups, pretty-printed.
    let mut pfx: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("fixtures/plain.json")).unwrap())
            .unwrap();
    let mut groups: Vec<Value> = vec![];
    for g in pfx["testGroups"].as_array().unwrap() {
        let kind = &g["rule"]["kind"];
        if matches!(kind.as_str(), Some("sgd" | "adagrad" | "adam"))
            && groups.iter().all(|h| &h["rule"]["kind"] != kind)
        {
            let mut g = g.clone();
            g["tests"].as_array_mut().unwrap().truncate(1);
            groups.push(g);
        }
    }
    pfx["testGroups"] = Value::Array(groups);
    let plain_text = serde_json::to_string_pretty(&pfx).unwrap();
    let plain = write("small.json", plain_text.as_bytes());
    {
        let (fx, fx_path, name) = (&pfx, &plain, "small");
        // Skips alone: exit 1 without --allow-skipped, 0 with it.
        let mut skip_one = perfect(fx);
        let first = cases(fx)[0]["tcId"].to_string();
        skip_one["cases"].as_object_mut().unwrap().remove(&first);
        skip_one["skipped"] = json!({ first: "not implemented" });
        let p = write(
            &format!("{name}.skip.json"),
            skip_one.to_string().as_bytes(),
        );
        assert_eq!(agree(name, fx_path, &p, false).code, Some(1));
        assert_eq!(agree(name, fx_path, &p, true).code, Some(0));
    }

    // Malformed and odd-but-valid trajectories.
    let mut one = perfect(&pfx);
    one["cases"]
        .as_object_mut()
        .unwrap()
        .retain(|k, _| k == "1");
    let good = one.to_string();
    for (k, (what, bytes)) in malformed_trajectories(&good).into_iter().enumerate() {
        let p = write(&format!("bad{k}.json"), &bytes);
        let v = agree(what, &plain, &p, false);
        assert_eq!(v.code, Some(1), "{what}");
        assert!(
            v.lines.is_empty(),
            "{what}: malformed input gave a report {:?}",
            v.lines
        );
    }
    for (k, (what, bytes)) in odd_but_valid(&good).into_iter().enumerate() {
        let p = write(&format!("odd{k}.json"), &bytes);
        let v = agree(what, &plain, &p, false);
        assert!(!v.lines.is_empty(), "{what}: rejected as malformed");
    }
    // A trajectory file that does not exist.
    let v = agree("no such file", &plain, &dir.join("absent.json"), false);
    assert_eq!((v.code, v.lines.len()), (Some(1), 0));

    // Fixture variants, checked with the perfect trajectory of plain.json.
    let ptraj = write("plain.perfect.json", perfect(&pfx).to_string().as_bytes());
    let amsgrad = std::fs::read_to_string(root().join("fixtures/group_amsgrad.json")).unwrap();
    let atraj = write(
        "amsgrad.perfect.json",
        perfect(&serde_json::from_str(&amsgrad).unwrap())
            .to_string()
            .as_bytes(),
    );
    let mut valid_variants = 0;
    for (k, (what, text)) in fixture_variants(&plain_text).into_iter().enumerate() {
        let p = write(&format!("fx{k}.json"), text.as_bytes());
        let v = agree(what, &p, &ptraj, false);
        valid_variants += usize::from(!v.lines.is_empty());
        assert_eq!(
            what.contains("(valid)"),
            !v.lines.is_empty(),
            "{what}: {:?}",
            v.lines
        );
    }
    assert_eq!(valid_variants, 1);
    for (what, form, valid) in [
        ("amsgrad py-torch", "py-torch", true),
        ("amsgrad pytorch", "pytorch", false),
    ] {
        let text = amsgrad.replacen("\"form\": \"reddi\"", &format!("\"form\": \"{form}\""), 1);
        let p = write(&format!("ams-{form}.json"), text.as_bytes());
        let v = agree(what, &p, &atraj, false);
        assert_eq!(!v.lines.is_empty(), valid, "{what}");
    }

    // Seeded random edits of the small trajectory and of the small fixture.
    let mut rng = ChaCha8Rng::seed_from_u64(1717);
    for k in 0..24 {
        let (base, is_fixture) = if k % 2 == 0 {
            (good.as_str(), false)
        } else {
            (plain_text.as_str(), true)
        };
        let edited = random_edit(base, &mut rng);
        let p = write(&format!("edit{k}.json"), edited.as_bytes());
        let (fx, tr) = if is_fixture {
            (&p, &ptraj)
        } else {
            (&plain, &p)
        };
        agree(&format!("random edit {k}: {edited}"), fx, tr, false);
    }

    // Formerly disagreeing inputs: both checkers now reject them.
    for (k, (what, fixture, traj)) in formerly_disagreeing(&good, &plain_text)
        .into_iter()
        .enumerate()
    {
        let fx = match fixture {
            Some(t) => write(&format!("kfx{k}.json"), t.as_bytes()),
            None => plain.clone(),
        };
        let tr = write(&format!("k{k}.json"), traj.as_bytes());
        let v = agree(what, &fx, &tr, true);
        assert_eq!((v.code, v.lines.len()), (Some(1), 0), "{what}: {v:?}");
    }
    println!("{runs} inputs, each run through both checkers");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// examples/python/readme_port.py implements fixtures/README.md alone (every
/// rule form and both updates, numpy): every case of every file passes both
/// checkers, with no skips, so the README defines every convention the v1
/// fixtures name. Needs numpy (CI installs it; with CI=true a missing numpy fails).
#[test]
fn a_port_written_from_the_readme_passes_every_case() {
    let Some(py) = python3() else {
        return;
    };
    let numpy = Command::new(&py).args(["-c", "import numpy"]).output();
    if !matches!(&numpy, Ok(o) if o.status.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but numpy is not importable: {numpy:?}"
        );
        println!("SKIPPED: numpy not importable ({numpy:?})");
        return;
    }
    let dir = std::env::temp_dir().join(format!("sgl-readme-port-{}", std::process::id()));
    let fixtures: Vec<PathBuf> = FILES
        .iter()
        .map(|f| root().join("fixtures").join(format!("{f}.json")))
        .collect();
    let out = Command::new(&py)
        .arg(root().join("examples/python/readme_port.py"))
        .arg(&dir)
        .args(&fixtures)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut total = 0;
    for fx in &fixtures {
        let traj = dir.join(fx.file_name().unwrap());
        let (r, p) = run_both(&py, fx, &traj, false);
        assert_eq!(r, p, "{}", fx.display());
        assert_eq!(r.code, Some(0), "{}: {:?}", fx.display(), r.lines);
        total += r.lines.iter().filter(|l| l.starts_with("PASS")).count();
    }
    assert_eq!(total, 336);
    std::fs::remove_dir_all(&dir).unwrap();
}

const V2_FILES: [&str; 4] = [
    "table_group_adam",
    "table_group_adagrad",
    "invalid",
    "table_tfplus",
];

/// The perfect trajectory of a v2 case: a valid case as in v1 plus the final
/// table (table cases); an invalid case as its error and the rows before it.
fn perfect_v2_case(c: &Value) -> Value {
    let mut out = perfect_case(c);
    if c["result"] == "invalid" {
        out["error"] = c["error"].clone();
    } else if let Some(t) = c.get("finalTable") {
        out["table"] = t.clone();
    }
    out
}

fn perfect_v2(fx: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for c in cases(fx) {
        m.insert(c["tcId"].to_string(), perfect_v2_case(c));
    }
    json!({ "cases": m })
}

/// Planted defects for v2 roles: a value 1 ULP beyond the tolerance in x and
/// in the final table (and one exactly at the edge, which passes), a missing
/// and a short final table, the wrong error step, the wrong error kind,
/// numbers for an invalid case, an error for a valid case, a missing case.
fn planted_v2(fx: &Value) -> (Value, Vec<(String, Want)>) {
    let mut traj = perfect_v2(fx);
    let mut want = vec![];
    let all = cases(fx);
    let valid: Vec<&Value> = all
        .iter()
        .copied()
        .filter(|c| c["result"] != "invalid")
        .collect();
    let invalid: Vec<&Value> = all
        .iter()
        .copied()
        .filter(|c| c["result"] == "invalid" && c["error"]["step"].as_u64() > Some(1))
        .collect();
    let id = |c: &Value| c["tcId"].to_string();
    let mut vi = valid.iter();
    let mut ii = invalid.iter();
    // x: one value beyond the edge (fails), one at the edge (passes).
    for (beyond, w) in [(true, Want::Fail("diverge x")), (false, Want::Pass)] {
        let Some(c) = vi.next() else { break };
        let (t, i) = (0..c["expected"].as_array().unwrap().len())
            .find_map(|t| (!c["expected"][t]["x"].as_array().unwrap().is_empty()).then_some((t, 0)))
            .unwrap();
        let e = c["expected"][t]["x"][i].as_f64().unwrap();
        let a = edge(&c["tolerance"], e);
        traj["cases"][id(c)]["x"][t][i] = json!(if beyond { a.next_up() } else { a });
        want.push((id(c), w));
    }
    if fx["testGroups"][0]["update"] == "table" {
        if let Some(c) = vi.next() {
            let e = c["finalTable"][1][2].as_f64().unwrap();
            traj["cases"][id(c)]["table"][1][2] = json!(edge(&c["tolerance"], e).next_up());
            want.push((id(c), Want::Fail("diverge table")));
        }
        if let Some(c) = vi.next() {
            traj["cases"][id(c)]
                .as_object_mut()
                .unwrap()
                .remove("table");
            want.push((id(c), Want::Fail("missing the final table")));
        }
        if let Some(c) = vi.next() {
            traj["cases"][id(c)]["table"].as_array_mut().unwrap().pop();
            want.push((id(c), Want::Fail("rows, fixture has")));
        }
    }
    if let Some(c) = vi.next() {
        traj["cases"][id(c)]["error"] = json!({"kind": "overflow", "step": 1});
        want.push((id(c), Want::Fail("the case is valid")));
    }
    if let Some(c) = vi.next() {
        traj["cases"].as_object_mut().unwrap().remove(&id(c));
        want.push((id(c), Want::Fail("missing-case")));
    }
    if let Some(c) = ii.next() {
        let s = c["error"]["step"].as_u64().unwrap();
        traj["cases"][id(c)]["error"]["step"] = json!(s - 1);
        want.push((id(c), Want::Fail("the trajectory reported")));
    }
    if let Some(c) = ii.next() {
        let k = if c["error"]["kind"] == "overflow" {
            "no-minimiser"
        } else {
            "overflow"
        };
        traj["cases"][id(c)]["error"]["kind"] = json!(k);
        want.push((id(c), Want::Fail("the trajectory reported")));
    }
    if let Some(c) = ii.next() {
        // Numbers for an invalid case: the rows before the error, no error.
        traj["cases"][id(c)]
            .as_object_mut()
            .unwrap()
            .remove("error");
        want.push((id(c), Want::Fail("returned numbers")));
    }
    if let Some(c) = ii.next() {
        // The right error, but a wrong value among the rows before it.
        let e = c["expected"][0]["x"][0].as_f64().unwrap();
        traj["cases"][id(c)]["x"][0][0] = json!(edge(&c["tolerance"], e).next_up());
        want.push((id(c), Want::Fail("diverge x")));
    }
    if let Some(c) = ii.next() {
        // The right error without any rows passes.
        traj["cases"][id(c)] = json!({"error": c["error"].clone()});
        want.push((id(c), Want::Pass));
    }
    (traj, want)
}

/// A lazy trajectory (EmbeddingTable with lazy semantics on the same inputs)
/// reported against each dense table case: both checkers fail the cases
/// where lazy and dense differ, and agree.
fn lazy_against_dense(fx_text: &str) -> (Value, usize) {
    use sgl_oracle::fixtures::format::{Update, Verdict};
    use sgl_oracle::fixtures::tables::{patched_batches, run_table};
    use sgl_oracle::table::Semantics;
    let f = sgl_oracle::fixtures::parse(fx_text).unwrap();
    let mut m = serde_json::Map::new();
    let mut differ = 0;
    for g in &f.test_groups {
        let mut lazy = g.clone();
        if g.update != Update::Table || g.table.unwrap().semantics != Semantics::Dense {
            continue;
        }
        lazy.table.as_mut().unwrap().semantics = Semantics::Lazy;
        for c in g.tests.iter().filter(|c| c.result == Some(Verdict::Valid)) {
            let run = run_table(&lazy, &c.x1, &patched_batches(c).unwrap()).unwrap();
            differ += usize::from(run.records != c.expected);
            m.insert(
                c.tc_id.to_string(),
                json!({
                    "x": run.records.iter().map(|r| r.x_next.clone()).collect::<Vec<_>>(),
                    "table": run.final_table,
                }),
            );
        }
    }
    (json!({ "cases": m }), differ)
}

/// v2 fixture edits that both loaders must reject (on table_group_adam.json
/// or, for the v1 rule, plain.json).
fn malformed_v2_fixtures(table: &str, plain: &str) -> Vec<(&'static str, String)> {
    let fx: Value = serde_json::from_str(table).unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = fx.clone();
        f(&mut v);
        v.to_string()
    };
    let out = vec![
        (
            "table group without table",
            edit(&|v| {
                v["testGroups"][0].as_object_mut().unwrap().remove("table");
            }),
        ),
        (
            "table given for algorithm1",
            edit(&|v| v["testGroups"][0]["update"] = json!("algorithm1")),
        ),
        (
            "invalid case without error",
            edit(&|v| {
                for g in v["testGroups"].as_array_mut().unwrap() {
                    for c in g["tests"].as_array_mut().unwrap() {
                        if c["result"] == "invalid" {
                            c.as_object_mut().unwrap().remove("error");
                            return;
                        }
                    }
                }
            }),
        ),
        (
            "error on a valid case",
            edit(&|v| {
                v["testGroups"][0]["tests"][0]["error"] = json!({"kind": "overflow", "step": 1});
            }),
        ),
        (
            "valid table case without finalTable",
            edit(&|v| {
                v["testGroups"][0]["tests"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("finalTable");
            }),
        ),
        (
            "table case with gradients",
            edit(&|v| {
                v["testGroups"][0]["tests"][0]["gradients"] = json!([[0.0, 0.0, 0.0]]);
            }),
        ),
        (
            "unknown error kind",
            edit(&|v| {
                for g in v["testGroups"].as_array_mut().unwrap() {
                    for c in g["tests"].as_array_mut().unwrap() {
                        if c["result"] == "invalid" {
                            c["error"]["kind"] = json!("panic");
                            return;
                        }
                    }
                }
            }),
        ),
        (
            "semantics sparse",
            edit(&|v| v["testGroups"][0]["table"]["semantics"] = json!("sparse")),
        ),
        (
            "batch as an array",
            edit(&|v| {
                let b = v["testGroups"][0]["tests"][0]["batches"][0].clone();
                v["testGroups"][0]["tests"][0]["batches"][0] = json!([b["ids"], b["grads"]]);
            }),
        ),
        (
            "batch id 1.0",
            edit(&|v| v["testGroups"][0]["tests"][0]["batches"][0]["ids"][0] = json!(1.0)),
        ),
        (
            "precision float16",
            edit(&|v| v["testGroups"][0]["precision"] = json!("float16")),
        ),
        (
            "schema v1 with v2 fields",
            edit(&|v| v["schema"] = json!("sgl-oracle-fixture-v1")),
        ),
    ];
    let mut p: Value = serde_json::from_str(plain).unwrap();
    p["testGroups"][0]["tests"][0]["result"] = json!("valid");
    let mut out = out;
    out.push(("v1 file with a v2 case field", p.to_string()));
    out
}

#[test]
fn check_py_gives_the_rust_verdict_on_v2_files() {
    let Some(py) = python3() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("sgl-check-py-v2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let agree = |what: &str, fx: &Path, tr: &Path| -> Verdict {
        let (r, p) = run_both(&py, fx, tr, false);
        assert_eq!(r, p, "{what}: Rust (left) and check.py (right) disagree");
        r
    };
    for name in V2_FILES {
        let fx_path = root().join("fixtures").join(format!("{name}.json"));
        let text = std::fs::read_to_string(&fx_path).unwrap();
        let fx: Value = serde_json::from_str(&text).unwrap();
        let p = write(
            &format!("{name}.perfect.json"),
            perfect_v2(&fx).to_string().as_bytes(),
        );
        let v = agree(&format!("{name} perfect"), &fx_path, &p);
        assert_eq!(v.code, Some(0), "{name}: {:?}", v.lines);
        assert_eq!(
            v.lines.iter().filter(|l| l.starts_with("PASS")).count(),
            cases(&fx).len()
        );

        let (traj, want) = planted_v2(&fx);
        // invalid.json has no valid cases: only the invalid roles.
        let roles = if name == "invalid" { 5 } else { 12 };
        assert_eq!(want.len(), roles, "{name}: corpus {want:?}");
        let p = write(&format!("{name}.planted.json"), traj.to_string().as_bytes());
        let v = agree(&format!("{name} planted"), &fx_path, &p);
        assert_eq!(v.code, Some(1));
        for (id, w) in &want {
            let line = v
                .lines
                .iter()
                .find(|l| l.split(' ').nth(1) == Some(id))
                .unwrap_or_else(|| panic!("{name}: no line for {id}"));
            let ok = match w {
                Want::Pass => line.starts_with("PASS"),
                Want::Skip => line.starts_with("SKIP"),
                Want::Fail(kind) => line.starts_with("FAIL") && line.contains(kind),
            };
            assert!(ok, "{name} tcId {id}: wanted {w:?}, got {line}");
        }

        // (table_tfplus has lazy groups only.)
        if name.starts_with("table_group_") {
            let (traj, differ) = lazy_against_dense(&text);
            assert!(differ > 0, "{name}: lazy equals dense everywhere");
            let p = write(&format!("{name}.lazy.json"), traj.to_string().as_bytes());
            let v = agree(&format!("{name} lazy vs dense"), &fx_path, &p);
            let fails = v.lines.iter().filter(|l| l.starts_with("FAIL")).count();
            // Every dense case with a lazy-different trajectory fails; the
            // cases not in this trajectory (lazy, invalid) fail as missing.
            assert!(fails >= differ, "{name}: {fails} < {differ}: {:?}", v.lines);
        }
    }
    let table = std::fs::read_to_string(root().join("fixtures/table_group_adam.json")).unwrap();
    let plain = std::fs::read_to_string(root().join("fixtures/plain.json")).unwrap();
    let ptraj = write(
        "table.perfect.json",
        perfect_v2(&serde_json::from_str(&table).unwrap())
            .to_string()
            .as_bytes(),
    );
    for (k, (what, text)) in malformed_v2_fixtures(&table, &plain)
        .into_iter()
        .enumerate()
    {
        let p = write(&format!("badv2-{k}.json"), text.as_bytes());
        let v = agree(what, &p, &ptraj);
        assert_eq!(
            (v.code, v.lines.len()),
            (Some(1), 0),
            "{what}: {:?}",
            v.lines
        );
    }
    tfplus_corpus(&py, &dir);
    // Malformed v2 trajectories against table_group_adam.json.
    let fx_path = root().join("fixtures/table_group_adam.json");
    for (k, (what, t)) in [
        (
            "error without step",
            r#"{"cases": {"1": {"error": {"kind": "overflow"}}}}"#,
        ),
        (
            "error with an unknown kind",
            r#"{"cases": {"1": {"error": {"kind": "oops", "step": 1}}}}"#,
        ),
        (
            "error as an array",
            r#"{"cases": {"1": {"error": ["overflow", 1]}}}"#,
        ),
        (
            "null error and no x",
            r#"{"cases": {"1": {"error": null}}}"#,
        ),
        (
            "table of numbers",
            r#"{"cases": {"1": {"x": [], "table": [1.0]}}}"#,
        ),
        (
            "error step -1",
            r#"{"cases": {"1": {"error": {"kind": "overflow", "step": -1}}}}"#,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let p = write(&format!("badtr-{k}.json"), t.as_bytes());
        let v = agree(what, &fx_path, &p);
        assert_eq!(
            (v.code, v.lines.len()),
            (Some(1), 0),
            "{what}: {:?}",
            v.lines
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// table_tfplus.json: a wrong slot (v, the accumulator of the FTRL kernels,
/// and m, each 1 ULP beyond the tolerance at the first non-empty step),
/// both checkers fail it where the Rust checker does; and malformed kernel
/// groups (kernel with rule, unknown / missing kernel field, unknown kind,
/// a dense kernel table, kernel in a v1 file, a number for a flag) are
/// malformed for both.
fn tfplus_corpus(py: &Path, dir: &Path) {
    let fx_path = root().join("fixtures/table_tfplus.json");
    let text = std::fs::read_to_string(&fx_path).unwrap();
    let fx: Value = serde_json::from_str(&text).unwrap();
    let agree = |what: &str, f: &Path, t: &Path| -> Verdict {
        let (r, p) = run_both(py, f, t, false);
        assert_eq!(r, p, "{what}: Rust (left) and check.py (right) disagree");
        r
    };
    let mut traj = perfect_v2(&fx);
    let mut want = vec![];
    let mut planted = std::collections::BTreeSet::new();
    for g in fx["testGroups"].as_array().unwrap() {
        let kind = g["kernel"]["kind"].as_str().unwrap();
        let field = if kind.contains("ftrl") { "v" } else { "m" };
        // A valid case that reports the slot at every step (no empty batch).
        let Some(c) = g["tests"].as_array().unwrap().iter().find(|c| {
            c["result"] != "invalid"
                && c["expected"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|s| s.get(field).is_some())
        }) else {
            continue;
        };
        if !planted.insert(kind.to_string()) {
            continue;
        }
        let id = c["tcId"].to_string();
        let t = (0..c["expected"].as_array().unwrap().len())
            .find(|&t| !c["expected"][t]["x"].as_array().unwrap().is_empty())
            .unwrap();
        let e = c["expected"][t][field][1].as_f64().unwrap();
        let a = edge(&c["tolerance"], e).next_up();
        // The trajectory must report the slot at every step to be compared.
        assert!(traj["cases"][&id].get(field).is_some(), "{id}: no {field}");
        traj["cases"][&id][field][t][1] = json!(a);
        want.push((id, field));
    }
    assert_eq!(want.len(), 5, "one planted slot per kernel kind");
    let p = dir.join("tfplus.slots.json");
    std::fs::write(&p, traj.to_string()).unwrap();
    let v = agree("table_tfplus wrong slots", &fx_path, &p);
    assert_eq!(v.code, Some(1));
    for (id, field) in &want {
        let line = v
            .lines
            .iter()
            .find(|l| l.split(' ').nth(1) == Some(id))
            .unwrap();
        assert!(
            line.starts_with("FAIL") && line.contains(&format!("diverge {field}")),
            "tcId {id}: {line}"
        );
    }
    // Malformed kernel groups.
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = fx.clone();
        f(&mut v);
        v.to_string()
    };
    let bad = [
        (
            "kernel and rule",
            edit(&|v| {
                v["testGroups"][0]["rule"] = json!({"kind": "sgd", "alpha": 0.1});
            }),
        ),
        (
            "kernel and threshold",
            edit(&|v| v["testGroups"][0]["threshold"] = json!("s")),
        ),
        (
            "unknown kernel field",
            edit(&|v| v["testGroups"][0]["kernel"]["l3"] = json!(0.5)),
        ),
        (
            "missing kernel field",
            edit(&|v| {
                v["testGroups"][0]["kernel"]
                    .as_object_mut()
                    .unwrap()
                    .remove("lr_decay");
            }),
        ),
        (
            "a field of another kind",
            edit(&|v| v["testGroups"][0]["kernel"]["initial_accumulator_value"] = json!(0.1)),
        ),
        (
            "unknown kind",
            edit(&|v| v["testGroups"][0]["kernel"]["kind"] = json!("group-adam-v5")),
        ),
        (
            "kernel on a dense table",
            edit(&|v| v["testGroups"][0]["table"]["semantics"] = json!("dense")),
        ),
        (
            "kernel without update table",
            edit(&|v| {
                v["testGroups"][0]["update"] = json!("algorithm1");
                v["testGroups"][0].as_object_mut().unwrap().remove("table");
            }),
        ),
        (
            "kernel in a v1 file",
            edit(&|v| v["schema"] = json!("sgl-oracle-fixture-v1")),
        ),
        (
            "blacklist spelt wrong",
            edit(&|v| v["testGroups"][0]["kernel"]["blacklist"] = json!("TfPlus")),
        ),
        (
            "kernel as an array",
            edit(&|v| v["testGroups"][0]["kernel"] = json!(["group-adam-v4", 0.1])),
        ),
        (
            "single_accumulation as a number",
            edit(&|v| {
                for g in v["testGroups"].as_array_mut().unwrap() {
                    if g["kernel"]["kind"] == "group-sparse-ftrl-v2" {
                        g["kernel"]["single_accumulation"] = json!(0);
                        return;
                    }
                }
                panic!("no group-sparse-ftrl-v2 group");
            }),
        ),
    ];
    let ptraj = dir.join("tfplus.perfect.json");
    std::fs::write(&ptraj, perfect_v2(&fx).to_string()).unwrap();
    for (k, (what, t)) in bad.into_iter().enumerate() {
        let p = dir.join(format!("badtfplus-{k}.json"));
        std::fs::write(&p, t).unwrap();
        let v = agree(what, &p, &ptraj);
        assert_eq!(
            (v.code, v.lines.len()),
            (Some(1), 0),
            "{what}: {:?}",
            v.lines
        );
    }
}
