//! The Criteo display-ads TSV layout (v2, Section 4.1 c): a label, 13 integer
//! and 26 categorical columns, tab-separated, one example per line.
//!
//! Each line becomes 39 categorical row ids:
//! - integer column j (1..13): empty is "missing"; a value `x > 2` is
//!   bucketed to `floor(ln(x)^2)`, smaller values (including negatives) are
//!   kept as they are (the usual preprocessing of the Criteo winners' and
//!   DCN's public code);
//! - categorical column j (1..26): empty is "missing", otherwise 1 to 16 hex
//!   digits (the file has 8);
//! - the token `(column, bucket or value or missing)` is hashed with a fixed
//!   64-bit hash into `buckets` rows shared by all columns.
//!
//! A line that does not follow the layout is a [`CtrError::Malformed`] with
//! its 1-based line number; [`MalformedPolicy`] says whether a run stops or
//! skips it (and counts it).

use super::data::{CtrSource, Split};
use super::{mix64, setting, Batch, CtrError, Result};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Number of integer columns.
pub const INT_COLUMNS: usize = 13;
/// Number of categorical columns.
pub const CAT_COLUMNS: usize = 26;
/// Fields per example (13 + 26).
pub const FIELDS: usize = INT_COLUMNS + CAT_COLUMNS;

/// What a run does with a malformed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, clap::ValueEnum)]
pub enum MalformedPolicy {
    /// Return the error (with the line number) and stop.
    #[default]
    Stop,
    /// Skip the line and count it ([`CriteoFile::skipped`]).
    Skip,
}

