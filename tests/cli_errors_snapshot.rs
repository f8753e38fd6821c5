//! The CLI's error lines are a contract for scripts that call `sgl`: one
//! line `sgl: error: ...` naming the field, exit code 1. This insta snapshot
//! (tests/snapshots/) makes any change to a message a reviewed diff.

use std::process::Command;

fn err_line(args: &[&str], stdin_file: Option<(&str, &str)>) -> String {
    let dir = std::env::temp_dir().join(format!("sgl-err-snap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if let Some((name, text)) = stdin_file {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        a.push(p.to_string_lossy().into_owned());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(&a)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: {stderr}");
    // The temporary directory differs per run: keep the file name only.
    lines[0].replace(&dir.to_string_lossy().into_owned(), "<tmp>")
}

#[test]
fn error_lines() {
    let cases: Vec<(&str, String)> = vec![
        ("unknown subcommand", err_line(&["bogus"], None)),
        (
            "bad enum value",
            err_line(&["regret", "--rule", "foo"], None),
        ),
        (
            "beta1 out of range",
            err_line(
                &["run", "--config"],
                Some((
                    "beta.json",
                    r#"{"rule": {"kind": "adam", "alpha": 0.01, "beta1": 1.0, "beta2": 0.999, "eps": 1e-8},
                        "groups": {"rows": 1}, "x1": [0.0],
                        "input": {"gradients": {"gradients": [[1.0]]}}}"#,
                )),
            ),
        ),
        (
            "negative lambda",
            err_line(
                &["solve", "--input"],
                Some((
                    "lam.json",
                    r#"{"reduced": {"z": [1.0], "sigma": [1.0]},
                        "penalty": {"lambda1": -1.0, "lambda21": 0.0, "lambda2": 0.0},
                        "groups": {"rows": 1}}"#,
                )),
            ),
        ),
        (
            "eq1 with a penalty",
            err_line(
                &["run", "--config"],
                Some((
                    "eq1.json",
                    r#"{"update": "eq1", "rule": {"kind": "sgd", "alpha": 0.1},
                        "penalty": {"lambda1": 0.1, "lambda21": 0.0, "lambda2": 0.0},
                        "groups": {"rows": 1}, "x1": [0.0],
                        "input": {"gradients": {"gradients": [[1.0]]}}}"#,
                )),
            ),
        ),
        (
            "table id out of range",
            err_line(
                &["run", "--config"],
                Some((
                    "table.json",
                    r#"{"rows": 2, "d": 1, "semantics": "lazy",
                        "kernel": {"algorithm1": {"rule": {"kind": "sgd", "alpha": 0.5}}},
                        "x1": [0.0],
                        "input": {"batches": [{"ids": [5], "grads": [[1.0]]}]}}"#,
                )),
            ),
        ),
    ];
    insta::assert_json_snapshot!("cli_error_lines", cases);
}
