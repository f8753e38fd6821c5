//! A recorded run of Algorithm 1 on a [`LinearProblem`]: per round t the point
//! `x_t`, `f_t(x_t)`, `g_t`, `m_t`, `V_t`, `alpha_t`, `sigma_t = sqrt(V_t)/alpha_t`
//! and `Q_t/alpha_t = sigma_t - sigma_{t-1}` \[Alg1:L3-L6\].

use crate::algorithm1::{Algorithm1, Threshold};
use crate::error::Result;
use crate::groups::Groups;
use crate::objectives::{LinearProblem, Objective};
use crate::penalty::Penalty;
use crate::rules::MomentRule;

/// One round of a recorded run (all diagonals as vectors).
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// `x_t` (the point played in round t).
    pub x: Vec<f64>,
    /// `f_t(x_t)`.
    pub loss: f64,
    /// `g_t`.
    pub g: Vec<f64>,
    /// `m_t`.
    pub m: Vec<f64>,
    /// diag `V_t` as the rule defines it (before eps).
    pub v: Vec<f64>,
    /// `alpha_t`.
    pub alpha: f64,
    /// `sigma_t = sqrt(V_t)/alpha_t` (diagonal, incl. eps), \[AppC\]: `= sum_s Q_s/alpha_s`.
    pub sigma: Vec<f64>,
    /// `Q_t/alpha_t = sigma_t - sigma_{t-1}` \[Alg1:L5\].
    pub q_over_alpha: Vec<f64>,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Rounds 1..=T.
    pub rounds: Vec<Round>,
    /// `sigma_0 = sqrt(V_0)/alpha_0` (zero in the paper).
    pub sigma0: Vec<f64>,
    /// Groups of the penalty.
    pub groups: Groups,
    /// The penalty `Psi`.
    pub penalty: Penalty,
}

/// Runs Algorithm 1 (rule, threshold) from `x1 = c` \[Eq:11\] for `steps`
/// rounds of `p`, calling `progress(t)` after each round.
pub fn record<R: MomentRule>(
    p: &LinearProblem,
    steps: usize,
    rule: R,
    groups: Groups,
    penalty: Penalty,
    threshold: Threshold,
    x1: &[f64],
    mut progress: impl FnMut(usize),
) -> Result<Run> {
    let mut alg = Algorithm1::new(rule, groups.clone(), penalty, threshold, x1)?;
    let sigma0 = alg.sigma().to_vec();
    let mut rounds = Vec::with_capacity(steps);
    for t in 1..=steps {
        let x = alg.x().to_vec();
        let e = p.eval(t, &x)?;
        let prev = alg.sigma().to_vec();
        alg.step(&e.grad, Some(&e.hess_diag))?;
        let r = alg.rule();
        let sigma = alg.sigma().to_vec();
        let q_over_alpha = sigma.iter().zip(&prev).map(|(a, b)| a - b).collect();
        rounds.push(Round {
            x,
            loss: e.loss,
            g: e.grad,
            m: r.m().to_vec(),
            v: r.v().to_vec(),
            alpha: r.alpha(),
            sigma,
            q_over_alpha,
        });
        progress(t);
    }
    Ok(Run {
        rounds,
        sigma0,
        groups,
        penalty,
    })
}
