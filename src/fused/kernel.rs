//! The one-pass kernel over one row (one group of width d) [Alg1:L4-10].

use super::{FusedRule, Real};
use crate::algorithm1::Threshold;

/// The penalty and threshold as the kernel needs them, in `T`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowParams<T> {
    pub lambda1: T,
    pub lambda2: T,
    /// `2 lambda2` as the reference rounds it (`2.0 * lambda2`).
    pub two_lambda2: T,
    /// `sqrt(d) lambda21` [Alg1:L10].
    pub c: T,
    pub threshold: Threshold,
}

/// Eq. (9) / [Alg1:L8], the same comparisons as [`crate::prox::soft_threshold`].
#[inline(always)]
fn soft<T: Real>(z: T, lambda1: T) -> T {
    if z.abs() <= lambda1 {
        T::zero()
    } else if z > T::zero() {
        lambda1 - z
    } else {
        -lambda1 - z
    }
}

/// Row status bits returned by [`row`]: 0 = fine.
pub(crate) const BAD_Z: u8 = 1;
/// `x` overflowed.
pub(crate) const BAD_X: u8 = 2;
/// A coordinate has `s != 0` with zero curvature (`sigma + 2 lambda2 = 0`)
/// or a non-finite weighted entry: Eq. (6) has no minimiser.
pub(crate) const NO_MIN: u8 = 4;

/// One fused step of one row: reads `g, x, z, sigma_{t-1}` and the moments,
/// writes `x_{t+1}, z_t, sigma_t` and the moments. First sweep: lines 4-8 and
/// the row's sum of squares; second sweep (the row is in L1): line 10, with
/// `s` recomputed from the stored `z` (bit-identical, no buffer).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn row<T: Real, R: FusedRule<T>>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    g: &[T],
    x: &mut [T],
    z: &mut [T],
    sigma: &mut [T],
    m1: &mut [T],
    m2: &mut [T],
) -> u8 {
    let d = x.len();
    let (g, z, sigma) = (&g[..d], &mut z[..d], &mut sigma[..d]);
    let mut bad = 0u8;
    let mut acc = T::zero();
    let mut s1 = T::zero();
    let mut s2 = T::zero();
    for j in 0..d {
        // Unused moment slots are local scratch (R::MOMENTS is a constant).
        let a = if R::MOMENTS >= 1 { &mut m1[j] } else { &mut s1 };
        let b = if R::MOMENTS >= 2 { &mut m2[j] } else { &mut s2 };
        // [Alg1:L4]
        let (m, sigma_t) = R::coord(sc, g[j], a, b);
        // [Alg1:L5] Q_t/alpha_t = sigma_t - sigma_{t-1}; [Alg1:L6]
        let q = sigma_t - sigma[j];
        let zj = z[j] + m - q * x[j];
        bad |= if zj.is_finite() { 0 } else { BAD_Z };
        z[j] = zj;
        sigma[j] = sigma_t;
        // [Alg1:L8]
        let s = soft(zj, p.lambda1);
        let w = match p.threshold {
            Threshold::S => s,
            Threshold::STildePrinted => s / (T::of(0.5) * sigma_t + p.lambda2),
            // The corrected s~ (erratum E1) costs a second root here; the
            // reference computes it this way and we keep its order.
            Threshold::STildeExact => s / (T::of(0.5) * sigma_t + p.lambda2).sqrt(),
        };
        let nz = s != T::zero();
        bad |= if nz && !w.is_finite() { NO_MIN } else { 0 };
        // Adding +0 to acc >= +0 leaves it unchanged, as the reference's skip.
        acc = acc + if nz { w * w } else { T::zero() };
    }
    // [Alg1:L10], same tie rule as `prox::group_factor`.
    let norm = acc.sqrt();
    let factor = if norm <= p.c {
        T::zero()
    } else {
        T::one() - p.c / norm
    };
    for j in 0..d {
        let s = soft(z[j], p.lambda1);
        let denom = sigma[j] + p.two_lambda2;
        let num = factor * s;
        let xj = if num == T::zero() {
            T::zero()
        } else if denom > T::zero() {
            num / denom
        } else {
            bad |= NO_MIN;
            T::zero()
        };
        bad |= if xj.is_finite() { 0 } else { BAD_X };
        x[j] = xj;
    }
    bad
}
