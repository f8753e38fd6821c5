//! A KKT certificate for a candidate minimiser of \[Eq:24\].
//!
//! Optimality of x for `F(x) = z.x + x^T A x + lambda1 ||x||_1 + sum_g c_g ||A^{1/2} x^g||`
//! (`A = sigma/2 + lambda2`, `c_g = lambda21 sqrt(d_g)`) means there are
//! `xi in d||x||_1` (`|xi_i| <= 1`, `xi_i = sign(x_i)` where `x_i != 0`) and
//! `eta_g in d||.||(A^{1/2} x^g)` (`||eta_g|| <= 1`, `= A^{1/2}x^g/||A^{1/2}x^g||`
//! when that is non-zero) with
//!
//! ```text
//! r = z + 2 A x + lambda1 xi + c_g A^{1/2} eta_g = 0.
//! ```
//!
//! [`certificate`] constructs such `xi`, `eta` explicitly (for a zero group:
//! `xi` clips `-z/lambda1` to [-1, 1], and `eta` is the remainder `s/(c A^{1/2})`
//! projected onto the unit ball) and reports the residual. Since `xi`, `eta`
//! are dual feasible by construction, Fenchel duality gives the lower bound
//!
//! ```text
//! F* >= D(xi, eta) = - sum_i (z_i + lambda1 xi_i + c_g A_i^{1/2} eta_i)^2 / (4 A_i)
//! ```
//!
//! (from `F(x) >= (z + lambda1 xi + c A^{1/2} eta).x + x^T A x` for all x),
//! with `D = -inf` when `A_i = 0` and the coefficient is non-zero. So
//! `gap = F(x) - D >= F(x) - F*` bounds the suboptimality of x, independently
//! of any solver.

use super::instance::Instance;
use super::objective::objective;

/// The certificate of a candidate x.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// The l1 subgradient `xi` (each `|xi_i| <= 1`).
    pub xi: Vec<f64>,
    /// The group subgradients `eta` (by coordinate; `||eta^g|| <= 1`).
    pub eta: Vec<f64>,
    /// The optimality residual `r` of the module doc.
    pub residual: Vec<f64>,
    /// `max_i |r_i| / scale_i`, with `scale_i = max(|z_i|, |2 A_i x_i|, lambda1, c_g A_i^{1/2})`
    /// the largest term of coordinate i's residual: relative per coordinate,
    /// so a residual of 1e-170 on a coordinate whose terms are all of size
    /// 1e-170 is not "small", and a coordinate with small curvature is held
    /// to the same relative accuracy as the others (a coordinate whose terms
    /// are all 0 has residual 0 and contributes 0).
    pub scaled_residual: f64,
    /// The objective `F(x)`.
    pub objective: f64,
    /// The Fenchel dual bound `D(xi, eta) <= F*` (may be `-inf`).
    pub dual_bound: f64,
    /// `F(x) - D(xi, eta)`: an upper bound on `F(x) - F*` (up to rounding).
    pub gap: f64,
}

/// Builds the certificate for candidate `x` (length `inst.dim()`).
pub fn certificate(inst: &Instance, x: &[f64]) -> Certificate {
    let n = inst.dim();
    let p = &inst.penalty;
    let a: Vec<f64> = inst.sigma.iter().map(|s| 0.5 * s + p.lambda2).collect();
    let mut xi = vec![0.0; n];
    let mut eta = vec![0.0; n];
    let mut residual = vec![0.0; n];
    // No absolute floor and no global scale: an absolute scale of 1 let
    // x = 0 pass for z = [-1e-170, 1e-171] (regression test
    // `kkt_residual_is_relative`), and a global one lets a coordinate with
    // tiny curvature be far from its minimiser.
    let mut scale = vec![0.0f64; n];
    for (g, members) in inst.groups.iter().enumerate() {
        let c = p.lambda21 * inst.groups.sqrt_size(g);
        let mut sq = 0.0;
        for &i in members {
            sq += a[i] * x[i] * x[i];
        }
        let norm = sq.sqrt();
        // l1 part: sign where x_i != 0; for x_i = 0 we clip against what the
        // smooth part and (for a non-zero group) the fixed eta leave over.
        for &i in members {
            if norm > 0.0 {
                eta[i] = a[i].sqrt() * x[i] / norm;
            }
        }
        for &i in members {
            let smooth = inst.z[i] + 2.0 * a[i] * x[i];
            xi[i] = if x[i] > 0.0 {
                1.0
            } else if x[i] < 0.0 {
                -1.0
            } else if p.lambda1 > 0.0 {
                let base = if norm > 0.0 {
                    smooth + c * a[i].sqrt() * eta[i]
                } else {
                    smooth
                };
                (-base / p.lambda1).clamp(-1.0, 1.0)
            } else {
                0.0
            };
            scale[i] = inst.z[i]
                .abs()
                .max((2.0 * a[i] * x[i]).abs())
                .max(p.lambda1)
                .max(c * a[i].sqrt());
        }
        if norm == 0.0 {
            // Zero (A-weighted) group: eta takes up the remainder, then is
            // projected onto the unit ball.
            let mut esq = 0.0;
            for &i in members {
                let rem = -(inst.z[i] + 2.0 * a[i] * x[i] + p.lambda1 * xi[i]);
                let wt = c * a[i].sqrt();
                eta[i] = if wt > 0.0 { rem / wt } else { 0.0 };
                esq += eta[i] * eta[i];
            }
            let en = esq.sqrt();
            if en > 1.0 {
                for &i in members {
                    eta[i] /= en;
                }
            }
        }
        for &i in members {
            residual[i] =
                inst.z[i] + 2.0 * a[i] * x[i] + p.lambda1 * xi[i] + c * a[i].sqrt() * eta[i];
        }
    }
    let mut dual = 0.0;
    for i in 0..n {
        // coefficient of x_i in the linear minorant
        let coef = residual[i] - 2.0 * a[i] * x[i];
        if a[i] > 0.0 {
            dual -= coef * coef / (4.0 * a[i]);
        } else if coef != 0.0 {
            dual = f64::NEG_INFINITY;
        }
    }
    let mut scaled: f64 = 0.0;
    for i in 0..n {
        let r = residual[i].abs();
        // r <= 4 scale_i by construction (|xi|, |eta| <= 1), so scale_i = 0
        // means r = 0; a NaN residual propagates.
        scaled = scaled.max(if scale[i] > 0.0 { r / scale[i] } else { r });
        if r.is_nan() {
            scaled = f64::NAN;
        }
    }
    let obj = objective(inst, x);
    Certificate {
        xi,
        eta,
        residual,
        scaled_residual: scaled,
        objective: obj,
        dual_bound: dual,
        gap: obj - dual,
    }
}
