//! The `Dense` embedding-table semantics (the paper's Algorithm 1 on every
//! row at every step): the deferred table against the straightforward dense
//! Algorithm 1, bit for bit, for every rule, form and threshold; when the
//! catch-up is a no-op; bad input; empty batches; duplicate ids.

use sgl_oracle::rules::{AdagradForm, AdamForm, AmsGradForm, MomentRule, RuleSpec, SgdSchedule};
use sgl_oracle::table::reference::DenseReference;
use sgl_oracle::table::zipf::{ZipfSpec, ZipfStream};
use sgl_oracle::table::{catch_up_is_noop, EmbeddingTable, Semantics, SparseBatch, TableError};
use sgl_oracle::{Algorithm1, Groups, Penalty, Threshold};

/// Every rule of Table 1 in every form this crate implements.
pub fn all_specs() -> Vec<RuleSpec> {
    let mut v = vec![
        RuleSpec::Sgd {
            alpha: 0.5,
            schedule: SgdSchedule::InvSqrtT,
        },
        RuleSpec::Sgd {
            alpha: 0.5,
            schedule: SgdSchedule::Constant,
        },
        RuleSpec::Momentum {
            alpha: 0.1,
            gamma: 0.9,
        },
        RuleSpec::Momentum {
            alpha: 0.1,
            gamma: 0.0,
        },
    ];
    for form in [
        AdagradForm::PaperAlg3,
        AdagradForm::Table1,
        AdagradForm::InitialAccumulator { n0: 0.1 },
        AdagradForm::EpsOutsideSqrt,
    ] {
        v.push(RuleSpec::Adagrad {
            alpha: 0.5,
            eps: 1e-2,
            form,
        });
    }
    for form in [
        AdamForm::Table1,
        AdamForm::PaperV1,
        AdamForm::PaperV2,
        AdamForm::Tfplus,
    ] {
        v.push(RuleSpec::Adam {
            alpha: 0.05,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-3,
            form,
        });
        v.push(RuleSpec::Adahessian {
            alpha: 0.05,
            beta1: 0.9,
            beta2: 0.99,
            eps: 1e-3,
            form,
        });
    }
    for form in [
        AmsGradForm::Table1,
        AmsGradForm::Reddi,
        AmsGradForm::PyTorch,
        AmsGradForm::Optax,
    ] {
        v.push(RuleSpec::Amsgrad {
            alpha: 0.05,
            beta1: 0.9,
            beta2: 0.99,
            eps: 1e-3,
            form,
        });
    }
    v
}

fn needs_h(spec: &RuleSpec) -> bool {
    matches!(spec, RuleSpec::Adahessian { .. })
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|a| a.to_bits()).collect()
}

const THRESHOLDS: [Threshold; 3] = [
    Threshold::S,
    Threshold::STildePrinted,
    Threshold::STildeExact,
];

