//! A recorded run of Algorithm 1 on a [`LinearProblem`]: per round t the point
//! `x_t`, `f_t(x_t)`, `g_t`, `alpha_t`, `Q_t/alpha_t = sigma_t - sigma_{t-1}`
//! and the state after the step (`m_t`, `V_t`, `sigma_t = sqrt(V_t)/alpha_t`,
//! `z_t`, `x_{t+1}`) \[Alg1:L3-L6\], as [`crate::record::drive`] yields them.

use crate::algorithm1::{Algorithm1, Threshold};
use crate::error::Result;
use crate::groups::Groups;
use crate::objectives::LinearProblem;
use crate::penalty::Penalty;
use crate::record::{drive, HessianMode};
use crate::rules::MomentRule;

pub use crate::record::Round;

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
    drive(&mut alg, p, steps, HessianMode::Exact, |_, round| {
        progress(round.t as usize);
        rounds.push(round);
        Ok(())
    })?;
    Ok(Run {
        rounds,
        sigma0,
        groups,
        penalty,
    })
}
