//! Data sources: the [`CtrSource`] trait and a seeded synthetic CTR stream.
//!
//! The synthetic generator plays the role of the paper's ad-click logs
//! (v2, Section 4.1: Avazu, iPinYou, Criteo) at a size that runs in seconds.
//! Every example has F categorical fields; field f has a vocabulary of `V_f`
//! values (log-spaced from `vocab_min` to `vocab_max`) drawn from a Zipf law
//! `P(rank k) ~ 1/(k+1)^s`. The label is Bernoulli(sigmoid(logit)) of a
//! planted model
//!
//! `logit = bias + sum_f w_f(v_f) + gamma sum_p w_{2p}(v_{2p}) w_{2p+1}(v_{2p+1}) / scale`
//!
//! in which only a known fraction of the values carry a weight
//! (`w_f(v) != 0` iff [`SyntheticCtr::is_signal`]), and the products over the
//! field pairs `(2p, 2p+1)`, `p < interactions`, give a cross network
//! something to learn. Weights are hashes of `(seed, field, value)`, so
//! nothing is stored per value; rows are generated one at a time from a
//! ChaCha8 stream seeded by `(seed, split, row index)`, so any row range is
//! reproducible on its own and nothing is materialised.

use super::{mix64, setting, unit, Batch, CtrError, Result};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Training or held-out rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Split {
    /// The streamed training epoch.
    Train,
    /// The held-out evaluation rows.
    Test,
}

/// A source of CTR examples: fields, split sizes, and batches of any row range.
pub trait CtrSource: Sync {
    /// Number of fields F (row ids per example).
    fn fields(&self) -> usize;
    /// Number of rows (lines, for files) in a split.
    fn rows(&self, split: Split) -> u64;
    /// Batches of at most `batch` examples over the rows `range` of `split`.
    fn batches(
        &self,
        split: Split,
        range: Range<u64>,
        batch: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Batch>> + '_>>;
    /// One line describing the source (for reports).
    fn describe(&self) -> String;
    /// Rows of the embedding table: every row id of a batch lies in
    /// `0..table_rows()`.
    fn table_rows(&self) -> u64;
}

/// Settings of the synthetic generator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyntheticConfig {
    /// Number of categorical fields F.
    pub fields: usize,
    /// Vocabulary of the first field (smallest).
    pub vocab_min: u64,
    /// Vocabulary of the last field (largest); fields in between are log-spaced.
    pub vocab_max: u64,
    /// Zipf exponent s > 0.
    pub zipf_exponent: f64,
    /// Fraction of values per field that carry a planted weight, in (0, 1].
    pub signal_fraction: f64,
    /// Planted weights are `+-scale * (0.5 + u)`, u uniform in [0, 1).
    pub signal_scale: f64,
    /// Number of interacting field pairs `(2p, 2p+1)`; at most F/2.
    pub interactions: usize,
    /// Interaction strength gamma.
    pub interaction_scale: f64,
    /// Planted intercept (sets the click rate).
    pub bias: f64,
    /// Training rows (one streamed epoch).
    pub train_rows: u64,
    /// Held-out rows.
    pub test_rows: u64,
    /// Seed of the planted model and of the row streams.
    pub seed: u64,
}

impl Default for SyntheticConfig {
    /// 12 fields, vocabularies 1e2..1e5, Zipf s = 1.1, 5% signal values,
    /// 3 interacting pairs, 200 000 training rows and 50 000 held-out rows.
    fn default() -> Self {
        Self {
            fields: 12,
            vocab_min: 100,
            vocab_max: 100_000,
            zipf_exponent: 1.1,
            signal_fraction: 0.05,
            signal_scale: 1.0,
            interactions: 3,
            interaction_scale: 1.0,
            bias: -1.5,
            train_rows: 200_000,
            test_rows: 50_000,
            seed: 1,
        }
    }
}

/// The synthetic stream: per-field Zipf tables and the planted model.
#[derive(Debug, Clone)]
pub struct SyntheticCtr {
    cfg: SyntheticConfig,
    /// Cumulative Zipf probabilities per field (last entry 1).
    cdf: Vec<Vec<f64>>,
    /// Global row id of value 0 of each field.
    offsets: Vec<u64>,
}

