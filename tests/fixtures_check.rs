//! Issue 5: `sgl fixtures check` catches planted bugs and reports them
//! precisely (first diverging step and coordinate, expected and actual,
//! errors, ULPs); malformed JSON is one clear error line; exit codes.

use serde_json::{json, Value};
use sgl_oracle::fixtures::check::{check_str, Outcome};
use sgl_oracle::fixtures::format::{FixtureFile, Tolerance};
use sgl_oracle::fixtures::load;
use std::path::PathBuf;
use std::process::Command;

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A perfect trajectory: the fixture's own expected states.
fn perfect(f: &FixtureFile) -> Value {
    let mut cases = serde_json::Map::new();
    for g in &f.test_groups {
        for c in &g.tests {
            let x: Vec<Vec<f64>> = c.expected.iter().map(|s| s.x_next.clone()).collect();
            let z: Vec<Vec<f64>> = c.expected.iter().map(|s| s.z_t.clone()).collect();
            cases.insert(c.tc_id.to_string(), json!({"x": x, "z": z}));
        }
    }
    json!({ "cases": cases })
}

/// The first case with a non-zero x at step 3, and that coordinate.
fn target(f: &FixtureFile) -> (u64, usize) {
    for g in &f.test_groups {
        for c in &g.tests {
            if c.expected.len() >= 3 {
                if let Some(i) = c.expected[2].x_next.iter().position(|&v| v != 0.0) {
                    return (c.tc_id, i);
                }
            }
        }
    }
    panic!("no target")
}

fn only_failure(f: &FixtureFile, traj: &Value) -> (String, Outcome) {
    let r = check_str(f, &traj.to_string()).unwrap();
    let fails: Vec<_> = r
        .cases
        .iter()
        .filter(|c| c.outcome != Outcome::Pass)
        .cloned()
        .collect();
    assert_eq!(fails.len(), 1, "{}", r.render());
    (r.render(), fails[0].outcome.clone())
}

#[test]
fn the_perfect_trajectory_passes_every_file() {
    for name in [
        "group_adam.json",
        "eq6.json",
        "plain.json",
        "group_adahessian.json",
    ] {
        let f = load(&fixture_path(name)).unwrap();
        let r = check_str(&f, &perfect(&f).to_string()).unwrap();
        assert!(r.ok(false), "{}", r.render());
        assert_eq!(r.passed(), f.number_of_tests);
    }
}

#[test]
fn one_ulp_beyond_a_tight_tolerance_is_caught_and_measured() {
    let mut f = load(&fixture_path("group_adam.json")).unwrap();
    let (id, i) = target(&f);
    // Tight tolerance: 2 ULPs, no abs/rel slack.
    for g in &mut f.test_groups {
        for c in &mut g.tests {
            c.tolerance = Tolerance {
                abs: 0.0,
                rel: 0.0,
                ulps: 2,
            };
        }
    }
    let mut traj = perfect(&f);
    let e = traj["cases"][id.to_string()]["x"][2][i].as_f64().unwrap();
    let two = f64::from_bits(e.to_bits() + 2);
    let three = f64::from_bits(e.to_bits() + 3);
    traj["cases"][id.to_string()]["x"][2][i] = json!(two);
    assert!(
        check_str(&f, &traj.to_string()).unwrap().ok(false),
        "2 ULPs is within tolerance"
    );
    traj["cases"][id.to_string()]["x"][2][i] = json!(three);
    let (text, o) = only_failure(&f, &traj);
    let Outcome::Diverged(d, _) = o else {
        panic!("{text}")
    };
    assert_eq!((d.field, d.step, d.coord, d.ulps), ("x", 3, i, 3));
    assert_eq!(d.expected, e);
    assert_eq!(d.actual, three);
    assert_eq!(d.abs_err, (three - e).abs());
    assert!(
        text.contains(&format!(
            "FAIL tcId {id}: first divergence in x at step t=3, coordinate {i}"
        )),
        "{text}"
    );
    assert!(text.contains("3 ULPs"), "{text}");
    assert!(
        text.contains(&format!("0x{:016x}", three.to_bits())),
        "{text}"
    );
}

#[test]
fn a_sign_flip_is_caught_at_its_step() {
    let f = load(&fixture_path("group_adagrad.json")).unwrap();
    let (id, i) = target(&f);
    let mut traj = perfect(&f);
    let e = traj["cases"][id.to_string()]["x"][2][i].as_f64().unwrap();
    traj["cases"][id.to_string()]["x"][2][i] = json!(-e);
    let (text, o) = only_failure(&f, &traj);
    let Outcome::Diverged(d, _) = o else {
        panic!("{text}")
    };
    assert_eq!((d.field, d.step, d.coord), ("x", 3, i));
    assert_eq!((d.expected, d.actual), (e, -e));
    assert!((d.rel_err - 2.0).abs() < 1e-15, "{}", d.rel_err);
}

