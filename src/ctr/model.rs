//! The models of Section 4: DCN and a plain MLP over one embedding row per
//! field, forward and hand-derived backward.
//!
//! The paper (v2, Section 4.1 c): DCN with "one embedding layer with
//! embedding dimension 8, two deep layers of size 64 each, and two cross
//! layers"; (a): the MLP has "four fully connected layers (with output
//! dimension of 64, 32, 16 and 1, respectively)". Here, with
//! `x_0 = [e_1; ...; e_F]` the concatenated embedding rows (length `n0 = F d`):
//!
//! - cross layer l (DCN v1, Wang et al. 2017, Eq. 1):
//!   `x_{l+1} = x_0 (w_l . x_l) + b_l + x_l`;
//! - deep layer k: `h_{k+1} = relu(W_k h_k + c_k)`, `h_0 = x_0`;
//! - output: DCN `logit = u . [x_L; h_K] + u_0`, MLP `logit = u . h_K + u_0`;
//! - loss: the mean log-loss `mean_i softplus(logit_i) - y_i logit_i`.
//!
//! Backward (per example, `delta = (sigmoid(logit) - y) / B`):
//! `du = delta [x_L; h_K]`, `du_0 = delta`; for the deep stack, with `a_k`
//! the pre-activation, `dc_k = dh_{k+1} * 1[a_k > 0]`, `dW_k = dc_k h_k^T`,
//! `dh_k = W_k^T dc_k`; for cross layer l with `s_l = w_l . x_l` and
//! `g = dx_{l+1}`: `db_l = g`, `ds = g . x_0`, `dw_l = ds x_l`,
//! `dx_l = g + ds w_l`, and `x_0` collects `g s_l` from every layer, plus
//! `dx_0` from the first cross layer and from the deep stack. The embedding
//! gradient of example i, field f is the slice f of `dx_0`; rows that occur
//! several times in a batch sum their slices ([`sparse_rows`]).

use super::{mix64, setting, unit, Batch, CtrError, Result};
use serde::{Deserialize, Serialize};

/// Which network sits on the embeddings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// Deep & Cross Network: cross layers and a deep stack side by side.
    Dcn,
    /// A plain multi-layer perceptron (the deep stack alone).
    Mlp,
}

/// Architecture of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// DCN or MLP.
    pub kind: ModelKind,
    /// Number of fields F.
    pub fields: usize,
    /// Embedding dimension d.
    pub dim: usize,
    /// Cross layers (DCN only; 0 for the MLP).
    pub cross_layers: usize,
    /// Widths of the deep (ReLU) layers.
    pub deep: Vec<usize>,
}

impl ModelConfig {
    /// The paper's DCN: two cross layers, two deep layers of 64.
    pub fn dcn(fields: usize, dim: usize) -> Self {
        Self {
            kind: ModelKind::Dcn,
            fields,
            dim,
            cross_layers: 2,
            deep: vec![64, 64],
        }
    }
    /// The paper's MLP: hidden layers of 64, 32 and 16, then the output.
    pub fn mlp(fields: usize, dim: usize) -> Self {
        Self {
            kind: ModelKind::Mlp,
            fields,
            dim,
            cross_layers: 0,
            deep: vec![64, 32, 16],
        }
    }
    /// The preset of `kind`.
    pub fn of(kind: ModelKind, fields: usize, dim: usize) -> Self {
        match kind {
            ModelKind::Dcn => Self::dcn(fields, dim),
            ModelKind::Mlp => Self::mlp(fields, dim),
        }
    }
}

/// A model: the architecture and the layout of its dense parameter vector.
/// The parameters themselves are passed in, so the model is a pure function
/// of (dense parameters, embeddings).
#[derive(Debug, Clone)]
pub struct Model {
    cfg: ModelConfig,
    n0: usize,
    /// Start of each deep layer's weights in the dense vector.
    deep_at: Vec<usize>,
    out_at: usize,
    out_in: usize,
    len: usize,
}

