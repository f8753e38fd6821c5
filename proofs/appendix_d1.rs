//! Appendix D.1 (proof of Lemma 1, Eqs. 42-45) as obligations.
//!
//! One coordinate i throughout: `g_t`, `m_t = gamma m_{t-1} + g_t` (Eq. 13,
//! `m_0 = 0`), `sigma_t = eta sigma_{t-1} + g_t^2` (Eq. 15, `sigma_0 = 0`).
//! Square roots (`sqrt(sigma_t)`, `||M_{t,i}||`) appear only in (44); there
//! they are compared through squares or replaced by independent symbols.

#[path = "common/mod.rs"]
mod common;

use common::*;
use num_traits::Signed;

/// `m_1..m_T` from `g` by Eq. (13).
fn moments(g: &[Q], gamma: &Q) -> Vec<Q> {
    let mut m = vec![];
    let mut prev = q0();
    for gt in g {
        prev = gamma * &prev + gt;
        m.push(prev.clone());
    }
    m
}

/// `sigma_1..sigma_T` from `g` by Eq. (15).
fn sigmas(g: &[Q], eta: &Q) -> Vec<Q> {
    let mut v = vec![];
    let mut prev = q0();
    for gt in g {
        prev = eta * &prev + gt * gt;
        v.push(prev.clone());
    }
    v
}

/// `[AppD1:42]` lines 1-3: "sigma_t = g_t^2 + eta sigma_{t-1} = (m_t - gamma m_{t-1})^2 +
/// eta g_{t-1}^2 + eta^2 sigma_{t-2} = sum_s eta^{t-s} (m_s - gamma m_{s-1})^2". Exact identity.
fn obligation_42_expand() -> Status {
    holds(identity(4201, 12, |s| {
        let t = s.int(2, 6) as usize;
        let (gamma, eta) = (s.rat(), s.rat());
        let g = s.vec(t);
        let m = moments(&g, &gamma);
        let sig = sigmas(&g, &eta);
        let mm = |k: usize| if k == 0 { q0() } else { m[k - 1].clone() };
        let ss = |k: usize| if k == 0 { q0() } else { sig[k - 1].clone() };
        let l2 = (mm(t) - &gamma * mm(t - 1)).pow(2)
            + &eta * &g[t - 2] * &g[t - 2]
            + &eta * &eta * ss(t - 2);
        let l3 = (1..=t).fold(q0(), |a, k| {
            a + pow(&eta, t - k) * (mm(k) - &gamma * mm(k - 1)).pow(2)
        });
        let ok = sig[t - 1] == l2;
        (
            l3 + if ok { q0() } else { q1() },
            sig[t - 1].clone(),
            format!("t={t}"),
        )
    }))
}

