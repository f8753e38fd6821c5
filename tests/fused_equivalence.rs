//! The fused step (`sgl_oracle::fused`) against the reference
//! `Algorithm1` + `MomentRule` path [Alg1:L4-10].
//!
//! Every fused rule mirrors the operation order of its reference rule (see
//! docs/src/performance.md, "Equivalence"), so in f64 the comparison is bit
//! for bit on `x_{t+1}`, `z_t` and `sigma_t` at every step: no tolerance.
//! The horizon (600 steps) and the gradients (row targets whose amplitude
//! oscillates) are chosen so that groups are zeroed by the group lasso and
//! later revived; the tests assert both events happen.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::fused::{
    FusedAdagrad, FusedAdam, FusedAmsGrad, FusedMomentum, FusedRule, FusedSgl, Real,
};
use sgl_oracle::rules::{
    Adagrad, AdagradForm, Adam, AdamForm, AmsGrad, AmsGradForm, Momentum, Sgd, SgdSchedule,
};
use sgl_oracle::{Algorithm1, Groups, MomentRule, Penalty, Threshold};

const STEPS: usize = 600;

/// Momentum's `sigma = 1/alpha` (= 50 here) makes z about 50x larger than x,
/// so its lambdas are scaled up to reach the zeroing regime.
const MOMENTUM_SCALE: f64 = 10.0;

/// A deterministic gradient stream with feedback from x: row r is pulled to
/// `a_r(t) * u_r` where the amplitude `a_r(t)` oscillates through zero, plus
/// noise, so groups are switched off (small target) and on again.
struct Stream {
    rng: ChaCha8Rng,
    u: Vec<f64>,
    phase: Vec<f64>,
    d: usize,
}

impl Stream {
    fn new(seed: u64, rows: usize, d: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let u = (0..rows * d).map(|_| rng.random_range(-1.0..1.0)).collect();
        let phase = (0..rows)
            .map(|_| rng.random_range(0.0..std::f64::consts::TAU))
            .collect();
        Self { rng, u, phase, d }
    }
    fn grad(&mut self, t: usize, x: &[f64]) -> Vec<f64> {
        (0..x.len())
            .map(|i| {
                let r = i / self.d;
                let amp = 2.0 * (t as f64 * std::f64::consts::TAU / 150.0 + self.phase[r]).sin();
                let noise = self.rng.random_range(-0.3..0.3);
                x[i] - amp * self.u[i] + noise
            })
            .collect()
    }
}

fn row_zero(x: &[f64], d: usize) -> Vec<bool> {
    x.chunks(d).map(|c| c.iter().all(|&v| v == 0.0)).collect()
}

#[derive(Default, Debug)]
struct Events {
    zeroed: usize,
    revived: usize,
}

/// Runs both paths for `STEPS` steps and asserts bit equality at each step.
/// Returns the counted group events of the (common) trajectory.
fn run_pair<R: MomentRule, F: FusedRule<f64>>(
    reference: R,
    fused: F,
    rows: usize,
    d: usize,
    penalty: Penalty,
    threshold: Threshold,
    seed: u64,
    label: &str,
) -> Events {
    let n = rows * d;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let x1: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
    let groups = Groups::rows(n, d).unwrap();
    let mut a = Algorithm1::new(reference, groups, penalty, threshold, &x1).unwrap();
    let mut f = FusedSgl::new(fused, d, penalty, threshold, &x1, 1).unwrap();
    let mut stream = Stream::new(seed, rows, d);
    let mut ev = Events::default();
    let mut zero_before = row_zero(&x1, d);
    for t in 1..=STEPS {
        let g = stream.grad(t, a.x());
        a.step(&g).unwrap();
        f.step(&g).unwrap();
        for (what, r, q) in [
            ("x", a.x(), f.x()),
            ("z", a.z(), f.z()),
            ("sigma", a.sigma(), f.sigma()),
        ] {
            for i in 0..n {
                assert_eq!(
                    r[i].to_bits(),
                    q[i].to_bits(),
                    "{label}: {what}[{i}] differs at t = {t}: reference {} fused {}",
                    r[i],
                    q[i]
                );
            }
        }
        let zero_now = row_zero(a.x(), d);
        for r in 0..rows {
            // Only count group-lasso zeroing: the row's s is not all zero.
            let s_nonzero = a.s()[r * d..(r + 1) * d].iter().any(|&v| v != 0.0);
            if !zero_before[r] && zero_now[r] && s_nonzero {
                ev.zeroed += 1;
            }
            if zero_before[r] && !zero_now[r] {
                ev.revived += 1;
            }
        }
        zero_before = zero_now;
    }
    ev
}

