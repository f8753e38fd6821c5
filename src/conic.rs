//! The one wrapper around the clarabel conic interior-point solver: a typed
//! terminal status and one acceptance policy, shared by the \[Eq:6\] solver
//! path (`crate::eq6::solver`) and the absolute-loss comparator of Section 3
//! (`crate::regret::comparator`).
//!
//! Standard form: `min 1/2 y'Py + q'y` subject to `A y + s = b`, `s in K`.
//!
//! Acceptance policy ([`ConicStatus::accepted`]):
//! - `Solved` is accepted;
//! - `AlmostSolved` and `InsufficientProgress` are accepted only when the
//!   solver's own primal-dual objective gap is at most
//!   [`ALMOST_GAP_REL`]` (1 + |primal|)`: judged by the objective, the quantity
//!   an interior-point method gets accurately;
//! - `DualInfeasible` / `AlmostDualInfeasible` mean the objective is
//!   unbounded below: [`SglError::Unbounded`];
//! - every other status is [`SglError::Solver`], never a number.

use crate::error::{Result, SglError};
use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

/// Accept `AlmostSolved` / `InsufficientProgress` if
/// `|primal - dual| <= ALMOST_GAP_REL (1 + |primal|)`: clarabel's own
/// `reduced_tol_gap_rel` default (5e-5).
pub const ALMOST_GAP_REL: f64 = 5e-5;

/// The terminal status of a conic solve (clarabel's `SolverStatus`, typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConicStatus {
    /// Solved to the requested tolerances.
    Solved,
    /// Solved to the reduced tolerances.
    AlmostSolved,
    /// Stopped for lack of progress (the iterate may still be good).
    InsufficientProgress,
    /// A certificate of primal infeasibility.
    PrimalInfeasible,
    /// A certificate of dual infeasibility (the objective is unbounded below).
    DualInfeasible,
    /// Primal infeasibility, reduced accuracy.
    AlmostPrimalInfeasible,
    /// Dual infeasibility, reduced accuracy.
    AlmostDualInfeasible,
    /// The iteration limit.
    MaxIterations,
    /// The time limit.
    MaxTime,
    /// A numerical error inside the solver.
    NumericalError,
    /// Not run, or stopped by a callback.
    Unsolved,
}

impl ConicStatus {
    fn from_clarabel(s: SolverStatus) -> Self {
        match s {
            SolverStatus::Solved => Self::Solved,
            SolverStatus::AlmostSolved => Self::AlmostSolved,
            SolverStatus::InsufficientProgress => Self::InsufficientProgress,
            SolverStatus::PrimalInfeasible => Self::PrimalInfeasible,
            SolverStatus::DualInfeasible => Self::DualInfeasible,
            SolverStatus::AlmostPrimalInfeasible => Self::AlmostPrimalInfeasible,
            SolverStatus::AlmostDualInfeasible => Self::AlmostDualInfeasible,
            SolverStatus::MaxIterations => Self::MaxIterations,
            SolverStatus::MaxTime => Self::MaxTime,
            SolverStatus::NumericalError => Self::NumericalError,
            SolverStatus::Unsolved | SolverStatus::CallbackTerminated => Self::Unsolved,
        }
    }

    /// The name clarabel gives the status (`"Solved"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Solved => "Solved",
            Self::AlmostSolved => "AlmostSolved",
            Self::InsufficientProgress => "InsufficientProgress",
            Self::PrimalInfeasible => "PrimalInfeasible",
            Self::DualInfeasible => "DualInfeasible",
            Self::AlmostPrimalInfeasible => "AlmostPrimalInfeasible",
            Self::AlmostDualInfeasible => "AlmostDualInfeasible",
            Self::MaxIterations => "MaxIterations",
            Self::MaxTime => "MaxTime",
            Self::NumericalError => "NumericalError",
            Self::Unsolved => "Unsolved",
        }
    }

    /// The acceptance policy of the module doc, given the solver's primal
    /// and dual objectives.
    pub fn accepted(self, primal: f64, dual: f64) -> bool {
        match self {
            Self::Solved => true,
            Self::AlmostSolved | Self::InsufficientProgress => {
                (primal - dual).abs() <= ALMOST_GAP_REL * (1.0 + primal.abs())
            }
            Self::PrimalInfeasible
            | Self::DualInfeasible
            | Self::AlmostPrimalInfeasible
            | Self::AlmostDualInfeasible
            | Self::MaxIterations
            | Self::MaxTime
            | Self::NumericalError
            | Self::Unsolved => false,
        }
    }
}

impl std::fmt::Display for ConicStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Tolerances of a solve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConicTolerances {
    /// clarabel `tol_gap_abs` and `tol_gap_rel`.
    pub gap: f64,
    /// clarabel `tol_feas`.
    pub feas: f64,
    /// clarabel `max_iter`.
    pub max_iter: u32,
}

impl Default for ConicTolerances {
    /// clarabel's defaults (gap 1e-8, feasibility 1e-8, 200 iterations).
    fn default() -> Self {
        Self {
            gap: 1e-8,
            feas: 1e-8,
            max_iter: 200,
        }
    }
}

/// An accepted solution.
#[derive(Debug, Clone, PartialEq)]
pub struct ConicSolution {
    /// The primal variable y.
    pub y: Vec<f64>,
    /// The terminal status (accepted by the policy).
    pub status: ConicStatus,
    /// clarabel's primal objective.
    pub primal_objective: f64,
    /// clarabel's dual objective.
    pub dual_objective: f64,
    /// Interior-point iterations.
    pub iterations: u32,
}

/// Solves `min 1/2 y'Py + q'y, A y + s = b, s in K` and applies the
/// acceptance policy. `what` names the problem in error messages.
pub fn solve(
    what: &str,
    p: &CscMatrix<f64>,
    q: &[f64],
    a: &CscMatrix<f64>,
    b: &[f64],
    cones: &[SupportedConeT<f64>],
    tol: ConicTolerances,
) -> Result<ConicSolution> {
    let settings = DefaultSettingsBuilder::default()
        .verbose(false)
        .tol_gap_abs(tol.gap)
        .tol_gap_rel(tol.gap)
        .tol_feas(tol.feas)
        .max_iter(tol.max_iter)
        .build()
        .map_err(|e| SglError::Solver(format!("{what}: settings: {e:?}")))?;
    let mut solver = DefaultSolver::new(p, q, a, b, cones, settings)
        .map_err(|e| SglError::Solver(format!("{what}: setup: {e:?}")))?;
    solver.solve();
    let sol = &solver.solution;
    let status = ConicStatus::from_clarabel(sol.status);
    match status {
        ConicStatus::DualInfeasible | ConicStatus::AlmostDualInfeasible => {
            return Err(SglError::Unbounded(format!(
                "{what}: clarabel status {status}: the objective is unbounded below"
            )))
        }
        _ if !status.accepted(sol.obj_val, sol.obj_val_dual) => {
            return Err(SglError::Solver(format!(
                "{what}: clarabel status {status} (primal {}, dual {}) is not an accepted solution",
                sol.obj_val, sol.obj_val_dual
            )))
        }
        _ => {}
    }
    if sol.x.iter().any(|v| !v.is_finite()) {
        return Err(SglError::Solver(format!(
            "{what}: clarabel status {status} but y is not finite"
        )));
    }
    Ok(ConicSolution {
        y: sol.x.clone(),
        status,
        primal_objective: sol.obj_val,
        dual_objective: sol.obj_val_dual,
        iterations: sol.iterations,
    })
}
