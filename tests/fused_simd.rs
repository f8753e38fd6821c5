//! The AVX2 compilation of the fused row kernel against the portable (SSE2)
//! one: same source, same operation order, no FMA, and IEEE `+ - * / sqrt`
//! correctly rounded at any vector width, so every state bit must agree
//! (docs/src/performance.md, "Runtime CPU dispatch"). Widths d cover the
//! 8-lane body, the scalar tail and both (5, 8, 16, 19, 64, 70).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::fused::{
    FusedAdagrad, FusedAdagradRecip, FusedAdam, FusedAdamRecip, FusedAmsGrad, FusedMomentum,
    FusedRule, FusedSgl, Kernel, Real,
};
use sgl_oracle::{Penalty, Threshold};

const STEPS: usize = 60;

/// Runs `STEPS` steps with kernel `k` and returns every state bit (as f64).
fn run<T: Real, R: FusedRule<T>>(
    rule: R,
    k: Kernel,
    d: usize,
    th: Threshold,
    pen: Penalty,
) -> Vec<u64> {
    let rows = 13;
    let n = rows * d;
    let mut rng = ChaCha8Rng::seed_from_u64(5 + d as u64);
    let x1: Vec<T> = (0..n).map(|_| T::of(rng.random_range(-1.0..1.0))).collect();
    let mut f = FusedSgl::new(rule, d, pen, th, &x1, 1).unwrap();
    f.set_kernel(k).unwrap();
    assert_eq!(f.kernel(), k);
    let mut out = vec![];
    for t in 0..STEPS {
        // Gradients pull rows towards targets that shrink through zero, so
        // groups are zeroed and revived; values span several magnitudes.
        let amp = ((t as f64) * 0.2).sin();
        let g: Vec<T> = f
            .x()
            .iter()
            .map(|&x| T::of(x.wide() - amp + rng.random_range(-0.5..0.5)))
            .collect();
        f.step(&g).unwrap();
        let (m1, m2) = f.moments();
        for v in [f.x(), f.z(), f.sigma(), m1, m2] {
            out.extend(v.iter().map(|x| x.wide().to_bits()));
        }
    }
    out
}

fn both<T: Real, R: FusedRule<T> + Copy>(rule: R, name: &str) -> usize {
    let mut compared = 0;
    let pens = [
        Penalty::new(0.0, 0.0, 0.0).unwrap(),
        Penalty::new(0.02, 0.2, 0.01).unwrap(),
        Penalty::new(0.05, 0.6, 0.0).unwrap(),
    ];
    for d in [5, 8, 16, 19, 64, 70] {
        for th in [
            Threshold::S,
            Threshold::STildePrinted,
            Threshold::STildeExact,
        ] {
            for pen in pens {
                let a = run::<T, R>(rule, Kernel::Portable, d, th, pen);
                let b = run::<T, R>(rule, Kernel::Avx2, d, th, pen);
                assert_eq!(a.len(), b.len());
                if let Some(i) = a.iter().zip(&b).position(|(p, q)| p != q) {
                    panic!("{name}: d = {d}, {th:?}, {pen:?}: first differing state word {i}");
                }
                compared += a.len();
            }
        }
    }
    compared
}

#[test]
fn avx2_kernel_is_bit_identical_to_portable() {
    if Kernel::detect() != Kernel::Avx2 {
        // Not silently passing: say so. (The CI machine of this crate has
        // AVX2; there the test below runs in full.)
        eprintln!("SKIPPED: this CPU does not report AVX2");
        return;
    }
    let mut words = 0;
    words += both::<f64, _>(
        FusedAdam::paper_v1(0.05, 0.9, 0.999, 1e-8).unwrap(),
        "adam v1 f64",
    );
    words += both::<f32, _>(
        FusedAdam::paper_v1(0.05, 0.9, 0.999, 1e-8).unwrap(),
        "adam v1 f32",
    );
    words += both::<f64, _>(
        FusedAdam::table1(0.05, 0.9, 0.999, 1e-8).unwrap(),
        "adam t1 f64",
    );
    words += both::<f64, _>(FusedAdagrad::paper_alg3(0.5, 1e-6).unwrap(), "adagrad f64");
    words += both::<f32, _>(FusedAdagrad::paper_alg3(0.5, 1e-6).unwrap(), "adagrad f32");
    words += both::<f64, _>(FusedMomentum::momentum(0.02, 0.9).unwrap(), "momentum f64");
    words += both::<f64, _>(FusedMomentum::sgd(0.02, true).unwrap(), "sgd f64");
    words += both::<f64, _>(
        FusedAmsGrad::table1(0.05, 0.9, 0.999, 1e-8).unwrap(),
        "amsgrad f64",
    );
    words += both::<f64, _>(
        FusedAdamRecip::paper_v1(0.05, 0.9, 0.999, 1e-8).unwrap(),
        "adam-recip f64",
    );
    words += both::<f32, _>(
        FusedAdagradRecip::paper_alg3(0.5, 1e-6).unwrap(),
        "adagrad-recip f32",
    );
    eprintln!("{words} state words compared bit for bit");
    assert!(words > 1_000_000);
}

#[test]
fn avx2_request_is_checked() {
    let x1 = [0.0f64; 8];
    let mut f = FusedSgl::new(
        FusedAdagrad::paper_alg3(0.5, 1e-6).unwrap(),
        8,
        Penalty::new(0.0, 0.0, 0.0).unwrap(),
        Threshold::S,
        &x1,
        1,
    )
    .unwrap();
    assert_eq!(f.kernel(), Kernel::detect());
    f.set_kernel(Kernel::Portable).unwrap();
    assert_eq!(f.kernel(), Kernel::Portable);
    // Avx2 is accepted exactly when it is detected.
    assert_eq!(
        f.set_kernel(Kernel::Avx2).is_ok(),
        Kernel::detect() == Kernel::Avx2
    );
}
