//! The numerical policy (docs/src/numerical-policy.md), one test per rule not
//! covered elsewhere: exact ties reached through real multi-step runs, subnormal
//! and huge gradients, overflow of V and z, and the no-minimiser case through
//! Algorithm 1 with every threshold. All numbers are dyadic so every tie is
//! exact in binary64, and every expected value below is worked out by hand in
//! the comment next to it.

use sgl_oracle::algorithm1::{Algorithm1, Threshold};
use sgl_oracle::ftrl::FtrlProximal;
use sgl_oracle::plain::PlainOptimizer;
use sgl_oracle::printed::{GroupAdagradPrinted, GroupAdamPrinted, PaperVersion};
use sgl_oracle::prox::{group_factor, soft_threshold};
use sgl_oracle::rules::*;
use sgl_oracle::{Groups, Penalty, SglError};

const THRESHOLDS: [Threshold; 3] = [
    Threshold::S,
    Threshold::STildePrinted,
    Threshold::STildeExact,
];

/// SGD with a constant step 1/2: m_t = g_t, sqrt(V_t)/alpha_t = 2 for every t,
/// so Q_t = 0 after t = 1 and z_t = sum of the gradients while x stays 0.
fn sgd(n: usize) -> Sgd {
    Sgd::new(n, 0.5, SgdSchedule::Constant).unwrap()
}

/// [Eq:9] tie: |z| = lambda1 exactly after two steps gives x = 0 (the paper's
/// `<=`, tfplus's clip); one more step past the tie gives the hand value.
#[test]
fn l1_tie_reached_in_a_run_gives_zero() {
    for sign in [1.0, -1.0] {
        for th in THRESHOLDS {
            let pen = Penalty::new(0.75, 0.0, 0.0).unwrap();
            let mut a =
                Algorithm1::new(sgd(1), Groups::single(1).unwrap(), pen, th, &[0.0]).unwrap();
            // z_1 = 0.5: below lambda1.
            assert_eq!(a.step(&[sign * 0.5]).unwrap(), &[0.0]);
            // z_2 = 0.5 + 0.25 = 0.75 = lambda1 exactly: the tie.
            assert_eq!(a.step(&[sign * 0.25]).unwrap(), &[0.0]);
            assert_eq!(a.z()[0], sign * 0.75);
            assert_eq!(a.s()[0], 0.0);
            // z_3 = 0.875: s = -(0.875 - 0.75) = -0.125, sigma = 2 (A = 1, so
            // all thresholds agree), x = -0.125 / 2 = -0.0625 exactly.
            assert_eq!(a.step(&[sign * 0.125]).unwrap(), &[-sign * 0.0625]);
        }
    }
    // The primitive itself at the tie, both signs: exactly 0 (not -0 vs 0 issue:
    // compared with ==, which treats them alike, and also the sign bit).
    for z in [0.75, -0.75] {
        let s = soft_threshold(z, 0.75);
        assert_eq!(s, 0.0);
    }
}

/// [Alg1:L10] group tie: ||s^g|| = sqrt(d) lambda21 exactly after two steps
/// zeroes the group (max(1 - c/||s||, 0) = 0; tfplus's non-zero branch needs
/// strict `>`, same outcome). Group of d = 4, lambda21 = 1/4, c = 1/2.
#[test]
fn group_tie_reached_in_a_run_gives_zero() {
    for th in THRESHOLDS {
        let pen = Penalty::new(0.0, 0.25, 0.0).unwrap();
        let mut a =
            Algorithm1::new(sgd(4), Groups::single(4).unwrap(), pen, th, &[0.0; 4]).unwrap();
        // z_1 = 1/8 each: ||s|| = sqrt(4/64) = 1/4 < 1/2.
        assert_eq!(a.step(&[0.125; 4]).unwrap(), &[0.0; 4]);
        // z_2 = 1/4 each: ||s|| = sqrt(4/16) = 1/2 = c exactly (sigma = 2,
        // A = 1, so s~ = s bit for bit under both tilde thresholds).
        assert_eq!(a.step(&[0.125; 4]).unwrap(), &[0.0; 4]);
        let norm: f64 = a.s().iter().map(|v| v * v).sum::<f64>().sqrt();
        assert_eq!(norm, 0.5, "the tie is exact");
        // z_3 = 3/8 each: ||s|| = 3/4, factor = 1 - (1/2)/(3/4) = 1/3,
        // x = -(3/8)(1/3)/2 = -1/16. 1/3 is not dyadic: the result may be off
        // by the rounding of c/||s||, 1 - ., and two products: <= 4 ULPs.
        let x = a.step(&[0.125; 4]).unwrap().to_vec();
        for v in x {
            let ulps = (v.to_bits() as i64 - (-0.0625f64).to_bits() as i64).unsigned_abs();
            assert!(ulps <= 4, "x = {v:e}, {ulps} ulps from -1/16");
        }
    }
    assert_eq!(group_factor(0.5, 0.5), 0.0);
    assert!(group_factor(0.5 + f64::EPSILON, 0.5) > 0.0);
}

