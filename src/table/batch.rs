//! The deduplicated batch of a table step: each distinct row id once, with
//! the sum of its gradient rows (TensorFlow's `IndexedSlices` convention,
//! summed in batch order starting from `0.0`).
//!
//! Ids are found through a small open-addressing hash table sized to the
//! batch (at least twice the number of ids, a power of two), not an array of
//! R entries: a step's bookkeeping then stays in cache whatever the table
//! size, and its cost is proportional to the batch, not to R.

use super::{validate_entry, SparseBatch, TableError, TableResult};

const EMPTY: u64 = 0;

/// A batch after validation, deduplication and summation.
#[derive(Debug, Default)]
pub struct DedupedBatch {
    /// `(id, first batch position)` of each distinct id, in first-occurrence order.
    uniq: Vec<(usize, usize)>,
    /// Summed gradient rows, `d` per distinct id.
    sums: Vec<f64>,
    /// Summed Hessian-diagonal rows (AdaHessian), `d` per distinct id.
    hsums: Vec<f64>,
    /// Whether the id occurred more than once.
    dup: Vec<bool>,
    /// Hash table: key `id + 1` (0 = empty) and the id's index in `uniq`.
    keys: Vec<u64>,
    vals: Vec<u32>,
}

impl DedupedBatch {
    /// An empty scratch (reused across steps).
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates `batch` entry by entry (id in `0..rows`, widths `d`, finite
    /// values, Hessian rows when `needs_hessian`) in batch order, and
    /// deduplicates and sums it. The first invalid entry is the error; a sum
    /// of finite duplicates that overflows is reported at the id's first
    /// position. The batch's shape (row counts) is checked by the caller.
    pub fn fill(
        &mut self,
        batch: &SparseBatch,
        rows: usize,
        d: usize,
        needs_hessian: bool,
    ) -> TableResult<()> {
        self.uniq.clear();
        self.sums.clear();
        self.hsums.clear();
        self.dup.clear();
        let cap = (2 * batch.ids.len()).next_power_of_two().max(16);
        if self.keys.len() != cap {
            self.keys = vec![EMPTY; cap];
            self.vals = vec![0; cap];
        }
        let res = self.insert_all(batch, rows, d, needs_hessian);
        // Empty the hash table for the next batch (only the slots used).
        let mask = self.keys.len() - 1;
        for &(id, _) in &self.uniq {
            let mut h = hash(id, mask);
            while self.keys[h] != EMPTY {
                self.keys[h] = EMPTY;
                h = (h + 1) & mask;
            }
        }
        res
    }

    fn insert_all(
        &mut self,
        batch: &SparseBatch,
        rows: usize,
        d: usize,
        needs_hessian: bool,
    ) -> TableResult<()> {
        let mask = self.keys.len() - 1;
        for (k, &id) in batch.ids.iter().enumerate() {
            validate_entry(batch, k, rows, d, needs_hessian)?;
            let id = id as usize;
            let key = id as u64 + 1;
            let mut h = hash(id, mask);
            let u = loop {
                match self.keys[h] {
                    EMPTY => {
                        self.keys[h] = key;
                        self.vals[h] = self.uniq.len() as u32;
                        self.uniq.push((id, k));
                        self.dup.push(false);
                        self.sums.extend(std::iter::repeat_n(0.0, d));
                        if needs_hessian {
                            self.hsums.extend(std::iter::repeat_n(0.0, d));
                        }
                        break self.uniq.len() - 1;
                    }
                    kk if kk == key => {
                        let u = self.vals[h] as usize;
                        self.dup[u] = true;
                        break u;
                    }
                    _ => h = (h + 1) & mask,
                }
            };
            let acc = &mut self.sums[u * d..(u + 1) * d];
            for (a, g) in acc.iter_mut().zip(&batch.grads[k]) {
                *a += g;
            }
            if let (true, Some(hs)) = (needs_hessian, &batch.hess) {
                let hacc = &mut self.hsums[u * d..(u + 1) * d];
                for (a, v) in hacc.iter_mut().zip(&hs[k]) {
                    *a += v;
                }
            }
        }
        // A sum of finite duplicates can overflow (a single finite row
        // added to 0.0 cannot).
        for (u, &(_, pos)) in self.uniq.iter().enumerate() {
            if !self.dup[u] {
                continue;
            }
            let sums = [
                ("summed gradient", &self.sums),
                ("summed hessian diagonal", &self.hsums),
            ];
            for (what, all) in sums {
                if all.is_empty() {
                    continue;
                }
                let row = &all[u * d..(u + 1) * d];
                if let Some(column) = row.iter().position(|v| !v.is_finite()) {
                    return Err(TableError::NonFinite {
                        position: pos,
                        what,
                        column,
                    });
                }
            }
        }
        Ok(())
    }

    /// `(id, first batch position)` of each distinct id, first-occurrence order.
    pub fn ids(&self) -> &[(usize, usize)] {
        &self.uniq
    }

    /// Summed gradient rows (`d` per distinct id, in [`Self::ids`] order).
    pub fn sums(&self) -> &[f64] {
        &self.sums
    }

    /// Summed Hessian-diagonal rows (empty unless the rule needs them).
    pub fn hsums(&self) -> &[f64] {
        &self.hsums
    }

    /// Number of distinct ids.
    pub fn len(&self) -> usize {
        self.uniq.len()
    }

    /// True for an empty batch.
    pub fn is_empty(&self) -> bool {
        self.uniq.is_empty()
    }
}

/// Fibonacci hashing of a row id into `0..=mask` (mask = 2^k - 1).
fn hash(id: usize, mask: usize) -> usize {
    let h = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - (mask.count_ones()).max(1))) as usize & mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_summed_in_first_occurrence_order() {
        let b = SparseBatch {
            ids: vec![5, 2, 5, 9, 2, 5],
            grads: vec![
                vec![1.0],
                vec![2.0],
                vec![0.5],
                vec![3.0],
                vec![-2.0],
                vec![0.25],
            ],
            hess: None,
        };
        let mut s = DedupedBatch::new();
        for _ in 0..2 {
            s.fill(&b, 10, 1, false).unwrap();
            assert_eq!(s.ids(), &[(5, 0), (2, 1), (9, 3)]);
            assert_eq!(s.sums(), &[1.75, 0.0, 3.0]);
        }
        // Colliding ids in a table of 16 slots: every id of 0..4096 found once.
        let ids: Vec<i64> = (0..4096).chain(0..4096).collect();
        let grads = vec![vec![1.0]; ids.len()];
        let big = SparseBatch {
            ids,
            grads,
            hess: None,
        };
        s.fill(&big, 4096, 1, false).unwrap();
        assert_eq!(s.len(), 4096);
        assert!(s.sums().iter().all(|&v| v == 2.0));
        // The table is emptied after each fill: the small batch again.
        s.fill(&b, 10, 1, false).unwrap();
        assert_eq!(s.ids(), &[(5, 0), (2, 1), (9, 3)]);
    }

    #[test]
    fn first_invalid_entry_is_the_error_and_overflowing_sums_are_caught() {
        let mut s = DedupedBatch::new();
        let b = SparseBatch {
            ids: vec![1, 12, -1],
            grads: vec![vec![1.0], vec![1.0], vec![1.0]],
            hess: None,
        };
        assert!(matches!(
            s.fill(&b, 10, 1, false),
            Err(TableError::IdOutOfRange { position: 1, .. })
        ));
        let b = SparseBatch {
            ids: vec![3, 4, 3],
            grads: vec![vec![1e308], vec![0.0], vec![1e308]],
            hess: None,
        };
        assert!(matches!(
            s.fill(&b, 10, 1, false),
            Err(TableError::NonFinite {
                position: 0,
                what: "summed gradient",
                ..
            })
        ));
    }
}
