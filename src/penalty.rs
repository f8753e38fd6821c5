//! The sparse-group-lasso penalty `Psi_t` of Eq. (5).
//!
//! `Psi_t(x) = sum_g ( lambda1 ||x^g||_1 + lambda21 sqrt(d_g) ||A_t^{1/2} x^g||_2 ) + lambda2 ||x||_2^2`
//! with `A_t = sum_s Q_s/(2 alpha_s) + lambda2 I` in Section 2.1.

use crate::error::{check_param, Result};
use crate::groups::Groups;
use serde::{Deserialize, Serialize};

/// The three regularisation strengths of Eq. (5); all finite and `>= 0`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// `lambda1`, the l1 (lasso) strength.
    pub lambda1: f64,
    /// `lambda21`, the group-lasso strength (multiplied by `sqrt(d_g)`).
    pub lambda21: f64,
    /// `lambda2`, the squared-l2 strength (`lambda2 ||x||^2`, no factor 1/2).
    pub lambda2: f64,
}

impl Penalty {
    /// Validated constructor: each lambda finite and `>= 0` \[Eq:5\].
    pub fn new(lambda1: f64, lambda21: f64, lambda2: f64) -> Result<Self> {
        let p = Self {
            lambda1,
            lambda21,
            lambda2,
        };
        p.validate()?;
        Ok(p)
    }

    /// No regularisation: Algorithm 1 then reduces to Eq. (1) \[Thm2\].
    pub fn none() -> Self {
        Self::default()
    }

    /// Re-checks the invariants (for values built by deserialisation).
    pub fn validate(&self) -> Result<()> {
        check_param(
            "lambda1",
            self.lambda1,
            self.lambda1 >= 0.0,
            "lambda1 must be finite and >= 0 [Eq:5]",
        )?;
        check_param(
            "lambda21",
            self.lambda21,
            self.lambda21 >= 0.0,
            "lambda21 must be finite and >= 0 [Eq:5]",
        )?;
        check_param(
            "lambda2",
            self.lambda2,
            self.lambda2 >= 0.0,
            "lambda2 must be finite and >= 0 [Eq:5]",
        )?;
        Ok(())
    }

    /// Multiplies every lambda by `c` (the tfplus learning-rate scaling).
    pub fn scaled(&self, c: f64) -> Self {
        Self {
            lambda1: self.lambda1 * c,
            lambda21: self.lambda21 * c,
            lambda2: self.lambda2 * c,
        }
    }

    /// `Psi_t(x)` of Eq. (5) with the diagonal `a` of `A_t` (pass all ones
    /// for `A_t = I`).
    pub fn value(&self, groups: &Groups, a: &[f64], x: &[f64]) -> f64 {
        let mut total = 0.0;
        for (g, m) in groups.iter().enumerate() {
            let mut l1 = 0.0;
            let mut sq = 0.0;
            for &i in m {
                l1 += x[i].abs();
                sq += a[i] * x[i] * x[i];
            }
            total += self.lambda1 * l1 + self.lambda21 * groups.sqrt_size(g) * sq.sqrt();
        }
        let mut l2 = 0.0;
        for xi in x {
            l2 += xi * xi;
        }
        total + self.lambda2 * l2
    }
}
