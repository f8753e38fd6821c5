//! The three AMSGrad forms other than Table 1 (`AmsGradForm::{Reddi,
//! PyTorch, Optax}`, src/rules/amsgrad.rs), each driven through the plain
//! Eq. (1) optimizer and compared with a hand loop of the PUBLISHED
//! algorithm written here from its source (as `adam_paper_v1_is_pytorch_adam`
//! in tests/rules.rs does for Adam). Nothing here calls the crate's rules
//! except the rule under test.
//!
//! Gradients: `g_{t,i} = c_i r^t u_{t,i}` with `r = 0.8`, `u` uniform in
//! `+-[0.5, 1]` and scales `c_i` over four decades (seeded ChaCha). With
//! `beta2 = 0.99` the EMA `v_t` peaks after ~10 steps and then decays, so the
//! running maximum binds (`v^_t = v^_{t-1} > v_t`) on most of the 30 steps;
//! each test asserts how often it binds, because only binding steps tell the
//! max-placement variants apart.
//!
//! Each test then computes, in the test, a WRONG variant that the form must
//! not be mistaken for (a bias-corrected alpha_t for Reddi; the max over the
//! bias-corrected EMA for PyTorch; the max over the raw EMA for optax) and
//! asserts it lies far outside the tolerance from the published loop.

mod common;
use common::{max_rel_err, rng};
use rand::RngExt;
use sgl_oracle::rules::{AmsGrad, AmsGradForm, MomentRule};
use sgl_oracle::PlainOptimizer;

const N: usize = 4;
const T: usize = 30;
const ALPHA: f64 = 0.01;
const B1: f64 = 0.9;
const B2: f64 = 0.99;

/// Decreasing-magnitude gradients (see the module doc) and x_1.
fn setup(seed: u64) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut r = rng(seed);
    let c = [3.0, 0.2, 1e-2, 5e-4];
    let grads = (1..=T)
        .map(|t| {
            (0..N)
                .map(|i| {
                    let u: f64 = r.random_range(0.5..1.0);
                    let s = if r.random_range(0.0..1.0) < 0.5 {
                        -1.0
                    } else {
                        1.0
                    };
                    c[i] * 0.8f64.powi(t as i32) * u * s
                })
                .collect()
        })
        .collect();
    let x1 = (0..N).map(|_| r.random_range(-1.0..1.0)).collect();
    (x1, grads)
}

/// The crate's rule through Eq. (1): iterates x_2..x_{T+1} and the final V.
fn crate_run(form: AmsGradForm, eps: f64, x1: &[f64], grads: &[Vec<f64>]) -> Run {
    let rule = AmsGrad::new(N, ALPHA, B1, B2, eps, form).unwrap();
    let mut p = PlainOptimizer::new(rule, x1).unwrap();
    let xs = grads
        .iter()
        .map(|g| p.step(g, None).unwrap().to_vec())
        .collect();
    Run {
        xs,
        vmax: p.rule().v().to_vec(),
        binds: 0,
    }
}

/// A trajectory, its final running maximum, and the number of (t, i) at
/// which the maximum kept an earlier value (the max "bound").
struct Run {
    xs: Vec<Vec<f64>>,
    vmax: Vec<f64>,
    binds: usize,
}

/// Reddi, Kale & Kumar (ICLR 2018), "On the Convergence of Adam and Beyond",
/// Algorithm 2 (AMSGRAD), with constant beta_{1t} = beta1 and alpha_t = alpha:
///
/// ```text
/// Set m_0 = 0, v_0 = 0 and v^_0 = 0
/// for t = 1 to T do
///   g_t = grad f_t(x_t)
///   m_t = beta_{1t} m_{t-1} + (1 - beta_{1t}) g_t
///   v_t = beta_2 v_{t-1} + (1 - beta_2) g_t^2
///   v^_t = max(v^_{t-1}, v_t) and V^_t = diag(v^_t)
///   x_{t+1} = Pi_{F, sqrt(V^_t)}(x_t - alpha_t m_t / sqrt(v^_t))
/// ```
///
/// Unconstrained (F = R^n, the projection is the identity). No bias
/// correction, no eps. `alpha_scale(t)` multiplies alpha_t: 1 for the
/// algorithm, `sqrt(1-beta2^t)/(1-beta1^t)` for the wrong variant.
fn reddi_alg2(x1: &[f64], grads: &[Vec<f64>], alpha_scale: impl Fn(i32) -> f64) -> Run {
    let (mut x, mut m, mut v, mut vhat) =
        (x1.to_vec(), vec![0.0; N], vec![0.0; N], vec![0.0f64; N]);
    let (mut xs, mut binds) = (vec![], 0);
    for (k, g) in grads.iter().enumerate() {
        let alpha_t = ALPHA * alpha_scale(k as i32 + 1);
        for i in 0..N {
            m[i] = B1 * m[i] + (1.0 - B1) * g[i];
            v[i] = B2 * v[i] + (1.0 - B2) * (g[i] * g[i]);
            binds += usize::from(v[i] < vhat[i]);
            vhat[i] = vhat[i].max(v[i]);
            x[i] -= alpha_t * m[i] / vhat[i].sqrt();
        }
        xs.push(x.clone());
    }
    Run {
        xs,
        vmax: vhat,
        binds,
    }
}

