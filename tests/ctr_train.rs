//! The embedding rows on the crate's `EmbeddingTable` (`TableRows`, Dense
//! and Lazy), the training loop and the protocol drivers, end to end on
//! small data.

use sgl_oracle::ctr::criteo::{write_sample, CriteoFile, MalformedPolicy};
use sgl_oracle::ctr::data::{CtrSource, Split, SyntheticConfig, SyntheticCtr};
use sgl_oracle::ctr::protocol::{adam_pruned, prune_to, run_one, Family, RunSpec, Setup};
use sgl_oracle::ctr::rows::{RowInit, SparseRowOptimizer, TableRows};
use sgl_oracle::ctr::stats::auc;
use sgl_oracle::ctr::{mix64, unit};
use sgl_oracle::table::Semantics;
use sgl_oracle::{Penalty, Threshold};

const D: usize = 4;
const INIT: RowInit = RowInit {
    seed: 9,
    scale: 0.1,
};

fn adam_rows(semantics: Semantics, penalty: Penalty) -> TableRows {
    TableRows::new(
        8,
        semantics,
        Family::Adam.rule(0.01),
        penalty,
        Threshold::S,
        D,
        INIT,
    )
    .unwrap()
}

/// Adam written out per row from the Adam paper (Kingma & Ba, Algorithm 1,
/// eps outside the root), with the bias corrections of step `t` given by
/// the caller.
struct HandAdam {
    x: Vec<f64>,
    m: Vec<f64>,
    v: Vec<f64>,
}

impl HandAdam {
    fn new(id: u64) -> Self {
        let mut x = vec![0.0; D];
        INIT.fill(id, &mut x);
        Self {
            x,
            m: vec![0.0; D],
            v: vec![0.0; D],
        }
    }
    fn step(&mut self, g: &[f64], t: i32) {
        for i in 0..D {
            self.m[i] = 0.9 * self.m[i] + 0.1 * g[i];
            self.v[i] = 0.999 * self.v[i] + 0.001 * g[i] * g[i];
            let mh = self.m[i] / (1.0 - 0.9f64.powi(t));
            let vh = self.v[i] / (1.0 - 0.999f64.powi(t));
            self.x[i] -= 0.01 * mh / (vh.sqrt() + 1e-8);
        }
    }
}

/// 60 steps over rows 0..6 of an 8-row table, each row present with
/// probability 1/2, random gradients; `hand` is stepped by `on_step(hand,
/// present ids, grads, global t)`. Returns the max relative difference.
/// What happens to the hand-written rows at a step: (rows, ids, gradients, step).
type HandStep = fn(&mut [HandAdam], &[u64], &[Vec<f64>], i32);

fn against_hand(semantics: Semantics, on_step: HandStep) {
    let mut rows = adam_rows(semantics, Penalty::none());
    let mut hand: Vec<HandAdam> = (0..8u64).map(HandAdam::new).collect();
    for step in 0..60u64 {
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
        on_step(&mut hand, &ids, &grads, step as i32 + 1);
    }
    let mut out = vec![0.0; D];
    for (id, h) in hand.iter().enumerate() {
        rows.row(id as u64, &mut out).unwrap();
        let scale = h.x.iter().fold(1.0f64, |m, v| m.max(v.abs()));
        for k in 0..D {
            // Same real numbers, different operations: Algorithm 1 keeps z and
            // divides (x = -z/sigma) where Adam subtracts; about 1e-15 per step
            // relative, 60 steps: 1e-12 leaves margin. The other semantics,
            // or per-row instead of global bias corrections, differ by > 1e-3.
            assert!(
                (out[k] - h.x[k]).abs() <= 1e-12 * scale,
                "{semantics:?} row {id} coord {k}: {} vs {}",
                out[k],
                h.x[k]
            );
        }
    }
    assert_eq!(rows.rows_seen(), 6);
    assert_eq!(rows.table().t(), 60);
}

