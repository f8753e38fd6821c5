//! Every bound of Section 3 as a function of a recorded run and a comparator.
//!
//! Norm conventions (\[Thm3\], Appendix C): `h_t` is 1-strongly convex w.r.t.
//! `||.||_{sigma_t}` with `sigma_t = sqrt(V_t)/alpha_t` (t >= 1) and `h_0`
//! w.r.t. `||.||_2`, so the dual norms are `||m||^2_{h_t^*} = sum_i m_i^2 /
//! sigma_{t,i}` and `||m||^2_{h_0^*} = ||m||_2^2`. \[Lem2\] instead uses
//! `alpha_t (delta^2 I + V_t)^{-1/2}` and `alpha_1 ((delta^2+1) I)^{-1/2}` for t = 0.

use super::record::Run;

/// Constants of \[Cor1\] measured from the run as the statements define them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// `G = max_t ||g_t||_inf` (also used as `delta`, its smallest allowed value).
    pub g: f64,
    /// `D1 = ||x*||_inf`.
    pub d1: f64,
    /// `D2 = max_t ||x_t - x*||_inf`.
    pub d2: f64,
    /// `kappa = max_{t>=2, i} V_{t-1,i}/V_{t,i}` (smallest kappa with `kappa V_t >= V_{t-1}`).
    pub kappa: f64,
    /// `nu = max(gamma, kappa)` in case 2 of \[Lem1\], `gamma` in case 1 (eta = 1).
    pub nu: f64,
    /// `alpha` (= `alpha_1`; \[Lem1\] assumes `alpha_t = alpha`).
    pub alpha: f64,
    /// Dimension d.
    pub d: usize,
}

/// All bound quantities at horizon T.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// T.
    pub t: usize,
    /// `R_T = sum_t f_t(x_t) - sum_t f_t(x*)` \[Eq:7\].
    pub regret: f64,
    /// `Psi_T(x*)` with `A_T = sigma_T/2 + lambda2` \[Eq:5\].
    pub psi: f64,
    /// `h_T(x*) = sum_t (1/(2 alpha_t)) ||Q_t^{1/2}(x* - x_t)||^2`.
    pub h: f64,
    /// `(1/2) sum_t ||m_t||^2_{h*_{t-1}}` with Theorem 3's norms.
    pub dual_thm3: f64,
    /// The same with Lemma 2's norms (`delta = G`).
    pub dual_lem2: f64,
    /// The corrected t = 1 term: `(1/2) ||m_1||^2_{sigma_1^{-1}} + (1/2) sum_{t>=2} ||m_t||^2_{h*_{t-1}}` (erratum E9a).
    pub dual_corrected: f64,
    /// Eq. (14) with Theorem 3's norms: `psi + h + dual_thm3`.
    pub eq14_thm3: f64,
    /// Eq. (14) with Lemma 2's norms.
    pub eq14_lem2: f64,
    /// Corrected Eq. (14): `psi + h + dual_corrected`.
    pub eq14_corrected: f64,
    /// LHS of Eq. (16): `sum_t alpha sum_i m_{t,i}^2 / sqrt(V_{t,i})`.
    pub lem1_lhs: f64,
    /// RHS of Eq. (16)/(19): `2 alpha/(1-nu) sum_i ||M_{T,i}||_2`.
    pub lem1_rhs: f64,
    /// LHS of Eq. (19): `sum_t ||m_t||^2_{h*_{t-1}}` with Lemma 2's norms.
    pub lem2_lhs: f64,
    /// Eq. (20) (= Eq. (21), printed identically) with the measured constants.
    pub eq20: f64,
    /// The constants used.
    pub measured: Measured,
}

fn quad_over(m: &[f64], w: &[f64]) -> f64 {
    // sum m_i^2 / w_i; a zero weight with m_i != 0 gives +inf (unbounded dual norm).
    let mut s = 0.0;
    for (mi, wi) in m.iter().zip(w) {
        if *mi != 0.0 {
            s += mi * mi / wi;
        }
    }
    s
}