fn penalties() -> Vec<(&'static str, Penalty, bool)> {
    // (name, penalty, expect group-lasso zeroing and revival)
    vec![
        ("none", Penalty::none(), false),
        ("l1", Penalty::new(0.3, 0.0, 0.0).unwrap(), false),
        ("l21", Penalty::new(0.0, 0.6, 0.0).unwrap(), true),
        ("l2", Penalty::new(0.0, 0.0, 0.05).unwrap(), false),
        ("all", Penalty::new(0.1, 0.5, 0.02).unwrap(), true),
    ]
}

const THRESHOLDS: [Threshold; 3] = [
    Threshold::S,
    Threshold::STildePrinted,
    Threshold::STildeExact,
];

/// Runs one rule pair over every penalty and threshold.
fn check_rule<R: MomentRule, F: FusedRule<f64> + Copy>(
    name: &str,
    lambda_scale: f64,
    make_ref: impl Fn(usize) -> R,
    fused: F,
) {
    let (rows, d) = (12, 5);
    let mut total = Events::default();
    for (k, th) in THRESHOLDS.iter().enumerate() {
        for (j, (pname, pen, expect)) in penalties().into_iter().enumerate() {
            let label = format!("{name}/{th:?}/{pname}");
            let seed = 1000 + 10 * k as u64 + j as u64;
            let pen = pen.scaled(lambda_scale);
            let ev = run_pair(make_ref(rows * d), fused, rows, d, pen, *th, seed, &label);
            if expect {
                assert!(
                    ev.zeroed > 0 && ev.revived > 0,
                    "{label}: the run must zero and revive groups, got {ev:?}"
                );
            }
            total.zeroed += ev.zeroed;
            total.revived += ev.revived;
        }
    }
    eprintln!("{name}: {total:?} over all thresholds and penalties");
}

#[test]
fn fused_group_adam_paper_v1_is_bit_identical() {
    check_rule(
        "adam-v1",
        1.0,
        |n| Adam::new(n, 0.05, 0.9, 0.999, 1e-8, AdamForm::PaperV1).unwrap(),
        FusedAdam::paper_v1(0.05, 0.9, 0.999, 1e-8).unwrap(),
    );
}

#[test]
fn fused_group_adam_table1_is_bit_identical() {
    check_rule(
        "adam-table1",
        1.0,
        |n| Adam::new(n, 0.05, 0.9, 0.999, 1e-8, AdamForm::Table1).unwrap(),
        FusedAdam::table1(0.05, 0.9, 0.999, 1e-8).unwrap(),
    );
}

#[test]
fn fused_group_adagrad_is_bit_identical() {
    check_rule(
        "adagrad",
        1.0,
        |n| Adagrad::new(n, 0.5, 1e-6, AdagradForm::PaperAlg3).unwrap(),
        FusedAdagrad::paper_alg3(0.5, 1e-6).unwrap(),
    );
}

#[test]
fn fused_group_momentum_is_bit_identical() {
    check_rule(
        "momentum",
        MOMENTUM_SCALE,
        |n| Momentum::new(n, 0.02, 0.9).unwrap(),
        FusedMomentum::momentum(0.02, 0.9).unwrap(),
    );
}

#[test]
fn fused_group_sgd_is_bit_identical() {
    check_rule(
        "sgd-inv-sqrt-t",
        1.0,
        |n| Sgd::new(n, 0.2, SgdSchedule::InvSqrtT).unwrap(),
        FusedMomentum::sgd(0.2, true).unwrap(),
    );
    check_rule(
        "sgd-constant",
        1.0,
        |n| Sgd::new(n, 0.1, SgdSchedule::Constant).unwrap(),
        FusedMomentum::sgd(0.1, false).unwrap(),
    );
}

#[test]
fn fused_group_amsgrad_table1_is_bit_identical() {
    check_rule(
        "amsgrad-table1",
        1.0,
        |n| AmsGrad::new(n, 0.05, 0.9, 0.999, 1e-8, AmsGradForm::Table1).unwrap(),
        FusedAmsGrad::table1(0.05, 0.9, 0.999, 1e-8).unwrap(),
    );
}

