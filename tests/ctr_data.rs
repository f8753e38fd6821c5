//! The synthetic CTR stream and the Criteo TSV reader.

use sgl_oracle::ctr::criteo::{
    bucket_integer, hash_token, parse_line, write_sample, CriteoFile, MalformedPolicy, FIELDS,
};
use sgl_oracle::ctr::data::{CtrSource, Split, SyntheticConfig, SyntheticCtr};
use sgl_oracle::ctr::CtrError;

#[test]
fn integer_buckets_are_floor_of_squared_log() {
    // ln(3)^2 = 1.2069, ln(5)^2 = 2.5903, ln(10)^2 = 5.3019,
    // ln(100)^2 = 21.2076, ln(1000)^2 = 47.7171 (hand / calculator values).
    for (x, b) in [
        (-3, -3),
        (-1, -1),
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 1),
        (5, 2),
        (10, 5),
        (100, 21),
        (1000, 47),
    ] {
        assert_eq!(bucket_integer(x), b, "x = {x}");
    }
}

fn line(label: &str, ints: &[&str; 13], cats: &[&str; 26]) -> String {
    let mut v = vec![label.to_string()];
    v.extend(ints.iter().map(|s| s.to_string()));
    v.extend(cats.iter().map(|s| s.to_string()));
    v.join("\t")
}

#[test]
fn a_hand_written_line_parses_to_the_expected_tokens() {
    let mut ints = [""; 13];
    ints[0] = "5";
    ints[1] = "-1";
    ints[12] = "1000";
    let mut cats = [""; 26];
    cats[0] = "68fd1e64";
    cats[25] = "ABCDEF01";
    let b = 1 << 20;
    let (y, ids) = parse_line(&line("1", &ints, &cats), 1, b).unwrap();
    assert_eq!(y, 1.0);
    assert_eq!(ids.len(), FIELDS);
    assert_eq!(ids[0], hash_token(0, Some(b"2"), b)); // floor(ln(5)^2) = 2
    assert_eq!(ids[1], hash_token(1, Some(b"-1"), b)); // kept as is
    assert_eq!(ids[2], hash_token(2, None, b)); // missing
    assert_eq!(ids[12], hash_token(12, Some(b"47"), b)); // floor(ln(1000)^2)
    assert_eq!(ids[13], hash_token(13, Some(b"68fd1e64"), b));
    assert_eq!(ids[14], hash_token(14, None, b));
    assert_eq!(ids[38], hash_token(38, Some(b"abcdef01"), b)); // case folded
                                                               // The same value in two columns lands in different rows (field is hashed in).
    assert_ne!(
        hash_token(13, Some(b"68fd1e64"), b),
        hash_token(14, Some(b"68fd1e64"), b)
    );
    assert!(ids.iter().all(|&i| i < b));
    // A trailing CR (a file written on Windows) is accepted.
    assert!(parse_line(&format!("{}\r", line("0", &ints, &cats)), 2, b).is_ok());
}

#[test]
fn malformed_lines_name_line_and_column() {
    let ints = [""; 13];
    let cats = [""; 26];
    let b = 1000;
    let e = parse_line("1\t2\t3", 7, b).unwrap_err();
    assert!(
        matches!(
            e,
            CtrError::Malformed {
                line: 7,
                column: None,
                ..
            }
        ),
        "{e}"
    );
    let e = parse_line(&line("2", &ints, &cats), 8, b).unwrap_err();
    assert!(
        matches!(
            e,
            CtrError::Malformed {
                line: 8,
                column: Some(1),
                ..
            }
        ),
        "{e}"
    );
    let mut bad = ints;
    bad[3] = "1.5";
    let e = parse_line(&line("0", &bad, &cats), 9, b).unwrap_err();
    assert!(
        matches!(
            e,
            CtrError::Malformed {
                line: 9,
                column: Some(5),
                ..
            }
        ),
        "{e}"
    );
    let mut badc = cats;
    badc[2] = "xyz";
    let e = parse_line(&line("0", &ints, &badc), 10, b).unwrap_err();
    assert!(
        matches!(
            e,
            CtrError::Malformed {
                line: 10,
                column: Some(17),
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().starts_with("line 10, column 17"), "{e}");
}

fn sample(dir: &std::path::Path, lines: u64, corrupt: &[(usize, &str)]) -> std::path::PathBuf {
    let mut buf = Vec::new();
    write_sample(&mut buf, lines, 1).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let mut v: Vec<String> = text.lines().map(str::to_string).collect();
    for &(i, s) in corrupt {
        v[i - 1] = s.to_string();
    }
    std::fs::create_dir_all(dir).unwrap();
    let p = dir.join(format!("sample-{lines}-{}.tsv", corrupt.len()));
    std::fs::write(&p, v.join("\n") + "\n").unwrap();
    p
}

fn tmp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("sgl-ctr-data-{}-{name}", std::process::id()))
}

#[test]
fn sample_file_is_deterministic_and_parses_cleanly() {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    write_sample(&mut a, 300, 1).unwrap();
    write_sample(&mut b, 300, 1).unwrap();
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 300);
    let (mut missing_i1, mut neg_i2, mut clicks) = (0, 0, 0.0);
    for (i, l) in lines.iter().enumerate() {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), 40);
        missing_i1 += usize::from(cols[1].is_empty());
        neg_i2 += usize::from(cols[2].starts_with('-'));
        clicks += parse_line(l, i as u64 + 1, 1 << 16).unwrap().0;
    }
    // The layout's features occur: missing integers, negative I2, both labels.
    assert!(missing_i1 > 0 && neg_i2 > 0, "{missing_i1} {neg_i2}");
    assert!(clicks > 0.0 && clicks < 300.0);
}

