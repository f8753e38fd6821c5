//! The rules of Table 1 in fused form, each mirroring the operation order of
//! its reference in `src/rules/` (so the `f64` results are bit-identical).

use super::{FusedRule, Real};
use crate::error::{check_param, Result};

/// Group Adam, `AdamForm::PaperV1` \[Alg2\] or `AdamForm::Table1` \[Tab1:Adam\].
///
/// Moments: `m1 = m^_t`, `m2 = V^_t` (un-corrected EMAs). PaperV1:
/// `m_t = m^_t/(1-beta1^t)`, root `sqrt(V^_t/(1-beta2^t)) + eps`,
/// `alpha_t = alpha`. Table1: `m_t = m^_t`, root `sqrt(V^_t) + eps`,
/// `alpha_t = alpha sqrt(1-beta2^t)/(1-beta1^t)`.
///
/// The form is a const generic (`TABLE1`) so that the per-coordinate code has
/// no run-time branch on it and vectorises.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedAdam<const TABLE1: bool = false> {
    alpha: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
    b1t: f64,
    b2t: f64,
}

impl FusedAdam<false> {
    /// Paper v1 Group Adam (bias-corrected m and V, `alpha_t = alpha`) \[Alg2\].
    pub fn paper_v1(alpha: f64, beta1: f64, beta2: f64, eps: f64) -> Result<Self> {
        Self::new(alpha, beta1, beta2, eps)
    }
}

impl FusedAdam<true> {
    /// Table 1 Adam (un-corrected moments, corrected step size) \[Tab1:Adam\].
    pub fn table1(alpha: f64, beta1: f64, beta2: f64, eps: f64) -> Result<Self> {
        Self::new(alpha, beta1, beta2, eps)
    }
}

impl<const TABLE1: bool> FusedAdam<TABLE1> {
    fn new(alpha: f64, beta1: f64, beta2: f64, eps: f64) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Tab1:Adam]")?;
        check_param(
            "beta1",
            beta1,
            (0.0..1.0).contains(&beta1),
            "beta1 must lie in [0, 1) [Tab1:Adam]",
        )?;
        check_param(
            "beta2",
            beta2,
            (0.0..1.0).contains(&beta2),
            "beta2 must lie in [0, 1) [Tab1:Adam]",
        )?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0 [Alg2]")?;
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

/// Per-step scalars of [`FusedAdam`].
#[derive(Debug, Clone, Copy)]
pub struct AdamScalars<T> {
    b1: T,
    c1: T,
    b2: T,
    c2: T,
    bc1: T,
    bc2: T,
    eps: T,
    alpha_t: T,
}

impl<T: Real, const TABLE1: bool> FusedRule<T> for FusedAdam<TABLE1> {
    const MOMENTS: usize = 2;
    const NAME: &'static str = "adam";
    type Scalars = AdamScalars<T>;
    fn begin_step(&mut self) -> AdamScalars<T> {
        // Running products for beta^t, as the reference (no powi).
        self.b1t *= self.beta1;
        self.b2t *= self.beta2;
        let bc1 = 1.0 - self.b1t;
        let bc2 = 1.0 - self.b2t;
        let alpha_t = if TABLE1 {
            self.alpha * bc2.sqrt() / bc1
        } else {
            self.alpha
        };
        AdamScalars {
            b1: T::of(self.beta1),
            c1: T::of(1.0 - self.beta1),
            b2: T::of(self.beta2),
            c2: T::of(1.0 - self.beta2),
            bc1: T::of(bc1),
            bc2: T::of(bc2),
            eps: T::of(self.eps),
            alpha_t: T::of(alpha_t),
        }
    }
    #[inline(always)]
    fn coord(sc: &AdamScalars<T>, g: T, m1: &mut T, m2: &mut T) -> (T, T) {
        // [Alg2:L4], [Alg2:L6]
        *m1 = sc.b1 * *m1 + sc.c1 * g;
        *m2 = sc.b2 * *m2 + sc.c2 * (g * g);
        if TABLE1 {
            (*m1, (m2.sqrt() + sc.eps) / sc.alpha_t)
        } else {
            // [Alg2:L5], [Alg2:L7]: the one root of this coordinate.
            (*m1 / sc.bc1, ((*m2 / sc.bc2).sqrt() + sc.eps) / sc.alpha_t)
        }
    }
}

/// Group Adagrad, `AdagradForm::PaperAlg3`: `m_t = g_t`, `V_1 = g_1^2 + eps`,
/// `V_t = V_{t-1} + g_t^2`, `alpha_t = alpha` \[Alg3\]. Moment `m1 = V_t`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedAdagrad {
    alpha: f64,
    eps: f64,
    t: u64,
}

impl FusedAdagrad {
    /// `alpha > 0`, `eps >= 0` \[Alg3\].
    pub fn paper_alg3(alpha: f64, eps: f64) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Alg3]")?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0 [Alg3]")?;
        Ok(Self { alpha, eps, t: 0 })
    }
}

/// Per-step scalars of [`FusedAdagrad`].
#[derive(Debug, Clone, Copy)]
pub struct AdagradScalars<T> {
    add: T,
    alpha: T,
}

