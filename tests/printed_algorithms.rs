//! Algorithms 2 and 3 as printed (src/printed.rs, a literal transcription
//! that shares no code with Algorithm 1) against Algorithm 1 with a rule,
//! and erratum E2 (paper v2's eps line breaks Theorem 2).
//!
//! Tolerance 1e-11 relative to the iterate's inf-norm: both paths compute the
//! same real numbers in a different operation order (Q_t x_t / alpha versus
//! (sigma_t - sigma_{t-1}) x_t), so they differ by accumulated rounding only
//! (observed <= 1e-13 over 200 steps); 1e-11 leaves room for the 1/(1-beta^t)
//! amplification at small t.

mod common;
use common::*;
use sgl_oracle::printed::{GroupAdagradPrinted, GroupAdamPrinted, PaperVersion};
use sgl_oracle::rules::*;
use sgl_oracle::{Algorithm1, Groups, Penalty, PlainOptimizer, Threshold};

const TOL: f64 = 1e-11;

#[test]
fn algorithm2_v1_printed_is_algorithm1_with_adam_paper_v1() {
    for seed in 0..4u64 {
        let mut r = rng(seed);
        let n = 8;
        let grads = gradients(&mut r, n, 200);
        let x1 = uniform(&mut r, n, 0.5);
        let pen = Penalty::new(0.05, 0.5, 1e-4).unwrap();
        let groups = Groups::from_sizes(&[1, 3, 4]).unwrap();
        let mut printed = GroupAdamPrinted::new(
            PaperVersion::V1,
            0.01,
            0.9,
            0.999,
            1e-8,
            groups.clone(),
            pen,
            &x1,
        )
        .unwrap();
        let rule = Adam::new(n, 0.01, 0.9, 0.999, 1e-8, AdamForm::PaperV1).unwrap();
        let mut alg = Algorithm1::new(rule, groups, pen, Threshold::S, &x1).unwrap();
        let (mut a, mut b) = (vec![], vec![]);
        let mut zeros = 0;
        for g in &grads {
            a.push(printed.step(g).unwrap().to_vec());
            let x = alg.step(g).unwrap().to_vec();
            zeros += x.iter().filter(|v| **v == 0.0).count();
            b.push(x);
        }
        assert!(
            zeros > 0,
            "the penalties must bite for this test to mean something"
        );
        let err = max_rel_err(&a, &b, 1e-300);
        assert!(err <= TOL, "seed {seed}: {err:e}");
    }
}

#[test]
fn algorithm3_printed_is_algorithm1_with_adagrad_alg3() {
    for seed in 0..4u64 {
        let mut r = rng(10 + seed);
        let n = 6;
        let grads = gradients(&mut r, n, 200);
        let x1 = uniform(&mut r, n, 0.5);
        let pen = Penalty::new(0.05, 0.5, 1e-3).unwrap();
        let groups = Groups::rows(n, 3).unwrap();
        let mut printed = GroupAdagradPrinted::new(0.1, 1e-6, groups.clone(), pen, &x1).unwrap();
        let rule = Adagrad::new(n, 0.1, 1e-6, AdagradForm::PaperAlg3).unwrap();
        let mut alg = Algorithm1::new(rule, groups, pen, Threshold::S, &x1).unwrap();
        let (mut a, mut b) = (vec![], vec![]);
        let mut zeros = 0;
        for g in &grads {
            a.push(printed.step(g).unwrap().to_vec());
            let x = alg.step(g).unwrap().to_vec();
            zeros += x.iter().filter(|v| **v == 0.0).count();
            b.push(x);
        }
        assert!(
            zeros > 0,
            "the penalties must bite for this test to mean something"
        );
        let err = max_rel_err(&a, &b, 1e-300);
        assert!(err <= TOL, "seed {seed}: {err:e}");
    }
}

/// TensorFlow's Adam, written from its documentation (epsilon-hat form):
/// lr_t = lr sqrt(1-b2^t)/(1-b1^t); x -= lr_t m / (sqrt(v) + eps).
fn tf_adam(x1: &[f64], grads: &[Vec<f64>], lr: f64, b1: f64, b2: f64, eps: f64) -> Vec<Vec<f64>> {
    let n = x1.len();
    let (mut x, mut m, mut v) = (x1.to_vec(), vec![0.0; n], vec![0.0; n]);
    let (mut p1, mut p2) = (1.0, 1.0);
    let mut out = vec![];
    for g in grads {
        p1 *= b1;
        p2 *= b2;
        let lr_t = lr * (1.0 - p2).sqrt() / (1.0 - p1);
        for i in 0..n {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            x[i] -= lr_t * m[i] / (v[i].sqrt() + eps);
        }
        out.push(x.clone());
    }
    out
}

