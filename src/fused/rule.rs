//! The per-coordinate form of a moment rule \[Tab1\] used by the fused step.

use super::Real;

/// A row of Table 1 split into per-step scalars and a per-coordinate update,
/// so that the fused step computes `beta^t`, bias corrections and `alpha_t`
/// once per step and touches each coordinate once.
///
/// Each implementation reproduces the operation order of the matching
/// [`crate::rules::MomentRule`] exactly, so that in `f64` the fused step is
/// bit-identical to [`crate::algorithm1::Algorithm1`] (checked by
/// `tests/fused_equivalence.rs`).
pub trait FusedRule<T: Real>: Clone + Send + Sync {
    /// Number of per-coordinate moment arrays the rule keeps (0, 1 or 2).
    const MOMENTS: usize;
    /// Short name, e.g. `"adam"`.
    const NAME: &'static str;
    /// The per-step scalars (running powers, bias corrections, `alpha_t`).
    type Scalars: Copy + Send + Sync;
    /// Advances the rule to step t and returns the scalars of step t \[Alg1:L4\].
    fn begin_step(&mut self) -> Self::Scalars;
    /// Updates the moments of one coordinate with `g_{t,i}` and returns
    /// `(m_{t,i}, sigma_{t,i})` with `sigma_t = sqrt(V_t)/alpha_t` (the root
    /// including eps, divided by `alpha_t`) \[Alg1:L4-5\]. `m1`/`m2` are the
    /// rule's moment slots (unused ones are scratch).
    fn coord(sc: &Self::Scalars, g: T, m1: &mut T, m2: &mut T) -> (T, T);
}
