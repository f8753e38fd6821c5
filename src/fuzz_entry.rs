//! Entry points driven by the cargo-fuzz targets in `fuzz/` and, on the
//! committed regression inputs, by `tests/fuzz_regressions.rs`. Each must
//! return normally on every input (errors are values); a panic is a bug.

use crate::algorithm1::{Algorithm1, Threshold};
use crate::groups::Groups;
use crate::penalty::Penalty;
use crate::rules::*;
use crate::run::{parse_config, run_config, Input};

/// Parses arbitrary bytes as a `sgl run` config and, if it is small, runs it.
pub fn config_reader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = parse_config(text) else { return };
    let small = match &cfg.input {
        Input::Gradients { gradients, .. } => gradients.len() <= 64,
        Input::Objective { steps, .. } => *steps <= 64,
    };
    if small && cfg.x1.len() <= 64 {
        if let Ok(traj) = run_config(&cfg) {
            for case in traj.cases.values() {
                for x in &case.x {
                    assert!(x.iter().all(|v| v.is_finite()), "non-finite x escaped");
                }
            }
        }
    }
}

/// Reads little-endian f64s, cycling; `hostile` picks raw bit patterns.
struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        if self.data.is_empty() {
            return 0;
        }
        let b = self.data[self.pos % self.data.len()];
        self.pos += 1;
        b
    }
    fn f64(&mut self) -> f64 {
        let tag = self.byte();
        if tag < 16 {
            let mut raw = [0u8; 8];
            for r in raw.iter_mut() {
                *r = self.byte();
            }
            f64::from_le_bytes(raw)
        } else {
            let a = self.byte() as f64 / 255.0;
            let e = (self.byte() % 24) as i32 - 12;
            (a - 0.5) * 10f64.powi(e)
        }
    }
    fn unit(&mut self) -> f64 {
        self.byte() as f64 / 256.0
    }
}

/// Drives a random optimizer configuration (rule, form, penalty, groups,
/// threshold) through up to 64 steps; asserts finite output and the l1
/// sparsity invariant whenever a step succeeds.
pub fn optimizer_structured(data: &[u8]) {
    let mut b = Bytes { data, pos: 0 };
    let n = 1 + (b.byte() % 12) as usize;
    let alpha = b.f64().abs();
    let (b1, b2) = (b.unit(), b.unit());
    let eps = b.f64().abs();
    let rule = match b.byte() % 10 {
        0 => Sgd::new(n, alpha, SgdSchedule::InvSqrtT).map(AnyRule::Sgd),
        1 => Momentum::new(n, alpha, b1).map(AnyRule::Momentum),
        2 => Adagrad::new(n, alpha, eps, AdagradForm::PaperAlg3).map(AnyRule::Adagrad),
        3 => Adagrad::new(n, alpha, eps, AdagradForm::InitialAccumulator { n0: eps })
            .map(AnyRule::Adagrad),
        4 => Adam::new(n, alpha, b1, b2, eps, AdamForm::PaperV1).map(AnyRule::Adam),
        5 => Adam::new(n, alpha, b1, b2, eps, AdamForm::PaperV2).map(AnyRule::Adam),
        6 => Adam::new(n, alpha, b1, b2, eps, AdamForm::Table1).map(AnyRule::Adam),
        7 => AmsGrad::new(n, alpha, b1, b2, eps, AmsGradForm::Table1).map(AnyRule::AmsGrad),
        8 => AmsGrad::new(n, alpha, b1, b2, eps, AmsGradForm::Optax).map(AnyRule::AmsGrad),
        _ => AdaHessian::new(n, alpha, b1, b2, eps, AdamForm::PaperV1).map(AnyRule::AdaHessian),
    };
    let Ok(rule) = rule else { return };
    let Ok(pen) = Penalty::new(b.f64().abs(), b.f64().abs(), b.f64().abs()) else {
        return;
    };
    let mut sizes = vec![];
    let mut left = n;
    while left > 0 {
        let d = 1 + (b.byte() as usize % left);
        sizes.push(d);
        left -= d;
    }
    let Ok(groups) = Groups::from_sizes(&sizes) else {
        return;
    };
    let threshold = match b.byte() % 3 {
        0 => Threshold::S,
        1 => Threshold::STildePrinted,
        _ => Threshold::STildeExact,
    };
    let x1: Vec<f64> = (0..n).map(|_| b.f64()).collect();
    let Ok(mut alg) = Algorithm1::new(rule, groups, pen, threshold, &x1) else {
        return;
    };
    let steps = b.byte() % 64;
    for _ in 0..steps {
        let g: Vec<f64> = (0..n).map(|_| b.f64()).collect();
        let h: Vec<f64> = (0..n).map(|_| b.f64()).collect();
        match alg.step_with_hessian(&g, &h) {
            Ok(x) => assert!(x.iter().all(|v| v.is_finite()), "non-finite x escaped"),
            Err(_) => return,
        }
        for i in 0..n {
            if alg.z()[i].abs() <= pen.lambda1 {
                assert_eq!(alg.x()[i], 0.0, "l1 invariant");
            }
        }
    }
}

