//! The one-pass kernel over one row (one group of width d) \[Alg1:L4-10\].
//!
//! Written so that LLVM vectorises the per-coordinate work: no data-dependent
//! branches (selects only), the threshold kind is a const generic, and the
//! one serial piece, the row's sum of squares in index order, is a separate
//! short loop over a stack buffer (rows are independent, so the out-of-order
//! core overlaps that add chain with the next row's vector work).

use super::slab::Slab;
use super::{FusedRule, Real};

/// The penalty as the kernel needs it, in `T`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowParams<T> {
    pub lambda1: T,
    pub lambda2: T,
    /// `2 lambda2` as the reference rounds it (`2.0 * lambda2`).
    pub two_lambda2: T,
    /// `sqrt(d) lambda21` \[Alg1:L10\].
    pub c: T,
}

/// `Threshold::S` as a const generic.
pub(crate) const TH_S: u8 = 0;
/// `Threshold::STildePrinted`.
pub(crate) const TH_PRINTED: u8 = 1;
/// `Threshold::STildeExact`.
pub(crate) const TH_EXACT: u8 = 2;

/// Eq. (9) / \[Alg1:L8\] without branches, as `clamp(z, -lambda1, lambda1) - z`.
///
/// Bit-identical to [`crate::prox::soft_threshold`] wherever it matters:
/// for `|z| > lambda1` the clamp is `copysign(lambda1, z)`, so the result is
/// `lambda1 - z` (z > 0) or `-lambda1 - z` (z < 0), the reference's operands
/// and rounding; for `|z| <= lambda1` it is `z - z = +0`, except that
/// `lambda1 = 0, z = +-0` gives `-0` where the reference has `+0`, which no
/// output can see (`w^2 = +0` either way, and `x = 0` is written as `+0`
/// because `factor * s == 0`). A NaN `z` gives NaN, `+-inf` gives `-+inf`,
/// as before. Each select is the `a < b ? a : b` shape that x86 `minpd`/
/// `maxpd` implement in one instruction (3 instructions instead of 7).
#[inline(always)]
pub(crate) fn soft<T: Real>(z: T, lambda1: T) -> T {
    let hi = if z < lambda1 { z } else { lambda1 };
    let neg = -lambda1;
    let c = if hi > neg { hi } else { neg };
    c - z
}

/// Row status bits returned by [`row`]: 0 = fine.
pub(crate) const BAD_Z: u8 = 1;
/// `x` overflowed.
pub(crate) const BAD_X: u8 = 2;
/// A coordinate has `s != 0` with zero curvature (`sigma + 2 lambda2 = 0`)
/// or a non-finite weighted entry: Eq. (6) has no minimiser.
pub(crate) const NO_MIN: u8 = 4;

/// Chunk of a row processed per stack buffer.
pub(crate) const CHUNK: usize = 64;

/// One fused step of one row: reads `g, x, z, sigma_{t-1}` and the moments,
/// writes `x_{t+1}, z_t, sigma_t` and the moments. Sweep 1: lines 4-8 and the
/// squared weighted entries into a stack buffer; sum in index order; sweep 2
/// (the row is in L1): line 10, with `s` recomputed from the stored `z`.
#[inline(always)]
pub(crate) fn row<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    mut s: Slab<'_, T>,
) -> u8 {
    let d = s.len();
    let mut acc = T::zero();
    let mut buf = [T::zero(); CHUNK];
    // `s` of a chunk; a row longer than CHUNK recomputes it in sweep 2.
    let mut sb = [T::zero(); CHUNK];
    let mut lo = 0;
    while lo < d {
        let hi = (lo + CHUNK).min(d);
        fill::<T, R, TH>(
            sc,
            p,
            s.sub(lo..hi),
            &mut buf[..hi - lo],
            &mut sb[..hi - lo],
        );
        // Index order, as the reference's accumulation.
        for &v in &buf[..hi - lo] {
            acc = acc + v;
        }
        lo = hi;
    }
    if d <= CHUNK {
        finish::<T, TH, false>(p, acc, s.x, &sb[..d], s.sigma)
    } else {
        finish::<T, TH, true>(p, acc, s.x, s.z, s.sigma)
    }
}