#[test]
fn file_reader_splits_batches_and_applies_the_policy() {
    let dir = tmp("policy");
    let p = sample(&dir, 70, &[]);
    let f = CriteoFile::open(&p, 1 << 12, 6.0 / 7.0, MalformedPolicy::Stop).unwrap();
    assert_eq!((f.rows(Split::Train), f.rows(Split::Test)), (60, 10));
    let sizes: Vec<usize> = f
        .batches(Split::Train, 0..60, 25)
        .unwrap()
        .map(|b| b.unwrap().len())
        .collect();
    assert_eq!(sizes, vec![25, 25, 10]);
    let test: Vec<_> = f.batches(Split::Test, 0..10, 512).unwrap().collect();
    assert_eq!(test.len(), 1);
    // The test split starts at line 61.
    let text = std::fs::read_to_string(&p).unwrap();
    let l61 = text.lines().nth(60).unwrap();
    let (y, ids) = parse_line(l61, 61, 1 << 12).unwrap();
    let first = test[0].as_ref().unwrap();
    assert_eq!((first.labels[0], first.example(0)), (y, ids.as_slice()));

    let bad = sample(&dir, 70, &[(23, "1\tnot a line"), (41, "x")]);
    let stop = CriteoFile::open(&bad, 1 << 12, 6.0 / 7.0, MalformedPolicy::Stop).unwrap();
    let r: Vec<_> = stop.batches(Split::Train, 0..60, 10).unwrap().collect();
    // Two good batches (lines 1-20), then line 23 stops the stream.
    assert_eq!(r.len(), 3);
    assert!(
        matches!(r[2], Err(CtrError::Malformed { line: 23, .. })),
        "{:?}",
        r[2]
    );
    let skip = CriteoFile::open(&bad, 1 << 12, 6.0 / 7.0, MalformedPolicy::Skip).unwrap();
    let n: usize = skip
        .batches(Split::Train, 0..60, 10)
        .unwrap()
        .map(|b| b.unwrap().len())
        .sum();
    assert_eq!((n, skip.skipped()), (58, 2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn synthetic_stream_is_reproducible_and_follows_its_zipf_law() {
    let src = SyntheticCtr::new(SyntheticConfig {
        fields: 4,
        interactions: 2,
        vocab_min: 100,
        vocab_max: 100_000,
        train_rows: 20_000,
        test_rows: 100,
        ..SyntheticConfig::default()
    })
    .unwrap();
    assert_eq!(src.vocab(), vec![100, 1000, 10_000, 100_000]);
    assert_eq!(
        src.example(Split::Train, 123),
        src.example(Split::Train, 123)
    );
    assert_ne!(
        src.example(Split::Train, 5).0,
        src.example(Split::Test, 5).0
    );
    // A range read on its own equals the same rows read as part of a pass.
    let all: Vec<u64> = src
        .batches(Split::Train, 0..1000, 512)
        .unwrap()
        .flat_map(|b| b.unwrap().ids)
        .collect();
    let tail: Vec<u64> = src
        .batches(Split::Train, 600..1000, 100)
        .unwrap()
        .flat_map(|b| b.unwrap().ids)
        .collect();
    assert_eq!(&all[600 * 4..], tail.as_slice());
    // Frequency of rank 0 of field 3 over 20 000 rows against its Zipf
    // probability: binomial sd sqrt(p(1-p)/n) ~ 0.0025 here; 5 sd.
    let p0 = src.probability(3, 0);
    // Hand value: 1 / H with H = sum_{k<=1e5} k^-1.1 = zeta(1.1) - tail,
    // zeta(1.1) = 10.58444 (tables), tail ~ 1e5^-0.1 / 0.1 = 3.16228
    // (Euler-Maclaurin; next term 1e5^-1.1 / 2 < 1e-5): H = 7.42216.
    assert!((p0 - 1.0 / 7.42216).abs() <= 2e-5, "{p0}");
    let id0 = src.row_id(3, 0);
    let hits = src
        .batches(Split::Train, 0..20_000, 512)
        .unwrap()
        .flat_map(|b| b.unwrap().ids)
        .filter(|&i| i == id0)
        .count();
    let freq = hits as f64 / 20_000.0;
    let sd = (p0 * (1.0 - p0) / 20_000.0).sqrt();
    assert!((freq - p0).abs() <= 5.0 * sd, "{freq} vs {p0}");
    // The signal fraction of the vocabulary: 5% of 111 100 values, binomial
    // sd ~ 73 values; 5 sd.
    let s = src.signal_rows() as f64;
    let expect = 0.05 * src.table_rows() as f64;
    assert!(
        (s - expect).abs() <= 5.0 * (expect * 0.95).sqrt(),
        "{s} vs {expect}"
    );
    assert_eq!(src.decode(src.row_id(2, 17)), Some((2, 17)));
    assert_eq!(src.decode(src.table_rows()), None);
}

#[test]
fn synthetic_settings_are_validated() {
    for bad in [
        SyntheticConfig {
            fields: 0,
            ..SyntheticConfig::default()
        },
        SyntheticConfig {
            zipf_exponent: 0.0,
            ..SyntheticConfig::default()
        },
        SyntheticConfig {
            signal_fraction: 0.0,
            ..SyntheticConfig::default()
        },
        SyntheticConfig {
            interactions: 7,
            ..SyntheticConfig::default()
        },
        SyntheticConfig {
            vocab_min: 10,
            vocab_max: 5,
            ..SyntheticConfig::default()
        },
    ] {
        assert!(matches!(
            SyntheticCtr::new(bad),
            Err(CtrError::InvalidSetting { .. })
        ));
    }
}
