//! The driver: struct-of-arrays state and the row-parallel step.

use super::kernel::{
    fill4, finish4, row, RowParams, BAD_X, BAD_Z, CHUNK, NO_MIN, RB, TH_EXACT, TH_PRINTED, TH_S,
};
use super::slab::Slab;
use super::soa::{phase, Staggered};
use super::{FusedRule, Real};
use crate::algorithm1::Threshold;
use crate::error::{Result, SglError};
use crate::penalty::Penalty;
use rayon::prelude::*;

/// Algorithm 1 on `rows` contiguous groups of width `d` (embedding rows),
/// one fused pass per step \[Alg1:L4-10\].
///
/// State (struct of arrays, each of length `n = rows * d`): `x`, `z`,
/// `sigma = sqrt(V_t)/alpha_t` and the rule's moments (`R::MOMENTS` arrays).
/// Keeping `sigma_{t-1}` saves the second root of \[Alg1:L5\]: each step takes
/// one square root per coordinate (two with [`Threshold::STildeExact`]).
///
/// The result does not depend on `threads`: rows are independent and the
/// per-step scalars are computed once, before the pass.
#[derive(Debug)]
pub struct FusedSgl<T: Real, R: FusedRule<T>> {
    rule: R,
    d: usize,
    params: RowParams<T>,
    threshold: Threshold,
    x: Staggered<T>,
    z: Staggered<T>,
    sigma: Staggered<T>,
    m1: Staggered<T>,
    m2: Staggered<T>,
    t: u64,
    threads: usize,
    pool: Option<rayon::ThreadPool>,
    kernel: Kernel,
}

/// Which compilation of the row kernel the step runs.
///
/// Both compile the same Rust source with the same operation order and no
/// FMA contraction (Rust never contracts `a * b + c` into an FMA, and the
/// `Avx2` build enables only `avx` and `avx2`, not `fma`), and IEEE-754
/// `+ - * / sqrt` are correctly rounded at every vector width, so the two are
/// bit-identical (checked by `fused_simd::avx2_kernel_is_bit_identical_to_portable`).
/// `Avx2` is 4-wide (f64) / 8-wide (f32) instead of SSE2's 2 / 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// The baseline build (SSE2 on x86-64; whatever the target has elsewhere).
    Portable,
    /// The same kernel compiled with `#[target_feature(enable = "avx,avx2")]`;
    /// only selectable when the CPU reports AVX2 at run time.
    Avx2,
}

impl Kernel {
    /// The fastest kernel this CPU supports (`Avx2` if detected at run time).
    pub fn detect() -> Kernel {
        if avx2_available() {
            Kernel::Avx2
        } else {
            Kernel::Portable
        }
    }
    /// Short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Portable => "portable",
            Kernel::Avx2 => "avx2",
        }
    }
}

#[cfg(target_arch = "x86_64")]
fn avx2_available() -> bool {
    std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("avx")
}

#[cfg(not(target_arch = "x86_64"))]
fn avx2_available() -> bool {
    false
}

