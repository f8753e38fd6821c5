//! The streaming yardstick of `sgl bench`: the fused step's access pattern
//! (read `g` and k state arrays, write the k state arrays, one pass) with
//! trivial arithmetic, so its time is the memory floor of that pattern.

use super::soa::{phase, Staggered};
use super::Real;
use rayon::prelude::*;

/// Default block length (elements) processed per array before moving on: the
/// arrays stream together, as in the fused step (one pass, blocks stay in L1).
pub const DEFAULT_BLOCK: usize = 512;

/// `g` plus `k` read-write arrays of length n.
#[derive(Debug)]
pub struct Yardstick<T: Real> {
    g: Vec<T>,
    state: Vec<Staggered<T>>,
    pool: Option<rayon::ThreadPool>,
    threads: usize,
    block: usize,
}

impl<T: Real> Yardstick<T> {
    /// `k` state arrays of length `n` (reads `k + 1`, writes `k` per element),
    /// run on `threads` threads (1 = no pool).
    pub fn new(n: usize, k: usize, threads: usize) -> crate::Result<Self> {
        let pool = if threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .map_err(|e| crate::SglError::InvalidInput(format!("thread pool: {e}")))?,
            )
        } else {
            None
        };
        Ok(Self {
            g: (0..n).map(|i| T::of((i % 7) as f64 * 0.25)).collect(),
            // The step's staggered layout (see `soa`), so the two differ
            // only in arithmetic.
            state: (0..k)
                .map(|j| {
                    let mut a = Staggered::new(n, phase(j), None);
                    a.as_mut_slice().fill(T::of(j as f64));
                    a
                })
                .collect(),
            pool,
            threads: threads.max(1),
            block: DEFAULT_BLOCK,
        })
    }

    /// Sets the block length (elements per array per visit, >= 1). Small
    /// blocks (16-64) interleave the arrays like the fused step's rows; large
    /// ones (512) give the hardware prefetcher long bursts. `sgl bench` times
    /// several and takes the fastest as the floor.
    pub fn set_block(&mut self, block: usize) {
        self.block = block.max(1);
    }

    /// One pass: `a[i] = 0.5 a[i] + g[i]` for every state array `a`.
    /// Returns a checksum so the work cannot be optimised away.
    pub fn pass(&mut self) -> f64 {
        let n = self.g.len();
        let k = self.state.len();
        let half = T::of(0.5);
        let block = self.block;
        let run = |lo: usize, hi: usize, ptrs: &[SendPtr<T>], g: &[T]| {
            let mut b = lo;
            while b < hi {
                let e = (b + block).min(hi);
                for p in ptrs {
                    // SAFETY: [b, e) lies in [lo, hi), a range owned by this
                    // task alone; each pointer addresses an array of length n.
                    let a = unsafe { std::slice::from_raw_parts_mut(p.0.add(b), e - b) };
                    for (ai, gi) in a.iter_mut().zip(&g[b..e]) {
                        *ai = half * *ai + *gi;
                    }
                }
                b = e;
            }
        };
        let ptrs: Vec<SendPtr<T>> = self
            .state
            .iter_mut()
            .map(|v| SendPtr(v.as_mut_slice().as_mut_ptr()))
            .collect();
        let g = &self.g;
        match &self.pool {
            None => run(0, n, &ptrs, g),
            Some(pool) => {
                let per = n.div_ceil(4 * self.threads).max(block);
                let tasks = n.div_ceil(per);
                pool.install(|| {
                    (0..tasks)
                        .into_par_iter()
                        .for_each(|t| run(t * per, ((t + 1) * per).min(n), &ptrs, g))
                });
            }
        }
        let mut c = 0.0;
        for a in &self.state {
            if let Some(v) = a.as_slice().get(n / 2) {
                c += v.wide();
            }
        }
        c + k as f64
    }
}

#[derive(Clone, Copy)]
struct SendPtr<T>(*mut T);
// SAFETY: tasks write disjoint index ranges of the arrays behind the pointers.
unsafe impl<T: Send> Send for SendPtr<T> {}
unsafe impl<T: Send> Sync for SendPtr<T> {}
