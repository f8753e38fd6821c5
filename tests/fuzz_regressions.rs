//! CI runs the fuzz targets' entry points on every committed regression
//! input (`fuzz/regressions/<target>/*`) and on seeded random byte strings;
//! the fuzzer itself runs locally (`RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET`).

use rand::{RngExt, SeedableRng};
use sgl_oracle::fuzz_entry;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = format!("fuzz/regressions/{target}");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn random_inputs(seed: u64, count: usize) -> Vec<Vec<u8>> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let len = rng.random_range(0..400usize);
            (0..len).map(|_| rng.random::<u8>()).collect()
        })
        .collect()
}

#[test]
fn config_reader_regressions() {
    for d in inputs("config_reader") {
        fuzz_entry::config_reader(&d);
    }
    for d in random_inputs(1, 500) {
        fuzz_entry::config_reader(&d);
    }
}

#[test]
fn optimizer_structured_regressions() {
    for d in inputs("optimizer_structured") {
        fuzz_entry::optimizer_structured(&d);
    }
    for d in random_inputs(2, 3000) {
        fuzz_entry::optimizer_structured(&d);
    }
}

#[test]
fn fused_structured_regressions() {
    for d in inputs("fused_structured") {
        fuzz_entry::fused_structured(&d);
    }
    for d in random_inputs(6, 3000) {
        fuzz_entry::fused_structured(&d);
    }
}

#[test]
fn fixture_reader_regressions() {
    for d in inputs("fixture_reader") {
        fuzz_entry::fixture_reader(&d);
    }
    for d in random_inputs(3, 500) {
        fuzz_entry::fixture_reader(&d);
    }
}

#[test]
fn trajectory_check_regressions() {
    for d in inputs("trajectory_check") {
        fuzz_entry::trajectory_check(&d);
    }
    for d in random_inputs(4, 500) {
        fuzz_entry::trajectory_check(&d);
    }
}

#[test]
fn solve_input_regressions() {
    for d in inputs("solve_input") {
        fuzz_entry::solve_input(&d);
    }
    for d in random_inputs(5, 500) {
        fuzz_entry::solve_input(&d);
    }
}