impl<T: Real, R: FusedRule<T>> FusedSgl<T, R> {
    /// Starts at `x_1` (length `rows * d`) with `z_0 = 0`, `sigma_0 = 0`
    /// \[Alg1:L1\]. `threads >= 1` worker threads (1 = no thread pool).
    pub fn new(
        rule: R,
        d: usize,
        penalty: Penalty,
        threshold: Threshold,
        x1: &[T],
        threads: usize,
    ) -> Result<Self> {
        penalty.validate()?;
        if d == 0 || !x1.len().is_multiple_of(d) {
            return Err(SglError::InvalidInput(format!(
                "fused step: the length {} of x1 is not a positive multiple of the row width d = {d}",
                x1.len()
            )));
        }
        if threads == 0 {
            return Err(SglError::InvalidInput(
                "fused step: threads must be >= 1".into(),
            ));
        }
        if let Some(i) = x1.iter().position(|v| !v.is_finite()) {
            return Err(SglError::InvalidInput(format!(
                "fused step: x1[{i}] is not finite"
            )));
        }
        let n = x1.len();
        let pool = if threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .map_err(|e| SglError::InvalidInput(format!("thread pool: {e}")))?,
            )
        } else {
            None
        };
        Ok(Self {
            rule,
            d,
            params: RowParams {
                lambda1: T::of(penalty.lambda1),
                lambda2: T::of(penalty.lambda2),
                two_lambda2: T::of(2.0 * penalty.lambda2),
                c: T::of((d as f64).sqrt() * penalty.lambda21),
            },
            threshold,
            // Staggered start addresses (see `soa`): no 4K aliasing
            // between the streams of one step.
            x: Staggered::new(n, phase(0), Some(x1)),
            z: Staggered::new(n, phase(1), None),
            sigma: Staggered::new(n, phase(2), None),
            // Both moment arrays always exist (so the rayon zip lines up);
            // an unused one is a zeroed allocation never touched, which the
            // OS does not even back with memory.
            m1: Staggered::new(n, phase(3), None),
            m2: Staggered::new(n, phase(4), None),
            t: 0,
            threads,
            pool,
            kernel: Kernel::detect(),
        })
    }

    /// One step of Algorithm 1 with gradient `g_t` (length n). Returns
    /// `x_{t+1}`. On error the state is left partially updated (as after an
    /// overflow in the reference) and should be discarded.
    pub fn step(&mut self, g: &[T]) -> Result<&[T]> {
        let n = self.x.len();
        if g.len() != n {
            return Err(SglError::DimensionMismatch {
                what: "gradient",
                expected: n,
                got: g.len(),
            });
        }
        self.t += 1;
        let sc = self.rule.begin_step();
        let p = self.params;
        let d = self.d;
        let block: BlockFn<T, R> = match (self.kernel, self.threshold) {
            (Kernel::Portable, Threshold::S) => block_portable::<T, R, TH_S>,
            (Kernel::Portable, Threshold::STildePrinted) => block_portable::<T, R, TH_PRINTED>,
            (Kernel::Portable, Threshold::STildeExact) => block_portable::<T, R, TH_EXACT>,
            (Kernel::Avx2, Threshold::S) => block_avx2::<T, R, TH_S>,
            (Kernel::Avx2, Threshold::STildePrinted) => block_avx2::<T, R, TH_PRINTED>,
            (Kernel::Avx2, Threshold::STildeExact) => block_avx2::<T, R, TH_EXACT>,
        };
        let bad = match &self.pool {
            None => block(
                &sc,
                &p,
                d,
                g,
                self.x.as_mut_slice(),
                self.z.as_mut_slice(),
                self.sigma.as_mut_slice(),
                self.m1.as_mut_slice(),
                self.m2.as_mut_slice(),
            ),
            Some(pool) => {
                // ~4 blocks per thread; any split gives the same result.
                let rows = n / d;
                let per = rows.div_ceil(4 * self.threads).max(1) * d;
                let (x, z) = (self.x.as_mut_slice(), self.z.as_mut_slice());
                let sigma = self.sigma.as_mut_slice();
                let (m1, m2) = (self.m1.as_mut_slice(), self.m2.as_mut_slice());
                pool.install(|| {
                    g.par_chunks(per)
                        .zip(x.par_chunks_mut(per))
                        .zip(z.par_chunks_mut(per))
                        .zip(sigma.par_chunks_mut(per))
                        .zip(m1.par_chunks_mut(per))
                        .zip(m2.par_chunks_mut(per))
                        .map(|(((((g, x), z), sigma), m1), m2)| {
                            block(&sc, &p, d, g, x, z, sigma, m1, m2)
                        })
                        .reduce(|| 0u8, |a, b| a | b)
                })
            }
        };
        if bad != 0 {
            return Err(if bad & NO_MIN != 0 {
                SglError::InvalidInput(format!(
                    "fused step {}: s != 0 with zero curvature: Eq. (6) has no minimiser",
                    self.t
                ))
            } else {
                SglError::InvalidInput(format!(
                    "fused step {}: {} overflowed",
                    self.t,
                    if bad & BAD_Z != 0 {
                        "z"
                    } else if bad & BAD_X != 0 {
                        "x"
                    } else {
                        "?"
                    }
                ))
            });
        }
        Ok(self.x.as_slice())
    }

    /// The kernel in use (by default [`Kernel::detect`]).
    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// Selects the kernel; `Kernel::Avx2` is refused (typed error) when the
    /// CPU does not report AVX2, so the `unsafe` call in the step stays sound.
    pub fn set_kernel(&mut self, kernel: Kernel) -> Result<()> {
        if kernel == Kernel::Avx2 && !avx2_available() {
            return Err(SglError::InvalidInput(
                "fused step: the AVX2 kernel was requested but this CPU does not report AVX2"
                    .into(),
            ));
        }
        self.kernel = kernel;
        Ok(())
    }

    /// `x_{t+1}` (or `x_1` before the first step).
    pub fn x(&self) -> &[T] {
        self.x.as_slice()
    }
    /// `z_t` of \[Alg1:L6\].
    pub fn z(&self) -> &[T] {
        self.z.as_slice()
    }
    /// `sigma_t = sqrt(V_t)/alpha_t` of \[Alg1:L5\].
    pub fn sigma(&self) -> &[T] {
        self.sigma.as_slice()
    }
    /// The two moment slots; only the first `R::MOMENTS` are meaningful.
    pub fn moments(&self) -> (&[T], &[T]) {
        (self.m1.as_slice(), self.m2.as_slice())
    }
    /// The step t.
    pub fn t(&self) -> u64 {
        self.t
    }
    /// The row width d.
    pub fn d(&self) -> usize {
        self.d
    }
    /// Arrays read and written per coordinate per step `(reads, writes)`:
    /// `g, x, z, sigma` + moments read; `x, z, sigma` + moments written.
    pub fn arrays_moved() -> (usize, usize) {
        (4 + R::MOMENTS, 3 + R::MOMENTS)
    }
}

