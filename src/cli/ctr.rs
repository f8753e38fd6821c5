//! `sgl ctr`: Section 4 in miniature. The experiments are library functions
//! ([`sgl_oracle::ctr::protocol`]); this file picks the data and the plan,
//! shows a progress bar, and writes Markdown, CSV and SVG.

use indicatif::{ProgressBar, ProgressStyle};
use plotters::prelude::*;
use sgl_oracle::ctr::criteo::{write_sample, CriteoFile, MalformedPolicy};
use sgl_oracle::ctr::data::{CtrSource, Split, SyntheticCtr};
use sgl_oracle::ctr::model::ModelKind;
use sgl_oracle::ctr::plan::{Plan, Scale};
use sgl_oracle::ctr::protocol::{
    interpolate_auc, l1_vs_l21, run_grid, s_vs_stilde, table2, table3, table4, Family, Point,
    RunResult, RunSpec, Summary,
};
use sgl_oracle::ctr::CtrError;
use sgl_oracle::table::Semantics;
use sgl_oracle::{Penalty, Result, SglError, Threshold};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Which experiment to run.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Experiment {
    /// Everything below.
    All,
    /// Rows/s of DCN and MLP with each optimizer (one seed).
    Speed,
    /// Table 2 and Fig. 1: Adam + magnitude pruning vs Group Adam.
    Table2,
    /// Table 3: Adam vs Group Adam, Adagrad vs Group Adagrad.
    Table3,
    /// Table 4: embedding dimensions.
    Table4,
    /// Fig. 2: ||s_t|| vs ||s~_t|| (corrected) at matched feature rates.
    Fig2,
    /// Fig. 3: lambda1 vs lambda21 at equal values.
    Fig3,
    /// One optimizer pair, Adam vs Group Adam (the Table 4 penalty), every
    /// seed: the scale test (`--scale large`), with time and peak memory.
    Pair,
}

/// Which rows advance at a step (see `sgl_oracle::table::Semantics`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SemanticsArg {
    /// The paper's Algorithm 1 on the whole table: every row takes every
    /// step, absent rows with g = 0 (deferred catch-up).
    Dense,
    /// TensorFlow sparse apply: absent rows do not change.
    Lazy,
}

impl SemanticsArg {
    fn semantics(self) -> Semantics {
        match self {
            SemanticsArg::Dense => Semantics::Dense,
            SemanticsArg::Lazy => Semantics::Lazy,
        }
    }
}

/// Arguments of `sgl ctr`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seconds-long smoke run (same as `--scale tiny`).
    #[arg(long)]
    pub tiny: bool,
    /// Size of the run (data, seeds, grids).
    #[arg(long, value_enum, default_value_t = Scale::Default)]
    pub scale: Scale,
    /// Which experiment.
    #[arg(long, value_enum, default_value_t = Experiment::All)]
    pub experiment: Experiment,
    /// Model on the embeddings. Without it: DCN for every experiment, and
    /// Tables 2 and 3 also for the MLP (the paper's Tables 2 and 3 have an
    /// MLP block).
    #[arg(long, value_enum)]
    pub model: Option<ModelKind>,
    /// Embedding-table semantics of every run but the speed comparison
    /// (which runs both).
    #[arg(long, value_enum, default_value_t = SemanticsArg::Dense)]
    pub semantics: SemanticsArg,
    /// A file in the Criteo display-ads TSV layout instead of synthetic data.
    #[arg(long)]
    pub criteo: Option<PathBuf>,
    /// Hash buckets (embedding rows) for `--criteo`.
    #[arg(long, default_value_t = 1 << 20)]
    pub buckets: u64,
    /// What to do with a malformed line of `--criteo`.
    #[arg(long, value_enum, default_value_t = MalformedPolicy::Stop)]
    pub malformed: MalformedPolicy,
    /// Number of seeds (overrides the scale's).
    #[arg(long)]
    pub seeds: Option<usize>,
    /// Synthetic training rows (overrides the scale's).
    #[arg(long)]
    pub train_rows: Option<u64>,
    /// Synthetic held-out rows (overrides the scale's).
    #[arg(long)]
    pub test_rows: Option<u64>,
    /// Output directory (Markdown, CSV, SVG).
    #[arg(long, default_value = "ctr-out")]
    pub out: PathBuf,
    /// Write a deterministic sample file in the Criteo layout and exit.
    #[arg(long)]
    pub write_criteo_sample: Option<PathBuf>,
    /// Lines of `--write-criteo-sample`.
    #[arg(long, default_value_t = 10_000)]
    pub sample_lines: u64,
    /// No progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

