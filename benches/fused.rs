//! Criterion benches of the fused step (issue 8): the same-pattern streaming
//! yardstick, the fused Group Adam / Group Adagrad steps (f64 and f32), the
//! reference `Algorithm1` step and the plain Eq. (1) step, at n = 1e5, d = 16,
//! one thread, with the detected (AVX2) and the portable kernel, and the
//! reciprocal fast forms. `sgl bench` is the full table (n up to 1e7, threads).

use criterion::{criterion_group, criterion_main, Criterion};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::fused::{
    FusedAdagrad, FusedAdagradRecip, FusedAdam, FusedAdamRecip, FusedRule, FusedSgl, Kernel, Real,
    Yardstick,
};
use sgl_oracle::rules::{Adagrad, AdagradForm, Adam, AdamForm};
use sgl_oracle::{Algorithm1, Groups, Penalty, PlainOptimizer, Threshold};
use std::hint::black_box;

const N: usize = 100_000;
const D: usize = 16;

fn grad() -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..N).map(|_| rng.random_range(-1.0..1.0)).collect()
}

fn pen() -> Penalty {
    Penalty::new(1e-3, 1e-3, 1e-4).unwrap()
}

fn fused<T: Real, R: FusedRule<T>>(c: &mut Criterion, name: &str, rule: R) {
    let g: Vec<T> = grad().into_iter().map(T::of).collect();
    let x1: Vec<T> = g.iter().map(|&v| v * T::of(0.1)).collect();
    let mut f = FusedSgl::new(rule.clone(), D, pen(), Threshold::S, &x1, 1).unwrap();
    c.bench_function(&format!("{name}/{}", f.kernel().name()), |b| {
        b.iter(|| black_box(f.step(&g).unwrap()[0]))
    });
    if f.kernel() != Kernel::Portable {
        // The same kernel in the baseline (SSE2) build: bit-identical results.
        let mut f = FusedSgl::new(rule, D, pen(), Threshold::S, &x1, 1).unwrap();
        f.set_kernel(Kernel::Portable).unwrap();
        c.bench_function(&format!("{name}/portable"), |b| {
            b.iter(|| black_box(f.step(&g).unwrap()[0]))
        });
    }
    let (_, writes) = FusedSgl::<T, R>::arrays_moved();
    let mut y = Yardstick::<T>::new(N, writes, 1).unwrap();
    // Blocks of 64 elements: the fastest of `sgl bench`'s 16/64/512 here.
    y.set_block(64);
    c.bench_function(&format!("{name}/yardstick"), |b| {
        b.iter(|| black_box(y.pass()))
    });
}

fn benches(c: &mut Criterion) {
    fused::<f64, _>(
        c,
        "adam-f64",
        FusedAdam::paper_v1(1e-3, 0.9, 0.999, 1e-8).unwrap(),
    );
    fused::<f32, _>(
        c,
        "adam-f32",
        FusedAdam::paper_v1(1e-3, 0.9, 0.999, 1e-8).unwrap(),
    );
    fused::<f64, _>(
        c,
        "adagrad-f64",
        FusedAdagrad::paper_alg3(0.1, 1e-8).unwrap(),
    );
    fused::<f32, _>(
        c,
        "adagrad-f32",
        FusedAdagrad::paper_alg3(0.1, 1e-8).unwrap(),
    );
    fused::<f64, _>(
        c,
        "adam-recip-f64",
        FusedAdamRecip::paper_v1(1e-3, 0.9, 0.999, 1e-8).unwrap(),
    );
    fused::<f64, _>(
        c,
        "adagrad-recip-f64",
        FusedAdagradRecip::paper_alg3(0.1, 1e-8).unwrap(),
    );
    let g = grad();
    let x1: Vec<f64> = g.iter().map(|v| 0.1 * v).collect();
    let adam = Adam::new(N, 1e-3, 0.9, 0.999, 1e-8, AdamForm::PaperV1).unwrap();
    let mut a = Algorithm1::new(
        adam.clone(),
        Groups::rows(N, D).unwrap(),
        pen(),
        Threshold::S,
        &x1,
    )
    .unwrap();
    c.bench_function("adam-f64/reference", |b| {
        b.iter(|| black_box(a.step(&g).unwrap()[0]))
    });
    let mut p = PlainOptimizer::new(adam, &x1).unwrap();
    c.bench_function("adam-f64/plain-eq1", |b| {
        b.iter(|| black_box(p.step(&g, None).unwrap()[0]))
    });
    let ada = Adagrad::new(N, 0.1, 1e-8, AdagradForm::PaperAlg3).unwrap();
    let mut a =
        Algorithm1::new(ada, Groups::rows(N, D).unwrap(), pen(), Threshold::S, &x1).unwrap();
    c.bench_function("adagrad-f64/reference", |b| {
        b.iter(|| black_box(a.step(&g).unwrap()[0]))
    });
}

criterion_group! {
    name = fused_benches;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = benches
}
criterion_main!(fused_benches);