/// Drives the fused step ([`crate::fused::FusedSgl`]) and the reference
/// [`Algorithm1`] with the same random rule (Group Adam v1, Adagrad,
/// Momentum, SGD), penalty, threshold, row width (1..=70), thread count
/// (1-2), kernel and inputs (raw bit patterns included) for up to 32 steps.
/// Asserts the differential property ([`crate::fused::differential_step`]):
/// at every step both succeed with bit-identical `x`, `z` and `sigma`, or
/// both fail (typed errors) at the same step.
pub fn fused_structured(data: &[u8]) {
    use crate::fused::{
        differential_step, FusedAdagrad, FusedAdam, FusedMomentum, FusedRule, FusedSgl, Kernel,
        StepVerdict,
    };
    fn pair<R: MomentRule, F: FusedRule<f64>>(
        reference: crate::Result<R>,
        fused: crate::Result<F>,
        d: usize,
        n: usize,
        b: &mut Bytes<'_>,
    ) {
        let (Ok(reference), Ok(fused)) = (reference, fused) else {
            return;
        };
        let Ok(pen) = Penalty::new(b.f64().abs(), b.f64().abs(), b.f64().abs()) else {
            return;
        };
        let threshold = match b.byte() % 3 {
            0 => Threshold::S,
            1 => Threshold::STildePrinted,
            _ => Threshold::STildeExact,
        };
        let threads = 1 + b.byte() as usize % 2;
        let portable = b.byte().is_multiple_of(2);
        let x1: Vec<f64> = (0..n).map(|_| b.f64()).collect();
        let Ok(groups) = Groups::rows(n, d) else {
            return;
        };
        let (Ok(mut a), Ok(mut f)) = (
            Algorithm1::new(reference, groups, pen, threshold, &x1),
            FusedSgl::new(fused, d, pen, threshold, &x1, threads),
        ) else {
            return;
        };
        if portable {
            let _ = f.set_kernel(Kernel::Portable);
        }
        for _ in 0..b.byte() % 32 {
            let g: Vec<f64> = (0..n).map(|_| b.f64()).collect();
            match differential_step(&mut a, &mut f, &g) {
                StepVerdict::Same => {}
                StepVerdict::BothFailed => return,
                StepVerdict::Diverged(what) => panic!(
                    "{what} (d = {d}, n = {n}, {pen:?}, {threshold:?}, threads {threads}, \
                     portable {portable}, x1 = {x1:?})"
                ),
            }
        }
    }
    let mut b = Bytes { data, pos: 0 };
    let alpha = b.f64().abs();
    let (b1, b2) = (b.unit(), b.unit());
    let eps = b.f64().abs();
    let kind = b.byte() % 4;
    // Row width and count, read before the rules: the reference rules are
    // sized by n.
    let d = 1 + b.byte() as usize % 70;
    let n = (b.byte() as usize % 6) * d;
    match kind {
        0 => pair(
            Adam::new(n, alpha, b1, b2, eps, AdamForm::PaperV1),
            FusedAdam::paper_v1(alpha, b1, b2, eps),
            d,
            n,
            &mut b,
        ),
        1 => pair(
            Adagrad::new(n, alpha, eps, AdagradForm::PaperAlg3),
            FusedAdagrad::paper_alg3(alpha, eps),
            d,
            n,
            &mut b,
        ),
        2 => pair(
            Momentum::new(n, alpha, b1),
            FusedMomentum::momentum(alpha, b1),
            d,
            n,
            &mut b,
        ),
        _ => pair(
            Sgd::new(n, alpha, SgdSchedule::InvSqrtT),
            FusedMomentum::sgd(alpha, true),
            d,
            n,
            &mut b,
        ),
    }
}

