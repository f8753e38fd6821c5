//! Eq. (6): the clarabel conic program vs the corrected Theorem 1 closed form
//! for n = 10, 100, 1000 coordinates in groups of 8 (n = 10: sizes 8, 2).
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::eq6::{closed_form, solve, Instance};
use sgl_oracle::Threshold;
use sgl_oracle::{Groups, Penalty};
use std::hint::black_box;

fn instance(n: usize) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
    let mut sizes = vec![8; n / 8];
    if !n.is_multiple_of(8) {
        sizes.push(n % 8);
    }
    let groups = Groups::from_sizes(&sizes).unwrap();
    let z = (0..n).map(|_| rng.random_range(-2.0..2.0)).collect();
    let sigma = (0..n).map(|_| rng.random_range(0.1..10.0)).collect();
    Instance::new(z, sigma, Penalty::new(0.3, 0.2, 0.01).unwrap(), groups).unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("eq6");
    for n in [10usize, 100, 1000] {
        let inst = instance(n);
        g.bench_with_input(BenchmarkId::new("solver", n), &inst, |b, i| {
            b.iter(|| solve(black_box(i)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("closed-form", n), &inst, |b, i| {
            b.iter(|| closed_form(black_box(i), Threshold::STildeExact).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
