//! Shared exact-arithmetic helpers for the proof obligations (issue 4).
//!
//! - `Q` = `BigRational`: every obligation is evaluated exactly, no floats.
//! - `Sampler`: seeded (ChaCha8) random rationals. A "generic" rational is
//!   `n / 2^16` with `n` uniform in `[-2^32, 2^32)`, i.e. drawn from a fixed
//!   finite set `S` of `2^33` distinct values (positive symbols: `2^32`
//!   values). By the Schwartz-Zippel lemma a nonzero rational identity
//!   `P/R - P'/R'` whose cleared numerator has total degree `deg` vanishes at
//!   one random point of `S^k` with probability `<= deg / |S| <= deg / 2^32`;
//!   at `N` independent points with probability `<= (deg / 2^32)^N`.
//!   Every identity below has `deg <= 64` and is checked at `N = POINTS = 24`
//!   points, so a false identity survives with probability `< 2^-624`.
//! - `Status` / `Obligation` / `run_table`: the obligation registry. Each
//!   appendix file lists its obligations with the expected status *kind*; the
//!   table test fails if any obligation changes kind.
#![allow(dead_code)]

pub mod poly;
pub mod smt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Exact rational.
pub type Q = BigRational;

/// Number of random points per identity (see the module doc for the bound).
pub const POINTS: usize = 24;

/// `n / d` as an exact rational.
pub fn q(n: i64, d: i64) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

/// The integer `n` as a rational.
pub fn qi(n: i64) -> Q {
    q(n, 1)
}

/// Zero.
pub fn q0() -> Q {
    Q::zero()
}

/// One.
pub fn q1() -> Q {
    Q::one()
}

/// `x^k` for `k >= 0`, by repeated multiplication.
pub fn pow(x: &Q, k: usize) -> Q {
    let mut r = q1();
    for _ in 0..k {
        r *= x;
    }
    r
}

/// Sign of `x` as -1, 0, 1.
pub fn sign(x: &Q) -> Q {
    if x.is_positive() {
        q1()
    } else if x.is_negative() {
        -q1()
    } else {
        q0()
    }
}

/// Inner product.
pub fn dot(a: &[Q], b: &[Q]) -> Q {
    a.iter().zip(b).fold(q0(), |acc, (x, y)| acc + x * y)
}

/// Squared Euclidean norm.
pub fn norm2(a: &[Q]) -> Q {
    dot(a, a)
}

/// Short decimal rendering of a rational for reports (exact if small).
pub fn show(x: &Q) -> String {
    let s = x.to_string();
    if s.len() <= 24 {
        s
    } else {
        // 12 significant decimals via f64 for readability only.
        let f = x.numer().to_string().parse::<f64>().unwrap_or(f64::NAN)
            / x.denom().to_string().parse::<f64>().unwrap_or(f64::NAN);
        format!("~{f:.12e}")
    }
}

/// Render a vector.
pub fn showv(v: &[Q]) -> String {
    let parts: Vec<String> = v.iter().map(show).collect();
    format!("[{}]", parts.join(", "))
}

/// Seeded random rationals.
pub struct Sampler(ChaCha8Rng);

impl Sampler {
    /// New sampler from a seed (each obligation uses its own seed).
    pub fn new(seed: u64) -> Self {
        Sampler(ChaCha8Rng::seed_from_u64(seed))
    }
    /// Generic rational `n / 2^16`, `n` uniform in `[-2^32, 2^32)`.
    pub fn rat(&mut self) -> Q {
        let n: i64 = self.0.random_range(-(1i64 << 32)..(1i64 << 32));
        q(n, 1 << 16)
    }
    /// Generic positive rational `n / 2^16`, `n` uniform in `[1, 2^32]`.
    pub fn pos(&mut self) -> Q {
        let n: i64 = self.0.random_range(1i64..=(1i64 << 32));
        q(n, 1 << 16)
    }
    /// Rational in `[0, 1)` with denominator 2^32.
    pub fn unit(&mut self) -> Q {
        let n: i64 = self.0.random_range(0i64..(1i64 << 32));
        q(n, 1 << 32)
    }
    /// Small integer in `[lo, hi]` (for structural choices: lengths, signs).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.random_range(lo..=hi)
    }
    /// Small rational `a/b` with |a| <= 6, b in 1..=4 (for near-miss searches
    /// where exact small counterexamples are wanted).
    pub fn small(&mut self) -> Q {
        let a = self.int(-6, 6);
        let b = self.int(1, 4);
        q(a, b)
    }
    /// Vector of generic rationals.
    pub fn vec(&mut self, n: usize) -> Vec<Q> {
        (0..n).map(|_| self.rat()).collect()
    }
    /// Vector of generic positive rationals.
    pub fn pvec(&mut self, n: usize) -> Vec<Q> {
        (0..n).map(|_| self.pos()).collect()
    }
    /// Rational unit vector in dimension `d` (inverse stereographic
    /// projection of a random rational point), so that `||u||_2 = 1` exactly.
    pub fn unit_vector(&mut self, d: usize) -> Vec<Q> {
        if d == 1 {
            return vec![if self.int(0, 1) == 0 { q1() } else { -q1() }];
        }
        let p = self.vec(d - 1);
        let n2 = norm2(&p);
        let den = &n2 + q1();
        let mut u: Vec<Q> = p.iter().map(|pi| qi(2) * pi / &den).collect();
        u.push((&n2 - q1()) / &den);
        u
    }
}