/// A block of whole rows: `(scalars, params, d, g, x, z, sigma, m1, m2) -> status`.
///
/// Six slice arguments, not a [`Slab`]: at this non-inlined boundary each
/// `&mut [T]` argument carries LLVM's `noalias`, which lets the kernel's
/// loads and stores of different arrays be reordered and vectorised; the
/// fields of a struct passed by value carry none (a `Slab` argument here
/// made the step 3-5x slower). Inside, the kernel works on a `Slab` built
/// from these arguments, which keeps the information.
type BlockFn<T, R> = fn(
    &<R as FusedRule<T>>::Scalars,
    &RowParams<T>,
    usize,
    &[T],
    &mut [T],
    &mut [T],
    &mut [T],
    &mut [T],
    &mut [T],
) -> u8;

/// The row loop, inlined into each compilation below.
#[inline(always)]
fn block_body<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    d: usize,
    mut s: Slab<'_, T>,
) -> u8 {
    let mut bad = 0u8;
    let rows = s.len() / d;
    // RB rows at a time (interleaved row sums; same bits as `row`),
    // software-pipelined: sweep 2 of block k-1 runs after sweep 1 of block k
    // (see `fill4`); the last pass (k = blocks) only finishes. Sweep 1 of
    // block k touches only block k, so the order of the writes does not
    // change any value. `s` of blocks k and k-1 live in `sbufs[k % 2]` and
    // `sbufs[(k - 1) % 2]`.
    let blocks = if d <= CHUNK { rows / RB } else { 0 };
    let mut buf = [[T::zero(); CHUNK]; RB];
    let mut sbufs = [[[T::zero(); CHUNK]; RB]; 2];
    let mut prev = [T::zero(); RB];
    for k in 0..=blocks {
        let acc = if k < blocks {
            let a = k * RB * d..(k + 1) * RB * d;
            fill4::<T, R, TH>(sc, p, d, s.sub(a), &mut buf, &mut sbufs[k % 2])
        } else {
            [T::zero(); RB]
        };
        if k > 0 {
            let b = (k - 1) * RB * d..k * RB * d;
            let sb = &sbufs[(k - 1) % 2];
            bad |= finish4::<T, TH>(p, d, &prev, sb, &mut s.x[b.clone()], &s.sigma[b]);
        }
        prev = acc;
    }
    let r0 = blocks * RB;
    for r in r0..rows {
        bad |= row::<T, R, TH>(sc, p, s.sub(r * d..(r + 1) * d));
    }
    bad
}

/// The baseline compilation of [`block_body`].
#[allow(clippy::too_many_arguments)]
fn block_portable<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    d: usize,
    g: &[T],
    x: &mut [T],
    z: &mut [T],
    sigma: &mut [T],
    m1: &mut [T],
    m2: &mut [T],
) -> u8 {
    block_body::<T, R, TH>(
        sc,
        p,
        d,
        Slab {
            g,
            x,
            z,
            sigma,
            m1,
            m2,
        },
    )
}

/// [`block_body`] compiled for AVX2 (the inlined kernel inherits the
/// features). Only `avx` and `avx2`: no `fma`, so no contraction can change a
/// rounding (and rustc does not contract without it either).
///
/// # Safety
/// The CPU must support AVX and AVX2. No other precondition: the body is
/// safe Rust.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx,avx2")]
#[allow(clippy::too_many_arguments)]
unsafe fn block_avx2_impl<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    d: usize,
    g: &[T],
    x: &mut [T],
    z: &mut [T],
    sigma: &mut [T],
    m1: &mut [T],
    m2: &mut [T],
) -> u8 {
    block_body::<T, R, TH>(
        sc,
        p,
        d,
        Slab {
            g,
            x,
            z,
            sigma,
            m1,
            m2,
        },
    )
}

/// Calls the AVX2 compilation; reached only with `Kernel::Avx2`.
#[allow(clippy::too_many_arguments)]
fn block_avx2<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    d: usize,
    g: &[T],
    x: &mut [T],
    z: &mut [T],
    sigma: &mut [T],
    m1: &mut [T],
    m2: &mut [T],
) -> u8 {
    #[cfg(target_arch = "x86_64")]
    {
        // Re-checked here (a cached atomic load, once per block of rows, not
        // per coordinate) so that soundness does not rest on the field
        // `kernel` alone.
        if avx2_available() {
            // SAFETY: `block_avx2_impl` is `unsafe` only because of its
            // `#[target_feature(enable = "avx,avx2")]`: executing it on a CPU
            // without those features would be undefined behaviour (illegal
            // instructions). `avx2_available()` has just detected both at run
            // time with `is_x86_feature_detected!`, on the CPU this process
            // runs on. The function has no other precondition: its body is
            // safe Rust over the borrowed slices, with the same bounds
            // checks as the portable build.
            return unsafe { block_avx2_impl::<T, R, TH>(sc, p, d, g, x, z, sigma, m1, m2) };
        }
    }
    block_body::<T, R, TH>(
        sc,
        p,
        d,
        Slab {
            g,
            x,
            z,
            sigma,
            m1,
            m2,
        },
    )
}
