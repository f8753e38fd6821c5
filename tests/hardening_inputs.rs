//! Ordinary regression tests for inputs found while hardening (issue 7).
//! Each malformed fixture here is also committed under
//! fuzz/regressions/fixture_reader/ (tests/fuzz_regressions.rs runs those).

use sgl_oracle::fixtures::format::FixtureFile;
use sgl_oracle::fixtures::verify::verify_case;
use sgl_oracle::SglError;

fn load(text: &str) -> FixtureFile {
    serde_json::from_str(text).unwrap()
}

/// `verify_case` on a fixture whose shapes are inconsistent used to index out
/// of bounds (src/fixtures/verify.rs:251, `sig[i]` / `x_t[i]`); it must be a
/// typed error naming what is malformed.
#[test]
fn malformed_fixture_shapes_are_typed_errors() {
    let cases = [
        (
            include_str!("../fuzz/regressions/fixture_reader/crash-sigma-short.json"),
            "expected state",
        ),
        (
            include_str!("../fuzz/regressions/fixture_reader/crash-x1-empty.json"),
            "x1",
        ),
        (
            include_str!("../fuzz/regressions/fixture_reader/crash-v2-first-step-empty.json"),
            "at least one step",
        ),
    ];
    for (text, needle) in cases {
        let f = load(text);
        let g = &f.test_groups[0];
        let err = verify_case(g, &g.tests[0]).unwrap_err();
        assert!(matches!(err, SglError::FixtureCheck(_)), "{err:?}");
        assert!(err.to_string().contains(needle), "{err}");
        // And the whole fuzz entry returns normally.
        sgl_oracle::fuzz_entry::fixture_reader(text.as_bytes());
    }
}

/// The unmodified seed still verifies (so the errors above come from the
/// mutation, not from the seed).
#[test]
fn seed_fixture_verifies() {
    let f = load(include_str!(
        "../fuzz/regressions/fixture_reader/seed-group-adam-small.json"
    ));
    for g in &f.test_groups {
        for c in &g.tests {
            verify_case(g, c).unwrap();
        }
    }
}