impl<T: Real> FusedRule<T> for FusedAdagrad {
    const MOMENTS: usize = 1;
    const NAME: &'static str = "adagrad";
    type Scalars = AdagradScalars<T>;
    fn begin_step(&mut self) -> AdagradScalars<T> {
        self.t += 1;
        AdagradScalars {
            // [Alg3:L5] eps is added once, to V_1.
            add: T::of(if self.t == 1 { self.eps } else { 0.0 }),
            alpha: T::of(self.alpha),
        }
    }
    #[inline(always)]
    fn coord(sc: &AdagradScalars<T>, g: T, m1: &mut T, _m2: &mut T) -> (T, T) {
        *m1 = *m1 + g * g + sc.add;
        (g, m1.sqrt() / sc.alpha)
    }
}

/// Momentum \[Tab1:Momentum\] (`m_t = gamma m_{t-1} + g_t`, `V_t = I`,
/// `alpha_t = alpha`) or SGD \[Tab1:SGD\] (`gamma = 0` path with
/// `alpha_t = alpha/sqrt(t)` or constant). Moment `m1 = m_t` (Momentum only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedMomentum {
    alpha: f64,
    gamma: f64,
    /// `None` for Momentum; `Some(inv_sqrt_t)` for SGD.
    sgd: Option<bool>,
    t: u64,
}

impl FusedMomentum {
    /// Heavy-ball momentum, `gamma` in `[0, 1)` \[Tab1:Momentum\].
    pub fn momentum(alpha: f64, gamma: f64) -> Result<Self> {
        check_param(
            "alpha",
            alpha,
            alpha > 0.0,
            "alpha must be > 0 [Tab1:Momentum]",
        )?;
        check_param(
            "gamma",
            gamma,
            (0.0..1.0).contains(&gamma),
            "gamma must lie in [0, 1) [Tab1:Momentum]",
        )?;
        Ok(Self {
            alpha,
            gamma,
            sgd: None,
            t: 0,
        })
    }
    /// SGD: `m_t = g_t`, `alpha_t = alpha/sqrt(t)` (`inv_sqrt_t`) or `alpha`
    /// \[Tab1:SGD\].
    pub fn sgd(alpha: f64, inv_sqrt_t: bool) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Tab1:SGD]")?;
        Ok(Self {
            alpha,
            gamma: 0.0,
            sgd: Some(inv_sqrt_t),
            t: 0,
        })
    }
}

/// Per-step scalars of [`FusedMomentum`].
#[derive(Debug, Clone, Copy)]
pub struct MomentumScalars<T> {
    gamma: T,
    sigma: T,
    use_m: bool,
}

impl<T: Real> FusedRule<T> for FusedMomentum {
    const MOMENTS: usize = 1;
    const NAME: &'static str = "momentum";
    type Scalars = MomentumScalars<T>;
    fn begin_step(&mut self) -> MomentumScalars<T> {
        self.t += 1;
        let alpha_t = if self.sgd == Some(true) {
            self.alpha / (self.t as f64).sqrt()
        } else {
            self.alpha
        };
        MomentumScalars {
            gamma: T::of(self.gamma),
            // sqrt(V_t) = 1: sigma_t = 1/alpha_t, the same for every coordinate.
            sigma: T::of(1.0 / alpha_t),
            use_m: self.sgd.is_none(),
        }
    }
    #[inline(always)]
    fn coord(sc: &MomentumScalars<T>, g: T, m1: &mut T, _m2: &mut T) -> (T, T) {
        if sc.use_m {
            *m1 = sc.gamma * *m1 + g;
            (*m1, sc.sigma)
        } else {
            (g, sc.sigma)
        }
    }
}

/// AMSGrad, `AmsGradForm::Table1` \[Tab1:AMSGrad\]: `m_t = m^_t`,
/// `V_t = max(V_{t-1}, beta2 V_{t-1} + (1-beta2) g_t^2)`, root
/// `sqrt(V_t) + eps`, `alpha_t = alpha sqrt(1-beta2^t)/(1-beta1^t)`.
/// Moments `m1 = m^_t`, `m2 = V_t`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FusedAmsGrad {
    inner: FusedAdam<true>,
}

impl FusedAmsGrad {
    /// `alpha > 0`, `beta1, beta2` in `[0, 1)`, `eps >= 0` \[Tab1:AMSGrad\].
    pub fn table1(alpha: f64, beta1: f64, beta2: f64, eps: f64) -> Result<Self> {
        Ok(Self {
            inner: FusedAdam::table1(alpha, beta1, beta2, eps)?,
        })
    }
}

impl<T: Real> FusedRule<T> for FusedAmsGrad {
    const MOMENTS: usize = 2;
    const NAME: &'static str = "amsgrad";
    type Scalars = AdamScalars<T>;
    fn begin_step(&mut self) -> AdamScalars<T> {
        <FusedAdam<true> as FusedRule<T>>::begin_step(&mut self.inner)
    }
    #[inline(always)]
    fn coord(sc: &AdamScalars<T>, g: T, m1: &mut T, m2: &mut T) -> (T, T) {
        *m1 = sc.b1 * *m1 + sc.c1 * g;
        let g2 = g * g;
        let cand = sc.b2 * *m2 + sc.c2 * g2;
        *m2 = m2.max(cand);
        (*m1, (m2.sqrt() + sc.eps) / sc.alpha_t)
    }
}
