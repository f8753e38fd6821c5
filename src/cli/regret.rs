//! `sgl regret`: runs Algorithm 1 with a chosen rule on a chosen synthetic
//! problem, evaluates `R_t` \[Eq:7\] and every Section 3 bound (\[Thm3\] Eq. 14
//! with Theorem 3's norms, Lemma 2's norms and the E9a-corrected t = 1 term;
//! \[Lem1\] Eq. 16; \[Cor1\] Eq. 20) with the premise flags on a log-spaced grid
//! of horizons, and writes a CSV and a log-log SVG (both atomically).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sgl_oracle::objectives::ObjectiveKind;
use sgl_oracle::regret::bounds::Bounds;
use sgl_oracle::regret::premises::Premises;
use sgl_oracle::regret::sweep::{sweep, RegretRule, SweepSpec};
use sgl_oracle::{Result, SglError, Threshold};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `sgl regret`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rule (hyper-parameters: `regret::sweep::RegretRule`).
    #[arg(long, value_enum, default_value = "adagrad")]
    pub rule: RegretRule,
    /// The loss.
    #[arg(long, value_enum, default_value = "least-squares")]
    pub problem: ObjectiveKind,
    /// Dimension n.
    #[arg(long, default_value_t = 4)]
    pub n: usize,
    /// Horizon T.
    #[arg(long, default_value_t = 1000)]
    pub steps: usize,
    /// Seed of the synthetic problem.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The group threshold (update (6) is s-tilde-exact).
    #[arg(long, value_enum, default_value = "s-tilde-exact")]
    pub threshold: Threshold,
    /// Starting point c = x_1 (every coordinate) \[Eq:11\].
    #[arg(long, default_value_t = 0.0)]
    pub start: f64,
    /// CSV output path.
    #[arg(long)]
    pub out_csv: Option<PathBuf>,
    /// SVG output path.
    #[arg(long)]
    pub out_svg: Option<PathBuf>,
}

/// Entry point of `sgl regret`.
pub fn main(args: &Args) -> Result<String> {
    let spec = SweepSpec {
        rule: args.rule.spec(),
        problem: args.problem,
        n: args.n,
        steps: args.steps,
        seed: args.seed,
        threshold: args.threshold,
        start: args.start,
    };
    let bar = ProgressBar::new(args.steps as u64);
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(s) = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
            bar.set_style(s);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let rows = sweep(&spec, |t| bar.set_position(t as u64))?;
    bar.finish_and_clear();
    let mut csv = String::from(
        "t,regret,psi,h,dual_thm3,dual_lem2,dual_corrected,eq14_thm3,eq14_lem2,eq14_corrected,lem1_lhs,lem1_rhs,eq20,cond12,q_psd,h1_ge_h0,kappa\n",
    );
    for (b, pr) in &rows {
        csv += &format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            b.t,
            b.regret,
            b.psi,
            b.h,
            b.dual_thm3,
            b.dual_lem2,
            b.dual_corrected,
            b.eq14_thm3,
            b.eq14_lem2,
            b.eq14_corrected,
            b.lem1_lhs,
            b.lem1_rhs,
            b.eq20,
            pr.cond12(),
            pr.q_psd(),
            pr.h1_ge_h0(),
            pr.kappa
        );
    }
    if let Some(path) = &args.out_csv {
        sgl_oracle::io::write_atomic(path, csv.as_bytes())?;
    }
    if let Some(path) = &args.out_svg {
        let svg = plot(&rows, args.steps)?;
        sgl_oracle::io::write_atomic(path, svg.as_bytes())?;
    }
    let last = rows
        .last()
        .ok_or_else(|| SglError::InvalidInput("no horizon had a comparator".into()))?;
    Ok(format!(
        "T={} R_T={:.6} eq14_thm3={:.6} eq14_lem2={:.6} eq14_corrected={:.6} eq20={:.6} cond12={} q_psd={} h1_ge_h0={}",
        last.0.t, last.0.regret, last.0.eq14_thm3, last.0.eq14_lem2, last.0.eq14_corrected, last.0.eq20,
        last.1.cond12(), last.1.q_psd(), last.1.h1_ge_h0()
    ))
}

/// Log-log SVG without text (no fonts needed): black R_t, blue (14) Theorem 3
/// norms, green (14) corrected, red (20).
fn plot(rows: &[(Bounds, Premises)], t_max: usize) -> Result<String> {
    use plotters::prelude::*;
    let err = |e: String| SglError::Io(format!("svg: {e}"));
    type Series = (fn(&Bounds) -> f64, RGBColor);
    let series: [Series; 4] = [
        (|b| b.regret, BLACK),
        (|b| b.eq14_thm3, BLUE),
        (|b| b.eq14_corrected, GREEN),
        (|b| b.eq20, RED),
    ];
    let mut lo = f64::INFINITY;
    let mut hi = 0.0f64;
    for (b, _) in rows {
        for (f, _) in &series {
            let v = f(b);
            if v > 0.0 && v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
        hi = lo.max(1e-12) * 10.0;
        lo = hi / 100.0;
    }
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (640, 480)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| err(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .margin(20)
            .build_cartesian_2d(
                (1.0f64..t_max.max(2) as f64).log_scale(),
                (lo..hi).log_scale(),
            )
            .map_err(|e| err(e.to_string()))?;
        for (f, color) in series {
            let pts: Vec<(f64, f64)> = rows
                .iter()
                .map(|(b, _)| (b.t as f64, f(b)))
                .filter(|(_, v)| *v > 0.0 && v.is_finite())
                .collect();
            chart
                .draw_series(LineSeries::new(pts, &color))
                .map_err(|e| err(e.to_string()))?;
        }
        root.present().map_err(|e| err(e.to_string()))?;
    }
    Ok(out)
}
