//! Issue 5: a consumer that is not Rust. Runs examples/python/replay.py (numpy
//! only, written from the paper) on fixtures/group_adam.json and
//! fixtures/group_adagrad.json and checks its trajectories with the
//! conformance checker (library and `sgl fixtures check --allow-skipped`).
//! Skips, saying why, if `python3 -c "import numpy"` fails (CI installs numpy).

use sgl_oracle::fixtures::check::{check_str, Outcome};
use sgl_oracle::fixtures::load;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn numpy_port_passes_the_checker() {
    match Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
    {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            println!(
                "SKIPPED: python3 cannot import numpy ({}); install it with `python3 -m pip install numpy`",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            return;
        }
        Err(e) => {
            println!("SKIPPED: python3 not runnable: {e}");
            return;
        }
    }
    let dir = std::env::temp_dir().join(format!("sgl-fixtures-python-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, expect_run) in [("group_adam", 27), ("group_adagrad", 27)] {
        let fx = root().join("fixtures").join(format!("{name}.json"));
        let traj = dir.join(format!("{name}.trajectory.json"));
        let out = Command::new("python3")
            .arg(root().join("examples/python/replay.py"))
            .arg(&fx)
            .arg(&traj)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!("{}", String::from_utf8_lossy(&out.stdout).trim());
        let f = load(&fx).unwrap();
        let r = check_str(&f, &std::fs::read_to_string(&traj).unwrap()).unwrap();
        assert_eq!(r.failed(), 0, "{}", r.render());
        assert_eq!(r.passed(), expect_run, "{}", r.render());
        // Every skip names an unsupported form, never a supported one.
        for c in &r.cases {
            if let Outcome::Skipped(why) = &c.outcome {
                assert!(why.contains("not implemented"), "{why}");
                assert!(
                    !why.contains("paper-v1") && !why.contains("paper-alg3"),
                    "{why}"
                );
            }
        }
        let cli = Command::new(env!("CARGO_BIN_EXE_sgl"))
            .args(["fixtures", "check", "--allow-skipped", "--fixture"])
            .arg(&fx)
            .arg("--trajectory")
            .arg(&traj)
            .output()
            .unwrap();
        assert!(
            cli.status.success(),
            "{}",
            String::from_utf8_lossy(&cli.stderr)
        );
        // Without --allow-skipped the skips make the check fail (exit 1).
        let strict = Command::new(env!("CARGO_BIN_EXE_sgl"))
            .args(["fixtures", "check", "--fixture"])
            .arg(&fx)
            .arg("--trajectory")
            .arg(&traj)
            .output()
            .unwrap();
        assert_eq!(strict.status.code(), Some(1));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