/// `[AppD1:42]` line 3 -> 4: "(m_s - gamma m_{s-1})^2 >= (1-gamma)(m_s^2 - gamma m_{s-1}^2)"
/// weighted by `eta^{t-s}`. SOS certificate (exact identity):
/// difference `= gamma (m_s - m_{s-1})^2`. So the step needs `gamma >= 0` and
/// `eta >= 0`; Theorem 3 / Lemma 1 state only `gamma < 1`, `eta <= 1`.
/// Counterexample without: eta=1, gamma=-1/2, g=(1,-1/2): sum of squares 5/4 <
/// (1-gamma)(...) = 15/4.
fn obligation_42_sos() -> Status {
    let without = {
        let (gamma, eta) = (q(-1, 2), q1());
        let g = vec![q1(), q(-1, 2)];
        let m = moments(&g, &gamma);
        let lhs = sigmas(&g, &eta)[1].clone();
        let rhs = (&q1() - &gamma) * (&m[0] * &m[0] + &m[1] * &m[1] - &gamma * &m[0] * &m[0]);
        ensure(
            lhs >= rhs,
            "",
            format!("gamma=-1/2, eta=1, g=(1,-1/2): sigma_2 = {lhs} < {rhs}"),
        )
    };
    let cert = identity(4202, 3, |s| {
        let (gamma, a, b) = (s.rat(), s.rat(), s.rat());
        let l = (&a - &gamma * &b).pow(2) - (q1() - &gamma) * (&a * &a - &gamma * &b * &b);
        (l, &gamma * (&a - &b).pow(2), String::new())
    });
    let with = cert.and_then(|c| {
        inequality(4203, cases(), false, |s| {
            let t = s.int(1, 6) as usize;
            let (gamma, eta) = (s.unit(), s.unit());
            let g: Vec<Q> = (0..t).map(|_| s.small()).collect();
            let m = moments(&g, &gamma);
            let mm = |k: usize| if k == 0 { q0() } else { m[k - 1].clone() };
            let rhs = (1..=t).fold(q0(), |a, k| {
                a + pow(&eta, t - k) * (q1() - &gamma) * (mm(k).pow(2) - &gamma * mm(k - 1).pow(2))
            });
            Some((sigmas(&g, &eta)[t - 1].clone(), rhs, format!("t={t}")))
        })
        .map(|h| format!("SOS certificate: {c}; {h}"))
    });
    premise("gamma >= 0 and eta >= 0", without, with)
}

/// `[AppD1:42]` line 4 -> 5: "sum_s eta^{t-s}(1-gamma)(m_s^2 - gamma m_{s-1}^2) =
/// (1-gamma)(m_t^2 + (eta-gamma) sum_{s<t} eta^{t-s-1} m_s^2)" with `m_0 = 0`. Exact identity.
fn obligation_42_rearrange() -> Status {
    holds(identity(4204, 10, |s| {
        let t = s.int(1, 7) as usize;
        let (gamma, eta) = (s.rat(), s.rat());
        let m = s.vec(t);
        let mm = |k: usize| if k == 0 { q0() } else { m[k - 1].clone() };
        let l = (1..=t).fold(q0(), |a, k| {
            a + pow(&eta, t - k) * (q1() - &gamma) * (mm(k).pow(2) - &gamma * mm(k - 1).pow(2))
        });
        let inner = (1..t).fold(q0(), |a, k| a + pow(&eta, t - k - 1) * mm(k).pow(2));
        let r = (q1() - &gamma) * (mm(t).pow(2) + (&eta - &gamma) * inner);
        (l, r, format!("t={t}"))
    }))
}

/// `[AppD1:43]` line 1 -> 2: "(1-gamma)(m_t^2 + (1-gamma) sum_{s<t} m_s^2) > (1-gamma)^2 sum_{s<=t} m_s^2".
/// ERRATUM: the difference is exactly `gamma (1-gamma) m_t^2` (identity), so
/// the strict inequality fails for gamma = 0 (SGD/Adagrad) or m_t = 0
/// (minimal: gamma = 0, m = (1): 1 > 1 is false). Corrected: `>=` for
/// gamma in [0, 1).
fn obligation_43_strict() -> Status {
    let printed = {
        let (gamma, m) = (q0(), q1());
        let l = (q1() - &gamma) * (&m * &m);
        let r = (q1() - &gamma).pow(2) * (&m * &m);
        ensure(l > r, "", format!("gamma=0, m=(1): lhs {l} not > rhs {r}"))
    };
    let fixed = identity(4301, 4, |s| {
        let t = s.int(1, 6) as usize;
        let gamma = s.rat();
        let m = s.vec(t);
        let prev = m[..t - 1].iter().fold(q0(), |a, x| a + x * x);
        let l = (q1() - &gamma) * (&m[t - 1] * &m[t - 1] + (q1() - &gamma) * &prev);
        let r = (q1() - &gamma).pow(2) * (&prev + &m[t - 1] * &m[t - 1]);
        (
            l - r,
            &gamma * (q1() - &gamma) * &m[t - 1] * &m[t - 1],
            String::new(),
        )
    });
    corrected(
        "[AppD1:43] strict '>' (second line)",
        printed,
        fixed.map(|h| format!("difference = gamma(1-gamma)m_t^2 >= 0 for gamma in [0,1): {h}")),
    )
}

