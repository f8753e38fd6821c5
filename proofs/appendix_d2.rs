//! Appendix D.2 (proof of Corollary 1, Eqs. 46-48) as obligations.
//!
//! Symbols: `k = sqrt(T)` (T = k^2 a perfect square, so sqrt(T) is
//! rational), `r_i = sqrt(sigma_{T,i})`, `b = sqrt(B)` with
//! `B = sqrt(T) G/(2 alpha) + lambda2`. Inequalities between square roots
//! are compared through squares of nonnegative quantities.

#[path = "common/mod.rs"]
mod common;

use common::*;
use num_traits::Signed;

fn moments(g: &[Q], gamma: &Q) -> Vec<Q> {
    let mut m = vec![];
    let mut prev = q0();
    for gt in g {
        prev = gamma * &prev + gt;
        m.push(prev.clone());
    }
    m
}

/// Random gradient sequence with `|g_t| <= G` (small rationals).
fn grads(s: &mut Sampler, t: usize, big_g: &Q) -> Vec<Q> {
    (0..t).map(|_| big_g * (qi(2) * s.unit() - q1())).collect()
}

/// `[AppD2]` "|m_{t,i}| = |sum_s gamma^{t-s} g_{s,i}| <= (1-gamma^t)/(1-gamma) G". Needs
/// gamma >= 0 (only gamma < 1 is stated). Counterexample: gamma = -1/2,
/// g = (-1, 1), G = 1: m_2 = 3/2 > (1 - 1/4)/(3/2) = 1/2.
fn obligation_d2_m_bound() -> Status {
    let without = {
        let (gamma, gg) = (q(-1, 2), q1());
        let m = moments(&[-q1(), q1()], &gamma);
        let b = (q1() - pow(&gamma, 2)) / (q1() - &gamma) * &gg;
        ensure(
            m[1].abs() <= b,
            "",
            format!("gamma=-1/2, g=(-1,1), G=1: |m_2| = {} > {b}", m[1].abs()),
        )
    };
    let with = inequality(4601, cases(), false, |s| {
        let t = s.int(1, 8) as usize;
        let (gamma, gg) = (s.unit(), s.pos());
        let g = grads(s, t, &gg);
        let m = moments(&g, &gamma);
        Some((
            (q1() - pow(&gamma, t)) / (q1() - &gamma) * &gg,
            m[t - 1].abs(),
            format!("t={t}"),
        ))
    });
    premise("gamma >= 0", without, with)
}

/// `[AppD2]` "(1-gamma^t)/(1-gamma) G < G/(1-gamma) <= G/(1-nu)". ERRATUM: the strict
/// inequality fails for gamma = 0 (equality: 1 = 1 with G = 1). Corrected:
/// `<=`, since `G/(1-gamma) - (1-gamma^t)G/(1-gamma) = gamma^t G/(1-gamma)`
/// (exact identity), strict iff gamma > 0 and G > 0; and `1/(1-gamma) <=
/// 1/(1-nu)` for gamma <= nu < 1.
fn obligation_d2_m_strict() -> Status {
    let printed = {
        let (gamma, gg) = (q0(), q1());
        let l = (q1() - pow(&gamma, 1)) / (q1() - &gamma) * &gg;
        let r = &gg / (q1() - &gamma);
        ensure(l < r, "", format!("gamma=0, t=1, G=1: {l} not < {r}"))
    };
    let fixed = identity(4602, 8, |s| {
        let t = s.int(1, 8) as usize;
        let (gamma, gg) = (s.rat(), s.rat());
        (
            &gg / (q1() - &gamma) - (q1() - pow(&gamma, t)) / (q1() - &gamma) * &gg,
            pow(&gamma, t) * &gg / (q1() - &gamma),
            format!("t={t}"),
        )
    });
    corrected("[AppD2] strict '<' in the |m_t| bound", printed, fixed)
}

