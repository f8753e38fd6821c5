//! Issue 17: the two non-Rust ports replay every fixture file.
//!
//! (a) `examples/python/readme_port.py` (numpy, written from
//!     `fixtures/README.md` alone) replays every case of every
//!     `fixtures/*.json` but the schemas, valid and invalid, dense and table
//!     (both semantics), the tfplus kernels; every case of every file must
//!     pass both checkers, `sgl fixtures check` and `fixtures/check.py`, with
//!     no skip (no `--allow-skipped`). About 10 s. Its look-alikes (one
//!     table convention wrong each) fail table cases: about 10 s.
//! (b) `examples/optax/replay.py` (jax + optax) over every file: exit status
//!     0 (it exits 1 when a supported case fails in float64, or a case of a
//!     `precision: "float32"` group fails in float32) and its summary table:
//!     per file the cases it runs and passes in float64 and float32 equal
//!     [`OPTAX`]. About 130 s on 2 cores, 294 s measured while other builds
//!     shared them (the jax compilations dominate); `.ci/run` no longer runs
//!     it separately.
//!
//! A missing numpy (a) or jax / optax (b): under `CI=true` the test FAILS
//! (`.ci/run` installs them and sets `CI=true`); elsewhere it prints why it
//! skips and passes.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture file (stem) and its case count; readme_port.py must run and
/// pass every case of each. A new fixture file fails (a) until it is added
/// here, so no file is left out silently.
const FILES: &[(&str, usize)] = &[
    ("eq6", 32),
    ("f32_group_adagrad", 15),
    ("f32_group_adam", 27),
    ("f32_group_amsgrad", 18),
    ("f32_table_group_adagrad", 18),
    ("f32_table_group_adam", 42),
    ("ftrl", 12),
    ("group_adagrad", 51),
    ("group_adahessian", 27),
    ("group_adam", 59),
    ("group_amsgrad", 54),
    ("group_momentum", 29),
    ("group_sgd", 54),
    ("invalid", 24),
    ("plain", 18),
    ("table_group_adagrad", 32),
    ("table_group_adam", 48),
    ("table_tfplus", 41),
];

/// The optax port's support per file: (stem, cases, cases run = passed in
/// float64, cases required to pass in float32). Every other case is listed
/// under `skipped` with its reason (rules the port does not implement: SGD,
/// momentum, AdaHessian, the printed Algorithm 2 of paper v2, the tfplus
/// kernels; see
/// examples/optax/README.md). Float32 runs on float64 files are
/// informational (float64 tolerances) and only their run count is checked.
const OPTAX: &[(&str, usize, usize, usize)] = &[
    ("eq6", 32, 32, 0),
    ("f32_group_adagrad", 15, 15, 15),
    ("f32_group_adam", 27, 27, 27),
    ("f32_group_amsgrad", 18, 18, 18),
    ("f32_table_group_adagrad", 18, 18, 18),
    ("f32_table_group_adam", 42, 42, 42),
    ("ftrl", 12, 12, 0),
    ("group_adagrad", 51, 51, 0),
    ("group_adahessian", 27, 0, 0),
    ("group_adam", 59, 54, 0),
    ("group_amsgrad", 54, 54, 0),
    ("group_momentum", 29, 0, 0),
    ("group_sgd", 54, 0, 0),
    ("invalid", 24, 19, 0),
    ("plain", 18, 12, 0),
    ("table_group_adagrad", 32, 32, 0),
    ("table_group_adam", 48, 48, 0),
    ("table_tfplus", 41, 0, 0),
];

/// `true` when the environment says this is a CI run (`CI=true` or `1`).
fn in_ci(ci: Option<&str>) -> bool {
    ci.is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `Ok(())` if `python3 -c "import <modules>"` works; otherwise the reason.
fn probe(modules: &str) -> Result<(), String> {
    match Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
    {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "python3 cannot import {modules} ({})",
            String::from_utf8_lossy(&o.stderr).trim()
        )),
        Err(e) => Err(format!("python3 not runnable: {e}")),
    }
}

/// What a missing tool means: `Err` (the test fails) in CI, `Ok` with the
/// skip message elsewhere. `install` is the command that fixes it.
fn missing(ci: Option<&str>, why: &str, install: &str) -> Result<String, String> {
    if in_ci(ci) {
        Err(format!(
            "CI=true but the port cannot run: {why}; install with `{install}`. \
             This check must not be skipped in CI."
        ))
    } else {
        Ok(format!(
            "SKIPPED (not a CI run): {why}; install with `{install}`"
        ))
    }
}