/// `[AppD1:43]` line 2 -> 3: "(1-gamma)^2 >= (1-nu)^2" with `nu = max(gamma, kappa) < 1`.
/// Certificate: `(1-gamma)^2 - (1-nu)^2 = (nu-gamma)(2-gamma-nu)`, both
/// factors >= 0 (identity checked exactly; signs from gamma <= nu < 1).
fn obligation_43_nu() -> Status {
    holds(identity(4302, 2, |s| {
        let (gamma, nu) = (s.rat(), s.rat());
        (
            (q1() - &gamma).pow(2) - (q1() - &nu).pow(2),
            (&nu - &gamma) * (qi(2) - &gamma - &nu),
            String::new(),
        )
    }))
}

/// `[AppD1:44]` "sum_t m_t^2/sqrt(sigma_t) < 1/(1-nu) sum_t m_t^2/||M_t||" (case a, eta = 1).
/// ERRATUM: strict fails (minimal: gamma = 0, eta = 1, g = (1), nu = 0:
/// sigma_1 = 1 = ||M_1||^2, both sides 1). Corrected: `<=`, via
/// `sigma_t >= (1-nu)^2 ||M_t||^2` (compared exactly; both roots >= 0) for
/// gamma in [0,1), nu in [gamma,1). (44)'s final strict bound survives when
/// some m_{t,i} != 0, thanks to the slack of the Duchi step.
fn obligation_44_first_step() -> Status {
    let printed = {
        let (g, gamma) = (vec![q1()], q0());
        let m = moments(&g, &gamma);
        let sig = sigmas(&g, &q1());
        let nu = q0();
        // sqrt(sigma) = 1 and ||M|| = 1 exactly here.
        let (l, r) = (&m[0] * &m[0] / q1(), &m[0] * &m[0] / ((q1() - &nu) * q1()));
        ensure(
            l < r || sig[0] != q1(),
            "",
            format!("gamma=0, eta=1, g=(1): lhs {l} not < rhs {r}"),
        )
    };
    let fixed = inequality(4401, cases(), false, |s| {
        let t = s.int(1, 8) as usize;
        let gamma = s.unit();
        let nu = &gamma + (q1() - &gamma) * s.unit();
        let g: Vec<Q> = (0..t).map(|_| s.small()).collect();
        let m = moments(&g, &gamma);
        let sig = sigmas(&g, &q1());
        let mt2 = m.iter().fold(q0(), |a, x| a + x * x);
        Some((
            sig[t - 1].clone(),
            (q1() - &nu).pow(2) * mt2,
            format!("t={t}"),
        ))
    });
    corrected("[AppD1:44] strict '<' in the first step", printed, fixed)
}

/// `[AppD1:44]` Duchi et al. (2011) Appendix C: "sum_t a_t^2/sqrt(sum_{s<=t} a_s^2) <= 2 sqrt(sum_t a_t^2)".
/// Certificate with `r_t = sqrt(S_t)` as symbols (nondecreasing, `r_0 = 0`,
/// `a_t^2 = r_t^2 - r_{t-1}^2`): `2 r_T - sum_t (r_t^2 - r_{t-1}^2)/r_t =
/// sum_t (r_t - r_{t-1})^2 / r_t >= 0`, the rewrite checked as an exact
/// identity; the slack is >= r_1 > 0, so the bound is strict when a != 0.
fn obligation_44_duchi() -> Status {
    holds(identity(4402, 8, |s| {
        let t = s.int(1, 8) as usize;
        let mut r = vec![q0()];
        for _ in 0..t {
            let last = r.last().unwrap().clone();
            r.push(last + s.pos());
        }
        let lhs = (1..=t).fold(q0(), |a, k| {
            a + (&r[k] * &r[k] - &r[k - 1] * &r[k - 1]) / &r[k]
        });
        let slack = (1..=t).fold(q0(), |a, k| a + (&r[k] - &r[k - 1]).pow(2) / &r[k]);
        let ok = slack.is_positive();
        (
            qi(2) * &r[t] - lhs + if ok { q0() } else { q1() },
            slack,
            format!("t={t}"),
        )
    }))
}

