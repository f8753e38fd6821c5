//! Groups of coordinates, the `x^g` of Eq. (5).
//!
//! A [`Groups`] value is a validated partition of `0..n`: every group is
//! non-empty, groups are disjoint, and together they cover every coordinate.
//! The l21 multiplier of group g is `sqrt(d_g)` with `d_g` its size \[Eq:5\].

use crate::error::{Result, SglError};
use serde::{Deserialize, Serialize};

/// A validated partition of the coordinates `0..n` into groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    n: usize,
    members: Vec<Vec<usize>>,
    sqrt_d: Vec<f64>,
    contiguous: bool,
}

/// Serializable description of a group layout (used by configs and fixtures).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum GroupSpec {
    /// Contiguous rows of equal width `d` (embedding rows); n must be a multiple of d.
    Rows(usize),
    /// Contiguous blocks of the given sizes, in order.
    Sizes(Vec<usize>),
    /// Arbitrary index lists.
    Lists(Vec<Vec<usize>>),
}

impl GroupSpec {
    /// Builds the validated partition of `0..n`.
    pub fn build(&self, n: usize) -> Result<Groups> {
        match self {
            GroupSpec::Rows(d) => Groups::rows(n, *d),
            GroupSpec::Sizes(s) => {
                let total: usize = s.iter().sum();
                if total != n {
                    return Err(SglError::InvalidGroups(format!(
                        "sizes sum to {total}, but x has {n} coordinates"
                    )));
                }
                Groups::from_sizes(s)
            }
            GroupSpec::Lists(l) => Groups::from_lists(n, l.clone()),
        }
    }
}

impl Groups {
    /// Contiguous rows of width `d`: groups `[0..d), [d..2d), ...`.
    pub fn rows(n: usize, d: usize) -> Result<Self> {
        if d == 0 || !n.is_multiple_of(d) {
            return Err(SglError::InvalidGroups(format!(
                "row width {d} must be positive and divide n = {n}"
            )));
        }
        Self::from_sizes(&vec![d; n / d])
    }

    /// Contiguous blocks of the given sizes (all positive).
    pub fn from_sizes(sizes: &[usize]) -> Result<Self> {
        let mut members = Vec::with_capacity(sizes.len());
        let mut start = 0usize;
        for (g, &d) in sizes.iter().enumerate() {
            if d == 0 {
                return Err(SglError::InvalidGroups(format!("group {g} is empty")));
            }
            members.push((start..start + d).collect());
            start += d;
        }
        Self::from_lists(start, members)
    }

    /// One group holding every coordinate.
    pub fn single(n: usize) -> Result<Self> {
        Self::from_sizes(&[n])
    }

    /// Every coordinate its own group (`d_g = 1`).
    pub fn singletons(n: usize) -> Result<Self> {
        Self::from_sizes(&vec![1; n])
    }

    /// Arbitrary index lists; checks non-empty, in range, disjoint, covering.
    pub fn from_lists(n: usize, members: Vec<Vec<usize>>) -> Result<Self> {
        if n == 0 {
            return Err(SglError::InvalidGroups("no coordinates (n = 0)".into()));
        }
        let mut owner = vec![usize::MAX; n];
        for (g, m) in members.iter().enumerate() {
            if m.is_empty() {
                return Err(SglError::InvalidGroups(format!("group {g} is empty")));
            }
            for &i in m {
                let slot = owner.get_mut(i).ok_or_else(|| {
                    SglError::InvalidGroups(format!("group {g} names index {i} >= n = {n}"))
                })?;
                if *slot != usize::MAX {
                    return Err(SglError::InvalidGroups(format!(
                        "index {i} is in group {} and group {g} (groups overlap)",
                        *slot
                    )));
                }
                *slot = g;
            }
        }
        if let Some(i) = owner.iter().position(|&o| o == usize::MAX) {
            return Err(SglError::InvalidGroups(format!(
                "index {i} is in no group (groups must cover 0..{n})"
            )));
        }
        let mut start = 0usize;
        let mut contiguous = true;
        for m in &members {
            for (k, &i) in m.iter().enumerate() {
                if i != start + k {
                    contiguous = false;
                }
            }
            start += m.len();
        }
        let sqrt_d = members.iter().map(|m| (m.len() as f64).sqrt()).collect();
        Ok(Self {
            n,
            members,
            sqrt_d,
            contiguous,
        })
    }

    /// Number of coordinates n.
    pub fn dim(&self) -> usize {
        self.n
    }

    /// Number of groups G.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Always false (a partition of n >= 1 coordinates has a group).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Indices of group g.
    pub fn members(&self, g: usize) -> &[usize] {
        &self.members[g]
    }

    /// Iterator over the groups' index lists.
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> {
        self.members.iter().map(|m| m.as_slice())
    }

    /// `sqrt(d_g)`, the l21 multiplier of group g \[Eq:5\].
    pub fn sqrt_size(&self, g: usize) -> f64 {
        self.sqrt_d[g]
    }

    /// True when the groups are consecutive blocks `0..d0, d0..d0+d1, ...`.
    pub fn is_contiguous(&self) -> bool {
        self.contiguous
    }

    /// The group sizes in order.
    pub fn sizes(&self) -> Vec<usize> {
        self.members.iter().map(|m| m.len()).collect()
    }
}