/// |g| > ~1.34e154: V = g^2 = inf. Every path reports a typed `Overflow`
/// naming V, the step and the coordinate (it used to give z = inf * 0 = NaN
/// or a silent zero update in Eq. (1)). |g| = 1e154 (g^2 = 1e308) is fine.
#[test]
fn v_overflow_is_a_typed_error() {
    let big = [0.0, 2e154];
    let overflow_v = |e: SglError| {
        assert!(
            matches!(
                e,
                SglError::Overflow {
                    step: 1,
                    what: "V",
                    coord: 1
                }
            ),
            "{e:?}"
        )
    };
    let ada = || Adagrad::new(2, 0.5, 1e-8, AdagradForm::PaperAlg3).unwrap();
    for th in THRESHOLDS {
        let mut a = Algorithm1::new(
            ada(),
            Groups::single(2).unwrap(),
            Penalty::none(),
            th,
            &[0.0; 2],
        )
        .unwrap();
        overflow_v(a.step(&big).unwrap_err());
    }
    let adam = Adam::new(2, 0.5, 0.5, 0.5, 1e-8, AdamForm::PaperV1).unwrap();
    let mut a = Algorithm1::new(
        adam,
        Groups::single(2).unwrap(),
        Penalty::none(),
        Threshold::S,
        &[1.0; 2],
    )
    .unwrap();
    overflow_v(a.step(&big).unwrap_err());
    let mut p = PlainOptimizer::new(ada(), &[0.0; 2]).unwrap();
    overflow_v(p.step(&big, None).unwrap_err());
    let mut f = FtrlProximal::new(2, 0.5, 0.0, 0.0, 0.0, 0.0).unwrap();
    overflow_v(f.step(&big).unwrap_err());
    let pen = Penalty::new(0.0, 0.0, 0.0).unwrap();
    let mut p3 =
        GroupAdagradPrinted::new(0.5, 0.0, Groups::single(2).unwrap(), pen, &[0.0; 2]).unwrap();
    overflow_v(p3.step(&big).unwrap_err());
    let mut p2 = GroupAdamPrinted::new(
        PaperVersion::V1,
        0.5,
        0.5,
        0.5,
        1e-8,
        Groups::single(2).unwrap(),
        pen,
        &[0.0; 2],
    )
    .unwrap();
    overflow_v(p2.step(&big).unwrap_err());
    // Just below the overflow: 1e154^2 = 1e308 is finite and the step is too.
    let mut a = Algorithm1::new(
        ada(),
        Groups::single(2).unwrap(),
        Penalty::none(),
        Threshold::S,
        &[0.0; 2],
    )
    .unwrap();
    let x = a.step(&[0.0, 1e154]).unwrap();
    assert!(x.iter().all(|v| v.is_finite()));
    // Adagrad at t = 1 with x_1 = 0: x_2 = -alpha g / sqrt(g^2 + eps) = -0.5
    // up to the eps term (1e-8 / 1e308 is far below one ULP).
    assert_eq!(x[1], -0.5);
}

/// z overflow: SGD (Q_t = 0 after t = 1) with g = 1e308 twice gives
/// z_2 = 2e308 = inf: a typed `Overflow { what: "z", step: 2 }`.
#[test]
fn z_overflow_is_a_typed_error() {
    let mut a = Algorithm1::new(
        sgd(1),
        Groups::single(1).unwrap(),
        Penalty::none(),
        Threshold::S,
        &[0.0],
    )
    .unwrap();
    a.step(&[1e308]).unwrap();
    let e = a.step(&[1e308]).unwrap_err();
    assert!(
        matches!(
            e,
            SglError::Overflow {
                step: 2,
                what: "z",
                coord: 0
            }
        ),
        "{e:?}"
    );
}