/// `[AppD2]` "|sigma_{t,i}| = |sum_s eta^{t-s} g_{s,i}^2| <= t G^2". Needs |eta| <= 1; only
/// eta <= 1 is stated in (15). Counterexample: eta = -2, g = (1, 0, 1), G = 1:
/// sigma_3 = 5 > 3. With eta in [0, 1]: exact search.
fn obligation_d2_sigma_bound() -> Status {
    let without = {
        let eta = qi(-2);
        let g = [q1(), q0(), q1()];
        let sig = g.iter().fold(q0(), |a, gt| &eta * a + gt * gt);
        ensure(
            sig.abs() <= qi(3),
            "",
            format!("eta=-2, g=(1,0,1): |sigma_3| = {sig} > 3"),
        )
    };
    let with = inequality(4603, cases(), false, |s| {
        let t = s.int(1, 8) as usize;
        let (eta, gg) = (s.unit(), s.pos());
        let g = grads(s, t, &gg);
        let sig = g.iter().fold(q0(), |a, gt| &eta * a + gt * gt);
        Some((qi(t as i64) * &gg * &gg, sig.abs(), format!("t={t}")))
    });
    premise("eta >= 0 (|eta| <= 1)", without, with)
}

/// `[AppD2:46]` "Psi_T(x*) <= lambda1 d D1 + lambda21 d D1 (sqrt(T) G/(2 alpha) + lambda2)^{1/2} + lambda2 d D1^2"
/// with `A_T = sum_s Q_s/(2 alpha) + lambda2 = sqrt(V_T)/(2 alpha) + lambda2`
/// and `sqrt(sigma_{T,i}) <= sqrt(T) G`. Holds termwise, group by group:
/// `sqrt(d_g) ||A_T^{1/2} x^g|| <= sqrt(d_g) sqrt(d_g D1^2 B) = d_g D1 sqrt(B)` (compared
/// squared, exactly), and `sum_g d_g = d`. Exact search over random groups.
fn obligation_d2_46_psi() -> Status {
    holds(inequality(4604, cases(), false, |s| {
        let k = s.int(1, 6);
        let (gg, alpha, d1) = (s.pos(), s.pos(), s.pos());
        let (l1, l21, l2) = (s.pos(), s.pos(), s.pos());
        let sizes: Vec<usize> = (0..s.int(1, 3)).map(|_| s.int(1, 3) as usize).collect();
        let bb = qi(k) * &gg / (qi(2) * &alpha) + &l2;
        let mut ok = true;
        let (mut l1sum, mut l2sum) = (q0(), q0());
        for &dg in &sizes {
            let x: Vec<Q> = (0..dg).map(|_| &d1 * (qi(2) * s.unit() - q1())).collect();
            let r: Vec<Q> = (0..dg).map(|_| qi(k) * &gg * s.unit()).collect(); // sqrt(sigma_T,i) <= sqrt(T) G
            let a: Vec<Q> = r.iter().map(|ri| ri / (qi(2) * &alpha) + &l2).collect();
            let quad = (0..dg).fold(q0(), |acc, i| acc + &a[i] * &x[i] * &x[i]);
            // (sqrt(d_g) ||A^{1/2} x||)^2 <= (d_g D1 sqrt(B))^2
            ok &= qi(dg as i64) * &quad <= qi((dg * dg) as i64) * &d1 * &d1 * &bb;
            l1sum += x.iter().fold(q0(), |acc, xi| acc + xi.abs());
            l2sum += norm2(&x);
        }
        let d: i64 = sizes.iter().sum::<usize>() as i64;
        ok &= &l1 * &l1sum <= &l1 * qi(d) * &d1 && &l2 * &l2sum <= &l2 * qi(d) * &d1 * &d1;
        let _ = l21;
        Some((
            if ok { q1() } else { q0() },
            q1(),
            format!("k={k} groups={sizes:?}"),
        ))
    }))
}

