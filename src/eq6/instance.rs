//! An Eq. (6) instance: the reduced form `(z, sigma)` of \[Eq:24\] and the
//! history form `(m_s, x_s, Q_s/alpha_s)_{s<=t}` of \[Eq:6\].

use crate::error::{check_finite, check_len, Result, SglError};
use crate::groups::Groups;
use crate::penalty::Penalty;

/// The reduced problem \[Eq:24\]: `min z.x + x^T diag(sigma/2) x + Psi_t(x)`.
///
/// `sigma = sum_{s<=t} Q_s/alpha_s` (diagonal, `>= 0`), so that
/// `A_t = sigma/2 + lambda2` \[Eq:5\].
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// `z_t` of \[Eq:23\].
    pub z: Vec<f64>,
    /// `sigma_t = sum_{s<=t} Q_s/alpha_s`, the diagonal (each entry `>= 0`).
    pub sigma: Vec<f64>,
    /// `lambda1, lambda21, lambda2` of \[Eq:5\].
    pub penalty: Penalty,
    /// The groups `x^g` of \[Eq:5\].
    pub groups: Groups,
}

impl Instance {
    /// Validated constructor: lengths equal `groups.dim()`, entries finite,
    /// `sigma >= 0` (the sum `sum Q_s/alpha_s` must be PSD \[Thm1\]).
    pub fn new(z: Vec<f64>, sigma: Vec<f64>, penalty: Penalty, groups: Groups) -> Result<Self> {
        penalty.validate()?;
        let n = groups.dim();
        check_len("z", &z, n)?;
        check_len("sigma", &sigma, n)?;
        check_finite("z", &z)?;
        check_finite("sigma", &sigma)?;
        if let Some(i) = sigma.iter().position(|&s| s < 0.0) {
            return Err(SglError::InvalidInput(format!(
                "sigma[{i}] = {} < 0: sum_s Q_s/alpha_s must be positive semidefinite [Thm1]",
                sigma[i]
            )));
        }
        Ok(Self {
            z,
            sigma,
            penalty,
            groups,
        })
    }

    /// Number of coordinates n.
    pub fn dim(&self) -> usize {
        self.z.len()
    }

    /// The diagonal of `A_t = sigma/2 + lambda2` \[Eq:5\].
    pub fn a_diag(&self) -> Vec<f64> {
        self.sigma
            .iter()
            .map(|s| 0.5 * s + self.penalty.lambda2)
            .collect()
    }
}

/// The history of \[Eq:6\]: for each step `s = 1..t` the moment `m_s`, the
/// iterate `x_s` and the diagonal `Q_s/alpha_s`. `Q_s` may be negative
/// entrywise (Adam): only the sum `sigma_t` must be `>= 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// `m_1, ..., m_t`.
    pub m: Vec<Vec<f64>>,
    /// `x_1, ..., x_t`.
    pub x: Vec<Vec<f64>>,
    /// `Q_1/alpha_1, ..., Q_t/alpha_t` (diagonals).
    pub q_over_alpha: Vec<Vec<f64>>,
}

impl History {
    /// Validated constructor: `t >= 1` steps, all vectors of length `n`, finite,
    /// and `sum_s Q_s/alpha_s >= 0` entrywise.
    pub fn new(m: Vec<Vec<f64>>, x: Vec<Vec<f64>>, q_over_alpha: Vec<Vec<f64>>) -> Result<Self> {
        let t = m.len();
        if t == 0 || x.len() != t || q_over_alpha.len() != t {
            return Err(SglError::InvalidInput(format!(
                "history needs t >= 1 steps with as many m ({}), x ({}) and q_over_alpha ({})",
                m.len(),
                x.len(),
                q_over_alpha.len()
            )));
        }
        let n = m[0].len();
        if n == 0 {
            return Err(SglError::InvalidInput("history vectors are empty".into()));
        }
        for s in 0..t {
            check_len("history m_s", &m[s], n)?;
            check_len("history x_s", &x[s], n)?;
            check_len("history q_over_alpha_s", &q_over_alpha[s], n)?;
            check_finite("history m_s", &m[s])?;
            check_finite("history x_s", &x[s])?;
            check_finite("history q_over_alpha_s", &q_over_alpha[s])?;
        }
        let h = Self { m, x, q_over_alpha };
        let sigma = h.sigma();
        if let Some(i) = sigma.iter().position(|&s| s < 0.0) {
            return Err(SglError::InvalidInput(format!(
                "sum_s Q_s/alpha_s at coordinate {i} is {} < 0 (must be PSD) [Eq:6]",
                sigma[i]
            )));
        }
        Ok(h)
    }

    /// Number of coordinates n.
    pub fn dim(&self) -> usize {
        self.m[0].len()
    }

    /// `sigma_t = sum_{s<=t} Q_s/alpha_s`, summed in step order.
    pub fn sigma(&self) -> Vec<f64> {
        let mut sigma = vec![0.0; self.dim()];
        for q in &self.q_over_alpha {
            for (si, qi) in sigma.iter_mut().zip(q) {
                *si += qi;
            }
        }
        sigma
    }

    /// `z_t` by the recursion \[Eq:23\]: `z_0 = 0`, `z_s = z_{s-1} + m_s - (Q_s/alpha_s) x_s`.
    pub fn z(&self) -> Vec<f64> {
        let mut z = vec![0.0; self.dim()];
        for s in 0..self.m.len() {
            for (i, zi) in z.iter_mut().enumerate() {
                *zi = *zi + self.m[s][i] - self.q_over_alpha[s][i] * self.x[s][i];
            }
        }
        z
    }

    /// The reduced instance \[Eq:24\] built via \[Eq:23\].
    pub fn reduce(&self, penalty: Penalty, groups: Groups) -> Result<Instance> {
        check_len("history vs groups", &self.m[0], groups.dim())?;
        Instance::new(self.z(), self.sigma(), penalty, groups)
    }

    /// The objective of \[Eq:6\] evaluated directly from the history:
    /// `m_{1:t}.x + sum_s 1/2 (x - x_s)^T (Q_s/alpha_s) (x - x_s) + Psi_t(x)`,
    /// with `A_t = sigma_t/2 + lambda2` in `Psi_t` \[Eq:5\]. No use of `z`.
    pub fn objective(&self, penalty: &Penalty, groups: &Groups, x: &[f64]) -> f64 {
        let n = self.dim();
        let mut lin = 0.0;
        let mut quad = 0.0;
        for s in 0..self.m.len() {
            for i in 0..n {
                lin += self.m[s][i] * x[i];
                let d = x[i] - self.x[s][i];
                quad += 0.5 * self.q_over_alpha[s][i] * d * d;
            }
        }
        let sigma = self.sigma();
        lin + quad + super::objective::psi(penalty, groups, &sigma, x)
    }
}