/// Subnormal gradients: g = 1e-310 is representable but g^2 underflows to 0,
/// so with eps = 0 the computed sqrt(V) is 0 while m = g != 0. The oracle
/// follows the arithmetic (it does not rescale): with lambda1 >= |z| the
/// coordinate is 0 (Eq. (9)); with lambda1 = 0 and lambda2 = 0, Eq. (6) as
/// computed has no minimiser (typed error naming step and coordinate), and
/// Eq. (1) divides by zero (typed error). With eps > 0 the step is finite.
#[test]
fn subnormal_gradients_follow_the_arithmetic() {
    let g = [1e-310];
    let ada0 = || Adagrad::new(1, 0.5, 0.0, AdagradForm::PaperAlg3).unwrap();
    for th in THRESHOLDS {
        let mut a = Algorithm1::new(
            ada0(),
            Groups::single(1).unwrap(),
            Penalty::none(),
            th,
            &[0.0],
        )
        .unwrap();
        let e = a.step(&g).unwrap_err();
        assert!(
            matches!(e, SglError::NoMinimiser { step: 1, coord: 0 }),
            "{th:?}: {e:?}"
        );
        // lambda1 = 1e-300 >= |z| = 1e-310: x = 0, no error.
        let pen = Penalty::new(1e-300, 0.0, 0.0).unwrap();
        let mut a = Algorithm1::new(ada0(), Groups::single(1).unwrap(), pen, th, &[0.0]).unwrap();
        assert_eq!(a.step(&g).unwrap(), &[0.0]);
    }
    let mut p = PlainOptimizer::new(ada0(), &[0.0]).unwrap();
    let e = p.step(&g, None).unwrap_err();
    assert!(
        matches!(e, SglError::DivisionByZero { step: 1, coord: 0 }),
        "{e:?}"
    );
    // eps = 1e-8: sigma = sqrt(1e-8)/0.5 = 2e-4, x = -1e-310 / 2e-4 = -5e-307
    // (a normal number). The literal 1e-310 is subnormal, stored to the
    // nearest multiple of 2^-1074 ~ 4.9e-324, i.e. with relative error up to
    // 2.5e-14; hence the relative tolerance 3e-14 (the step itself adds a few
    // ULPs of 1.1e-16).
    let ada = Adagrad::new(1, 0.5, 1e-8, AdagradForm::PaperAlg3).unwrap();
    let mut a = Algorithm1::new(
        ada,
        Groups::single(1).unwrap(),
        Penalty::none(),
        Threshold::S,
        &[0.0],
    )
    .unwrap();
    let x = a.step(&g).unwrap()[0];
    assert!((x - -5e-307).abs() <= 3e-14 * 5e-307, "{x:e}");
}

/// The no-minimiser case (sigma_i + 2 lambda2 = 0 with |z_i| > lambda1)
/// through Algorithm 1 with every threshold: AdaHessian with a zero Hessian
/// diagonal and eps = 0 has V = 0 while m = (1 - beta1) g != 0. Under
/// `STildePrinted` / `STildeExact` the threshold weight s/A or s/sqrt(A)
/// divides by A = 0 and is caught there; under `S` the final division is.
#[test]
fn no_minimiser_through_every_threshold() {
    for th in THRESHOLDS {
        let rule = AdaHessian::new(2, 0.5, 0.5, 0.5, 0.0, AdamForm::PaperV1).unwrap();
        let mut a = Algorithm1::new(
            rule,
            Groups::single(2).unwrap(),
            Penalty::none(),
            th,
            &[0.0; 2],
        )
        .unwrap();
        let e = a.step_with_hessian(&[0.0, 1.0], &[0.0, 0.0]).unwrap_err();
        assert!(
            matches!(e, SglError::NoMinimiser { step: 1, coord: 1 }),
            "{th:?}: {e:?}"
        );
    }
    // Same data with lambda2 > 0: a minimiser exists and the step is finite.
    let pen = Penalty::new(0.0, 0.0, 0.25).unwrap();
    for th in THRESHOLDS {
        let rule = AdaHessian::new(2, 0.5, 0.5, 0.5, 0.0, AdamForm::PaperV1).unwrap();
        let mut a = Algorithm1::new(rule, Groups::single(2).unwrap(), pen, th, &[0.0; 2]).unwrap();
        let x = a.step_with_hessian(&[0.0, 1.0], &[0.0, 0.0]).unwrap();
        assert!(
            x.iter().all(|v| v.is_finite()) && x[0] == 0.0 && x[1] != 0.0,
            "{th:?}: {x:?}"
        );
    }
}
