//! The proximal pieces of Algorithm 1, each a free function tagged with its
//! equation so it can be tested alone.

use crate::groups::Groups;

/// Eq. (9) / \[Alg1:L8\]: `s_i = 0` if `|z_i| <= lambda1`, else
/// `sign(z_i) lambda1 - z_i`. The tie `|z| = lambda1` goes to zero, as printed.
pub fn soft_threshold(z: f64, lambda1: f64) -> f64 {
    if z.abs() <= lambda1 {
        0.0
    } else if z > 0.0 {
        lambda1 - z
    } else {
        -lambda1 - z
    }
}

/// Euclidean norm summed in index order over `idx` of `v[i] * w(i)`.
pub fn weighted_norm(v: &[f64], idx: &[usize], w: impl Fn(usize) -> f64) -> f64 {
    let mut acc = 0.0;
    for &i in idx {
        let a = v[i] * w(i);
        acc += a * a;
    }
    acc.sqrt()
}

/// The factor `max(1 - c / norm, 0)` of \[Alg1:L10\] and Eq. (8), with
/// `c = sqrt(d_g) lambda21`. The tie `norm = c` gives exactly 0 (the group is
/// zeroed, as `max(.,0)` prints), and `norm = 0` gives 0 (s is zero anyway).
pub fn group_factor(norm: f64, c: f64) -> f64 {
    if norm <= c {
        0.0
    } else {
        1.0 - c / norm
    }
}

/// `-s_t` is soft-thresholded `-z`; returns `s` for the whole vector \[Eq:9\].
pub fn soft_threshold_all(z: &[f64], lambda1: f64, s: &mut [f64]) {
    for (si, zi) in s.iter_mut().zip(z) {
        *si = soft_threshold(*zi, lambda1);
    }
}

/// Fraction of groups that are entirely zero in `x`.
pub fn zero_group_fraction(groups: &Groups, x: &[f64]) -> f64 {
    let zero = groups
        .iter()
        .filter(|m| m.iter().all(|&i| x[i] == 0.0))
        .count();
    zero as f64 / groups.len() as f64
}
