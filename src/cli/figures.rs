//! `sgl figures`: deterministic SVG figures for the book (plotters, SVG
//! backend, no font libraries), each computed on the spot from seeded runs.
//!
//! - `sparsity_vs_lambda.svg`: fraction of non-zero groups against lambda21
//!   and against lambda1 (the paper's Fig. 3 question, synthetic data).
//! - `s_vs_stilde.svg`: final average loss against the fraction of non-zero
//!   groups for Algorithm 1 (`||s||`) and the exact step (`||s~||`), swept
//!   over lambda21 (the paper's Fig. 2 question, synthetic data).
//! - `group_zeroed_and_revived.svg`: `||x^g||` over t for a group that
//!   Group Adam zeroes and later revives.
//! - `regret_vs_bounds.svg`: log-log plot of `R_t` \[Eq:7\] against the
//!   corrected bound (14) (erratum E9a), the printed (14) and the bound (20)
//!   \[Cor1\], for Adagrad with the exact update (6) on least squares
//!   (Section 3; [`regret_vs_bounds`] gives the data).

use plotters::prelude::*;
use sgl_oracle::figures::{
    logspace, regret_vs_bounds, sparsity_run, zeroed_and_revived, RegretPoint, REGRET_T,
};
use sgl_oracle::io::write_atomic;
use sgl_oracle::penalty::Penalty;
use sgl_oracle::{Result, SglError, Threshold};
use std::path::Path;

fn plot_err<E: std::fmt::Debug>(e: E) -> SglError {
    SglError::Io(format!("plot: {e:?}"))
}

fn svg_string(draw: impl FnOnce(&mut String) -> Result<()>) -> Result<String> {
    let mut s = String::new();
    draw(&mut s)?;
    Ok(s)
}

fn sparsity_vs_lambda() -> Result<String> {
    let lams = logspace(-1.0, 2.0, 13);
    let mut l21 = vec![];
    let mut l1 = vec![];
    for &l in &lams {
        l21.push((l, sparsity_run(Penalty::new(0.0, l, 0.0)?, Threshold::S)?.0));
        l1.push((l, sparsity_run(Penalty::new(l, 0.0, 0.0)?, Threshold::S)?.0));
    }
    svg_string(|buf| {
        let root = SVGBackend::with_string(buf, (640, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "non-zero groups vs lambda (Group Adam, least squares)",
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d((0.1f64..100f64).log_scale(), 0f64..1.05f64)
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("lambda")
            .y_desc("fraction of non-zero groups")
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(LineSeries::new(l21.clone(), &RED))
            .map_err(plot_err)?
            .label("lambda21 (lambda1 = 0)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED));
        chart
            .draw_series(LineSeries::new(l1.clone(), &BLUE))
            .map_err(plot_err)?
            .label("lambda1 (lambda21 = 0)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE));
        chart
            .configure_series_labels()
            .border_style(BLACK)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
        Ok(())
    })
}

fn s_vs_stilde() -> Result<String> {
    let mut a = vec![];
    let mut b = vec![];
    for &l in &logspace(-1.0, 2.0, 13) {
        a.push(sparsity_run(Penalty::new(0.0, l, 0.0)?, Threshold::S)?);
    }
    for &l in &logspace(-1.0, 1.6, 13) {
        b.push(sparsity_run(
            Penalty::new(0.0, l, 0.0)?,
            Threshold::STildeExact,
        )?);
    }
    let ymax = a.iter().chain(&b).fold(0.0f64, |m, p| m.max(p.1)) * 1.1;
    svg_string(|buf| {
        let root = SVGBackend::with_string(buf, (640, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "loss vs sparsity: ||s|| (Alg. 1) vs ||s~|| (exact Eq. 6)",
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..1.05f64, 0f64..ymax.max(1e-12))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("fraction of non-zero groups")
            .y_desc("mean loss, last 100 rounds")
            .draw()
            .map_err(plot_err)?;
        let mut sa = a.clone();
        sa.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut sb = b.clone();
        sb.sort_by(|p, q| p.0.total_cmp(&q.0));
        chart
            .draw_series(LineSeries::new(sa, &RED))
            .map_err(plot_err)?
            .label("s (Algorithm 1)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED));
        chart
            .draw_series(LineSeries::new(sb, &BLUE))
            .map_err(plot_err)?
            .label("s~ exact (Theorem 1 corrected)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE));
        chart
            .configure_series_labels()
            .border_style(BLACK)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
        Ok(())
    })
}

fn zeroed_and_revived_svg() -> Result<String> {
    let pts = zeroed_and_revived()?;
    let ymax = pts.iter().fold(0.0f64, |m, p| m.max(p.1)) * 1.1;
    svg_string(|buf| {
        let root = SVGBackend::with_string(buf, (640, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "||x^g|| of one group: zeroed (t in 100..200) and revived",
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(0f64..300f64, 0f64..ymax.max(1e-12))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("t")
            .y_desc("||x^g||")
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(LineSeries::new(pts, &RED))
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
        Ok(())
    })
}

fn regret_vs_bounds_svg() -> Result<String> {
    let pts = regret_vs_bounds()?;
    // Log axes: keep positive values only (R_t can be ~0 at small t).
    let series = |f: fn(&RegretPoint) -> f64| -> Vec<(f64, f64)> {
        pts.iter()
            .map(|p| (p.t as f64, f(p)))
            .filter(|(_, v)| *v > 0.0)
            .collect()
    };
    let r = series(|p| p.regret);
    let c14 = series(|p| p.eq14_corrected);
    let p14 = series(|p| p.eq14_printed);
    let b20 = series(|p| p.eq20);
    let all = r.iter().chain(&c14).chain(&p14).chain(&b20);
    let lo = all.clone().fold(f64::INFINITY, |m, p| m.min(p.1)) / 2.0;
    let hi = all.fold(0.0f64, |m, p| m.max(p.1)) * 2.0;
    svg_string(|buf| {
        let root = SVGBackend::with_string(buf, (640, 420)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "regret R_t vs bounds (Group Adagrad, exact Eq. 6, least squares)",
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(
                (1f64..REGRET_T as f64).log_scale(),
                (lo.max(1e-12)..hi.max(1e-11)).log_scale(),
            )
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .x_desc("t")
            .y_desc("value")
            .draw()
            .map_err(plot_err)?;
        for (data, color, label) in [
            (r, RED, "R_t (Eq. 7)"),
            (c14, BLUE, "Eq. 14, corrected t = 1 term (E9a)"),
            (p14, CYAN, "Eq. 14 as printed"),
            (b20, GREEN, "Eq. 20 (Corollary 1)"),
        ] {
            chart
                .draw_series(LineSeries::new(data, &color))
                .map_err(plot_err)?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .border_style(BLACK)
            .background_style(WHITE)
            .draw()
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
        Ok(())
    })
}

/// Every figure as (file name, SVG text).
pub fn all() -> Result<Vec<(&'static str, String)>> {
    Ok(vec![
        ("sparsity_vs_lambda.svg", sparsity_vs_lambda()?),
        ("s_vs_stilde.svg", s_vs_stilde()?),
        ("group_zeroed_and_revived.svg", zeroed_and_revived_svg()?),
        ("regret_vs_bounds.svg", regret_vs_bounds_svg()?),
    ])
}

/// Writes every figure into `dir` atomically.
pub fn write_all(dir: &Path) -> Result<Vec<String>> {
    let mut names = vec![];
    for (name, svg) in all()? {
        write_atomic(&dir.join(name), svg.as_bytes())?;
        names.push(name.to_string());
    }
    Ok(names)
}