/// Status of one obligation.
#[derive(Debug, Clone)]
pub enum Status {
    /// The step holds as printed (identity at POINTS random points, or an
    /// exact certificate, or an exhaustive/proptest search).
    Holds {
        /// How it was checked.
        how: String,
    },
    /// The printed step is wrong; a corrected statement was checked.
    HoldsCorrected {
        /// What is wrong, with a counterexample to the printed form.
        erratum: String,
        /// The corrected statement that was checked (and how).
        corrected: String,
    },
    /// The step needs a premise the paper does not state there.
    NeedsPremise {
        /// The premise.
        premise: String,
        /// A counterexample without it (and how it holds with it).
        counterexample: String,
    },
    /// The step is false; counterexample.
    False {
        /// Counterexample.
        counterexample: String,
    },
}

/// Status kind (what a table test asserts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Holds as printed.
    Holds,
    /// Erratum: holds with the corrected statement.
    HoldsCorrected,
    /// Needs an extra premise.
    NeedsPremise,
    /// False.
    False,
}

impl Status {
    /// Kind of this status.
    pub fn kind(&self) -> Kind {
        match self {
            Status::Holds { .. } => Kind::Holds,
            Status::HoldsCorrected { .. } => Kind::HoldsCorrected,
            Status::NeedsPremise { .. } => Kind::NeedsPremise,
            Status::False { .. } => Kind::False,
        }
    }
    /// One-line detail.
    pub fn detail(&self) -> String {
        match self {
            Status::Holds { how } => how.clone(),
            Status::HoldsCorrected { erratum, corrected } => {
                format!("ERRATUM: {erratum} | CORRECTED: {corrected}")
            }
            Status::NeedsPremise {
                premise,
                counterexample,
            } => format!("PREMISE: {premise} | WITHOUT IT: {counterexample}"),
            Status::False { counterexample } => format!("COUNTEREXAMPLE: {counterexample}"),
        }
    }
}

/// Outcome of a randomised or certificate check: `Err` carries the failing
/// point.
pub type Check = Result<String, String>;

/// Check `lhs == rhs` exactly at `POINTS` random points drawn by `f`.
/// Returns a description on success, the first failing point on failure.
pub fn identity(seed: u64, deg: usize, mut f: impl FnMut(&mut Sampler) -> (Q, Q, String)) -> Check {
    let mut s = Sampler::new(seed);
    for k in 0..POINTS {
        let (l, r, at) = f(&mut s);
        if l != r {
            return Err(format!(
                "point {k}: lhs {} != rhs {} at {at}",
                show(&l),
                show(&r)
            ));
        }
    }
    Ok(format!(
        "exact identity at {POINTS} random rational points (Schwartz-Zippel: degree <= {deg}, P[false identity passes] <= ({deg}/2^32)^{POINTS})"
    ))
}

/// Check `lhs >= rhs` (or `>` when `strict`) exactly at `n` random points.
pub fn inequality(
    seed: u64,
    n: usize,
    strict: bool,
    mut f: impl FnMut(&mut Sampler) -> Option<(Q, Q, String)>,
) -> Check {
    let mut s = Sampler::new(seed);
    let mut cases = 0usize;
    let mut best: Option<(Q, String)> = None;
    for _ in 0..n {
        let Some((l, r, at)) = f(&mut s) else {
            continue;
        };
        cases += 1;
        let gap = &l - &r;
        let ok = if strict {
            gap.is_positive()
        } else {
            !gap.is_negative()
        };
        if !ok {
            return Err(format!("lhs {} vs rhs {} at {at}", show(&l), show(&r)));
        }
        if best.as_ref().is_none_or(|(b, _)| &gap < b) {
            best = Some((gap, at));
        }
    }
    let (b, at) = best.unwrap_or((q0(), "-".into()));
    Ok(format!(
        "search: {cases} exact cases, no counterexample; best near-miss gap {} at {at}",
        show(&b)
    ))
}