/// `true` if the test may go on; `false` after printing a local skip; panics
/// under CI.
fn require(modules: &str, install: &str) -> bool {
    match probe(modules) {
        Ok(()) => true,
        Err(why) => match missing(std::env::var("CI").ok().as_deref(), &why, install) {
            Ok(skip) => {
                println!("{skip}");
                false
            }
            Err(fail) => panic!("{fail}"),
        },
    }
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

/// The fixture files on disk (stems), schemas excluded.
fn fixture_stems() -> BTreeSet<String> {
    std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|s| !s.starts_with("schema"))
        .collect()
}

/// The summary line both checkers print last: `<algorithm>: P passed, F
/// failed, S skipped, N total`.
fn all_passed(out: &Output, n: usize) -> bool {
    let want = format!(": {n} passed, 0 failed, 0 skipped, {n} total");
    out.status.code() == Some(0)
        && String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .is_some_and(|l| l.ends_with(&want))
}

fn check(fixture: &Path, traj: &Path) -> (Output, Output) {
    let rust = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(["fixtures", "check", "--fixture"])
        .arg(fixture)
        .arg("--trajectory")
        .arg(traj)
        .output()
        .expect("run sgl");
    // -S: no site-packages, so check.py can only use the standard library.
    let python = Command::new("python3")
        .arg("-S")
        .arg(root().join("fixtures/check.py"))
        .arg("--fixture")
        .arg(fixture)
        .arg("--trajectory")
        .arg(traj)
        .output()
        .expect("run python3");
    (rust, python)
}

