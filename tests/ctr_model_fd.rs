//! The hand-derived backward passes of the DCN and the MLP
//! (`sgl_oracle::ctr::model`) against central finite differences of the loss.
//!
//! Tolerance: central differences with step h have truncation error
//! `h^2 |f'''| / 6` and rounding error about `eps |f| / h`. With h = 1e-5,
//! |f| ~ 1 (a mean log-loss) and third derivatives of order 1 here, both
//! are below 1e-10, so `|fd - analytic| <= 1e-7 + 1e-6 |analytic|` leaves
//! three orders of margin while a missing or wrong term (of the size of the
//! gradient entries, checked to exceed 1e-3 below) cannot pass. ReLU kinks:
//! a difference straddling `a = 0` would be wrong by O(|dW|); the seeded
//! inputs keep every pre-activation away from 0 by more than h times its
//! slope (the test would fail otherwise).

use sgl_oracle::ctr::model::{sparse_rows, Model, ModelConfig, ModelKind};
use sgl_oracle::ctr::{mix64, unit, Batch};

const H: f64 = 1e-5;

fn close(fd: f64, an: f64) -> bool {
    (fd - an).abs() <= 1e-7 + 1e-6 * an.abs()
}

fn inputs(model: &Model, batch: usize, seed: u64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let dense: Vec<f64> = model
        .init_dense(seed)
        .iter()
        .enumerate()
        // Non-zero biases too, so their gradients are exercised off zero.
        .map(|(i, &v)| v + 0.1 * (2.0 * unit(mix64(seed ^ (i as u64 + 77))) - 1.0))
        .collect();
    let emb: Vec<f64> = (0..batch * model.input_len())
        .map(|i| 2.0 * unit(mix64(seed.wrapping_mul(31) ^ i as u64)) - 1.0)
        .collect();
    let labels: Vec<f64> = (0..batch).map(|i| (i % 2) as f64).collect();
    (dense, emb, labels)
}

fn check(cfg: ModelConfig, seed: u64) {
    let model = Model::new(cfg).unwrap();
    let batch = 4;
    let (mut dense, mut emb, labels) = inputs(&model, batch, seed);
    let mut gd = vec![0.0; model.dense_len()];
    let mut ge = vec![0.0; emb.len()];
    let loss = model
        .loss_and_grad(&dense, &emb, &labels, &mut gd, &mut ge)
        .unwrap();
    assert!((loss - model.loss(&dense, &emb, &labels).unwrap()).abs() <= 1e-14);
    let mut bad = Vec::new();
    for i in 0..dense.len() {
        let v = dense[i];
        dense[i] = v + H;
        let up = model.loss(&dense, &emb, &labels).unwrap();
        dense[i] = v - H;
        let dn = model.loss(&dense, &emb, &labels).unwrap();
        dense[i] = v;
        let fd = (up - dn) / (2.0 * H);
        if !close(fd, gd[i]) {
            bad.push(("dense", i, fd, gd[i]));
        }
    }
    for i in 0..emb.len() {
        let v = emb[i];
        emb[i] = v + H;
        let up = model.loss(&dense, &emb, &labels).unwrap();
        emb[i] = v - H;
        let dn = model.loss(&dense, &emb, &labels).unwrap();
        emb[i] = v;
        let fd = (up - dn) / (2.0 * H);
        if !close(fd, ge[i]) {
            bad.push(("embedding", i, fd, ge[i]));
        }
    }
    assert!(
        bad.is_empty(),
        "{} mismatches, first: {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    // Not vacuous: the gradients are far from zero.
    let max = |v: &[f64]| v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    assert!(
        max(&gd) > 1e-3 && max(&ge) > 1e-3,
        "{} {}",
        max(&gd),
        max(&ge)
    );
}

#[test]
fn dcn_paper_layout_backward_matches_finite_differences() {
    // Two cross layers, two deep layers of 64, d = 8 (v2, Section 4.1 c), 3 fields.
    check(ModelConfig::dcn(3, 8), 1);
}

#[test]
fn mlp_paper_layout_backward_matches_finite_differences() {
    // Hidden layers 64, 32, 16 (v2, Section 4.1 a), 3 fields, d = 4.
    check(ModelConfig::mlp(3, 4), 2);
}

#[test]
fn dcn_variants_backward_match_finite_differences() {
    // Cross layers alone, and a deeper cross stack with a small deep part.
    for (cross, deep, seed) in [(2, vec![], 3), (3, vec![5, 3], 4), (0, vec![7], 5)] {
        let cfg = ModelConfig {
            kind: ModelKind::Dcn,
            fields: 2,
            dim: 3,
            cross_layers: cross,
            deep,
        };
        check(cfg, seed);
    }
}

#[test]
fn sparse_rows_sums_repeated_ids_in_id_order() {
    let b = Batch {
        fields: 2,
        labels: vec![0.0, 1.0, 1.0],
        ids: vec![7, 3, 3, 7, 5, 3],
    };
    // d = 2; entry k of occurrence j is 10 j + k.
    let g: Vec<f64> = (0..6)
        .flat_map(|j| [10.0 * j as f64, 10.0 * j as f64 + 1.0])
        .collect();
    let rows = sparse_rows(&b, &g, 2).unwrap();
    // id 3 at occurrences 1, 2, 5; id 5 at 4; id 7 at 0, 3 (summed by hand).
    assert_eq!(
        rows,
        vec![
            (3, vec![80.0, 83.0]),
            (5, vec![40.0, 41.0]),
            (7, vec![30.0, 32.0]),
        ]
    );
}

#[test]
fn wrong_sizes_are_errors() {
    let model = Model::new(ModelConfig::dcn(2, 2)).unwrap();
    let dense = model.init_dense(0);
    assert!(model.logits(&dense, &[0.0; 3], 1).is_err());
    assert!(model.logits(&dense[1..], &[0.0; 4], 1).is_err());
    assert!(Model::new(ModelConfig::dcn(0, 8)).is_err());
    assert!(Model::new(ModelConfig {
        cross_layers: 2,
        ..ModelConfig::mlp(2, 2)
    })
    .is_err());
}
