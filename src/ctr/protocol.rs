//! The protocol of Sections 4.1-4.4 in miniature, as library functions that
//! return result records (the CLI only formats them).
//!
//! Common to every run (v2, Section 4.1): one streamed epoch, batch 512,
//! AUC on the held-out split, and the feature rate
//! "number of non-zero features whose embedding vectors are not equal to 0
//! divided by the total number of features present in the training data"
//! (v2, Fig. 1 caption) = [`SparseRowOptimizer::rows_nonzero`] /
//! [`SparseRowOptimizer::rows_seen`]. Only the embedding rows are
//! regularised, each row a group; the dense weights use Eq. (1) with the same
//! rule. Each configuration runs once per seed; the seed sets the initial
//! dense weights and embedding rows, the data stream is the same for all
//! seeds (the paper: "All the experiments are run 5 times repeatedly").
//!
//! - [`table2`]: Adam + magnitude pruning vs Group Adam (`lambda1 = lambda2 = 0`,
//!   a `lambda21` sweep), pruned to each Group Adam feature rate with the
//!   paper's three steps and fine-tuning schedules (v2, Section 4.2).
//! - [`table3`]: Adam vs Group Adam and Adagrad vs Group Adagrad without
//!   pruning; the learning rate is picked from a grid by unregularised AUC
//!   and the lambdas from candidates by AUC (v2, Sections 4.1-4.3).
//! - [`table4`]: feature rate and AUC against the embedding dimension.
//! - [`s_vs_stilde`] (Fig. 2), [`l1_vs_l21`] (Fig. 3).

use super::data::{CtrSource, Split};
use super::model::{Model, ModelConfig, ModelKind};
use super::rows::{RowInit, SparseRowOptimizer, TableRows};
use super::stats::{mean_sd, welch, MeanSd};
use super::train::{evaluate, train_pass};
use super::{setting, Result};
use crate::algorithm1::Threshold;
use crate::penalty::Penalty;
use crate::plain::PlainOptimizer;
use crate::rules::{AdagradForm, AdamForm, AnyRule, RuleSpec};
use crate::table::Semantics;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The optimizer family: the rule used for the rows (through Algorithm 1)
/// and for the dense weights (through Eq. (1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Adam, Algorithm 2 of v1 (`beta1 = 0.9`, `beta2 = 0.999`, `eps = 1e-8`).
    Adam,
    /// Adagrad, Algorithm 3 (`eps = 1e-8` added to `V_1`).
    Adagrad,
}

impl Family {
    /// The rule with step size `lr`.
    pub fn rule(self, lr: f64) -> RuleSpec {
        match self {
            Family::Adam => RuleSpec::Adam {
                alpha: lr,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                form: AdamForm::PaperV1,
            },
            Family::Adagrad => RuleSpec::Adagrad {
                alpha: lr,
                eps: 1e-8,
                form: AdagradForm::PaperAlg3,
            },
        }
    }
    /// Display name of the unregularised optimizer.
    pub fn name(self) -> &'static str {
        match self {
            Family::Adam => "Adam",
            Family::Adagrad => "Adagrad",
        }
    }
}

/// Settings shared by every run of an experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    /// DCN or MLP.
    pub model: ModelKind,
    /// Embedding dimension d (the paper's DCN: 8).
    pub dim: usize,
    /// Batch size (the paper: 512).
    pub batch: usize,
    /// One run per seed.
    pub seeds: Vec<u64>,
    /// Step size of the Adam family.
    pub lr_adam: f64,
    /// Step size of the Adagrad family.
    pub lr_adagrad: f64,
    /// Half-width of the uniform initial embedding rows.
    pub init_scale: f64,
    /// Which rows advance at a step: [`Semantics::Dense`] (the paper's
    /// Algorithm 1 on the whole table) or [`Semantics::Lazy`].
    pub semantics: Semantics,
}