/// Erratum E2, minimal counterexample: n = 1, two steps, lambdas 0.
/// Printed Algorithm 2 of paper v2 puts eps_1 into Q_1 only (line 9) but
/// divides by sqrt(V_t) + eps_t (line 14), so sum_s Q_s != sqrt(V_t) + eps_t
/// for t >= 2 and the induction of Appendix B breaks: x_3 differs from Adam's.
#[test]
fn erratum_e2_paper_v2_printed_breaks_theorem2() {
    let x1 = [1.0];
    let grads = vec![vec![0.5], vec![-0.25]];
    let (lr, b1, b2, eps) = (0.1, 0.9, 0.999, 0.1);
    let groups = Groups::single(1).unwrap();
    let mut printed = GroupAdamPrinted::new(
        PaperVersion::V2,
        lr,
        b1,
        b2,
        eps,
        groups.clone(),
        Penalty::none(),
        &x1,
    )
    .unwrap();
    let p: Vec<Vec<f64>> = grads
        .iter()
        .map(|g| printed.step(g).unwrap().to_vec())
        .collect();
    let tf = tf_adam(&x1, &grads, lr, b1, b2, eps);
    // Step 1 agrees (Q_1 carries eps_1, line 14 uses eps_1).
    assert!((p[0][0] - tf[0][0]).abs() <= 1e-15);
    // Step 2 does not: the gap is the x_2 (eps_1 - eps_2)/(sqrt(V_2)+eps_2) term.
    let gap = (p[1][0] - tf[1][0]).abs();
    assert!(
        gap > 1e-3,
        "printed v2 should depart from Adam, gap {gap:e}"
    );
    // The corrected form (Q_t = difference of consecutive roots incl. eps_t)
    // restores Theorem 2: Algorithm 1 with AdamForm::PaperV2 equals TF Adam.
    let rule = Adam::new(1, lr, b1, b2, eps, AdamForm::PaperV2).unwrap();
    let mut alg = Algorithm1::new(rule, groups, Penalty::none(), Threshold::S, &x1).unwrap();
    let c: Vec<Vec<f64>> = grads
        .iter()
        .map(|g| alg.step(g).unwrap().to_vec())
        .collect();
    assert!(max_rel_err(&c, &tf, 1e-300) <= 1e-14);
}

#[test]
fn paper_v2_consistent_and_tfplus_and_table1_equal_tensorflow_adam() {
    let mut r = rng(21);
    let n = 5;
    let grads = gradients(&mut r, n, 300);
    let x1 = uniform(&mut r, n, 1.0);
    let tf = tf_adam(&x1, &grads, 0.01, 0.9, 0.999, 1e-3);
    for form in [AdamForm::PaperV2, AdamForm::Tfplus, AdamForm::Table1] {
        let rule = Adam::new(n, 0.01, 0.9, 0.999, 1e-3, form).unwrap();
        let mut alg = Algorithm1::new(
            rule.clone(),
            Groups::single(n).unwrap(),
            Penalty::none(),
            Threshold::S,
            &x1,
        )
        .unwrap();
        let a: Vec<Vec<f64>> = grads
            .iter()
            .map(|g| alg.step(g).unwrap().to_vec())
            .collect();
        let err = max_rel_err(&a, &tf, 1e-300);
        assert!(err <= 1e-10, "{form:?}: {err:e}");
    }
    // ... while PaperV1 (eps outside the root of the corrected V) is PyTorch's
    // Adam and differs from TensorFlow's once eps matters.
    let rule = Adam::new(n, 0.01, 0.9, 0.999, 1e-3, AdamForm::PaperV1).unwrap();
    let mut plain = PlainOptimizer::new(rule, &x1).unwrap();
    let a: Vec<Vec<f64>> = grads
        .iter()
        .map(|g| plain.step(g, None).unwrap().to_vec())
        .collect();
    assert!(max_rel_err(&a, &tf, 1e-300) > 1e-6);
}

/// With lambdas > 0, Table 1's Adam row (un-corrected m in z) and Algorithm 2
/// (bias-corrected m in z) are different optimizers even though both reduce
/// to Adam at lambda = 0: the l1 threshold meets z on different scales.
#[test]
fn table1_adam_and_algorithm2_differ_once_lambda1_bites() {
    let mut r = rng(5);
    let n = 4;
    let grads = gradients(&mut r, n, 30);
    let x1 = uniform(&mut r, n, 0.1);
    let pen = Penalty::new(0.05, 0.0, 0.0).unwrap();
    let run = |form| {
        let rule = Adam::new(n, 0.01, 0.9, 0.999, 1e-8, form).unwrap();
        let mut alg =
            Algorithm1::new(rule, Groups::singletons(n).unwrap(), pen, Threshold::S, &x1).unwrap();
        grads
            .iter()
            .map(|g| alg.step(g).unwrap().to_vec())
            .collect::<Vec<_>>()
    };
    let a = run(AdamForm::Table1);
    let b = run(AdamForm::PaperV1);
    assert!(max_rel_err(&a, &b, 1e-12) > 1e-3);
}

/// Reading v2's line 8 as a cumulative assignment makes eps grow like
/// prod_s (1 - beta2^s)^{-1/2}: with beta2 = 0.999 it overflows to +inf
/// within a few thousand steps and every x collapses to 0. The per-step
/// reading is therefore the only sensible one.
#[test]
fn paper_v2_cumulative_reading_collapses() {
    let n = 2;
    let mut r = rng(8);
    let grads = gradients(&mut r, n, 3000);
    let x1 = vec![0.5, -0.5];
    let mut printed = GroupAdamPrinted::new(
        PaperVersion::V2Cumulative,
        0.01,
        0.9,
        0.999,
        1e-8,
        Groups::singletons(n).unwrap(),
        Penalty::none(),
        &x1,
    )
    .unwrap();
    let mut last = vec![];
    for g in &grads {
        last = printed.step(g).unwrap().to_vec();
    }
    assert_eq!(last, vec![0.0, 0.0]);
    let tf = tf_adam(&x1, &grads, 0.01, 0.9, 0.999, 1e-8);
    assert!(tf.last().unwrap().iter().all(|v| *v != 0.0));
}
