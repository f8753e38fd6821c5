//! `sgl regret` end to end: runs the binary on a small least-squares problem,
//! writes CSV and SVG into a temp dir, and checks the CSV header, the row
//! count (the log-spaced horizon grid), that every `R_t` equals the library's
//! computation (and an independent re-summation of the losses), that the SVG
//! exists, and that a bad argument gives one error line and exit code 1.

use sgl_oracle::algorithm1::Threshold;
use sgl_oracle::groups::Groups;
use sgl_oracle::objectives::{LinearProblem, Objective, ObjectiveKind};
use sgl_oracle::penalty::Penalty;
use sgl_oracle::regret::bounds::bounds;
use sgl_oracle::regret::comparator::comparator;
use sgl_oracle::regret::record::record;
use sgl_oracle::rules::{Adagrad, AdagradForm};
use std::process::Command;

const HEADER: &str = "t,regret,psi,h,dual_thm3,dual_lem2,dual_corrected,eq14_thm3,eq14_lem2,eq14_corrected,lem1_lhs,lem1_rhs,eq20,cond12,q_psd,h1_ge_h0,kappa";

/// The horizon grid the CLI documents: t = floor(1.25^k) (deduplicated) below
/// T, then T. Written out here from the spec, not imported.
fn expected_grid(t_max: usize) -> Vec<usize> {
    let mut g: Vec<usize> = vec![];
    let mut t = 1.0f64;
    while (t as usize) < t_max {
        if g.last() != Some(&(t as usize)) {
            g.push(t as usize);
        }
        t *= 1.25;
    }
    g.push(t_max);
    g
}

#[test]
fn regret_cli_writes_csv_and_svg() {
    let dir = std::env::temp_dir().join(format!("sgl-regret-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, svg) = (dir.join("r.csv"), dir.join("r.svg"));
    let (n, steps, seed, start) = (3usize, 60usize, 5u64, 0.5f64);
    let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
        .args([
            "regret",
            "--rule",
            "adagrad",
            "--problem",
            "least-squares",
            "--n",
            "3",
            "--steps",
            "60",
            "--seed",
            "5",
            "--start",
            "0.5",
            "--out-csv",
        ])
        .arg(&csv)
        .arg("--out-svg")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("T=60 R_T="), "{stdout}");

    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let grid = expected_grid(steps);
    // Least squares: every prefix has a comparator, so no row is skipped.
    assert_eq!(rows.len(), grid.len());
    // floor(1.25^k): 1, 2, 3, 4, 5, 7, 9, 11, 14, 18, 22, 28, 35, 44, 55; then 60.
    assert_eq!(
        grid,
        [1, 2, 3, 4, 5, 7, 9, 11, 14, 18, 22, 28, 35, 44, 55, 60]
    );

    // The library's computation of the same run.
    let p = LinearProblem::synthetic(ObjectiveKind::LeastSquares, n, steps, 1, seed).unwrap();
    let rule = Adagrad::new(n, 1.0, 0.0, AdagradForm::PaperAlg3).unwrap();
    let run = record(
        &p,
        steps,
        rule,
        Groups::singletons(n).unwrap(),
        Penalty::none(),
        Threshold::STildeExact,
        &vec![start; n],
        |_| {},
    )
    .unwrap();
    for (row, &t) in rows.iter().zip(&grid) {
        assert_eq!(row.len(), 17);
        assert_eq!(row[0].parse::<usize>().unwrap(), t);
        let r_csv: f64 = row[1].parse().unwrap();
        let c = comparator(&p, t).unwrap();
        let b = bounds(&run, t, &c.x, c.value, 0.0, 1.0);
        // Same deterministic computation, printed with round-trip `{}`: exact.
        assert_eq!(r_csv, b.regret, "t = {t}");
        // Independent re-summation: sum_s f_s(x_s) - sum_s f_s(x*) by evaluating
        // the objective at the recorded points and at the comparator.
        let mut lhs = 0.0;
        let mut opt = 0.0;
        for s in 1..=t {
            lhs += p.eval(s, &run.rounds[s - 1].x_t).unwrap().loss;
            opt += p.eval(s, &c.x).unwrap().loss;
        }
        // Two sums of t <= 60 positive terms of size O(1-10): 1e-12 relative.
        assert!(
            (r_csv - (lhs - opt)).abs() <= 1e-12 * (1.0 + lhs.abs()),
            "t = {t}: {r_csv} vs {}",
            lhs - opt
        );
        for flag in &row[13..16] {
            assert!(flag == "true" || flag == "false", "{flag}");
        }
        assert_eq!(row[14], "true", "Adagrad: Q_t PSD");
    }
    let svg_text = std::fs::read_to_string(&svg).unwrap();
    assert!(svg_text.starts_with("<svg") && svg_text.contains("</svg>"));
    assert!(svg_text.matches("<polyline").count() >= 4, "four series");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn regret_cli_bad_argument_is_one_error_line() {
    for bad in [
        ["--rule", "rmsprop"],
        ["--problem", "hinge2"],
        ["--threshold", "zz"],
        ["--steps", "0"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_sgl"))
            .arg("regret")
            .args(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{bad:?}: {err}");
        assert!(err.starts_with("sgl: error: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}
