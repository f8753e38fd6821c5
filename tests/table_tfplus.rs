//! The tfplus kernels as named options: each against the Algorithm 1 form
//! it should equal where it does, and the departures the source shows.
//!
//! Tolerances: the tfplus kernels and Algorithm 1 order the same sums
//! differently (z in units of lr, `(sqrt(n') - sqrt(n))/lr` against
//! `sqrt(n')/lr - sqrt(n)/lr`), so agreement is to rounding, not bits:
//! 1e-9 absolute on x over <= 120 steps of O(1) gradients (each step adds a
//! few ulps of |z| <= ~1e2; dividing by a curvature >= ~1e-1 keeps it far
//! below 1e-9). A flipped zero/non-zero decision would show as an O(1e-2)
//! difference and fail.

use sgl_oracle::rules::{AdagradForm, AdamForm, RuleSpec};
use sgl_oracle::table::tfplus::{Blacklist, TfplusKernel, TfplusKernelKind, TfplusTable};
use sgl_oracle::table::zipf::{ZipfSpec, ZipfStream};
use sgl_oracle::table::{EmbeddingTable, Semantics, SparseBatch};
use sgl_oracle::{Penalty, Threshold};

const R: usize = 40;
const D: usize = 4;

fn stream(seed: u64) -> ZipfStream {
    ZipfStream::new(
        ZipfSpec {
            seed,
            batch: 8,
            exponent: 1.1,
            scale: 1.0,
            amplitude: 0.6,
            period: 30,
            hessian: false,
        },
        R,
        D,
    )
}

fn kernel(kind: TfplusKernelKind) -> TfplusKernel {
    TfplusKernel {
        kind,
        lr_decay: 1.0,
        blacklist: Blacklist::Tfplus,
    }
}

/// Runs both on the same batches; returns (max |x_tf - x_alg|, rows zeroed
/// by the tfplus kernel at the end).
fn run_pair(tf: &mut TfplusTable, alg: &mut EmbeddingTable, steps: u64, seed: u64) -> (f64, usize) {
    let mut s = stream(seed);
    let mut worst = 0.0f64;
    for _ in 0..steps {
        let b = s.next_batch();
        tf.step(&b).unwrap();
        alg.step(&b).unwrap();
        let (a, c) = (tf.values(), alg.values().unwrap());
        for (p, q) in a.iter().zip(&c) {
            worst = worst.max((p - q).abs());
        }
    }
    let v = tf.values();
    let zeroed = (0..R)
        .filter(|r| v[r * D..(r + 1) * D].iter().all(|&x| x == 0.0))
        .count();
    (worst, zeroed)
}

fn lazy(spec: RuleSpec, p: Penalty, x1: &[f64]) -> EmbeddingTable {
    EmbeddingTable::new(R, D, Semantics::Lazy, &spec, p, Threshold::S, x1).unwrap()
}

const X1: [f64; 4] = [0.05, -0.05, 0.02, 0.0];

/// Group Adam V4 with eps = 0 and a constant lr is Algorithm 1 with the
/// `tfplus` Adam form under Lazy semantics (z_V4 = lr z, lambdas x lr).
#[test]
fn group_adam_v4_is_lazy_algorithm1_when_eps_is_zero() {
    let (lr, b1, b2) = (0.05, 0.9, 0.999);
    let (l1, l2, l21) = (0.1, 0.01, 0.2);
    let mut tf = TfplusTable::new(
        R,
        D,
        kernel(TfplusKernelKind::GroupAdamV4 {
            lr,
            beta1: b1,
            beta2: b2,
            epsilon: 0.0,
            l1,
            l2,
            l21,
        }),
        &X1,
    )
    .unwrap();
    let mut alg = lazy(
        RuleSpec::Adam {
            alpha: lr,
            beta1: b1,
            beta2: b2,
            eps: 0.0,
            form: AdamForm::Tfplus,
        },
        Penalty::new(l1, l21, l2).unwrap(),
        &X1,
    );
    let (worst, zeroed) = run_pair(&mut tf, &mut alg, 120, 1);
    assert!(worst <= 1e-9, "max |dx| = {worst}");
    assert!(
        zeroed > 0 && tf.blacklist_counts().0 > 0,
        "the run must zero rows"
    );
}

