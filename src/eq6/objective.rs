//! The objective of \[Eq:24\]/\[Eq:25\] for a reduced [`Instance`].

use super::instance::Instance;
use crate::groups::Groups;
use crate::penalty::Penalty;

/// `Psi_t(x)` of \[Eq:5\] with `A_t = sigma/2 + lambda2` (written here rather
/// than calling `Penalty::value`, so that the two can be compared in tests).
pub fn psi(penalty: &Penalty, groups: &Groups, sigma: &[f64], x: &[f64]) -> f64 {
    let mut total = 0.0;
    for (g, members) in groups.iter().enumerate() {
        let mut l1 = 0.0;
        let mut sq = 0.0;
        for &i in members {
            let a = 0.5 * sigma[i] + penalty.lambda2;
            l1 += x[i].abs();
            sq += a * x[i] * x[i];
        }
        total += penalty.lambda1 * l1 + penalty.lambda21 * groups.sqrt_size(g) * sq.sqrt();
    }
    let mut l2 = 0.0;
    for xi in x {
        l2 += xi * xi;
    }
    total + penalty.lambda2 * l2
}

/// The objective of \[Eq:24\]: `z.x + x^T diag(sigma/2) x + Psi_t(x)`.
pub fn objective(inst: &Instance, x: &[f64]) -> f64 {
    let mut smooth = 0.0;
    for i in 0..inst.dim() {
        smooth += inst.z[i] * x[i] + 0.5 * inst.sigma[i] * x[i] * x[i];
    }
    smooth + psi(&inst.penalty, &inst.groups, &inst.sigma, x)
}

/// A magnitude scale for rounding bounds on [`objective`]: the sum of the
/// absolute values of its terms (each term is computed to ~1 ULP, so the
/// total rounding error is at most ~`(n + 3) eps` times this).
pub fn objective_scale(inst: &Instance, x: &[f64]) -> f64 {
    let p = &inst.penalty;
    let mut acc = 0.0;
    for (g, members) in inst.groups.iter().enumerate() {
        let mut sq = 0.0;
        for &i in members {
            let a = 0.5 * inst.sigma[i] + p.lambda2;
            acc += (inst.z[i] * x[i]).abs()
                + 0.5 * inst.sigma[i] * x[i] * x[i]
                + p.lambda1 * x[i].abs()
                + p.lambda2 * x[i] * x[i];
            sq += a * x[i] * x[i];
        }
        acc += p.lambda21 * inst.groups.sqrt_size(g) * sq.sqrt();
    }
    acc
}