/// PyTorch `torch.optim.Adam(amsgrad=True)`, `_single_tensor_adam`
/// (torch/optim/adam.py, the non-capturable branch), quoted:
///
/// ```text
/// exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
/// exp_avg_sq.mul_(beta2).addcmul_(grad, grad.conj(), value=1 - beta2)
/// bias_correction1 = 1 - beta1 ** step
/// bias_correction2 = 1 - beta2 ** step
/// step_size = lr / bias_correction1
/// bias_correction2_sqrt = math.sqrt(bias_correction2)
/// if amsgrad:
///     # Maintains the maximum of all 2nd moment running avg. till now
///     torch.maximum(max_exp_avg_sqs[i], exp_avg_sq, out=max_exp_avg_sqs[i])
///     # Use the max. for normalizing running avg. of gradient
///     denom = (max_exp_avg_sqs[i].sqrt() / bias_correction2_sqrt).add_(eps)
/// param.addcdiv_(exp_avg, denom, value=-step_size)
/// ```
///
/// `max_over_corrected = true` is the wrong variant: the max taken over
/// `exp_avg_sq / bias_correction2`, root `sqrt(max) + eps`.
fn torch_amsgrad(x1: &[f64], grads: &[Vec<f64>], eps: f64, max_over_corrected: bool) -> Run {
    let (mut x, mut m, mut v, mut vmax) =
        (x1.to_vec(), vec![0.0; N], vec![0.0; N], vec![0.0f64; N]);
    let (mut xs, mut binds) = (vec![], 0);
    for (k, g) in grads.iter().enumerate() {
        let step = (k + 1) as f64;
        // Python's `float ** int` is C pow() on doubles.
        let bc1 = 1.0 - B1.powf(step);
        let bc2 = 1.0 - B2.powf(step);
        let step_size = ALPHA / bc1;
        let bc2_sqrt = bc2.sqrt();
        for i in 0..N {
            m[i] = m[i] * B1 + g[i] * (1.0 - B1);
            v[i] = v[i] * B2 + (1.0 - B2) * (g[i] * g[i]);
            let denom = if max_over_corrected {
                binds += usize::from(v[i] / bc2 < vmax[i]);
                vmax[i] = vmax[i].max(v[i] / bc2);
                vmax[i].sqrt() + eps
            } else {
                binds += usize::from(v[i] < vmax[i]);
                vmax[i] = vmax[i].max(v[i]);
                vmax[i].sqrt() / bc2_sqrt + eps
            };
            // addcdiv_: param + value * tensor1 / tensor2
            x[i] += -step_size * (m[i] / denom);
        }
        xs.push(x.clone());
    }
    Run { xs, vmax, binds }
}