/// `[AppD1:45]` case b, first display: "sum_s kappa^{t-s} sigma_s >= sum_s sigma_s". FALSE as
/// printed for kappa < 1 (minimal: kappa = 1/2, sigma = (1, 2): 5/2 < 3).
/// Corrected (what (45) uses): `sigma_t sum_s kappa^{t-s} >= sum_s sigma_s`
/// under `kappa sigma_r >= sigma_{r-1}`, by the exact telescoping identity
/// `kappa^{t-s} sigma_t - sigma_s = sum_{r=s+1}^t kappa^{r-1-s}(kappa sigma_r - sigma_{r-1})`
/// (each term >= 0 for kappa >= 0).
fn obligation_45_kappa_sum() -> Status {
    let printed = {
        let (k, s1, s2) = (q(1, 2), q1(), qi(2));
        let l = &k * &s1 + &s2;
        ensure(
            l >= &s1 + &s2,
            "",
            format!("kappa=1/2, sigma=(1,2): {l} < {}", &s1 + &s2),
        )
    };
    let fixed = identity(4501, 8, |s| {
        let t = s.int(1, 6) as usize;
        let kappa = s.rat();
        let sig = s.vec(t + 1); // sig[1..=t]
        let k1 = s.int(1, t as i64) as usize;
        let l = pow(&kappa, t - k1) * &sig[t] - &sig[k1];
        let r = (k1 + 1..=t).fold(q0(), |a, r| {
            a + pow(&kappa, r - 1 - k1) * (&kappa * &sig[r] - &sig[r - 1])
        });
        (l, r, format!("t={t}, s={k1}"))
    });
    corrected(
        "[AppD1:45] first display has sigma_s where sigma_t is needed",
        printed,
        fixed,
    )
}

/// `[AppD1:45]` "sum_s sigma_s >= (1-gamma) sum_s m_s^2" (case b: eta >= gamma, and
/// gamma >= 0 as in (42)). Exact search over small rational instances.
fn obligation_45_sum_sigma() -> Status {
    holds(inequality(4502, cases(), false, |s| {
        let t = s.int(1, 7) as usize;
        let gamma = s.unit();
        let eta = &gamma + (q1() - &gamma) * s.unit();
        let g: Vec<Q> = (0..t).map(|_| s.small()).collect();
        let m = moments(&g, &gamma);
        let sig = sigmas(&g, &eta);
        let l = sig.iter().fold(q0(), |a, x| a + x);
        let r = (q1() - &gamma) * m.iter().fold(q0(), |a, x| a + x * x);
        Some((l, r, format!("t={t}")))
    }))
}

/// `[AppD1:45]` geometric series "sum_{s=1}^t kappa^{t-s} = (1-kappa^t)/(1-kappa)". Exact identity.
fn obligation_45_geometric() -> Status {
    holds(identity(4503, 8, |s| {
        let t = s.int(1, 8) as usize;
        let k = s.rat();
        (
            (1..=t).fold(q0(), |a, j| a + pow(&k, t - j)),
            (q1() - pow(&k, t)) / (q1() - &k),
            format!("t={t}"),
        )
    }))
}