/// Rows processed together by [`fill4`] and [`finish4`].
pub(crate) const RB: usize = 4;

/// Sweep 1 and the row sums of `RB` consecutive rows of width `d <= CHUNK`
/// (slices of length `RB d`); [`finish4`] completes them. Together they are
/// [`row`] on each of the `RB` rows; only the schedule differs:
///
/// * each row's sum is still `((0 + b_0) + b_1) + ...` in index order (so
///   the bits are those of [`row`]), but the `RB` independent add chains are
///   interleaved, so the adder's latency (about 3-4 cycles per add, i.e. 64
///   cycles per row of 16 when one chain runs alone) is paid once per `RB`
///   rows;
/// * the caller runs [`finish4`] of block k-1 *after* `fill4` of block k
///   (software pipelining): the latency chain sum -> root -> factor of a
///   block then resolves while the next block is computed, instead of
///   stalling the hundreds of sweep-2 instructions that depend on it.
#[inline(always)]
pub(crate) fn fill4<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    d: usize,
    mut s: Slab<'_, T>,
    buf: &mut [[T; CHUNK]; RB],
    sbuf: &mut [[T; CHUNK]; RB],
) -> [T; RB] {
    debug_assert!(d <= CHUNK && s.len() == RB * d);
    for (r, (b, sb)) in buf.iter_mut().zip(sbuf.iter_mut()).enumerate() {
        fill::<T, R, TH>(sc, p, s.sub(r * d..(r + 1) * d), &mut b[..d], &mut sb[..d]);
    }
    let mut acc = [T::zero(); RB];
    for j in 0..d {
        for r in 0..RB {
            acc[r] = acc[r] + buf[r][j];
        }
    }
    acc
}

/// Sweep 2 of the `RB` rows whose sums and `s` [`fill4`] returned.
#[inline(always)]
pub(crate) fn finish4<T: Real, const TH: u8>(
    p: &RowParams<T>,
    d: usize,
    acc: &[T; RB],
    sbuf: &[[T; CHUNK]; RB],
    x: &mut [T],
    sigma: &[T],
) -> u8 {
    let mut bad = 0u8;
    for (r, (&a_r, sb)) in acc.iter().zip(sbuf).enumerate() {
        let a = r * d..(r + 1) * d;
        bad |= finish::<T, TH, false>(p, a_r, &mut x[a.clone()], &sb[..d], &sigma[a]);
    }
    bad
}

/// Sweep 1 (\[Alg1:L4-8\]) over a piece of a row (length `<= CHUNK`): updates
/// the state and writes the squared weighted entries to `buf`.
#[inline(always)]
fn fill<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    mut s: Slab<'_, T>,
    buf: &mut [T],
    sb: &mut [T],
) {
    let len = buf.len();
    let sb = &mut sb[..len];
    let Slab {
        g,
        x,
        z,
        sigma,
        m1,
        m2,
    } = s.sub(0..len);
    let half = T::of(0.5);
    // Fixed-width lanes: a `[T; LANES]` body has a trip count known at
    // compile time, so LLVM emits straight vector code (a loop over the
    // row with d = 16 fell through to the scalar remainder loop).
    let mut j = 0;
    while j + LANES <= len {
        let gl: &[T; LANES] = lane(g, j);
        let xl: &[T; LANES] = lane(x, j);
        let zl: &mut [T; LANES] = lane_mut(z, j);
        let sl: &mut [T; LANES] = lane_mut(sigma, j);
        let m1l: &mut [T; LANES] = lane_mut(m1, j);
        let m2l: &mut [T; LANES] = lane_mut(m2, j);
        let bl: &mut [T; LANES] = lane_mut(buf, j);
        let sl2: &mut [T; LANES] = lane_mut(sb, j);
        for k in 0..LANES {
            (bl[k], sl2[k]) = sweep1::<T, R, TH>(
                sc,
                p,
                half,
                gl[k],
                xl[k],
                &mut zl[k],
                &mut sl[k],
                &mut m1l[k],
                &mut m2l[k],
            );
        }
        j += LANES;
    }
    for j in j..len {
        (buf[j], sb[j]) = sweep1::<T, R, TH>(
            sc,
            p,
            half,
            g[j],
            x[j],
            &mut z[j],
            &mut sigma[j],
            &mut m1[j],
            &mut m2[j],
        );
    }
}

