//! The `Lazy` embedding-table semantics (TensorFlow sparse apply, tfplus):
//! absent rows do not change, bias corrections use the global step, late
//! rows start from the initial value with zero slots. Checked against an
//! independent scalar transcription of TensorFlow's lazy Adam update.

use sgl_oracle::rules::{AdagradForm, AdamForm, RuleSpec};
use sgl_oracle::table::{EmbeddingTable, Semantics, SparseBatch};
use sgl_oracle::{Penalty, Threshold};

fn batch(ids: &[i64], grads: &[&[f64]]) -> SparseBatch {
    SparseBatch {
        ids: ids.to_vec(),
        grads: grads.iter().map(|g| g.to_vec()).collect(),
        hess: None,
    }
}

/// Lazy Adam (Table 1 form, eps outside the root: TensorFlow's
/// epsilon-hat Adam) at lambda = 0 against the scalar update TensorFlow's
/// `LazyAdamOptimizer` applies to the rows in the batch:
/// `m = b1 m + (1-b1) g`, `v = b2 v + (1-b2) g^2`,
/// `x -= lr sqrt(1-b2^T)/(1-b1^T) m/(sqrt(v)+eps)` with the GLOBAL step T.
/// Rows touched at steps {1,2,5,9}, {4,9} and never. Tolerance 1e-13
/// relative: Algorithm 1 forms x through z (Theorem 2 holds in exact
/// arithmetic), a few roundings per step over 9 steps.
#[test]
fn lazy_adam_matches_tensorflow_lazy_adam() {
    let (lr, b1, b2, eps) = (0.1, 0.9, 0.999, 1e-3);
    let spec = RuleSpec::Adam {
        alpha: lr,
        beta1: b1,
        beta2: b2,
        eps,
        form: AdamForm::Table1,
    };
    let x1 = [0.5, -0.25];
    let mut table = EmbeddingTable::new(
        3,
        2,
        Semantics::Lazy,
        &spec,
        Penalty::none(),
        Threshold::S,
        &x1,
    )
    .unwrap();
    let schedule: Vec<Vec<(usize, [f64; 2])>> = vec![
        vec![(0, [1.0, -0.5])],
        vec![(0, [0.2, 0.3])],
        vec![],
        vec![(1, [-0.7, 0.1])],
        vec![(0, [0.05, -0.9])],
        vec![],
        vec![],
        vec![],
        vec![(0, [0.4, 0.4]), (1, [0.3, -0.2])],
    ];
    // Independent transcription.
    let mut x = [x1; 3];
    let mut m = [[0.0; 2]; 3];
    let mut v = [[0.0; 2]; 3];
    for (k, entries) in schedule.iter().enumerate() {
        let t = (k + 1) as i32;
        let step = lr * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
        for (id, g) in entries {
            for j in 0..2 {
                m[*id][j] = b1 * m[*id][j] + (1.0 - b1) * g[j];
                v[*id][j] = b2 * v[*id][j] + (1.0 - b2) * g[j] * g[j];
                x[*id][j] -= step * m[*id][j] / (v[*id][j].sqrt() + eps);
            }
        }
        let ids: Vec<i64> = entries.iter().map(|e| e.0 as i64).collect();
        let gs: Vec<&[f64]> = entries.iter().map(|e| &e.1[..]).collect();
        let before2 = table.row(2).unwrap();
        table.step(&batch(&ids, &gs)).unwrap();
        for id in 0..3 {
            let got = table.row(id).unwrap().x;
            for j in 0..2 {
                let want = x[id][j];
                assert!(
                    (got[j] - want).abs() <= 1e-13 * want.abs().max(1e-300),
                    "t {t} row {id}: {} vs {want}",
                    got[j]
                );
            }
        }
        // Row 2 is never touched: bit-identical state, t stays 0.
        assert_eq!(table.row(2).unwrap(), before2);
        assert_eq!(table.row(2).unwrap().t, 0);
    }
    assert_eq!(table.t(), 9);
    assert_eq!(
        table.row(1).unwrap().t,
        9,
        "row's own t = global step of its last update"
    );
}

