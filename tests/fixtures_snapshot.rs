//! Issue 5: insta snapshot of a summary of every fixture file (case count,
//! flag counts, and per case a hash of every expected x bit pattern plus the
//! final x rounded to 6 significant digits), so that any change in numbers
//! shows up as a reviewable diff of tests/snapshots/.

use serde_json::{json, Value};
use sgl_oracle::fixtures::generate::generate_all;
use std::collections::BTreeMap;

fn fnv(s: &str, mut h: u64) -> u64 {
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

#[test]
fn fixture_summaries() {
    let mut out = BTreeMap::new();
    for (name, f) in generate_all().unwrap() {
        let mut flags: BTreeMap<String, usize> = BTreeMap::new();
        let mut cases = vec![];
        for g in &f.test_groups {
            for c in &g.tests {
                for fl in &c.flags {
                    *flags.entry(fl.clone()).or_default() += 1;
                }
                let mut h = 0xcbf2_9ce4_8422_2325u64;
                for st in &c.expected {
                    for b in &st.x_bits {
                        h = fnv(b, h);
                    }
                }
                let last = &c.expected.last().unwrap().x;
                let rounded: Vec<String> = last.iter().map(|v| format!("{v:.6e}")).collect();
                cases.push(json!({
                    "tcId": c.tc_id,
                    "steps": c.expected.len(),
                    "xBitsHash": format!("{h:016x}"),
                    "finalX": rounded.join(" "),
                }));
            }
        }
        out.insert(
            name,
            json!({"numberOfTests": f.number_of_tests, "flags": flags, "cases": Value::Array(cases)}),
        );
    }
    insta::assert_json_snapshot!("fixture_summaries", out);
}