/// V4 adds eps to z only at the GLOBAL first step (`beta1 > beta1_power`
/// is false only when t = 1): a row first seen at step 3 starts without the
/// `-eps x` term that Algorithm 1 (and V4's own step-1 rows) put into z.
/// The difference in z (V4 units) is exactly `eps * x1`.
#[test]
fn group_adam_v4_late_rows_never_get_eps() {
    let (lr, eps) = (0.1, 0.25);
    let x1 = [0.5, -0.5, 0.25, 1.0];
    let kind = TfplusKernelKind::GroupAdamV4 {
        lr,
        beta1: 0.9,
        beta2: 0.99,
        epsilon: eps,
        l1: 0.0,
        l2: 0.0,
        l21: 0.0,
    };
    let mut tf = TfplusTable::new(R, D, kernel(kind), &x1).unwrap();
    let mut alg = lazy(
        RuleSpec::Adam {
            alpha: lr,
            beta1: 0.9,
            beta2: 0.99,
            eps,
            form: AdamForm::Tfplus,
        },
        Penalty::none(),
        &x1,
    );
    let g = vec![0.3, -0.2, 0.1, 0.4];
    let b = |id: i64| SparseBatch {
        ids: vec![id],
        grads: vec![g.clone()],
        hess: None,
    };
    for id in [0, 1, 2] {
        tf.step(&b(id)).unwrap();
        alg.step(&b(id)).unwrap();
    }
    for (id, want) in [
        (0usize, [0.0; 4]),
        (2, [eps * x1[0], eps * x1[1], eps * x1[2], eps * x1[3]]),
    ] {
        let (zt, za) = (tf.row(id).unwrap().z, alg.row(id).unwrap().z);
        for j in 0..4 {
            let diff = zt[j] - lr * za[j];
            assert!(
                (diff - want[j]).abs() <= 1e-12,
                "row {id} col {j}: {diff} vs {}",
                want[j]
            );
        }
    }
}

/// With beta1 = 0, `beta1 > beta1_power` is `0 > 0`: false at every step,
/// so V4 takes its first-step branch every time and subtracts the whole
/// `(sqrt(v_t) + eps) w` from z instead of the increment. With lambda = 0
/// and beta2 = 0 (v = g^2 exactly) that is `w_{t+1} = 2 w_t - lr g/(|g| + eps)`
/// from t = 2 on: the distance to the fixed point doubles every step.
/// Algorithm 1 gives `w_{t+1} = w_t - lr g/(|g|+eps)`.
#[test]
fn group_adam_v4_with_beta1_zero_doubles_every_step() {
    let (lr, eps, g) = (0.1, 0.01, 0.5);
    let kind = TfplusKernelKind::GroupAdamV4 {
        lr,
        beta1: 0.0,
        beta2: 0.0,
        epsilon: eps,
        l1: 0.0,
        l2: 0.0,
        l21: 0.0,
    };
    let mut tf = TfplusTable::new(1, 1, kernel(kind), &[0.3]).unwrap();
    let mut alg = EmbeddingTable::new(
        1,
        1,
        Semantics::Lazy,
        &RuleSpec::Adam {
            alpha: lr,
            beta1: 0.0,
            beta2: 0.0,
            eps,
            form: AdamForm::Tfplus,
        },
        Penalty::none(),
        Threshold::S,
        &[0.3],
    )
    .unwrap();
    let step = lr * g / (g + eps);
    let (mut w_tf, mut w_alg) = (0.3f64, 0.3f64);
    let b = SparseBatch {
        ids: vec![0],
        grads: vec![vec![g]],
        hess: None,
    };
    for t in 1..=20 {
        tf.step(&b).unwrap();
        alg.step(&b).unwrap();
        w_tf = if t == 1 {
            w_tf - step
        } else {
            2.0 * w_tf - step
        };
        w_alg -= step;
        let got = tf.row(0).unwrap().x[0];
        assert!(
            (got - w_tf).abs() <= 1e-12 * w_tf.abs().max(1.0),
            "t {t}: {got} vs {w_tf}"
        );
        assert!((alg.row(0).unwrap().x[0] - w_alg).abs() <= 1e-12 * w_alg.abs().max(1.0));
    }
    assert!(w_tf.abs() > 1e4, "V4 with beta1 = 0 diverges: {w_tf}");
}

