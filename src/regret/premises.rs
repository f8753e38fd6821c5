//! Premise flags of \[Thm3\], \[Lem1\], \[Lem2\], \[Cor1\] per run, including those
//! Appendix C uses silently:
//!
//! | premise | used in | flag |
//! |---|---|---|
//! | f_t convex | (36) first inequality | by construction (all kinds) |
//! | (12) `<m_{t-1}, x_t - x*> >= 0` with gamma >= 0 | (36) second inequality | `cond12_min` |
//! | (13) `m_t = gamma m_{t-1} + g_t` | (36) | rule constant (Adam's bias-corrected m does not fit) |
//! | `h_1 + Psi_1 >= h_0`, i.e. `sqrt(V_1)/alpha_1 >= I` when lambda = 0 | (40), step t = 1 | `sigma1_min` |
//! | `h_{t+1} >= h_t` (`Q_t` PSD) | (40) | `q_min` |
//! | `Psi_{t+1} >= Psi_t` (`A_{t+1} >= A_t`, same as `Q_t` PSD) | (40) | `q_min` |
//! | `x_t = argmin` of (6) incl. the x_s-centred terms | (38), (40) | threshold = `STildeExact` |
//! | (15) with eta <= 1; case 2: eta >= gamma, `kappa V_t >= V_{t-1}`, kappa < 1 | \[Lem1\] | `kappa` |

use super::bounds::Bounds;
use super::record::Run;

/// Per-run premise measurements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Premises {
    /// `min_t <m_{t-1}, x_t - x*>` (condition (12) holds iff >= 0).
    pub cond12_min: f64,
    /// `min_{t,i} Q_{t,i}/alpha_t` (Q_t PSD, h_t and A_t increasing, iff >= 0).
    pub q_min: f64,
    /// `min_i sigma_{1,i}` (h_1 >= h_0 at lambda = 0 iff >= 1).
    pub sigma1_min: f64,
    /// Measured kappa (Lemma 1 case 2 needs kappa < 1).
    pub kappa: f64,
}

impl Premises {
    /// Measures the premises of the first `t` rounds against `x_star`.
    pub fn measure(run: &Run, t: usize, x_star: &[f64], b: &Bounds) -> Self {
        let r = &run.rounds[..t];
        let mut c12 = f64::INFINITY;
        for (idx, k) in r.iter().enumerate() {
            let v = if idx == 0 {
                0.0 // m_0 = 0
            } else {
                r[idx - 1]
                    .state
                    .m_t
                    .iter()
                    .zip(&k.x_t)
                    .zip(x_star)
                    .map(|((m, x), s)| m * (x - s))
                    .sum()
            };
            c12 = c12.min(v);
        }
        let q_min = r
            .iter()
            .flat_map(|k| k.q_over_alpha_t.iter())
            .fold(f64::INFINITY, |a, b| a.min(*b));
        let sigma1_min = r[0]
            .state
            .sigma_t
            .iter()
            .fold(f64::INFINITY, |a, b| a.min(*b));
        Self {
            cond12_min: c12,
            q_min,
            sigma1_min,
            kappa: b.measured.kappa,
        }
    }
    /// (12) holds.
    pub fn cond12(&self) -> bool {
        self.cond12_min >= 0.0
    }
    /// `Q_t` PSD for every t.
    pub fn q_psd(&self) -> bool {
        self.q_min >= 0.0
    }
    /// `sqrt(V_1)/alpha_1 >= I`.
    pub fn h1_ge_h0(&self) -> bool {
        self.sigma1_min >= 1.0
    }
}
