//! `sgl table --config FILE`: the table run config, its output, and bad
//! input (one line on stderr, exit 1).

use sgl_oracle::table::run::{parse_table_config, run_table};
use std::process::Command;

fn sgl(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sgl-table-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

const EXPLICIT: &str = r#"{
  "rows": 3, "d": 2, "semantics": "lazy",
  "kernel": {"algorithm1": {"rule": {"kind": "sgd", "alpha": 0.5, "schedule": "constant"}}},
  "x1": [1.0, -1.0],
  "input": {"batches": [
    {"ids": [2, 0, 2], "grads": [[1.0, 0.0], [0.5, 0.5], [1.0, 2.0]]},
    {"ids": [], "grads": []}
  ]},
  "snapshots": [1, 2]
}"#;

/// SGD with a constant step and no penalty: x = x1 - alpha g (Eq. 1 and
/// Theorem 2, by hand: row 2 gets g = (2, 2) summed, row 0 g = (0.5, 0.5)).
#[test]
fn explicit_batches_give_touched_rows_and_snapshots() {
    let cfg = parse_table_config(EXPLICIT).unwrap();
    let out = run_table(&cfg).unwrap();
    assert_eq!(out.steps.len(), 2);
    let ids: Vec<usize> = out.steps[0].rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![2, 0]);
    assert_eq!(out.steps[0].rows[0].x, vec![0.0, -2.0]);
    assert_eq!(out.steps[0].rows[1].x, vec![0.75, -1.25]);
    assert!(out.steps[1].rows.is_empty());
    assert_eq!(out.snapshots.len(), 2);
    assert_eq!(
        out.snapshots[1].values,
        vec![0.75, -1.25, 1.0, -1.0, 0.0, -2.0]
    );
    // The CLI prints the same JSON.
    let (ok, stdout, _) = sgl(&["table", "--config", &write("explicit.json", EXPLICIT)]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["steps"][0]["rows"][0]["id"], 2);
    // `sgl run` drives the same table config (recognised by `semantics`).
    let (ok, run_out, _) = sgl(&["run", "--config", &write("explicit-run.json", EXPLICIT)]);
    assert!(ok);
    assert_eq!(run_out, stdout);
}

#[test]
fn zipf_and_tfplus_configs_run() {
    let zipf = r#"{"rows": 1000, "d": 4, "semantics": "dense",
      "kernel": {"algorithm1": {"rule": {"kind": "adahessian", "alpha": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
                 "penalty": {"lambda1": 0.01, "lambda21": 0.02, "lambda2": 0.0}}},
      "x1": [0.0, 0.0, 0.0, 0.0],
      "input": {"zipf": {"seed": 1, "batch": 32, "steps": 5}}}"#;
    let out = run_table(&parse_table_config(zipf).unwrap()).unwrap();
    assert_eq!(out.steps.len(), 5);
    assert!(out
        .steps
        .iter()
        .all(|s| !s.rows.is_empty() && s.rows.iter().all(|r| r.t == s.t)));
    let tf = r#"{"rows": 100, "d": 4, "semantics": "lazy",
      "kernel": {"tfplus": {"kind": "group-adam-v4", "lr": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                 "l1": 0.0, "l2": 0.0, "l21": 0.0, "blacklist": "tfplus"}},
      "x1": [0.1, 0.1, 0.1, 0.1],
      "input": {"zipf": {"seed": 1, "batch": 16, "steps": 3}}}"#;
    assert_eq!(
        run_table(&parse_table_config(tf).unwrap())
            .unwrap()
            .steps
            .len(),
        3
    );
}

/// Bad input: one line on stderr, exit code 1, naming the batch position.
#[test]
fn bad_input_is_one_line_and_exit_1() {
    let base = |ids: &str, grads: &str| {
        format!(
            r#"{{"rows": 3, "d": 2, "semantics": "dense",
              "kernel": {{"algorithm1": {{"rule": {{"kind": "momentum", "alpha": 0.1, "gamma": 0.9}}}}}},
              "x1": [0.0, 0.0], "input": {{"batches": [{{"ids": {ids}, "grads": {grads}}}]}}}}"#
        )
    };
    let cases = [
        (base("[0, 3]", "[[1,1],[1,1]]"), "batch position 1: row id 3 is outside 0..3"),
        (base("[-1]", "[[1,1]]"), "batch position 0: row id -1 is outside 0..3"),
        (base("[0, 1]", "[[1,1],[1]]"), "batch position 1: gradient row has width 1"),
        (base("[0, 0]", "[[1e308,1],[1e308,1]]"), "batch position 0: non-finite summed gradient"),
        (base("[0]", "[[NaN,1]]"), "table config"),
        (
            r#"{"rows": 4611686018427387904, "d": 8, "semantics": "lazy",
               "kernel": {"algorithm1": {"rule": {"kind": "sgd", "alpha": 0.1}}},
               "x1": [0,0,0,0,0,0,0,0], "input": {"batches": []}}"#
                .to_string(),
            "cannot be allocated",
        ),
        (
            r#"{"rows": 3, "d": 2, "semantics": "dense",
               "kernel": {"tfplus": {"kind": "sparse-group-ftrl", "lr": 0.1, "l1": 0, "l2": 0, "l21": 0}},
               "x1": [0,0], "input": {"batches": []}}"#
                .to_string(),
            "lazy",
        ),
    ];
    for (i, (cfg, want)) in cases.iter().enumerate() {
        let (ok, stdout, stderr) =
            sgl(&["table", "--config", &write(&format!("bad{i}.json"), cfg)]);
        assert!(!ok, "case {i} must fail");
        assert!(stdout.is_empty(), "case {i}: {stdout}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "case {i}: {stderr}");
        assert!(stderr.contains(want), "case {i}: {stderr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(["table", "--config", "/nonexistent.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
