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
//! [`solve`] then refines the conic answer without any closed form, and
//! accepts only a certified minimiser:
//! 1. the instance is scaled by `k = max(|z|_inf, lambda1, max_g c_g |A^{1/2}|_inf)`
//!    (the minimiser of the scaled problem is `x/k`; clarabel's absolute
//!    tolerances would otherwise see an instance of size 1e-170 as solved at 0);
//! 2. clarabel runs with gap and feasibility tolerances 1e-10
//!    (`crate::conic`, one acceptance policy; clarabel's defaults if that is
//!    refused);
//! 3. polish: on the support the conic solve found (coordinates above a
//!    relative cut, tried at 1e-4, 1e-6, 1e-8, and their signs), Newton's
//!    method on the stationarity equations of the non-zero groups
//!    `z_i + lambda1 sign(x_i) + 2 A_i x_i + c_g A_i x_i / ||A^{1/2} x^g|| = 0`;
//! 4. the point (polished, else the conic one) is accepted only if its KKT
//!    certificate (`super::kkt`) has scaled residual <= [`ACCEPT_KKT`].
//!
//! `DualInfeasible` (unbounded below, no minimiser) is [`SglError::Unbounded`];
//! an uncertified point is [`SglError::Solver`], never a number.

use super::instance::Instance;
use super::kkt::certificate;
use crate::conic::{self, ConicStatus, ConicTolerances};
use crate::error::{Result, SglError};
use crate::groups::Groups;
use clarabel::algebra::CscMatrix;
use clarabel::solver::SupportedConeT;
use nalgebra::{DMatrix, DVector};

/// The largest scaled KKT residual ([`super::kkt::Certificate::scaled_residual`])
/// at which [`solve`] accepts its point.
pub const ACCEPT_KKT: f64 = 1e-10;

/// The solver's answer with its status and objective bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverSolution {
    /// The minimiser x.
    pub x: Vec<f64>,
    /// The conic solve's terminal status (accepted by `crate::conic`).
    pub status: ConicStatus,
    /// Whether the Newton polish on the conic support produced `x`.
    pub polished: bool,
    /// The scaled KKT residual of `x` (<= [`ACCEPT_KKT`]).
    pub kkt_scaled_residual: f64,
    /// clarabel's primal objective of the (scaled) conic program.
    pub primal_objective: f64,
    /// clarabel's dual objective of the (scaled) conic program.
    pub dual_objective: f64,
    /// Interior-point iterations.
    pub iterations: u32,
}

/// Solves the reduced instance \[Eq:24\]: scaled conic solve, Newton polish
/// on its support, KKT acceptance (module doc).
pub fn solve(inst: &Instance) -> Result<SolverSolution> {
    let n = inst.dim();
    let a = inst.a_diag();
    let w: Vec<f64> = a.iter().map(|v| v.sqrt()).collect();
    let c: Vec<f64> = (0..inst.groups.len())
        .map(|g| inst.penalty.lambda21 * inst.groups.sqrt_size(g))
        .collect();
    let mut k = inst.penalty.lambda1;
    for v in &inst.z {
        k = k.max(v.abs());
    }
    for (g, members) in inst.groups.iter().enumerate() {
        for &i in members {
            k = k.max(c[g] * w[i]);
        }
    }
    if k == 0.0 {
        // z = 0, lambda1 = 0 and no active group term: F(x) = x'Ax >= 0 = F(0).
        return Ok(SolverSolution {
            x: vec![0.0; n],
            status: ConicStatus::Solved,
            polished: false,
            kkt_scaled_residual: 0.0,
            primal_objective: 0.0,
            dual_objective: 0.0,
            iterations: 0,
        });
    }
    let zs: Vec<f64> = inst.z.iter().map(|v| v / k).collect();
    let cs: Vec<f64> = c.iter().map(|v| v / k).collect();
    let l1s = inst.penalty.lambda1 / k;
    let tight = ConicTolerances {
        gap: 1e-10,
        feas: 1e-10,
        max_iter: 400,
    };
    let conic = match solve_sgl_with(&zs, &a, l1s, &inst.groups, &cs, &w, tight) {
        Err(SglError::Solver(_)) => solve_sgl_with(
            &zs,
            &a,
            l1s,
            &inst.groups,
            &cs,
            &w,
            ConicTolerances::default(),
        )?,
        other => other?,
    };
    let x0: Vec<f64> = conic.x.iter().map(|v| v * k).collect();
    let r0 = certificate(inst, &x0).scaled_residual;
    let mut best = (x0.clone(), r0, false);
    for cut in [1e-2, 1e-4, 1e-6, 1e-8] {
        if best.1 <= ACCEPT_KKT {
            break;
        }
        // The groups the conic point leaves non-zero at this cut, then an
        // active-set pass: a group whose coordinates violate the KKT
        // conditions after the polish changes state (zero <-> non-zero).
        let mut nonzero = group_support(inst, &x0, cut);
        for _ in 0..=inst.groups.len() {
            let Some(xp) = polish(inst, &x0, &nonzero) else {
                break;
            };

            let cert = certificate(inst, &xp);
            let r = cert.scaled_residual;
            if r < best.1 || best.1.is_nan() {
                best = (xp, r, true);
            }
            if r <= ACCEPT_KKT {
                break;
            }
            let mut flipped = false;
            for (g, members) in inst.groups.iter().enumerate() {
                let bad = members.iter().any(|&i| {
                    let sc = inst.z[i].abs().max(inst.penalty.lambda1);
                    cert.residual[i].abs() > ACCEPT_KKT * sc.max(f64::MIN_POSITIVE)
                        || cert.residual[i].is_nan()
                });
                if bad {
                    nonzero[g] = !nonzero[g];
                    flipped = true;
                }
            }
            if !flipped {
                break;
            }
        }
    }
    let (x, r, polished) = best;
    if r.is_nan() || r > ACCEPT_KKT {
        return Err(SglError::Solver(format!(
            "clarabel status {} but no certified minimiser: scaled KKT residual {r:e} > {ACCEPT_KKT:e} after polish",
            conic.status
        )));
    }
    Ok(SolverSolution {
        x,
        polished,
        kkt_scaled_residual: r,
        ..conic
    })
}