/// Number of cases for searches (env `PROPTEST_CASES`, default 256).
pub fn cases() -> usize {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// How strongly an obligation is established (issue 19).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Proved for all real inputs (symbolic identity, or an `unsat` query
    /// whose statement does not depend on a dimension or horizon).
    Proved,
    /// Proved for all real inputs within the stated bound (`d <= 3`,
    /// `T <= k`); sampled beyond it.
    ProvedBounded(&'static str),
    /// Checked exactly on seeded random points only.
    Sampled,
}

impl Strength {
    /// Label used in tables and in `proofs/strength/*.tsv`.
    pub fn label(self) -> String {
        match self {
            Strength::Proved => "proved".into(),
            Strength::ProvedBounded(b) => format!("proved-bounded ({b})"),
            Strength::Sampled => "sampled".into(),
        }
    }
}

/// Outcome of a proof (`Ok` = proved as claimed; `Err` = failed, or
/// `SKIPPED: ...` when z3 is missing outside CI).
pub type Proof = Result<String, String>;

/// One registered obligation.
pub struct Obligation {
    /// Function name (as in the claims table: `target::name`).
    pub name: &'static str,
    /// Equation tag, e.g. `AppA:29`.
    pub tag: &'static str,
    /// Expected kind.
    pub expect: Kind,
    /// The check (exact, on sampled points: the independent second path).
    pub check: fn() -> Status,
    /// Claimed strength; `Sampled` iff `proof` is `None`.
    pub strength: Strength,
    /// The proof backing `strength`.
    pub proof: Option<fn() -> Proof>,
}

/// Run every obligation (sampled check and proof), print the table, assert
/// each expected kind and strength, and compare `proofs/strength/<target>.tsv`.
pub fn run_table(title: &str, target: &str, obligations: &[Obligation]) {
    println!("## {title}\n");
    println!("| obligation | tag | status | strength | detail | proof |");
    println!("|---|---|---|---|---|---|");
    let mut wrong = vec![];
    let mut tsv = String::from("# obligation\tstrength (generated by the proof_appendix_* tests; SGL_UPDATE_SMT=1 rewrites)\n");
    for o in obligations {
        let st = (o.check)();
        let proof = match (o.strength, o.proof) {
            (Strength::Sampled, None) => Ok("-".to_string()),
            (Strength::Sampled, Some(_)) | (_, None) => {
                Err("strength and proof disagree (Sampled iff no proof)".to_string())
            }
            (_, Some(p)) => p(),
        };
        let proof_s = match &proof {
            Ok(s) => s.clone(),
            Err(e) => format!("NOT PROVED: {e}"),
        };
        println!(
            "| {} | {} | {:?} | {} | {} | {} |",
            o.name,
            o.tag,
            st.kind(),
            o.strength.label(),
            st.detail(),
            proof_s
        );
        if st.kind() != o.expect {
            wrong.push(format!(
                "{}: expected {:?}, got {:?}: {}",
                o.name,
                o.expect,
                st.kind(),
                st.detail()
            ));
        }
        if let Err(e) = &proof {
            if !e.starts_with("SKIPPED") {
                wrong.push(format!(
                    "{}: claimed {} but {e}",
                    o.name,
                    o.strength.label()
                ));
            }
        }
        tsv.push_str(&format!("{target}::{}\t{}\n", o.name, o.strength.label()));
    }
    smt::print_times();
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("proofs/strength")
        .join(format!("{target}.tsv"));
    if std::fs::read_to_string(&path).ok().as_deref() != Some(tsv.as_str()) {
        if std::env::var("SGL_UPDATE_SMT").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
            let tmp = path.with_extension("tsv.tmp");
            std::fs::write(&tmp, &tsv).expect("write");
            std::fs::rename(&tmp, &path).expect("rename");
        } else {
            wrong.push(format!(
                "proofs/strength/{target}.tsv differs from the table (SGL_UPDATE_SMT=1 rewrites it)"
            ));
        }
    }
    assert!(wrong.is_empty(), "status changed:\n{}", wrong.join("\n"));
}

/// Helper: `Holds` from a successful check, `False` otherwise.
pub fn holds(c: Check) -> Status {
    match c {
        Ok(how) => Status::Holds { how },
        Err(ce) => Status::False { counterexample: ce },
    }
}

/// Helper: erratum status. `printed` must fail (its counterexample is
/// reported) and `corrected` must hold; otherwise the status degrades to
/// `Holds` (printed form not refuted) or `False` (correction fails).
pub fn corrected(what: &str, printed: Check, corrected_c: Check) -> Status {
    match (printed, corrected_c) {
        (Err(ce), Ok(how)) => Status::HoldsCorrected {
            erratum: format!("{what}; printed form fails: {ce}"),
            corrected: how,
        },
        (Ok(how), Ok(_)) => Status::Holds {
            how: format!("printed form not refuted: {how}"),
        },
        (_, Err(ce)) => Status::False {
            counterexample: format!("corrected form fails: {ce}"),
        },
    }
}

/// Helper: premise status. Without the premise the check must fail, with it
/// it must hold.
pub fn premise(premise_s: &str, without: Check, with: Check) -> Status {
    match (without, with) {
        (Err(ce), Ok(how)) => Status::NeedsPremise {
            premise: premise_s.into(),
            counterexample: format!("{ce}; with the premise: {how}"),
        },
        (Ok(how), Ok(_)) => Status::Holds {
            how: format!("holds even without '{premise_s}': {how}"),
        },
        (_, Err(ce)) => Status::False {
            counterexample: format!("fails even with '{premise_s}': {ce}"),
        },
    }
}

/// `Ok` if `cond`, else `Err(msg)`.
pub fn ensure(cond: bool, ok: &str, msg: String) -> Check {
    if cond {
        Ok(ok.into())
    } else {
        Err(msg)
    }
}

/// Absolute value.
pub fn abs(x: &Q) -> Q {
    x.abs()
}