/// V3 (= NewV2) is V4 divided through by lr: the same iterates for a
/// constant lr (to rounding). Under a decaying lr they differ: V4 weights
/// each step's `alpha m` by that step's lr inside z and scales the
/// thresholds by the current lr, V3 divides the sigma increments by the
/// current lr; "a change of units" holds only for a constant lr.
#[test]
fn group_adam_v3_equals_v4_only_for_constant_lr() {
    let p = |lr| (lr, 0.9, 0.999, 1e-3, 0.05, 0.01, 0.1);
    let mk = |v4: bool, decay: f64| {
        let (lr, beta1, beta2, epsilon, l1, l2, l21) = p(0.05);
        let kind = if v4 {
            TfplusKernelKind::GroupAdamV4 {
                lr,
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
            }
        } else {
            TfplusKernelKind::GroupAdamV3 {
                lr,
                beta1,
                beta2,
                epsilon,
                l1,
                l2,
                l21,
            }
        };
        TfplusTable::new(
            R,
            D,
            TfplusKernel {
                kind,
                lr_decay: decay,
                blacklist: Blacklist::Tfplus,
            },
            &X1,
        )
        .unwrap()
    };
    for (decay, same) in [(1.0, true), (0.97, false)] {
        let (mut a, mut b) = (mk(true, decay), mk(false, decay));
        let mut s = stream(3);
        let mut worst = 0.0f64;
        for _ in 0..100 {
            let bt = s.next_batch();
            a.step(&bt).unwrap();
            b.step(&bt).unwrap();
            for (p, q) in a.values().iter().zip(&b.values()) {
                worst = worst.max((p - q).abs());
            }
        }
        if same {
            assert!(worst <= 1e-9, "constant lr: {worst}");
        } else {
            assert!(
                worst > 1e-3,
                "decaying lr: V3 and V4 must differ, max |dx| = {worst}"
            );
        }
    }
}

/// Version <= 1 (`KvVariableGroupSparseApplyAdamOp`): with eps = 0 and
/// `initial_accumulator_value = 0` it is Algorithm 1 with the paper-v1 Adam
/// form (bias-corrected m and V, alpha_t = lr) under Lazy semantics. A
/// non-zero initial accumulator enters only the first sigma increment
/// (`sqrt(n_t) - sqrt(accum_0)`), not the denominator: it moves x.
#[test]
fn group_adam_v2_legacy_is_paper_v1_when_eps_and_accumulator_are_zero() {
    let (lr, b1, b2, l1, l2, l21) = (0.05, 0.9, 0.999, 0.05, 0.01, 0.1);
    let mk = |acc0: f64| {
        TfplusTable::new(
            R,
            D,
            kernel(TfplusKernelKind::GroupAdamV2 {
                lr,
                beta1: b1,
                beta2: b2,
                epsilon: 0.0,
                l1,
                l2,
                l21,
                initial_accumulator_value: acc0,
            }),
            &X1,
        )
        .unwrap()
    };
    let spec = RuleSpec::Adam {
        alpha: lr,
        beta1: b1,
        beta2: b2,
        eps: 0.0,
        form: AdamForm::PaperV1,
    };
    let pen = Penalty::new(l1, l21, l2).unwrap();
    let (worst, _) = run_pair(&mut mk(0.0), &mut lazy(spec.clone(), pen, &X1), 120, 4);
    assert!(worst <= 1e-9, "{worst}");
    let (worst, _) = run_pair(&mut mk(0.1), &mut lazy(spec, pen, &X1), 120, 4);
    assert!(
        worst > 1e-3,
        "an initial accumulator of 0.1 must move x: {worst}"
    );
}

/// SparseGroupFtrl is Algorithm 1 with the TensorFlow Adagrad form
/// (initial accumulator n0 = 0.1, alpha = lr) under Lazy semantics; TF's
/// adjusted l2 is `l2 + beta/(2 lr)` (checked against Algorithm 1 with that
/// lambda2); with l2 shrinkage the accumulator takes `g'^2`,
/// `g' = g + 2 l2_shrinkage w` (TensorFlow's ApplyFtrlV2 takes `g^2`).
#[test]
fn sparse_group_ftrl_is_lazy_adagrad_with_initial_accumulator() {
    let (lr, l1, l2, l21, beta) = (0.1, 0.2, 0.01, 0.8, 0.5);
    let mk = |beta: f64, shrink: f64| {
        TfplusTable::new(
            R,
            D,
            kernel(TfplusKernelKind::SparseGroupFtrl {
                lr,
                l1,
                l2,
                l21,
                l2_shrinkage: shrink,
                beta,
                initial_accumulator_value: 0.1,
            }),
            &X1,
        )
        .unwrap()
    };
    let spec = RuleSpec::Adagrad {
        alpha: lr,
        eps: 0.0,
        form: AdagradForm::InitialAccumulator { n0: 0.1 },
    };
    let (worst, zeroed) = run_pair(
        &mut mk(0.0, 0.0),
        &mut lazy(spec.clone(), Penalty::new(l1, l21, l2).unwrap(), &X1),
        120,
        5,
    );
    assert!(worst <= 1e-9 && zeroed > 0, "{worst} {zeroed}");
    let adj = l2 + beta / (2.0 * lr);
    let (worst, _) = run_pair(
        &mut mk(beta, 0.0),
        &mut lazy(spec, Penalty::new(l1, l21, adj).unwrap(), &X1),
        120,
        5,
    );
    assert!(worst <= 1e-9, "adjusted l2: {worst}");
    // Shrinkage: one step on row 0 from w = X1.
    let shrink = 0.3;
    let mut t = mk(0.0, shrink);
    let g = [0.4, 0.1, -0.2, 0.3];
    t.step(&SparseBatch {
        ids: vec![0],
        grads: vec![g.to_vec()],
        hess: None,
    })
    .unwrap();
    let acc = t.row(0).unwrap().v;
    for j in 0..4 {
        let gs = g[j] + 2.0 * shrink * X1[j];
        assert_eq!(acc[j], 0.1 + gs * gs, "col {j}");
    }
}