/// `[AppD1:45]` line 1 -> 2: "(1-kappa)/(1-kappa^t)(1-gamma) sum m^2 > (1-kappa)(1-gamma) sum m^2".
/// ERRATUM: equality when sum m^2 = 0, or t = 1 and kappa = 0. Corrected:
/// `>=`, since `(1-kappa)/(1-kappa^t) - (1-kappa) = (1-kappa) kappa^t/(1-kappa^t) >= 0`
/// for kappa in [0,1) (identity exact); strict iff kappa > 0 and M_t != 0.
fn obligation_45_strict() -> Status {
    let printed = ensure(
        q0() > q0(),
        "",
        "m = 0 (any kappa, gamma): 0 > 0 is false".into(),
    );
    let fixed = identity(4504, 8, |s| {
        let t = s.int(1, 8) as usize;
        let k = s.rat();
        let kt = pow(&k, t);
        (
            (q1() - &k) / (q1() - &kt) - (q1() - &k),
            (q1() - &k) * &kt / (q1() - &kt),
            format!("t={t}"),
        )
    });
    corrected("[AppD1:45] strict '>' in the second line", printed, fixed)
}

/// `[AppD1:45]` line 2 -> 3: "(1-kappa)(1-gamma) >= (1-nu)^2". Certificate:
/// `(1-kappa)(1-gamma) - (1-nu)^2 = (1-kappa)(nu-gamma) + (1-nu)(nu-kappa)`,
/// every factor >= 0 for gamma, kappa <= nu < 1 (identity exact).
fn obligation_45_nu() -> Status {
    holds(identity(4505, 2, |s| {
        let (g, k, nu) = (s.rat(), s.rat(), s.rat());
        (
            (q1() - &k) * (q1() - &g) - (q1() - &nu).pow(2),
            (q1() - &k) * (&nu - &g) + (q1() - &nu) * (&nu - &k),
            String::new(),
        )
    }))
}

/// `[AppD1:44]` "||m||^2_{(sqrt(V_t)/alpha)^{-1}} = alpha sum_i m_i^2/sqrt(sigma_i)": the
/// dual norm of a diagonal matrix, exact identity with `sqrt(sigma_i)` as symbols.
fn obligation_44_dual_norm() -> Status {
    holds(identity(4403, 3, |s| {
        let n = 4;
        let (m, r, alpha) = (s.vec(n), s.pvec(n), s.pos());
        // <m, (diag(r)/alpha)^{-1} m>
        let l = (0..n).fold(q0(), |a, i| a + &m[i] * (q1() / (&r[i] / &alpha)) * &m[i]);
        let rr = &alpha * (0..n).fold(q0(), |a, i| a + &m[i] * &m[i] / &r[i]);
        (l, rr, String::new())
    }))
}

/// Proofs (issue 19): symbolic identities (bounded in `T` where the step is
/// a sum whose length the identity depends on) and z3 for the `nu` bounds.
mod proofs {
    use super::common::poly::{prove_identity, Rf};
    use super::common::smt::{decl, run_all, Answer, Query};

    fn v(n: &str) -> Rf {
        Rf::var(n)
    }
    fn powr(x: &Rf, k: usize) -> Rf {
        (0..k).fold(Rf::cq(1, 1), |a, _| &a * x)
    }
    fn one() -> Rf {
        Rf::cq(1, 1)
    }

