//! Each moment rule, driven through Eq. (1), against the optimizer written
//! from its authors' / framework's documentation in a plain loop here
//! ([Tab1] rows and their real-world conventions).
//!
//! Tolerance 1e-12 relative to the iterate's inf-norm: same real numbers,
//! different operation order (e.g. PyTorch divides sqrt(v) by
//! sqrt(1-beta2^t), we take sqrt(v/(1-beta2^t))), a few ULPs per step.

mod common;
use common::*;
use sgl_oracle::rules::*;
use sgl_oracle::PlainOptimizer;

const TOL: f64 = 1e-12;

fn drive<R: MomentRule>(rule: R, x1: &[f64], grads: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut p = PlainOptimizer::new(rule, x1).unwrap();
    grads
        .iter()
        .map(|g| p.step(g, Some(g)).unwrap().to_vec())
        .collect()
}

fn setup(seed: u64) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut r = rng(seed);
    let g = gradients(&mut r, 5, 200);
    (uniform(&mut r, 5, 1.0), g)
}

#[test]
fn momentum_is_pytorch_sgd_momentum() {
    let (x1, grads) = setup(1);
    let (lr, mu) = (0.01, 0.9);
    let (mut x, mut buf) = (x1.clone(), vec![0.0; 5]);
    let mut want = vec![];
    for g in &grads {
        for i in 0..5 {
            buf[i] = mu * buf[i] + g[i];
            x[i] -= lr * buf[i];
        }
        want.push(x.clone());
    }
    let got = drive(Momentum::new(5, lr, mu).unwrap(), &x1, &grads);
    assert!(max_rel_err(&got, &want, 1e-300) <= TOL);
}

#[test]
fn sgd_table1_schedule_is_alpha_over_sqrt_t() {
    let (x1, grads) = setup(2);
    let mut x = x1.clone();
    let mut want = vec![];
    for (t, g) in grads.iter().enumerate() {
        let a = 0.1 / ((t + 1) as f64).sqrt();
        for i in 0..5 {
            x[i] -= a * g[i];
        }
        want.push(x.clone());
    }
    let got = drive(
        Sgd::new(5, 0.1, SgdSchedule::InvSqrtT).unwrap(),
        &x1,
        &grads,
    );
    assert!(max_rel_err(&got, &want, 1e-300) <= TOL);
}

#[test]
fn adagrad_forms() {
    let (x1, grads) = setup(3);
    let (lr, eps) = (0.1, 1e-4);
    // Algorithm 3 / Duchi et al. with eps inside the root, added once.
    let (mut x, mut acc) = (x1.clone(), vec![eps; 5]);
    let (mut y, mut acc2) = (x1.clone(), vec![0.0; 5]);
    let (mut want, mut want_pt) = (vec![], vec![]);
    for g in &grads {
        for i in 0..5 {
            acc[i] += g[i] * g[i];
            x[i] -= lr * g[i] / acc[i].sqrt();
            // PyTorch Adagrad: std = sqrt(state_sum) + eps
            acc2[i] += g[i] * g[i];
            y[i] -= lr * g[i] / (acc2[i].sqrt() + eps);
        }
        want.push(x.clone());
        want_pt.push(y.clone());
    }
    for form in [AdagradForm::PaperAlg3, AdagradForm::Table1] {
        let got = drive(Adagrad::new(5, lr, eps, form).unwrap(), &x1, &grads);
        assert!(max_rel_err(&got, &want, 1e-300) <= TOL, "{form:?}");
    }
    let got = drive(
        Adagrad::new(5, lr, eps, AdagradForm::EpsOutsideSqrt).unwrap(),
        &x1,
        &grads,
    );
    assert!(max_rel_err(&got, &want_pt, 1e-300) <= TOL);
}

/// PyTorch Adam (amsgrad = False / True), from torch.optim.Adam's docs.
fn torch_adam(x1: &[f64], grads: &[Vec<f64>], amsgrad: bool) -> Vec<Vec<f64>> {
    let (lr, b1, b2, eps): (f64, f64, f64, f64) = (0.01, 0.9, 0.999, 1e-3);
    let n = x1.len();
    let (mut x, mut m, mut v, mut vmax) = (
        x1.to_vec(),
        vec![0.0f64; n],
        vec![0.0f64; n],
        vec![0.0f64; n],
    );
    let mut out = vec![];
    for (k, g) in grads.iter().enumerate() {
        let t = (k + 1) as i32;
        let bc1 = 1.0 - b1.powi(t);
        let bc2 = 1.0 - b2.powi(t);
        for i in 0..n {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let denom = if amsgrad {
                vmax[i] = vmax[i].max(v[i]);
                vmax[i].sqrt() / bc2.sqrt() + eps
            } else {
                v[i].sqrt() / bc2.sqrt() + eps
            };
            x[i] -= lr / bc1 * m[i] / denom;
        }
        out.push(x.clone());
    }
    out
}