/// `KvVariableGroupSparseApplyFtrlV2` (pure group lasso) as printed adds
/// `g'^2` to the accumulator twice per step and thresholds `||z||` against
/// l1 with no sqrt(d). With the second addition removed it is Algorithm 1
/// (Adagrad, n0, lambda1 = 0, lambda21 = l1/sqrt(d)) under Lazy semantics;
/// as printed the accumulator after one step is `n0 + 2 g^2` and x moves
/// away (more curvature: smaller steps).
#[test]
fn group_sparse_ftrl_v2_doubles_the_accumulator() {
    let (lr, l1, l2) = (0.1, 3.0, 0.01);
    let mk = |single: bool| {
        TfplusTable::new(
            R,
            D,
            kernel(TfplusKernelKind::GroupSparseFtrlV2 {
                lr,
                l1,
                l2,
                l2_shrinkage: 0.0,
                initial_accumulator_value: 0.1,
                single_accumulation: single,
            }),
            &X1,
        )
        .unwrap()
    };
    let spec = RuleSpec::Adagrad {
        alpha: lr,
        eps: 0.0,
        form: AdagradForm::InitialAccumulator { n0: 0.1 },
    };
    let pen = Penalty::new(0.0, l1 / (D as f64).sqrt(), l2).unwrap();
    let (worst, zeroed) = run_pair(&mut mk(true), &mut lazy(spec.clone(), pen, &X1), 120, 6);
    assert!(
        worst <= 1e-9 && zeroed > 0,
        "single accumulation: {worst} {zeroed}"
    );
    let (worst, _) = run_pair(&mut mk(false), &mut lazy(spec, pen, &X1), 120, 6);
    assert!(worst > 1e-3, "as printed: {worst}");
    let mut t = mk(false);
    let g = [0.4, 0.1, -0.2, 0.3];
    t.step(&SparseBatch {
        ids: vec![1],
        grads: vec![g.to_vec()],
        hess: None,
    })
    .unwrap();
    let acc = t.row(1).unwrap().v;
    for j in 0..4 {
        assert_eq!(acc[j], 0.1 + g[j] * g[j] + g[j] * g[j]);
    }
}

/// Blacklisting as in tfplus (value evicted and zero-filled on revival,
/// slots kept) gives the same table as no eviction, bit for bit, because a
/// zeroed row's value is 0 in both and its slots are the same: the paper's
/// zeroed row keeps its state and revives from it, and so does tfplus's.
/// Restarting a revived row from zero slots (the counterfactual) differs.
#[test]
fn blacklisting_keeps_slots_and_equals_no_eviction() {
    let kind = TfplusKernelKind::SparseGroupFtrl {
        lr: 0.1,
        l1: 0.2,
        l2: 0.01,
        l21: 0.8,
        l2_shrinkage: 0.0,
        beta: 0.0,
        initial_accumulator_value: 0.1,
    };
    let mk = |b: Blacklist| {
        TfplusTable::new(
            R,
            D,
            TfplusKernel {
                kind: kind.clone(),
                lr_decay: 1.0,
                blacklist: b,
            },
            &X1,
        )
        .unwrap()
    };
    let (mut on, mut off, mut reset) = (
        mk(Blacklist::Tfplus),
        mk(Blacklist::Off),
        mk(Blacklist::ResetSlots),
    );
    let mut s = stream(8);
    let mut differs = false;
    for _ in 0..150 {
        let b = s.next_batch();
        on.step(&b).unwrap();
        off.step(&b).unwrap();
        reset.step(&b).unwrap();
        let bits = |v: Vec<f64>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(on.values()), bits(off.values()));
        differs |= reset.values() != on.values();
    }
    let (ev, rv) = on.blacklist_counts();
    assert!(ev > 0 && rv > 0, "evictions {ev}, revivals {rv}");
    assert!(
        differs,
        "restarting revived rows from zero slots must change the run"
    );
}
