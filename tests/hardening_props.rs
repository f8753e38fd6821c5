//! Property tests over hostile inputs (issue 7, item 3): NaN, +-Inf, -0.0,
//! subnormals, 1e300, empty vectors, single-element groups and huge group
//! counts through every rule kind and form (Algorithm 1 and Eq. (1)),
//! FTRL-Proximal, the printed Algorithms 2 and 3, the Eq. (6) closed forms and
//! solver, and the parse functions behind `sgl run`, `sgl solve` and
//! `sgl fixtures check`. Every case asserts: no panic, and either a typed
//! error or finite outputs satisfying the sparsity invariants
//! (|z_i| <= lambda1 => x_i = 0 [Eq:9]; a group whose threshold norm is
//! <= sqrt(d_g) lambda21 is all zero [Alg1:L10]).
//!
//! Case counts come from `PROPTEST_CASES` (default 48); the rng seed is fixed.

mod common;

use proptest::prelude::*;
use sgl_oracle::algorithm1::{Algorithm1, Threshold};
use sgl_oracle::eq6::{certificate, closed_form, solve, History, Instance, METHODS};
use sgl_oracle::ftrl::FtrlProximal;
use sgl_oracle::plain::PlainOptimizer;
use sgl_oracle::printed::{GroupAdagradPrinted, GroupAdamPrinted, PaperVersion};
use sgl_oracle::rules::*;
use sgl_oracle::{Groups, Penalty};

/// Successful Algorithm 1 steps seen (a coverage check: the property must
/// not hold only because every case errors out early).
static STEPS_OK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn cases() -> u32 {
    common::cases(48)
}

fn config(seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        ..common::proptest_config(seed)
    }
}

/// Hostile scalars: the special values named by the issue, mixed with
/// ordinary ones so that runs also get past the first step.
fn hostile() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -2.0f64..2.0,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(-0.0),
        1 => Just(0.0),
        1 => Just(5e-324),
        1 => Just(-1e-310),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(1e300),
        1 => Just(-1e300),
        1 => Just(2e154), // g^2 overflows
        1 => Just(f64::MAX),
    ]
}

/// Hyper-parameters: mostly valid, sometimes hostile.
fn param() -> impl Strategy<Value = f64> {
    prop_oneof![4 => 0.0f64..1.0, 1 => hostile()]
}

fn rule_spec() -> impl Strategy<Value = RuleSpec> {
    let adam_form = prop_oneof![
        Just(AdamForm::Table1),
        Just(AdamForm::PaperV1),
        Just(AdamForm::PaperV2),
        Just(AdamForm::Tfplus)
    ];
    let ams_form = prop_oneof![
        Just(AmsGradForm::Table1),
        Just(AmsGradForm::Reddi),
        Just(AmsGradForm::PyTorch),
        Just(AmsGradForm::Optax)
    ];
    let ada_form = prop_oneof![
        Just(AdagradForm::PaperAlg3),
        Just(AdagradForm::Table1),
        param().prop_map(|n0| AdagradForm::InitialAccumulator { n0 }),
        Just(AdagradForm::EpsOutsideSqrt)
    ];
    let sched = prop_oneof![Just(SgdSchedule::InvSqrtT), Just(SgdSchedule::Constant)];
    prop_oneof![
        (param(), sched).prop_map(|(alpha, schedule)| RuleSpec::Sgd { alpha, schedule }),
        (param(), param()).prop_map(|(alpha, gamma)| RuleSpec::Momentum { alpha, gamma }),
        (param(), param(), ada_form).prop_map(|(alpha, eps, form)| RuleSpec::Adagrad {
            alpha,
            eps,
            form
        }),
        (param(), param(), param(), param(), adam_form.clone()).prop_map(
            |(alpha, beta1, beta2, eps, form)| RuleSpec::Adam {
                alpha,
                beta1,
                beta2,
                eps,
                form
            }
        ),
        (param(), param(), param(), param(), ams_form).prop_map(
            |(alpha, beta1, beta2, eps, form)| RuleSpec::Amsgrad {
                alpha,
                beta1,
                beta2,
                eps,
                form
            }
        ),
        (param(), param(), param(), param(), adam_form).prop_map(
            |(alpha, beta1, beta2, eps, form)| RuleSpec::Adahessian {
                alpha,
                beta1,
                beta2,
                eps,
                form
            }
        ),
    ]
}

fn threshold() -> impl Strategy<Value = Threshold> {
    prop_oneof![
        Just(Threshold::S),
        Just(Threshold::STildePrinted),
        Just(Threshold::STildeExact)
    ]
}

