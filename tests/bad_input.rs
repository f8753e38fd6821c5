//! Invalid input is a typed error, never a panic; and the places where the
//! paper divides by zero have a defined outcome.

mod common;
use proptest::prelude::*;
use sgl_oracle::rules::*;
use sgl_oracle::{Algorithm1, Groups, Penalty, PlainOptimizer, SglError, Threshold};

fn is_param_err(r: Result<impl Sized, SglError>, name: &str) -> bool {
    matches!(r, Err(SglError::InvalidHyperParameter { name: n, .. }) if n == name)
}

#[test]
fn every_invalid_hyper_parameter_is_named() {
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(is_param_err(
            Sgd::new(2, bad, SgdSchedule::Constant),
            "alpha"
        ));
        assert!(is_param_err(Momentum::new(2, bad, 0.5), "alpha"));
        assert!(is_param_err(
            Adagrad::new(2, bad, 0.0, AdagradForm::PaperAlg3),
            "alpha"
        ));
        assert!(is_param_err(
            Adam::new(2, bad, 0.9, 0.9, 0.0, AdamForm::PaperV1),
            "alpha"
        ));
        assert!(is_param_err(
            AmsGrad::new(2, bad, 0.9, 0.9, 0.0, AmsGradForm::Table1),
            "alpha"
        ));
        assert!(is_param_err(
            AdaHessian::new(2, bad, 0.9, 0.9, 0.0, AdamForm::PaperV1),
            "alpha"
        ));
    }
    for bad in [1.0, -0.1, 1.5, f64::NAN] {
        assert!(is_param_err(
            Adam::new(2, 0.1, bad, 0.9, 0.0, AdamForm::PaperV1),
            "beta1"
        ));
        assert!(is_param_err(
            Adam::new(2, 0.1, 0.9, bad, 0.0, AdamForm::PaperV1),
            "beta2"
        ));
        assert!(is_param_err(
            AmsGrad::new(2, 0.1, bad, 0.9, 0.0, AmsGradForm::Reddi),
            "beta1"
        ));
        assert!(is_param_err(Momentum::new(2, 0.1, bad), "gamma"));
    }
    for bad in [-1e-9, f64::NAN, f64::NEG_INFINITY] {
        assert!(is_param_err(
            Adam::new(2, 0.1, 0.9, 0.9, bad, AdamForm::PaperV1),
            "eps"
        ));
        assert!(is_param_err(
            Adagrad::new(2, 0.1, bad, AdagradForm::PaperAlg3),
            "eps"
        ));
        assert!(is_param_err(Penalty::new(bad, 0.0, 0.0), "lambda1"));
        assert!(is_param_err(Penalty::new(0.0, bad, 0.0), "lambda21"));
        assert!(is_param_err(Penalty::new(0.0, 0.0, bad), "lambda2"));
        assert!(is_param_err(
            Adagrad::new(2, 0.1, 0.0, AdagradForm::InitialAccumulator { n0: bad }),
            "n0"
        ));
    }
}