/// The row's factor and sweep 2 (\[Alg1:L10\]) from the row's sum `acc`.
/// `src` is `s_t` as sweep 1 computed it (`FROM_Z = false`), or `z_t`, from
/// which `s_t` is recomputed with the same operations (`FROM_Z = true`):
/// the same bits either way.
#[inline(always)]
fn finish<T: Real, const TH: u8, const FROM_Z: bool>(
    p: &RowParams<T>,
    acc: T,
    x: &mut [T],
    src: &[T],
    sigma: &[T],
) -> u8 {
    let d = x.len();
    let (src, sigma) = (&src[..d], &sigma[..d]);
    let s_of = |v: T| if FROM_Z { soft(v, p.lambda1) } else { v };
    let mut bad = 0u8;
    if !acc.is_finite() {
        bad |= diagnose_sweep1::<T, TH, FROM_Z>(p, src, sigma);
    }
    // [Alg1:L10], same tie rule as `prox::group_factor`, and the same
    // numerical policy as the reference: with c = 0 (no group term) the
    // factor is 1, not "norm <= 0", which would zero a row whose squares
    // underflow (|s_i| < ~1e-162; found by the `fused_structured` fuzzer).
    let norm = acc.sqrt();
    let factor = if p.c == T::zero() {
        T::one()
    } else if norm <= p.c {
        T::zero()
    } else {
        T::one() - p.c / norm
    };
    // One flag, `x_j` non-finite, covers both failures of sweep 2: with
    // `num != 0`, a zero denominator gives +-inf, a NaN one NaN (a negative
    // one cannot occur: sigma_t >= 0 for every rule, lambda2 >= 0), and an
    // overflow gives +-inf. The cold re-scan names which. The flag is kept
    // per lane as `chk += x_j * 0`: exactly +-0 while every `x_j` is finite,
    // NaN from the first non-finite one on (`inf * 0` and `NaN * 0` are NaN;
    // a multiply and an add per vector instead of a mask reduction).
    let mut chk = [T::zero(); LANES];
    let mut j = 0;
    while j + LANES <= d {
        let ql: &[T; LANES] = lane(src, j);
        let sl: &[T; LANES] = lane(sigma, j);
        let xl: &mut [T; LANES] = lane_mut(x, j);
        for k in 0..LANES {
            let xj = sweep2(p, factor, s_of(ql[k]), sl[k]);
            chk[k] = chk[k] + xj * T::zero();
            xl[k] = xj;
        }
        j += LANES;
    }
    let mut xbad = chk.iter().any(|c| *c != T::zero());
    for j in j..d {
        let xj = sweep2(p, factor, s_of(src[j]), sigma[j]);
        xbad |= !xj.is_finite();
        x[j] = xj;
    }
    if xbad {
        bad |= diagnose_sweep2::<T, FROM_Z>(p, factor, src, sigma);
    }
    bad
}

/// Lane width of the fixed-size inner loops (8 f32 or 4+4 f64 per AVX2
/// register pass; 2-4 SSE2 registers).
const LANES: usize = 8;

/// `&v[j..j + LANES]` as an array (the callers guarantee `j + LANES <= len`).
#[inline(always)]
fn lane<T>(v: &[T], j: usize) -> &[T; LANES] {
    v[j..j + LANES].try_into().expect("lane within the row")
}

/// Mutable [`lane`].
#[inline(always)]
fn lane_mut<T>(v: &mut [T], j: usize) -> &mut [T; LANES] {
    (&mut v[j..j + LANES])
        .try_into()
        .expect("lane within the row")
}

