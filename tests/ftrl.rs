//! "When lambda21 = 0, Algorithm 3 is equivalent to FTRL [11]" (Section 2.2),
//! checked against FTRL-Proximal written from McMahan et al. 2013
//! (src/ftrl.rs, no shared code with Algorithm 1).
//!
//! The claim holds only under a mapping the paper does not state:
//! beta = 0, x_1 = 0 (FTRL's first weights are 0), n_0 = eps (Algorithm 3
//! adds eps to V_1), and lambda2_FTRL = 2 lambda2 (FTRL's l2 term is
//! lambda2/2 ||w||^2, the paper's is lambda2 ||x||^2).
//!
//! Tolerance 1e-12 relative to the iterate's inf-norm: the two recursions
//! compute sigma_t = (sqrt(n_t) - sqrt(n_{t-1}))/alpha in the same way but
//! Algorithm 1 forms it as sqrt(V_t)/alpha - sqrt(V_{t-1})/alpha, a few ULPs
//! apart per step (observed ~1e-15).

mod common;
use common::*;
use sgl_oracle::ftrl::FtrlProximal;
use sgl_oracle::objectives::{LinearProblem, Objective, ObjectiveKind};
use sgl_oracle::rules::{Adagrad, AdagradForm};
use sgl_oracle::{Algorithm1, Groups, Penalty, Threshold};

fn run_pair(
    eps: f64,
    l1: f64,
    l2: f64,
    l2_ftrl: f64,
    n0: f64,
    x1: &[f64],
    form: AdagradForm,
    seed: u64,
) -> f64 {
    let n = x1.len();
    let prob = LinearProblem::synthetic(ObjectiveKind::Logistic, n, 300, 2, seed).unwrap();
    let rule = Adagrad::new(n, 0.5, eps, form).unwrap();
    let mut alg = Algorithm1::new(
        rule,
        Groups::rows(n, 2).unwrap(),
        Penalty::new(l1, 0.0, l2).unwrap(),
        Threshold::S,
        x1,
    )
    .unwrap();
    let mut ftrl = FtrlProximal::new(n, 0.5, 0.0, l1, l2_ftrl, n0).unwrap();
    let (mut a, mut b) = (vec![], vec![]);
    for t in 1..=300 {
        let ga = prob.eval(t, alg.x()).unwrap().grad;
        let gb = prob.eval(t, ftrl.w()).unwrap().grad;
        a.push(alg.step(&ga).unwrap().to_vec());
        b.push(ftrl.step(&gb).unwrap().to_vec());
    }
    max_rel_err(&a, &b, 1e-12)
}

#[test]
fn group_adagrad_is_ftrl_under_the_documented_mapping() {
    let zero = vec![0.0; 6];
    for seed in 0..4 {
        for (eps, l1, l2) in [(0.1, 0.01, 0.001), (1e-6, 0.0, 0.0), (0.5, 0.05, 0.0)] {
            let err = run_pair(
                eps,
                l1,
                l2,
                2.0 * l2,
                eps,
                &zero,
                AdagradForm::PaperAlg3,
                seed,
            );
            assert!(err <= 1e-12, "seed {seed} eps {eps}: {err:e}");
        }
    }
}

#[test]
fn tensorflow_initial_accumulator_form_is_ftrl() {
    let zero = vec![0.0; 6];
    let err = run_pair(
        0.0,
        0.01,
        0.001,
        0.002,
        0.1,
        &zero,
        AdagradForm::InitialAccumulator { n0: 0.1 },
        3,
    );
    assert!(err <= 1e-12, "{err:e}");
}

#[test]
fn the_mapping_is_necessary() {
    let zero = vec![0.0; 6];
    // lambda2 not doubled:
    assert!(run_pair(0.1, 0.01, 0.01, 0.01, 0.1, &zero, AdagradForm::PaperAlg3, 1) > 1e-4);
    // n0 != eps:
    assert!(run_pair(0.1, 0.01, 0.0, 0.0, 0.0, &zero, AdagradForm::PaperAlg3, 1) > 1e-4);
    // x1 != 0 (FTRL cannot start elsewhere than 0):
    let x1 = vec![0.3; 6];
    assert!(run_pair(0.1, 0.01, 0.0, 0.0, 0.1, &x1, AdagradForm::PaperAlg3, 1) > 1e-4);
}
