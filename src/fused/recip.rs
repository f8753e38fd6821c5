//! Group Adam (paper v1 semantics) with reciprocal per-step scalars: the
//! opt-in fast form. Not bit-identical to the reference; ULP bound below.

use super::{FusedRule, Real};
use crate::error::Result;

/// Group Adam, `AdamForm::PaperV1` semantics \[Alg2\], with the three
/// per-step divisions (`m^/(1-beta1^t)`, `V^/(1-beta2^t)`, `root/alpha`)
/// replaced by multiplications with reciprocals computed once per step.
///
/// ULP bound against [`super::FusedAdam`] (= the reference) from equal
/// states, u = unit roundoff: `m_t` differs by at most 3u relative (fast:
/// 2u + u^2 from the rounded reciprocal and the product; reference: u), i.e.
/// at most 3 ulp; `sigma_t` by at most 8.5u relative (fast: 2u product,
/// halved by the root, + u root + u eps-sum + 2u final product = 5u;
/// reference 3.5u), i.e. at most 9 ulp. Checked by
/// `tests/fused_recip.rs`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedAdamRecip {
    alpha: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    b1t: f64,
    b2t: f64,
}

impl FusedAdamRecip {
    /// `alpha > 0`, `beta1, beta2` in `[0, 1)`, `eps >= 0` \[Tab1:Adam\].
    pub fn paper_v1(alpha: f64, beta1: f64, beta2: f64, eps: f64) -> Result<Self> {
        // Validation shared with the exact form.
        super::FusedAdam::paper_v1(alpha, beta1, beta2, eps)?;
        Ok(Self {
            alpha,
            beta1,
            beta2,
            eps,
            b1t: 1.0,
            b2t: 1.0,
        })
    }
}

/// Per-step scalars of [`FusedAdamRecip`].
#[derive(Debug, Clone, Copy)]
pub struct RecipScalars<T> {
    b1: T,
    c1: T,
    b2: T,
    c2: T,
    inv_bc1: T,
    inv_bc2: T,
    eps: T,
    inv_alpha: T,
}

impl<T: Real> FusedRule<T> for FusedAdamRecip {
    const MOMENTS: usize = 2;
    const NAME: &'static str = "adam-recip";
    type Scalars = RecipScalars<T>;
    fn begin_step(&mut self) -> RecipScalars<T> {
        self.b1t *= self.beta1;
        self.b2t *= self.beta2;
        // Rounded to T once: fl_T(1/bc) (the bound above is for this).
        RecipScalars {
            b1: T::of(self.beta1),
            c1: T::of(1.0 - self.beta1),
            b2: T::of(self.beta2),
            c2: T::of(1.0 - self.beta2),
            inv_bc1: T::one() / T::of(1.0 - self.b1t),
            inv_bc2: T::one() / T::of(1.0 - self.b2t),
            eps: T::of(self.eps),
            inv_alpha: T::one() / T::of(self.alpha),
        }
    }
    #[inline(always)]
    fn coord(sc: &RecipScalars<T>, g: T, m1: &mut T, m2: &mut T) -> (T, T) {
        *m1 = sc.b1 * *m1 + sc.c1 * g;
        *m2 = sc.b2 * *m2 + sc.c2 * (g * g);
        (
            *m1 * sc.inv_bc1,
            ((*m2 * sc.inv_bc2).sqrt() + sc.eps) * sc.inv_alpha,
        )
    }
}

/// Group Adagrad, `AdagradForm::PaperAlg3` semantics \[Alg3\], with the one
/// per-step division `sqrt(V_t)/alpha` replaced by a multiplication with
/// `fl(1/alpha)` computed once per step: the opt-in fast form.
///
/// ULP bound against [`super::FusedAdagrad`] (= the reference) from equal
/// states: `V_t` and `m_t = g_t` are computed identically (bit-equal);
/// `sigma_t` exact form = `sqrt(V)(1+d1)/alpha (1+d2)` (two roundings), fast
/// form = `sqrt(V)(1+d1) (1+d3)/alpha (1+d4)` (the same root, then the
/// rounded reciprocal and the product), so the two differ by at most
/// `(1+u)^2/(1-u) - 1 ~ 3u` relative, i.e. at most 3 ulp (a relative
/// difference `k u` is at most `k` ulp, since one ulp of `y` is at least
/// `u |y|`). Checked by `fused_recip::recip_adagrad_within_ulp_bound_of_exact_per_step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedAdagradRecip {
    alpha: f64,
    eps: f64,
    t: u64,
}

impl FusedAdagradRecip {
    /// `alpha > 0`, `eps >= 0` \[Alg3\].
    pub fn paper_alg3(alpha: f64, eps: f64) -> Result<Self> {
        super::FusedAdagrad::paper_alg3(alpha, eps)?;
        Ok(Self { alpha, eps, t: 0 })
    }
}

/// Per-step scalars of [`FusedAdagradRecip`].
#[derive(Debug, Clone, Copy)]
pub struct AdagradRecipScalars<T> {
    add: T,
    inv_alpha: T,
}

impl<T: Real> FusedRule<T> for FusedAdagradRecip {
    const MOMENTS: usize = 1;
    const NAME: &'static str = "adagrad-recip";
    type Scalars = AdagradRecipScalars<T>;
    fn begin_step(&mut self) -> AdagradRecipScalars<T> {
        self.t += 1;
        AdagradRecipScalars {
            // [Alg3:L5] eps is added once, to V_1.
            add: T::of(if self.t == 1 { self.eps } else { 0.0 }),
            inv_alpha: T::one() / T::of(self.alpha),
        }
    }
    #[inline(always)]
    fn coord(sc: &AdagradRecipScalars<T>, g: T, m1: &mut T, _m2: &mut T) -> (T, T) {
        *m1 = *m1 + g * g + sc.add;
        (g, m1.sqrt() * sc.inv_alpha)
    }
}
