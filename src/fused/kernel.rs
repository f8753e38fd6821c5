//! The one-pass kernel over one row (one group of width d) [Alg1:L4-10].
//!
//! Written so that LLVM vectorises the per-coordinate work: no data-dependent
//! branches (selects only), the threshold kind is a const generic, and the
//! one serial piece, the row's sum of squares in index order, is a separate
//! short loop over a stack buffer (rows are independent, so the out-of-order
//! core overlaps that add chain with the next row's vector work).

use super::{FusedRule, Real};

/// The penalty as the kernel needs it, in `T`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowParams<T> {
    pub lambda1: T,
    pub lambda2: T,
    /// `2 lambda2` as the reference rounds it (`2.0 * lambda2`).
    pub two_lambda2: T,
    /// `sqrt(d) lambda21` [Alg1:L10].
    pub c: T,
}

/// `Threshold::S` as a const generic.
pub(crate) const TH_S: u8 = 0;
/// `Threshold::STildePrinted`.
pub(crate) const TH_PRINTED: u8 = 1;
/// `Threshold::STildeExact`.
pub(crate) const TH_EXACT: u8 = 2;

/// Eq. (9) / [Alg1:L8] without branches. Bit-identical to
/// [`crate::prox::soft_threshold`]: for `|z| > lambda1` it computes
/// `lambda1 - z` (z > 0) or `-lambda1 - z` (z < 0), i.e. `copysign(lambda1, z) - z`.
#[inline(always)]
pub(crate) fn soft<T: Real>(z: T, lambda1: T) -> T {
    let v = lambda1.copysign(z) - z;
    if z.abs() <= lambda1 {
        T::zero()
    } else {
        v
    }
}

/// Row status bits returned by [`row`]: 0 = fine.
pub(crate) const BAD_Z: u8 = 1;
/// `x` overflowed.
pub(crate) const BAD_X: u8 = 2;
/// A coordinate has `s != 0` with zero curvature (`sigma + 2 lambda2 = 0`)
/// or a non-finite weighted entry: Eq. (6) has no minimiser.
pub(crate) const NO_MIN: u8 = 4;

/// Chunk of a row processed per stack buffer.
const CHUNK: usize = 64;

/// One fused step of one row: reads `g, x, z, sigma_{t-1}` and the moments,
/// writes `x_{t+1}, z_t, sigma_t` and the moments. Sweep 1: lines 4-8 and the
/// squared weighted entries into a stack buffer; sum in index order; sweep 2
/// (the row is in L1): line 10, with `s` recomputed from the stored `z`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn row<T: Real, R: FusedRule<T>, const TH: u8>(
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
    let (g, z, sigma, m1, m2) = (
        &g[..d],
        &mut z[..d],
        &mut sigma[..d],
        &mut m1[..d],
        &mut m2[..d],
    );
    let mut bad = 0u8;
    let mut acc = T::zero();
    let mut buf = [T::zero(); CHUNK];
    let half = T::of(0.5);
    let mut lo = 0;
    while lo < d {
        let hi = (lo + CHUNK).min(d);
        for j in lo..hi {
            // [Alg1:L4]
            let (m, sigma_t) = R::coord(sc, g[j], &mut m1[j], &mut m2[j]);
            // [Alg1:L5] Q_t/alpha_t = sigma_t - sigma_{t-1}; [Alg1:L6]
            let q = sigma_t - sigma[j];
            let zj = z[j] + m - q * x[j];
            bad |= (!zj.is_finite()) as u8 * BAD_Z;
            z[j] = zj;
            sigma[j] = sigma_t;
            // [Alg1:L8]
            let s = soft(zj, p.lambda1);
            let w = match TH {
                TH_S => s,
                TH_PRINTED => s / (half * sigma_t + p.lambda2),
                // The corrected s~ (erratum E1) costs a second root here;
                // the reference computes it this way and we keep its order.
                _ => s / (half * sigma_t + p.lambda2).sqrt(),
            };
            let nz = s != T::zero();
            bad |= (nz && !w.is_finite()) as u8 * NO_MIN;
            // The reference skips s = 0; adding +0 to acc >= +0 is the same.
            buf[j - lo] = if nz { w * w } else { T::zero() };
        }
        // Index order, as the reference's accumulation.
        for &v in &buf[..hi - lo] {
            acc = acc + v;
        }
        lo = hi;
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
        let nz = num != T::zero();
        // NaN-aware on purpose: a NaN denominator also has no minimiser.
        let curved = denom > T::zero();
        bad |= (nz && !curved) as u8 * NO_MIN;
        let xj = if nz { num / denom } else { T::zero() };
        bad |= (!xj.is_finite()) as u8 * BAD_X;
        x[j] = xj;
    }
    bad
}
