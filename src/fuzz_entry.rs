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
            for s in &traj.steps {
                assert!(s.x.iter().all(|v| v.is_finite()), "non-finite x escaped");
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
        match alg.step(&g, Some(&h)) {
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
