//! Eq. (6) three ways: a generic conic solver, the closed forms of Theorem 1
//! (printed and corrected) and Algorithm 1's step, plus a KKT certificate.
//!
//! The reduced problem \[Eq:24\]/\[Eq:25\] is
//!
//! ```text
//! min_x  z.x + x^T diag(sigma/2) x + Psi_t(x),   A = sigma/2 + lambda2   (diagonal)
//! Psi_t(x) = sum_g lambda1 ||x^g||_1 + lambda21 sqrt(d_g) ||A^{1/2} x^g|| + lambda2 ||x||^2
//! ```
//!
//! with `sigma = sum_{s<=t} Q_s/alpha_s` and `z` from the recursion \[Eq:23\].
//! - [`instance`]: the reduced form and the full history form of \[Eq:6\];
//!   [`input`]: the JSON reader of `sgl solve`.
//! - [`objective`](mod@objective): the objective value.
//! - [`closed_form`](mod@closed_form): \[Thm1\] as printed, corrected (erratum E1), and \[Alg1:L10\].
//! - [`solver`]: the clarabel conic program (knows nothing of thresholds).
//! - [`kkt`]: explicit subgradients, optimality residual and a Fenchel dual bound.

pub mod closed_form;
pub mod input;
pub mod instance;
pub mod kkt;
pub mod objective;
pub mod solver;

pub use closed_form::{closed_form, method_name, METHODS};
pub use instance::{History, Instance};
pub use kkt::{certificate, Certificate};
pub use objective::objective;
pub use solver::{relative_distance, solve, SolverSolution, ACCEPT_KKT};
