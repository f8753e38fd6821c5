//! Appendix A (proof of Theorem 1, Eqs. 22-34) as machine-checked obligations.
//!
//! Notation (per coordinate i of one group g, all diagonal):
//! `D_i = sum_s Q_{s,i}/alpha_s` (= sqrt(V_t)/alpha_t), `sigma_i = D_i/2`,
//! `A_i = sigma_i + lambda2 = a_i^2` where `a_i = sqrt(A_i)` is an independent
//! positive rational symbol, `c = lambda21 sqrt(d_g)` is one nonnegative
//! rational symbol. `w = A^{-1/2} s` is chosen as `w = r u` with `u` a
//! rational unit vector, so `||w||_2 = |r|` is rational and every check is
//! exact. Run `cargo test --release --test proof_appendix_a -- --nocapture`
//! to see the table.

#[path = "common/mod.rs"]
mod common;

use common::*;
use num_traits::{Signed, Zero};

/// Random diagonal history: `T` steps of `(alpha_s, Q_s, x_s, m_s)` in dimension `n`.
struct History {
    alpha: Vec<Q>,
    q: Vec<Vec<Q>>,
    xs: Vec<Vec<Q>>,
    m: Vec<Vec<Q>>,
}

fn history(s: &mut Sampler, t: usize, n: usize) -> History {
    History {
        alpha: (0..t).map(|_| s.pos()).collect(),
        q: (0..t).map(|_| s.vec(n)).collect(),
        xs: (0..t).map(|_| s.vec(n)).collect(),
        m: (0..t).map(|_| s.vec(n)).collect(),
    }
}

/// `[AppA:22]` line 1 -> line 2: "sum_s 1/(2 alpha_s) (x - x_s)^T Q_s (x - x_s)
/// = sum_s 1/(2 alpha_s) (||Q_s^{1/2} x||^2 - 2 x.(Q_s x_s) + ||Q_s^{1/2} x_s||^2)".
/// Exact identity; `||Q^{1/2} x||^2` is read as `x^T Q x` (meaningful also
/// when a diagonal `Q_s` has negative entries, as for Adam).
fn obligation_22_expand_quadratic() -> Status {
    holds(identity(2201, 4, |s| {
        let (t, n) = (s.int(1, 5) as usize, 3);
        let h = history(s, t, n);
        let x = s.vec(n);
        let (mut l, mut r) = (q0(), q0());
        for k in 0..t {
            let w = qi(1) / (qi(2) * &h.alpha[k]);
            let d: Vec<Q> = x.iter().zip(&h.xs[k]).map(|(a, b)| a - b).collect();
            let qd: Vec<Q> = h.q[k].iter().zip(&d).map(|(a, b)| a * b).collect();
            l += &w * dot(&d, &qd);
            let qx: Vec<Q> = h.q[k].iter().zip(&x).map(|(a, b)| a * b).collect();
            let qxs: Vec<Q> = h.q[k].iter().zip(&h.xs[k]).map(|(a, b)| a * b).collect();
            r += &w * (dot(&x, &qx) - qi(2) * dot(&x, &qxs) + dot(&h.xs[k], &qxs));
        }
        (l, r, format!("T={t}"))
    }))
}

/// `[AppA:22]` line 2 -> line 3: the arg min is unchanged because line 2 minus
/// line 3 is `sum_s ||Q_s^{1/2} x_s||^2/(2 alpha_s)`, independent of x.
/// Checked as the exact identity `F2(x) - F3(x) = F2(x') - F3(x')`.
fn obligation_22_drop_constant() -> Status {
    holds(identity(2202, 4, |s| {
        let (t, n) = (s.int(1, 5) as usize, 3);
        let h = history(s, t, n);
        let f = |x: &[Q]| -> Q {
            // F2 - F3 evaluated literally from both printed lines.
            let mut m1t = vec![q0(); n];
            let mut f2 = q0();
            let mut f3 = q0();
            for k in 0..t {
                for i in 0..n {
                    m1t[i] += &h.m[k][i];
                }
                let w = qi(1) / (qi(2) * &h.alpha[k]);
                let qx: Vec<Q> = h.q[k].iter().zip(x).map(|(a, b)| a * b).collect();
                let qxs: Vec<Q> = h.q[k].iter().zip(&h.xs[k]).map(|(a, b)| a * b).collect();
                f2 += &w * (dot(x, &qx) - qi(2) * dot(x, &qxs) + dot(&h.xs[k], &qxs));
                f3 += &w * dot(x, &qx) - dot(&qxs, x) / &h.alpha[k];
            }
            f2 += dot(&m1t, x);
            f3 += dot(&m1t, x);
            f2 - f3
        };
        let (x, y) = (s.vec(n), s.vec(n));
        (f(&x), f(&y), format!("T={t}"))
    }))
}

