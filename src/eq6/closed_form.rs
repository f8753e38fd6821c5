//! Closed-form steps for \[Eq:6\]: Theorem 1 as printed, Theorem 1 corrected
//! (erratum E1), and Algorithm 1's `||s||` threshold \[Alg1:L10\].
//!
//! All three share the shape of \[Eq:8\]
//! `x^g = (sigma + 2 lambda2)^{-1} max(1 - sqrt(d_g) lambda21 / ||w^g||, 0) s^g`
//! and differ only in the vector `w` whose norm decides the group:
//!
//! | [`Threshold`] | `w` | status |
//! |---|---|---|
//! | `STildePrinted` | `A^{-1} s` (\[Eq:10\] as printed) | not the minimiser of Eq. (6) |
//! | `STildeExact` | `A^{-1/2} s` (\[AppA:29\] with y = A^{1/2} x) | the exact minimiser |
//! | `S` | `s` | minimises a different problem (see [`algorithm1_problem_note`]) |
//!
//! with `A = sigma/2 + lambda2`. Written independently of `crate::algorithm1`
//! and `crate::prox` (only the [`Threshold`] name is shared) so that agreement
//! between them is evidence.

use super::instance::Instance;
use crate::error::{Result, SglError};
use crate::prox::Threshold;

/// The name of the closed form each [`Threshold`] selects, as `sgl solve`
/// prints it.
pub fn method_name(threshold: Threshold) -> &'static str {
    match threshold {
        Threshold::STildeExact => "closed-form-corrected",
        Threshold::STildePrinted => "closed-form-printed",
        Threshold::S => "algorithm1-step",
    }
}

/// The three closed forms in the order `sgl solve` reports them.
pub const METHODS: [Threshold; 3] = [
    Threshold::STildeExact,
    Threshold::STildePrinted,
    Threshold::S,
];

/// `s_i` of \[Eq:9\]: `0` if `|z_i| <= lambda1`, else `sign(z_i) lambda1 - z_i`.
fn s_entry(z: f64, lambda1: f64) -> f64 {
    if z > lambda1 {
        lambda1 - z
    } else if z < -lambda1 {
        -lambda1 - z
    } else {
        0.0
    }
}

/// The vector `s_t` of \[Eq:9\].
pub fn s_vector(inst: &Instance) -> Vec<f64> {
    inst.z
        .iter()
        .map(|&z| s_entry(z, inst.penalty.lambda1))
        .collect()
}

/// The closed-form step selected by `kind` for the instance \[Eq:8\]-\[Eq:10\].
///
/// Errors with [`SglError::NoMinimiser`] (with `step = 0`: a standalone
/// instance) when a coordinate has zero curvature `A_i = 0` (so `sigma_i = 0`
/// and `lambda2 = 0`) but `|z_i| > lambda1`: then \[Eq:6\] is unbounded below
/// along that coordinate, whatever the group term (its weight `A_i^{1/2}` is 0).
pub fn closed_form(inst: &Instance, kind: Threshold) -> Result<Vec<f64>> {
    let lambda2 = inst.penalty.lambda2;
    let s = s_vector(inst);
    let n = inst.dim();
    for i in 0..n {
        let a = 0.5 * inst.sigma[i] + lambda2;
        if s[i] != 0.0 && a <= 0.0 {
            return Err(SglError::NoMinimiser { step: 0, coord: i });
        }
    }
    let mut x = vec![0.0; n];
    for (g, members) in inst.groups.iter().enumerate() {
        let c = inst.groups.sqrt_size(g) * inst.penalty.lambda21;
        let mut sq = 0.0;
        for &i in members {
            if s[i] == 0.0 {
                continue;
            }
            let a = 0.5 * inst.sigma[i] + lambda2;
            let w = match kind {
                Threshold::STildeExact => s[i] / a.sqrt(),
                Threshold::STildePrinted => s[i] / a,
                Threshold::S => s[i],
            };
            sq += w * w;
        }
        let norm = sq.sqrt();
        // max(1 - c/||w||, 0); the tie ||w|| = c zeroes the group (both
        // expressions give 0 there). With c = 0 there is no group term: the
        // factor is 1 even when sum w_i^2 underflows to 0 (|w_i| < ~1e-162),
        // where `norm <= c` would zero a group whose minimiser is not 0.
        let factor = if c == 0.0 {
            1.0
        } else if norm <= c {
            0.0
        } else {
            1.0 - c / norm
        };
        if factor == 0.0 {
            continue;
        }
        for &i in members {
            if s[i] != 0.0 {
                let denom = inst.sigma[i] + 2.0 * lambda2;
                x[i] = factor * s[i] / denom;
                if !x[i].is_finite() {
                    return Err(SglError::Overflow {
                        step: 0,
                        what: "x",
                        coord: i,
                    });
                }
            }
        }
    }
    Ok(x)
}

/// Algorithm 1's step as a problem it minimises exactly.
///
/// With `B = diag(sigma + 2 lambda2)` (assumed positive), `x_alg1 = B^{-1} p`
/// where `p = prox_h(-z)` and `h(v) = lambda1 ||v||_1 + lambda21 sum_g sqrt(d_g) ||v^g||`
/// is the identity-metric sparse-group-lasso prox: soft-threshold `-z` by
/// `lambda1` (giving `s`), then shrink each group by `max(1 - c/||s^g||, 0)`.
/// Equivalently `x_alg1 = argmin_x 1/2 ||B x + z||^2 + h(B x)`.
/// Checked by the test `alg1_step_minimises_identity_metric_problem`.
pub fn algorithm1_problem_note() -> &'static str {
    "x_alg1 = argmin_x 1/2 ||B x + z||^2 + lambda1 ||B x||_1 + lambda21 sum_g sqrt(d_g) ||(B x)^g||, B = diag(sigma + 2 lambda2)"
}
