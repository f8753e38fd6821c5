//! The proximal step of Algorithm 1, lines 7-10, as small functions.
//!
//! ```text
//! 7-9: s_{t,i} = 0 if |z_{t,i}| <= lambda1, else sign(z_{t,i}) lambda1 - z_{t,i}      [Eq:9]
//! 10:  x_{t+1} = (sqrt(V_t)/alpha_t + 2 lambda2 I)^{-1} max(1 - sqrt(d_g) lambda21/||w^g||, 0) s_t
//! ```
//!
//! where the vector `w` whose norm decides the group is chosen by
//! [`Threshold`]. [`crate::algorithm1::Algorithm1`] is these functions called
//! in order: [`soft_threshold`] per coordinate, [`group_norm`] and
//! [`group_factor`] per group, [`rescale`] per coordinate. The fused kernel
//! (`crate::fused`) and the closed forms of `crate::eq6` keep their own code
//! (they are the independent checks); `tests/prox_pieces.rs` compares them.
//!
//! Numerical policy (docs/src/numerical-policy.md), stated where it bites:
//! - ties `|z_i| = lambda1` and `||w^g|| = c` go to zero, as `<=` and
//!   `max(., 0)` print;
//! - with `c = sqrt(d_g) lambda21 = 0` there is no group term and the factor
//!   is 1 ([`group_factor`]), even where `sum w_i^2` underflows to 0;
//! - a coordinate whose numerator is 0 is 0 even at zero curvature; a
//!   non-zero numerator over zero curvature has no minimiser.

use crate::error::{Result, SglError};
use crate::groups::Groups;
use serde::{Deserialize, Serialize};

/// Which vector's norm decides whether a group is zeroed in \[Alg1:L10\]:
/// `w = s` (Algorithm 1 as printed), `w = A^{-1} s` (\[Eq:10\] as printed) or
/// `w = A^{-1/2} s` (\[Eq:10\] corrected, erratum E1), with the diagonal
/// `A = sum_{s<=t} Q_s/(2 alpha_s) + lambda2 I = sigma/2 + lambda2`.
///
/// This is the one name for the choice, used by [`crate::algorithm1`], the
/// closed forms of [`crate::eq6`], the fixtures and the CLI.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// `||s_t^g||`: Algorithm 1 line 10 as printed (the paper's practical choice).
    #[default]
    S,
    /// `||s~_t^g||` with `s~ = A^{-1} s` as printed in \[Eq:10\]. Not the
    /// minimiser of \[Eq:6\] (erratum E1).
    STildePrinted,
    /// `||A^{-1/2} s^g||`: the corrected \[Eq:10\], which makes the step the
    /// exact minimiser of \[Eq:6\] \[Thm1\].
    STildeExact,
}

impl Threshold {
    /// The three choices, in a fixed order.
    pub const ALL: [Threshold; 3] = [
        Threshold::S,
        Threshold::STildePrinted,
        Threshold::STildeExact,
    ];

    /// The kebab-case name used in configs and fixtures (`s`,
    /// `s-tilde-printed`, `s-tilde-exact`).
    pub fn name(self) -> &'static str {
        match self {
            Threshold::S => "s",
            Threshold::STildePrinted => "s-tilde-printed",
            Threshold::STildeExact => "s-tilde-exact",
        }
    }

    /// The weight `w_i` of `s_i` in the group norm, given the curvature
    /// `A_i = sigma_i/2 + lambda2`. Infinite (or NaN) when `A_i = 0` for the
    /// s-tilde forms.
    #[inline]
    pub fn weight(self, s_i: f64, sigma_i: f64, lambda2: f64) -> f64 {
        match self {
            Threshold::S => s_i,
            Threshold::STildePrinted => s_i / (0.5 * sigma_i + lambda2),
            Threshold::STildeExact => s_i / (0.5 * sigma_i + lambda2).sqrt(),
        }
    }
}