/// `[AppD2:47]` "h_T(x*) <= d D2^2 G sqrt(T)/(2 alpha)". Bounding each
/// `Q_{t,i} (x*_i - x_{t,i})^2 <= Q_{t,i} D2^2` needs `Q_t >= 0`; then the sum
/// telescopes to `sqrt(sigma_{T,i}) D2^2 <= sqrt(T) G D2^2`. Lemma 1's
/// conditions (used by Corollary 1) give Q_t >= 0, but Corollary 2's stated
/// premises (tG^2 I >= V_t, |g| <= G) do not. Counterexample: eta = 0,
/// alpha const, d = 1, G = D2 = 1, g = (1,0,1,0,1) so Q = (1,-1,1,-1,1),
/// |x* - x_t| = (1,0,1,0,1): 2 alpha h_5(x*) = 3 > sqrt(5) (9 > 5).
fn obligation_d2_47_h() -> Status {
    let without = {
        let g = [q1(), q0(), q1(), q0(), q1()];
        let v: Vec<Q> = g.iter().map(|x| x.abs()).collect(); // sqrt(sigma_t) with eta = 0
        let qs: Vec<Q> = (0..5)
            .map(|t| &v[t] - if t == 0 { q0() } else { v[t - 1].clone() })
            .collect();
        let dist = [q1(), q0(), q1(), q0(), q1()];
        let h2a = (0..5).fold(q0(), |a, t| a + &qs[t] * &dist[t] * &dist[t]);
        // compare (2 alpha h)^2 with (d D2^2 G sqrt(T))^2 = 5
        ensure(
            &h2a * &h2a <= qi(5),
            "",
            format!(
                "eta=0, g=(1,0,1,0,1): 2 alpha h_5(x*) = {h2a}, bound sqrt(5): {} > 5",
                &h2a * &h2a
            ),
        )
    };
    let with = inequality(4701, cases(), false, |s| {
        let k = s.int(1, 3) as usize;
        let t = k * k;
        let d = s.int(1, 3) as usize;
        let (gg, d2, alpha) = (s.pos(), s.pos(), s.pos());
        let mut h = q0();
        for _ in 0..d {
            // nondecreasing v_t in [0, sqrt(T) G]: Q_t = v_t - v_{t-1} >= 0
            let mut v: Vec<Q> = (0..t).map(|_| qi(k as i64) * &gg * s.unit()).collect();
            v.sort();
            for j in 0..t {
                let qj = &v[j] - if j == 0 { q0() } else { v[j - 1].clone() };
                let dist = &d2 * (qi(2) * s.unit() - q1());
                h += qj * &dist * &dist / (qi(2) * &alpha);
            }
        }
        let bound = qi(d as i64) * &d2 * &d2 * &gg * qi(k as i64) / (qi(2) * &alpha);
        Some((bound, h, format!("T={t} d={d}")))
    });
    premise(
        "Q_t >= 0 for all t (given by Lemma 1's conditions, not by Corollary 2's)",
        without,
        with,
    )
}

/// `[AppD2:48]` "alpha/(1-nu) sum_i ||M_{T,i}|| <= alpha/(1-nu) sum_i sqrt(T) G/(1-nu) = d alpha G sqrt(T)/(1-nu)^2":
/// `||M_{T,i}||^2 = sum_t m_{t,i}^2 <= T G^2/(1-nu)^2` from `|m_t| <= G/(1-nu)`
/// (gamma in [0,1), nu in [gamma,1)), exact search; the last equality is an
/// exact identity.
fn obligation_d2_48() -> Status {
    let ineq = inequality(4801, cases(), false, |s| {
        let t = s.int(1, 8) as usize;
        let gamma = s.unit();
        let nu = &gamma + (q1() - &gamma) * s.unit();
        let gg = s.pos();
        let g = grads(s, t, &gg);
        let m = moments(&g, &gamma);
        let mt2 = m.iter().fold(q0(), |a, x| a + x * x);
        Some((
            qi(t as i64) * &gg * &gg / (q1() - &nu).pow(2),
            mt2,
            format!("t={t}"),
        ))
    });
    let id = identity(4802, 3, |s| {
        let (alpha, nu, gg, k) = (s.pos(), s.rat(), s.pos(), s.pos());
        let d = s.int(1, 9);
        (
            &alpha / (q1() - &nu) * qi(d) * (&k * &gg / (q1() - &nu)),
            qi(d) * &alpha * &gg * &k / (q1() - &nu).pow(2),
            String::new(),
        )
    });
    match (ineq, id) {
        (Ok(a), Ok(b)) => Status::Holds {
            how: format!("{a}; {b}"),
        },
        (Err(e), _) | (_, Err(e)) => Status::False { counterexample: e },
    }
}

