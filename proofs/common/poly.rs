//! Sparse multivariate polynomials with exact rational coefficients, and
//! rational functions as (numerator, denominator) pairs.
//!
//! Used to *prove* identities: two polynomials are equal as functions on
//! `R^k` iff their canonical expansions (monomial -> coefficient, zero
//! coefficients dropped) are equal, since `R` is an infinite field. Two
//! rational functions `P/R`, `P'/R'` agree wherever `R R' != 0` iff
//! `P R' = P' R` as polynomials; that non-vanishing is the side condition an
//! obligation states.
//!
//! A monomial is a sorted list of `(variable name, exponent)`; variables are
//! named by strings so an obligation reads like the paper (`"alpha_1"`).
#![allow(dead_code)]

use super::Q;
use num_traits::{One, Zero};
use std::collections::BTreeMap;
use std::ops::{Add, Mul, Neg, Sub};

/// A monomial: sorted `(variable, exponent >= 1)` pairs.
pub type Mono = Vec<(String, u32)>;

/// A polynomial in canonical form (no zero coefficients).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Poly(BTreeMap<Mono, Q>);

fn mono_mul(a: &Mono, b: &Mono) -> Mono {
    let mut m: BTreeMap<String, u32> = BTreeMap::new();
    for (v, e) in a.iter().chain(b.iter()) {
        *m.entry(v.clone()).or_insert(0) += e;
    }
    m.into_iter().collect()
}

impl Poly {
    /// The constant `c`.
    pub fn c(c: Q) -> Poly {
        let mut m = BTreeMap::new();
        if !c.is_zero() {
            m.insert(vec![], c);
        }
        Poly(m)
    }
    /// The constant `n/d`.
    pub fn cq(n: i64, d: i64) -> Poly {
        Poly::c(super::q(n, d))
    }
    /// The variable `name`.
    pub fn var(name: &str) -> Poly {
        let mut m = BTreeMap::new();
        m.insert(vec![(name.to_string(), 1)], Q::one());
        Poly(m)
    }
    /// Is this the zero polynomial?
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of terms.
    pub fn terms(&self) -> usize {
        self.0.len()
    }
    /// Total degree (0 for constants and for the zero polynomial).
    pub fn degree(&self) -> u32 {
        self.0
            .keys()
            .map(|m| m.iter().map(|(_, e)| e).sum())
            .max()
            .unwrap_or(0)
    }
    /// `self^k`.
    pub fn pow(&self, k: u32) -> Poly {
        let mut r = Poly::c(Q::one());
        for _ in 0..k {
            r = &r * self;
        }
        r
    }
    /// Exact value at a point (every variable must be assigned).
    pub fn eval(&self, at: &dyn Fn(&str) -> Q) -> Q {
        let mut acc = Q::zero();
        for (m, c) in &self.0 {
            let mut t = c.clone();
            for (v, e) in m {
                let x = at(v);
                for _ in 0..*e {
                    t *= &x;
                }
            }
            acc += t;
        }
        acc
    }
}

impl Add for &Poly {
    type Output = Poly;
    fn add(self, o: &Poly) -> Poly {
        let mut m = self.0.clone();
        for (k, c) in &o.0 {
            let e = m.entry(k.clone()).or_insert_with(Q::zero);
            *e += c;
            if e.is_zero() {
                m.remove(k);
            }
        }
        Poly(m)
    }
}

impl Neg for &Poly {
    type Output = Poly;
    fn neg(self) -> Poly {
        Poly(self.0.iter().map(|(k, c)| (k.clone(), -c)).collect())
    }
}

impl Sub for &Poly {
    type Output = Poly;
    fn sub(self, o: &Poly) -> Poly {
        self + &(-o)
    }
}

impl Mul for &Poly {
    type Output = Poly;
    fn mul(self, o: &Poly) -> Poly {
        let mut m: BTreeMap<Mono, Q> = BTreeMap::new();
        for (ka, ca) in &self.0 {
            for (kb, cb) in &o.0 {
                let e = m.entry(mono_mul(ka, kb)).or_insert_with(Q::zero);
                *e += ca * cb;
            }
        }
        m.retain(|_, c| !c.is_zero());
        Poly(m)
    }
}

/// A rational function `num / den` (`den` not the zero polynomial).
#[derive(Clone, Debug)]
pub struct Rf {
    /// Numerator.
    pub num: Poly,
    /// Denominator.
    pub den: Poly,
}

impl Rf {
    /// The polynomial `p` as `p / 1`.
    pub fn p(p: Poly) -> Rf {
        Rf {
            num: p,
            den: Poly::c(Q::one()),
        }
    }
    /// The variable `name`.
    pub fn var(name: &str) -> Rf {
        Rf::p(Poly::var(name))
    }
    /// The constant `n/d`.
    pub fn cq(n: i64, d: i64) -> Rf {
        Rf::p(Poly::cq(n, d))
    }
    /// `self / o`; panics if `o` is the zero rational function (a bug in the
    /// obligation, not an input).
    pub fn div(&self, o: &Rf) -> Rf {
        assert!(!o.num.is_zero(), "division by the zero rational function");
        Rf {
            num: &self.num * &o.den,
            den: &self.den * &o.num,
        }
    }
    /// `P R' - P' R`: zero iff `self == o` wherever both denominators are
    /// non-zero.
    pub fn cross_diff(&self, o: &Rf) -> Poly {
        &(&self.num * &o.den) - &(&o.num * &self.den)
    }
}

impl Add for &Rf {
    type Output = Rf;
    fn add(self, o: &Rf) -> Rf {
        if self.den == o.den {
            return Rf {
                num: &self.num + &o.num,
                den: self.den.clone(),
            };
        }
        Rf {
            num: &(&self.num * &o.den) + &(&o.num * &self.den),
            den: &self.den * &o.den,
        }
    }
}

impl Neg for &Rf {
    type Output = Rf;
    fn neg(self) -> Rf {
        Rf {
            num: -&self.num,
            den: self.den.clone(),
        }
    }
}

impl Sub for &Rf {
    type Output = Rf;
    fn sub(self, o: &Rf) -> Rf {
        self + &(-o)
    }
}

impl Mul for &Rf {
    type Output = Rf;
    fn mul(self, o: &Rf) -> Rf {
        Rf {
            num: &self.num * &o.num,
            den: &self.den * &o.den,
        }
    }
}

/// Outcome of a symbolic identity proof: `Ok(description)` if `lhs == rhs`
/// as rational functions (wherever the stated denominators are non-zero),
/// `Err(description of the non-zero difference)` otherwise.
pub fn prove_identity(lhs: &Rf, rhs: &Rf, side: &str) -> Result<String, String> {
    let d = lhs.cross_diff(rhs);
    if d.is_zero() {
        let e = &lhs.num * &rhs.den;
        Ok(format!(
            "symbolic: P R' = P' R expands to the same {} terms (degree {}){}",
            e.terms(),
            e.degree(),
            if side.is_empty() {
                String::new()
            } else {
                format!("; side condition {side}")
            }
        ))
    } else {
        Err(format!(
            "symbolic: P R' - P' R has {} non-zero terms (degree {})",
            d.terms(),
            d.degree()
        ))
    }
}
