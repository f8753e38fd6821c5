//! Typed errors. Every library entry point returns [`SglError`] instead of
//! panicking; each variant names the offending field and the paper's condition.

use thiserror::Error;

/// Everything that can go wrong in the oracle.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum SglError {
    /// A hyper-parameter violates the condition the paper (or the optimizer's
    /// definition) puts on it, e.g. `beta1 must lie in [0, 1) [Tab1:Adam]`.
    #[error("invalid hyper-parameter {name} = {value}: {condition}")]
    InvalidHyperParameter {
        /// Parameter name as in the config (`alpha`, `beta1`, `lambda21`, ...).
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// The condition it must satisfy, with the paper tag.
        condition: &'static str,
    },
    /// A NaN or an infinity in an input vector.
    #[error("non-finite value in {what} at index {index}")]
    NonFinite {
        /// Which input (`gradient`, `x1`, `hessian diagonal`, ...).
        what: &'static str,
        /// First offending index.
        index: usize,
    },
    /// A vector of the wrong length.
    #[error("{what} has length {got}, expected {expected}")]
    DimensionMismatch {
        /// Which input.
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        got: usize,
    },
    /// The group layout is not a partition of `0..n`.
    #[error("invalid groups: {0}")]
    InvalidGroups(String),
    /// Eq. (6) has no minimiser: coordinate `coord` has zero curvature
    /// (`sqrt(V_t)/alpha_t + 2 lambda2 = 0`) but `|z_{t,i}| > lambda1`, so the
    /// objective is unbounded below along that coordinate.
    #[error("step {step}: Eq. (6) has no minimiser: coordinate {coord} has zero curvature and |z| > lambda1")]
    NoMinimiser {
        /// The step t (1-based).
        step: u64,
        /// The coordinate i (0-based).
        coord: usize,
    },
    /// Eq. (1) divides by `sqrt(V_t)_i = 0` with `m_{t,i} != 0`.
    #[error("step {step}: Eq. (1) divides by sqrt(V_t) = 0 at coordinate {coord}")]
    DivisionByZero {
        /// The step t (1-based).
        step: u64,
        /// The coordinate i (0-based).
        coord: usize,
    },
    /// AdaHessian needs the diagonal Hessian estimate D_t.
    #[error("the rule {0} needs a Hessian diagonal D_t but none was supplied")]
    MissingHessian(&'static str),
    /// An intermediate quantity overflowed to infinity or became NaN.
    #[error("step {step}: {what} became non-finite at coordinate {coord}")]
    Overflow {
        /// The step t.
        step: u64,
        /// What overflowed (`z`, `V`, `x`).
        what: &'static str,
        /// The coordinate.
        coord: usize,
    },
    /// The conic solver certified that the objective is unbounded below
    /// (dual infeasible): e.g. \[Eq:6\] with `lambda2 = 0`, `sigma_i = 0` and
    /// `|z_i| > lambda1` has no minimiser.
    #[error("unbounded below: {0}")]
    Unbounded(String),
    /// The generic convex solver did not reach an accepted, certified solution.
    #[error("convex solver: {0}")]
    Solver(String),
    /// An independent re-verification of a fixture case (at generation) or of
    /// a trajectory failed: the values disagree with the check named in the
    /// message.
    #[error("fixture verification failed: {0}")]
    FixtureCheck(String),
    /// Malformed input file or configuration.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// File-system error (message only, to keep the type `Clone`).
    #[error("i/o: {0}")]
    Io(String),
    /// An embedding-table step or construction failed
    /// ([`crate::table::TableError`]: it names the batch position, the row
    /// and the global step). `TableError::Config` converts to the
    /// `SglError` it wraps, not to this variant.
    #[error(transparent)]
    Table(Box<crate::table::TableError>),
}

impl SglError {
    /// Sets the step of a step-scoped error ([`SglError::NoMinimiser`],
    /// [`SglError::DivisionByZero`], [`SglError::Overflow`]) reported with
    /// `step = 0` by a function that does not know it (e.g. `crate::prox`).
    /// Other errors are returned unchanged.
    pub fn at_step(self, t: u64) -> Self {
        match self {
            SglError::NoMinimiser { coord, .. } => SglError::NoMinimiser { step: t, coord },
            SglError::DivisionByZero { coord, .. } => SglError::DivisionByZero { step: t, coord },
            SglError::Overflow { what, coord, .. } => SglError::Overflow {
                step: t,
                what,
                coord,
            },
            other => other,
        }
    }
}

/// Result alias.
pub type Result<T> = std::result::Result<T, SglError>;

/// Rejects NaN/Inf in `v`, naming the input.
pub fn check_finite(what: &'static str, v: &[f64]) -> Result<()> {
    match v.iter().position(|a| !a.is_finite()) {
        Some(index) => Err(SglError::NonFinite { what, index }),
        None => Ok(()),
    }
}

/// Rejects a vector whose length is not `expected`.
pub fn check_len(what: &'static str, v: &[f64], expected: usize) -> Result<()> {
    if v.len() != expected {
        return Err(SglError::DimensionMismatch {
            what,
            expected,
            got: v.len(),
        });
    }
    Ok(())
}

/// Validates a scalar: finite and satisfying `ok`.
pub fn check_param(
    name: &'static str,
    value: f64,
    ok: bool,
    condition: &'static str,
) -> Result<f64> {
    if value.is_finite() && ok {
        Ok(value)
    } else {
        Err(SglError::InvalidHyperParameter {
            name,
            value,
            condition,
        })
    }
}
