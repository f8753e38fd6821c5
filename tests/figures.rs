//! The book's figures: committed SVGs equal a fresh generation, and the data
//! behind them show what their captions claim.

use sgl_oracle::algorithm1::Threshold;
use sgl_oracle::figures;
use sgl_oracle::Penalty;

#[test]
fn committed_figures_equal_a_fresh_generation() {
    let update = std::env::var("SGL_UPDATE_DOCS").is_ok();
    for (name, svg) in figures::all().unwrap() {
        let path = format!("docs/src/figures/{name}");
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old != svg {
            assert!(
                update,
                "{path} is stale (run `sgl figures` or SGL_UPDATE_DOCS=1)"
            );
            sgl_oracle::io::write_atomic(std::path::Path::new(&path), svg.as_bytes()).unwrap();
        }
    }
    // Generating twice is byte-identical.
    let a = figures::all().unwrap();
    let b = figures::all().unwrap();
    assert_eq!(a, b);
}

#[test]
fn sparsity_falls_with_lambda21_to_zero() {
    let small = figures::sparsity_run(Penalty::new(0.0, 1e-3, 0.0).unwrap(), Threshold::S).unwrap();
    let large =
        figures::sparsity_run(Penalty::new(0.0, 100.0, 0.0).unwrap(), Threshold::S).unwrap();
    assert!(small.0 > 0.9, "{small:?}");
    assert_eq!(large.0, 0.0);
}

#[test]
fn the_group_is_zeroed_then_revived() {
    let pts = figures::zeroed_and_revived().unwrap();
    let at = |t: usize| pts[t - 1].1;
    assert!(at(90) > 0.1);
    assert_eq!(at(190), 0.0);
    assert!(at(290) > 0.1);
}