/// Lines 4-8 of one coordinate; returns the squared weighted entry (or +0
/// for `s = 0`, which the reference skips: adding +0 to `acc >= +0` is exact).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn sweep1<T: Real, R: FusedRule<T>, const TH: u8>(
    sc: &R::Scalars,
    p: &RowParams<T>,
    half: T,
    g: T,
    x: T,
    z: &mut T,
    sigma: &mut T,
    m1: &mut T,
    m2: &mut T,
) -> (T, T) {
    // [Alg1:L4]
    let (m, sigma_t) = R::coord(sc, g, m1, m2);
    // [Alg1:L5] Q_t/alpha_t = sigma_t - sigma_{t-1}; [Alg1:L6]
    let q = sigma_t - *sigma;
    let zj = *z + m - q * x;
    *z = zj;
    *sigma = sigma_t;
    // [Alg1:L8]
    let s = soft(zj, p.lambda1);
    let w = weighted::<T, TH>(s, sigma_t, half, p.lambda2);
    // With `TH_S`, `w = s` and `s = +0` gives `w w = +0` already (`soft`
    // returns +0, never -0), so the select is needed only when `w` divides.
    let w2 = if TH == TH_S || s != T::zero() {
        w * w
    } else {
        T::zero()
    };
    (w2, s)
}

/// \[Alg1:L10\] for one coordinate: `x = factor s / (sigma + 2 lambda2)`;
/// exactly 0 when the numerator is.
#[inline(always)]
fn sweep2<T: Real>(p: &RowParams<T>, factor: T, s: T, sigma: T) -> T {
    let denom = sigma + p.two_lambda2;
    let num = factor * s;
    if num != T::zero() {
        num / denom
    } else {
        T::zero()
    }
}

/// The weighted entry whose norm is thresholded \[Alg1:L10\]: `s` (Algorithm
/// 1), `A^{-1} s` (printed Eq. 10) or `A^{-1/2} s` (erratum E1), with
/// `A = sigma/2 + lambda2`.
#[inline(always)]
fn weighted<T: Real, const TH: u8>(s: T, sigma_t: T, half: T, lambda2: T) -> T {
    match TH {
        TH_S => s,
        TH_PRINTED => s / (half * sigma_t + lambda2),
        // The corrected s~ (erratum E1) costs a second root here;
        // the reference computes it this way and we keep its order.
        // (TH is a u8 const generic: TH_EXACT and, unreachably, any other.)
        _ => s / (half * sigma_t + lambda2).sqrt(),
    }
}

/// Cold path of sweep 1: which failure made the row's sum non-finite.
#[cold]
#[inline(never)]
fn diagnose_sweep1<T: Real, const TH: u8, const FROM_Z: bool>(
    p: &RowParams<T>,
    src: &[T],
    sigma: &[T],
) -> u8 {
    let half = T::of(0.5);
    let mut bad = 0u8;
    for (&v, &sj) in src.iter().zip(sigma) {
        // A non-finite z_j gives a non-finite s_j (soft of +-inf is -+inf,
        // of NaN NaN) and conversely. It is an overflow of z, not a missing
        // minimiser (the reference reports the overflow first).
        if !v.is_finite() {
            bad |= BAD_Z;
            continue;
        }
        let s = if FROM_Z { soft(v, p.lambda1) } else { v };
        if s != T::zero() && !weighted::<T, TH>(s, sj, half, p.lambda2).is_finite() {
            bad |= NO_MIN;
        }
    }
    bad
}

/// Cold path of sweep 2: a zero (or NaN) curvature under `s != 0` is "no
/// minimiser", anything else an overflow of x.
#[cold]
#[inline(never)]
fn diagnose_sweep2<T: Real, const FROM_Z: bool>(
    p: &RowParams<T>,
    factor: T,
    src: &[T],
    sigma: &[T],
) -> u8 {
    let mut bad = 0u8;
    for (&v, &sj) in src.iter().zip(sigma) {
        let s = if FROM_Z { soft(v, p.lambda1) } else { v };
        let num = factor * s;
        let denom = sj + p.two_lambda2;
        if num != T::zero() {
            // NaN-aware on purpose: a NaN denominator has no minimiser either.
            let curved = denom > T::zero();
            if !curved {
                bad |= NO_MIN;
            } else if !(num / denom).is_finite() {
                bad |= BAD_X;
            }
        }
    }
    bad
}