/// When every row is in every batch, Lazy and Dense are the same update:
/// bit for bit (the row clock copied from the global clock is the running
/// product the row would have computed itself).
#[test]
fn lazy_equals_dense_when_every_row_is_touched() {
    let spec = RuleSpec::Amsgrad {
        alpha: 0.05,
        beta1: 0.9,
        beta2: 0.99,
        eps: 1e-3,
        form: sgl_oracle::rules::AmsGradForm::Table1,
    };
    let p = Penalty::new(0.05, 0.1, 0.01).unwrap();
    let mk =
        |s| EmbeddingTable::new(4, 2, s, &spec, p, Threshold::STildeExact, &[0.1, 0.2]).unwrap();
    let (mut a, mut b) = (mk(Semantics::Lazy), mk(Semantics::Dense));
    for t in 0..60 {
        let g = |r: usize| {
            [
                ((t * 7 + r * 3) % 11) as f64 / 5.0 - 1.0,
                ((t + r) % 5) as f64 / 4.0 - 0.5,
            ]
        };
        let gs: Vec<[f64; 2]> = (0..4).map(g).collect();
        let refs: Vec<&[f64]> = gs.iter().map(|v| &v[..]).collect();
        let bt = batch(&[3, 0, 2, 1], &[refs[3], refs[0], refs[2], refs[1]]);
        a.step(&bt).unwrap();
        b.step(&bt).unwrap();
        let (va, vb) = (a.values().unwrap(), b.values().unwrap());
        assert_eq!(
            va.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            vb.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }
}

/// "First step" tests read the global step: Adagrad as in Algorithm 3 adds
/// eps to V_1 only; a row first seen at step 3 has `V = g^2` without eps
/// under Lazy, and `V = eps + g^2` under Dense (it took step 1 with g = 0).
#[test]
fn lazy_first_step_is_global() {
    let spec = RuleSpec::Adagrad {
        alpha: 0.5,
        eps: 0.25,
        form: AdagradForm::PaperAlg3,
    };
    for (sem, want) in [(Semantics::Lazy, 0.25), (Semantics::Dense, 0.5)] {
        let mut t =
            EmbeddingTable::new(2, 1, sem, &spec, Penalty::none(), Threshold::S, &[0.0]).unwrap();
        t.step(&batch(&[0], &[&[1.0]])).unwrap();
        t.step(&SparseBatch::default()).unwrap();
        t.step(&batch(&[1], &[&[0.5]])).unwrap();
        assert_eq!(t.row(1).unwrap().v, vec![want], "{sem:?}");
        assert_eq!(
            t.row(0).unwrap().v,
            vec![1.25],
            "{sem:?}: row 0 got eps at t = 1"
        );
    }
}

/// A row first seen late starts from the initial value with zero slots:
/// its first Lazy step at global step T is Adam's first step with the bias
/// correction of step T (Table 1 form: `alpha_T = lr sqrt(1-b2^T)/(1-b1^T)`,
/// m = (1-b1) g, v = (1-b2) g^2), computed here by hand.
#[test]
fn lazy_late_row_starts_from_initial_value() {
    let (lr, b1, b2) = (0.1f64, 0.5f64, 0.75f64);
    let spec = RuleSpec::Adam {
        alpha: lr,
        beta1: b1,
        beta2: b2,
        eps: 0.0,
        form: AdamForm::Table1,
    };
    let mut t = EmbeddingTable::new(
        2,
        1,
        Semantics::Lazy,
        &spec,
        Penalty::none(),
        Threshold::S,
        &[1.0],
    )
    .unwrap();
    for _ in 0..3 {
        t.step(&batch(&[0], &[&[2.0]])).unwrap();
    }
    t.step(&batch(&[1], &[&[2.0]])).unwrap();
    // T = 4: m = 1, v = 1, alpha_4 = 0.1 sqrt(1 - 0.75^4) / (1 - 0.5^4).
    let want = 1.0 - lr * (1.0 - b2.powi(4)).sqrt() / (1.0 - b1.powi(4));
    let got = t.row(1).unwrap();
    assert!(
        (got.x[0] - want).abs() <= 4.0 * f64::EPSILON,
        "{} vs {want}",
        got.x[0]
    );
    assert_eq!(got.m, vec![1.0]);
    assert_eq!(got.v, vec![1.0]);
}