    /// `[AppD1:42]` lines 1-3 for `T = 2..=6`: `sigma_T` by Eq. (15) from
    /// symbols `g_1..g_T` equals line 2 and line 3, `m` by Eq. (13).
    pub fn expand_42() -> Result<String, String> {
        let (gamma, eta) = (v("gamma"), v("eta"));
        let mut last = String::new();
        for t in 2..=6usize {
            let g: Vec<Rf> = (1..=t).map(|k| v(&format!("g_{k}"))).collect();
            let (mut m, mut sg) = (vec![Rf::cq(0, 1)], vec![Rf::cq(0, 1)]);
            for k in 0..t {
                m.push(&(&gamma * &m[k]) + &g[k]);
                sg.push(&(&eta * &sg[k]) + &(&g[k] * &g[k]));
            }
            let d = |k: usize| &m[k] - &(&gamma * &m[k - 1]);
            let l2 = &(&(&d(t) * &d(t)) + &(&eta * &(&g[t - 2] * &g[t - 2])))
                + &(&(&eta * &eta) * &sg[t - 2]);
            let l3 = (1..=t).fold(Rf::cq(0, 1), |a, k| {
                &a + &(&powr(&eta, t - k) * &(&d(k) * &d(k)))
            });
            prove_identity(&sg[t], &l2, "")?;
            last = prove_identity(&sg[t], &l3, "")?;
        }
        Ok(format!(
            "T = 2..=6, line 1 = line 2 = line 3; T = 6: {last}"
        ))
    }

    /// `[AppD1:42]` line 3 -> 4 under `gamma, eta >= 0`: summand certificate
    /// `(m_s - gamma m_{s-1})^2 - (1-gamma)(m_s^2 - gamma m_{s-1}^2) = gamma (m_s - m_{s-1})^2`
    /// proved symbolically; with `gamma >= 0` it is `>= 0`, and the weights
    /// `eta^{t-s} >= 0` (`eta >= 0`) keep the sum `>= 0` for every `T`.
    pub fn sos_42() -> Result<String, String> {
        let (gamma, a, b) = (v("gamma"), v("m_s"), v("m_s-1"));
        let l = &(&(&a - &(&gamma * &b)) * &(&a - &(&gamma * &b)))
            - &(&(&one() - &gamma) * &(&(&a * &a) - &(&gamma * &(&b * &b))));
        let r = &gamma * &(&(&a - &b) * &(&a - &b));
        prove_identity(&l, &r, "").map(|h| format!("summand certificate: {h}"))
    }

    /// `[AppD1:42]` line 4 -> 5 for `T = 1..=7`, `m_0 = 0`.
    pub fn rearrange_42() -> Result<String, String> {
        let (gamma, eta) = (v("gamma"), v("eta"));
        let mut last = String::new();
        for t in 1..=7usize {
            let mm = |k: usize| {
                if k == 0 {
                    Rf::cq(0, 1)
                } else {
                    v(&format!("m_{k}"))
                }
            };
            let l = (1..=t).fold(Rf::cq(0, 1), |a, k| {
                &a + &(&(&powr(&eta, t - k) * &(&one() - &gamma))
                    * &(&(&mm(k) * &mm(k)) - &(&gamma * &(&mm(k - 1) * &mm(k - 1)))))
            });
            let inner = (1..t).fold(Rf::cq(0, 1), |a, k| {
                &a + &(&powr(&eta, t - k - 1) * &(&mm(k) * &mm(k)))
            });
            let r = &(&one() - &gamma) * &(&(&mm(t) * &mm(t)) + &(&(&eta - &gamma) * &inner));
            last = prove_identity(&l, &r, "")?;
        }
        Ok(format!("T = 1..=7; T = 7: {last}"))
    }

    /// `[AppD1:44]` dual norm, summand `i`; side condition `sqrt(sigma_i), alpha != 0`.
    pub fn dual_norm_44() -> Result<String, String> {
        let (m, r, al) = (v("m_i"), v("sqrt_sigma_i"), v("alpha"));
        prove_identity(
            &(&(&m * &one().div(&r.div(&al))) * &m),
            &(&al * &(&m * &m).div(&r)),
            "sqrt(sigma_i), alpha != 0",
        )
        .map(|h| format!("summand i: {h}"))
    }

