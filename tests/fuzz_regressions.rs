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

/// Runs `entry` on every committed regression input of `target`, then on
/// `count` seeded random byte strings.
fn replay(target: &str, entry: fn(&[u8]), seed: u64, count: usize) {
    for d in inputs(target) {
        entry(&d);
    }
    for d in random_inputs(seed, count) {
        entry(&d);
    }
}

#[test]
fn config_reader_regressions() {
    replay("config_reader", fuzz_entry::config_reader, 1, 500);
}

#[test]
fn optimizer_structured_regressions() {
    replay(
        "optimizer_structured",
        fuzz_entry::optimizer_structured,
        2,
        3000,
    );
}

#[test]
fn fused_structured_regressions() {
    replay("fused_structured", fuzz_entry::fused_structured, 6, 3000);
}

#[test]
fn fixture_reader_regressions() {
    replay("fixture_reader", fuzz_entry::fixture_reader, 3, 500);
}

#[test]
fn trajectory_check_regressions() {
    replay("trajectory_check", fuzz_entry::trajectory_check, 4, 500);
}

#[test]
fn solve_input_regressions() {
    replay("solve_input", fuzz_entry::solve_input, 5, 500);
}
