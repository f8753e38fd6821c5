//! The Section 3 experiment: Algorithm 1 on a seeded synthetic problem, with
//! `R_t` \[Eq:7\] and every bound evaluated on a log-spaced grid of horizons.
//!
//! The rule's `gamma` (first-moment decay) and `eta` (second-moment decay) of
//! \[Lem1\] and \[Cor1\] are derived from the rule spec ([`decays`]), never
//! written beside it.

use super::bounds::{bounds, Bounds};
use super::comparator::comparator;
use super::premises::Premises;
use super::record::record;
use crate::algorithm1::Threshold;
use crate::error::{Result, SglError};
use crate::groups::Groups;
use crate::objectives::{LinearProblem, ObjectiveKind};
use crate::penalty::Penalty;
use crate::rules::{AdagradForm, AdamForm, AnyRule, RuleSpec, SgdSchedule};

/// The rules the Section 3 experiment runs, each with the hyper-parameters
/// the book's figures use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegretRule {
    /// Group Adagrad, Algorithm 3 (alpha 1, eps 0).
    Adagrad,
    /// Group Adam, paper v1 (alpha 0.05, beta1 0.9, beta2 0.999, eps 1e-8).
    Adam,
    /// Group Momentum (alpha 0.05, gamma 0.9).
    Momentum,
    /// Group SGD (alpha 0.1 / sqrt(t)).
    Sgd,
}

impl RegretRule {
    /// The rule spec.
    pub fn spec(self) -> RuleSpec {
        match self {
            RegretRule::Adagrad => RuleSpec::Adagrad {
                alpha: 1.0,
                eps: 0.0,
                form: AdagradForm::PaperAlg3,
            },
            RegretRule::Adam => RuleSpec::Adam {
                alpha: 0.05,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                form: AdamForm::PaperV1,
            },
            RegretRule::Momentum => RuleSpec::Momentum {
                alpha: 0.05,
                gamma: 0.9,
            },
            RegretRule::Sgd => RuleSpec::Sgd {
                alpha: 0.1,
                schedule: SgdSchedule::InvSqrtT,
            },
        }
    }
}

/// `(gamma, eta)` of \[Lem1\] / \[Cor1\] for a rule: the decay of the first
/// moment (`beta1` for Adam-like rules, Momentum's `gamma`, 0 otherwise) and
/// of the second (`beta2` for Adam-like rules, 1 for Adagrad's running sum,
/// SGD and Momentum).
pub fn decays(spec: &RuleSpec) -> (f64, f64) {
    match *spec {
        RuleSpec::Sgd { .. } | RuleSpec::Adagrad { .. } => (0.0, 1.0),
        RuleSpec::Momentum { gamma, .. } => (gamma, 1.0),
        RuleSpec::Adam { beta1, beta2, .. }
        | RuleSpec::Amsgrad { beta1, beta2, .. }
        | RuleSpec::Adahessian { beta1, beta2, .. } => (beta1, beta2),
    }
}

/// One Section 3 experiment.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// The rule.
    pub rule: RuleSpec,
    /// The loss.
    pub problem: ObjectiveKind,
    /// Dimension n.
    pub n: usize,
    /// Horizon T.
    pub steps: usize,
    /// Seed of the synthetic problem.
    pub seed: u64,
    /// The group threshold (update (6) is `STildeExact`).
    pub threshold: Threshold,
    /// The starting point `x_1 = c 1` \[Eq:11\].
    pub start: f64,
}

/// The log-spaced horizons `1, ..., steps` (ratio 1.25, distinct integers).
pub fn grid(t_max: usize) -> Vec<usize> {
    let mut g = vec![];
    let mut t = 1.0f64;
    while (t as usize) < t_max {
        let k = t as usize;
        if g.last() != Some(&k) {
            g.push(k);
        }
        t *= 1.25;
    }
    g.push(t_max);
    g
}

/// Runs the experiment (no penalty, singleton groups, as Section 3) and
/// returns, for every horizon of [`grid`] whose prefix has a comparator, the
/// bounds and the premise flags. `progress(t)` is called after each step.
pub fn sweep(spec: &SweepSpec, progress: impl FnMut(usize)) -> Result<Vec<(Bounds, Premises)>> {
    if spec.n == 0 || spec.steps == 0 {
        return Err(SglError::InvalidInput("n and steps must be >= 1".into()));
    }
    let (gamma, eta) = decays(&spec.rule);
    let p = LinearProblem::synthetic(spec.problem, spec.n, spec.steps, 1, spec.seed)?;
    let rule: AnyRule = spec.rule.build(spec.n)?;
    let run = record(
        &p,
        spec.steps,
        rule,
        Groups::singletons(spec.n)?,
        Penalty::none(),
        spec.threshold,
        &vec![spec.start; spec.n],
        progress,
    )?;
    let mut rows = vec![];
    for t in grid(spec.steps) {
        // A prefix with no minimiser (e.g. separable logistic data) is skipped.
        let Ok(c) = comparator(&p, t) else { continue };
        let b = bounds(&run, t, &c.x, c.value, gamma, eta);
        let pr = Premises::measure(&run, t, &c.x, &b);
        rows.push((b, pr));
    }
    Ok(rows)
}
