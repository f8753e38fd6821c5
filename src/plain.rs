//! Eq. (1): the plain adaptive optimizer `x_{t+1} = x_t - alpha_t m_t / sqrt(V_t)`.
//!
//! Deliberately its own code path: it shares the moment rules with
//! Algorithm 1 but none of the update code, so Theorem 2 is a real comparison.

use crate::error::{check_finite, check_len, Result, SglError};
use crate::rules::MomentRule;

/// Eq. (1) driven by a moment rule.
#[derive(Debug, Clone)]
pub struct PlainOptimizer<R: MomentRule> {
    rule: R,
    x: Vec<f64>,
}

impl<R: MomentRule> PlainOptimizer<R> {
    /// Starts at `x_1`.
    pub fn new(rule: R, x1: &[f64]) -> Result<Self> {
        check_len("x1", x1, rule.dim())?;
        check_finite("x1", x1)?;
        Ok(Self {
            rule,
            x: x1.to_vec(),
        })
    }

    /// `x_{t+1} = x_t - alpha_t m_t / sqrt(V_t)` \[Eq:1\].
    pub fn step(&mut self, g: &[f64], hess_diag: Option<&[f64]>) -> Result<&[f64]> {
        self.rule.observe(g, hess_diag)?;
        let alpha = self.rule.alpha();
        let (m, r) = (self.rule.m(), self.rule.sqrt_v());
        for (i, xi) in self.x.iter_mut().enumerate() {
            // Numerical policy: an overflowed V (g^2 = inf) is an error, not
            // a silent zero update m/inf = 0.
            if !r[i].is_finite() {
                return Err(SglError::Overflow {
                    step: self.rule.step(),
                    what: "V",
                    coord: i,
                });
            }
            if r[i] == 0.0 {
                if m[i] == 0.0 {
                    continue; // 0/0: no information, x stays (policy, docs)
                }
                return Err(SglError::DivisionByZero {
                    step: self.rule.step(),
                    coord: i,
                });
            }
            *xi -= alpha * m[i] / r[i];
            if !xi.is_finite() {
                return Err(SglError::Overflow {
                    step: self.rule.step(),
                    what: "x",
                    coord: i,
                });
            }
        }
        Ok(&self.x)
    }

    /// The current iterate.
    pub fn x(&self) -> &[f64] {
        &self.x
    }
    /// The rule.
    pub fn rule(&self) -> &R {
        &self.rule
    }
}
