//! The state after step t, and the one loop that drives Algorithm 1.
//!
//! [`StepRecord`] is the one record of "the state after step t": it is what
//! [`Algorithm1::record`] returns, what the fixtures store as `expected`, what
//! `sgl run` prints and what a port reports to `sgl fixtures check`. Its
//! names say which t each vector belongs to: after step t the iterate is
//! `x_{t+1}` while `z`, `m`, `V`, `sigma` are those of step t.
//!
//! [`drive`] is the one step loop (evaluate `g_t` at `x_t`, step, record),
//! shared by `sgl run`, the regret runs of Section 3, the fixture generator
//! and the figures. Each [`Round`] it yields carries what a caller may need
//! of round t besides the state: the point played `x_t`, `f_t(x_t)`, `g_t`,
//! `alpha_t` and `Q_t/alpha_t`.

use crate::algorithm1::Algorithm1;
use crate::error::Result;
use crate::objectives::{hutchinson_diag, Objective};
use crate::rules::MomentRule;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// The state of Algorithm 1 after step t \[Alg1:L4-L10\].
///
/// Serialised with the fixtures' field names (`x`, `x_bits`, `z`, `m`, `v`,
/// `sigma`). `m`, `v`, `sigma` are empty (and not written) for an update that
/// has no such state to report (the printed Algorithm 2 of paper v2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    /// `x_{t+1}` \[Alg1:L10\].
    #[serde(rename = "x")]
    pub x_next: Vec<f64>,
    /// Bit patterns of `x_{t+1}` (`"0x%016x"` of the IEEE-754 binary64).
    #[serde(rename = "x_bits")]
    pub x_next_bits: Vec<String>,
    /// `z_t` \[Alg1:L6\].
    #[serde(rename = "z")]
    pub z_t: Vec<f64>,
    /// `m_t` \[Alg1:L4\].
    #[serde(rename = "m", default, skip_serializing_if = "Vec::is_empty")]
    pub m_t: Vec<f64>,
    /// The diagonal of `V_t` as the rule defines it, before eps \[Alg1:L4\].
    #[serde(rename = "v", default, skip_serializing_if = "Vec::is_empty")]
    pub v_t: Vec<f64>,
    /// `sigma_t = sqrt(V_t)/alpha_t` including eps, the diagonal of
    /// `sum_{s<=t} Q_s/alpha_s` \[Alg1:L5\].
    #[serde(rename = "sigma", default, skip_serializing_if = "Vec::is_empty")]
    pub sigma_t: Vec<f64>,
}

impl StepRecord {
    /// A record with `x_{t+1}`, its bit patterns and `z_t` only (no rule state).
    pub fn without_rule_state(x_next: &[f64], z_t: &[f64]) -> Self {
        Self {
            x_next: x_next.to_vec(),
            x_next_bits: x_next.iter().map(|&v| bits(v)).collect(),
            z_t: z_t.to_vec(),
            m_t: vec![],
            v_t: vec![],
            sigma_t: vec![],
        }
    }
}

/// Hex bit pattern of a binary64 (`"0x%016x"`).
pub fn bits(x: f64) -> String {
    format!("0x{:016x}", x.to_bits())
}

/// How `D_t` is obtained for AdaHessian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case", tag = "mode")]
pub enum HessianMode {
    /// The objective's exact diagonal.
    #[default]
    Exact,
    /// Seeded Hutchinson estimator from Hessian-vector products.
    Hutchinson {
        /// ChaCha seed.
        seed: u64,
        /// Rademacher samples per step.
        samples: usize,
    },
}

/// Round t of a driven run: what was played and observed, and the state after.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// t (1-based).
    pub t: u64,
    /// `x_t`, the point played in round t \[Alg1:L3\].
    pub x_t: Vec<f64>,
    /// `f_t(x_t)` (0 for replayed gradients).
    pub loss: f64,
    /// `g_t` \[Alg1:L3\].
    pub g_t: Vec<f64>,
    /// `alpha_t`.
    pub alpha_t: f64,
    /// `Q_t/alpha_t = sigma_t - sigma_{t-1}` \[Alg1:L5\] (diagonal).
    pub q_over_alpha_t: Vec<f64>,
    /// The state after step t.
    pub state: StepRecord,
}

/// Drives `alg` through rounds `1..=steps` of `obj` (`g_t` evaluated at
/// `x_t`; `D_t` per `mode` for rules that need it), calling `visit` with the
/// optimizer and each [`Round`]. Stops at the first error (the step's or
/// the visitor's).
pub fn drive<R: MomentRule>(
    alg: &mut Algorithm1<R>,
    obj: &dyn Objective,
    steps: usize,
    mode: HessianMode,
    mut visit: impl FnMut(&Algorithm1<R>, Round) -> Result<()>,
) -> Result<()> {
    let mut rng = match mode {
        HessianMode::Hutchinson { seed, .. } => ChaCha8Rng::seed_from_u64(seed),
        HessianMode::Exact => ChaCha8Rng::seed_from_u64(0),
    };
    for t in 1..=steps {
        let x_t = alg.x().to_vec();
        let e = obj.eval(t, &x_t)?;
        let d = match mode {
            HessianMode::Exact => e.hess_diag,
            HessianMode::Hutchinson { samples, .. } => {
                hutchinson_diag(obj, t, &x_t, samples, &mut rng)?
            }
        };
        let sigma_prev = alg.sigma().to_vec();
        alg.step_with_hessian(&e.grad, &d)?;
        let state = alg.record();
        let q_over_alpha_t = state
            .sigma_t
            .iter()
            .zip(&sigma_prev)
            .map(|(a, b)| a - b)
            .collect();
        let round = Round {
            t: t as u64,
            x_t,
            loss: e.loss,
            g_t: e.grad,
            alpha_t: alg.rule().alpha(),
            q_over_alpha_t,
            state,
        };
        visit(alg, round)?;
    }
    Ok(())
}