impl Setup {
    /// DCN, d = 8, batch 512, seeds `1..=seeds`, the paper's DCN step sizes
    /// (v2, Table 5: Adam 1e-3, Adagrad 1e-2), rows initialised in +-0.05,
    /// Dense semantics.
    pub fn paper_dcn(seeds: usize) -> Self {
        Self {
            model: ModelKind::Dcn,
            dim: 8,
            batch: 512,
            seeds: (1..=seeds as u64).collect(),
            lr_adam: 1e-3,
            lr_adagrad: 1e-2,
            init_scale: 0.05,
            semantics: Semantics::Dense,
        }
    }
    /// The step size of `family`.
    pub fn lr(&self, family: Family) -> f64 {
        match family {
            Family::Adam => self.lr_adam,
            Family::Adagrad => self.lr_adagrad,
        }
    }
    fn validate(&self) -> Result<()> {
        setting("batch", self.batch, self.batch >= 1, "batch size >= 1")?;
        setting(
            "seeds",
            self.seeds.len(),
            !self.seeds.is_empty(),
            "at least one seed",
        )?;
        setting("dim", self.dim, self.dim >= 1, "embedding dimension >= 1")
    }
}

/// One configuration of a run (the seed aside).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunSpec {
    /// Optimizer family.
    pub family: Family,
    /// Step size.
    pub lr: f64,
    /// Penalty of the embedding rows.
    pub penalty: Penalty,
    /// Group threshold of \[Alg1:L10\].
    pub threshold: Threshold,
    /// Embedding dimension.
    pub dim: usize,
}

impl RunSpec {
    /// The unregularised optimizer of `family` at the setup's step size.
    pub fn plain(setup: &Setup, family: Family) -> Self {
        Self {
            family,
            lr: setup.lr(family),
            penalty: Penalty::none(),
            threshold: Threshold::S,
            dim: setup.dim,
        }
    }
    /// The group optimizer with `penalty`, threshold `||s_t||` as in Algorithm 1.
    pub fn group(setup: &Setup, family: Family, penalty: Penalty) -> Self {
        Self {
            penalty,
            ..Self::plain(setup, family)
        }
    }
}

/// Magnitude pruning of one run (v2, Section 4.2).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PruneInfo {
    /// The feature rate pruned to.
    pub target_rate: f64,
    /// Fraction of the training rows kept back for fine-tuning.
    pub fine_tune: f64,
}

/// The outcome of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// The configuration.
    pub spec: RunSpec,
    /// The seed.
    pub seed: u64,
    /// Pruning, for Adam + magnitude pruning runs.
    pub prune: Option<PruneInfo>,
    /// Held-out AUC.
    pub auc: f64,
    /// Held-out mean log-loss.
    pub logloss: f64,
    /// Rows seen in training.
    pub rows_seen: u64,
    /// Rows not exactly zero at the end.
    pub rows_nonzero: u64,
    /// `rows_nonzero / rows_seen`.
    pub feature_rate: f64,
    /// Training examples consumed.
    pub train_rows: u64,
    /// Training wall-clock seconds (without evaluation).
    pub train_seconds: f64,
}

impl RunResult {
    /// Training examples per second.
    pub fn rows_per_second(&self) -> f64 {
        self.train_rows as f64 / self.train_seconds.max(1e-9)
    }
}

/// A trained model: the dense optimizer and the rows.
#[derive(Debug)]
struct State {
    model: Model,
    dense: PlainOptimizer<AnyRule>,
    rows: TableRows,
    train_rows: u64,
    train_seconds: f64,
}

impl State {
    fn try_clone(&self) -> Option<Self> {
        Some(Self {
            model: self.model.clone(),
            dense: self.dense.clone(),
            rows: self.rows.try_clone()?,
            train_rows: self.train_rows,
            train_seconds: self.train_seconds,
        })
    }
}

fn fresh(src: &dyn CtrSource, setup: &Setup, spec: &RunSpec, seed: u64) -> Result<State> {
    let model = Model::new(ModelConfig::of(setup.model, src.fields(), spec.dim))?;
    let rule = spec.family.rule(spec.lr);
    let dense = PlainOptimizer::new(rule.build(model.dense_len())?, &model.init_dense(seed))?;
    let rows = TableRows::new(
        src.table_rows(),
        setup.semantics,
        rule,
        spec.penalty,
        spec.threshold,
        spec.dim,
        RowInit {
            seed,
            scale: setup.init_scale,
        },
    )?;
    Ok(State {
        model,
        dense,
        rows,
        train_rows: 0,
        train_seconds: 0.0,
    })
}

