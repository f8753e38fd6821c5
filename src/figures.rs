//! The data behind the book's figures, each computed on the spot from
//! seeded runs; `sgl figures` (src/cli/figures.rs) draws them as SVG.
//!
//! - [`sparsity_run`]: the fraction of non-zero groups and the final loss of
//!   Group Adam at one penalty (the paper's Fig. 2 and Fig. 3 questions,
//!   synthetic data).
//! - [`zeroed_and_revived`]: `||x^g||` over t for a group that Group Adam
//!   zeroes and later revives.
//! - [`regret_vs_bounds`]: `R_t` \[Eq:7\] against the corrected bound (14)
//!   (erratum E9a), the printed (14) and (20) \[Cor1\], for Adagrad with the
//!   exact update (6) on least squares (Section 3).

use crate::algorithm1::{Algorithm1, Threshold};
use crate::error::Result;
use crate::groups::Groups;
use crate::objectives::{LinearProblem, Objective, ObjectiveKind};
use crate::penalty::Penalty;
use crate::prox::zero_group_fraction;
use crate::record::{drive, HessianMode};
use crate::regret::bounds::bounds;
use crate::regret::comparator::comparator;
use crate::regret::record::record;
use crate::rules::{Adagrad, AdagradForm, Adam, AdamForm};

const N: usize = 64;
const D: usize = 8;
const T: usize = 400;

/// Runs Group Adam (paper v1) on the seeded least-squares problem; returns
/// (fraction of non-zero groups at the end, mean loss over the last 100 rounds).
pub fn sparsity_run(penalty: Penalty, threshold: Threshold) -> Result<(f64, f64)> {
    let prob = LinearProblem::synthetic(ObjectiveKind::LeastSquares, N, T, D, 42)?;
    let rule = Adam::new(N, 0.05, 0.9, 0.999, 1e-8, AdamForm::PaperV1)?;
    let mut alg = Algorithm1::new(rule, Groups::rows(N, D)?, penalty, threshold, &[0.0; N])?;
    let mut tail = 0.0;
    drive(&mut alg, &prob, T, HessianMode::Exact, |_, round| {
        if round.t as usize > T - 100 {
            tail += round.loss;
        }
        Ok(())
    })?;
    let nonzero = 1.0 - zero_group_fraction(alg.groups(), alg.x());
    Ok((nonzero, tail / 100.0))
}

/// The norm of group 0 over t: strong gradient, then a quiet phase in which
/// l21 zeroes the group, then strong gradient again (revival).
pub fn zeroed_and_revived() -> Result<Vec<(f64, f64)>> {
    let n = 4;
    let rule = Adam::new(n, 0.05, 0.9, 0.999, 1e-8, AdamForm::PaperV1)?;
    let mut alg = Algorithm1::new(
        rule,
        Groups::rows(n, 2)?,
        Penalty::new(0.0, 0.3, 0.0)?,
        Threshold::S,
        &[0.5, -0.5, 0.5, -0.5],
    )?;
    let mut out = vec![];
    drive(&mut alg, &Pull, 300, HessianMode::Exact, |_, round| {
        let x = &round.state.x_next;
        out.push((round.t as f64, (x[0] * x[0] + x[1] * x[1]).sqrt()));
        Ok(())
    })?;
    Ok(out)
}

/// The objective of [`zeroed_and_revived`]: a least-squares pull of group 0
/// towards `(c_t, -c_t)` (c_t = 0 for 100 <= t < 200, else 1) and of group 1
/// towards `(1, -1)`.
struct Pull;

impl Objective for Pull {
    fn dim(&self) -> usize {
        4
    }
    fn horizon(&self) -> usize {
        300
    }
    fn eval(&self, t: usize, x: &[f64]) -> Result<crate::objectives::Eval> {
        let c = if (100..200).contains(&t) { 0.0 } else { 1.0 };
        let r = [x[0] - c, x[1] + c, x[2] - 1.0, x[3] + 1.0];
        Ok(crate::objectives::Eval {
            loss: 0.5 * r.iter().map(|v| v * v).sum::<f64>(),
            grad: r.to_vec(),
            hess_diag: vec![1.0; 4],
        })
    }
    fn hvp(&self, _t: usize, _x: &[f64], v: &[f64]) -> Result<Vec<f64>> {
        Ok(v.to_vec())
    }
}

/// Horizon of the regret figure.
pub const REGRET_T: usize = 500;

/// One point of the regret figure: `t`, `R_t`, corrected (14), printed (14),
/// (20), and the comparator's certified optimality gap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegretPoint {
    /// Horizon t.
    pub t: usize,
    /// `R_t` \[Eq:7\].
    pub regret: f64,
    /// Corrected Eq. (14) (t = 1 term in `sigma_1^{-1}`, erratum E9a).
    pub eq14_corrected: f64,
    /// Eq. (14) as printed (Theorem 3's `h_0^*` norm).
    pub eq14_printed: f64,
    /// Eq. (20) with the measured constants \[Cor1\].
    pub eq20: f64,
    /// Certified gap of the comparator (its error enters `R_t` additively).
    pub gap: f64,
}

/// The data of `regret_vs_bounds.svg`: Algorithm 1 with the exact threshold
/// (`Threshold::STildeExact`, i.e. the minimiser of Eq. (6)) and Adagrad
/// (`PaperAlg3`, eps = 0, alpha = 1: gamma = 0, eta = 1, the premises of
/// \[Thm3\] and \[Cor1\] hold), on the seeded least-squares problem (n = 4,
/// groups of 2, lambda1 = lambda21 = lambda2 = 1e-3, x_1 = 0), evaluated at
/// about 30 log-spaced horizons t <= [`REGRET_T`].
pub fn regret_vs_bounds() -> Result<Vec<RegretPoint>> {
    let n = 4;
    let p = LinearProblem::synthetic(ObjectiveKind::LeastSquares, n, REGRET_T, 2, 1)?;
    let run = record(
        &p,
        REGRET_T,
        Adagrad::new(n, 1.0, 0.0, AdagradForm::PaperAlg3)?,
        Groups::from_sizes(&[2, 2])?,
        Penalty::new(1e-3, 1e-3, 1e-3)?,
        Threshold::STildeExact,
        &[0.0; 4],
        |_| {},
    )?;
    let mut ts: Vec<usize> = logspace(0.0, (REGRET_T as f64).log10(), 30)
        .into_iter()
        .map(|v| (v.round() as usize).clamp(1, REGRET_T))
        .collect();
    ts.dedup();
    let mut out = Vec::with_capacity(ts.len());
    for t in ts {
        let c = comparator(&p, t)?;
        let b = bounds(&run, t, &c.x, c.value, 0.0, 1.0);
        out.push(RegretPoint {
            t,
            regret: b.regret,
            eq14_corrected: b.eq14_corrected,
            eq14_printed: b.eq14_thm3,
            eq20: b.eq20,
            gap: c.gap,
        });
    }
    Ok(out)
}

/// `k` points from `10^lo` to `10^hi`, evenly spaced in the exponent.
pub fn logspace(lo: f64, hi: f64, k: usize) -> Vec<f64> {
    (0..k)
        .map(|i| 10f64.powf(lo + (hi - lo) * i as f64 / (k - 1) as f64))
        .collect()
}