/// Parses arbitrary bytes as a fixture file (the deserializer
/// [`crate::fixtures::load`] uses, plus its schema check) and, if it is small,
/// re-verifies every case ([`crate::fixtures::verify::verify_case`]) and checks
/// the file against the trajectory made of its own expected values.
pub fn fixture_reader(data: &[u8]) {
    use crate::fixtures::check::{check, Trajectory, TrajectoryCase};
    use crate::fixtures::format::{FixtureFile, SCHEMA};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(f) = serde_json::from_str::<FixtureFile>(text) else {
        return;
    };
    if f.schema != SCHEMA {
        return;
    }
    let size: usize = f
        .test_groups
        .iter()
        .flat_map(|g| {
            g.tests
                .iter()
                .map(move |c| g.n.max(1) * (c.gradients.len() + c.expected.len() + 1))
        })
        .sum();
    if size > 4096 || f.test_groups.iter().any(|g| g.n > 64) {
        return;
    }
    for g in &f.test_groups {
        for c in &g.tests {
            let _ = crate::fixtures::verify::verify_case(g, c);
        }
    }
    let mut traj = Trajectory {
        cases: Default::default(),
        skipped: Default::default(),
    };
    for g in &f.test_groups {
        for c in &g.tests {
            traj.cases.insert(
                c.tc_id.to_string(),
                TrajectoryCase {
                    x: c.expected.iter().map(|s| s.x_next.clone()).collect(),
                    z: Some(c.expected.iter().map(|s| s.z_t.clone()).collect()),
                    m: None,
                    v: None,
                    sigma: None,
                    loss: None,
                    error: None,
                    table: None,
                },
            );
        }
    }
    let report = check(&f, &traj);
    let _ = report.render();
}

fn group_adam_fixture() -> &'static crate::fixtures::format::FixtureFile {
    static F: std::sync::OnceLock<crate::fixtures::format::FixtureFile> =
        std::sync::OnceLock::new();
    F.get_or_init(|| {
        // A committed, valid fixture: failing to parse it is a build defect,
        // not an input error (fixtures_check tests it too).
        #[allow(clippy::expect_used)]
        serde_json::from_str(include_str!("../fixtures/group_adam.json"))
            .expect("fixtures/group_adam.json parses")
    })
}

/// `sgl fixtures check`'s trajectory reader and checker on arbitrary bytes,
/// against the committed fixture `fixtures/group_adam.json`.
pub fn trajectory_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(report) = crate::fixtures::check::check_str(group_adam_fixture(), text) {
        let _ = report.render();
        let _ = report.ok(true);
    }
}

/// Builds the Eq. (6) instance of `sgl solve`'s input with the CLI's own
/// reader ([`crate::eq6::input::parse`]); `Ok(None)` when the JSON does not
/// parse as that format.
pub fn solve_instance(text: &str) -> crate::Result<Option<crate::eq6::Instance>> {
    match crate::eq6::input::parse(text) {
        Ok((inst, history)) => {
            if let Some(h) = &history {
                let _ = h.objective(&inst.penalty, &inst.groups, &inst.z);
            }
            Ok(Some(inst))
        }
        Err(crate::SglError::InvalidInput(m)) if m.starts_with("solve input: ") => Ok(None),
        Err(e) => Err(e),
    }
}

/// `sgl solve`'s input reader and every method it runs (closed forms,
/// certificate, objective; the clarabel solver for n <= 6) on arbitrary bytes.
pub fn solve_input(data: &[u8]) {
    use crate::eq6::{certificate, closed_form, objective, solve, METHODS};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(Some(inst)) = solve_instance(text) else {
        return;
    };
    if inst.dim() > 64 {
        return;
    }
    for kind in METHODS {
        if let Ok(x) = closed_form(&inst, kind) {
            let _ = certificate(&inst, &x);
            let _ = objective(&inst, &x);
        }
    }
    if inst.dim() <= 6 {
        if let Ok(sol) = solve(&inst) {
            let _ = certificate(&inst, &sol.x);
        }
    }
}