/// Group layouts: empty, one group, singletons (the "huge group count" per
/// dimension), and random contiguous sizes.
fn sizes() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![
        Just(vec![]),
        (1usize..5).prop_map(|n| vec![n]),
        (1usize..6).prop_map(|n| vec![1; n]),
        proptest::collection::vec(1usize..4, 0..4),
    ]
}

/// The threshold weight of coordinate i as [Alg1:L10] defines it, written
/// out here independently of src/algorithm1.rs.
fn weight(th: Threshold, s: f64, sigma: f64, l2: f64) -> f64 {
    match th {
        Threshold::S => s,
        Threshold::STildePrinted => s / (0.5 * sigma + l2),
        Threshold::STildeExact => s / (0.5 * sigma + l2).sqrt(),
    }
}

/// Checks the sparsity invariants of a successful Algorithm 1 step.
fn check_invariants<R: MomentRule>(alg: &Algorithm1<R>, pen: &Penalty) -> Result<(), String> {
    let (x, z, s, sigma) = (alg.x(), alg.z(), alg.s(), alg.sigma());
    for i in 0..x.len() {
        if !x[i].is_finite() {
            return Err(format!("x[{i}] = {} not finite", x[i]));
        }
        // [Eq:9]: exact, no tolerance (z and lambda1 are the stored values).
        if z[i].abs() <= pen.lambda1 && x[i] != 0.0 {
            return Err(format!(
                "|z[{i}]| = {} <= lambda1 but x = {}",
                z[i].abs(),
                x[i]
            ));
        }
    }
    let groups = alg.groups();
    for (gi, members) in groups.iter().enumerate() {
        let c = groups.sqrt_size(gi) * pen.lambda21;
        let norm = members
            .iter()
            .map(|&i| weight(alg.threshold(), s[i], sigma[i], pen.lambda2).powi(2))
            .sum::<f64>()
            .sqrt();
        // Margin 1e-12 relative: this norm is summed in a different way
        // (powi, iterator sum) than the implementation's, so at an exact tie
        // the two may differ by a few ULPs; ties proper are tested exactly in
        // tests/hardening_policy.rs.
        if norm <= c * (1.0 - 1e-12) && members.iter().any(|&i| x[i] != 0.0) {
            return Err(format!("group {gi}: norm {norm:e} <= {c:e} but not zero"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(0x4a7d_0001))]

    /// Every rule kind and form through Algorithm 1 and Eq. (1).
    #[test]
    fn algorithm1_and_plain_hostile(
        spec in rule_spec(),
        th in threshold(),
        pen in (param(), param(), param()),
        sizes in sizes(),
        x1 in proptest::collection::vec(hostile(), 12),
        grads in proptest::collection::vec(proptest::collection::vec(hostile(), 12), 0..6),
        hess in proptest::collection::vec(hostile(), 12),
        cut in prop_oneof![6 => Just(0usize), 1 => 1usize..3],
    ) {
        let n: usize = sizes.iter().sum();
        // Mostly matching lengths (so runs get past validation), sometimes short.
        let x1 = &x1[..n.saturating_sub(cut)];
        let hess = &hess[..n];
        let grads: Vec<&[f64]> = grads.iter().map(|g| &g[..n]).collect();
        let groups = Groups::from_sizes(&sizes);
        let penalty = Penalty::new(pen.0, pen.1, pen.2);
        if let (Ok(groups), Ok(penalty)) = (groups, penalty) {
            if let Ok(rule) = spec.build(n) {
                if let Ok(mut alg) = Algorithm1::new(rule, groups, penalty, th, x1) {
                    for g in &grads {
                        match alg.step_with_hessian(g, hess) {
                            Ok(_) => {
                                STEPS_OK.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                check_invariants(&alg, &penalty).map_err(TestCaseError::fail)?
                            }
                            Err(_) => break,
                        }
                    }
                }
            }
        }
        if let Ok(rule) = spec.build(x1.len()) {
            if let Ok(mut p) = PlainOptimizer::new(rule, x1) {
                for g in &grads {
                    match p.step(g, Some(hess)) {
                        Ok(x) => prop_assert!(x.iter().all(|v| v.is_finite())),
                        Err(_) => break,
                    }
                }
            }
        }
    }

    /// FTRL-Proximal and the printed Algorithms 2 (v1, v2, v2-cumulative) and 3.
    #[test]
    fn ftrl_and_printed_hostile(
        hp in (param(), param(), param(), param(), param(), param()),
        sizes in sizes(),
        x1 in proptest::collection::vec(hostile(), 12),
        grads in proptest::collection::vec(proptest::collection::vec(hostile(), 12), 0..6),
    ) {
        let (alpha, b1, b2, eps, l1, l21) = hp;
        let n: usize = sizes.iter().sum();
        let x1 = &x1[..n];
        let grads: Vec<&[f64]> = grads.iter().map(|g| &g[..n]).collect();
        if let Ok(mut f) = FtrlProximal::new(n, alpha, b1, l1, l21, eps) {
            for g in &grads {
                match f.step(g) {
                    Ok(w) => prop_assert!(w.iter().all(|v| v.is_finite())),
                    Err(_) => break,
                }
            }
        }
        let (Ok(groups), Ok(pen)) = (Groups::from_sizes(&sizes), Penalty::new(l1, l21, b2 * 0.5)) else {
            return Ok(());
        };
        for version in [PaperVersion::V1, PaperVersion::V2, PaperVersion::V2Cumulative] {
            if let Ok(mut a) = GroupAdamPrinted::new(version, alpha, b1, b2, eps, groups.clone(), pen, x1) {
                for g in &grads {
                    match a.step(g) {
                        Ok(x) => prop_assert!(x.iter().all(|v| v.is_finite())),
                        Err(_) => break,
                    }
                    // [Eq:9] as printed in Algorithm 2: exact.
                    for i in 0..n {
                        if a.z()[i].abs() <= pen.lambda1 {
                            prop_assert_eq!(a.x()[i], 0.0);
                        }
                    }
                }
            }
        }
        if let Ok(mut a) = GroupAdagradPrinted::new(alpha, eps, groups.clone(), pen, x1) {
            for g in &grads {
                match a.step(g) {
                    Ok(x) => prop_assert!(x.iter().all(|v| v.is_finite())),
                    Err(_) => break,
                }
            }
        }
    }

    /// The Eq. (6) closed forms (all three kinds), the KKT certificate and,
    /// for n <= 3, the conic solver; and the history form's reduction.
    #[test]
    fn eq6_hostile(
        z in proptest::collection::vec(hostile(), 12),
        sigma in proptest::collection::vec(hostile(), 12),
        pen in (param(), param(), param()),
        sizes in sizes(),
        hist in proptest::collection::vec(proptest::collection::vec(hostile(), 0..3), 0..4),
    ) {
        let n: usize = sizes.iter().sum();
        let (z, sigma) = (z[..n].to_vec(), sigma[..n].to_vec());
        let (Ok(groups), Ok(penalty)) = (Groups::from_sizes(&sizes), Penalty::new(pen.0, pen.1, pen.2)) else {
            return Ok(());
        };
        if let Ok(inst) = Instance::new(z.clone(), sigma.clone(), penalty, groups.clone()) {
            for kind in METHODS {
                if let Ok(x) = closed_form(&inst, kind) {
                    prop_assert_eq!(x.len(), n);
                    for i in 0..n {
                        prop_assert!(x[i].is_finite(), "{:?}: x[{}] = {}", kind, i, x[i]);
                        if inst.z[i].abs() <= penalty.lambda1 {
                            prop_assert_eq!(x[i], 0.0, "{:?}: l1 invariant at {}", kind, i);
                        }
                    }
                    let _ = certificate(&inst, &x);
                }
            }
            if n <= 3 {
                if let Ok(sol) = solve(&inst) {
                    let _ = certificate(&inst, &sol.x);
                }
            }
        }
        if let Ok(h) = History::new(hist.clone(), hist.clone(), hist) {
            if let Ok(g) = Groups::from_sizes(&[h.dim()]).or_else(|_| Groups::from_sizes(&[])) {
                let _ = h.reduce(penalty, g);
            }
        }
    }
}

/// A JSON number token that may be hostile for a parser: overflowing,
/// underflowing, negative zero, huge integers, non-JSON NaN/Infinity, garbage.
fn number_token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-3.0f64..3.0).prop_map(|v| format!("{v}")),
        1 => Just("1e400".to_string()),
        1 => Just("-1e400".to_string()),
        1 => Just("1e-400".to_string()),
        1 => Just("-0.0".to_string()),
        1 => Just("5e-324".to_string()),
        1 => Just("1e300".to_string()),
        1 => Just("NaN".to_string()),
        1 => Just("Infinity".to_string()),
        1 => Just("18446744073709551616".to_string()),
        1 => Just("-1".to_string()),
        1 => Just("\"x\"".to_string()),
        1 => Just("null".to_string()),
    ]
}