/// The groups of `x0` whose largest `|x_i| / xs_i` exceeds `cut`, where
/// `xs_i = (|z_i| + lambda1 + c_g A_i^{1/2}) / (2 A_i)` bounds how far the
/// terms of coordinate i can move it.
fn group_support(inst: &Instance, x0: &[f64], cut: f64) -> Vec<bool> {
    let a = inst.a_diag();
    let l1 = inst.penalty.lambda1;
    inst.groups
        .iter()
        .enumerate()
        .map(|(g, members)| {
            let c = inst.penalty.lambda21 * inst.groups.sqrt_size(g);
            members.iter().any(|&i| {
                let xs = (inst.z[i].abs() + l1 + c * a[i].sqrt()) / (2.0 * a[i]);
                x0[i] != 0.0 && x0[i].abs() > cut * xs
            })
        })
        .collect()
}

/// Newton's method on the stationarity equations of \[Eq:24\] restricted to
/// the groups marked `nonzero`, with the coordinates and signs the
/// subdifferential gives inside a non-zero group:
/// per non-zero group g with support S,
/// `F_i(x) = z_i + lambda1 sign_i + 2 A_i x_i + c_g A_i x_i / rho = 0` for
/// i in S, `rho = ||A^{1/2} x^S||`, at most 100 iterations. `None` if the
/// iteration leaves the support's sign pattern or breaks down; the caller
/// judges the result by its KKT certificate, never by convergence alone.
fn polish(inst: &Instance, x0: &[f64], nonzero: &[bool]) -> Option<Vec<f64>> {
    let a = inst.a_diag();
    let l1 = inst.penalty.lambda1;
    let mut x = vec![0.0; x0.len()];
    for (g, members) in inst.groups.iter().enumerate() {
        let c = inst.penalty.lambda21 * inst.groups.sqrt_size(g);
        // The group is in the support if it is above the cut (the solver's
        // decision). Inside a non-zero group the subdifferential decides each
        // coordinate: at x_i = 0 the group term's gradient has no i-th
        // component, so 0 in z_i + lambda1 [-1, 1] iff |z_i| <= lambda1; a
        // coordinate with |z_i| > lambda1 is non-zero with sign -sign(z_i).
        let sup: Vec<usize> = if nonzero[g] {
            members
                .iter()
                .copied()
                .filter(|&i| inst.z[i].abs() > l1)
                .collect()
        } else {
            vec![]
        };
        if sup.is_empty() {
            continue;
        }
        if sup.iter().any(|&i| a[i] <= 0.0) {
            return None;
        }
        let sign: Vec<f64> = sup.iter().map(|&i| -inst.z[i].signum()).collect();
        // Start from the conic point where it has the right sign, else from
        // a small step in the right direction.
        let mut y: Vec<f64> = sup
            .iter()
            .zip(&sign)
            .map(|(&i, &sg)| {
                if x0[i].signum() == sg {
                    x0[i]
                } else {
                    sg * 1e-3 * (inst.z[i].abs() - l1) / (2.0 * a[i])
                }
            })
            .collect();
        let d = sup.len();
        // A group that cannot be non-zero with this support (Newton leaves
        // the sign pattern or rho vanishes) is left at zero: the active-set
        // pass and the certificate judge that choice.
        let mut feasible = true;
        for _ in 0..100 {
            // rho and the group term computed on y / max|y| (scale-free), so
            // that a group of size 1e-170 does not underflow.
            let m = y.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
            if m.is_nan() || m <= 0.0 || !m.is_finite() {
                feasible = false;
                break;
            }
            let u: Vec<f64> = y.iter().map(|v| v / m).collect();
            let rho_u = sup
                .iter()
                .zip(&u)
                .map(|(&i, v)| a[i] * v * v)
                .sum::<f64>()
                .sqrt();
            if rho_u.is_nan() || rho_u <= 0.0 {
                feasible = false;
                break;
            }
            let mut f = DVector::zeros(d);
            let mut jac = DMatrix::zeros(d, d);
            let mut fscale: f64 = 0.0;
            for (p, &i) in sup.iter().enumerate() {
                let grp = if c > 0.0 {
                    c * a[i] * u[p] / rho_u
                } else {
                    0.0
                };
                f[p] = inst.z[i] + l1 * sign[p] + 2.0 * a[i] * y[p] + grp;
                fscale = fscale
                    .max(inst.z[i].abs())
                    .max(l1)
                    .max((2.0 * a[i] * y[p]).abs())
                    .max(grp.abs());
                for (q, &j) in sup.iter().enumerate() {
                    let mut v = if c > 0.0 {
                        -c * a[i] * u[p] * a[j] * u[q] / (rho_u * rho_u * rho_u * m)
                    } else {
                        0.0
                    };
                    if p == q {
                        v += 2.0 * a[i] + if c > 0.0 { c * a[i] / (rho_u * m) } else { 0.0 };
                    }
                    jac[(p, q)] = v;
                }
            }
            if f.amax() <= 1e-15 * fscale {
                break;
            }
            let Some(step) = jac.lu().solve(&f) else {
                feasible = false;
                break;
            };
            // Damped so that no coordinate crosses zero (the signs are fixed).
            let mut tau: f64 = 1.0;
            for p in 0..d {
                if step[p] != 0.0 && (y[p] - step[p]).signum() != sign[p] {
                    tau = tau.min(0.5 * y[p] / step[p]);
                }
            }
            for p in 0..d {
                y[p] -= tau * step[p];
            }
        }
        if !feasible
            || y.iter()
                .zip(&sign)
                .any(|(v, sg)| v.signum() != *sg || !v.is_finite())
        {
            continue;
        }
        for (p, &i) in sup.iter().enumerate() {
            x[i] = y[p];
        }
    }
    Some(x)
}

