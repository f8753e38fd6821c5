//! `sgl run` and `sgl demo` end to end: valid configs give a JSON
//! trajectory, invalid ones one error line and a non-zero exit.

use std::process::Command;

fn sgl(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn run_example_config_prints_a_trajectory() {
    let out = sgl(&["run", "--config", "examples/run-group-adam.json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The fixtures' trajectory format: one case "1", one row per step.
    let case = &v["cases"]["1"];
    for key in ["x", "z", "m", "v", "sigma"] {
        let rows = case[key].as_array().unwrap();
        assert_eq!(rows.len(), 2, "{key}");
        for r in rows {
            assert_eq!(r.as_array().unwrap().len(), 4, "{key}");
        }
    }
    assert_eq!(case["loss"].as_array().unwrap().len(), 2);
}

#[test]
fn run_matches_the_library() {
    let text = std::fs::read_to_string("examples/run-group-adam.json").unwrap();
    let cfg = sgl_oracle::run::parse_config(&text).unwrap();
    let lib = sgl_oracle::run::run_config(&cfg).unwrap();
    let out = sgl(&["run", "--config", "examples/run-group-adam.json"]);
    let cli: sgl_oracle::fixtures::check::Trajectory = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(lib, cli, "JSON must round-trip f64 exactly");
}

#[test]
fn closed_loop_objective_config_runs() {
    let dir = std::env::temp_dir().join(format!("sgl-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("obj.json");
    std::fs::write(
        &p,
        r#"{"rule": {"kind": "adahessian", "alpha": 0.01, "beta1": 0.9, "beta2": 0.99, "eps": 1e-8},
            "penalty": {"lambda1": 0.0, "lambda21": 0.01, "lambda2": 0.0},
            "groups": {"rows": 2}, "x1": [0.1, 0.1, 0.1, 0.1],
            "input": {"objective": {"kind": "logistic", "seed": 3, "steps": 20, "block": 2,
                       "hessian": {"mode": "hutchinson", "seed": 5, "samples": 2}}}}"#,
    )
    .unwrap();
    let out = sgl(&["run", "--config", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cases"]["1"]["x"].as_array().unwrap().len(), 20);
}

#[test]
fn invalid_configs_fail_with_one_line() {
    let dir = std::env::temp_dir().join(format!("sgl-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            r#"{"rule": {"kind": "adam", "alpha": 0.1, "beta1": 1.0, "beta2": 0.9}, "groups": {"rows": 1}, "x1": [1], "input": {"gradients": {"gradients": [[1]]}}}"#,
            "beta1",
        ),
        (
            r#"{"rule": {"kind": "adam", "alpha": 0.1, "beta1": 0.9, "beta2": 0.9}, "groups": {"rows": 2}, "x1": [1], "input": {"gradients": {"gradients": [[1]]}}}"#,
            "groups",
        ),
        (
            r#"{"rule": {"kind": "adam", "alpha": 0.1, "beta1": 0.9, "beta2": 0.9}, "groups": {"rows": 1}, "x1": [1], "input": {"gradients": {"gradients": [[1, 2]]}}}"#,
            "gradient",
        ),
        (r#"{"rule": {"kind": "nope"}}"#, "config"),
        (r#"not json"#, "config"),
        (
            r#"{"rule": {"kind": "sgd", "alpha": 0.1}, "groups": {"rows": 1}, "x1": [1], "input": {"gradients": {"gradients": [[1]]}}, "extra": 1}"#,
            "config",
        ),
    ];
    for (k, (text, needle)) in cases.iter().enumerate() {
        let p = dir.join(format!("bad{k}.json"));
        std::fs::write(&p, text).unwrap();
        let out = sgl(&["run", "--config", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "case {k}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "case {k}: {err}");
        assert!(
            err.starts_with("sgl: error:") && err.contains(needle),
            "case {k}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = sgl(&["run", "--config", "/nonexistent/file.json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn demo_runs() {
    let out = sgl(&["demo"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Theorem 2"));
}
