//! `sgl run`: one configuration driven through Algorithm 1 (or, for the
//! other side of Theorem 2 and of the FTRL mapping, through the plain
//! optimizer of Eq. (1) or FTRL-Proximal), printed as a trajectory in the
//! fixtures' format (`crate::fixtures::check`), so that `sgl fixtures check`
//! compares any two runs, or a port's output with a run.

use crate::algorithm1::{Algorithm1, Threshold};
use crate::error::{check_len, Result, SglError};
use crate::fixtures::check::{Trajectory, TrajectoryCase};
use crate::ftrl::FtrlProximal;
use crate::groups::GroupSpec;
use crate::objectives::{LinearProblem, Objective, ObjectiveKind, Replay};
use crate::penalty::Penalty;
use crate::plain::PlainOptimizer;
pub use crate::record::HessianMode;
use crate::record::{drive, StepRecord};
use crate::rules::{AdagradForm, AnyRule, MomentRule, RuleSpec};
use serde::{Deserialize, Serialize};

/// Which update a run follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Update {
    /// Algorithm 1 with the rule, penalty and threshold \[Alg1\].
    #[default]
    Algorithm1,
    /// The plain optimizer of Eq. (1), `x_{t+1} = x_t - alpha_t m_t / sqrt(V_t)`
    /// (`crate::plain`): the other side of \[Thm2\]. The penalty must be 0.
    /// With `adagrad` `initial-accumulator` this is TensorFlow's `Adagrad`
    /// (any x_1), with `adam` `table1` TensorFlow's `Adam`.
    Eq1,
    /// FTRL-Proximal (McMahan et al. 2013; `crate::ftrl`), the other side of the
    /// Group Adagrad / FTRL mapping: the rule must be `adagrad` (`alpha`;
    /// `n0` from `initial-accumulator`, else `eps`), `beta = 0`, FTRL's
    /// `lambda1` = the penalty's lambda1 and its `lambda2` = 2 lambda2 (the
    /// paper's `lambda2 ||x||^2`); lambda21 must be 0 (FTRL has no group term).
    /// Like TensorFlow's `Ftrl` (lr_power -0.5, l2_shrinkage 0) it starts from
    /// any x_1.
    Ftrl,
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
    /// Which update (default Algorithm 1).
    #[serde(default)]
    pub update: Update,
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

/// Builds the Algorithm-1 optimizer a config describes.
pub fn build(cfg: &RunConfig) -> Result<Algorithm1<AnyRule>> {
    let n = cfg.x1.len();
    let groups = cfg.groups.build(n)?;
    let rule = cfg.rule.build(n)?;
    Algorithm1::new(rule, groups, cfg.penalty, cfg.threshold, &cfg.x1)
}

/// The gradient source of a config (replayed gradients or a seeded
/// objective) and its Hessian mode.
fn objective(cfg: &RunConfig, needs_hessian: bool) -> Result<(Box<dyn Objective>, HessianMode)> {
    let n = cfg.x1.len();
    match &cfg.input {
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
            if needs_hessian && hessians.is_none() {
                return Err(SglError::MissingHessian("adahessian"));
            }
            Ok((Box::new(r), HessianMode::Exact))
        }
        Input::Objective {
            kind,
            seed,
            steps,
            block,
            hessian,
        } => Ok((
            Box::new(LinearProblem::synthetic(*kind, n, *steps, *block, *seed)?),
            *hessian,
        )),
    }
}

/// The trajectory of one run: case id `"1"` in the fixtures' trajectory format.
fn trajectory(records: &[StepRecord], loss: Vec<f64>) -> Trajectory {
    let mut cases = std::collections::BTreeMap::new();
    cases.insert(
        "1".to_string(),
        TrajectoryCase::from_records(records, Some(loss)),
    );
    Trajectory {
        cases,
        skipped: Default::default(),
    }
}