/// `[AppA:23]` "z_t = z_{t-1} + m_t - Q_t/alpha_t x_t" where
/// `z_t = m_{1:t} - sum_{s<=t} Q_s/alpha_s x_s` (definition above (23)).
/// Exact identity over random histories (also t = 1 with z_0 = 0).
fn obligation_23_z_recursion() -> Status {
    holds(identity(2301, 2, |s| {
        let (t, n) = (s.int(1, 6) as usize, 3);
        let h = history(s, t, n);
        let zdef = |k: usize| -> Vec<Q> {
            // z_k for k = 0..t (k steps).
            let mut z = vec![q0(); n];
            for j in 0..k {
                for i in 0..n {
                    z[i] += &h.m[j][i] - &h.q[j][i] / &h.alpha[j] * &h.xs[j][i];
                }
            }
            z
        };
        let (zt, zp) = (zdef(t), zdef(t - 1));
        let rec: Vec<Q> = (0..n)
            .map(|i| &zp[i] + &h.m[t - 1][i] - &h.q[t - 1][i] / &h.alpha[t - 1] * &h.xs[t - 1][i])
            .collect();
        let i = s.int(0, 2) as usize;
        (zt[i].clone(), rec[i].clone(), format!("T={t}, i={i}"))
    }))
}

/// `[AppA:24]` "(22) is simplified to z_t.x + sum_s Q_s/(2 alpha_s) ||x||^2 + Psi_t(x)":
/// the quadratic term is `x^T (sum_s Q_s/(2 alpha_s)) x` (the printed
/// `Q/(2 alpha) ||x||^2` is notation for this diagonal form). Exact identity
/// with line 3 of (22).
fn obligation_24_reduction() -> Status {
    holds(identity(2401, 3, |s| {
        let (t, n) = (s.int(1, 5) as usize, 3);
        let h = history(s, t, n);
        let x = s.vec(n);
        let mut lin = vec![q0(); n];
        let mut quad = q0();
        let mut dsum = vec![q0(); n];
        for k in 0..t {
            for i in 0..n {
                lin[i] += &h.m[k][i] - &h.q[k][i] / &h.alpha[k] * &h.xs[k][i];
                quad += &h.q[k][i] * &x[i] * &x[i] / (qi(2) * &h.alpha[k]);
                dsum[i] += &h.q[k][i] / (qi(2) * &h.alpha[k]);
            }
        }
        let l = dot(&lin, &x) + quad;
        // z_t by the recursion (23), independently accumulated.
        let mut z = vec![q0(); n];
        for k in 0..t {
            for i in 0..n {
                z[i] = &z[i] + &h.m[k][i] - &h.q[k][i] / &h.alpha[k] * &h.xs[k][i];
            }
        }
        let r = dot(&z, &x) + (0..n).fold(q0(), |a, i| a + &dsum[i] * &x[i] * &x[i]);
        (l, r, format!("T={t}"))
    }))
}

/// `[AppA:25]` substituting Psi_t (Eq. 5) with `A_t = sum_s Q_s/(2 alpha_s) + lambda2 I`:
/// "x^T (sum Q_s/(2 alpha_s)) x + lambda2 ||x||^2 = ||A_t^{1/2} x||^2".
/// Exact identity (the l1 and l21 terms are copied unchanged).
fn obligation_25_substitute_psi() -> Status {
    holds(identity(2501, 3, |s| {
        let n = 4;
        let (sig, lam2, x) = (s.vec(n), s.pos(), s.vec(n));
        let l = (0..n).fold(q0(), |a, i| a + &sig[i] * &x[i] * &x[i]) + &lam2 * norm2(&x);
        let r = (0..n).fold(q0(), |a, i| a + (&sig[i] + &lam2) * &x[i] * &x[i]);
        (l, r, "n=4".into())
    }))
}