/// Computes every bound at horizon `t` (1 <= t <= run length) for the
/// comparator `x_star` with `sum_{s<=t} f_s(x*) = opt`. `gamma`, `eta` are the
/// rule's constants in (13), (15) (pass `eta = 1` for Adagrad).
pub fn bounds(run: &Run, t: usize, x_star: &[f64], opt: f64, gamma: f64, eta: f64) -> Bounds {
    let r = &run.rounds[..t];
    let n = x_star.len();
    let lam = run.penalty;
    let regret = r.iter().map(|k| k.loss).sum::<f64>() - opt;
    let a_t: Vec<f64> = r[t - 1]
        .state
        .sigma_t
        .iter()
        .map(|s| 0.5 * s + lam.lambda2)
        .collect();
    let psi = lam.value(&run.groups, &a_t, x_star);
    let mut h = 0.0;
    for k in r {
        for i in 0..n {
            let d = x_star[i] - k.x_t[i];
            h += 0.5 * k.q_over_alpha_t[i] * d * d;
        }
    }
    let g = r
        .iter()
        .flat_map(|k| k.g_t.iter())
        .fold(0.0f64, |a, b| a.max(b.abs()));
    let delta = g;
    let mut dual_thm3 = 0.0;
    let mut dual_lem2 = 0.0;
    let mut dual_corr = 0.0;
    let mut lem1_lhs = 0.0;
    for (idx, k) in r.iter().enumerate() {
        if idx == 0 {
            dual_thm3 += k.state.m_t.iter().map(|v| v * v).sum::<f64>();
            dual_lem2 += k.alpha_t / (delta * delta + 1.0).sqrt()
                * k.state.m_t.iter().map(|v| v * v).sum::<f64>();
            dual_corr += quad_over(&k.state.m_t, &k.q_over_alpha_t);
        } else {
            let prev = &r[idx - 1];
            let q = quad_over(&k.state.m_t, &prev.state.sigma_t);
            dual_thm3 += q;
            dual_corr += q;
            let w: Vec<f64> = prev
                .state
                .v_t
                .iter()
                .map(|v| (delta * delta + v).sqrt() / k.alpha_t)
                .collect();
            dual_lem2 += quad_over(&k.state.m_t, &w);
        }
        let w: Vec<f64> = k.state.v_t.iter().map(|v| v.sqrt()).collect();
        lem1_lhs += k.alpha_t * quad_over(&k.state.m_t, &w);
    }
    let mut kappa = 0.0f64;
    for w in r.windows(2) {
        for i in 0..n {
            let ratio = if w[1].state.v_t[i] > 0.0 {
                w[0].state.v_t[i] / w[1].state.v_t[i]
            } else if w[0].state.v_t[i] > 0.0 {
                f64::INFINITY
            } else {
                0.0
            };
            kappa = kappa.max(ratio);
        }
    }
    let nu = if eta == 1.0 { gamma } else { gamma.max(kappa) };
    let alpha = r[0].alpha_t;
    let mut mnorm = 0.0;
    for i in 0..n {
        mnorm += r
            .iter()
            .map(|k| k.state.m_t[i] * k.state.m_t[i])
            .sum::<f64>()
            .sqrt();
    }
    let lem1_rhs = 2.0 * alpha / (1.0 - nu) * mnorm;
    let d1 = x_star.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    let d2 = r.iter().fold(0.0f64, |a, k| {
        k.x_t
            .iter()
            .zip(x_star)
            .fold(a, |a, (x, y)| a.max((x - y).abs()))
    });
    let d = n as f64;
    let st = (t as f64).sqrt();
    let eq20 = d
        * d1
        * (lam.lambda1
            + lam.lambda21 * (st * g / (2.0 * alpha) + lam.lambda2).sqrt()
            + lam.lambda2 * d1)
        + d * g * (d2 * d2 / (2.0 * alpha) + alpha / ((1.0 - nu) * (1.0 - nu))) * st;
    Bounds {
        t,
        regret,
        psi,
        h,
        dual_thm3: 0.5 * dual_thm3,
        dual_lem2: 0.5 * dual_lem2,
        dual_corrected: 0.5 * dual_corr,
        eq14_thm3: psi + h + 0.5 * dual_thm3,
        eq14_lem2: psi + h + 0.5 * dual_lem2,
        eq14_corrected: psi + h + 0.5 * dual_corr,
        lem1_lhs,
        lem1_rhs,
        lem2_lhs: dual_lem2,
        eq20,
        measured: Measured {
            g,
            d1,
            d2,
            kappa,
            nu,
            alpha,
            d: n,
        },
    }
}
