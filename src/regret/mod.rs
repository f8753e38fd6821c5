//! Section 3: regret `R_T` \[Eq:7\], the bounds of \[Thm3\] (Eq. 14), \[Lem1\]
//! (Eq. 16), \[Lem2\] (Eq. 19), \[Cor1\] (Eq. 20) and \[Cor2\] (Eq. 21) evaluated on
//! recorded runs, and the premises of Appendix C checked per run.
//!
//! - [`comparator`]: `min_x sum_t f_t(x)` by methods independent of the optimizer.
//! - [`record`]: runs Algorithm 1 and records every per-step quantity.
//! - [`bounds`]: each bound as a function of a recorded run.
//! - [`premises`]: the premise flags.
//! - [`sweep`]: the experiment (`sgl regret`): a run, its comparators and
//!   bounds on a grid of horizons, with gamma and eta derived from the rule.
//!
//! "Update (6)" is `Algorithm1` with `Threshold::STildeExact` (the exact
//! minimiser of Eq. 6; its independent conic check lives in `eq6`).

pub mod bounds;
pub mod comparator;
pub mod premises;
pub mod record;
pub mod sweep;
