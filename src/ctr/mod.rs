//! Section 4 in miniature: CTR data, models, metrics and the experiment
//! protocol of Sections 4.1-4.4 (issue 18).
//!
//! The paper's setting (v2, Section 4.1): "we train 1 epoch with a batch size
//! of 512 and do the validation", AUC on a held-out split, "each embedding
//! vector is considered as a group", and "we just add the regularization terms
//! to the embedding layer". This module rebuilds that protocol at a size that
//! runs on a laptop:
//!
//! - [`data`]: a seeded synthetic CTR stream (Zipf-distributed categorical
//!   fields, a planted logistic model with a known set of signal features and
//!   field interactions) and [`criteo`], a reader for the Criteo display-ads
//!   TSV layout.
//! - [`model`]: DCN (two cross layers, two deep layers of 64) and a plain MLP,
//!   forward and hand-derived backward; embedding gradients come out as
//!   sparse `(row id, grad row)` pairs.
//! - [`stats`]: exact AUC, mean/sd and the Welch t-test.
//! - [`rows`]: the [`rows::SparseRowOptimizer`] trait through which training
//!   talks to the embedding optimizer, and [`rows::TableRows`], its
//!   implementation on the crate's [`crate::table::EmbeddingTable`]
//!   (`Dense` semantics by default, `Lazy` as an option).
//! - [`train`]: one streamed epoch and the held-out evaluation.
//! - [`protocol`]: the drivers for Table 2, Table 3, Table 4 and Figs 1-3;
//!   [`plan`]: their sizes and grids per scale.

pub mod criteo;
pub mod data;
pub mod model;
pub mod plan;
pub mod protocol;
pub mod rows;
pub mod stats;
pub mod train;

use crate::error::SglError;
use thiserror::Error;

/// Errors of the CTR experiments. Optimizer errors are wrapped unchanged.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum CtrError {
    /// A line of a data file that does not follow the layout.
    #[error("line {line}{}: {reason}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
    Malformed {
        /// 1-based line number in the file.
        line: u64,
        /// 1-based tab-separated column, where one is at fault.
        column: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// A setting outside its domain, named with the condition it must meet.
    #[error("invalid setting {name} = {value}: {condition}")]
    InvalidSetting {
        /// Setting name (`fields`, `batch`, `dim`, ...).
        name: &'static str,
        /// The rejected value, printed.
        value: String,
        /// The condition it must satisfy.
        condition: &'static str,
    },
    /// Input arrays of inconsistent sizes.
    #[error("{what} has length {got}, expected {expected}")]
    Length {
        /// Which input.
        what: &'static str,
        /// Expected length.
        expected: usize,
        /// Actual length.
        got: usize,
    },
    /// AUC is undefined without both classes.
    #[error("AUC is undefined with {positives} positives and {negatives} negatives")]
    AucUndefined {
        /// Number of positive labels.
        positives: usize,
        /// Number of negative labels.
        negatives: usize,
    },
    /// A statistic that needs more observations than given.
    #[error("{what} needs at least {needed} values, got {got}")]
    TooFew {
        /// Which statistic.
        what: &'static str,
        /// Minimum count.
        needed: usize,
        /// Actual count.
        got: usize,
    },
    /// A NaN or infinity where a finite number is required.
    #[error("non-finite {what} at index {index}")]
    NonFinite {
        /// Which quantity.
        what: &'static str,
        /// First offending index.
        index: usize,
    },
    /// An error of the optimizer core (Algorithm 1, Eq. (1), the rules).
    #[error(transparent)]
    Optimizer(#[from] SglError),
    /// File-system or output error (message only, to keep the type `Clone`).
    #[error("i/o: {0}")]
    Io(String),
}

/// Result alias of this module.
pub type Result<T> = std::result::Result<T, CtrError>;

/// A mini-batch: `labels[i]` in {0, 1} and the `fields` global row ids of
/// example i at `ids[i*fields..(i+1)*fields]` (one categorical value per field).
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// Number of fields F (ids per example).
    pub fields: usize,
    /// Click labels, 0.0 or 1.0.
    pub labels: Vec<f64>,
    /// Row ids, example-major.
    pub ids: Vec<u64>,
}

impl Batch {
    /// An empty batch of `fields` fields.
    pub fn new(fields: usize) -> Self {
        Self {
            fields,
            labels: Vec::new(),
            ids: Vec::new(),
        }
    }
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    /// True without examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// The row ids of example i.
    pub fn example(&self, i: usize) -> &[u64] {
        &self.ids[i * self.fields..(i + 1) * self.fields]
    }
}

/// SplitMix64 finaliser: a fixed, platform-independent 64-bit mixer used for
/// every hash in this module (std's `DefaultHasher` is not stable across
/// Rust releases, and data files must hash to the same rows everywhere).
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform number in `[0, 1)` from a hash value (53 high bits).
pub fn unit(h: u64) -> f64 {
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

pub(crate) fn setting<T: std::fmt::Display>(
    name: &'static str,
    value: T,
    ok: bool,
    condition: &'static str,
) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(CtrError::InvalidSetting {
            name,
            value: value.to_string(),
            condition,
        })
    }
}