/// Deferred Dense vs dense Algorithm 1 on a seeded Zipf stream: values of the
/// whole table after every step and z, sigma, V of every row every 10 steps,
/// compared bit for bit. 150 steps with empty batches every 13th step; the
/// drift of the stream (period 40) zeroes rows and revives them, counted on
/// the reference so the test fails if a combination never exercises it.
#[test]
fn deferred_dense_is_bit_identical_to_dense_algorithm1() {
    let (rows, d, steps) = (48usize, 3usize, 150u64);
    let x1 = [0.3, -0.2, 0.1];
    let penalty = Penalty::new(0.3, 1.0, 0.01).unwrap();
    for (si, spec) in all_specs().iter().enumerate() {
        for threshold in THRESHOLDS {
            let mut table =
                EmbeddingTable::new(rows, d, Semantics::Dense, spec, penalty, threshold, &x1)
                    .unwrap();
            let mut reference =
                DenseReference::new(rows, d, spec, penalty, threshold, &x1).unwrap();
            let mut stream = ZipfStream::new(
                ZipfSpec {
                    seed: 7 + si as u64,
                    batch: 10,
                    exponent: 1.1,
                    scale: 1.0,
                    amplitude: 0.6,
                    period: 40,
                    hessian: needs_h(spec),
                },
                rows,
                d,
            );
            let mut was_zero = vec![false; rows];
            let (mut zeroed, mut revived) = (0usize, 0usize);
            for t in 1..=steps {
                let mut batch = stream.next_batch();
                if t % 13 == 0 {
                    batch = SparseBatch {
                        hess: batch.hess.as_ref().map(|_| vec![]),
                        ..Default::default()
                    };
                }
                table.step(&batch).unwrap();
                reference.step(&batch).unwrap();
                let got = table.values().unwrap();
                assert_eq!(
                    bits(&got),
                    bits(reference.values()),
                    "{spec:?} {threshold:?} step {t}: values differ"
                );
                for r in 0..rows {
                    let z = reference.values()[r * d..(r + 1) * d]
                        .iter()
                        .all(|&a| a == 0.0);
                    if z && !was_zero[r] {
                        zeroed += 1;
                    }
                    if !z && was_zero[r] {
                        revived += 1;
                    }
                    was_zero[r] = z;
                }
                if t % 10 == 0 {
                    let alg = reference.algorithm();
                    for r in 0..rows {
                        let st = table.row(r).unwrap();
                        let sl = r * d..(r + 1) * d;
                        assert_eq!(st.t, t);
                        assert_eq!(
                            bits(&st.z),
                            bits(&alg.z()[sl.clone()]),
                            "{spec:?} z row {r} t {t}"
                        );
                        assert_eq!(
                            bits(&st.sigma),
                            bits(&alg.sigma()[sl.clone()]),
                            "{spec:?} sigma row {r}"
                        );
                        assert_eq!(
                            bits(&st.v),
                            bits(&alg.rule().v()[sl.clone()]),
                            "{spec:?} V row {r}"
                        );
                        assert_eq!(
                            bits(&st.m),
                            bits(&alg.rule().m()[sl]),
                            "{spec:?} m row {r} t {t}"
                        );
                    }
                }
            }
            assert!(
                zeroed > 0 && revived > 0,
                "{spec:?} {threshold:?}: the stream must zero ({zeroed}) and revive ({revived}) rows"
            );
        }
    }
}

/// A long run (2000 steps, R = 200) for the rules whose catch-up is
/// iterated, Adam and Momentum: the deferred table after `sync_all` equals
/// the reference bit for bit, and rows are zeroed and revived.
#[test]
fn deferred_dense_long_run() {
    let (rows, d, steps) = (200usize, 4usize, 2000u64);
    let x1 = [0.1, 0.0, -0.1, 0.2];
    for (spec, penalty) in [
        (
            RuleSpec::Adam {
                alpha: 0.02,
                beta1: 0.9,
                beta2: 0.999,
                eps: 1e-8,
                form: AdamForm::PaperV1,
            },
            Penalty::new(0.1, 0.5, 0.0).unwrap(),
        ),
        (
            RuleSpec::Momentum {
                alpha: 0.05,
                gamma: 0.9,
            },
            Penalty::new(1.0, 4.0, 0.0).unwrap(),
        ),
        (
            RuleSpec::Adagrad {
                alpha: 0.2,
                eps: 0.0,
                form: AdagradForm::InitialAccumulator { n0: 0.1 },
            },
            Penalty::new(0.1, 0.5, 0.0).unwrap(),
        ),
    ] {
        let mut table =
            EmbeddingTable::new(rows, d, Semantics::Dense, &spec, penalty, Threshold::S, &x1)
                .unwrap();
        let mut reference =
            DenseReference::new(rows, d, &spec, penalty, Threshold::S, &x1).unwrap();
        let mut stream = ZipfStream::new(
            ZipfSpec {
                seed: 99,
                batch: 16,
                exponent: 1.2,
                scale: 1.0,
                amplitude: 0.6,
                period: 100,
                hessian: false,
            },
            rows,
            d,
        );
        let mut revived = 0;
        let mut was_zero = vec![false; rows];
        for t in 1..=steps {
            let b = stream.next_batch();
            table.step(&b).unwrap();
            reference.step(&b).unwrap();
            if t % 250 == 0 {
                assert_eq!(
                    bits(&table.values().unwrap()),
                    bits(reference.values()),
                    "{spec:?} t {t}"
                );
            }
            for r in 0..rows {
                let z = reference.values()[r * d..(r + 1) * d]
                    .iter()
                    .all(|&a| a == 0.0);
                revived += usize::from(was_zero[r] && !z);
                was_zero[r] = z;
            }
        }
        table.sync_all().unwrap();
        assert_eq!(bits(&table.values().unwrap()), bits(reference.values()));
        assert!(revived > 0, "{spec:?}: no row was revived");
    }
}