/// Runs a configuration and records every step.
pub fn run_config(cfg: &RunConfig) -> Result<Trajectory> {
    match cfg.update {
        Update::Algorithm1 => {
            let mut alg = build(cfg)?;
            let (obj, mode) = objective(cfg, alg.rule().needs_hessian())?;
            run_objective(&mut alg, obj.as_ref(), mode)
        }
        Update::Eq1 => run_eq1(cfg),
        Update::Ftrl => run_ftrl(cfg),
    }
}

/// Drives `alg` through every round of `obj` ([`drive`]).
pub fn run_objective<R: MomentRule>(
    alg: &mut Algorithm1<R>,
    obj: &dyn Objective,
    mode: HessianMode,
) -> Result<Trajectory> {
    let (mut records, mut loss) = (vec![], vec![]);
    drive(alg, obj, obj.horizon(), mode, |_, round| {
        loss.push(round.loss);
        records.push(round.state);
        Ok(())
    })?;
    Ok(trajectory(&records, loss))
}

/// Eq. (1): x, m and V per step (no z, no sigma).
fn run_eq1(cfg: &RunConfig) -> Result<Trajectory> {
    if cfg.penalty != Penalty::none() {
        return Err(SglError::InvalidInput(
            "update eq1: Eq. (1) has no regulariser, the penalty must be 0 [Thm2]".into(),
        ));
    }
    let n = cfg.x1.len();
    let rule = cfg.rule.build(n)?;
    let (obj, mode) = objective(cfg, rule.needs_hessian())?;
    if let HessianMode::Hutchinson { .. } = mode {
        return Err(SglError::InvalidInput(
            "update eq1: the Hutchinson estimator is available for algorithm1 only".into(),
        ));
    }
    let mut opt = PlainOptimizer::new(rule, &cfg.x1)?;
    let (mut records, mut loss) = (vec![], vec![]);
    for t in 1..=obj.horizon() {
        let e = obj.eval(t, opt.x())?;
        opt.step(&e.grad, Some(&e.hess_diag))?;
        loss.push(e.loss);
        records.push(StepRecord {
            m_t: opt.rule().m().to_vec(),
            v_t: opt.rule().v().to_vec(),
            ..StepRecord::without_rule_state(opt.x(), &[])
        });
    }
    Ok(trajectory(&records, loss))
}

/// FTRL-Proximal with the mapping of [`Update::Ftrl`]: x and z per step.
fn run_ftrl(cfg: &RunConfig) -> Result<Trajectory> {
    let RuleSpec::Adagrad { alpha, eps, form } = cfg.rule else {
        return Err(SglError::InvalidInput(
            "update ftrl: the rule must be adagrad (FTRL-Proximal is Group Adagrad's other side)"
                .into(),
        ));
    };
    if cfg.penalty.lambda21 != 0.0 {
        return Err(SglError::InvalidInput(
            "update ftrl: FTRL-Proximal has no group term, lambda21 must be 0".into(),
        ));
    }
    let n0 = match form {
        AdagradForm::InitialAccumulator { n0 } => n0,
        AdagradForm::PaperAlg3 | AdagradForm::Table1 | AdagradForm::EpsOutsideSqrt => eps,
    };
    let n = cfg.x1.len();
    check_len("x1", &cfg.x1, n)?;
    let mut opt = FtrlProximal::new(
        n,
        alpha,
        0.0,
        cfg.penalty.lambda1,
        2.0 * cfg.penalty.lambda2,
        n0,
    )?
    .starting_at(&cfg.x1)?;
    let (obj, _) = objective(cfg, false)?;
    let (mut records, mut loss) = (vec![], vec![]);
    for t in 1..=obj.horizon() {
        let e = obj.eval(t, opt.w())?;
        opt.step(&e.grad)?;
        loss.push(e.loss);
        records.push(StepRecord::without_rule_state(opt.w(), opt.z()));
    }
    Ok(trajectory(&records, loss))
}

/// Parses a config from JSON text.
pub fn parse_config(text: &str) -> Result<RunConfig> {
    serde_json::from_str(text).map_err(|e| SglError::InvalidInput(format!("config: {e}")))
}