#[test]
fn dense_rows_without_penalty_are_adam_on_every_row_at_every_step() {
    // Theorem 2 through the Dense table: Algorithm 1 with zero lambdas on the
    // whole table equals Adam on every row at every step, absent rows with
    // g = 0, each row from its own initial value (RowInit) at step 0.
    against_hand(Semantics::Dense, |hand, ids, grads, t| {
        for (id, h) in hand.iter_mut().enumerate() {
            match ids.iter().position(|&i| i == id as u64) {
                Some(k) => h.step(&grads[k], t),
                None => h.step(&[0.0; D], t),
            }
        }
    });
}

#[test]
fn lazy_rows_without_penalty_are_sparse_adam_with_global_bias_correction() {
    // Lazy: a row changes only when in the batch, and its bias corrections
    // use the global step t (TensorFlow's sparse apply).
    against_hand(Semantics::Lazy, |hand, ids, grads, t| {
        for (&id, g) in ids.iter().zip(grads) {
            hand[id as usize].step(g, t);
        }
    });
}

#[test]
fn table_rows_validate_first() {
    for sem in [Semantics::Dense, Semantics::Lazy] {
        let mut rows = adam_rows(sem, Penalty::none());
        let g = [0.5, -0.5, 0.25, 1.0];
        rows.step(&[(3, &g[..]), (7, &g[..])]).unwrap();
        let mut a = vec![0.0; D];
        let mut init = vec![0.0; D];
        // A row never stepped reads its initial value (Dense: a g = 0 step
        // from m = V = 0 does not move it) and is not "seen".
        rows.row(5, &mut a).unwrap();
        INIT.fill(5, &mut init);
        assert_eq!(a, init, "{sem:?}");
        assert_eq!(rows.rows_seen(), 2);
        // Unsorted ids, a duplicate, a wrong width, a NaN, an id outside the
        // table: errors, nothing changes.
        let mut before = vec![0.0; D];
        rows.row(3, &mut before).unwrap();
        assert!(rows.step(&[(7, &g[..]), (3, &g[..])]).is_err());
        assert!(rows.step(&[(3, &g[..]), (3, &g[..])]).is_err());
        assert!(rows.step(&[(3, &g[..2])]).is_err());
        assert!(rows
            .step(&[(3, &[f64::NAN, 0.0, 0.0, 0.0][..]), (6, &g[..])])
            .is_err());
        assert!(rows.step(&[(3, &g[..]), (8, &g[..])]).is_err());
        assert!(rows.row(8, &mut a).is_err());
        assert!(rows.prune(&[2, 8]).is_err());
        rows.row(3, &mut a).unwrap();
        assert_eq!(a, before);
        assert_eq!(rows.rows_seen(), 2);
        assert_eq!(rows.table().t(), 1);
    }
}