fn array(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(number_token(), len).prop_map(|v| format!("[{}]", v.join(",")))
}

fn groups_json() -> impl Strategy<Value = String> {
    prop_oneof![
        number_token().prop_map(|t| format!("{{\"rows\": {t}}}")),
        array(0..5).prop_map(|a| format!("{{\"sizes\": {a}}}")),
        proptest::collection::vec(array(0..3), 0..3)
            .prop_map(|v| format!("{{\"lists\": [{}]}}", v.join(","))),
        Just("{\"rows\": 1000000000000}".to_string()),
        Just("{\"sizes\": [1000000000000, 1]}".to_string()),
    ]
}

fn penalty_json() -> impl Strategy<Value = String> {
    (number_token(), number_token(), number_token())
        .prop_map(|(a, b, c)| format!("{{\"lambda1\": {a}, \"lambda21\": {b}, \"lambda2\": {c}}}"))
}

proptest! {
    #![proptest_config(config(0x4a7d_0002))]

    /// `sgl run`'s parse function and runner on hostile JSON.
    #[test]
    fn run_config_hostile(
        kind in prop_oneof![Just("sgd"), Just("momentum"), Just("adagrad"), Just("adam"), Just("amsgrad"), Just("adahessian")],
        hp in proptest::collection::vec(number_token(), 5),
        pen in penalty_json(),
        groups in groups_json(),
        th in prop_oneof![Just("s"), Just("s-tilde-printed"), Just("s-tilde-exact")],
        x1 in array(0..6),
        grads in proptest::collection::vec(array(0..6), 0..4),
    ) {
        let text = format!(
            "{{\"rule\": {{\"kind\": \"{kind}\", \"alpha\": {}, \"beta1\": {}, \"beta2\": {}, \"eps\": {}, \"gamma\": {}}},
              \"penalty\": {pen}, \"groups\": {groups}, \"threshold\": \"{th}\", \"x1\": {x1},
              \"input\": {{\"gradients\": {{\"gradients\": [{}]}}}}}}",
            hp[0], hp[1], hp[2], hp[3], hp[4], grads.join(",")
        );
        if let Ok(cfg) = sgl_oracle::run::parse_config(&text) {
            if let Ok(traj) = sgl_oracle::run::run_config(&cfg) {
                for case in traj.cases.values() {
                    for x in &case.x {
                        prop_assert!(x.iter().all(|v| v.is_finite()));
                    }
                }
            }
        }
        // The same text through the fuzz entry (which also bounds sizes).
        sgl_oracle::fuzz_entry::config_reader(text.as_bytes());
    }

    /// `sgl solve`'s input reader (the library calls of src/cli/solve.rs, via
    /// `fuzz_entry::solve_instance`) and every method it runs.
    #[test]
    fn solve_input_hostile(
        z in array(0..5),
        sigma in array(0..5),
        hist in proptest::collection::vec(array(0..3), 0..3),
        pen in penalty_json(),
        groups in groups_json(),
        history in any::<bool>(),
    ) {
        let body = if history {
            let h = format!("[{}]", hist.join(","));
            format!("\"history\": {{\"m\": {h}, \"x\": {h}, \"q_over_alpha\": {h}}}")
        } else {
            format!("\"reduced\": {{\"z\": {z}, \"sigma\": {sigma}}}")
        };
        let text = format!("{{{body}, \"penalty\": {pen}, \"groups\": {groups}}}");
        if let Ok(Some(inst)) = sgl_oracle::fuzz_entry::solve_instance(&text) {
            prop_assert!(inst.z.iter().chain(&inst.sigma).all(|v| v.is_finite()));
        }
        sgl_oracle::fuzz_entry::solve_input(text.as_bytes());
    }

    /// `sgl fixtures check`'s trajectory reader and checker on hostile JSON
    /// against the committed fixture group_adam.json.
    #[test]
    fn trajectory_check_hostile(
        ids in proptest::collection::vec(prop_oneof![Just("1".to_string()), Just("2".to_string()), Just("0".to_string()), Just("-1".to_string()), Just("18446744073709551616".to_string()), Just("".to_string())], 0..4),
        rows in proptest::collection::vec(proptest::collection::vec(array(0..8), 0..8), 0..4),
    ) {
        let cases: Vec<String> = ids
            .iter()
            .zip(&rows)
            .map(|(id, r)| format!("\"{id}\": {{\"x\": [{}], \"z\": [{}]}}", r.join(","), r.join(",")))
            .collect();
        let text = format!("{{\"cases\": {{{}}}, \"skipped\": {{\"3\": \"why\"}}}}", cases.join(","));
        sgl_oracle::fuzz_entry::trajectory_check(text.as_bytes());
    }
}

/// Runs the Algorithm 1 property directly (not via the proptest macro) so the
/// coverage counter can be read afterwards: at least a tenth of the cases must
/// reach a successful step, else the property above would be vacuous.
#[test]
fn algorithm1_property_is_not_vacuous() {
    algorithm1_and_plain_hostile();
    let ok = STEPS_OK.load(std::sync::atomic::Ordering::Relaxed);
    assert!(ok as u32 >= cases() / 10, "only {ok} successful steps");
}
