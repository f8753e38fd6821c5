//! `sgl solve`: end-to-end on the example file, the E1 counterexample, a
//! history input with negative Q_s, and a no-minimiser input.

use serde_json::Value;
use std::process::Command;

fn run_solve(json: &str, name: &str) -> (bool, Value, String) {
    let dir = std::env::temp_dir().join(format!("sgl-eq6-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, json).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(["solve", "--input"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let v = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.success(),
        v,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn obj(v: &Value, m: &str) -> f64 {
    v["methods"][m]["objective"].as_f64().unwrap()
}

#[test]
fn solve_example_file() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/solve-instance.json"
    ))
    .unwrap();
    let (ok, v, err) = run_solve(&text, "example.json");
    assert!(ok, "{err}");
    assert_eq!(v["solver_status"], "Solved");
    let cf = obj(&v, "closed-form-corrected");
    // The example is well conditioned (A in [0.25, 4]); clarabel's objective
    // accuracy there is ~1e-9 (measured 1.1e-10): 1e-7 leaves margin.
    assert!(cf <= obj(&v, "solver") + 1e-12);
    assert!(obj(&v, "solver") - cf <= 1e-7);
    assert!(obj(&v, "closed-form-printed") > cf + 1e-3);
    assert!(obj(&v, "algorithm1-step") > cf + 1e-3);
    let r = v["methods"]["closed-form-corrected"]["kkt_scaled_residual"]
        .as_f64()
        .unwrap();
    assert!(r <= 1e-12);
}

#[test]
fn solve_e1_counterexample_and_history() {
    let e1 = r#"{"reduced": {"z": [-3.0], "sigma": [8.0]},
        "penalty": {"lambda1": 0.0, "lambda21": 1.0, "lambda2": 0.0}, "groups": {"rows": 1}}"#;
    let (ok, v, err) = run_solve(e1, "e1.json");
    assert!(ok, "{err}");
    assert_eq!(v["methods"]["closed-form-corrected"]["x"][0], 0.125);
    assert_eq!(v["methods"]["closed-form-printed"]["x"][0], 0.0);
    assert_eq!(obj(&v, "closed-form-corrected"), -0.0625);
    // History with a negative Q_2/alpha_2 (sigma goes 3 -> 2): z = m1 + m2
    // - q1 x1 - q2 x2 = (1 - 0.5) - 3*0.2 - (-1)*0.4 = 0.3; sigma = 2.
    let hist = r#"{"history": {"m": [[1.0], [-0.5]], "x": [[0.2], [0.4]], "q_over_alpha": [[3.0], [-1.0]]},
        "penalty": {"lambda1": 0.1, "lambda21": 0.0, "lambda2": 0.0}, "groups": {"rows": 1}}"#;
    let (ok, v, err) = run_solve(hist, "hist.json");
    assert!(ok, "{err}");
    assert_eq!(v["form"], "history");
    let z = v["z"][0].as_f64().unwrap();
    // z by hand: 1 - 0.6 - 0.5 + 0.4 (rounded once per operation).
    assert!((z - 0.3).abs() < 1e-15, "z = {z}");
    // x = -(z - lambda1)/sigma = -0.2/2 = -0.1.
    let x = v["methods"]["closed-form-corrected"]["x"][0]
        .as_f64()
        .unwrap();
    assert!((x + 0.1).abs() < 1e-15, "x = {x}");
    // Eq. (6) from the history minus Eq. (24) = 1/2 (3*0.04 - 1*0.16) = -0.02.
    let diff = v["methods"]["closed-form-corrected"]["objective_eq6_history"]
        .as_f64()
        .unwrap()
        - obj(&v, "closed-form-corrected");
    assert!((diff + 0.02).abs() < 1e-15, "constant = {diff}");
}

#[test]
fn solve_no_minimiser_and_bad_input() {
    let nm = r#"{"reduced": {"z": [2.0, 1.0], "sigma": [0.0, 1.0]},
        "penalty": {"lambda1": 1.0, "lambda21": 0.5, "lambda2": 0.0}, "groups": {"rows": 2}}"#;
    let (ok, v, err) = run_solve(nm, "nm.json");
    assert!(ok, "{err}");
    assert!(v["solver_status"]
        .as_str()
        .unwrap()
        .contains("DualInfeasible"));
    for m in [
        "closed-form-corrected",
        "closed-form-printed",
        "algorithm1-step",
    ] {
        assert!(v["methods"][m]["error"]
            .as_str()
            .unwrap()
            .contains("no minimiser"));
        assert!(v["methods"][m].get("x").is_none());
    }
    let (ok, _, err) = run_solve(
        r#"{"penalty": {"lambda1": 0, "lambda21": 0, "lambda2": 0}, "groups": {"rows": 1}}"#,
        "bad.json",
    );
    assert!(!ok);
    assert!(err.contains("sgl: error"), "{err}");
}