/// `[AppA:26]`-`[AppA:27]` cases a)-c): "x^g_{t+1} = argmin_x -s^g_t.x + Phi(x)".
/// Certificate (exact): for every x, `z.x + lambda1 ||x||_1 - (-s.x) = sum_i r_i(x)`
/// with `r_i = z_i x_i + lambda1 |x_i| >= 0` if `|z_i| <= lambda1` and
/// `r_i = lambda1 (|x_i| + sign(z_i) x_i) >= 0` otherwise; Phi cancels. At the
/// minimiser of (27), `x_i = k_i s_i` with `k_i >= 0`, every `r_i = 0`. Hence
/// both problems have the same minimiser. Checked at random points for the
/// identity, the signs, and the equality at `x = k s`.
fn obligation_26_27_l1_reduction() -> Status {
    holds(identity(2601, 3, |s| {
        let n = 5;
        let lam1 = s.pos();
        let z = s.vec(n);
        let x = s.vec(n);
        let sv: Vec<Q> = z
            .iter()
            .map(|zi| {
                if zi.abs() <= lam1 {
                    q0()
                } else {
                    sign(zi) * &lam1 - zi
                }
            })
            .collect();
        let r: Vec<Q> = (0..n)
            .map(|i| {
                if z[i].abs() <= lam1 {
                    &z[i] * &x[i] + &lam1 * x[i].abs()
                } else {
                    &lam1 * (x[i].abs() + sign(&z[i]) * &x[i])
                }
            })
            .collect();
        let lhs = dot(&z, &x) + x.iter().fold(q0(), |a, xi| a + &lam1 * xi.abs()) + dot(&sv, &x);
        let rsum = r.iter().fold(q0(), |a, b| a + b);
        let signs_ok = r.iter().all(|ri| !ri.is_negative());
        // at x = k s (k_i >= 0) every r_i vanishes
        let xs: Vec<Q> = sv.iter().map(|si| si * s.pos()).collect();
        let at_min = (0..n).all(|i| {
            let ri = if z[i].abs() <= lam1 {
                &z[i] * &xs[i] + &lam1 * xs[i].abs()
            } else {
                &lam1 * (xs[i].abs() + sign(&z[i]) * &xs[i])
            };
            ri.is_zero()
        });
        let tag = if signs_ok && at_min { q0() } else { q1() };
        (lhs + tag, rsum, format!("z={}", showv(&z)))
    }))
}

/// `[AppA:26]`-`[AppA:34]` in one dimension, by exact evaluation: the closed form
/// `x* = sign(s) max(|s| - c a, 0)/(2 a^2)` (Eqs. 9, 34 with the corrected
/// `||A^{-1/2} s||`) minimises `Omega(x) = z x + lambda1 |x| + c |a x| + a^2 x^2`:
/// `Omega(x*) <= Omega(x)` on the grid `x* + k/64, |k| <= 128` and at random
/// rationals, over small rational instances.
fn obligation_26_34_scalar_grid() -> Status {
    let mut s = Sampler::new(2602);
    let n = cases();
    let mut checked = 0usize;
    let mut best = None::<Q>;
    for _ in 0..n {
        let (z, lam1, c) = (s.small(), s.small().abs(), s.small().abs());
        let a = s.small().abs() + q(1, 4);
        let sv = if z.abs() <= lam1 {
            q0()
        } else {
            sign(&z) * &lam1 - &z
        };
        let num = sv.abs() - &c * &a;
        let xs = if num.is_positive() {
            sign(&sv) * num / (qi(2) * &a * &a)
        } else {
            q0()
        };
        let om = |x: &Q| &z * x + &lam1 * x.abs() + &c * (&a * x).abs() + &a * &a * x * x;
        let o0 = om(&xs);
        let mut pts: Vec<Q> = (-128..=128).map(|k| &xs + q(k, 64)).collect();
        pts.extend((0..16).map(|_| s.small()));
        for p in pts {
            checked += 1;
            let gap = om(&p) - &o0;
            if gap.is_negative() {
                return Status::False {
                    counterexample: format!(
                        "z={z} lambda1={lam1} c={c} a={a}: Omega({p})={} < Omega(x*={xs})={}",
                        om(&p),
                        o0
                    ),
                };
            }
            if !gap.is_zero() && best.as_ref().is_none_or(|b| &gap < b) {
                best = Some(gap);
            }
        }
    }
    Status::Holds {
        how: format!(
            "exact search: {n} instances, {checked} comparisons, no point beats x*; smallest positive gap {}",
            show(&best.unwrap_or_else(q0))
        ),
    }
}

