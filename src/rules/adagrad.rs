//! \[Tab1:Adagrad\] and Algorithm 3: `m_t = g_t`, `V_t = diag(sum g_s^2)`.

use super::{check_gradient, MomentRule};
use crate::error::{check_param, Result};
use serde::{Deserialize, Serialize};

/// Where Adagrad's eps (or initial accumulator) goes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "form")]
pub enum AdagradForm {
    /// Algorithm 3 (paper, both versions): `V_1 = g_1^2 + eps`, `V_t = V_{t-1} + g_t^2`,
    /// `alpha_t = alpha`, `sqrt(V_t)` used as is. The paper's default.
    PaperAlg3,
    /// Table 1's row (`V_t = diag(sum g_s^2) / t`, `alpha_t = alpha / sqrt(t)`,
    /// no eps, v1 and v2 Section 1.1), with Algorithm 3's eps added to the
    /// sum: `V_t = (eps + sum g_s^2) / t`, so that it is mathematically equal
    /// to `PaperAlg3` (`sqrt(V_t)/alpha_t` is the same), with different
    /// rounding; with `eps = 0` it is the printed row exactly (remark R1).
    Table1,
    /// TensorFlow `Adagrad`/`Ftrl` and tfplus: the accumulator starts at
    /// `V_0 = n0` (0.1 in TensorFlow), `sqrt(V_t) = sqrt(n0 + sum g^2)`, and
    /// Algorithm 1 uses `Q_1 = sqrt(V_1) - sqrt(V_0)` (non-zero `sqrt(V_0)/alpha`).
    InitialAccumulator {
        /// The initial accumulator `n0 >= 0`.
        n0: f64,
    },
    /// PyTorch `Adagrad` (`initial_accumulator_value = 0`): eps outside the
    /// root, `sqrt(V_t) + eps`.
    EpsOutsideSqrt,
}

/// Adagrad as a moment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Adagrad {
    alpha: f64,
    eps: f64,
    form: AdagradForm,
    t: u64,
    m: Vec<f64>,
    acc: Vec<f64>,
    v: Vec<f64>,
    sqrt_v: Vec<f64>,
    alpha_t: f64,
}

impl Adagrad {
    /// `alpha > 0`, `eps >= 0` \[Alg3\]; `n0 >= 0` for the initial-accumulator form.
    pub fn new(n: usize, alpha: f64, eps: f64, form: AdagradForm) -> Result<Self> {
        check_param("alpha", alpha, alpha > 0.0, "alpha must be > 0 [Alg3]")?;
        check_param("eps", eps, eps >= 0.0, "eps must be >= 0 [Alg3]")?;
        let start = match form {
            AdagradForm::InitialAccumulator { n0 } => check_param(
                "n0",
                n0,
                n0 >= 0.0,
                "the initial accumulator must be >= 0 (TensorFlow requires > 0)",
            )?,
            AdagradForm::PaperAlg3 | AdagradForm::Table1 | AdagradForm::EpsOutsideSqrt => 0.0,
        };
        Ok(Self {
            alpha,
            eps,
            form,
            t: 0,
            m: vec![0.0; n],
            acc: vec![start; n],
            v: vec![start; n],
            sqrt_v: vec![start.sqrt(); n],
            alpha_t: alpha,
        })
    }
}

impl MomentRule for Adagrad {
    fn name(&self) -> &'static str {
        "adagrad"
    }
    fn dim(&self) -> usize {
        self.m.len()
    }
    fn observe(&mut self, g: &[f64], _: Option<&[f64]>) -> Result<()> {
        check_gradient(g, self.m.len())?;
        self.t += 1;
        let first = self.t == 1;
        let t = self.t as f64;
        self.m.copy_from_slice(g);
        for i in 0..g.len() {
            // [Alg3:L5] eps is added once, to V_1.
            let add = if first { self.eps } else { 0.0 };
            match self.form {
                AdagradForm::PaperAlg3 => {
                    self.acc[i] = self.acc[i] + g[i] * g[i] + add;
                    self.v[i] = self.acc[i];
                    self.sqrt_v[i] = self.v[i].sqrt();
                }
                AdagradForm::Table1 => {
                    self.acc[i] = self.acc[i] + g[i] * g[i] + add;
                    self.v[i] = self.acc[i] / t;
                    self.sqrt_v[i] = self.v[i].sqrt();
                }
                AdagradForm::InitialAccumulator { .. } => {
                    self.acc[i] += g[i] * g[i];
                    self.v[i] = self.acc[i];
                    self.sqrt_v[i] = self.v[i].sqrt();
                }
                AdagradForm::EpsOutsideSqrt => {
                    self.acc[i] += g[i] * g[i];
                    self.v[i] = self.acc[i];
                    self.sqrt_v[i] = self.v[i].sqrt() + self.eps;
                }
            }
        }
        self.alpha_t = match self.form {
            AdagradForm::Table1 => self.alpha / t.sqrt(),
            AdagradForm::PaperAlg3
            | AdagradForm::InitialAccumulator { .. }
            | AdagradForm::EpsOutsideSqrt => self.alpha,
        };
        Ok(())
    }
    fn step(&self) -> u64 {
        self.t
    }
    fn m(&self) -> &[f64] {
        &self.m
    }
    fn v(&self) -> &[f64] {
        &self.v
    }
    fn sqrt_v(&self) -> &[f64] {
        &self.sqrt_v
    }
    fn alpha(&self) -> f64 {
        self.alpha_t
    }
    fn initial_sigma(&self) -> Vec<f64> {
        match self.form {
            AdagradForm::InitialAccumulator { n0 } => vec![n0.sqrt() / self.alpha; self.m.len()],
            AdagradForm::PaperAlg3 | AdagradForm::Table1 | AdagradForm::EpsOutsideSqrt => {
                vec![0.0; self.m.len()]
            }
        }
    }
}

impl super::ClockedRule for Adagrad {
    fn set_clock_from(&mut self, clock: &Self) -> Result<()> {
        self.t = clock.t;
        self.alpha_t = clock.alpha_t;
        Ok(())
    }
}