/// (a): every case of every fixture file, both checkers, no skip.
#[test]
fn readme_port_passes_every_case_of_every_file() {
    if !require("numpy", "python3 -m pip install numpy") {
        return;
    }
    let listed: BTreeSet<String> = FILES.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(
        fixture_stems(),
        listed,
        "fixtures/*.json and FILES differ: add the new file (and its case count) to FILES"
    );
    let dir = std::env::temp_dir().join(format!("sgl-ports-replay-{}", std::process::id()));
    let fixtures: Vec<PathBuf> = FILES
        .iter()
        .map(|(f, _)| root().join("fixtures").join(format!("{f}.json")))
        .collect();
    let out = Command::new("python3")
        .arg(root().join("examples/python/readme_port.py"))
        .arg(&dir)
        .args(&fixtures)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let mut total = 0;
    for ((name, n), fx) in FILES.iter().zip(&fixtures) {
        let declared: Value = serde_json::from_str(&std::fs::read_to_string(fx).unwrap()).unwrap();
        assert_eq!(
            declared["numberOfTests"].as_u64(),
            Some(*n as u64),
            "{name}"
        );
        let (rust, python) = check(fx, &dir.join(format!("{name}.json")));
        assert!(
            all_passed(&rust, *n),
            "sgl fixtures check, {name}: {}",
            text(&rust)
        );
        assert!(
            all_passed(&python, *n),
            "fixtures/check.py, {name}: {}",
            text(&python)
        );
        total += n;
    }
    // v1 336; float32 dense 60 and table 60; tables and invalid.json 48 + 32 + 24;
    // tfplus kernels 41.
    assert_eq!(total, 336 + 120 + 104 + 41);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// readme_port.py's look-alikes (`--look-alike`, one table convention
/// wrong each) and how many cases of each table file they fail (both
/// checkers): the table files catch every look-alike but one, so (a)
/// passing means the port has the README's conventions, not merely some
/// convention. Files a look-alike does not touch are not listed (the generic
/// ones do not reach the tfplus kernels, and vice versa).
const LOOK_ALIKES: &[(&str, &[(&str, usize)])] = &[
    (
        "local-step",
        &[("table_group_adam", 12), ("table_group_adagrad", 8)],
    ),
    (
        "last-row-wins",
        &[
            ("table_group_adam", 25),
            ("table_group_adagrad", 14),
            ("table_tfplus", 21),
        ],
    ),
    (
        "swap-semantics",
        &[("table_group_adam", 36), ("table_group_adagrad", 20)],
    ),
    (
        "late-row-zero",
        &[("table_group_adam", 29), ("table_group_adagrad", 18)],
    ),
    (
        "no-2-on-lambda2",
        &[("table_group_adam", 22), ("table_group_adagrad", 19)],
    ),
    (
        "sum-overflow-is-overflow",
        &[
            ("table_group_adam", 2),
            ("table_group_adagrad", 2),
            ("table_tfplus", 1),
        ],
    ),
    ("tfplus-row-first-step", &[("table_tfplus", 14)]),
    ("tfplus-v4-unscaled-lambdas", &[("table_tfplus", 6)]),
    ("tfplus-lr-decay-ignored", &[("table_tfplus", 6)]),
    ("tfplus-single-accumulation", &[("table_tfplus", 3)]),
    ("tfplus-slots-kept", &[("table_tfplus", 3)]),
    // Not caught: the first-step branch of group-adam-v4 subtracts the whole
    // `(sqrt(v') + eps) w`, the look-alike only the increment plus eps. They
    // differ only where the branch runs with v != 0, i.e. beta1 = 0, which no
    // case of table_tfplus.json has. A case with beta1 = 0 makes this fail.
    ("tfplus-v4-eps-increment", &[("table_tfplus", 0)]),
];

/// The number of cases of `file` (from [`FILES`]).
fn cases_of(file: &str) -> usize {
    FILES.iter().find(|(f, _)| *f == file).unwrap().1
}

#[test]
fn table_look_alikes_fail_cases() {
    if !require("numpy", "python3 -m pip install numpy") {
        return;
    }
    for &(look, files) in LOOK_ALIKES {
        let dir = std::env::temp_dir().join(format!(
            "sgl-ports-look-alike-{look}-{}",
            std::process::id()
        ));
        let fixture = |f: &str| root().join("fixtures").join(format!("{f}.json"));
        let out = Command::new("python3")
            .arg(root().join("examples/python/readme_port.py"))
            .args(["--look-alike", look])
            .arg(&dir)
            .args(files.iter().map(|(f, _)| fixture(f)))
            .output()
            .unwrap();
        assert!(out.status.success(), "{look}: {}", text(&out));
        for &(file, failed) in files {
            let n = cases_of(file);
            let (rust, python) = check(&fixture(file), &dir.join(format!("{file}.json")));
            let want = format!(
                ": {} passed, {failed} failed, 0 skipped, {n} total",
                n - failed
            );
            let code = if failed == 0 { 0 } else { 1 };
            for (who, o) in [
                ("sgl fixtures check", &rust),
                ("fixtures/check.py", &python),
            ] {
                assert_eq!(
                    o.status.code(),
                    Some(code),
                    "{look}, {file}, {who}: {}",
                    text(o)
                );
                let last = String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .last()
                    .map(String::from);
                assert!(
                    last.as_deref().is_some_and(|l| l.ends_with(&want)),
                    "{look}, {file}, {who}: {last:?}, want {want}"
                );
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// One row of the optax replay's summary table:
/// `file cases | R run P pass [FAIL] | R run P pass (Q required) [FAIL] ...`.
#[derive(Debug, PartialEq)]
struct OptaxRow {
    file: String,
    cases: usize,
    f64_run: usize,
    f64_pass: usize,
    f32_run: usize,
    f32_pass: usize,
    f32_required: usize,
    failed: bool,
}

fn parse_optax_row(line: &str) -> Option<OptaxRow> {
    let parts: Vec<&str> = line.split('|').collect();
    let [head, f64s, f32s] = parts.as_slice() else {
        return None;
    };
    let head: Vec<&str> = head.split_whitespace().collect();
    let [file, cases] = head.as_slice() else {
        return None;
    };
    let file = file.strip_suffix(".json")?;
    let num = |s: &str| {
        s.trim_matches(|c| c == '(' || c == ')')
            .parse::<usize>()
            .ok()
    };
    let f64t: Vec<&str> = f64s.split_whitespace().collect();
    let f32t: Vec<&str> = f32s
        .split_whitespace()
        .flat_map(|t| t.split(['(', ')']))
        .filter(|t| !t.is_empty())
        .collect();
    if f64t.get(1) != Some(&"run")
        || f32t.get(1) != Some(&"run")
        || f32t.get(5) != Some(&"required")
    {
        return None;
    }
    Some(OptaxRow {
        file: file.to_string(),
        cases: num(cases)?,
        f64_run: num(f64t[0])?,
        f64_pass: num(f64t[2])?,
        f32_run: num(f32t[0])?,
        f32_pass: num(f32t[2])?,
        f32_required: num(f32t[4])?,
        failed: f64t.contains(&"FAIL") || f32t.contains(&"FAIL"),
    })
}

/// The parser reads the replay's own format (a row copied from its output,
/// one with FAIL marks) and rejects the header and detail lines.
#[test]
fn optax_summary_rows_parse() {
    let ok = "f32_group_adam.json         27 |  27 run  27 pass       |  27 run  27 pass ( 27 required)       1.4e-05   7.8e-08   0";
    assert_eq!(
        parse_optax_row(ok),
        Some(OptaxRow {
            file: "f32_group_adam".into(),
            cases: 27,
            f64_run: 27,
            f64_pass: 27,
            f32_run: 27,
            f32_pass: 27,
            f32_required: 27,
            failed: false,
        })
    );
    let bad = "group_adam.json             59 |  54 run  53 pass FAIL  |  54 run   0 pass (  0 required)       5.0e-06   7.1e-08   0";
    let row = parse_optax_row(bad).unwrap();
    assert!(row.failed && row.f64_pass == 53 && row.f32_required == 0);
    for other in [
        "file                     cases | float64 run/pass      | float32 run/pass                   rel err   err/S     zero flips",
        "    float64 worst: rel err 6.2e-15, err/S 2.4e-16",
        "130 s",
    ] {
        assert_eq!(parse_optax_row(other), None, "{other}");
    }
}

/// (b): the optax port over every fixture file, exit status and counts.
#[test]
fn optax_port_replays_every_file() {
    if !require("jax, optax", "python3 -m pip install jax optax") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("sgl-optax-replay-{}", std::process::id()));
    let out = Command::new("python3")
        .arg(root().join("examples/optax/replay.py"))
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    let all = text(&out);
    print!("{all}");
    assert_eq!(out.status.code(), Some(0), "{all}");
    let rows: Vec<OptaxRow> = all.lines().filter_map(parse_optax_row).collect();
    let files: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    let want: Vec<&str> = OPTAX.iter().map(|r| r.0).collect();
    assert_eq!(files, want, "the replay must cover every fixture file");
    for (row, &(file, cases, run, required)) in rows.iter().zip(OPTAX) {
        assert!(!row.failed, "{row:?}");
        assert_eq!(row.cases, cases, "{file}");
        assert_eq!((row.f64_run, row.f64_pass), (run, run), "{file}: float64");
        assert_eq!(row.f32_run, run, "{file}: float32 runs");
        assert!(row.f32_pass >= required, "{file}: float32 {row:?}");
        assert_eq!(row.f32_required, required, "{file}: float32 required");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The CI rule: with `CI=true` a missing tool is an error naming the install
/// command; without it, a skip that says so.
#[test]
fn a_missing_tool_fails_under_ci_and_skips_elsewhere() {
    for ci in ["true", "TRUE", "1"] {
        let e = missing(Some(ci), "no module named jax", "pip install jax optax").unwrap_err();
        assert!(
            e.contains("pip install jax optax") && e.contains("CI=true"),
            "{e}"
        );
    }
    for ci in [None, Some("false"), Some("")] {
        let m = missing(ci, "no module named numpy", "pip install numpy").unwrap();
        assert!(
            m.starts_with("SKIPPED") && m.contains("pip install numpy"),
            "{m}"
        );
    }
}

/// End to end: both real tests, re-run as child processes with no python3 on
/// PATH, fail under `CI=true` (exit 101, the message names the install
/// command) and pass with a SKIPPED line without it.
#[test]
fn without_python_the_port_tests_fail_under_ci() {
    let exe = std::env::current_exe().unwrap();
    for (test, install) in [
        (
            "readme_port_passes_every_case_of_every_file",
            "pip install numpy",
        ),
        ("optax_port_replays_every_file", "pip install jax optax"),
    ] {
        let run = |ci: Option<&str>| {
            let mut c = Command::new(&exe);
            c.args(["--exact", test, "--nocapture", "--test-threads=1"])
                .env("PATH", "/nonexistent-sgl-oracle-no-python");
            match ci {
                Some(v) => c.env("CI", v),
                None => c.env_remove("CI"),
            };
            c.output().unwrap()
        };
        let ci = run(Some("true"));
        assert_eq!(ci.status.code(), Some(101), "{test}: {}", text(&ci));
        assert!(text(&ci).contains(install), "{test}: {}", text(&ci));
        let local = run(None);
        assert!(local.status.success(), "{test}: {}", text(&local));
        assert!(
            text(&local).contains("SKIPPED (not a CI run)"),
            "{test}: {}",
            text(&local)
        );
    }
}