/// One row, one non-zero step, then `g = 0` steps: the state is unchanged
/// (==, so the sign of a zero may differ) exactly for the rules
/// `catch_up_is_noop` names, and changes for every other rule. The first
/// step with `g = 0` is never a no-op (x1 enters z through `Q_1 x_1`).
#[test]
fn catch_up_is_a_noop_exactly_where_stated() {
    let d = 3;
    let x1 = [0.4, -0.3, 0.2];
    let penalty = Penalty::new(0.01, 0.01, 0.01).unwrap();
    let g = [0.5, -0.7, 0.2];
    let mut noops = 0;
    for spec in all_specs() {
        let h = needs_h(&spec).then_some(&[0.3, 0.2, 0.1][..]);
        let h0 = needs_h(&spec).then_some(&[0.0; 3][..]);
        let mut a = Algorithm1::new(
            spec.build(d).unwrap(),
            Groups::rows(d, d).unwrap(),
            penalty,
            Threshold::S,
            &x1,
        )
        .unwrap();
        // The first step with g = 0 moves the row.
        let mut first = a.clone();
        first.step_with(&[0.0; 3], h0).unwrap();
        assert!(
            first.x() != &x1[..] || first.z() != a.z(),
            "{spec:?}: a first g = 0 step must move the state"
        );
        a.step_with(&g, h).unwrap();
        let before = (
            a.x().to_vec(),
            a.z().to_vec(),
            a.sigma().to_vec(),
            a.rule().v().to_vec(),
        );
        let mut changed = false;
        for _ in 0..5 {
            a.step_with(&[0.0; 3], h0).unwrap();
            changed |= before
                != (
                    a.x().to_vec(),
                    a.z().to_vec(),
                    a.sigma().to_vec(),
                    a.rule().v().to_vec(),
                );
        }
        assert_eq!(!changed, catch_up_is_noop(&spec), "{spec:?}");
        noops += usize::from(!changed);
    }
    // SGD constant, Momentum gamma = 0, Adagrad paper-alg3 / initial-accumulator / eps-outside-sqrt.
    assert_eq!(noops, 5);
}

/// Momentum's catch-up is O(1) in exact arithmetic although the prox runs
/// at every missed step: with `V_t = I` and constant alpha, `Q_t = 0` for
/// t >= 2, so `z_{t+k} = z_t + m_t gamma (1 - gamma^k)/(1 - gamma)` and the
/// missed x's never feed back. The closed form agrees with the iterated
/// catch-up to 1e-12 relative (k = 200 additions of terms no larger than
/// |m|/(1-gamma): a few ulps of |z| each), but not bit for bit, which is
/// why the deferred table iterates. Adam has no such form: `Q_t != 0` (V
/// decays), so every missed step feeds the previous prox output x_t into z.
#[test]
fn momentum_catch_up_has_a_closed_form_adam_feeds_x_back() {
    let d = 3;
    let (alpha, gamma) = (0.1, 0.9);
    let x1 = [0.4, -0.3, 0.2];
    let penalty = Penalty::new(0.01, 0.02, 0.0).unwrap();
    let spec = RuleSpec::Momentum { alpha, gamma };
    let mut a = Algorithm1::new(
        spec.build(d).unwrap(),
        Groups::rows(d, d).unwrap(),
        penalty,
        Threshold::S,
        &x1,
    )
    .unwrap();
    a.step(&[1.0, -2.0, 0.5]).unwrap();
    a.step(&[0.3, 0.1, -0.4]).unwrap();
    let (z0, m0) = (a.z().to_vec(), a.rule().m().to_vec());
    let k = 200;
    for _ in 0..k {
        a.step(&[0.0; 3]).unwrap();
    }
    let mut exact_bits = true;
    for i in 0..d {
        let closed = z0[i] + m0[i] * gamma * (1.0 - gamma.powi(k)) / (1.0 - gamma);
        assert!(
            (closed - a.z()[i]).abs() <= 1e-12 * closed.abs(),
            "coord {i}"
        );
        exact_bits &= closed.to_bits() == a.z()[i].to_bits();
    }
    assert!(
        !exact_bits,
        "the closed form is not bit-identical to the iteration"
    );
    // Adam: the missed steps' z depends on the x they produce. Two rows
    // with equal m, V, z, sigma but different x_t diverge under g = 0.
    let adam = RuleSpec::Adam {
        alpha: 0.05,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        form: AdamForm::PaperV1,
    };
    let mut b1 = Algorithm1::new(
        adam.build(d).unwrap(),
        Groups::rows(d, d).unwrap(),
        penalty,
        Threshold::S,
        &x1,
    )
    .unwrap();
    let mut b2 = Algorithm1::new(
        adam.build(d).unwrap(),
        Groups::rows(d, d).unwrap(),
        penalty,
        Threshold::S,
        &[0.0; 3],
    )
    .unwrap();
    b1.step(&[1.0, -2.0, 0.5]).unwrap();
    b2.step(&[1.0, -2.0, 0.5]).unwrap();
    let zb1 = b1.z().to_vec();
    b1.step(&[0.0; 3]).unwrap();
    b2.step(&[0.0; 3]).unwrap();
    let dz1: Vec<f64> = b1.z().iter().zip(&zb1).map(|(a, b)| a - b).collect();
    assert!(
        dz1.iter().any(|&v| v != 0.0),
        "Adam: a g = 0 step moves z (Q_t x_t)"
    );
}