/// optax `amsgrad` = `chain(scale_by_amsgrad(b1, b2, eps, eps_root=0),
/// scale_by_learning_rate(lr))` (optax/_src/alias.py), with
/// `scale_by_amsgrad`'s update (optax/_src/transform.py, defaults
/// `bias_correction_mu=True`, `bias_correction_nu=True`), quoted:
///
/// ```text
/// mu = optax.tree.update_moment(updates, state.mu, b1, 1)
/// nu = optax.tree.update_moment_per_elem_norm(updates, state.nu, b2, 2)
/// count_inc = numerics.safe_increment(state.count)
/// if bias_correction_mu:
///   mu_hat = optax.tree.bias_correction(mu, b1, count_inc)
/// if bias_correction_nu:
///   nu_eff = optax.tree.bias_correction(nu, b2, count_inc)
/// nu_max = jax.tree.map(jnp.maximum, state.nu_max, nu_eff)
/// updates = jax.tree.map(
///     lambda m, v: None if m is None else m / (jnp.sqrt(v + eps_root) + eps),
///     mu_hat, nu_max, ...)
/// ```
///
/// with `update_moment`: `(1 - decay) * (g ** order) + decay * t` and
/// `bias_correction`: `t / (1 - decay**count)`; `scale_by_learning_rate`
/// multiplies by `-lr` and `apply_updates` adds to the parameters.
/// `max_over_raw = true` is the wrong variant: the max taken over the raw
/// `nu` (PyTorch's placement), root `sqrt(max / (1 - b2^t)) + eps`.
fn optax_amsgrad(x1: &[f64], grads: &[Vec<f64>], eps: f64, max_over_raw: bool) -> Run {
    let (mut x, mut mu, mut nu, mut nu_max) =
        (x1.to_vec(), vec![0.0; N], vec![0.0; N], vec![0.0f64; N]);
    let (mut xs, mut binds) = (vec![], 0);
    for (k, g) in grads.iter().enumerate() {
        let count = (k + 1) as f64;
        let bc1 = 1.0 - B1.powf(count);
        let bc2 = 1.0 - B2.powf(count);
        for i in 0..N {
            mu[i] = (1.0 - B1) * g[i] + B1 * mu[i];
            nu[i] = (1.0 - B2) * (g[i] * g[i]) + B2 * nu[i];
            let mu_hat = mu[i] / bc1;
            let root = if max_over_raw {
                binds += usize::from(nu[i] < nu_max[i]);
                nu_max[i] = nu_max[i].max(nu[i]);
                (nu_max[i] / bc2).sqrt()
            } else {
                let nu_eff = nu[i] / bc2;
                binds += usize::from(nu_eff < nu_max[i]);
                nu_max[i] = nu_max[i].max(nu_eff);
                (nu_max[i] + 0.0).sqrt()
            };
            let u = mu_hat / (root + eps);
            x[i] += u * -ALPHA;
        }
        xs.push(x.clone());
    }
    Run {
        xs,
        vmax: nu_max,
        binds,
    }
}

/// Binding steps required of every loop: at least half of the T*N = 120
/// (t, i) pairs (measured with these seeds: Reddi 86, PyTorch 86, optax 114;
/// variants then differ from the published loops by 3e-2 to 6e-2, against
/// crate-vs-loop errors of 0 (Reddi, optax) and 3e-17 (PyTorch)).
const MIN_BINDS: usize = T * N / 2;

/// A wrong variant must be at least this far (relative to the iterate's
/// inf-norm) from the published loop: 1e6 times the largest tolerance used.
const FAR: f64 = 1e-6;

/// Reddi Algorithm 2 (eps = 0: the algorithm has none). Same operations in
/// the same order as the crate's `Reddi` form (EMA, max, `sqrt(V) + 0`,
/// `x - alpha m / sqrt(V)`), so the comparison is bit-exact, state included.
#[test]
fn reddi_form_is_reddi_algorithm2() {
    let (x1, grads) = setup(21);
    let want = reddi_alg2(&x1, &grads, |_| 1.0);
    let got = crate_run(AmsGradForm::Reddi, 0.0, &x1, &grads);
    println!("reddi: max binds at {} of {} (t, i)", want.binds, T * N);
    assert!(
        want.binds >= MIN_BINDS,
        "max binds only {} times",
        want.binds
    );
    assert_eq!(got.xs, want.xs);
    assert_eq!(got.vmax, want.vmax);

    // Wrong variant: Adam's bias-corrected alpha_t.
    let wrong = reddi_alg2(&x1, &grads, |t| {
        (1.0 - B2.powi(t)).sqrt() / (1.0 - B1.powi(t))
    });
    let gap = max_rel_err(&wrong.xs, &want.xs, 1e-300);
    println!("reddi: bias-corrected alpha_t variant differs by {gap:e}");
    assert!(gap > FAR, "{gap:e}");
}

