//! `sgl ctr --tiny`: the seconds-long smoke run CI calls, end to end
//! (synthetic data, every experiment, Markdown, CSV and SVG outputs), and
//! the Criteo sample path with `--write-criteo-sample` and `--criteo`.

use std::process::Command;

fn sgl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sgl"))
}

#[test]
fn tiny_run_writes_every_table_and_figure() {
    let out = std::env::temp_dir().join(format!("sgl-ctr-cli-{}", std::process::id()));
    let o = sgl()
        .args(["ctr", "--tiny", "--no-progress", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = String::from_utf8(o.stdout).unwrap();
    for h in [
        "## Speed",
        "## Table 2 (Dcn)",
        "## Table 2 (Mlp)",
        "## Table 3 (Dcn)",
        "## Table 3 (Mlp)",
        "table semantics Dense",
        "| Dcn | Dense | Group Adam |",
        "| Dcn | Lazy | Group Adam |",
        "## Table 4",
        "## Fig. 2",
        "## Fig. 3",
        "peak resident memory",
    ] {
        assert!(md.contains(h), "missing {h}");
    }
    for f in [
        "ctr.md",
        "table2.csv",
        "table3.csv",
        "table4.csv",
        "fig2.csv",
        "fig3.csv",
        "runs.csv",
        "fig1.svg",
        "fig2.svg",
        "fig3.svg",
        "table2-mlp.csv",
        "table3-mlp.csv",
        "fig1-mlp.svg",
    ] {
        let p = out.join(f);
        assert!(
            p.metadata().map(|m| m.len() > 0).unwrap_or(false),
            "missing {f}"
        );
    }
    // runs.csv: a header and one line per run; AUCs are probabilities.
    let runs = std::fs::read_to_string(out.join("runs.csv")).unwrap();
    let mut lines = runs.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let auc = header.iter().position(|h| *h == "auc").unwrap();
    let mut n = 0;
    for l in lines {
        let a: f64 = l.split(',').nth(auc).unwrap().parse().unwrap();
        assert!((0.0..=1.0).contains(&a), "{l}");
        n += 1;
    }
    assert!(n >= 40, "{n} runs");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn the_pair_experiment_runs_lazy_tables_and_reports_memory() {
    let out = std::env::temp_dir().join(format!("sgl-ctr-pair-{}", std::process::id()));
    let o = sgl()
        .args([
            "ctr",
            "--tiny",
            "--no-progress",
            "--experiment",
            "pair",
            "--semantics",
            "lazy",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = String::from_utf8(o.stdout).unwrap();
    for h in [
        "table semantics Lazy",
        "## Adam vs Group Adam",
        "9130 table rows",
        "peak resident memory",
    ] {
        assert!(md.contains(h), "missing {h}:\n{md}");
    }
    // Two seeds x {Adam, Group Adam}.
    for row in [
        "| Adam | 1 |",
        "| Adam | 2 |",
        "| Group Adam | 1 |",
        "| Group Adam | 2 |",
    ] {
        assert!(md.contains(row), "missing {row}:\n{md}");
    }
    assert!(!md.contains("## Table 2"), "{md}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn criteo_sample_runs_through_the_cli_and_bad_lines_fail_with_their_number() {
    let dir = std::env::temp_dir().join(format!("sgl-ctr-cli-criteo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("sample.tsv");
    let o = sgl()
        .args(["ctr", "--sample-lines", "2100", "--write-criteo-sample"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let run = |policy: &str| {
        sgl()
            .args([
                "ctr",
                "--tiny",
                "--no-progress",
                "--experiment",
                "table4",
                "--buckets",
                "4096",
                "--malformed",
                policy,
                "--criteo",
            ])
            .arg(&p)
            .arg("--out")
            .arg(dir.join("out"))
            .output()
            .unwrap()
    };
    let o = run("stop");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("criteo:"));
    // Corrupt line 5: the run stops and names it.
    let text = std::fs::read_to_string(&p).unwrap();
    let mut v: Vec<&str> = text.lines().collect();
    v[4] = "1\tbroken";
    std::fs::write(&p, v.join("\n") + "\n").unwrap();
    let o = run("stop");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 5"), "{err}");
    assert!(run("skip").status.success());
    std::fs::remove_dir_all(&dir).ok();
}
