//! \[Eq:6\] by a generic conic interior-point solver (clarabel), which knows
//! nothing of soft-thresholding or group shrinking.
//!
//! The general sparse-group-lasso program solved here is
//!
//! ```text
//! min_x  q.x + x^T diag(h) x + lambda1 ||x||_1 + sum_g c_g ||diag(w) x^g||_2
//! ```
//!
//! written in clarabel's standard form `min 1/2 y'Py + q'y, A y + s = b, s in K`
//! with `y = [x; u; r]` (sizes n, n, G):
//! - `P = diag(2h, 0, 0)` (clarabel reads the upper triangle, so `x'Hx` is `P = 2H`),
//! - linear cost `[q; lambda1 1; c]`,
//! - nonnegative cone (2n rows): `u - x >= 0`, `u + x >= 0` (the l1 epigraph),
//! - one second-order cone `SOC(d_g + 1)` per group: `(r_g, diag(w) x^g)`.
//!
//! \[Eq:24\] is the case `q = z`, `h = A = sigma/2 + lambda2`, `w = A^{1/2}`,
//! `c_g = lambda21 sqrt(d_g)` ([`solve`]).
//!
//! Status policy: `Solved` is accepted. `AlmostSolved` (reduced tolerances) is
//! accepted only when the solver's own primal-dual objective gap is below
//! `ALMOST_GAP_REL (1 + |primal|)`, i.e. it is judged by the objective, the
//! quantity an interior-point method gets accurately. `DualInfeasible` /
//! `AlmostDualInfeasible` mean the objective is unbounded below (no minimiser)
//! and give `SglError::Solver` whose message starts with [`DUAL_INFEASIBLE`].
//! Every other status is an error, never a number.

use super::instance::Instance;
use crate::error::{Result, SglError};
use crate::groups::Groups;
use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

/// Message prefix of the error returned when the program is dual infeasible
/// (the objective of \[Eq:6\] is unbounded below).
pub const DUAL_INFEASIBLE: &str = "DualInfeasible";

/// Accept `AlmostSolved` if `|primal - dual| <= ALMOST_GAP_REL (1 + |primal|)`:
/// clarabel's own `reduced_tol_gap_rel` default (5e-5). Callers that need
/// more judge the answer by the objective (tests use the Fenchel bound of
/// `eq6::kkt` at the solver's point, which is rigorous).
pub const ALMOST_GAP_REL: f64 = 5e-5;

/// The solver's answer with its status and objective bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverSolution {
    /// The minimiser x (the `x` block of `y`).
    pub x: Vec<f64>,
    /// The terminal status as clarabel names it (`Solved` or `AlmostSolved`).
    pub status: String,
    /// clarabel's primal objective `1/2 y'Py + q'y` (>= the true objective at x).
    pub primal_objective: f64,
    /// clarabel's dual objective (a lower bound up to the dual residual).
    pub dual_objective: f64,
    /// Interior-point iterations.
    pub iterations: u32,
}

/// Solves the reduced instance \[Eq:24\] with clarabel.
pub fn solve(inst: &Instance) -> Result<SolverSolution> {
    let a = inst.a_diag();
    let w: Vec<f64> = a.iter().map(|v| v.sqrt()).collect();
    let c: Vec<f64> = (0..inst.groups.len())
        .map(|g| inst.penalty.lambda21 * inst.groups.sqrt_size(g))
        .collect();
    solve_sgl(&inst.z, &a, inst.penalty.lambda1, &inst.groups, &c, &w)
}

