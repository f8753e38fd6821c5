//! The fused one-pass Algorithm-1 step for embedding rows (issue 8).
//!
//! [`FusedSgl`] runs Algorithm 1 \[Alg1:L4-10\] on contiguous groups of width
//! d (one group per row) in `f32` or `f64`, touching each coordinate once per
//! step: it reads `g, x, z, sigma_{t-1}` and the rule's moments and writes
//! `x, z, sigma_t` and the moments, with the row's group norm computed in the
//! same pass (the row, `d` values, is still in L1 for the second sweep).
//! No allocation per step; rows are split over a rayon pool and the result is
//! identical for every thread count.
//!
//! In `f64` every rule here reproduces the reference operation order of
//! [`crate::algorithm1::Algorithm1`] with the matching
//! [`crate::rules::MomentRule`], so the two agree bit for bit
//! (`tests/fused_equivalence.rs`); the design and measurements are in
//! `docs/src/performance.md`.

#[cfg(feature = "testkit")]
mod differential;
mod float;
mod kernel;
mod recip;
mod rule;
mod rules;
mod slab;
mod soa;
mod step;
mod yardstick;

#[cfg(feature = "testkit")]
pub use differential::{differential_step, StepVerdict};
pub use float::Real;
pub use recip::{AdagradRecipScalars, FusedAdagradRecip, FusedAdamRecip, RecipScalars};
pub use rule::FusedRule;
pub use rules::{
    AdagradScalars, AdamScalars, FusedAdagrad, FusedAdam, FusedAmsGrad, FusedMomentum,
    MomentumScalars,
};
pub use step::{FusedSgl, Kernel};
pub use yardstick::Yardstick;