    /// `[AppD1:45]` geometric series for `T = 1..=8` (as `(1-kappa) sum = 1 - kappa^T`,
    /// side condition `kappa != 1`).
    pub fn geometric_45() -> Result<String, String> {
        let k = v("kappa");
        let mut last = String::new();
        for t in 1..=8usize {
            let l = (1..=t).fold(Rf::cq(0, 1), |a, j| &a + &powr(&k, t - j));
            last = prove_identity(
                &l,
                &(&one() - &powr(&k, t)).div(&(&one() - &k)),
                "kappa != 1",
            )?;
        }
        Ok(format!("T = 1..=8; T = 8: {last}"))
    }

    /// `[AppD1:45]` corrected `>=`: `(1-kappa)/(1-K) - (1-kappa) = (1-kappa) K/(1-K)`
    /// with `K = kappa^t` an independent symbol (so every `t`), side condition `K != 1`.
    pub fn strict_45() -> Result<String, String> {
        let (k, kt) = (v("kappa"), v("K"));
        let l = &(&one() - &k).div(&(&one() - &kt)) - &(&one() - &k);
        let r = (&(&one() - &k) * &kt).div(&(&one() - &kt));
        prove_identity(&l, &r, "kappa^t != 1")
    }

    /// `[AppD1:43]` corrected `>=`: with `S = sum_{s<t} m_s^2` one symbol (so
    /// every `t`), `(1-gamma)(m_t^2 + (1-gamma) S) - (1-gamma)^2 (S + m_t^2) =
    /// gamma (1-gamma) m_t^2`, which is `>= 0` for `gamma in [0, 1)`.
    pub fn strict_43() -> Result<String, String> {
        let (g, m, sm) = (v("gamma"), v("m_t"), v("S"));
        let omg = &one() - &g;
        let l = &(&omg * &(&(&m * &m) + &(&omg * &sm))) - &(&(&omg * &omg) * &(&sm + &(&m * &m)));
        prove_identity(&l, &(&(&g * &omg) * &(&m * &m)), "")
    }

    /// `[AppD1:44]` Duchi et al.: with `r_k = sqrt(sum_{s<=k} a_s^2)` (`r_0 = 0`,
    /// `a_k^2 = r_k^2 - r_{k-1}^2`), the summand identity
    /// `a_k^2/r_k + (r_k - r_{k-1})^2/r_k = 2 r_k - 2 r_{k-1}` telescopes to
    /// `sum a_k^2/r_k + slack = 2 r_T` for every `T`, slack `>= 0` as `r_k > 0`.
    pub fn duchi_44() -> Result<String, String> {
        let (r, rp) = (v("r_k"), v("r_k-1"));
        let l = &(&(&r * &r) - &(&rp * &rp)).div(&r) + &(&(&r - &rp) * &(&r - &rp)).div(&r);
        prove_identity(
            &l,
            &(&(&Rf::cq(2, 1) * &r) - &(&Rf::cq(2, 1) * &rp)),
            "r_k != 0",
        )
        .map(|h| format!("summand k (telescoping): {h}"))
    }

    fn nu_query(name: &str, step: &str, lhs: &str) -> Query {
        let mut b = decl(&["gamma", "kappa", "nu"].map(String::from));
        b.push_str("(assert (<= gamma nu))\n(assert (<= kappa nu))\n(assert (< nu 1.0))\n");
        b.push_str(&format!("(assert (< {lhs} (* (- 1.0 nu) (- 1.0 nu))))\n"));
        Query {
            file: format!("appendix_d1/{name}.smt2"),
            step: step.into(),
            asserts: format!("gamma, kappa <= nu < 1 and {lhs} < (1-nu)^2"),
            expect: Answer::Unsat,
            body: b,
        }
    }

    /// `[AppD1:43]` "(1-gamma)^2 >= (1-nu)^2", `gamma <= nu < 1`.
    pub fn nu_43() -> Result<String, String> {
        run_all(&[nu_query(
            "obligation_43_nu",
            "v2 App. D.1 (43): (1-gamma)^2 >= (1-nu)^2 with nu = max(gamma, kappa) < 1",
            "(* (- 1.0 gamma) (- 1.0 gamma))",
        )])
    }