/// \[Eq:9\] / \[Alg1:L7-9\]: `s_i = 0` if `|z_i| <= lambda1`, else
/// `sign(z_i) lambda1 - z_i`. The tie `|z| = lambda1` goes to zero, as printed.
#[inline]
pub fn soft_threshold(z: f64, lambda1: f64) -> f64 {
    if z.abs() <= lambda1 {
        0.0
    } else if z > 0.0 {
        lambda1 - z
    } else {
        -lambda1 - z
    }
}

/// `s_t` of \[Eq:9\] for a whole vector.
pub fn soft_threshold_all(z: &[f64], lambda1: f64, s: &mut [f64]) {
    for (si, zi) in s.iter_mut().zip(z) {
        *si = soft_threshold(*zi, lambda1);
    }
}

/// `||w^g||` of \[Alg1:L10\] for one group (`members`), with `w` chosen by
/// `threshold` ([`Threshold::weight`]); squares summed in index order over
/// the members with `s_i != 0`.
///
/// Errors with [`SglError::NoMinimiser`] (`step = 0`; callers add their step
/// with [`SglError::at_step`]) when some `s_i != 0` has an infinite weight:
/// zero curvature under an s-tilde threshold.
#[inline]
pub fn group_norm(
    threshold: Threshold,
    s: &[f64],
    sigma: &[f64],
    lambda2: f64,
    members: &[usize],
) -> Result<f64> {
    let mut acc = 0.0;
    for &i in members {
        if s[i] == 0.0 {
            continue;
        }
        let w = threshold.weight(s[i], sigma[i], lambda2);
        if !w.is_finite() {
            return Err(SglError::NoMinimiser { step: 0, coord: i });
        }
        acc += w * w;
    }
    Ok(acc.sqrt())
}

/// The factor `max(1 - c/||w^g||, 0)` of \[Alg1:L10\] and \[Eq:8\], with
/// `c = sqrt(d_g) lambda21`.
///
/// - `c = 0` (no group term): the factor is 1, whatever the norm. Computing
///   it from the norm would give 0 when `sum w_i^2` underflows (`|w_i|` below
///   about 1e-162) and silently zero a group that has a non-zero step (or no
///   minimiser). With `s^g = 0` the factor does not matter: the step is 0.
/// - `norm <= c` (the tie included, as `max(., 0)` prints): exactly 0.
/// - otherwise `1 - c/norm`.
#[inline]
pub fn group_factor(norm: f64, c: f64) -> f64 {
    if c == 0.0 {
        1.0
    } else if norm <= c {
        0.0
    } else {
        1.0 - c / norm
    }
}

/// The diagonal rescale of \[Alg1:L10\]: `x_i = factor s_i / (sigma_i + 2 lambda2)`.
///
/// A zero numerator gives exactly 0, even at zero curvature (the minimiser is
/// 0 there). A non-zero numerator over zero curvature is
/// [`SglError::NoMinimiser`], and an infinite result [`SglError::Overflow`]
/// (`what = "x"`), both with `step = 0` and coordinate `coord`.
#[inline]
pub fn rescale(factor: f64, s_i: f64, sigma_i: f64, lambda2: f64, coord: usize) -> Result<f64> {
    let num = factor * s_i;
    if num == 0.0 {
        return Ok(0.0);
    }
    let denom = sigma_i + 2.0 * lambda2;
    let x = if denom > 0.0 {
        num / denom
    } else {
        return Err(SglError::NoMinimiser { step: 0, coord });
    };
    if x.is_finite() {
        Ok(x)
    } else {
        Err(SglError::Overflow {
            step: 0,
            what: "x",
            coord,
        })
    }
}

/// Fraction of groups that are entirely zero in `x`.
pub fn zero_group_fraction(groups: &Groups, x: &[f64]) -> f64 {
    let zero = groups
        .iter()
        .filter(|m| m.iter().all(|&i| x[i] == 0.0))
        .count();
    zero as f64 / groups.len() as f64
}
