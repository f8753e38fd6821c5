//! The proximal pieces of \[Alg1:L7-10\] (`sgl_oracle::prox`) and the c = 0
//! rule in every closed form.
//!
//! `Algorithm1` is `prox::soft_threshold`, `group_norm`, `group_factor` and
//! `rescale` called in order; the fused kernel keeps its own code and is
//! compared with Algorithm 1 bit for bit in `tests/fused_equivalence.rs` and
//! `tests/hardening_fused.rs` (and its branch-free soft threshold with
//! `prox::soft_threshold` in the kernel's unit tests).

use sgl_oracle::eq6::{certificate, closed_form, Instance};
use sgl_oracle::printed::{GroupAdagradPrinted, GroupAdamPrinted, PaperVersion};
use sgl_oracle::prox::{group_factor, group_norm, rescale, soft_threshold};
use sgl_oracle::rules::{Adam, AdamForm};
use sgl_oracle::{Algorithm1, Groups, Penalty, SglError, Threshold};
use std::process::Command;

/// The issue's instance: no penalty at all, one group of two coordinates
/// whose squares underflow (1e-170^2 = 0 in f64).
fn underflow_instance() -> Instance {
    Instance::new(
        vec![-1e-170, 1e-171],
        vec![2.0, 2.0],
        Penalty::new(0.0, 0.0, 0.0).unwrap(),
        Groups::from_sizes(&[2]).unwrap(),
    )
    .unwrap()
}

#[test]
fn group_factor_without_group_term_is_one() {
    // c = 0: factor 1 whatever the norm, the underflowed 0 included.
    assert_eq!(group_factor(0.0, 0.0), 1.0);
    assert_eq!(group_factor(1e-300, 0.0), 1.0);
    // c > 0: the tie zeroes, above the tie 1 - c/norm.
    assert_eq!(group_factor(2.0, 2.0), 0.0);
    assert_eq!(group_factor(4.0, 2.0), 0.5);
}

#[test]
fn group_norm_weights_and_no_minimiser() {
    let s = [3.0, -4.0];
    let sigma = [6.0, 2.0]; // A = sigma/2 + lambda2 = [4, 2] with lambda2 = 1
    let m = [0, 1];
    assert_eq!(group_norm(Threshold::S, &s, &sigma, 1.0, &m).unwrap(), 5.0);
    // A^{-1} s = [0.75, -2]
    let p = group_norm(Threshold::STildePrinted, &s, &sigma, 1.0, &m).unwrap();
    assert_eq!(p, (0.75f64 * 0.75 + 4.0).sqrt());
    // A^{-1/2} s = [1.5, -4/sqrt(2)]
    let e = group_norm(Threshold::STildeExact, &s, &sigma, 1.0, &m).unwrap();
    assert_eq!(e, (1.5f64 * 1.5 + 8.0).sqrt());
    // Zero curvature under an s-tilde threshold: no minimiser, coordinate named.
    let r = group_norm(Threshold::STildeExact, &[0.0, 1.0], &[0.0, 0.0], 0.0, &m);
    assert_eq!(r, Err(SglError::NoMinimiser { step: 0, coord: 1 }));
    // s_i = 0 at zero curvature is fine (the coordinate is 0).
    assert_eq!(
        group_norm(Threshold::STildeExact, &[0.0, 1.0], &[0.0, 2.0], 0.0, &m).unwrap(),
        1.0
    );
}

#[test]
fn rescale_cases() {
    assert_eq!(rescale(0.5, -3.0, 1.0, 1.0, 0).unwrap(), -0.5);
    assert_eq!(rescale(0.0, -3.0, 0.0, 0.0, 0).unwrap(), 0.0);
    assert_eq!(
        rescale(1.0, -3.0, 0.0, 0.0, 7),
        Err(SglError::NoMinimiser { step: 0, coord: 7 })
    );
    assert!(matches!(
        rescale(1.0, f64::MAX, 0.25, 0.0, 2),
        Err(SglError::Overflow {
            what: "x",
            coord: 2,
            ..
        })
    ));
    assert_eq!(soft_threshold(0.5, 0.5), 0.0);
}