/// Solves `min q.x + x^T diag(h) x + lambda1 ||x||_1 + sum_g c_g ||diag(w) x^g||`
/// (see the module doc for the conic form). `h >= 0`, `w`, `c >= 0`, finite.
pub fn solve_sgl(
    q: &[f64],
    h: &[f64],
    lambda1: f64,
    groups: &Groups,
    c: &[f64],
    w: &[f64],
) -> Result<SolverSolution> {
    let n = groups.dim();
    let ng = groups.len();
    if q.len() != n || h.len() != n || w.len() != n || c.len() != ng {
        return Err(SglError::InvalidInput(
            "solve_sgl: q, h, w must have length n and c length G".into(),
        ));
    }
    let all_finite = q.iter().chain(h).chain(w).chain(c).all(|v| v.is_finite());
    if !all_finite || h.iter().any(|&v| v < 0.0) || c.iter().any(|&v| v < 0.0) || lambda1 < 0.0 {
        return Err(SglError::InvalidInput(
            "solve_sgl: inputs must be finite with h >= 0, c >= 0, lambda1 >= 0".into(),
        ));
    }
    let nvar = 2 * n + ng;
    // P = diag(2h) on the x block (upper triangle only).
    let (mut pi, mut pj, mut pv) = (Vec::new(), Vec::new(), Vec::new());
    for (i, &hi) in h.iter().enumerate() {
        if hi != 0.0 {
            pi.push(i);
            pj.push(i);
            pv.push(2.0 * hi);
        }
    }
    let p = CscMatrix::new_from_triplets(nvar, nvar, pi, pj, pv);
    let mut lin = Vec::with_capacity(nvar);
    lin.extend_from_slice(q);
    lin.extend(std::iter::repeat_n(lambda1, n));
    lin.extend_from_slice(c);

    // Rows: s = b - A y in K, b = 0.
    let (mut ai, mut aj, mut av) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        // row i: s = u_i - x_i >= 0  =>  A row = [+1 x_i, -1 u_i]
        ai.extend([i, i]);
        aj.extend([i, n + i]);
        av.extend([1.0, -1.0]);
        // row n+i: s = u_i + x_i >= 0  =>  A row = [-1 x_i, -1 u_i]
        ai.extend([n + i, n + i]);
        aj.extend([i, n + i]);
        av.extend([-1.0, -1.0]);
    }
    let mut row = 2 * n;
    let mut cones = vec![SupportedConeT::NonnegativeConeT(2 * n)];
    for (g, members) in groups.iter().enumerate() {
        // s = (r_g, w_i x_i for i in g) in SOC(d_g + 1)
        ai.push(row);
        aj.push(2 * n + g);
        av.push(-1.0);
        row += 1;
        for &i in members {
            if w[i] != 0.0 {
                ai.push(row);
                aj.push(i);
                av.push(-w[i]);
            }
            row += 1;
        }
        cones.push(SupportedConeT::SecondOrderConeT(members.len() + 1));
    }
    let a = CscMatrix::new_from_triplets(row, nvar, ai, aj, av);
    let b = vec![0.0; row];
    let settings = DefaultSettingsBuilder::default()
        .verbose(false)
        .build()
        .map_err(|e| SglError::Solver(format!("settings: {e:?}")))?;
    let mut solver = DefaultSolver::new(&p, &lin, &a, &b, &cones, settings)
        .map_err(|e| SglError::Solver(format!("setup: {e:?}")))?;
    solver.solve();
    let sol = &solver.solution;
    let status = format!("{:?}", sol.status);
    let accept = match sol.status {
        SolverStatus::Solved => true,
        SolverStatus::AlmostSolved | SolverStatus::InsufficientProgress => {
            (sol.obj_val - sol.obj_val_dual).abs() <= ALMOST_GAP_REL * (1.0 + sol.obj_val.abs())
        }
        SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => {
            return Err(SglError::Solver(format!(
                "{DUAL_INFEASIBLE}: clarabel status {status}: Eq. (6) is unbounded below (no minimiser)"
            )))
        }
        _ => false,
    };
    if !accept {
        return Err(SglError::Solver(format!(
            "clarabel status {status} (primal {}, dual {}) is not an accepted solution",
            sol.obj_val, sol.obj_val_dual
        )));
    }
    let x = sol.x[..n].to_vec();
    if x.iter().any(|v| !v.is_finite()) {
        return Err(SglError::Solver(format!(
            "clarabel status {status} but x is not finite"
        )));
    }
    Ok(SolverSolution {
        x,
        status,
        primal_objective: sol.obj_val,
        dual_objective: sol.obj_val_dual,
        iterations: sol.iterations,
    })
}