    /// `[AppD1:45]` "(1-kappa)(1-gamma) >= (1-nu)^2", `gamma, kappa <= nu < 1`.
    pub fn nu_45() -> Result<String, String> {
        run_all(&[nu_query(
            "obligation_45_nu",
            "v2 App. D.1 (45): (1-kappa)(1-gamma) >= (1-nu)^2 with nu = max(gamma, kappa) < 1",
            "(* (- 1.0 kappa) (- 1.0 gamma))",
        )])
    }
}

/// Every obligation of Appendix D.1 with its expected status.
fn obligations() -> Vec<Obligation> {
    vec![
        Obligation {
            name: "obligation_42_expand",
            tag: "AppD1:42",
            expect: Kind::Holds,
            check: obligation_42_expand,
            strength: Strength::ProvedBounded("T <= 6"),
            proof: Some(proofs::expand_42),
        },
        Obligation {
            name: "obligation_42_sos",
            tag: "AppD1:42",
            expect: Kind::NeedsPremise,
            check: obligation_42_sos,
            strength: Strength::Proved,
            proof: Some(proofs::sos_42),
        },
        Obligation {
            name: "obligation_42_rearrange",
            tag: "AppD1:42",
            expect: Kind::Holds,
            check: obligation_42_rearrange,
            strength: Strength::ProvedBounded("T <= 7"),
            proof: Some(proofs::rearrange_42),
        },
        Obligation {
            name: "obligation_43_strict",
            tag: "AppD1:43",
            expect: Kind::HoldsCorrected,
            check: obligation_43_strict,
            strength: Strength::Proved,
            proof: Some(proofs::strict_43),
        },
        Obligation {
            name: "obligation_43_nu",
            tag: "AppD1:43",
            expect: Kind::Holds,
            check: obligation_43_nu,
            strength: Strength::Proved,
            proof: Some(proofs::nu_43),
        },
        Obligation {
            name: "obligation_44_dual_norm",
            tag: "AppD1:44",
            expect: Kind::Holds,
            check: obligation_44_dual_norm,
            strength: Strength::Proved,
            proof: Some(proofs::dual_norm_44),
        },
        Obligation {
            name: "obligation_44_first_step",
            tag: "AppD1:44",
            expect: Kind::HoldsCorrected,
            check: obligation_44_first_step,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_44_duchi",
            tag: "AppD1:44",
            expect: Kind::Holds,
            check: obligation_44_duchi,
            strength: Strength::Proved,
            proof: Some(proofs::duchi_44),
        },
        Obligation {
            name: "obligation_45_kappa_sum",
            tag: "AppD1:45",
            expect: Kind::HoldsCorrected,
            check: obligation_45_kappa_sum,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_45_sum_sigma",
            tag: "AppD1:45",
            expect: Kind::Holds,
            check: obligation_45_sum_sigma,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_45_geometric",
            tag: "AppD1:45",
            expect: Kind::Holds,
            check: obligation_45_geometric,
            strength: Strength::ProvedBounded("T <= 8"),
            proof: Some(proofs::geometric_45),
        },
        Obligation {
            name: "obligation_45_strict",
            tag: "AppD1:45",
            expect: Kind::HoldsCorrected,
            check: obligation_45_strict,
            strength: Strength::Proved,
            proof: Some(proofs::strict_45),
        },
        Obligation {
            name: "obligation_45_nu",
            tag: "AppD1:45",
            expect: Kind::Holds,
            check: obligation_45_nu,
            strength: Strength::Proved,
            proof: Some(proofs::nu_45),
        },
    ]
}

/// Runs the whole Appendix D.1 table; fails if any status kind changes.
#[test]
fn appendix_d1_table() {
    run_table(
        "Appendix D.1 (Lemma 1)",
        "proof_appendix_d1",
        &obligations(),
    );
}