/// `[AppA:28]`-`[AppA:29]` "By substituting y = (diag(sigma) + lambda2 I)^{1/2} x into
/// (27), we get argmin_y -s~.y + ... with s~ = (diag(sigma) + lambda2 I)^{-1} s" (Eq. 10).
/// ERRATUM E1: `-s.x = -(A^{-1/2} s).y`, not `-(A^{-1} s).y`. The
/// printed identity is refuted exactly; the corrected one holds at random
/// points (`a_i = sqrt(A_i)` independent symbols). The Phi term becomes
/// `c ||y|| + ||y||^2` exactly since `a o x = y`.
fn obligation_29_substitution() -> Status {
    let printed = identity(2901, 3, |s| {
        let n = 3;
        let (sv, a, y) = (s.vec(n), s.pvec(n), s.vec(n));
        let x: Vec<Q> = y.iter().zip(&a).map(|(yi, ai)| yi / ai).collect();
        let st: Vec<Q> = sv.iter().zip(&a).map(|(si, ai)| si / (ai * ai)).collect();
        (
            dot(&sv, &x),
            dot(&st, &y),
            format!("s={} a={} y={}", showv(&sv), showv(&a), showv(&y)),
        )
    });
    let fixed = identity(2902, 3, |s| {
        let n = 3;
        let (sv, a, y) = (s.vec(n), s.pvec(n), s.vec(n));
        let x: Vec<Q> = y.iter().zip(&a).map(|(yi, ai)| yi / ai).collect();
        let st: Vec<Q> = sv.iter().zip(&a).map(|(si, ai)| si / ai).collect();
        (dot(&sv, &x), dot(&st, &y), String::new())
    });
    corrected(
        "[AppA:29]/[Eq:10] s~ = A^{-1} s (E1); substitution gives A^{-1/2} s. Minimal: n=1, A=4 (a=2), s=1, y=1: -s.x = -1/2 but -(A^{-1}s).y = -1/4",
        printed,
        fixed,
    )
}

/// `[AppA:30]` the subdifferential printed as "partial ||0||_2 = {zeta : -1 <= zeta_i <= 1}"
/// (the l_inf unit ball). ERRATUM (typo kind): it is the Euclidean unit ball
/// `{||zeta||_2 <= 1}`. Printed: zeta = (1,1) is not a subgradient at 0
/// since at y = (1,1), `zeta.y = 2 > ||y||_2 = sqrt 2` (compared squared).
/// Corrected: Cauchy-Schwarz via the Lagrange identity
/// `||zeta||^2 ||y||^2 - (zeta.y)^2 = sum_{i<j} (zeta_i y_j - zeta_j y_i)^2`,
/// checked exactly, so `||zeta|| <= 1` implies `zeta.y <= ||y||`.
fn obligation_30_subdifferential() -> Status {
    let zeta = [q1(), q1()];
    let y = [q1(), q1()];
    let zy = dot(&zeta, &y);
    let printed = ensure(
        !(zy.is_positive() && &zy * &zy > norm2(&y)),
        "",
        format!(
            "zeta=(1,1) in the box, y=(1,1): (zeta.y)^2 = {} > ||y||^2 = {}",
            &zy * &zy,
            norm2(&y)
        ),
    );
    let fixed = identity(3001, 4, |s| {
        let n = 4;
        let (z, y) = (s.vec(n), s.vec(n));
        let mut lag = q0();
        for i in 0..n {
            for j in i + 1..n {
                let d = &z[i] * &y[j] - &z[j] * &y[i];
                lag += &d * &d;
            }
        }
        let zy = dot(&z, &y);
        (norm2(&z) * norm2(&y) - &zy * &zy, lag, String::new())
    });
    corrected(
        "[AppA:30] subdifferential of ||.||_2 at 0 printed as a box",
        printed,
        fixed,
    )
}

/// `[AppA:30]` case a): "If ||s~|| <= lambda21 sqrt(d), then y = 0 and
/// xi = s~/(lambda21 sqrt(d)) in partial||0|| satisfy (30)". Exact: residual
/// `-w + c xi + 2*0 = 0` and `||xi||^2 <= 1` at random points with `||w|| <= c`.
fn obligation_30_case_a_zero() -> Status {
    holds(identity(3002, 3, |s| {
        let d = 3;
        let c = s.pos();
        let u = s.unit_vector(d);
        let r = &c * s.unit();
        let w: Vec<Q> = u.iter().map(|ui| ui * &r).collect();
        let xi: Vec<Q> = w.iter().map(|wi| wi / &c).collect();
        let res: Vec<Q> = (0..d).map(|i| -&w[i] + &c * &xi[i]).collect();
        let ok = norm2(&res).is_zero() && norm2(&xi) <= q1();
        (if ok { q0() } else { q1() }, q0(), format!("c={c} r={r}"))
    }))
}