/// `[Eq:20]` "Combining (46), (47), (48)": the sum of the three right-hand sides equals the
/// right-hand side of (20). Exact identity with `k = sqrt(T)`, `b = sqrt(B)`.
fn obligation_d2_20_combine() -> Status {
    holds(identity(2001, 4, |s| {
        let (l1, l21, l2, d1, d2, gg, alpha, nu, k, b) = (
            s.rat(),
            s.rat(),
            s.rat(),
            s.rat(),
            s.rat(),
            s.rat(),
            s.pos(),
            s.rat(),
            s.pos(),
            s.pos(),
        );
        let d = qi(s.int(1, 9));
        let e46 = &l1 * &d * &d1 + &l21 * &d * &d1 * &b + &l2 * &d * &d1 * &d1;
        let e47 = &d * &d2 * &d2 * &gg / (qi(2) * &alpha) * &k;
        let e48 = &d * &alpha * &gg / (q1() - &nu).pow(2) * &k;
        let e20 = &d * &d1 * (&l1 + &l21 * &b + &l2 * &d1)
            + &d * &gg * (&d2 * &d2 / (qi(2) * &alpha) + &alpha / (q1() - &nu).pow(2)) * &k;
        (e46 + e47 + e48, e20, String::new())
    }))
}

/// z3 proofs for `T = 1..=4` (one coordinate) of the two moment bounds,
/// with their premises; files `proofs/smt/appendix_d2/`.
mod smtq {
    use super::common::smt::{decl, names, run_all, sum, Answer, Query};

    /// `[AppD2]` `|m_T| <= (1-gamma^T)/(1-gamma) G` for `gamma in [0, 1)`,
    /// `|g_s| <= G`; the bound enters as `B (1 - gamma) = (1 - gamma^T) G`.
    pub fn m_bound() -> Result<String, String> {
        let qs: Vec<Query> = (1..=4usize)
            .map(|t| {
                let g = names("g", t);
                let mut b = decl(&[g.clone(), vec!["gamma".into(), "G".into(), "B".into()]].concat());
                b.push_str("(assert (>= gamma 0.0))\n(assert (< gamma 1.0))\n");
                for x in &g {
                    b.push_str(&format!("(assert (<= (abs {x}) G))\n"));
                }
                // m_T = sum_s gamma^{T-s} g_s (Eq. 13 unrolled, m_0 = 0).
                let m = sum(&(1..=t)
                    .map(|k| {
                        let pw = vec!["gamma"; t - k];
                        if pw.is_empty() { g[k - 1].clone() } else { format!("(* {} {})", pw.join(" "), g[k - 1]) }
                    })
                    .collect::<Vec<_>>());
                let gt = if t == 1 { "gamma".to_string() } else { format!("(* {})", vec!["gamma"; t].join(" ")) };
                b.push_str(&format!("(assert (= (* B (- 1.0 gamma)) (* (- 1.0 {gt}) G)))\n"));
                b.push_str(&format!("(assert (> (abs {m}) B))\n"));
                Query {
                    file: format!("appendix_d2/obligation_d2_m_bound_T{t}.smt2"),
                    step: "v2 App. D.2: |m_{t,i}| = |sum_s gamma^{t-s} g_{s,i}| <= (1-gamma^t)/(1-gamma) G (with the premise gamma >= 0)".into(),
                    asserts: format!("T = {t}, 0 <= gamma < 1, |g_s| <= G and |m_T| > (1-gamma^T)/(1-gamma) G"),
                    expect: Answer::Unsat,
                    body: b,
                }
            })
            .collect();
        run_all(&qs)
    }

