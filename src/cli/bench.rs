//! `sgl bench`: the fused step against its memory floor, the reference
//! Algorithm 1 and the plain Eq. (1) step, measured in one process
//! (docs/src/performance.md).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::fused::{
    FusedAdagrad, FusedAdam, FusedAdamRecip, FusedRule, FusedSgl, Real, Yardstick,
};
use sgl_oracle::rules::{Adagrad, AdagradForm, Adam, AdamForm};
use sgl_oracle::{
    Algorithm1, Groups, MomentRule, Penalty, PlainOptimizer, Result, SglError, Threshold,
};
use std::fmt::Write as _;
use std::time::Instant;

/// Arguments of `sgl bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Problem sizes n (parameters), comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = vec![100_000usize, 1_000_000, 10_000_000])]
    pub n: Vec<usize>,
    /// Row widths d (group size), comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = vec![8usize, 16, 64])]
    pub d: Vec<usize>,
    /// Thread counts, comma-separated; 0 means all cores. Default: 1 and all.
    #[arg(long, value_delimiter = ',', default_values_t = vec![1usize, 0])]
    pub threads: Vec<usize>,
    /// Precisions: f64, f32 (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = vec!["f64".to_string(), "f32".to_string()])]
    pub precision: Vec<String>,
    /// Rules: adam (Group Adam, paper v1), adagrad (Group Adagrad, Alg. 3),
    /// adam-recip (Group Adam with reciprocal per-step scalars: not
    /// bit-identical, within 3/9 ulp per step).
    #[arg(long, value_delimiter = ',', default_values_t = vec!["adam".to_string(), "adagrad".to_string()])]
    pub rules: Vec<String>,
    /// Timed repetitions (steps) per measurement; the median is reported.
    #[arg(long, default_value_t = 7)]
    pub reps: usize,
    /// The reference and plain paths (f64, one thread) are measured at
    /// min(n, this) parameters: they are slow and allocate per step.
    #[arg(long, default_value_t = 1_000_000)]
    pub reference_max_n: usize,
    /// Quick run: n = 1e5, 1e6; d = 16; 3 repetitions.
    #[arg(long)]
    pub quick: bool,
}

/// Median of a few timings, in seconds.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Times `reps` calls of `f` after one warm-up call (which also faults the
/// pages in); returns the median seconds.
fn time_it(reps: usize, mut f: impl FnMut()) -> f64 {
    f();
    let mut v = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t0 = Instant::now();
        f();
        v.push(t0.elapsed().as_secs_f64());
    }
    median(v)
}

fn gradient(n: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..n).map(|_| rng.random_range(-1.0..1.0)).collect()
}

fn penalty() -> Penalty {
    // Moderate lambdas: some coordinates and rows are zeroed, most are not.
    Penalty::new(1e-3, 1e-3, 1e-4).expect("valid constants")
}