/// `[AppA:31]`-`[AppA:32]` "from (31): (lambda21 sqrt(d)/||y|| + 2) ||y|| = ||s~||, so
/// ||y|| = (||s~|| - lambda21 sqrt(d))/2". Exact: every `y = rho u != 0`
/// solving (31) has `w = (c + 2 rho) u`, and (32) holds.
fn obligation_31_32_norm() -> Status {
    holds(identity(3101, 3, |s| {
        let d = 3;
        let (c, rho) = (s.pos(), s.pos());
        let u = s.unit_vector(d);
        let y: Vec<Q> = u.iter().map(|ui| ui * &rho).collect();
        // w solving (31) for this y: w = c y/||y|| + 2 y, ||y|| = rho.
        let w: Vec<Q> = y.iter().map(|yi| &c * yi / &rho + qi(2) * yi).collect();
        let nw2 = norm2(&w);
        let nw = &c + qi(2) * &rho; // claimed ||w||
        let ok = &nw * &nw == nw2 && nw.is_positive();
        let lhs = (&c / &rho + qi(2)) * &rho;
        let l32 = (&nw - &c) / qi(2);
        (
            lhs + if ok { q0() } else { q1() } + l32,
            nw + &rho,
            format!("c={c} rho={rho}"),
        )
    }))
}

/// `[AppA:33]` "y = 1/2 (1 - lambda21 sqrt(d)/||s~||) s~" satisfies the
/// stationarity condition (31) `-s~ + c y/||y|| + 2 y = 0` when `||s~|| > c`.
/// Exact with `s~ = r u`, `r > c`, `||y|| = (r - c)/2`.
fn obligation_33_stationarity() -> Status {
    holds(identity(3301, 3, |s| {
        let d = 4;
        let c = s.pos();
        let r = &c + s.pos();
        let u = s.unit_vector(d);
        let w: Vec<Q> = u.iter().map(|ui| ui * &r).collect();
        let k = (q1() - &c / &r) / qi(2);
        let y: Vec<Q> = w.iter().map(|wi| wi * &k).collect();
        let ny = (&r - &c) / qi(2);
        let ok = &ny * &ny == norm2(&y);
        let res: Vec<Q> = (0..d)
            .map(|i| -&w[i] + &c * &y[i] / &ny + qi(2) * &y[i])
            .collect();
        (
            norm2(&res) + if ok { q0() } else { q1() },
            q0(),
            format!("c={c} r={r}"),
        )
    }))
}