    /// `[AppD2]` `|sigma_T| <= T G^2` for `eta in [0, 1]`, `|g_s| <= G`.
    pub fn sigma_bound() -> Result<String, String> {
        let qs: Vec<Query> = (1..=4usize)
            .map(|t| {
                let g = names("g", t);
                let mut b = decl(&[g.clone(), vec!["eta".into(), "G".into()]].concat());
                b.push_str("(assert (>= eta 0.0))\n(assert (<= eta 1.0))\n");
                for x in &g {
                    b.push_str(&format!("(assert (<= (abs {x}) G))\n"));
                }
                let sg = sum(&(1..=t)
                    .map(|k| {
                        let pw = vec!["eta"; t - k];
                        if pw.is_empty() { format!("(* {x} {x})", x = g[k - 1]) } else { format!("(* {} {x} {x})", pw.join(" "), x = g[k - 1]) }
                    })
                    .collect::<Vec<_>>());
                b.push_str(&format!("(assert (> (abs {sg}) (* {t}.0 G G)))\n"));
                Query {
                    file: format!("appendix_d2/obligation_d2_sigma_bound_T{t}.smt2"),
                    step: "v2 App. D.2: |sigma_{t,i}| = |sum_s eta^{t-s} g_{s,i}^2| <= t G^2 (with the premise 0 <= eta <= 1)".into(),
                    asserts: format!("T = {t}, 0 <= eta <= 1, |g_s| <= G and |sigma_T| > T G^2"),
                    expect: Answer::Unsat,
                    body: b,
                }
            })
            .collect();
        run_all(&qs)
    }
}

/// Every obligation of Appendix D.2 with its expected status.
fn obligations() -> Vec<Obligation> {
    vec![
        Obligation {
            name: "obligation_d2_m_bound",
            tag: "AppD2",
            expect: Kind::NeedsPremise,
            check: obligation_d2_m_bound,
            strength: Strength::ProvedBounded("T <= 4"),
            proof: Some(smtq::m_bound),
        },
        Obligation {
            name: "obligation_d2_m_strict",
            tag: "AppD2",
            expect: Kind::HoldsCorrected,
            check: obligation_d2_m_strict,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_d2_sigma_bound",
            tag: "AppD2",
            expect: Kind::NeedsPremise,
            check: obligation_d2_sigma_bound,
            strength: Strength::ProvedBounded("T <= 4"),
            proof: Some(smtq::sigma_bound),
        },
        Obligation {
            name: "obligation_d2_46_psi",
            tag: "AppD2:46",
            expect: Kind::Holds,
            check: obligation_d2_46_psi,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_d2_47_h",
            tag: "AppD2:47",
            expect: Kind::NeedsPremise,
            check: obligation_d2_47_h,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_d2_48",
            tag: "AppD2:48",
            expect: Kind::Holds,
            check: obligation_d2_48,
            strength: Strength::Sampled,
            proof: None,
        },
        Obligation {
            name: "obligation_d2_20_combine",
            tag: "Eq:20",
            expect: Kind::Holds,
            check: obligation_d2_20_combine,
            strength: Strength::Sampled,
            proof: None,
        },
    ]
}

/// Runs the whole Appendix D.2 table; fails if any status kind changes.
#[test]
fn appendix_d2_table() {
    run_table(
        "Appendix D.2 (Corollary 1)",
        "proof_appendix_d2",
        &obligations(),
    );
}
