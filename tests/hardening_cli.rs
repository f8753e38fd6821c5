//! The CLI on hostile input files (issue 7, item 2): `sgl run`, `sgl solve`
//! and `sgl fixtures check` either succeed or print exactly one line
//! `sgl: error: ...` on stderr and exit with status 1 — never a panic
//! (status 101) or a signal.

use std::path::PathBuf;
use std::process::Command;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sgl-hardening-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `sgl args`; returns (exit code, stderr).
fn sgl(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().expect("exited normally, not by a signal");
    (code, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_one_line_error_or_ok(args: &[&str], what: &str) {
    let (code, err) = sgl(args);
    match code {
        0 => {}
        1 => {
            assert_eq!(err.lines().count(), 1, "{what}: stderr {err:?}");
            assert!(err.starts_with("sgl: error: "), "{what}: stderr {err:?}");
        }
        c => panic!("{what}: exit status {c}, stderr {err}"),
    }
}

const HOSTILE_NUMBERS: [&str; 8] = [
    "1e400",
    "-1e400",
    "1e-400",
    "-0.0",
    "5e-324",
    "1e300",
    "NaN",
    "18446744073709551616",
];

#[test]
fn run_on_hostile_configs() {
    let base = include_str!("../examples/run-group-adam.json");
    for (k, tok) in HOSTILE_NUMBERS.iter().enumerate() {
        // Replace each number of the example in turn by the hostile token.
        for (j, lit) in [
            "0.01", "0.9", "0.999", "1e-8", "0.001", "1e-5", "0.1", "-0.3",
        ]
        .iter()
        .enumerate()
        {
            let text = base.replacen(lit, tok, 1);
            let p = write(&format!("run-{k}-{j}.json"), &text);
            assert_one_line_error_or_ok(&["run", "--config", p.to_str().unwrap()], &text);
        }
    }
    for text in [
        "",
        "{",
        "[]",
        "{\"rule\": 1}",
        &base.replace("\"rows\": 2", "\"rows\": 0"),
    ] {
        let p = write("run-bad.json", text);
        assert_one_line_error_or_ok(&["run", "--config", p.to_str().unwrap()], text);
    }
}

#[test]
fn solve_on_hostile_inputs() {
    let base = include_str!("../examples/solve-instance.json");
    for (k, tok) in HOSTILE_NUMBERS.iter().enumerate() {
        for (j, lit) in ["-3.0", "8.0", "0.5", "0.2", "0.4", "0.0"]
            .iter()
            .enumerate()
        {
            let text = base.replacen(lit, tok, 1);
            let p = write(&format!("solve-{k}-{j}.json"), &text);
            assert_one_line_error_or_ok(&["solve", "--input", p.to_str().unwrap()], &text);
        }
    }
    for text in [
        "",
        "{}",
        "{\"reduced\": {\"z\": [], \"sigma\": []}, \"penalty\": {\"lambda1\": 0, \"lambda21\": 0, \"lambda2\": 0}, \"groups\": {\"sizes\": []}}",
        "{\"history\": {\"m\": [], \"x\": [], \"q_over_alpha\": []}, \"penalty\": {\"lambda1\": 0, \"lambda21\": 0, \"lambda2\": 0}, \"groups\": {\"rows\": 1}}",
        "{\"reduced\": {\"z\": [1], \"sigma\": [0]}, \"penalty\": {\"lambda1\": 0, \"lambda21\": 0, \"lambda2\": 0}, \"groups\": {\"rows\": 1}}",
    ] {
        let p = write("solve-bad.json", text);
        assert_one_line_error_or_ok(&["solve", "--input", p.to_str().unwrap()], text);
    }
}

#[test]
fn fixtures_check_on_hostile_trajectories() {
    let fixture = "fixtures/group_adam.json";
    for text in [
        "",
        "{",
        "{\"cases\": {}}",
        "{\"cases\": {\"1\": {\"x\": []}}}",
        "{\"cases\": {\"1\": {\"x\": [[1e400]]}}}",
        "{\"cases\": {\"1\": {\"x\": [[]], \"z\": [[], [], [], [], [], [], [], []]}}}",
        "{\"cases\": {\"-1\": {\"x\": [[0]]}}, \"skipped\": {\"1\": \"\"}}",
    ] {
        let p = write("traj.json", text);
        assert_one_line_error_or_ok(
            &[
                "fixtures",
                "check",
                "--fixture",
                fixture,
                "--trajectory",
                p.to_str().unwrap(),
            ],
            text,
        );
    }
    // A malformed fixture file is one error line too.
    let bad = write("fixture.json", "{\"algorithm\": \"x\"}");
    let traj = write("traj2.json", "{\"cases\": {}}");
    assert_one_line_error_or_ok(
        &[
            "fixtures",
            "check",
            "--fixture",
            bad.to_str().unwrap(),
            "--trajectory",
            traj.to_str().unwrap(),
        ],
        "bad fixture",
    );
}
