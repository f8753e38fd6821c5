//! The fused step's failure paths (`sgl_oracle::fused`): every failure the
//! reference `Algorithm1` reports as a typed error is an error of the fused
//! step too, at the same step, and of the same kind, for every row layout
//! the fused kernel distinguishes (`fill4`/`finish4` blocks of 4 rows, the
//! `row` tail, rows wider than one 64-element chunk) and both builds.
//!
//! The fused step detects failures without per-coordinate masks (a
//! non-finite row sum, and a per-lane `x * 0` accumulator in sweep 2), so
//! these tests are what shows that detection is complete.

use sgl_oracle::fused::{FusedAdagrad, FusedSgl, Kernel};
use sgl_oracle::rules::{Adagrad, AdagradForm};
use sgl_oracle::{Algorithm1, Groups, Penalty, SglError, Threshold};

/// Which failure a message names.
#[derive(Debug, PartialEq)]
enum Kind {
    NoMinimiser,
    OverflowX,
    OverflowZ,
    OverflowV,
}

fn fused_kind(e: &SglError) -> Kind {
    let m = e.to_string();
    if m.contains("no minimiser") {
        Kind::NoMinimiser
    } else if m.contains("x overflowed") {
        Kind::OverflowX
    } else if m.contains("z overflowed") {
        Kind::OverflowZ
    } else {
        panic!("unexpected fused error: {m}")
    }
}

fn reference_kind(e: &SglError) -> Kind {
    match e {
        SglError::NoMinimiser { .. } => Kind::NoMinimiser,
        SglError::Overflow { what, .. } if what.contains('x') => Kind::OverflowX,
        SglError::Overflow { what, .. } if what.contains('z') => Kind::OverflowZ,
        SglError::Overflow { what, .. } if what.contains('V') => Kind::OverflowV,
        other => panic!("unexpected reference error: {other}"),
    }
}

/// The step and kind of a path's first error, if any.
type FirstError = Option<(usize, Kind)>;

/// Runs both paths for up to `steps` steps with the gradient `g` (the same
/// each step), coordinate `bad` carrying `g_bad` instead; returns the step
/// and kind of the first error of each.
fn first_errors(
    rows: usize,
    d: usize,
    alpha: f64,
    eps: f64,
    penalty: Penalty,
    bad: usize,
    g_bad: f64,
    steps: usize,
    kernel: Kernel,
) -> (FirstError, FirstError) {
    let n = rows * d;
    let x1 = vec![0.0; n];
    let mut g: Vec<f64> = (0..n).map(|i| 0.5 - (i % 7) as f64 * 0.125).collect();
    g[bad] = g_bad;
    let mut reference = Algorithm1::new(
        Adagrad::new(n, alpha, eps, AdagradForm::PaperAlg3).unwrap(),
        Groups::rows(n, d).unwrap(),
        penalty,
        Threshold::S,
        &x1,
    )
    .unwrap();
    let mut fused = FusedSgl::new(
        FusedAdagrad::paper_alg3(alpha, eps).unwrap(),
        d,
        penalty,
        Threshold::S,
        &x1,
        1,
    )
    .unwrap();
    fused.set_kernel(kernel).unwrap();
    let (mut r_err, mut f_err) = (None, None);
    for t in 1..=steps {
        if r_err.is_none() {
            if let Err(e) = reference.step(&g) {
                r_err = Some((t, reference_kind(&e)));
            }
        }
        if f_err.is_none() {
            if let Err(e) = fused.step(&g) {
                f_err = Some((t, fused_kind(&e)));
            }
        }
    }
    (r_err, f_err)
}

fn kernels() -> Vec<Kernel> {
    let mut k = vec![Kernel::Portable];
    if Kernel::detect() == Kernel::Avx2 {
        k.push(Kernel::Avx2);
    }
    k
}

/// (rows, d, coordinate): a block row, a tail row (rows mod 4 != 0), a
/// chunked wide row (d = 70 > 64), a lane tail (d = 5).
const LAYOUTS: [(usize, usize, usize); 4] = [(8, 16, 37), (9, 16, 130), (2, 70, 69), (5, 5, 22)];

