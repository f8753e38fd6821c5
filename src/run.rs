//! `sgl run`: one configuration driven through Algorithm 1, with its
//! trajectory (x after every step and the internal state z, m, V).

use crate::algorithm1::{Algorithm1, Threshold};
use crate::error::{Result, SglError};
use crate::groups::GroupSpec;
use crate::objectives::{hutchinson_diag, LinearProblem, Objective, ObjectiveKind, Replay};
use crate::penalty::Penalty;
use crate::rules::{AnyRule, MomentRule, RuleSpec};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

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

/// Where the gradients come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Input {
    /// Explicit gradients `g_1..g_T` (and `D_1..D_T` for AdaHessian).
    Gradients {
        /// One gradient per step.
        gradients: Vec<Vec<f64>>,
        /// One Hessian diagonal per step (AdaHessian only).
        #[serde(default)]
        hessians: Option<Vec<Vec<f64>>>,
    },
    /// A seeded synthetic objective, closed loop.
    Objective {
        /// Which loss.
        kind: ObjectiveKind,
        /// ChaCha seed of the data.
        seed: u64,
        /// Number of steps T.
        steps: usize,
        /// Width of the planted zero blocks of w*.
        #[serde(default = "one")]
        block: usize,
        /// How AdaHessian gets `D_t`.
        #[serde(default)]
        hessian: HessianMode,
    },
}

fn one() -> usize {
    1
}

/// A full `sgl run` configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// The moment rule and its hyper-parameters.
    pub rule: RuleSpec,
    /// `(lambda1, lambda21, lambda2)`.
    #[serde(default)]
    pub penalty: Penalty,
    /// The group layout.
    pub groups: GroupSpec,
    /// Which group threshold.
    #[serde(default)]
    pub threshold: Threshold,
    /// `x_1`.
    pub x1: Vec<f64>,
    /// Gradient source.
    pub input: Input,
}

/// The state after one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// t.
    pub t: u64,
    /// `f_t(x_t)` (0 for replayed gradients).
    pub loss: f64,
    /// `x_{t+1}`.
    pub x: Vec<f64>,
    /// `z_t`.
    pub z: Vec<f64>,
    /// `m_t`.
    pub m: Vec<f64>,
    /// `V_t` (diagonal).
    pub v: Vec<f64>,
}

/// A whole trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// Rule name.
    pub rule: String,
    /// `x_1`.
    pub x1: Vec<f64>,
    /// One record per step.
    pub steps: Vec<StepRecord>,
}

/// Builds the Algorithm-1 optimizer a config describes.
pub fn build(cfg: &RunConfig) -> Result<Algorithm1<AnyRule>> {
    let n = cfg.x1.len();
    let groups = cfg.groups.build(n)?;
    let rule = cfg.rule.build(n)?;
    Algorithm1::new(rule, groups, cfg.penalty, cfg.threshold, &cfg.x1)
}

/// Runs a configuration and records every step.
pub fn run_config(cfg: &RunConfig) -> Result<Trajectory> {
    let mut alg = build(cfg)?;
    let n = cfg.x1.len();
    let (obj, mode): (Box<dyn Objective>, HessianMode) = match &cfg.input {
        Input::Gradients {
            gradients,
            hessians,
        } => {
            let r = Replay::new(gradients.clone(), hessians.clone())?;
            if r.horizon() > 0 && r.dim() != n {
                return Err(SglError::DimensionMismatch {
                    what: "gradient",
                    expected: n,
                    got: r.dim(),
                });
            }
            if alg.rule().needs_hessian() && hessians.is_none() {
                return Err(SglError::MissingHessian("adahessian"));
            }
            (Box::new(r), HessianMode::Exact)
        }
        Input::Objective {
            kind,
            seed,
            steps,
            block,
            hessian,
        } => (
            Box::new(LinearProblem::synthetic(*kind, n, *steps, *block, *seed)?),
            *hessian,
        ),
    };
    run_objective(&mut alg, obj.as_ref(), mode)
}

/// Drives `alg` through every round of `obj`.
pub fn run_objective<R: MomentRule>(
    alg: &mut Algorithm1<R>,
    obj: &dyn Objective,
    mode: HessianMode,
) -> Result<Trajectory> {
    let mut rng = match mode {
        HessianMode::Hutchinson { seed, .. } => ChaCha8Rng::seed_from_u64(seed),
        HessianMode::Exact => ChaCha8Rng::seed_from_u64(0),
    };
    let x1 = alg.x().to_vec();
    let mut steps = Vec::with_capacity(obj.horizon());
    for t in 1..=obj.horizon() {
        let xt = alg.x().to_vec();
        let e = obj.eval(t, &xt)?;
        let d = match mode {
            HessianMode::Exact => e.hess_diag.clone(),
            HessianMode::Hutchinson { samples, .. } => {
                hutchinson_diag(obj, t, &xt, samples, &mut rng)?
            }
        };
        alg.step(&e.grad, Some(&d))?;
        steps.push(StepRecord {
            t: t as u64,
            loss: e.loss,
            x: alg.x().to_vec(),
            z: alg.z().to_vec(),
            m: alg.rule().m().to_vec(),
            v: alg.rule().v().to_vec(),
        });
    }
    Ok(Trajectory {
        rule: alg.rule().name().to_string(),
        x1,
        steps,
    })
}

/// Parses a config from JSON text.
pub fn parse_config(text: &str) -> Result<RunConfig> {
    serde_json::from_str(text).map_err(|e| SglError::InvalidInput(format!("config: {e}")))
}