#[test]
fn adam_paper_v1_is_pytorch_adam() {
    let (x1, grads) = setup(4);
    let got = drive(
        Adam::new(5, 0.01, 0.9, 0.999, 1e-3, AdamForm::PaperV1).unwrap(),
        &x1,
        &grads,
    );
    let want = torch_adam(&x1, &grads, false);
    let err = max_rel_err(&got, &want, 1e-300);
    assert!(err <= TOL, "{err:e}");
}

#[test]
fn amsgrad_pytorch_form_is_pytorch_amsgrad() {
    let (x1, grads) = setup(5);
    let got = drive(
        AmsGrad::new(5, 0.01, 0.9, 0.999, 1e-3, AmsGradForm::PyTorch).unwrap(),
        &x1,
        &grads,
    );
    let want = torch_adam(&x1, &grads, true);
    assert!(max_rel_err(&got, &want, 1e-300) <= TOL);
}

/// optax.amsgrad: nu_hat = bias-corrected nu, nu_max = max(nu_max, nu_hat),
/// update = mu_hat / (sqrt(nu_max) + eps).
#[test]
fn amsgrad_optax_form_is_optax_amsgrad() {
    let (x1, grads) = setup(6);
    let (lr, b1, b2, eps): (f64, f64, f64, f64) = (0.01, 0.9, 0.999, 1e-3);
    let n = 5;
    let (mut x, mut m, mut v, mut vmax) = (
        x1.clone(),
        vec![0.0f64; n],
        vec![0.0f64; n],
        vec![0.0f64; n],
    );
    let mut want = vec![];
    for (k, g) in grads.iter().enumerate() {
        let t = (k + 1) as i32;
        for i in 0..n {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let nu_hat = v[i] / (1.0 - b2.powi(t));
            vmax[i] = vmax[i].max(nu_hat);
            x[i] -= lr * (m[i] / (1.0 - b1.powi(t))) / (vmax[i].sqrt() + eps);
        }
        want.push(x.clone());
    }
    let got = drive(
        AmsGrad::new(n, lr, b1, b2, eps, AmsGradForm::Optax).unwrap(),
        &x1,
        &grads,
    );
    assert!(max_rel_err(&got, &want, 1e-300) <= TOL);
}

/// The AMSGrad conventions are genuinely different optimizers: Table 1's
/// recursion (EMA of the maximised sequence), Reddi's (max of a separate
/// EMA), PyTorch's (max before bias correction) and optax's (max after).
#[test]
fn amsgrad_forms_differ_pairwise() {
    let (x1, grads) = setup(7);
    let forms = [
        AmsGradForm::Table1,
        AmsGradForm::Reddi,
        AmsGradForm::PyTorch,
        AmsGradForm::Optax,
    ];
    let runs: Vec<_> = forms
        .iter()
        .map(|f| {
            drive(
                AmsGrad::new(5, 0.01, 0.9, 0.999, 1e-8, *f).unwrap(),
                &x1,
                &grads,
            )
        })
        .collect();
    for a in 0..forms.len() {
        for b in a + 1..forms.len() {
            let d = max_rel_err(&runs[a], &runs[b], 1e-300);
            assert!(d > 1e-6, "{:?} vs {:?}: {d:e}", forms[a], forms[b]);
        }
    }
}

#[test]
fn adahessian_uses_the_hessian_diagonal_not_the_gradient() {
    let (x1, grads) = setup(8);
    let mut r = rng(80);
    let hess = gradients(&mut r, 5, 200);
    let rule = AdaHessian::new(5, 0.01, 0.9, 0.999, 1e-8, AdamForm::PaperV1).unwrap();
    let mut p = PlainOptimizer::new(rule.clone(), &x1).unwrap();
    // Reference: Adam's update with g^2 replaced by D^2 in the second moment.
    let (b1, b2): (f64, f64) = (0.9, 0.999);
    let (mut x, mut m, mut v) = (x1.clone(), vec![0.0; 5], vec![0.0; 5]);
    for (k, (g, d)) in grads.iter().zip(&hess).enumerate() {
        let t = (k + 1) as i32;
        for i in 0..5 {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * d[i] * d[i];
            x[i] -=
                0.01 * (m[i] / (1.0 - b1.powi(t))) / ((v[i] / (1.0 - b2.powi(t))).sqrt() + 1e-8);
        }
        let got = p.step(g, Some(d)).unwrap();
        let scale = x.iter().fold(1e-300f64, |a, b| a.max(b.abs()));
        for i in 0..5 {
            assert!((got[i] - x[i]).abs() <= TOL * scale);
        }
    }
    // Without D_t the rule refuses with a typed error.
    let mut p = PlainOptimizer::new(rule, &x1).unwrap();
    assert!(matches!(
        p.step(&grads[0], None),
        Err(sgl_oracle::SglError::MissingHessian(_))
    ));
}