#[test]
fn a_sign_flip_in_z_is_caught() {
    let f = load(&fixture_path("group_sgd.json")).unwrap();
    let g = &f.test_groups[3];
    let c = &g.tests[0];
    let k = c.expected[1].z_t.iter().position(|&v| v != 0.0).unwrap();
    let mut traj = perfect(&f);
    let id = c.tc_id.to_string();
    let e = traj["cases"][&id]["z"][1][k].as_f64().unwrap();
    traj["cases"][&id]["z"][1][k] = json!(-e);
    let (text, o) = only_failure(&f, &traj);
    let Outcome::Diverged(d, _) = o else {
        panic!("{text}")
    };
    assert_eq!((d.field, d.step, d.coord), ("z", 2, k), "{text}");
}

#[test]
fn a_missing_step_is_reported() {
    let f = load(&fixture_path("ftrl.json")).unwrap();
    let c = &f.test_groups[0].tests[0];
    let t = c.expected.len();
    let mut traj = perfect(&f);
    let id = c.tc_id.to_string();
    traj["cases"][&id]["x"].as_array_mut().unwrap().pop();
    let (text, o) = only_failure(&f, &traj);
    assert_eq!(
        o,
        Outcome::Invalid(format!(
            "x: missing step t={t} (trajectory has {} steps, fixture {t})",
            t - 1
        ))
    );
    assert!(
        text.contains(&format!("FAIL tcId {id}: x: missing step t={t}")),
        "{text}"
    );
}

#[test]
fn a_wrong_case_id_is_reported_twice_missing_and_unknown() {
    let f = load(&fixture_path("eq6.json")).unwrap();
    let mut traj = perfect(&f);
    let c = traj["cases"].as_object_mut().unwrap().remove("7").unwrap();
    traj["cases"]["9007"] = c;
    let r = check_str(&f, &traj.to_string()).unwrap();
    let text = r.render();
    assert_eq!(r.failed(), 2, "{text}");
    assert!(
        text.contains("FAIL tcId 7: missing from the trajectory"),
        "{text}"
    );
    assert!(
        text.contains("FAIL tcId 9007: unknown case id \"9007\" (not in fixture eq6)"),
        "{text}"
    );
    assert!(!r.ok(true));
}

#[test]
fn wrong_vector_length_and_extra_steps_fail() {
    let f = load(&fixture_path("plain.json")).unwrap();
    let mut traj = perfect(&f);
    traj["cases"]["1"]["x"][0]
        .as_array_mut()
        .unwrap()
        .push(json!(0.0));
    let (text, _) = only_failure(&f, &traj);
    assert!(
        text.contains("FAIL tcId 1: x at step t=1: 7 values, expected 6"),
        "{text}"
    );
    let mut traj = perfect(&f);
    let row = traj["cases"]["2"]["x"][0].clone();
    traj["cases"]["2"]["x"].as_array_mut().unwrap().push(row);
    let (text, _) = only_failure(&f, &traj);
    assert!(
        text.contains("FAIL tcId 2: x: 13 steps, fixture has 12"),
        "{text}"
    );
}

#[test]
fn malformed_json_is_one_clear_error() {
    let f = load(&fixture_path("eq6.json")).unwrap();
    let e = check_str(&f, "{\"cases\": {\"1\": {\"x\": [[1.0,]]}}}")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("trajectory: malformed JSON (line 1, column"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1);
    let e = check_str(&f, "{\"cases\": {}, \"extra\": 1}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field `extra`"), "{e}");
}

#[test]
fn skipped_cases_fail_unless_allowed() {
    let f = load(&fixture_path("eq6.json")).unwrap();
    let mut traj = perfect(&f);
    traj["cases"].as_object_mut().unwrap().remove("3");
    traj["skipped"] = json!({"3": "not implemented"});
    let r = check_str(&f, &traj.to_string()).unwrap();
    assert!(!r.ok(false));
    assert!(r.ok(true));
    assert!(r.render().contains("SKIP tcId 3: not implemented"));
}

#[test]
fn cli_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_sgl");
    let fx = fixture_path("eq6.json");
    let f = load(&fx).unwrap();
    let dir = std::env::temp_dir().join(format!("sgl-fixtures-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.json");
    std::fs::write(&good, perfect(&f).to_string()).unwrap();
    let out = Command::new(bin)
        .args(["fixtures", "check", "--fixture"])
        .arg(&fx)
        .arg("--trajectory")
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("eq6: 32 passed, 0 failed, 0 skipped, 32 total"));

    let mut traj = perfect(&f);
    let e = traj["cases"]["5"]["x"][0][0].as_f64().unwrap();
    traj["cases"]["5"]["x"][0][0] = json!(e + 1.0);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, traj.to_string()).unwrap();
    let out = Command::new(bin)
        .args(["fixtures", "check", "--fixture"])
        .arg(&fx)
        .arg("--trajectory")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("FAIL tcId 5: first divergence in x at step t=1, coordinate 0"),
        "{stdout}"
    );
    assert!(
        stderr.contains("fixtures check: 1 of 32 cases failed, 0 skipped"),
        "{stderr}"
    );

    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"cases\": ").unwrap();
    let out = Command::new(bin)
        .args(["fixtures", "check", "--fixture"])
        .arg(&fx)
        .arg("--trajectory")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("malformed JSON"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