/// The defect of issue 14: with lambda21 = 0 the closed forms zeroed a group
/// whose s^g squares underflow. The minimiser is -z/2 (A = 1, no penalty).
#[test]
fn closed_forms_keep_an_underflowing_group_without_group_term() {
    let inst = underflow_instance();
    let want = vec![5e-171, -5e-172];
    for th in Threshold::ALL {
        assert_eq!(closed_form(&inst, th).unwrap(), want, "{th:?}");
    }
}

/// The certificate's residual is relative to the scale of z: the old output
/// x = 0 has residual z, which is the whole scale (fails); the minimiser passes.
#[test]
fn kkt_residual_is_relative() {
    let inst = underflow_instance();
    let old = certificate(&inst, &[0.0, 0.0]);
    assert!(old.scaled_residual >= 0.5, "{}", old.scaled_residual);
    let new = certificate(&inst, &[5e-171, -5e-172]);
    assert!(new.scaled_residual <= 1e-15, "{}", new.scaled_residual);
}

/// The same instance through `sgl solve`: every closed form and the solver
/// agree on the sign pattern, and the closed forms are exact.
#[test]
fn sgl_solve_underflow_regression() {
    let dir = std::env::temp_dir().join(format!("sgl-prox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("underflow.json");
    std::fs::write(
        &path,
        r#"{"reduced": {"z": [-1e-170, 1e-171], "sigma": [2, 2]},
            "penalty": {"lambda1": 0, "lambda21": 0, "lambda2": 0}, "groups": {"sizes": [2]}}"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args(["solve", "--input"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for m in [
        "closed-form-corrected",
        "closed-form-printed",
        "algorithm1-step",
    ] {
        assert_eq!(v["methods"][m]["x"][0].as_f64(), Some(5e-171), "{m}");
        assert_eq!(v["methods"][m]["x"][1].as_f64(), Some(-5e-172), "{m}");
        let r = v["methods"][m]["kkt_scaled_residual"].as_f64().unwrap();
        assert!(r <= 1e-15, "{m}: {r}");
    }
    let xs = &v["methods"]["solver"]["x"];
    assert!(xs[0].as_f64().unwrap() > 0.0 && xs[1].as_f64().unwrap() < 0.0);
}

/// The printed transcriptions and Algorithm 1 take the same step there: one
/// Group Adam step with lambda = 0 and a gradient whose moments underflow in
/// the norm is not zeroed by any of them.
#[test]
fn printed_and_algorithm1_keep_underflowing_steps() {
    let g = [1e-170, -1e-171];
    let groups = Groups::rows(2, 2).unwrap();
    let pen = Penalty::new(0.0, 0.0, 0.0).unwrap();
    let rule = Adam::new(2, 0.1, 0.0, 0.0, 1e-8, AdamForm::PaperV1).unwrap();
    let mut alg = Algorithm1::new(rule, groups.clone(), pen, Threshold::S, &[0.0, 0.0]).unwrap();
    let x = alg.step(&g).unwrap().to_vec();
    assert!(x[0] < 0.0 && x[1] > 0.0, "{x:?}");
    let mut pr = GroupAdamPrinted::new(
        PaperVersion::V1,
        0.1,
        0.0,
        0.0,
        1e-8,
        groups.clone(),
        pen,
        &[0.0; 2],
    )
    .unwrap();
    assert_eq!(pr.step(&g).unwrap(), x.as_slice());
    let mut ada = GroupAdagradPrinted::new(0.1, 1e-8, groups, pen, &[0.0; 2]).unwrap();
    let xa = ada.step(&g).unwrap().to_vec();
    assert!(xa[0] < 0.0 && xa[1] > 0.0, "{xa:?}");
}