/// Per-example activations kept for the backward pass.
struct Trace {
    xs: Vec<Vec<f64>>,
    s: Vec<f64>,
    hs: Vec<Vec<f64>>,
    acts: Vec<Vec<f64>>,
}

impl Model {
    /// Validates the architecture and lays out the dense parameters.
    pub fn new(cfg: ModelConfig) -> Result<Self> {
        setting("fields", cfg.fields, cfg.fields >= 1, "at least one field")?;
        setting("dim", cfg.dim, cfg.dim >= 1, "embedding dimension >= 1")?;
        setting(
            "cross_layers",
            cfg.cross_layers,
            cfg.kind == ModelKind::Dcn || cfg.cross_layers == 0,
            "cross layers belong to the DCN only",
        )?;
        setting(
            "deep",
            format!("{:?}", cfg.deep),
            cfg.deep.iter().all(|&w| w >= 1),
            "every deep layer has width >= 1",
        )?;
        let n0 = cfg.fields * cfg.dim;
        let mut at = 2 * n0 * cfg.cross_layers;
        let mut deep_at = Vec::with_capacity(cfg.deep.len());
        let mut width = n0;
        for &w in &cfg.deep {
            deep_at.push(at);
            at += w * width + w;
            width = w;
        }
        let out_in = match cfg.kind {
            ModelKind::Dcn => n0 + if cfg.deep.is_empty() { 0 } else { width },
            ModelKind::Mlp => width,
        };
        let out_at = at;
        Ok(Self {
            cfg,
            n0,
            deep_at,
            out_at,
            out_in,
            len: out_at + out_in + 1,
        })
    }
    /// The architecture.
    pub fn config(&self) -> &ModelConfig {
        &self.cfg
    }
    /// Number of dense parameters.
    pub fn dense_len(&self) -> usize {
        self.len
    }
    /// Length of the concatenated embedding input `F d`.
    pub fn input_len(&self) -> usize {
        self.n0
    }
    /// Seeded initial dense parameters: Glorot-uniform weights
    /// (`+-sqrt(6/(fan_in + fan_out))`), cross weights likewise with
    /// fan-out 1, zero biases.
    pub fn init_dense(&self, seed: u64) -> Vec<f64> {
        let mut p = vec![0.0; self.len];
        let mut k = 0u64;
        let mut fill = |p: &mut [f64], fan_in: usize, fan_out: usize| {
            let a = (6.0 / (fan_in + fan_out) as f64).sqrt();
            for v in p.iter_mut() {
                k += 1;
                *v = a * (2.0 * unit(mix64(mix64(seed) ^ k)) - 1.0);
            }
        };
        let n0 = self.n0;
        for l in 0..self.cfg.cross_layers {
            fill(&mut p[2 * n0 * l..2 * n0 * l + n0], n0, 1);
        }
        let mut width = n0;
        for (k, &w) in self.cfg.deep.iter().enumerate() {
            let at = self.deep_at[k];
            fill(&mut p[at..at + w * width], width, w);
            width = w;
        }
        let at = self.out_at;
        fill(&mut p[at..at + self.out_in], self.out_in, 1);
        p
    }

    fn check(&self, dense: &[f64], emb: &[f64], batch: usize) -> Result<()> {
        if dense.len() != self.len {
            return Err(CtrError::Length {
                what: "dense parameters",
                expected: self.len,
                got: dense.len(),
            });
        }
        if emb.len() != batch * self.n0 {
            return Err(CtrError::Length {
                what: "embeddings",
                expected: batch * self.n0,
                got: emb.len(),
            });
        }
        Ok(())
    }