fn small(semantics: Semantics) -> EmbeddingTable {
    let spec = RuleSpec::Adam {
        alpha: 0.1,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        form: AdamForm::PaperV1,
    };
    EmbeddingTable::new(
        5,
        2,
        semantics,
        &spec,
        Penalty::new(0.0, 0.0, 0.0).unwrap(),
        Threshold::S,
        &[0.5, -0.5],
    )
    .unwrap()
}

fn batch(ids: &[i64], grads: &[&[f64]]) -> SparseBatch {
    SparseBatch {
        ids: ids.to_vec(),
        grads: grads.iter().map(|g| g.to_vec()).collect(),
        hess: None,
    }
}

/// Every bad batch is rejected with an error naming the batch position,
/// and the table (values, every row's state, global step) is unchanged.
#[test]
fn bad_batches_change_nothing() {
    for sem in [Semantics::Dense, Semantics::Lazy] {
        let mut t = small(sem);
        t.step(&batch(&[1, 3], &[&[0.1, 0.2], &[0.3, -0.1]]))
            .unwrap();
        let before: Vec<_> = (0..5).map(|r| t.row(r).unwrap()).collect();
        let cases: Vec<(SparseBatch, TableError)> = vec![
            (
                batch(&[0, 5], &[&[1.0, 1.0], &[1.0, 1.0]]),
                TableError::IdOutOfRange {
                    position: 1,
                    id: 5,
                    rows: 5,
                },
            ),
            (
                batch(&[0, -1], &[&[1.0, 1.0], &[1.0, 1.0]]),
                TableError::IdOutOfRange {
                    position: 1,
                    id: -1,
                    rows: 5,
                },
            ),
            (
                batch(&[0, 1, 2], &[&[1.0, 1.0], &[1.0], &[1.0, 1.0]]),
                TableError::Width {
                    position: 1,
                    what: "gradient",
                    got: 1,
                    expected: 2,
                },
            ),
            (
                batch(&[0, 2], &[&[1.0, 1.0], &[1.0, f64::NAN]]),
                TableError::NonFinite {
                    position: 1,
                    what: "gradient",
                    column: 1,
                },
            ),
            (
                batch(&[4, 2], &[&[f64::INFINITY, 1.0], &[1.0, 1.0]]),
                TableError::NonFinite {
                    position: 0,
                    what: "gradient",
                    column: 0,
                },
            ),
            (
                batch(&[2, 2], &[&[1e308, 1.0], &[1e308, 1.0]]),
                TableError::NonFinite {
                    position: 0,
                    what: "summed gradient",
                    column: 0,
                },
            ),
            (
                SparseBatch {
                    ids: vec![0, 1],
                    grads: vec![vec![1.0, 1.0]],
                    hess: None,
                },
                TableError::BatchShape {
                    ids: 2,
                    rows: 1,
                    what: "gradient",
                },
            ),
        ];
        for (b, want) in cases {
            assert_eq!(t.step(&b).unwrap_err(), want, "{sem:?}");
            assert_eq!(t.t(), 1);
            let after: Vec<_> = (0..5).map(|r| t.row(r).unwrap()).collect();
            assert_eq!(after, before, "{sem:?}: a failed step changed the table");
        }
        // Overflow inside a row's update (V = g^2 = inf): typed, nothing applied.
        let big = batch(&[0, 2], &[&[1.0, 1.0], &[1e200, 1.0]]);
        match t.step(&big).unwrap_err() {
            TableError::Row {
                row: 2,
                position: Some(1),
                step: 2,
                ..
            } => {}
            e => panic!("{sem:?}: unexpected {e:?}"),
        }
        let after: Vec<_> = (0..5).map(|r| t.row(r).unwrap()).collect();
        assert_eq!(after, before);
        assert_eq!(t.t(), 1);
    }
    // Too large to allocate / overflowing R x d.
    let spec = RuleSpec::Sgd {
        alpha: 1.0,
        schedule: SgdSchedule::Constant,
    };
    let e = EmbeddingTable::new(
        usize::MAX / 2,
        4,
        Semantics::Lazy,
        &spec,
        Penalty::none(),
        Threshold::S,
        &[0.0; 4],
    )
    .unwrap_err();
    assert!(matches!(e, TableError::TooLarge { .. }), "{e:?}");
    let e = DenseReference::new(
        usize::MAX / 2,
        4,
        &spec,
        Penalty::none(),
        Threshold::S,
        &[0.0; 4],
    )
    .unwrap_err();
    assert!(matches!(e, TableError::TooLarge { .. }), "{e:?}");
}