/// [`solve_sgl_with`] at clarabel's default tolerances.
pub fn solve_sgl(
    q: &[f64],
    h: &[f64],
    lambda1: f64,
    groups: &Groups,
    c: &[f64],
    w: &[f64],
) -> Result<SolverSolution> {
    solve_sgl_with(q, h, lambda1, groups, c, w, ConicTolerances::default())
}

/// Solves `min q.x + x^T diag(h) x + lambda1 ||x||_1 + sum_g c_g ||diag(w) x^g||`
/// (see the module doc for the conic form). `h >= 0`, `w`, `c >= 0`, finite.
/// The raw conic answer: no scaling, no polish, no certificate.
pub fn solve_sgl_with(
    q: &[f64],
    h: &[f64],
    lambda1: f64,
    groups: &Groups,
    c: &[f64],
    w: &[f64],
    tol: ConicTolerances,
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
    let sol = conic::solve("Eq. (6)", &p, &lin, &a, &b, &cones, tol)?;
    let x = sol.y[..n].to_vec();
    Ok(SolverSolution {
        x,
        status: sol.status,
        polished: false,
        kkt_scaled_residual: f64::NAN,
        primal_objective: sol.primal_objective,
        dual_objective: sol.dual_objective,
        iterations: sol.iterations,
    })
}

/// `max_i |x_i - y_i| / max(|x|_inf, |y|_inf)`: the relative distance of
/// two points (0 when both are 0).
pub fn relative_distance(x: &[f64], y: &[f64]) -> f64 {
    let d = x
        .iter()
        .zip(y)
        .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
    let s = x.iter().chain(y).fold(0.0f64, |m, v| m.max(v.abs()));
    if d == 0.0 {
        0.0
    } else {
        d / s
    }
}