fn train_range(
    src: &dyn CtrSource,
    setup: &Setup,
    st: &mut State,
    range: std::ops::Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<()> {
    let batches = src.batches(Split::Train, range, setup.batch)?;
    let s = train_pass(&st.model, &mut st.dense, &mut st.rows, batches, progress)?;
    st.train_rows += s.rows;
    st.train_seconds += s.seconds;
    Ok(())
}

fn finish(
    src: &dyn CtrSource,
    setup: &Setup,
    mut st: State,
    spec: RunSpec,
    seed: u64,
    prune: Option<PruneInfo>,
) -> Result<RunResult> {
    let test = src.batches(Split::Test, 0..src.rows(Split::Test), setup.batch)?;
    let e = evaluate(&st.model, st.dense.x(), &mut st.rows, test)?;
    let (seen, nonzero) = (st.rows.rows_seen(), st.rows.rows_nonzero()?);
    Ok(RunResult {
        spec,
        seed,
        prune,
        auc: e.auc,
        logloss: e.logloss,
        rows_seen: seen,
        rows_nonzero: nonzero,
        feature_rate: nonzero as f64 / seen.max(1) as f64,
        train_rows: st.train_rows,
        train_seconds: st.train_seconds,
    })
}

/// One run: a full training epoch, then the held-out evaluation.
pub fn run_one(
    src: &dyn CtrSource,
    setup: &Setup,
    spec: RunSpec,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunResult> {
    setup.validate()?;
    let mut st = fresh(src, setup, &spec, seed)?;
    train_range(src, setup, &mut st, 0..src.rows(Split::Train), progress)?;
    finish(src, setup, st, spec, seed, None)
}

/// Every spec on every seed of the setup, in parallel; results in
/// (spec, seed) order.
pub fn run_grid(
    src: &dyn CtrSource,
    setup: &Setup,
    specs: &[RunSpec],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<RunResult>> {
    let jobs: Vec<(RunSpec, u64)> = specs
        .iter()
        .flat_map(|s| setup.seeds.iter().map(move |&seed| (*s, seed)))
        .collect();
    jobs.par_iter()
        .map(|&(spec, seed)| run_one(src, setup, spec, seed, progress))
        .collect()
}

/// Keeps the `keep` rows of largest norm (ties: smaller id first) and zeroes
/// the rest (step 1 and step 3 of the paper's pruning).
pub fn prune_to(rows: &mut dyn SparseRowOptimizer, keep: u64) -> Result<()> {
    let mut norms = rows.row_norms()?;
    norms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let drop: Vec<u64> = norms.iter().skip(keep as usize).map(|p| p.0).collect();
    rows.prune(&drop)
}

/// Adam + magnitude pruning, the paper's three steps (v2, Section 4.2: "The
/// first step sorts the norm of embedding vector from largest to smallest,
/// and keeps top N embedding vectors ... In the second step we fine-tune the
/// model. ... in the last step we need to prune the model again"), for one
/// seed, every target feature rate and every fine-tuning fraction k: train
/// unregularised on the first `1 - k` of the training rows, keep the top
/// `round(rate * rows seen)` rows, fine-tune on the last k, prune again to
/// `round(rate * rows seen)`. With k = 0 the second pruning is a no-op.
/// The phase-1 model of each k is shared by all targets (copied when the
/// table can be copied, retrained otherwise).
pub fn adam_pruned(
    src: &dyn CtrSource,
    setup: &Setup,
    family: Family,
    seed: u64,
    targets: &[f64],
    fine_tunes: &[f64],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<RunResult>> {
    setup.validate()?;
    for &r in targets {
        setting(
            "target rate",
            r,
            (0.0..=1.0).contains(&r),
            "a feature rate lies in [0, 1]",
        )?;
    }
    for &k in fine_tunes {
        setting(
            "fine_tune",
            k,
            (0.0..1.0).contains(&k),
            "the fine-tuning fraction lies in [0, 1)",
        )?;
    }
    let spec = RunSpec::plain(setup, family);
    let n = src.rows(Split::Train);
    let mut out = Vec::new();
    for &k in fine_tunes {
        let split = ((1.0 - k) * n as f64).round() as u64;
        let mut phase1 = fresh(src, setup, &spec, seed)?;
        train_range(src, setup, &mut phase1, 0..split, progress)?;
        for &rate in targets {
            // A table that cannot be copied (Adagrad) retrains
            // phase 1: the same seed and rows give the same model.
            let mut st = match phase1.try_clone() {
                Some(st) => st,
                None => {
                    let mut st = fresh(src, setup, &spec, seed)?;
                    train_range(src, setup, &mut st, 0..split, progress)?;
                    st
                }
            };
            let keep = (rate * st.rows.rows_seen() as f64).round() as u64;
            prune_to(&mut st.rows, keep)?;
            if split < n {
                train_range(src, setup, &mut st, split..n, progress)?;
                let keep = (rate * st.rows.rows_seen() as f64).round() as u64;
                prune_to(&mut st.rows, keep)?;
            }
            let info = PruneInfo {
                target_rate: rate,
                fine_tune: k,
            };
            out.push(finish(src, setup, st, spec, seed, Some(info))?);
        }
    }
    Ok(out)
}

/// Mean and sd of AUC and feature rate over seeds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// AUC over seeds.
    pub auc: MeanSd,
    /// Feature rate over seeds.
    pub rate: MeanSd,
}

impl Summary {
    /// Summarises runs (at least one).
    pub fn of(runs: &[&RunResult]) -> Result<Self> {
        let a: Vec<f64> = runs.iter().map(|r| r.auc).collect();
        let f: Vec<f64> = runs.iter().map(|r| r.feature_rate).collect();
        Ok(Self {
            auc: mean_sd(&a)?,
            rate: mean_sd(&f)?,
        })
    }
}

fn aucs(runs: &[&RunResult]) -> Vec<f64> {
    runs.iter().map(|r| r.auc).collect()
}

/// Welch p-value, or NaN with fewer than two seeds.
fn p_value(a: &[f64], b: &[f64]) -> Result<f64> {
    if a.len() < 2 || b.len() < 2 {
        return Ok(f64::NAN);
    }
    Ok(welch(a, b)?.p)
}

/// One row of Table 2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table2Row {
    /// `lambda21` of Group Adam.
    pub lambda21: f64,
    /// Group Adam.
    pub group: Summary,
    /// Adam + pruning with the best fine-tuning fraction.
    pub pruned: Summary,
    /// The best fine-tuning fraction (by mean AUC).
    pub best_fine_tune: f64,
    /// Mean AUC of every fine-tuning fraction (Table 8 of v2).
    pub by_fine_tune: Vec<(f64, Summary)>,
    /// Welch p-value of the AUCs (group vs pruned at the best fraction).
    pub p_auc: f64,
}

/// Table 2: Adam + magnitude pruning vs Group Adam at each `lambda21`
/// (`lambda1 = lambda2 = 0`). Returns the rows and every run.
pub fn table2(
    src: &dyn CtrSource,
    setup: &Setup,
    lambda21: &[f64],
    fine_tunes: &[f64],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Table2Row>, Vec<RunResult>)> {
    setting(
        "fine_tunes",
        fine_tunes.len(),
        !fine_tunes.is_empty(),
        "at least one fine-tuning fraction",
    )?;
    let specs: Vec<RunSpec> = lambda21
        .iter()
        .map(|&l| {
            Ok(RunSpec::group(
                setup,
                Family::Adam,
                Penalty::new(0.0, l, 0.0)?,
            ))
        })
        .collect::<Result<_>>()?;
    let group = run_grid(src, setup, &specs, progress)?;
    let mut targets = Vec::new();
    for s in &specs {
        let runs: Vec<&RunResult> = group.iter().filter(|r| r.spec == *s).collect();
        targets.push(Summary::of(&runs)?.rate.mean);
    }
    let pruned: Vec<RunResult> = setup
        .seeds
        .par_iter()
        .map(|&seed| {
            adam_pruned(
                src,
                setup,
                Family::Adam,
                seed,
                &targets,
                fine_tunes,
                progress,
            )
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let mut rows = Vec::new();
    for (s, &target) in specs.iter().zip(&targets) {
        let g: Vec<&RunResult> = group.iter().filter(|r| r.spec == *s).collect();
        let mut by = Vec::new();
        for &k in fine_tunes {
            let p: Vec<&RunResult> = pruned
                .iter()
                .filter(|r| {
                    r.prune
                        .is_some_and(|i| i.fine_tune == k && i.target_rate == target)
                })
                .collect();
            by.push((k, Summary::of(&p)?, p));
        }
        let best = by
            .iter()
            .max_by(|a, b| a.1.auc.mean.total_cmp(&b.1.auc.mean))
            .map(|b| (b.0, b.1, aucs(&b.2)));
        if let Some((k, summary, best_aucs)) = best {
            rows.push(Table2Row {
                lambda21: s.penalty.lambda21,
                group: Summary::of(&g)?,
                pruned: summary,
                best_fine_tune: k,
                by_fine_tune: by.iter().map(|b| (b.0, b.1)).collect(),
                p_auc: p_value(&aucs(&g), &best_aucs)?,
            });
        }
    }
    let mut all = group;
    all.extend(pruned);
    Ok((rows, all))
}

/// One row of Table 3: an optimizer family, unregularised vs group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table3Row {
    /// The family.
    pub family: Family,
    /// The step size picked by unregularised AUC.
    pub lr: f64,
    /// The penalty picked by AUC.
    pub penalty: Penalty,
    /// Unregularised.
    pub plain: Summary,
    /// With the penalty.
    pub group: Summary,
    /// Welch p-value of the AUCs.
    pub p_auc: f64,
    /// Welch p-value of the feature rates.
    pub p_rate: f64,
}

/// Table 3 settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table3Config {
    /// Step sizes tried (the paper: 1e-5 to 1e-1, factors of 10).
    pub lr_grid: Vec<f64>,
    /// Penalties tried for the Adam family.
    pub adam_penalties: Vec<Penalty>,
    /// Penalties tried for the Adagrad family.
    pub adagrad_penalties: Vec<Penalty>,
}

/// Table 3: per family, the step size is picked from `lr_grid` by the AUC of
/// the unregularised optimizer on the first seed (v2, Section 4.1: "choose
/// the one with the best AUC for each new optimizer in the case of no
/// regularization terms"), the penalty from the candidates by AUC on the
/// first seed ("We search regularization terms according to AUC", Section
/// 4.2); then both run on every seed. As in the paper, the selection uses the
/// held-out split. Returns the rows and every run (selection runs included).
pub fn table3(
    src: &dyn CtrSource,
    setup: &Setup,
    cfg: &Table3Config,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Table3Row>, Vec<RunResult>)> {
    setup.validate()?;
    setting(
        "lr_grid",
        cfg.lr_grid.len(),
        !cfg.lr_grid.is_empty(),
        "at least one step size",
    )?;
    let first = Setup {
        seeds: vec![setup.seeds[0]],
        ..setup.clone()
    };
    let mut all = Vec::new();
    let mut rows = Vec::new();
    for (family, cands) in [
        (Family::Adam, &cfg.adam_penalties),
        (Family::Adagrad, &cfg.adagrad_penalties),
    ] {
        setting(
            "penalties",
            cands.len(),
            !cands.is_empty(),
            "at least one candidate penalty per family",
        )?;
        let sweep: Vec<RunSpec> = cfg
            .lr_grid
            .iter()
            .map(|&lr| RunSpec {
                lr,
                ..RunSpec::plain(setup, family)
            })
            .collect();
        let r = run_grid(src, &first, &sweep, progress)?;
        let lr = r
            .iter()
            .max_by(|a, b| a.auc.total_cmp(&b.auc))
            .map_or(setup.lr(family), |b| b.spec.lr);
        all.extend(r);
        let tuned = Setup {
            lr_adam: lr,
            lr_adagrad: lr,
            ..setup.clone()
        };
        let cand: Vec<RunSpec> = cands
            .iter()
            .map(|&p| RunSpec::group(&tuned, family, p))
            .collect();
        let r = run_grid(src, &first, &cand, progress)?;
        let penalty = r
            .iter()
            .max_by(|a, b| a.auc.total_cmp(&b.auc))
            .map_or(cands[0], |b| b.spec.penalty);
        all.extend(r);
        let specs = [
            RunSpec::plain(&tuned, family),
            RunSpec::group(&tuned, family, penalty),
        ];
        let r = run_grid(src, setup, &specs, progress)?;
        let plain: Vec<&RunResult> = r.iter().filter(|x| x.spec == specs[0]).collect();
        let group: Vec<&RunResult> = r.iter().filter(|x| x.spec == specs[1]).collect();
        let rates = |v: &[&RunResult]| v.iter().map(|x| x.feature_rate).collect::<Vec<_>>();
        rows.push(Table3Row {
            family,
            lr,
            penalty,
            plain: Summary::of(&plain)?,
            group: Summary::of(&group)?,
            p_auc: p_value(&aucs(&plain), &aucs(&group))?,
            p_rate: p_value(&rates(&plain), &rates(&group))?,
        });
        all.extend(r);
    }
    Ok((rows, all))
}

/// One point of a sweep: a configuration and its summary over seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The configuration.
    pub spec: RunSpec,
    /// AUC and feature rate over seeds.
    pub summary: Summary,
}

fn points(specs: &[RunSpec], runs: &[RunResult]) -> Result<Vec<Point>> {
    specs
        .iter()
        .map(|s| {
            let r: Vec<&RunResult> = runs.iter().filter(|r| r.spec == *s).collect();
            Ok(Point {
                spec: *s,
                summary: Summary::of(&r)?,
            })
        })
        .collect()
}

/// Table 4: Group Adam with `penalty` at each embedding dimension (v2,
/// Section 4.4: "the sparsity increases with the growth of the embedding
/// dimension").
pub fn table4(
    src: &dyn CtrSource,
    setup: &Setup,
    dims: &[usize],
    penalty: Penalty,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Point>, Vec<RunResult>)> {
    let specs: Vec<RunSpec> = dims
        .iter()
        .map(|&dim| RunSpec {
            dim,
            ..RunSpec::group(setup, Family::Adam, penalty)
        })
        .collect();
    let runs = run_grid(src, setup, &specs, progress)?;
    Ok((points(&specs, &runs)?, runs))
}

/// Fig. 2: Group Adam with threshold `||s_t||` over `lambda21_s` and with
/// `||s~_t||` (`stilde`, printed or corrected) over `lambda21_stilde`.
/// Returns the points of both curves (s first) and every run.
pub fn s_vs_stilde(
    src: &dyn CtrSource,
    setup: &Setup,
    lambda21_s: &[f64],
    stilde: Threshold,
    lambda21_stilde: &[f64],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Point>, Vec<RunResult>)> {
    let mut specs = Vec::new();
    for (th, grid) in [(Threshold::S, lambda21_s), (stilde, lambda21_stilde)] {
        for &l in grid {
            specs.push(RunSpec {
                threshold: th,
                ..RunSpec::group(setup, Family::Adam, Penalty::new(0.0, l, 0.0)?)
            });
        }
    }
    let runs = run_grid(src, setup, &specs, progress)?;
    Ok((points(&specs, &runs)?, runs))
}

/// The AUC of the curve `(rate, auc)` linearly interpolated at `rate`
/// (None outside the curve's range). The curve need not be sorted.
pub fn interpolate_auc(curve: &[(f64, f64)], rate: f64) -> Option<f64> {
    let mut c = curve.to_vec();
    c.sort_by(|a, b| a.0.total_cmp(&b.0));
    c.windows(2).find_map(|w| {
        let ((r0, a0), (r1, a1)) = (w[0], w[1]);
        if rate < r0 || rate > r1 {
            None
        } else if r1 == r0 {
            Some(0.5 * (a0 + a1))
        } else {
            Some(a0 + (a1 - a0) * (rate - r0) / (r1 - r0))
        }
    })
}

/// Fig. 3: Group Adam with `lambda1 = v` (and `lambda21 = 0`) and with
/// `lambda21 = v` (and `lambda1 = 0`) for each v. Points: the lambda1 curve
/// first.
pub fn l1_vs_l21(
    src: &dyn CtrSource,
    setup: &Setup,
    values: &[f64],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Vec<Point>, Vec<RunResult>)> {
    let mut specs = Vec::new();
    for l21 in [false, true] {
        for &v in values {
            let p = if l21 {
                Penalty::new(0.0, v, 0.0)?
            } else {
                Penalty::new(v, 0.0, 0.0)?
            };
            specs.push(RunSpec::group(setup, Family::Adam, p));
        }
    }
    let runs = run_grid(src, setup, &specs, progress)?;
    Ok((points(&specs, &runs)?, runs))
}