    fn forward(&self, p: &[f64], x0: &[f64]) -> (f64, Trace) {
        let n0 = self.n0;
        let mut xs = vec![x0.to_vec()];
        let mut s = Vec::with_capacity(self.cfg.cross_layers);
        for l in 0..self.cfg.cross_layers {
            let w = &p[2 * n0 * l..2 * n0 * l + n0];
            let b = &p[2 * n0 * l + n0..2 * n0 * (l + 1)];
            let xl = &xs[l];
            let sl: f64 = w.iter().zip(xl).map(|(a, b)| a * b).sum();
            let next: Vec<f64> = (0..n0).map(|i| x0[i] * sl + b[i] + xl[i]).collect();
            s.push(sl);
            xs.push(next);
        }
        let mut hs = vec![x0.to_vec()];
        let mut acts = Vec::with_capacity(self.cfg.deep.len());
        let mut width = n0;
        for (k, &w) in self.cfg.deep.iter().enumerate() {
            let at = self.deep_at[k];
            let wm = &p[at..at + w * width];
            let c = &p[at + w * width..at + w * width + w];
            let h = &hs[k];
            let a: Vec<f64> = (0..w)
                .map(|o| {
                    let row = &wm[o * width..(o + 1) * width];
                    c[o] + row.iter().zip(h).map(|(a, b)| a * b).sum::<f64>()
                })
                .collect();
            hs.push(a.iter().map(|&v| v.max(0.0)).collect());
            acts.push(a);
            width = w;
        }
        let u = &p[self.out_at..self.out_at + self.out_in];
        let mut logit = p[self.out_at + self.out_in];
        let mut j = 0;
        if self.cfg.kind == ModelKind::Dcn {
            let xl = xs.last().map_or(x0, |v| v.as_slice());
            for &v in xl {
                logit += u[j] * v;
                j += 1;
            }
        }
        if self.cfg.kind == ModelKind::Mlp || !self.cfg.deep.is_empty() {
            let h = hs.last().map_or(x0, |v| v.as_slice());
            for &v in h {
                logit += u[j] * v;
                j += 1;
            }
        }
        (logit, Trace { xs, s, hs, acts })
    }

    /// The logits of a batch; `emb` holds example i's `x_0` at `[i n0, (i+1) n0)`.
    pub fn logits(&self, dense: &[f64], emb: &[f64], batch: usize) -> Result<Vec<f64>> {
        self.check(dense, emb, batch)?;
        Ok((0..batch)
            .map(|i| self.forward(dense, &emb[i * self.n0..(i + 1) * self.n0]).0)
            .collect())
    }

    /// The mean log-loss of a batch.
    pub fn loss(&self, dense: &[f64], emb: &[f64], labels: &[f64]) -> Result<f64> {
        let z = self.logits(dense, emb, labels.len())?;
        Ok(z.iter()
            .zip(labels)
            .map(|(&z, &y)| softplus(z) - y * z)
            .sum::<f64>()
            / labels.len() as f64)
    }

