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

fn run_json(name: &str, json: &str) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("sgl-cli-upd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, json).unwrap();
    let out = sgl(&["run", "--config", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rows(v: &serde_json::Value, key: &str) -> Vec<Vec<f64>> {
    serde_json::from_value(v["cases"]["1"][key].clone()).unwrap()
}

const GRADS: [[f64; 3]; 4] = [
    [0.5, -1.0, 0.25],
    [-0.3, 0.2, 0.0],
    [1.5, 0.1, -0.7],
    [0.05, -0.4, 0.9],
];

/// `"update": "eq1"` replays TensorFlow's `Adagrad` (initial accumulator
/// 0.1, x_1 != 0), which Algorithm 1 cannot (it is FTRL there, erratum E4):
/// compared with TF's update written out here (`accum += g^2;
/// var -= lr g / sqrt(accum)`). Tolerance 4 ulps relative: the same
/// operations, but the crate forms `sqrt(V_t)` from its own running sum.
#[test]
fn eq1_update_is_tensorflow_adagrad_from_any_start() {
    let x1 = [0.3, -0.2, 1.0];
    let grads: Vec<Vec<f64>> = GRADS.iter().map(|g| g.to_vec()).collect();
    let v = run_json(
        "eq1.json",
        &format!(
            r#"{{"update": "eq1", "rule": {{"kind": "adagrad", "alpha": 0.1, "eps": 0.0,
                 "form": {{"form": "initial-accumulator", "n0": 0.1}}}},
                 "groups": {{"rows": 1}}, "x1": {x1:?},
                 "input": {{"gradients": {{"gradients": {grads:?}}}}}}}"#
        ),
    );
    let xs = rows(&v, "x");
    let (mut var, mut accum) = (x1.to_vec(), [0.1f64; 3]);
    for (t, g) in GRADS.iter().enumerate() {
        for i in 0..3 {
            accum[i] += g[i] * g[i];
            var[i] -= 0.1 * g[i] / accum[i].sqrt();
            let d = (xs[t][i] - var[i]).abs();
            assert!(
                d <= 4.0 * f64::EPSILON * var[i].abs(),
                "t={t} i={i}: {} vs {}",
                xs[t][i],
                var[i]
            );
        }
    }
}

/// `"update": "ftrl"` is TensorFlow's `Ftrl` (lr_power -0.5, no shrinkage),
/// written out here, from x_1 != 0, with the paper's lambda2 as TF's l2.
/// Tolerance 8 ulps of the largest |linear| (z is a running sum; the crate
/// orders the same operations).
#[test]
fn ftrl_update_is_tensorflow_ftrl_from_any_start() {
    let x1 = [0.3, -0.2, 1.0];
    let (lr, l1, l2, n0) = (0.1, 0.05, 0.01, 0.1);
    let grads: Vec<Vec<f64>> = GRADS.iter().map(|g| g.to_vec()).collect();
    let v = run_json(
        "ftrl.json",
        &format!(
            r#"{{"update": "ftrl", "rule": {{"kind": "adagrad", "alpha": {lr}, "eps": 0.0,
                 "form": {{"form": "initial-accumulator", "n0": {n0}}}}},
                 "penalty": {{"lambda1": {l1}, "lambda21": 0.0, "lambda2": {l2}}},
                 "groups": {{"rows": 1}}, "x1": {x1:?},
                 "input": {{"gradients": {{"gradients": {grads:?}}}}}}}"#
        ),
    );
    let xs = rows(&v, "x");
    let zs = rows(&v, "z");
    let (mut var, mut accum, mut linear) = (x1.to_vec(), [n0; 3], [0.0f64; 3]);
    for (t, g) in GRADS.iter().enumerate() {
        for i in 0..3 {
            let new_accum: f64 = accum[i] + g[i] * g[i];
            linear[i] += g[i] - (new_accum.sqrt() - accum[i].sqrt()) / lr * var[i];
            let quadratic = new_accum.sqrt() / lr + 2.0 * l2;
            var[i] = if linear[i].abs() > l1 {
                (linear[i].signum() * l1 - linear[i]) / quadratic
            } else {
                0.0
            };
            accum[i] = new_accum;
            let scale = linear[i].abs().max(1.0);
            assert!(
                (zs[t][i] - linear[i]).abs() <= 8.0 * f64::EPSILON * scale,
                "z t={t} i={i}"
            );
            assert!(
                (xs[t][i] - var[i]).abs() <= 8.0 * f64::EPSILON * scale,
                "x t={t} i={i}"
            );
        }
    }
    assert!(xs.iter().flatten().any(|&x| x == 0.0), "l1 never bound");
}

/// `sgl fixtures check --reference` compares two runs: equal runs pass,
/// one changed value fails with exit 1, and a tolerance that covers it passes.
#[test]
fn fixtures_check_compares_two_runs() {
    let out = sgl(&["run", "--config", "examples/run-group-adam.json"]);
    assert!(out.status.success());
    let dir = std::env::temp_dir().join(format!("sgl-cli-ref-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.json");
    std::fs::write(&a, &out.stdout).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let x = v["cases"]["1"]["x"][1][0].as_f64().unwrap();
    v["cases"]["1"]["x"][1][0] = serde_json::json!(f64::from_bits(x.to_bits() + 3));
    let b = dir.join("b.json");
    std::fs::write(&b, v.to_string()).unwrap();
    let (ra, rb) = (a.to_str().unwrap(), b.to_str().unwrap());
    let same = sgl(&["fixtures", "check", "--reference", ra, "--trajectory", ra]);
    assert!(same.status.success());
    let diff = sgl(&["fixtures", "check", "--reference", ra, "--trajectory", rb]);
    assert_eq!(diff.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&diff.stdout).contains("3 ULPs"));
    let ok = sgl(&[
        "fixtures",
        "check",
        "--reference",
        ra,
        "--trajectory",
        rb,
        "--ulps",
        "3",
    ]);
    assert!(ok.status.success());
}