/// Duplicate ids are summed (TensorFlow's IndexedSlices convention): a batch
/// with id 3 twice equals the batch with the summed row, bit for bit.
#[test]
fn duplicates_are_summed() {
    for sem in [Semantics::Dense, Semantics::Lazy] {
        let mut a = small(sem);
        let mut b = small(sem);
        a.step(&batch(
            &[3, 1, 3],
            &[&[0.25, -1.0], &[0.5, 0.5], &[0.5, 0.125]],
        ))
        .unwrap();
        b.step(&batch(&[3, 1], &[&[0.75, -0.875], &[0.5, 0.5]]))
            .unwrap();
        assert_eq!(a.values().unwrap(), b.values().unwrap());
        assert_eq!(a.touched(), &[3, 1]);
    }
}

/// An empty batch: Dense moves every row (g = 0 step, x1 enters z at t = 1,
/// m decays later); Lazy changes no row but advances the global step.
#[test]
fn empty_batch_semantics() {
    let empty = SparseBatch::default();
    let mut dense = small(Semantics::Dense);
    let mut lazy = small(Semantics::Lazy);
    dense.step(&batch(&[1], &[&[1.0, 1.0]])).unwrap();
    lazy.step(&batch(&[1], &[&[1.0, 1.0]])).unwrap();
    let (d0, l0) = (dense.values().unwrap(), lazy.values().unwrap());
    dense.step(&empty).unwrap();
    lazy.step(&empty).unwrap();
    assert_eq!(dense.t(), 2);
    assert_eq!(lazy.t(), 2);
    assert_eq!(lazy.values().unwrap(), l0);
    assert_ne!(
        dense.values().unwrap()[2..4],
        d0[2..4],
        "row 1 moves (m decays, Q_t != 0)"
    );
    let mut reference = DenseReference::new(
        5,
        2,
        dense.spec(),
        Penalty::none(),
        Threshold::S,
        &[0.5, -0.5],
    )
    .unwrap();
    reference.step(&batch(&[1], &[&[1.0, 1.0]])).unwrap();
    reference.step(&empty).unwrap();
    assert_eq!(dense.values().unwrap(), reference.values());
}