/// PyTorch `Adam(amsgrad=True)`. The EMAs and the max are the same
/// operations as the crate's (state V compared bit for bit); the update is
/// ordered differently (crate: `x - (alpha (m^/bc1)) / (sqrt(V)/sqrt(bc2) +
/// eps)`, PyTorch: `x + (-(lr/bc1)) (m^/denom)`) and beta^t is a running
/// product in the crate, `pow` here. Tolerance: each of these roundings is a
/// few ULPs of the step `alpha |m_t / denom| <= alpha / sqrt(1 - beta2)`
/// (~0.1 here) relative; the bias corrections `1 - beta^t` (t <= 30) amplify
/// the power's error by at most `beta2^t / (1 - beta2^t) < 100`, so each step
/// is off by < 1e-12 of 0.1, and 30 steps by < 1e-12 relative to |x| ~ 1.
#[test]
fn pytorch_form_is_torch_adam_amsgrad() {
    const TOL: f64 = 1e-12;
    let (x1, grads) = setup(22);
    let eps = 1e-8; // torch.optim.Adam's default
    let want = torch_amsgrad(&x1, &grads, eps, false);
    let got = crate_run(AmsGradForm::PyTorch, eps, &x1, &grads);
    println!("py-torch: max binds at {} of {} (t, i)", want.binds, T * N);
    assert!(
        want.binds >= MIN_BINDS,
        "max binds only {} times",
        want.binds
    );
    assert_eq!(got.vmax, want.vmax, "max_exp_avg_sq");
    let err = max_rel_err(&got.xs, &want.xs, 1e-300);
    println!("py-torch: crate vs torch loop {err:e}");
    assert!(err <= TOL, "{err:e}");

    // Wrong variant: the max over the bias-corrected EMA.
    let wrong = torch_amsgrad(&x1, &grads, eps, true);
    let gap = max_rel_err(&wrong.xs, &want.xs, 1e-300);
    println!("py-torch: max-over-corrected-EMA variant differs by {gap:e}");
    assert!(gap > FAR, "{gap:e}");
}

/// optax `amsgrad`. Same EMAs (addition commutes exactly), max over the
/// bias-corrected EMA as in the crate; beta^t by `pow` here (running product
/// in the crate) and the update ordered as optax does
/// (`x + (m^/(sqrt(nu_max)+eps)) (-lr)` against `x - (alpha m^)/r`).
/// Tolerance as for PyTorch (the same rounding budget), and the state's
/// bias-corrected maximum within 1e-13 relative (division by `1 - b2^t`
/// whose power differs by a few ULPs, amplified < 100x).
#[test]
fn optax_form_is_optax_amsgrad() {
    const TOL: f64 = 1e-12;
    let (x1, grads) = setup(23);
    let eps = 1e-8; // optax.amsgrad's default
    let want = optax_amsgrad(&x1, &grads, eps, false);
    let got = crate_run(AmsGradForm::Optax, eps, &x1, &grads);
    println!("optax: max binds at {} of {} (t, i)", want.binds, T * N);
    assert!(
        want.binds >= MIN_BINDS,
        "max binds only {} times",
        want.binds
    );
    for (a, b) in got.vmax.iter().zip(&want.vmax) {
        assert!((a - b).abs() <= 1e-13 * b, "nu_max {a:e} vs {b:e}");
    }
    let err = max_rel_err(&got.xs, &want.xs, 1e-300);
    println!("optax: crate vs optax loop {err:e}");
    assert!(err <= TOL, "{err:e}");

    // Wrong variant: the max over the raw EMA (PyTorch's placement).
    let wrong = optax_amsgrad(&x1, &grads, eps, true);
    let gap = max_rel_err(&wrong.xs, &want.xs, 1e-300);
    println!("optax: max-over-raw-EMA variant differs by {gap:e}");
    assert!(gap > FAR, "{gap:e}");
}

/// The crate's `Reddi` form with eps > 0 is NOT Reddi's Algorithm 2 (which
/// has no eps): it adds eps outside the root. Shown here so that the
/// convention is explicit: equal to the Algorithm-2 loop with
/// `sqrt(v^_t) + eps` bit for bit, and away from Algorithm 2 by the eps
/// effect (measured and printed).
#[test]
fn reddi_form_with_eps_adds_it_outside_the_root() {
    let (x1, grads) = setup(24);
    let eps = 1e-3;
    let got = crate_run(AmsGradForm::Reddi, eps, &x1, &grads);
    let (mut x, mut m, mut v, mut vhat) = (x1.clone(), vec![0.0; N], vec![0.0; N], vec![0.0f64; N]);
    let mut want = vec![];
    for g in &grads {
        for i in 0..N {
            m[i] = B1 * m[i] + (1.0 - B1) * g[i];
            v[i] = B2 * v[i] + (1.0 - B2) * (g[i] * g[i]);
            vhat[i] = vhat[i].max(v[i]);
            x[i] -= ALPHA * m[i] / (vhat[i].sqrt() + eps);
        }
        want.push(x.clone());
    }
    assert_eq!(got.xs, want);
    let alg2 = reddi_alg2(&x1, &grads, |_| 1.0);
    let gap = max_rel_err(&got.xs, &alg2.xs, 1e-300);
    println!("reddi with eps = {eps}: distance from Algorithm 2 (no eps) {gap:e}");
    assert!(gap > 0.0);
}