fn err(e: CtrError) -> SglError {
    match e {
        CtrError::Optimizer(e) => e,
        other => SglError::InvalidInput(other.to_string()),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SglError + '_ {
    move |e| SglError::Io(format!("{}: {e}", path.display()))
}

/// Entry point of `sgl ctr`.
pub fn main(args: &Args) -> Result<String> {
    if let Some(path) = &args.write_criteo_sample {
        let f = std::fs::File::create(path).map_err(io(path))?;
        let mut w = std::io::BufWriter::new(f);
        write_sample(&mut w, args.sample_lines, 1).map_err(err)?;
        return Ok(format!(
            "wrote {} lines to {}",
            args.sample_lines,
            path.display()
        ));
    }
    let scale = if args.tiny { Scale::Tiny } else { args.scale };
    let mut plan = Plan::new(scale).with_model(args.model.unwrap_or(ModelKind::Dcn));
    plan.setup.semantics = args.semantics.semantics();
    if let Some(s) = args.seeds {
        plan.setup.seeds = (1..=s as u64).collect();
    }
    if let Some(n) = args.train_rows {
        plan.synthetic.train_rows = n;
    }
    if let Some(n) = args.test_rows {
        plan.synthetic.test_rows = n;
    }
    let mut reference = String::new();
    let src: Box<dyn CtrSource> = match &args.criteo {
        Some(p) => {
            Box::new(CriteoFile::open(p, args.buckets, 6.0 / 7.0, args.malformed).map_err(err)?)
        }
        None => {
            let s = SyntheticCtr::new(plan.synthetic.clone()).map_err(err)?;
            reference = format!(
                "planted model: held-out AUC {:.4}; {} of {} vocabulary rows carry signal\n\n",
                s.planted_auc(Split::Test).map_err(err)?,
                s.signal_rows(),
                s.table_rows()
            );
            Box::new(s)
        }
    };
    std::fs::create_dir_all(&args.out).map_err(io(&args.out))?;
    let start = Instant::now();
    let n = src.rows(Split::Train);
    let bar = if args.no_progress {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(planned_rows(
            &plan,
            args.experiment,
            n,
            if args.model.is_some() { 1 } else { 2 },
        ))
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {human_pos}/{human_len} rows, {per_sec}, ETA {eta}",
        )
        .map_err(|e| SglError::InvalidInput(e.to_string()))?,
    );
    let progress = |k: u64| bar.inc(k);
    let mut md = String::new();
    let _ = writeln!(md, "# sgl ctr ({scale:?})\n\ndata: {}\n", src.describe());
    md.push_str(&reference);
    let _ = writeln!(
        md,
        "model: {:?}, d = {}, batch {}, seeds {:?}, lr Adam {}, lr Adagrad {}, table semantics {:?}\n",
        plan.setup.model,
        plan.setup.dim,
        plan.setup.batch,
        plan.setup.seeds,
        plan.setup.lr_adam,
        plan.setup.lr_adagrad,
        plan.setup.semantics
    );
    let mut all: Vec<(ModelKind, RunResult)> = Vec::new();
    let main_model = plan.setup.model;
    let table_models = match args.model {
        Some(m) => vec![m],
        None => vec![ModelKind::Dcn, ModelKind::Mlp],
    };
    let ex = args.experiment;
    let run = |e: Experiment| ex == Experiment::All || ex == e;
    let src = src.as_ref();
    let setup = &plan.setup;
    if run(Experiment::Speed) {
        let mut rows = Vec::new();
        for model in [ModelKind::Dcn, ModelKind::Mlp] {
            for semantics in [Semantics::Dense, Semantics::Lazy] {
                let s = sgl_oracle::ctr::protocol::Setup {
                    model,
                    semantics,
                    seeds: vec![setup.seeds[0]],
                    ..setup.clone()
                };
                let specs: Vec<RunSpec> = [Family::Adam, Family::Adagrad]
                    .iter()
                    .flat_map(|&f| {
                        [
                            RunSpec::plain(&s, f),
                            RunSpec::group(&s, f, plan.table4_penalty),
                        ]
                    })
                    .collect();
                // One at a time, so rows/s is per core and not shared.
                for spec in specs {
                    let r = run_grid(src, &s, &[spec], &progress).map_err(err)?;
                    rows.extend(r.into_iter().map(|r| (model, semantics, r)));
                }
            }
        }
        md.push_str(&speed_md(&rows));
        all.extend(rows.into_iter().map(|r| (r.0, r.2)));
    }
    if run(Experiment::Pair) && ex == Experiment::Pair {
        let specs = [
            RunSpec::plain(setup, Family::Adam),
            RunSpec::group(setup, Family::Adam, plan.table4_penalty),
        ];
        let t0 = Instant::now();
        let runs = run_grid(src, setup, &specs, &progress).map_err(err)?;
        let mut t = format!(
            "## Adam vs Group Adam (lambda21 = {:e}), {} table rows\n\n| optimizer | seed | AUC | feature rate | rows seen | training rows/s |\n|---|---|---|---|---|---|\n",
            plan.table4_penalty.lambda21,
            src.table_rows()
        );
        for r in &runs {
            let _ = writeln!(
                t,
                "| {} | {} | {:.4} | {:.4} | {} | {:.0} |",
                label(&r.spec),
                r.seed,
                r.auc,
                r.feature_rate,
                r.rows_seen,
                r.rows_per_second()
            );
        }
        let _ = writeln!(
            t,
            "\n{} runs on {} threads in {:.1} s.\n",
            runs.len(),
            rayon::current_num_threads(),
            t0.elapsed().as_secs_f64()
        );
        md.push_str(&t);
        all.extend(runs.into_iter().map(|r| (main_model, r)));
    }
    for &model in &table_models {
        let setup_m = sgl_oracle::ctr::protocol::Setup {
            model,
            ..setup.clone()
        };
        let suffix = if model == ModelKind::Dcn { "" } else { "-mlp" };
        if run(Experiment::Table2) {
            let (rows, runs) = table2(
                src,
                &setup_m,
                &plan.table2_lambda21,
                &plan.fine_tunes,
                &progress,
            )
            .map_err(err)?;
            md.push_str(&table2_md(&rows, model));
            write_csv(
                &args.out.join(format!("table2{suffix}.csv")),
                &table2_csv(&rows),
            )?;
            let g: Vec<(f64, f64, f64)> = rows
                .iter()
                .map(|r| (r.group.rate.mean, r.group.auc.mean, r.group.auc.sd))
                .collect();
            let p: Vec<(f64, f64, f64)> = rows
                .iter()
                .map(|r| (r.pruned.rate.mean, r.pruned.auc.mean, r.pruned.auc.sd))
                .collect();
            write_svg(
                &args.out.join(format!("fig1{suffix}.svg")),
                &format!("Fig. 1 ({model:?}): AUC vs feature rate"),
                "feature rate",
                "AUC",
                true,
                &[("Group Adam", g), ("Adam + pruning", p)],
            )?;
            all.extend(runs.into_iter().map(|r| (model, r)));
        }
        if run(Experiment::Table3) {
            let (rows, runs) = table3(src, &setup_m, &plan.table3, &progress).map_err(err)?;
            let mut t = format!("## Table 3 ({model:?}): without pruning\n\n| optimizer | lr | lambda1, lambda21, lambda2 | plain AUC (rate) | group AUC (rate) | p AUC (p rate) |\n|---|---|---|---|---|---|\n");
            let mut csv = vec![vec![
                "family",
                "lr",
                "lambda1",
                "lambda21",
                "lambda2",
                "plain_auc",
                "plain_auc_sd",
                "plain_rate",
                "group_auc",
                "group_auc_sd",
                "group_rate",
                "group_rate_sd",
                "p_auc",
                "p_rate",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()];
            for r in &rows {
                let _ = writeln!(
                    t,
                    "| {} vs Group {} | {:e} | {:e}, {:e}, {:e} | {} | {} | {} ({}) |",
                    r.family.name(),
                    r.family.name(),
                    r.lr,
                    r.penalty.lambda1,
                    r.penalty.lambda21,
                    r.penalty.lambda2,
                    cell(&r.plain),
                    cell(&r.group),
                    pv(r.p_auc),
                    pv(r.p_rate)
                );
                csv.push(vec![
                    r.family.name().to_string(),
                    r.lr.to_string(),
                    r.penalty.lambda1.to_string(),
                    r.penalty.lambda21.to_string(),
                    r.penalty.lambda2.to_string(),
                    r.plain.auc.mean.to_string(),
                    r.plain.auc.sd.to_string(),
                    r.plain.rate.mean.to_string(),
                    r.group.auc.mean.to_string(),
                    r.group.auc.sd.to_string(),
                    r.group.rate.mean.to_string(),
                    r.group.rate.sd.to_string(),
                    r.p_auc.to_string(),
                    r.p_rate.to_string(),
                ]);
            }
            md.push_str(&t);
            md.push('\n');
            write_csv(&args.out.join(format!("table3{suffix}.csv")), &csv)?;
            all.extend(runs.into_iter().map(|r| (model, r)));
        }
    }
    if run(Experiment::Table4) {
        let (pts, runs) = table4(
            src,
            setup,
            &plan.table4_dims,
            plan.table4_penalty,
            &progress,
        )
        .map_err(err)?;
        let mut t = format!(
            "## Table 4: embedding dimension (Group Adam, lambda21 = {:e})\n\nWelch p-values (two-sided, over seeds) against the previous row's d.\n\n| d | feature rate | AUC | p rate | p AUC |\n|---|---|---|---|---|\n",
            plan.table4_penalty.lambda21
        );
        for (i, p) in pts.iter().enumerate() {
            let s = &p.summary;
            let (pr, pa) = match i.checked_sub(1) {
                Some(j) => (
                    welch_p(&runs, &pts[j].spec, &p.spec, |r| r.feature_rate),
                    welch_p(&runs, &pts[j].spec, &p.spec, |r| r.auc),
                ),
                None => (String::new(), String::new()),
            };
            let _ = writeln!(
                t,
                "| {} | {:.4} ± {:.4} | {:.4} ± {:.4} | {pr} | {pa} |",
                p.spec.dim, s.rate.mean, s.rate.sd, s.auc.mean, s.auc.sd
            );
        }
        if let (Some(a), Some(b)) = (pts.first(), pts.last()) {
            let _ = writeln!(
                t,
                "\nd = {} vs d = {}: p rate {}, p AUC {}.",
                a.spec.dim,
                b.spec.dim,
                welch_p(&runs, &a.spec, &b.spec, |r| r.feature_rate),
                welch_p(&runs, &a.spec, &b.spec, |r| r.auc)
            );
        }
        md.push_str(&t);
        md.push('\n');
        write_csv(&args.out.join("table4.csv"), &points_csv(&pts))?;
        all.extend(runs.into_iter().map(|r| (main_model, r)));
    }
    if run(Experiment::Fig2) {
        let (pts, runs) = s_vs_stilde(
            src,
            setup,
            &plan.fig2_s,
            Threshold::STildeExact,
            &plan.fig2_stilde,
            &progress,
        )
        .map_err(err)?;
        md.push_str(&fig2_md(&pts));
        write_csv(&args.out.join("fig2.csv"), &points_csv(&pts))?;
        let curve = |th: Threshold| -> Vec<(f64, f64, f64)> {
            pts.iter()
                .filter(|p| p.spec.threshold == th)
                .map(|p| (p.summary.rate.mean, p.summary.auc.mean, p.summary.auc.sd))
                .collect()
        };
        write_svg(
            &args.out.join("fig2.svg"),
            "Fig. 2: AUC vs feature rate, s vs s~",
            "feature rate",
            "AUC",
            true,
            &[
                ("||s_t||", curve(Threshold::S)),
                ("||s~_t|| (corrected)", curve(Threshold::STildeExact)),
            ],
        )?;
        all.extend(runs.into_iter().map(|r| (main_model, r)));
    }
    if run(Experiment::Fig3) {
        let (pts, runs) = l1_vs_l21(src, setup, &plan.fig3_values, &progress).map_err(err)?;
        let mut t = String::from("## Fig. 3: lambda1 vs lambda21 at equal values (Group Adam)\n\n| value | rate, lambda1 = value | rate, lambda21 = value | p rate (Welch) | AUC, lambda1 | AUC, lambda21 |\n|---|---|---|---|---|---|\n");
        let k = plan.fig3_values.len();
        for i in 0..k {
            let (a, b) = (&pts[i].summary, &pts[k + i].summary);
            let p = welch_p(&runs, &pts[i].spec, &pts[k + i].spec, |r| r.feature_rate);
            let _ = writeln!(
                t,
                "| {:e} | {:.4} ± {:.4} | {:.4} ± {:.4} | {p} | {:.4} | {:.4} |",
                plan.fig3_values[i],
                a.rate.mean,
                a.rate.sd,
                b.rate.mean,
                b.rate.sd,
                a.auc.mean,
                b.auc.mean
            );
        }
        md.push_str(&t);
        md.push('\n');
        write_csv(&args.out.join("fig3.csv"), &points_csv(&pts))?;
        let curve = |l21: bool| -> Vec<(f64, f64, f64)> {
            pts.iter()
                .filter(|p| (p.spec.penalty.lambda21 > 0.0) == l21)
                .map(|p| {
                    let v = if l21 {
                        p.spec.penalty.lambda21
                    } else {
                        p.spec.penalty.lambda1
                    };
                    (v, p.summary.rate.mean, p.summary.rate.sd)
                })
                .collect()
        };
        write_svg(
            &args.out.join("fig3.svg"),
            "Fig. 3: feature rate vs lambda",
            "lambda",
            "feature rate",
            true,
            &[("lambda1", curve(false)), ("lambda21", curve(true))],
        )?;
        all.extend(runs.into_iter().map(|r| (main_model, r)));
    }
    bar.finish_and_clear();
    md.push_str(&throughput_md(&all));
    let secs = start.elapsed().as_secs_f64();
    let _ = writeln!(
        md,
        "\n{} runs, {:.1} s wall clock, peak resident memory {}.",
        all.len(),
        secs,
        peak_rss().map_or("unknown".to_string(), |kb| format!(
            "{:.1} MiB",
            kb as f64 / 1024.0
        ))
    );
    write_csv(&args.out.join("runs.csv"), &runs_csv(&all))?;
    let md_path = args.out.join("ctr.md");
    sgl_oracle::io::write_atomic(&md_path, md.as_bytes())?;
    Ok(md)
}

/// Rough number of training + evaluation rows of a run (for the progress bar).
fn planned_rows(plan: &Plan, ex: Experiment, n: u64, models: u64) -> u64 {
    let s = plan.setup.seeds.len() as u64;
    let on = |e: Experiment| u64::from(ex == Experiment::All || ex == e);
    let l = plan.table2_lambda21.len() as u64;
    let k: f64 = plan
        .fine_tunes
        .iter()
        .map(|k| (1.0 - k) + l as f64 * k)
        .sum();
    let t2 = l * s * n + (s as f64 * k * n as f64) as u64;
    let c = &plan.table3;
    let t3 =
        (c.lr_grid.len() + c.adam_penalties.len() + c.lr_grid.len() + c.adagrad_penalties.len())
            as u64
            * n
            + 4 * s * n;
    on(Experiment::Speed) * 16 * n
        + u64::from(ex == Experiment::Pair) * 2 * s * n
        + on(Experiment::Table2) * t2 * models
        + on(Experiment::Table3) * t3 * models
        + on(Experiment::Table4) * plan.table4_dims.len() as u64 * s * n
        + on(Experiment::Fig2) * (plan.fig2_s.len() + plan.fig2_stilde.len()) as u64 * s * n
        + on(Experiment::Fig3) * 2 * plan.fig3_values.len() as u64 * s * n
}

fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn pv(p: f64) -> String {
    if p.is_nan() {
        "n/a".into()
    } else if p < 1e-3 {
        format!("{p:.2e}")
    } else {
        format!("{p:.3}")
    }
}

/// Welch's two-sided p-value of `f` between the runs of spec `a` and of spec
/// `b` (one value per seed), "n/a" with fewer than two seeds.
fn welch_p(runs: &[RunResult], a: &RunSpec, b: &RunSpec, f: fn(&RunResult) -> f64) -> String {
    let of = |s: &RunSpec| -> Vec<f64> { runs.iter().filter(|r| r.spec == *s).map(f).collect() };
    match sgl_oracle::ctr::stats::welch(&of(a), &of(b)) {
        Ok(w) => pv(w.p),
        Err(_) => "n/a".into(),
    }
}

fn cell(s: &Summary) -> String {
    format!("{:.4} ± {:.4} ({:.3})", s.auc.mean, s.auc.sd, s.rate.mean)
}

fn speed_md(rows: &[(ModelKind, Semantics, RunResult)]) -> String {
    let mut t = String::from("## Speed (one run at a time, one seed)\n\n| model | table | optimizer | training rows/s | feature rate | AUC |\n|---|---|---|---|---|---|\n");
    for (m, sem, r) in rows {
        let _ = writeln!(
            t,
            "| {:?} | {:?} | {} | {:.0} | {:.3} | {:.4} |",
            m,
            sem,
            label(&r.spec),
            r.rows_per_second(),
            r.feature_rate,
            r.auc
        );
    }
    t.push('\n');
    t
}

fn label(spec: &RunSpec) -> String {
    if spec.penalty == Penalty::none() {
        spec.family.name().to_string()
    } else {
        format!("Group {}", spec.family.name())
    }
}

fn throughput_md(all: &[(ModelKind, RunResult)]) -> String {
    let mut keys: Vec<(ModelKind, String, usize)> = Vec::new();
    for (m, r) in all {
        let k = (*m, label(&r.spec), r.spec.dim);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut t = String::from("## Training throughput over all runs (two runs share the two cores)\n\n| model | optimizer | d | runs | mean rows/s |\n|---|---|---|---|---|\n");
    for (model, name, d) in keys {
        let v: Vec<f64> = all
            .iter()
            .filter(|(m, r)| *m == model && label(&r.spec) == name && r.spec.dim == d)
            .map(|(_, r)| r.rows_per_second())
            .collect();
        let _ = writeln!(
            t,
            "| {model:?} | {name} | {d} | {} | {:.0} |",
            v.len(),
            v.iter().sum::<f64>() / v.len() as f64
        );
    }
    t
}

fn table2_md(rows: &[sgl_oracle::ctr::protocol::Table2Row], model: ModelKind) -> String {
    let mut t = format!("## Table 2 ({model:?}): Adam + magnitude pruning vs Group Adam (lambda1 = lambda2 = 0)\n\nAUC ± sd (feature rate); p: Welch t-test of the AUCs.\n\n| lambda21 | Adam + pruning | Group Adam | p-value | best fine-tune |\n|---|---|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            t,
            "| {:e} | {} | {} | {} | {:.0}% |",
            r.lambda21,
            cell(&r.pruned),
            cell(&r.group),
            pv(r.p_auc),
            100.0 * r.best_fine_tune
        );
    }
    t.push_str("\nFine-tuning schedules (Table 8 of v2): mean AUC of Adam + pruning.\n\n| lambda21 (rate) |");
    if let Some(r) = rows.first() {
        for (k, _) in &r.by_fine_tune {
            let _ = write!(t, " {:.0}% |", 100.0 * k);
        }
        t.push_str("\n|---|");
        for _ in &r.by_fine_tune {
            t.push_str("---|");
        }
        t.push('\n');
    }
    for r in rows {
        let _ = write!(t, "| {:e} ({:.3}) |", r.lambda21, r.group.rate.mean);
        for (_, s) in &r.by_fine_tune {
            let _ = write!(t, " {:.4} |", s.auc.mean);
        }
        t.push('\n');
    }
    t.push('\n');
    t
}

fn table2_csv(rows: &[sgl_oracle::ctr::protocol::Table2Row]) -> Vec<Vec<String>> {
    let mut v = vec![[
        "lambda21",
        "group_auc",
        "group_auc_sd",
        "group_rate",
        "group_rate_sd",
        "pruned_auc",
        "pruned_auc_sd",
        "pruned_rate",
        "best_fine_tune",
        "p_auc",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    for r in rows {
        v.push(vec![
            r.lambda21.to_string(),
            r.group.auc.mean.to_string(),
            r.group.auc.sd.to_string(),
            r.group.rate.mean.to_string(),
            r.group.rate.sd.to_string(),
            r.pruned.auc.mean.to_string(),
            r.pruned.auc.sd.to_string(),
            r.pruned.rate.mean.to_string(),
            r.best_fine_tune.to_string(),
            r.p_auc.to_string(),
        ]);
    }
    v
}

fn fig2_md(pts: &[Point]) -> String {
    let s_curve: Vec<(f64, f64)> = pts
        .iter()
        .filter(|p| p.spec.threshold == Threshold::S)
        .map(|p| (p.summary.rate.mean, p.summary.auc.mean))
        .collect();
    let mut t = String::from("## Fig. 2: ||s_t|| vs ||s~_t|| (corrected Eq. (10)), Group Adam\n\n| threshold | lambda21 | feature rate | AUC | AUC of the s curve at this rate | difference |\n|---|---|---|---|---|---|\n");
    for p in pts {
        let s = &p.summary;
        let (at, diff) = match (p.spec.threshold, interpolate_auc(&s_curve, s.rate.mean)) {
            (Threshold::S, _) | (_, None) => ("".to_string(), "".to_string()),
            (_, Some(a)) => (format!("{a:.4}"), format!("{:+.4}", s.auc.mean - a)),
        };
        let _ = writeln!(
            t,
            "| {:?} | {:e} | {:.4} ± {:.4} | {:.4} ± {:.4} | {at} | {diff} |",
            p.spec.threshold, p.spec.penalty.lambda21, s.rate.mean, s.rate.sd, s.auc.mean, s.auc.sd
        );
    }
    t.push('\n');
    t
}

fn points_csv(pts: &[Point]) -> Vec<Vec<String>> {
    let mut v = vec![[
        "family",
        "threshold",
        "dim",
        "lambda1",
        "lambda21",
        "lambda2",
        "auc",
        "auc_sd",
        "rate",
        "rate_sd",
        "seeds",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    for p in pts {
        let (s, sp) = (&p.summary, &p.spec);
        v.push(vec![
            sp.family.name().into(),
            format!("{:?}", sp.threshold),
            sp.dim.to_string(),
            sp.penalty.lambda1.to_string(),
            sp.penalty.lambda21.to_string(),
            sp.penalty.lambda2.to_string(),
            s.auc.mean.to_string(),
            s.auc.sd.to_string(),
            s.rate.mean.to_string(),
            s.rate.sd.to_string(),
            s.auc.n.to_string(),
        ]);
    }
    v
}

fn runs_csv(all: &[(ModelKind, RunResult)]) -> Vec<Vec<String>> {
    let mut v = vec![[
        "model",
        "family",
        "lr",
        "threshold",
        "dim",
        "lambda1",
        "lambda21",
        "lambda2",
        "seed",
        "prune_target",
        "fine_tune",
        "auc",
        "logloss",
        "rows_seen",
        "rows_nonzero",
        "feature_rate",
        "train_rows",
        "train_seconds",
        "rows_per_s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    for (m, r) in all {
        let sp = &r.spec;
        v.push(vec![
            format!("{m:?}"),
            sp.family.name().into(),
            sp.lr.to_string(),
            format!("{:?}", sp.threshold),
            sp.dim.to_string(),
            sp.penalty.lambda1.to_string(),
            sp.penalty.lambda21.to_string(),
            sp.penalty.lambda2.to_string(),
            r.seed.to_string(),
            r.prune.map_or(String::new(), |p| p.target_rate.to_string()),
            r.prune.map_or(String::new(), |p| p.fine_tune.to_string()),
            r.auc.to_string(),
            r.logloss.to_string(),
            r.rows_seen.to_string(),
            r.rows_nonzero.to_string(),
            r.feature_rate.to_string(),
            r.train_rows.to_string(),
            r.train_seconds.to_string(),
            format!("{:.0}", r.rows_per_second()),
        ]);
    }
    v
}

fn write_csv(path: &Path, rows: &[Vec<String>]) -> Result<()> {
    let e = |e: csv::Error| SglError::Io(format!("{}: {e}", path.display()));
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).map_err(e)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|x| SglError::Io(format!("{}: {x}", path.display())))?;
    sgl_oracle::io::write_atomic(path, &bytes)
}

fn plot_err<E: std::fmt::Debug>(e: E) -> SglError {
    SglError::Io(format!("plot: {e:?}"))
}

/// A named curve of `(x, y, sd of y)`.
type Series<'a> = (&'a str, Vec<(f64, f64, f64)>);

/// Curves of `(x, y, sd of y)` with one-sd error bars.
fn write_svg(
    path: &Path,
    title: &str,
    xdesc: &str,
    ydesc: &str,
    logx: bool,
    series: &[Series],
) -> Result<()> {
    let pts: Vec<&(f64, f64, f64)> = series
        .iter()
        .flat_map(|s| s.1.iter())
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    if pts.is_empty() {
        return Ok(());
    }
    let xmin = pts
        .iter()
        .map(|p| p.0)
        .filter(|&x| !logx || x > 0.0)
        .fold(f64::INFINITY, f64::min);
    let xmax = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let ymin = pts.iter().map(|p| p.1 - p.2).fold(f64::INFINITY, f64::min);
    let ymax = pts
        .iter()
        .map(|p| p.1 + p.2)
        .fold(f64::NEG_INFINITY, f64::max);
    let (xlo, xhi) = if logx {
        let lo = if xmin.is_finite() { xmin } else { 1e-6 };
        (lo / 1.5, xmax.max(lo) * 1.5)
    } else {
        (
            xmin - 0.05 * (xmax - xmin + 1e-9),
            xmax + 0.05 * (xmax - xmin + 1e-9),
        )
    };
    let pad = 0.1 * (ymax - ymin).max(1e-4);
    let (ylo, yhi) = (ymin - pad, ymax + pad);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (640, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let colors = [RED, BLUE, GREEN, BLACK];
        let mut b = ChartBuilder::on(&root);
        b.caption(title, ("sans-serif", 16))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(60);
        macro_rules! draw {
            ($chart:expr) => {{
                let mut chart = $chart;
                chart
                    .configure_mesh()
                    .x_desc(xdesc)
                    .y_desc(ydesc)
                    .draw()
                    .map_err(plot_err)?;
                for (i, (name, s)) in series.iter().enumerate() {
                    let c = colors[i % colors.len()];
                    let line: Vec<(f64, f64)> = s
                        .iter()
                        .filter(|p| !logx || p.0 > 0.0)
                        .map(|p| (p.0, p.1))
                        .collect();
                    chart
                        .draw_series(LineSeries::new(line, &c))
                        .map_err(plot_err)?
                        .label(*name)
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c));
                    chart
                        .draw_series(
                            s.iter().filter(|p| !logx || p.0 > 0.0).map(|p| {
                                PathElement::new(vec![(p.0, p.1 - p.2), (p.0, p.1 + p.2)], c)
                            }),
                        )
                        .map_err(plot_err)?;
                }
                chart
                    .configure_series_labels()
                    .border_style(BLACK)
                    .background_style(WHITE)
                    .draw()
                    .map_err(plot_err)?;
            }};
        }
        if logx {
            draw!(b
                .build_cartesian_2d((xlo..xhi).log_scale(), ylo..yhi)
                .map_err(plot_err)?);
        } else {
            draw!(b.build_cartesian_2d(xlo..xhi, ylo..yhi).map_err(plot_err)?);
        }
        root.present().map_err(plot_err)?;
    }
    sgl_oracle::io::write_atomic(path, buf.as_bytes())
}
