//! # sgl-oracle
//!
//! A verified reference implementation of *Adaptive Optimizers with Sparse
//! Group Lasso for Neural Networks in CTR Prediction* (Yue et al.).
//!
//! The paper's update (6) is
//!
//! $$x_{t+1} = \arg\min_x\\; m_{1:t}\cdot x + \sum_{s=1}^{t} \frac{1}{2\alpha_s}\lVert Q_s^{1/2}(x - x_s)\rVert_2^2 + \Psi_t(x),$$
//!
//! $$\Psi_t(x) = \sum_{g=1}^{G} \Big( \lambda_1 \lVert x^g\rVert_1 + \lambda_{21}\sqrt{d_{x^g}}\\,\lVert A_t^{1/2} x^g\rVert_2 \Big) + \lambda_2 \lVert x\rVert_2^2,$$
//!
//! and Algorithm 1 computes a closed-form approximation of it for any moment
//! rule of Table 1. Modules:
//!
//! - [`groups`], [`penalty`]: the partition and `Psi_t` of Eq. (5).
//! - [`rules`]: the rows of Table 1 (SGD, Momentum, Adagrad, Adam, AMSGrad,
//!   AdaHessian) with every printed and real-world convention.
//! - [`prox`]: Eq. (9) soft thresholding and the group factor of line 10.
//! - [`algorithm1`]: Algorithm 1, generic over the rule, threshold selectable.
//! - [`plain`]: Eq. (1), a separate code path (Theorem 2).
//! - [`ftrl`]: FTRL-Proximal from McMahan et al. 2013 (Group Adagrad claim).
//! - [`printed`]: literal transcriptions of Algorithms 2 and 3.
//! - [`objectives`], [`run`]: seeded online problems and the `sgl run` driver.
//! - [`ctr`]: Section 4 in miniature (CTR data, DCN/MLP, AUC, t-test, protocol).
#![deny(missing_docs)]

pub mod algorithm1;
pub mod claims;
pub mod conic;
pub mod ctr;
pub mod eq6;
pub mod error;
pub mod figures;
pub mod fixtures;
pub mod ftrl;
pub mod fused;
#[cfg(feature = "testkit")]
pub mod fuzz_entry;
pub mod groups;
pub mod io;
pub mod objectives;
pub mod penalty;
pub mod plain;
pub mod printed;
pub mod prox;
pub mod record;
pub mod regret;
pub mod rules;
pub mod run;
pub mod table;

pub use algorithm1::{group_adagrad, group_adam, Algorithm1, Threshold};
pub use error::{Result, SglError};
pub use groups::{GroupSpec, Groups};
pub use penalty::Penalty;
pub use plain::PlainOptimizer;
pub use rules::{MomentRule, RuleSpec};

/// The README's library example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