    /// The mean log-loss and its gradients: `d_dense` (length
    /// [`Model::dense_len`]) and `d_emb` (same layout as `emb`), overwritten.
    pub fn loss_and_grad(
        &self,
        dense: &[f64],
        emb: &[f64],
        labels: &[f64],
        d_dense: &mut [f64],
        d_emb: &mut [f64],
    ) -> Result<f64> {
        let batch = labels.len();
        self.check(dense, emb, batch)?;
        if d_dense.len() != self.len || d_emb.len() != emb.len() {
            return Err(CtrError::Length {
                what: "gradient buffers",
                expected: self.len + emb.len(),
                got: d_dense.len() + d_emb.len(),
            });
        }
        d_dense.fill(0.0);
        d_emb.fill(0.0);
        let n0 = self.n0;
        let inv_b = 1.0 / batch as f64;
        let mut total = 0.0;
        for i in 0..batch {
            let x0 = &emb[i * n0..(i + 1) * n0];
            let (logit, tr) = self.forward(dense, x0);
            let y = labels[i];
            total += softplus(logit) - y * logit;
            let delta = (sigmoid(logit) - y) * inv_b;
            let dx0 = &mut d_emb[i * n0..(i + 1) * n0];
            // Output layer.
            let u_at = self.out_at;
            d_dense[u_at + self.out_in] += delta;
            let mut j = 0;
            let mut g_cross = vec![0.0; n0];
            if self.cfg.kind == ModelKind::Dcn {
                let xl = tr.xs.last().map_or(x0, |v| v.as_slice());
                for (q, &v) in xl.iter().enumerate() {
                    d_dense[u_at + j] += delta * v;
                    g_cross[q] = delta * dense[u_at + j];
                    j += 1;
                }
            }
            let mut dh = Vec::new();
            if self.cfg.kind == ModelKind::Mlp || !self.cfg.deep.is_empty() {
                let h = tr.hs.last().map_or(x0, |v| v.as_slice());
                dh = Vec::with_capacity(h.len());
                for &v in h {
                    d_dense[u_at + j] += delta * v;
                    dh.push(delta * dense[u_at + j]);
                    j += 1;
                }
            }
            // Deep stack, last layer first.
            let depth = self.cfg.deep.len();
            for k in (0..depth).rev() {
                let w = self.cfg.deep[k];
                let width = if k == 0 { n0 } else { self.cfg.deep[k - 1] };
                let at = self.deep_at[k];
                let h_in = &tr.hs[k];
                let mut dh_in = vec![0.0; width];
                for o in 0..w {
                    if tr.acts[k][o] <= 0.0 {
                        continue; // relu'(a) = 0 for a <= 0
                    }
                    let dc = dh[o];
                    d_dense[at + w * width + o] += dc;
                    let row = at + o * width;
                    for q in 0..width {
                        d_dense[row + q] += dc * h_in[q];
                        dh_in[q] += dense[row + q] * dc;
                    }
                }
                dh = dh_in;
            }
            // dh is now d loss / d h_0 = d loss / d x_0 through the deep stack
            // (empty for a DCN without deep layers).
            for (q, v) in dh.iter().enumerate() {
                dx0[q] += v;
            }
            // Cross layers, last first; g_cross = d loss / d x_{l+1}.
            for l in (0..self.cfg.cross_layers).rev() {
                let w_at = 2 * n0 * l;
                let xl = &tr.xs[l];
                let ds: f64 = g_cross.iter().zip(x0).map(|(a, b)| a * b).sum();
                for q in 0..n0 {
                    d_dense[w_at + n0 + q] += g_cross[q];
                    d_dense[w_at + q] += ds * xl[q];
                    dx0[q] += g_cross[q] * tr.s[l];
                }
                for q in 0..n0 {
                    g_cross[q] += ds * dense[w_at + q];
                }
            }
            if self.cfg.kind == ModelKind::Dcn {
                for q in 0..n0 {
                    dx0[q] += g_cross[q];
                }
            }
        }
        Ok(total * inv_b)
    }
}

/// `ln(1 + e^z)` without overflow.
pub fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// `1 / (1 + e^{-z})` without overflow.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Sums the embedding gradients of a batch per row id: `d_emb` holds example
/// i, field f at `[(i F + f) d, (i F + f + 1) d)`. Returns `(row id, grad row)`
/// sorted by id; a row's occurrences are summed in example order
/// (deterministic).
pub fn sparse_rows(batch: &Batch, d_emb: &[f64], dim: usize) -> Result<Vec<(u64, Vec<f64>)>> {
    if d_emb.len() != batch.ids.len() * dim {
        return Err(CtrError::Length {
            what: "embedding gradient",
            expected: batch.ids.len() * dim,
            got: d_emb.len(),
        });
    }
    let mut order: Vec<usize> = (0..batch.ids.len()).collect();
    order.sort_by_key(|&k| (batch.ids[k], k));
    let mut out: Vec<(u64, Vec<f64>)> = Vec::new();
    for k in order {
        let id = batch.ids[k];
        let g = &d_emb[k * dim..(k + 1) * dim];
        match out.last_mut() {
            Some((last, acc)) if *last == id => {
                for (a, b) in acc.iter_mut().zip(g) {
                    *a += b;
                }
            }
            _ => out.push((id, g.to_vec())),
        }
    }
    Ok(out)
}
