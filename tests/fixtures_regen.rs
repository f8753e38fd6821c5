//! Issue 5: `sgl fixtures generate` is deterministic and the committed
//! `fixtures/` equals a fresh generation, byte for byte.

use sgl_oracle::fixtures::{generate::generate_all, to_json, write_all};
use std::path::PathBuf;

fn committed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

#[test]
fn generating_twice_is_byte_identical() {
    let a = generate_all().unwrap();
    let b = generate_all().unwrap();
    assert_eq!(a.len(), b.len());
    for ((na, fa), (nb, fb)) in a.iter().zip(&b) {
        assert_eq!(na, nb);
        assert_eq!(to_json(fa).unwrap(), to_json(fb).unwrap(), "{na}");
    }
}

#[test]
fn committed_fixtures_equal_a_fresh_generation() {
    let tmp = std::env::temp_dir().join(format!("sgl-fixtures-regen-{}", std::process::id()));
    let written = write_all(&tmp).unwrap();
    // 9 v1 files, 3 float32 files, 3 table files (Group Adam, Group
    // Adagrad, tfplus kernels), invalid.json and 2 float32 table files.
    assert_eq!(written.len(), 18);
    let mut names = vec![];
    for (path, _) in &written {
        let name = path.file_name().unwrap().to_owned();
        let fresh = std::fs::read(path).unwrap();
        let committed = std::fs::read(committed_dir().join(&name))
            .unwrap_or_else(|e| panic!("{}: {e}", name.to_string_lossy()));
        assert!(
            fresh == committed,
            "{} differs from a fresh generation: run `sgl fixtures generate` and review the diff",
            name.to_string_lossy()
        );
        names.push(name.to_string_lossy().to_string());
    }
    // No stale fixture files: every committed *.json except the schemas is generated.
    for e in std::fs::read_dir(committed_dir()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().to_string();
        if n.ends_with(".json") && !n.starts_with("schema") {
            assert!(names.contains(&n), "stale fixture file {n}");
        }
    }
    std::fs::remove_dir_all(&tmp).unwrap();
}