impl SyntheticCtr {
    /// Validates the settings and builds the Zipf tables (`sum V_f` floats).
    pub fn new(cfg: SyntheticConfig) -> Result<Self> {
        setting("fields", cfg.fields, cfg.fields >= 1, "at least one field")?;
        setting(
            "vocab_min",
            cfg.vocab_min,
            cfg.vocab_min >= 1 && cfg.vocab_min <= cfg.vocab_max,
            "1 <= vocab_min <= vocab_max",
        )?;
        setting(
            "vocab_max",
            cfg.vocab_max,
            cfg.vocab_max <= 50_000_000,
            "vocab_max <= 5e7 (the Zipf table holds one f64 per value)",
        )?;
        setting(
            "zipf_exponent",
            cfg.zipf_exponent,
            cfg.zipf_exponent.is_finite() && cfg.zipf_exponent > 0.0,
            "the Zipf exponent must be finite and > 0",
        )?;
        setting(
            "signal_fraction",
            cfg.signal_fraction,
            cfg.signal_fraction > 0.0 && cfg.signal_fraction <= 1.0,
            "the signal fraction must lie in (0, 1]",
        )?;
        setting(
            "interactions",
            cfg.interactions,
            cfg.interactions <= cfg.fields / 2,
            "at most F/2 interacting field pairs (2p, 2p+1)",
        )?;
        for (name, v) in [
            ("signal_scale", cfg.signal_scale),
            ("interaction_scale", cfg.interaction_scale),
            ("bias", cfg.bias),
        ] {
            setting(name, v, v.is_finite(), "must be finite")?;
        }
        let f = cfg.fields;
        let (lo, hi) = ((cfg.vocab_min as f64).ln(), (cfg.vocab_max as f64).ln());
        let mut cdf = Vec::with_capacity(f);
        let mut offsets = Vec::with_capacity(f);
        let mut next = 0u64;
        for k in 0..f {
            let t = if f == 1 {
                0.0
            } else {
                k as f64 / (f - 1) as f64
            };
            let v = (lo + t * (hi - lo)).exp().round().max(1.0) as usize;
            let mut c = Vec::with_capacity(v);
            let mut acc = 0.0;
            for r in 0..v {
                acc += ((r + 1) as f64).powf(-cfg.zipf_exponent);
                c.push(acc);
            }
            for x in c.iter_mut() {
                *x /= acc;
            }
            offsets.push(next);
            next += v as u64;
            cdf.push(c);
        }
        Ok(Self { cfg, cdf, offsets })
    }