/// Runs the fused step on `threads` threads and returns all state bits.
fn fused_bits<F: FusedRule<f64>>(rule: F, threads: usize, rows: usize, d: usize) -> Vec<u64> {
    let n = rows * d;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let x1: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
    let pen = Penalty::new(0.05, 0.3, 0.01).unwrap();
    let mut f = FusedSgl::new(rule, d, pen, Threshold::STildeExact, &x1, threads).unwrap();
    let mut stream = Stream::new(8, rows, d);
    for t in 1..=40 {
        let g = stream.grad(t, f.x());
        f.step(&g).unwrap();
    }
    let (m1, m2) = f.moments();
    [f.x(), f.z(), f.sigma(), m1, m2]
        .iter()
        .flat_map(|v| v.iter().map(|x| x.to_bits()))
        .collect()
}

#[test]
fn fused_result_is_independent_of_thread_count() {
    // 997 rows (prime): the blocks of 2 and 3 threads split rows unevenly.
    let (rows, d) = (997, 16);
    let adam = FusedAdam::paper_v1(0.05, 0.9, 0.999, 1e-8).unwrap();
    let one = fused_bits(adam, 1, rows, d);
    assert_eq!(one, fused_bits(adam, 2, rows, d), "adam: 1 vs 2 threads");
    assert_eq!(one, fused_bits(adam, 3, rows, d), "adam: 1 vs 3 threads");
    let ada = FusedAdagrad::paper_alg3(0.5, 1e-6).unwrap();
    let one = fused_bits(ada, 1, rows, d);
    assert_eq!(one, fused_bits(ada, 2, rows, d), "adagrad: 1 vs 2 threads");
    assert_eq!(one, fused_bits(ada, 3, rows, d), "adagrad: 1 vs 3 threads");
}

/// Runs T steps of the fused step in precision `P` on the f64 gradient
/// stream (rounded to P), returning x as f64.
fn run_prec<P: Real, F: FusedRule<P>>(rule: F, pen: Penalty, steps: usize) -> Vec<f64> {
    let (rows, d) = (64, 8);
    let n = rows * d;
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let x1: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
    let x1p: Vec<P> = x1.iter().map(|&v| P::of(v)).collect();
    let mut f = FusedSgl::new(rule, d, pen, Threshold::S, &x1p, 1).unwrap();
    // Open loop (gradients do not depend on x) so that both precisions see
    // the same g_t up to one rounding.
    let mut stream = Stream::new(22, rows, d);
    let zero = vec![0.0; n];
    for t in 1..=steps {
        let g: Vec<P> = stream.grad(t, &zero).iter().map(|&v| P::of(v)).collect();
        f.step(&g).unwrap();
    }
    f.x().iter().map(|v| v.wide()).collect()
}

#[test]
fn fused_f32_agrees_with_f64_on_short_runs() {
    let steps = 20;
    let pen = Penalty::new(0.05, 4.0, 0.01).unwrap();
    let adam = FusedAdam::paper_v1(0.05, 0.9, 0.999, 1e-8).unwrap();
    let a64 = run_prec::<f64, _>(adam, pen, steps);
    let a32 = run_prec::<f32, _>(adam, pen, steps);
    let ada = FusedAdagrad::paper_alg3(0.5, 1e-6).unwrap();
    let g64 = run_prec::<f64, _>(ada, pen, steps);
    let g32 = run_prec::<f32, _>(ada, pen, steps);
    for (name, x64, x32) in [("adam", &a64, &a32), ("adagrad", &g64, &g32)] {
        let mut worst: f64 = 0.0;
        for i in 0..x64.len() {
            let err = (x64[i] - x32[i]).abs() / (1.0 + x64[i].abs());
            worst = worst.max(err);
        }
        let nz = row_zero(x64, 8).iter().filter(|&&z| z).count();
        eprintln!("{name}: f32 vs f64 max |dx|/(1+|x|) = {worst:e}, {nz} zero rows");
        assert!(worst < F32_TOL, "{name}: f32 vs f64 differ by {worst:e}");
        let zeros = |x: &[f64]| row_zero(x, 8);
        assert_eq!(zeros(x64), zeros(x32), "{name}: zero patterns differ");
        assert!(
            zeros(x64).iter().any(|&z| z),
            "{name}: some group must be zero"
        );
    }
}

/// First-order rounding bound for f32 (unit roundoff u = 2^-24 = 6.0e-8):
/// each step rounds about 10 operations into z and x (moment EMAs, bias
/// correction, root, Q x, soft threshold, group factor, division), and in
/// this open-loop run the errors of T = 20 steps add up without
/// amplification (no group near its threshold: the zero patterns must agree,
/// checked below), so |dx| <= 10 T u (1 + |x|) = 1.2e-5 (1 + |x|). The
/// reference f64 error is 2^29 times smaller. Observed: about 3e-7.
const F32_TOL: f64 = 200.0 * f32::EPSILON as f64 / 2.0;
