//! The embedding optimizer stand-in (`LazyRows`), the training loop and the
//! protocol drivers, end to end on small data.

use sgl_oracle::ctr::criteo::{write_sample, CriteoFile, MalformedPolicy};
use sgl_oracle::ctr::data::{CtrSource, Split, SyntheticConfig, SyntheticCtr};
use sgl_oracle::ctr::protocol::{adam_pruned, prune_to, run_one, Family, RunSpec, Setup};
use sgl_oracle::ctr::rows::{LazyRows, RowInit, SparseRowOptimizer};
use sgl_oracle::ctr::stats::auc;
use sgl_oracle::ctr::{mix64, unit};
use sgl_oracle::{Penalty, Threshold};

const D: usize = 4;

fn adam_rows(penalty: Penalty) -> LazyRows {
    LazyRows::new(
        Family::Adam.rule(0.01),
        penalty,
        Threshold::S,
        D,
        RowInit {
            seed: 9,
            scale: 0.1,
        },
    )
    .unwrap()
}

/// Lazy sparse Adam written out per row from the Adam paper (Kingma & Ba,
/// Algorithm 1, eps outside the root), each row with its own step count.
struct HandAdam {
    x: Vec<f64>,
    m: Vec<f64>,
    v: Vec<f64>,
    t: i32,
}

impl HandAdam {
    fn step(&mut self, g: &[f64]) {
        self.t += 1;
        for i in 0..D {
            self.m[i] = 0.9 * self.m[i] + 0.1 * g[i];
            self.v[i] = 0.999 * self.v[i] + 0.001 * g[i] * g[i];
            let mh = self.m[i] / (1.0 - 0.9f64.powi(self.t));
            let vh = self.v[i] / (1.0 - 0.999f64.powi(self.t));
            self.x[i] -= 0.01 * mh / (vh.sqrt() + 1e-8);
        }
    }
}

#[test]
fn lazy_rows_without_penalty_are_per_row_lazy_adam() {
    // Theorem 2 through LazyRows: Algorithm 1 with zero lambdas on each row
    // equals Adam on that row, stepped only when the row is in the batch.
    let mut rows = adam_rows(Penalty::none());
    let mut hand: Vec<HandAdam> = (0..6u64)
        .map(|id| {
            let mut x = vec![0.0; D];
            RowInit {
                seed: 9,
                scale: 0.1,
            }
            .fill(id, &mut x);
            HandAdam {
                x,
                m: vec![0.0; D],
                v: vec![0.0; D],
                t: 0,
            }
        })
        .collect();
    for step in 0..60u64 {
        // Rows 0..6, each present with probability 1/2.
        let ids: Vec<u64> = (0..6)
            .filter(|&id| mix64(step * 10 + id).is_multiple_of(2))
            .collect();
        let grads: Vec<Vec<f64>> = ids
            .iter()
            .map(|&id| {
                (0..D)
                    .map(|k| 2.0 * unit(mix64(step * 1000 + id * 10 + k as u64)) - 1.0)
                    .collect()
            })
            .collect();
        let batch: Vec<(u64, &[f64])> = ids
            .iter()
            .zip(&grads)
            .map(|(&id, g)| (id, g.as_slice()))
            .collect();
        rows.step(&batch).unwrap();
        for (&id, g) in ids.iter().zip(&grads) {
            hand[id as usize].step(g);
        }
    }
    let mut out = vec![0.0; D];
    for (id, h) in hand.iter().enumerate() {
        rows.row(id as u64, &mut out).unwrap();
        let scale = h.x.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for k in 0..D {
            // Same real numbers, different operations: Algorithm 1 keeps z and
            // divides (x = -z/sigma) where Adam subtracts; about 1e-15 per step
            // relative, 60 steps: 1e-12 leaves margin, a wrong bias correction
            // (per-row vs global t) differs by > 1e-3 here.
            assert!(
                (out[k] - h.x[k]).abs() <= 1e-12 * scale,
                "row {id} coord {k}: {} vs {}",
                out[k],
                h.x[k]
            );
        }
        assert_eq!(rows.state(id as u64).map(|s| s.t()), Some(h.t as u64));
    }
}

#[test]
fn lazy_rows_touch_only_what_they_step_and_validate_first() {
    let mut rows = adam_rows(Penalty::none());
    let g = [0.5, -0.5, 0.25, 1.0];
    rows.step(&[(3, &g[..]), (8, &g[..])]).unwrap();
    let mut a = vec![0.0; D];
    let mut init = vec![0.0; D];
    // A row never stepped reads its initial value and is not "seen".
    rows.row(5, &mut a).unwrap();
    RowInit {
        seed: 9,
        scale: 0.1,
    }
    .fill(5, &mut init);
    assert_eq!(a, init);
    assert_eq!(rows.rows_seen(), 2);
    // Unsorted ids, a duplicate, a wrong width, a NaN: errors, nothing changes.
    let mut before = vec![0.0; D];
    rows.row(3, &mut before).unwrap();
    assert!(rows.step(&[(8, &g[..]), (3, &g[..])]).is_err());
    assert!(rows.step(&[(3, &g[..]), (3, &g[..])]).is_err());
    assert!(rows.step(&[(3, &g[..2])]).is_err());
    assert!(rows
        .step(&[(3, &[f64::NAN, 0.0, 0.0, 0.0][..]), (9, &g[..])])
        .is_err());
    rows.row(3, &mut a).unwrap();
    assert_eq!(a, before);
    assert_eq!(rows.rows_seen(), 2);
    assert_eq!(rows.state(3).map(|s| s.t()), Some(1));
}