/// (yardstick seconds, fused seconds, bytes per step).
fn fused_vs_yardstick<T: Real, R: FusedRule<T>>(
    rule: R,
    n: usize,
    d: usize,
    threads: usize,
    reps: usize,
) -> Result<(f64, f64, f64)> {
    let (reads, writes) = FusedSgl::<T, R>::arrays_moved();
    let bytes = ((reads + writes) * T::BYTES * n) as f64;
    let yard = {
        let mut y = Yardstick::<T>::new(n, writes, threads)?;
        let mut sink = 0.0;
        let s = time_it(reps, || sink += y.pass());
        std::hint::black_box(sink);
        s
    };
    let g: Vec<T> = gradient(n).into_iter().map(T::of).collect();
    let x1: Vec<T> = g.iter().map(|&v| v * T::of(0.1)).collect();
    let mut f = FusedSgl::new(rule, d, penalty(), Threshold::S, &x1, threads)?;
    drop(x1);
    let mut err = None;
    let fused = time_it(reps, || {
        if let Err(e) = f.step(&g) {
            err = Some(e);
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    std::hint::black_box(f.x());
    Ok((yard, fused, bytes))
}

/// Seconds per step of the reference Algorithm 1 and of plain Eq. (1).
fn reference<R: MomentRule>(
    make: impl Fn(usize) -> Result<R>,
    n: usize,
    d: usize,
    reps: usize,
) -> Result<(f64, f64)> {
    let g = gradient(n);
    let x1: Vec<f64> = g.iter().map(|v| 0.1 * v).collect();
    let mut a = Algorithm1::new(make(n)?, Groups::rows(n, d)?, penalty(), Threshold::S, &x1)?;
    let mut err = None;
    let t_ref = time_it(reps, || {
        if let Err(e) = a.step(&g, None) {
            err = Some(e);
        }
    });
    drop(a);
    let mut p = PlainOptimizer::new(make(n)?, &x1)?;
    let t_plain = time_it(reps, || {
        if let Err(e) = p.step(&g, None) {
            err = Some(e);
        }
    });
    match err {
        Some(e) => Err(e),
        None => Ok((t_ref, t_plain)),
    }
}

/// (rule, n_ref, d) -> (reference seconds, plain seconds).
type RefCache = Vec<((String, usize, usize), (f64, f64))>;

/// Entry point of `sgl bench`.
pub fn main(args: &Args) -> Result<String> {
    let (ns, ds, reps) = if args.quick {
        (vec![100_000, 1_000_000], vec![16], 3)
    } else {
        (args.n.clone(), args.d.clone(), args.reps)
    };
    if reps == 0 {
        return Err(SglError::InvalidInput("--reps must be >= 1".into()));
    }
    let all = std::thread::available_parallelism()
        .map(|v| v.get())
        .unwrap_or(1);
    let mut threads: Vec<usize> = args
        .threads
        .iter()
        .map(|&t| if t == 0 { all } else { t })
        .collect();
    threads.dedup();
    for p in &args.precision {
        if p != "f64" && p != "f32" {
            return Err(SglError::InvalidInput(format!(
                "--precision {p}: expected f64 or f32"
            )));
        }
    }
    for r in &args.rules {
        if !["adam", "adagrad", "adam-recip"].contains(&r.as_str()) {
            return Err(SglError::InvalidInput(format!(
                "--rules {r}: expected adam, adam-recip or adagrad"
            )));
        }
    }
    let mut out = String::new();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = writeln!(
        out,
        "sgl bench: median of {reps} steps; cores = {all}; load average: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let _ = writeln!(
        out,
        "yardstick = one pass with the step's access pattern (adam: read 6 arrays g,x,z,sigma,m,v, write 5; adagrad: read 5, write 4)\n\
         GB/s = bytes the step must move / time; ratio = fused / yardstick; ref, plain = f64, 1 thread, at n_ref = min(n, {})\n",
        args.reference_max_n
    );
    let _ = writeln!(
        out,
        "{:<8} {:<4} {:>9} {:>3} {:>3} | {:>9} {:>7} | {:>9} {:>8} {:>7} {:>6} | {:>9} {:>8} {:>7} | {:>9}",
        "rule", "prec", "n", "d", "thr", "yard ms", "GB/s", "fused ms", "ns/par", "GB/s", "ratio", "n_ref", "ref ns/p", "ref/fu", "plain ns/p"
    );
    let mut ref_cache: RefCache = vec![];
    for rule in &args.rules {
        for &n in &ns {
            for &d in &ds {
                if d == 0 || n % d != 0 {
                    return Err(SglError::InvalidInput(format!(
                        "n = {n} is not a multiple of d = {d}"
                    )));
                }
                let n_ref = n.min(args.reference_max_n) / d * d;
                let key = (rule.clone(), n_ref, d);
                let (t_ref, t_plain) = match ref_cache.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => *v,
                    None => {
                        let v = if rule.starts_with("adam") {
                            reference(
                                |n| Adam::new(n, 1e-3, 0.9, 0.999, 1e-8, AdamForm::PaperV1),
                                n_ref,
                                d,
                                reps.min(5),
                            )?
                        } else {
                            reference(
                                |n| Adagrad::new(n, 0.1, 1e-8, AdagradForm::PaperAlg3),
                                n_ref,
                                d,
                                reps.min(5),
                            )?
                        };
                        ref_cache.push((key, v));
                        v
                    }
                };
                let ref_ns = t_ref / n_ref as f64 * 1e9;
                let plain_ns = t_plain / n_ref as f64 * 1e9;
                for prec in &args.precision {
                    for &th in &threads {
                        let (yard, fused, bytes) = match (rule.as_str(), prec.as_str()) {
                            ("adam-recip", "f64") => fused_vs_yardstick::<f64, _>(
                                FusedAdamRecip::paper_v1(1e-3, 0.9, 0.999, 1e-8)?,
                                n,
                                d,
                                th,
                                reps,
                            )?,
                            ("adam-recip", _) => fused_vs_yardstick::<f32, _>(
                                FusedAdamRecip::paper_v1(1e-3, 0.9, 0.999, 1e-8)?,
                                n,
                                d,
                                th,
                                reps,
                            )?,
                            ("adam", "f64") => fused_vs_yardstick::<f64, _>(
                                FusedAdam::paper_v1(1e-3, 0.9, 0.999, 1e-8)?,
                                n,
                                d,
                                th,
                                reps,
                            )?,
                            ("adam", _) => fused_vs_yardstick::<f32, _>(
                                FusedAdam::paper_v1(1e-3, 0.9, 0.999, 1e-8)?,
                                n,
                                d,
                                th,
                                reps,
                            )?,
                            (_, "f64") => fused_vs_yardstick::<f64, _>(
                                FusedAdagrad::paper_alg3(0.1, 1e-8)?,
                                n,
                                d,
                                th,
                                reps,
                            )?,
                            _ => fused_vs_yardstick::<f32, _>(
                                FusedAdagrad::paper_alg3(0.1, 1e-8)?,
                                n,
                                d,
                                th,
                                reps,
                            )?,
                        };
                        let fused_ns = fused / n as f64 * 1e9;
                        let _ = writeln!(
                            out,
                            "{:<8} {:<4} {:>9} {:>3} {:>3} | {:>9.3} {:>7.2} | {:>9.3} {:>8.3} {:>7.2} {:>6.3} | {:>9} {:>8.2} {:>7.1} | {:>9.3}",
                            rule,
                            prec,
                            n,
                            d,
                            th,
                            yard * 1e3,
                            bytes / yard / 1e9,
                            fused * 1e3,
                            fused_ns,
                            bytes / fused / 1e9,
                            fused / yard,
                            n_ref,
                            ref_ns,
                            ref_ns / fused_ns,
                            plain_ns
                        );
                    }
                }
            }
        }
    }
    Ok(out)
}