/// The log bucket of an integer feature: `floor(ln(x)^2)` for `x > 2`, else x.
pub fn bucket_integer(x: i64) -> i64 {
    if x > 2 {
        let l = (x as f64).ln();
        (l * l).floor() as i64
    } else {
        x
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The row of the token of 0-based field `field` (0..13 integers, 13..39
/// categoricals); `token` is `None` for a missing value.
pub fn hash_token(field: usize, token: Option<&[u8]>, buckets: u64) -> u64 {
    let t = match token {
        Some(b) => mix64(fnv1a(b)),
        None => 0x4d49_5353_494e_4700, // "MISSING"
    };
    mix64(t ^ mix64(field as u64 + 1)) % buckets
}

/// One parsed line: the label and the 39 row ids.
pub fn parse_line(line: &str, line_no: u64, buckets: u64) -> Result<(f64, Vec<u64>)> {
    let bad = |column: Option<usize>, reason: String| CtrError::Malformed {
        line: line_no,
        column,
        reason,
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 1 + FIELDS {
        return Err(bad(
            None,
            format!(
                "{} tab-separated columns, expected {} (label, 13 integer, 26 categorical)",
                cols.len(),
                1 + FIELDS
            ),
        ));
    }
    let label = match cols[0] {
        "0" => 0.0,
        "1" => 1.0,
        other => return Err(bad(Some(1), format!("label {other:?} is not 0 or 1"))),
    };
    let mut ids = Vec::with_capacity(FIELDS);
    for j in 0..INT_COLUMNS {
        let c = cols[1 + j];
        let id = if c.is_empty() {
            hash_token(j, None, buckets)
        } else {
            let x: i64 = c.parse().map_err(|_| {
                bad(
                    Some(2 + j),
                    format!("integer feature I{} = {c:?} is not an integer", j + 1),
                )
            })?;
            hash_token(j, Some(bucket_integer(x).to_string().as_bytes()), buckets)
        };
        ids.push(id);
    }
    for j in 0..CAT_COLUMNS {
        let c = cols[1 + INT_COLUMNS + j];
        let id = if c.is_empty() {
            hash_token(INT_COLUMNS + j, None, buckets)
        } else {
            if c.len() > 16 || !c.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(
                    Some(2 + INT_COLUMNS + j),
                    format!(
                        "categorical feature C{} = {c:?} is not 1-16 hex digits",
                        j + 1
                    ),
                ));
            }
            hash_token(
                INT_COLUMNS + j,
                Some(c.to_ascii_lowercase().as_bytes()),
                buckets,
            )
        };
        ids.push(id);
    }
    Ok((label, ids))
}

/// A Criteo-layout file: the first `train_fraction` of its lines train, the
/// rest are held out (the paper: "split the dataset into 7 partitions in
/// chronological order and select the earliest 6 parts for training", v2 Section 4.1 c).
#[derive(Debug)]
pub struct CriteoFile {
    path: PathBuf,
    buckets: u64,
    policy: MalformedPolicy,
    lines: u64,
    train_lines: u64,
    skipped: AtomicU64,
}

impl CriteoFile {
    /// Opens `path` (one pass to count lines). `buckets >= 1`,
    /// `train_fraction` in (0, 1).
    pub fn open(
        path: &Path,
        buckets: u64,
        train_fraction: f64,
        policy: MalformedPolicy,
    ) -> Result<Self> {
        setting("buckets", buckets, buckets >= 1, "at least one hash bucket")?;
        setting(
            "train_fraction",
            train_fraction,
            train_fraction > 0.0 && train_fraction < 1.0,
            "the training fraction must lie in (0, 1)",
        )?;
        let f = std::fs::File::open(path)
            .map_err(|e| CtrError::Io(format!("{}: {e}", path.display())))?;
        let mut lines = 0u64;
        for l in BufReader::new(f).split(b'\n') {
            l.map_err(|e| CtrError::Io(format!("{}: {e}", path.display())))?;
            lines += 1;
        }
        let train_lines = (lines as f64 * train_fraction).floor() as u64;
        Ok(Self {
            path: path.to_path_buf(),
            buckets,
            policy,
            lines,
            train_lines,
            skipped: AtomicU64::new(0),
        })
    }
    /// Lines skipped so far under [`MalformedPolicy::Skip`] (over all passes).
    pub fn skipped(&self) -> u64 {
        self.skipped.load(Ordering::Relaxed)
    }
    /// Number of lines in the file.
    pub fn lines(&self) -> u64 {
        self.lines
    }
    /// Hash buckets (embedding-table rows).
    pub fn buckets(&self) -> u64 {
        self.buckets
    }
}

impl CtrSource for CriteoFile {
    fn fields(&self) -> usize {
        FIELDS
    }
    fn table_rows(&self) -> u64 {
        self.buckets
    }
    fn rows(&self, split: Split) -> u64 {
        match split {
            Split::Train => self.train_lines,
            Split::Test => self.lines - self.train_lines,
        }
    }
    fn batches(
        &self,
        split: Split,
        range: Range<u64>,
        batch: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Batch>> + '_>> {
        setting("batch", batch, batch >= 1, "batch size >= 1")?;
        let base = match split {
            Split::Train => 0,
            Split::Test => self.train_lines,
        };
        let (first, end) = (
            base + range.start.min(self.rows(split)),
            base + range.end.min(self.rows(split)),
        );
        let f = std::fs::File::open(&self.path)
            .map_err(|e| CtrError::Io(format!("{}: {e}", self.path.display())))?;
        let mut lines = BufReader::new(f).lines().enumerate().skip(first as usize);
        let mut next = first;
        let mut failed = false;
        Ok(Box::new(std::iter::from_fn(move || {
            if failed || next >= end {
                return None;
            }
            let mut b = Batch::new(FIELDS);
            while next < end && b.len() < batch {
                let Some((i, line)) = lines.next() else {
                    next = end; // the file is shorter than when it was counted
                    break;
                };
                next += 1;
                let line_no = i as u64 + 1;
                let parsed = line
                    .map_err(|e| CtrError::Malformed {
                        line: line_no,
                        column: None,
                        reason: format!("unreadable: {e}"),
                    })
                    .and_then(|l| parse_line(&l, line_no, self.buckets));
                match (parsed, self.policy) {
                    (Ok((y, ids)), _) => {
                        b.labels.push(y);
                        b.ids.extend(ids);
                    }
                    (Err(_), MalformedPolicy::Skip) => {
                        self.skipped.fetch_add(1, Ordering::Relaxed);
                    }
                    (Err(e), MalformedPolicy::Stop) => {
                        failed = true;
                        return Some(Err(e));
                    }
                }
            }
            if b.is_empty() {
                None
            } else {
                Some(Ok(b))
            }
        })))
    }
    fn describe(&self) -> String {
        format!(
            "criteo: {} ({} lines, {} train / {} test, {} hash buckets, malformed lines: {:?})",
            self.path.display(),
            self.lines,
            self.train_lines,
            self.lines - self.train_lines,
            self.buckets,
            self.policy
        )
    }
}

/// Writes `rows` lines of a deterministic sample file in the Criteo layout:
/// heavy-tailed integers (about 10% missing, some negative values in I2),
/// 8-digit hex categoricals from small Zipf-like vocabularies (about 5%
/// missing), and labels from a logistic rule on I1 and C1 so a model has
/// something to learn.
pub fn write_sample<W: Write>(out: &mut W, rows: u64, seed: u64) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let io = |e: std::io::Error| CtrError::Io(e.to_string());
    for _ in 0..rows {
        let mut cols: Vec<String> = Vec::with_capacity(1 + FIELDS);
        let mut ints = [None; INT_COLUMNS];
        for (j, slot) in ints.iter_mut().enumerate() {
            if rng.random::<f64>() < 0.1 {
                continue;
            }
            // exp of a uniform in [0, 9): values 1..8103, heavy-tailed.
            let mut x = (rng.random::<f64>() * 9.0).exp().floor() as i64;
            if j == 1 && rng.random::<f64>() < 0.1 {
                x = -1 - (rng.random::<f64>() * 3.0) as i64;
            }
            *slot = Some(x);
        }
        let mut cats = [None; CAT_COLUMNS];
        for (j, slot) in cats.iter_mut().enumerate() {
            if rng.random::<f64>() < 0.05 {
                continue;
            }
            let vocab = 10u64 << (j % 6);
            let u: f64 = rng.random();
            let rank = ((vocab as f64).powf(u) - 1.0).floor() as u64;
            *slot = Some(mix64(((j as u64) << 32) ^ rank) as u32);
        }
        let i1 = ints[0].map_or(0.0, |x| (x.max(1) as f64).ln());
        let c1 = cats[0].map_or(0.0, |c| if c % 3 == 0 { 1.5 } else { -0.5 });
        let z = -1.2 + 0.25 * (i1 - 4.5) + c1;
        let y = u8::from(rng.random::<f64>() < 1.0 / (1.0 + (-z).exp()));
        cols.push(y.to_string());
        cols.extend(
            ints.iter()
                .map(|x| x.map_or(String::new(), |x| x.to_string())),
        );
        cols.extend(
            cats.iter()
                .map(|c| c.map_or(String::new(), |c| format!("{c:08x}"))),
        );
        writeln!(out, "{}", cols.join("\t")).map_err(io)?;
    }
    Ok(())
}