#[test]
fn bad_groups_and_shapes() {
    assert!(matches!(
        Groups::from_lists(3, vec![vec![0, 1], vec![1, 2]]),
        Err(SglError::InvalidGroups(_))
    ));
    assert!(matches!(
        Groups::from_lists(3, vec![vec![0, 1], vec![]]),
        Err(SglError::InvalidGroups(_))
    ));
    assert!(matches!(
        Groups::from_lists(3, vec![vec![0, 1]]),
        Err(SglError::InvalidGroups(_))
    ));
    assert!(matches!(
        Groups::from_lists(3, vec![vec![0, 1, 2, 3]]),
        Err(SglError::InvalidGroups(_))
    ));
    assert!(matches!(
        Groups::rows(5, 2),
        Err(SglError::InvalidGroups(_))
    ));
    assert!(matches!(
        Groups::rows(0, 1),
        Err(SglError::InvalidGroups(_))
    ));
    let rule = Adam::new(3, 0.1, 0.9, 0.9, 0.0, AdamForm::PaperV1).unwrap();
    let groups = Groups::single(3).unwrap();
    assert!(matches!(
        Algorithm1::new(
            rule.clone(),
            groups.clone(),
            Penalty::none(),
            Threshold::S,
            &[1.0, 2.0]
        ),
        Err(SglError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        Algorithm1::new(
            rule.clone(),
            groups.clone(),
            Penalty::none(),
            Threshold::S,
            &[1.0, f64::NAN, 0.0]
        ),
        Err(SglError::NonFinite {
            what: "x1",
            index: 1
        })
    ));
    let mut alg = Algorithm1::new(
        rule,
        groups,
        Penalty::none(),
        Threshold::S,
        &[1.0, 2.0, 3.0],
    )
    .unwrap();
    assert!(matches!(
        alg.step(&[1.0, 2.0]),
        Err(SglError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        alg.step(&[1.0, f64::INFINITY, 0.0]),
        Err(SglError::NonFinite {
            what: "gradient",
            index: 1
        })
    ));
    let bad_penalty = Penalty {
        lambda1: -1.0,
        lambda21: 0.0,
        lambda2: 0.0,
    };
    let rule = Adam::new(3, 0.1, 0.9, 0.9, 0.0, AdamForm::PaperV1).unwrap();
    assert!(Algorithm1::new(
        rule,
        Groups::single(3).unwrap(),
        bad_penalty,
        Threshold::S,
        &[0.0; 3]
    )
    .is_err());
}

/// Where Eq. (6) has no minimiser: AdaHessian with D_t = 0 but g_t != 0,
/// eps = 0 and lambda2 = 0 gives sqrt(V_t)/alpha_t = 0 while |z| > lambda1:
/// the objective is linear and unbounded below along that coordinate.
/// Algorithm 1 reports `NoMinimiser` naming step and coordinate; Eq. (1)
/// reports `DivisionByZero`.
#[test]
fn zero_curvature_with_signal_has_no_minimiser() {
    let rule = AdaHessian::new(2, 0.1, 0.9, 0.9, 0.0, AdamForm::PaperV1).unwrap();
    let mut alg = Algorithm1::new(
        rule.clone(),
        Groups::singletons(2).unwrap(),
        Penalty::new(0.01, 0.0, 0.0).unwrap(),
        Threshold::S,
        &[0.0, 0.0],
    )
    .unwrap();
    let r = alg.step_with_hessian(&[0.0, 1.0], &[1.0, 0.0]);
    assert_eq!(r.err(), Some(SglError::NoMinimiser { step: 1, coord: 1 }));
    let mut plain = PlainOptimizer::new(rule, &[0.0, 0.0]).unwrap();
    assert_eq!(
        plain.step(&[0.0, 1.0], Some(&[1.0, 0.0])).err(),
        Some(SglError::DivisionByZero { step: 1, coord: 1 })
    );
}

/// Zero curvature but |z| <= lambda1 (here z = 0): the minimiser set of that
/// coordinate contains 0 and the policy returns exactly 0 (no 0/0 NaN).
/// With lambda2 > 0 the curvature is 2 lambda2 > 0 and no special case is needed.
#[test]
fn zero_curvature_without_signal_gives_zero() {
    let rule = Adam::new(2, 0.1, 0.9, 0.9, 0.0, AdamForm::Table1).unwrap();
    let mut alg = Algorithm1::new(
        rule,
        Groups::single(2).unwrap(),
        Penalty::none(),
        Threshold::STildeExact,
        &[0.5, 0.5],
    )
    .unwrap();
    let x = alg.step(&[0.0, 1.0]).unwrap();
    assert_eq!(x[0], 0.0);
    assert!(x[1].is_finite());
}

fn hostile() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(0.0),
        Just(f64::MIN_POSITIVE / 4.0),
        Just(1e300),
        Just(-1e300),
        -10.0..10.0f64,
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(0x5a1))]

    /// No panic on any input: every outcome is Ok with finite x and the
    /// sparsity invariant, or a typed error.
    #[test]
    fn hostile_inputs_never_panic(
        alpha in hostile(), b1 in hostile(), b2 in hostile(), eps in hostile(),
        l1 in hostile(), l21 in hostile(), l2 in hostile(),
        x1 in proptest::collection::vec(hostile(), 0..6),
        grads in proptest::collection::vec(proptest::collection::vec(hostile(), 0..6), 0..8),
        sizes in proptest::collection::vec(1usize..4, 0..4),
    ) {
        let n = x1.len();
        let Ok(groups) = Groups::from_sizes(&sizes) else { return Ok(()) };
        let Ok(rule) = Adam::new(n, alpha, b1, b2, eps, AdamForm::PaperV1) else { return Ok(()) };
        let Ok(pen) = Penalty::new(l1, l21, l2) else { return Ok(()) };
        let Ok(mut alg) = Algorithm1::new(rule, groups.clone(), pen, Threshold::S, &x1) else { return Ok(()) };
        for g in &grads {
            match alg.step(g) {
                Ok(x) => {
                    prop_assert!(x.iter().all(|v| v.is_finite()));
                }
                Err(_) => break,
            }
            for i in 0..n {
                if alg.z()[i].abs() <= pen.lambda1 {
                    prop_assert_eq!(alg.x()[i], 0.0);
                }
            }
        }
    }
}