#[test]
fn group_lasso_zeroes_whole_rows_and_pruning_keeps_the_largest() {
    let g = [0.5, -0.5, 0.25, 1.0];
    for sem in [Semantics::Dense, Semantics::Lazy] {
        // A row's first step at global step 1: m = g, sigma = |g|/alpha
        // (Adam v1 at t = 1), so z = g - sigma x_1 and ||s|| = ||z|| <=
        // ||g|| + ||x_1|| |g|_inf/alpha <= 1.32 + 0.2 * 1/0.01 = 21.4:
        // lambda21 sqrt(4) = 40 zeroes the row [Alg1:L10].
        let mut rows = adam_rows(sem, Penalty::new(0.0, 20.0, 0.0).unwrap());
        rows.step(&[(1, &g[..]), (2, &g[..])]).unwrap();
        assert_eq!((rows.rows_seen(), rows.rows_nonzero().unwrap()), (2, 0));
        let mut rows = adam_rows(sem, Penalty::none());
        for id in 0..8u64 {
            let gi: Vec<f64> = g.iter().map(|v| v * (1.0 + id as f64)).collect();
            rows.step(&[(id, &gi[..])]).unwrap();
        }
        assert_eq!(rows.rows_nonzero().unwrap(), 8);
        let norms = rows.row_norms().unwrap();
        let mut by_norm = norms.clone();
        by_norm.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let keep: Vec<u64> = by_norm.iter().take(3).map(|p| p.0).collect();
        prune_to(&mut rows, 3).unwrap();
        assert_eq!((rows.rows_seen(), rows.rows_nonzero().unwrap()), (8, 3));
        let mut out = vec![0.0; D];
        for &(id, n) in &norms {
            rows.row(id, &mut out).unwrap();
            let now = out.iter().map(|v| v * v).sum::<f64>().sqrt();
            if keep.contains(&id) {
                assert_eq!(now, n);
            } else {
                assert_eq!(now, 0.0);
            }
        }
        // Steps on kept rows only: a zeroed row stays exactly zero (Dense:
        // through the replayed g = 0 steps), the kept rows keep moving under
        // Dense (Adam's momentum) and are untouched or stepped under Lazy.
        for _ in 0..5 {
            let b: Vec<(u64, &[f64])> = {
                let mut k = keep.clone();
                k.sort_unstable();
                k.into_iter().map(|id| (id, &g[..])).collect()
            };
            rows.step(&b).unwrap();
        }
        for &(id, _) in &norms {
            rows.row(id, &mut out).unwrap();
            assert_eq!(
                out.iter().any(|&v| v != 0.0),
                keep.contains(&id),
                "{sem:?} {id}"
            );
        }
        // A pruned row stepped again restarts from zero with zero moments.
        let pruned = norms.iter().find(|p| !keep.contains(&p.0)).unwrap().0;
        rows.step(&[(pruned, &g[..])]).unwrap();
        rows.row(pruned, &mut out).unwrap();
        assert!(out.iter().all(|&v| v != 0.0), "{sem:?} {out:?}");
    }
}

#[test]
fn a_copied_adam_table_steps_as_an_independent_one() {
    for sem in [Semantics::Dense, Semantics::Lazy] {
        copied_adam_case(sem);
    }
}

fn copied_adam_case(sem: Semantics) {
    // Interleaved steps on the original and the copy
    // (EmbeddingTable::try_clone of the Adam slab) must give exactly what
    // two tables built separately give.
    let pen = Penalty::new(0.0, 0.05, 0.0).unwrap();
    let mut a = adam_rows(sem, pen);
    let mut twin = adam_rows(sem, pen);
    let grad = |s: u64, id: u64| -> Vec<f64> {
        (0..D)
            .map(|k| 2.0 * unit(mix64(s * 100 + id * 10 + k as u64)) - 1.0)
            .collect()
    };
    for s in 0..10u64 {
        let ga = grad(s, s % 8);
        a.step(&[(s % 8, &ga[..])]).unwrap();
        twin.step(&[(s % 8, &ga[..])]).unwrap();
    }
    let mut b = a.try_clone().expect("Adam tables copy");
    let mut b_twin = adam_rows(sem, pen);
    for s in 0..10u64 {
        let ga = grad(s, s % 8);
        b_twin.step(&[(s % 8, &ga[..])]).unwrap();
    }
    for s in 10..40u64 {
        let (ga, gb) = (grad(s, s % 8), grad(s + 1000, (s * 3) % 8));
        a.step(&[(s % 8, &ga[..])]).unwrap();
        twin.step(&[(s % 8, &ga[..])]).unwrap();
        b.step(&[((s * 3) % 8, &gb[..])]).unwrap();
        b_twin.step(&[((s * 3) % 8, &gb[..])]).unwrap();
    }
    let (mut x, mut y) = (vec![0.0; D], vec![0.0; D]);
    for id in 0..8 {
        for (p, q) in [(&mut a, &mut twin), (&mut b, &mut b_twin)] {
            p.row(id, &mut x).unwrap();
            q.row(id, &mut y).unwrap();
            assert_eq!(x, y, "{sem:?} row {id}");
        }
    }
    // No copy where per-row objects read the shared clock (Adagrad's
    // g = 0 step is skipped in O(1) by syncing the row to the clock).
    let adagrad = TableRows::new(
        8,
        Semantics::Dense,
        Family::Adagrad.rule(0.01),
        pen,
        Threshold::S,
        D,
        INIT,
    )
    .unwrap();
    assert!(adagrad.try_clone().is_none());
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