#[test]
fn zero_curvature_is_no_minimiser_in_both_paths() {
    // g^2 underflows to 0 with eps = 0 and lambda2 = 0: V = 0, sigma = 0,
    // but z = g != 0 and lambda1 = 0, so s != 0 has zero curvature.
    let p = Penalty::new(0.0, 0.0, 0.0).unwrap();
    for kernel in kernels() {
        for (rows, d, bad) in LAYOUTS {
            let (r, f) = first_errors(rows, d, 0.1, 0.0, p, bad, 1e-200, 3, kernel);
            assert_eq!(r, Some((1, Kind::NoMinimiser)), "{rows}x{d} reference");
            assert_eq!(f, r, "{rows}x{d} {kernel:?}");
        }
    }
}

#[test]
fn x_overflow_is_reported_in_both_paths() {
    // alpha = 1e308 makes sigma = |g|/alpha tiny (1e-208 at g = 1e100) and
    // x = s/sigma grows to inf within a few steps.
    let p = Penalty::new(0.0, 0.0, 0.0).unwrap();
    for kernel in kernels() {
        for (rows, d, bad) in LAYOUTS {
            let (r, f) = first_errors(rows, d, 1e308, 0.0, p, bad, 1e100, 5, kernel);
            let (t, k) = r.expect("the reference reports the overflow");
            assert_eq!(k, Kind::OverflowX, "{rows}x{d} reference");
            assert_eq!(f, Some((t, k)), "{rows}x{d} {kernel:?}");
        }
    }
}

#[test]
fn v_overflow_is_an_error_of_the_same_step_in_the_fused_path() {
    // g = 1e200: g^2 = inf at step 1. The reference names V; the fused step
    // does not test V separately: sigma = inf makes z_1 = g - inf * x
    // non-finite in the same step, reported as "z overflowed".
    let p = Penalty::new(0.0, 0.0, 0.0).unwrap();
    for kernel in kernels() {
        for (rows, d, bad) in LAYOUTS {
            let (r, f) = first_errors(rows, d, 0.1, 1e-8, p, bad, 1e200, 3, kernel);
            assert_eq!(r, Some((1, Kind::OverflowV)), "{rows}x{d} reference");
            assert_eq!(f, Some((1, Kind::OverflowZ)), "{rows}x{d} {kernel:?}");
        }
    }
}

/// Not a failure: with `lambda21 = 0` a row whose squares underflow
/// (`|s_i| < ~1e-162`, so the row sum is 0) must keep its step, as in the
/// reference's numerical policy (factor 1 when `c = 0`), not be zeroed as
/// "norm 0 <= c". Found by the `fused_structured` fuzzer (input kept in
/// `fuzz/regressions/fused_structured/`); here with Adagrad, `eps = 0`,
/// `g = 1e-170` (`g^2` underflows, so sigma = 0 and the curvature is
/// `2 lambda2`).
#[test]
fn underflowing_row_norm_without_group_term_keeps_the_step() {
    let p = Penalty::new(0.0, 0.0, 1e-3).unwrap();
    for kernel in kernels() {
        for (rows, d, _) in LAYOUTS {
            let n = rows * d;
            let x1 = vec![0.0; n];
            let g = vec![1e-170; n];
            let mut reference = Algorithm1::new(
                Adagrad::new(n, 0.1, 0.0, AdagradForm::PaperAlg3).unwrap(),
                Groups::rows(n, d).unwrap(),
                p,
                Threshold::S,
                &x1,
            )
            .unwrap();
            let mut fused = FusedSgl::new(
                FusedAdagrad::paper_alg3(0.1, 0.0).unwrap(),
                d,
                p,
                Threshold::S,
                &x1,
                1,
            )
            .unwrap();
            fused.set_kernel(kernel).unwrap();
            let xr = reference.step(&g).unwrap().to_vec();
            let xf = fused.step(&g).unwrap().to_vec();
            assert!(xr.iter().all(|&v| v != 0.0), "the reference keeps the step");
            for i in 0..n {
                assert_eq!(
                    xr[i].to_bits(),
                    xf[i].to_bits(),
                    "{rows}x{d} {kernel:?} x[{i}]"
                );
            }
        }
    }
}