    /// The settings.
    pub fn config(&self) -> &SyntheticConfig {
        &self.cfg
    }
    /// Vocabulary size `V_f` of each field.
    pub fn vocab(&self) -> Vec<u64> {
        self.cdf.iter().map(|c| c.len() as u64).collect()
    }
    /// Total number of distinct row ids (sum of the vocabularies).
    pub fn table_rows(&self) -> u64 {
        self.cdf.iter().map(|c| c.len() as u64).sum()
    }
    /// Zipf probability of value (rank) `v` of field `f` (0 outside the vocabulary).
    pub fn probability(&self, f: usize, v: u64) -> f64 {
        let c = match self.cdf.get(f) {
            Some(c) => c,
            None => return 0.0,
        };
        let v = v as usize;
        match v {
            0 if !c.is_empty() => c[0],
            _ if v < c.len() => c[v] - c[v - 1],
            _ => 0.0,
        }
    }
    /// `(field, value)` of a global row id, if it belongs to the vocabulary.
    pub fn decode(&self, id: u64) -> Option<(usize, u64)> {
        let f = self.offsets.partition_point(|&o| o <= id).checked_sub(1)?;
        let v = id - self.offsets[f];
        (v < self.cdf[f].len() as u64).then_some((f, v))
    }
    fn value_hash(&self, f: usize, v: u64, salt: u64) -> u64 {
        mix64(mix64(self.cfg.seed ^ salt) ^ mix64(((f as u64) << 40) ^ v))
    }
    /// True iff value `v` of field `f` carries a planted weight.
    pub fn is_signal(&self, f: usize, v: u64) -> bool {
        unit(self.value_hash(f, v, 0x5147_4E41)) < self.cfg.signal_fraction
    }
    /// The planted weight `w_f(v)` (0 for values without signal).
    pub fn weight(&self, f: usize, v: u64) -> f64 {
        if !self.is_signal(f, v) {
            return 0.0;
        }
        let h = self.value_hash(f, v, 0x5745_4947);
        let sign = if h & 1 == 0 { 1.0 } else { -1.0 };
        sign * self.cfg.signal_scale * (0.5 + unit(h))
    }
    /// The planted logit of an example given as its F values (ranks).
    pub fn planted_logit(&self, values: &[u64]) -> f64 {
        let mut z = self.cfg.bias;
        for (f, &v) in values.iter().enumerate() {
            z += self.weight(f, v);
        }
        let s = self.cfg.signal_scale;
        if s != 0.0 {
            for p in 0..self.cfg.interactions {
                let (a, b) = (2 * p, 2 * p + 1);
                z += self.cfg.interaction_scale
                    * self.weight(a, values[a])
                    * self.weight(b, values[b])
                    / s;
            }
        }
        z
    }
    /// Example `row` of `split`: its F values (ranks) and its label.
    pub fn example(&self, split: Split, row: u64) -> (Vec<u64>, f64) {
        let tag = match split {
            Split::Train => 0x7472_6169_6e00_0000u64,
            Split::Test => 0x7465_7374_0000_0000u64,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(mix64(mix64(self.cfg.seed ^ tag) ^ row));
        let values: Vec<u64> = self
            .cdf
            .iter()
            .map(|c| {
                let u: f64 = rng.random();
                // Inverse CDF: the first rank whose cumulative probability exceeds u.
                (c.partition_point(|&p| p <= u).min(c.len() - 1)) as u64
            })
            .collect();
        let p = 1.0 / (1.0 + (-self.planted_logit(&values)).exp());
        let u: f64 = rng.random();
        (values, if u < p { 1.0 } else { 0.0 })
    }
    /// Global row id of value `v` of field `f`.
    pub fn row_id(&self, f: usize, v: u64) -> u64 {
        self.offsets[f] + v
    }
    /// AUC of the planted logit itself on the rows of `split`: the reference
    /// a trained model approaches (it cannot beat it in expectation).
    pub fn planted_auc(&self, split: Split) -> Result<f64> {
        let n = self.rows(split);
        let (mut z, mut y) = (
            Vec::with_capacity(n as usize),
            Vec::with_capacity(n as usize),
        );
        for r in 0..n {
            let (v, label) = self.example(split, r);
            z.push(self.planted_logit(&v));
            y.push(label);
        }
        super::stats::auc(&z, &y)
    }
    /// Number of vocabulary values with a non-zero planted weight (the known
    /// signal rows; about `signal_fraction * table_rows()`).
    pub fn signal_rows(&self) -> u64 {
        let mut n = 0;
        for (f, c) in self.cdf.iter().enumerate() {
            for v in 0..c.len() as u64 {
                n += u64::from(self.is_signal(f, v));
            }
        }
        n
    }
}

impl CtrSource for SyntheticCtr {
    fn fields(&self) -> usize {
        self.cfg.fields
    }
    fn rows(&self, split: Split) -> u64 {
        match split {
            Split::Train => self.cfg.train_rows,
            Split::Test => self.cfg.test_rows,
        }
    }
    fn batches(
        &self,
        split: Split,
        range: Range<u64>,
        batch: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Batch>> + '_>> {
        setting("batch", batch, batch >= 1, "batch size >= 1")?;
        let end = range.end.min(self.rows(split));
        let mut next = range.start;
        Ok(Box::new(std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let stop = (next + batch as u64).min(end);
            let mut b = Batch::new(self.cfg.fields);
            for r in next..stop {
                let (values, y) = self.example(split, r);
                b.labels.push(y);
                b.ids
                    .extend(values.iter().enumerate().map(|(f, &v)| self.row_id(f, v)));
            }
            next = stop;
            Some(Ok::<Batch, CtrError>(b))
        })))
    }
    fn table_rows(&self) -> u64 {
        SyntheticCtr::table_rows(self)
    }
    fn describe(&self) -> String {
        let c = &self.cfg;
        format!(
            "synthetic: {} fields, vocab {}..{} ({} rows), Zipf s = {}, signal fraction {}, {} interacting pairs, {} train / {} test rows, seed {}",
            c.fields,
            c.vocab_min,
            c.vocab_max,
            self.table_rows(),
            c.zipf_exponent,
            c.signal_fraction,
            c.interactions,
            c.train_rows,
            c.test_rows,
            c.seed
        )
    }
}