/// `[AppA:34]` "x = (diag(sigma)+lambda2)^{-1/2} y = (2 diag(sigma) + 2 lambda2)^{-1}
/// (1 - lambda21 sqrt(d)/||s~||) s = (sum Q_s/alpha_s + 2 lambda2)^{-1}(...) s".
/// The algebra holds with the corrected `s~ = A^{-1/2} s` (checked exactly:
/// `x = y/a` equals the closed form, and `2A = sum Q_s/alpha_s + 2 lambda2`).
/// With the printed `s~ = A^{-1} s` (E1) the closed form is not the
/// minimiser: n=1, lambda1=lambda2=0, c=1, sum Q/alpha = 8 (A=4), z=-3:
/// printed ||s~|| = 3/4 <= 1 gives x=0 (objective 0), the corrected form
/// gives x = 1/8 with objective -3/8 + 2/8 + 4/64 = -1/16 < 0.
fn obligation_34_back_substitution() -> Status {
    // Printed form: exact counterexample above.
    let (a, c, z) = (qi(2), q1(), qi(-3));
    let sv = -&z;
    let obj = |x: &Q| &z * x + &c * (&a * x).abs() + &a * &a * x * x;
    let printed_norm = sv.abs() / (&a * &a);
    let x_printed = if printed_norm <= c {
        q0()
    } else {
        (q1() - &c / &printed_norm) * &sv / (qi(2) * &a * &a)
    };
    let x_true = (q1() - &c / (sv.abs() / &a)) * &sv / (qi(2) * &a * &a);
    let printed = ensure(
        obj(&x_printed) <= obj(&x_true),
        "",
        format!(
            "n=1, c=1, A=4, z=-3: printed x={x_printed} objective {}, corrected x={x_true} objective {}",
            obj(&x_printed),
            obj(&x_true)
        ),
    );
    let fixed = identity(3401, 4, |s| {
        let d = 3;
        // a_i = sqrt(A_i) drawn first; sum Q_s/alpha_s := 2 (a_i^2 - lambda2).
        let a: Vec<Q> = (0..d).map(|_| s.pos()).collect();
        let lam2b = s.pos();
        let dq2: Vec<Q> = a.iter().map(|ai| qi(2) * (ai * ai - &lam2b)).collect();
        let c = s.pos();
        let r = &c + s.pos();
        let u = s.unit_vector(d);
        let w: Vec<Q> = u.iter().map(|ui| ui * &r).collect(); // A^{-1/2} s
        let sv: Vec<Q> = w.iter().zip(&a).map(|(wi, ai)| wi * ai).collect();
        let k = (q1() - &c / &r) / qi(2);
        let y: Vec<Q> = w.iter().map(|wi| wi * &k).collect();
        let i = s.int(0, d as i64 - 1) as usize;
        let x_from_y = &y[i] / &a[i];
        let x_closed = (q1() - &c / &r) * &sv[i] / (&dq2[i] + qi(2) * &lam2b);
        (x_from_y, x_closed, format!("i={i}"))
    });
    corrected(
        "[AppA:34]/[Eq:8] with the printed s~ = A^{-1} s the closed form is not the minimiser of (6)",
        printed,
        fixed,
    )
}

/// Every obligation of Appendix A with its expected status.
fn obligations() -> Vec<Obligation> {
    vec![
        Obligation {
            name: "obligation_22_expand_quadratic",
            tag: "AppA:22",
            expect: Kind::Holds,
            check: obligation_22_expand_quadratic,
        },
        Obligation {
            name: "obligation_22_drop_constant",
            tag: "AppA:22",
            expect: Kind::Holds,
            check: obligation_22_drop_constant,
        },
        Obligation {
            name: "obligation_23_z_recursion",
            tag: "AppA:23",
            expect: Kind::Holds,
            check: obligation_23_z_recursion,
        },
        Obligation {
            name: "obligation_24_reduction",
            tag: "AppA:24",
            expect: Kind::Holds,
            check: obligation_24_reduction,
        },
        Obligation {
            name: "obligation_25_substitute_psi",
            tag: "AppA:25",
            expect: Kind::Holds,
            check: obligation_25_substitute_psi,
        },
        Obligation {
            name: "obligation_26_27_l1_reduction",
            tag: "AppA:26-27",
            expect: Kind::Holds,
            check: obligation_26_27_l1_reduction,
        },
        Obligation {
            name: "obligation_26_34_scalar_grid",
            tag: "AppA:26-34",
            expect: Kind::Holds,
            check: obligation_26_34_scalar_grid,
        },
        Obligation {
            name: "obligation_29_substitution",
            tag: "AppA:28-29",
            expect: Kind::HoldsCorrected,
            check: obligation_29_substitution,
        },
        Obligation {
            name: "obligation_30_subdifferential",
            tag: "AppA:30",
            expect: Kind::HoldsCorrected,
            check: obligation_30_subdifferential,
        },
        Obligation {
            name: "obligation_30_case_a_zero",
            tag: "AppA:30",
            expect: Kind::Holds,
            check: obligation_30_case_a_zero,
        },
        Obligation {
            name: "obligation_31_32_norm",
            tag: "AppA:31-32",
            expect: Kind::Holds,
            check: obligation_31_32_norm,
        },
        Obligation {
            name: "obligation_33_stationarity",
            tag: "AppA:33",
            expect: Kind::Holds,
            check: obligation_33_stationarity,
        },
        Obligation {
            name: "obligation_34_back_substitution",
            tag: "AppA:34",
            expect: Kind::HoldsCorrected,
            check: obligation_34_back_substitution,
        },
    ]
}

/// Runs the whole Appendix A table; fails if any status kind changes.
#[test]
fn appendix_a_table() {
    run_table("Appendix A (Theorem 1)", &obligations());
}
