//! The differential property of the fused step against Algorithm 1, as one
//! step's verdict: shared by `tests/hardening_fused.rs` (proptest) and the
//! `fused_structured` fuzz target ([`crate::fuzz_entry::fused_structured`]).
//!
//! Only the comparison is shared: each side computes its step with its own
//! code ([`FusedSgl`] and [`Algorithm1`] share none).

use super::{FusedRule, FusedSgl};
use crate::algorithm1::Algorithm1;
use crate::rules::MomentRule;

/// The outcome of one step of both paths on the same gradient.
#[derive(Debug, Clone, PartialEq)]
pub enum StepVerdict {
    /// Both succeeded with bit-identical `x_{t+1}`, `z_t` and `sigma_t`.
    Same,
    /// Both failed (typed errors) at this step: the runs end here.
    BothFailed,
    /// The property fails: one path failed alone, or a value differs
    /// (described, with the first differing coordinate).
    Diverged(String),
}

/// Steps both paths with `g` and compares them bit for bit.
pub fn differential_step<R: MomentRule, F: FusedRule<f64>>(
    reference: &mut Algorithm1<R>,
    fused: &mut FusedSgl<f64, F>,
    g: &[f64],
) -> StepVerdict {
    let ra = reference.step(g).map(|x| x.to_vec());
    let rf = fused.step(g).map(|x| x.to_vec());
    match (&ra, &rf) {
        (Ok(xa), Ok(xf)) => {
            for (what, a, f) in [
                ("x", xa.as_slice(), xf.as_slice()),
                ("z", reference.z(), fused.z()),
                ("sigma", reference.sigma(), fused.sigma()),
            ] {
                if a.len() != f.len() {
                    return StepVerdict::Diverged(format!(
                        "step {}: {what} has length {} in the reference, {} in the fused step",
                        fused.t(),
                        a.len(),
                        f.len()
                    ));
                }
                if let Some(i) = (0..a.len()).find(|&i| a[i].to_bits() != f[i].to_bits()) {
                    return StepVerdict::Diverged(format!(
                        "step {}: {what}[{i}] is {:e} in the reference, {:e} in the fused step \
                         (g[{i}] = {:e})",
                        fused.t(),
                        a[i],
                        f[i],
                        g.get(i).copied().unwrap_or(f64::NAN)
                    ));
                }
            }
            StepVerdict::Same
        }
        (Err(_), Err(_)) => StepVerdict::BothFailed,
        _ => StepVerdict::Diverged(format!(
            "step {}: reference {} but fused {}",
            fused.t(),
            ra.as_ref()
                .map(|_| "ok".to_string())
                .unwrap_or_else(|e| e.to_string()),
            rf.as_ref()
                .map(|_| "ok".to_string())
                .unwrap_or_else(|e| e.to_string()),
        )),
    }
}
