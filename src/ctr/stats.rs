//! Metrics and statistics of Section 4: exact AUC, mean/sd, Welch's t-test.
//!
//! The paper: "AUC is widely adopted as the evaluation criterion" and "All
//! the experiments are run 5 times repeatedly and tested statistical
//! significance using t-test" (v2, Section 4.1). The paper does not say which
//! t-test; Welch's (unequal variances) is used here, two-sided.

use super::{CtrError, Result};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Exact AUC: the probability that a random positive scores above a random
/// negative, ties counting one half. Computed from ranks (Mann-Whitney U)
/// with tied scores given their average rank; O(n log n).
pub fn auc(scores: &[f64], labels: &[f64]) -> Result<f64> {
    if scores.len() != labels.len() {
        return Err(CtrError::Length {
            what: "scores",
            expected: labels.len(),
            got: scores.len(),
        });
    }
    if let Some(index) = scores.iter().position(|s| s.is_nan()) {
        return Err(CtrError::NonFinite {
            what: "score",
            index,
        });
    }
    let positives = labels.iter().filter(|&&y| y > 0.5).count();
    let negatives = labels.len() - positives;
    if positives == 0 || negatives == 0 {
        return Err(CtrError::AucUndefined {
            positives,
            negatives,
        });
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Sum of the (1-based, tie-averaged) ranks of the positives.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let avg = (i + j + 2) as f64 / 2.0;
        for &k in &order[i..=j] {
            if labels[k] > 0.5 {
                rank_sum += avg;
            }
        }
        i = j + 1;
    }
    let (p, n) = (positives as f64, negatives as f64);
    Ok((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

/// Mean and sample standard deviation (divisor n - 1; 0 for one value).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MeanSd {
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Number of values.
    pub n: usize,
}

/// Mean and sample sd of `x` (at least one value).
pub fn mean_sd(x: &[f64]) -> Result<MeanSd> {
    if x.is_empty() {
        return Err(CtrError::TooFew {
            what: "mean",
            needed: 1,
            got: 0,
        });
    }
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sd = if x.len() < 2 {
        0.0
    } else {
        (x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    Ok(MeanSd {
        mean,
        sd,
        n: x.len(),
    })
}

/// Result of Welch's two-sample t-test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Welch {
    /// `t = (mean_a - mean_b) / sqrt(s_a^2/n_a + s_b^2/n_b)`.
    pub t: f64,
    /// Welch-Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value `2 P(T_df > |t|)`.
    pub p: f64,
}

/// Welch's t-test of equal means, two-sided. Each sample needs two values.
/// Two samples with zero variance give `p = 1` if the means are equal and
/// `p = 0` otherwise (the limit of the statistic).
pub fn welch(a: &[f64], b: &[f64]) -> Result<Welch> {
    for s in [a, b] {
        if s.len() < 2 {
            return Err(CtrError::TooFew {
                what: "Welch's t-test (per sample)",
                needed: 2,
                got: s.len(),
            });
        }
    }
    let (ma, mb) = (mean_sd(a)?, mean_sd(b)?);
    let (va, vb) = (
        ma.sd * ma.sd / a.len() as f64,
        mb.sd * mb.sd / b.len() as f64,
    );
    let se2 = va + vb;
    if se2 == 0.0 {
        let same = ma.mean == mb.mean;
        return Ok(Welch {
            t: if same { 0.0 } else { f64::INFINITY },
            df: f64::NAN,
            p: if same { 1.0 } else { 0.0 },
        });
    }
    let t = (ma.mean - mb.mean) / se2.sqrt();
    let df = se2 * se2 / (va * va / (a.len() as f64 - 1.0) + vb * vb / (b.len() as f64 - 1.0));
    let dist = StudentsT::new(0.0, 1.0, df).map_err(|e| CtrError::InvalidSetting {
        name: "df",
        value: format!("{df} ({e})"),
        condition: "Welch degrees of freedom must be finite and > 0",
    })?;
    Ok(Welch {
        t,
        df,
        p: 2.0 * dist.sf(t.abs()),
    })
}