#[test]
fn group_lasso_zeroes_whole_rows_and_pruning_keeps_the_largest() {
    let g = [0.5, -0.5, 0.25, 1.0];
    // A row's first step: m = g, sigma = |g|/alpha (Adam v1 at t = 1), so
    // z = g - sigma x_1 and ||s|| = ||z|| <= ||g|| + ||x_1|| |g|_inf/alpha
    // <= 1.32 + 0.2 * 1/0.01 = 21.4: lambda21 sqrt(4) = 40 zeroes the row [Alg1:L10].
    let mut rows = adam_rows(Penalty::new(0.0, 20.0, 0.0).unwrap());
    rows.step(&[(1, &g[..]), (2, &g[..])]).unwrap();
    assert_eq!((rows.rows_seen(), rows.rows_nonzero()), (2, 0));
    let mut rows = adam_rows(Penalty::none());
    for id in 0..10u64 {
        let gi: Vec<f64> = g.iter().map(|v| v * (1.0 + id as f64)).collect();
        rows.step(&[(id, &gi[..])]).unwrap();
    }
    assert_eq!(rows.rows_nonzero(), 10);
    let norms = rows.row_norms();
    let mut by_norm = norms.clone();
    by_norm.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let keep: Vec<u64> = by_norm.iter().take(3).map(|p| p.0).collect();
    prune_to(&mut rows, 3).unwrap();
    assert_eq!((rows.rows_seen(), rows.rows_nonzero()), (10, 3));
    let mut out = vec![0.0; D];
    for (id, n) in norms {
        rows.row(id, &mut out).unwrap();
        let now = out.iter().map(|v| v * v).sum::<f64>().sqrt();
        if keep.contains(&id) {
            assert_eq!(now, n);
        } else {
            assert_eq!(now, 0.0);
        }
    }
}

fn small() -> SyntheticCtr {
    SyntheticCtr::new(SyntheticConfig {
        fields: 6,
        vocab_min: 50,
        vocab_max: 2_000,
        train_rows: 20_480,
        test_rows: 4_096,
        signal_fraction: 0.1,
        ..SyntheticConfig::default()
    })
    .unwrap()
}

fn setup() -> Setup {
    Setup {
        seeds: vec![1],
        lr_adagrad: 0.05,
        ..Setup::paper_dcn(1)
    }
}

#[test]
fn training_learns_the_planted_model_below_its_bayes_auc() {
    let src = small();
    let s = setup();
    // The planted model's own AUC on the held-out rows (the best any model can do in expectation).
    let (mut z, mut y) = (Vec::new(), Vec::new());
    for r in 0..src.rows(Split::Test) {
        let (v, label) = src.example(Split::Test, r);
        z.push(src.planted_logit(&v));
        y.push(label);
    }
    let bayes = auc(&z, &y).unwrap();
    let r = run_one(&src, &s, RunSpec::plain(&s, Family::Adagrad), 1, &|_| {}).unwrap();
    assert_eq!(r.train_rows, 20_480);
    assert_eq!(r.feature_rate, 1.0);
    // Learned: clearly above chance (0.5 +- ~0.01 for 4096 rows), and below
    // the planted model's AUC.
    assert!(
        r.auc > 0.56 && r.auc < bayes,
        "learned {} planted {}",
        r.auc,
        bayes
    );
    let g = run_one(
        &src,
        &s,
        RunSpec::group(&s, Family::Adagrad, Penalty::new(0.0, 2e-3, 0.0).unwrap()),
        1,
        &|_| {},
    )
    .unwrap();
    assert!(g.feature_rate < 0.9, "{}", g.feature_rate);
    assert!(g.auc > 0.56, "{}", g.auc);
}

#[test]
fn pruned_adam_reaches_the_target_feature_rate() {
    let src = small();
    let s = setup();
    let out = adam_pruned(
        &src,
        &s,
        Family::Adam,
        1,
        &[0.3, 0.05],
        &[0.0, 0.2],
        &|_| {},
    )
    .unwrap();
    assert_eq!(out.len(), 4);
    for r in &out {
        let target = r.prune.unwrap().target_rate;
        // N = round(rate * seen): within half a row of the target (plus rows
        // that are exactly zero among the kept, none here).
        assert!(
            (r.feature_rate - target).abs() <= 0.5 / r.rows_seen as f64 + 1e-12,
            "{r:?}"
        );
        assert!(r.auc > 0.5, "{r:?}");
    }
}

#[test]
fn the_criteo_sample_trains_end_to_end() {
    let dir = std::env::temp_dir().join(format!("sgl-ctr-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("sample.tsv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    write_sample(&mut f, 7_000, 1).unwrap();
    drop(f);
    let src = CriteoFile::open(&p, 1 << 14, 6.0 / 7.0, MalformedPolicy::Stop).unwrap();
    let s = setup();
    let r = run_one(&src, &s, RunSpec::plain(&s, Family::Adagrad), 1, &|_| {}).unwrap();
    assert_eq!(r.train_rows, 6_000);
    // The sample's labels depend on I1 and C1 (write_sample): learnable.
    assert!(r.auc > 0.6, "{}", r.auc);
    std::fs::remove_dir_all(&dir).ok();
}
