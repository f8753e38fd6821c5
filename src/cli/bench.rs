//! `sgl bench`: the fused step against its memory floor, the reference
//! Algorithm 1 and the plain Eq. (1) step, measured in one process
//! (docs/src/performance.md).

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sgl_oracle::eq6::{solve, History};
use sgl_oracle::fused::{
    FusedAdagrad, FusedAdagradRecip, FusedAdam, FusedAdamRecip, FusedRule, FusedSgl, Kernel, Real,
    Yardstick,
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
    /// bit-identical, within 3/9 ulp per step), adagrad-recip (Group Adagrad
    /// with a reciprocal of alpha: within 3 ulp per step).
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
    /// Row kernels: auto (AVX2 if the CPU has it), portable (SSE2 baseline),
    /// avx2 (comma-separated). All are bit-identical.
    #[arg(long, value_delimiter = ',', default_values_t = vec!["auto".to_string()])]
    pub kernel: Vec<String>,
    /// Yardstick block lengths (elements per array per visit); the fastest
    /// is reported as the floor.
    #[arg(long, value_delimiter = ',', default_values_t = vec![16usize, 64, 512])]
    pub yard_blocks: Vec<usize>,
    /// Instead of the fused table: time the Eq. (6) generic-solver path
    /// (history reduction \[Eq:23\] + clarabel) for n in {10, 100, 1000} and
    /// T in {1, 10, 100}, with fitted log-log slopes.
    #[arg(long)]
    pub solver: bool,
    /// Instead of the fused table: embedding-table steps (`sgl bench
    /// --sparse`, src/cli/bench_sparse.rs): the Lazy step over B = 4096
    /// Zipf ids of R = 1e5..1e7 rows against a same-pattern gather/scatter,
    /// and the deferred Dense step against the number of missed steps.
    #[arg(long)]
    pub sparse: bool,
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
    median((0..reps).map(|_| once(&mut f)).collect())
}

fn gradient(n: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..n).map(|_| rng.random_range(-1.0..1.0)).collect()
}

fn penalty() -> Penalty {
    // Moderate lambdas: some coordinates and rows are zeroed, most are not.
    Penalty::new(1e-3, 1e-3, 1e-4).expect("valid constants")
}

/// Seconds of one call of `f`.
fn once(mut f: impl FnMut()) -> f64 {
    let t0 = Instant::now();
    f();
    t0.elapsed().as_secs_f64()
}

/// (yardstick seconds, fused seconds, ratio, bytes per step).
///
/// The yardstick's block length is chosen first (the fastest median of 3
/// passes over `blocks`); then the yardstick pass and the fused step are
/// timed *alternately*, `reps` pairs, and the ratio reported is the median
/// of the per-pair ratios. Pairing cancels the slow drifts of a shared
/// machine (other tenants, frequency), which otherwise move the two medians
/// independently by tens of percent between runs.
fn fused_vs_yardstick<T: Real, R: FusedRule<T>>(rule: R, c: &Case) -> Result<(f64, f64, f64, f64)> {
    let Case {
        n,
        d,
        threads,
        reps,
        kernel,
        ref blocks,
    } = *c;
    let (reads, writes) = FusedSgl::<T, R>::arrays_moved();
    let bytes = ((reads + writes) * T::BYTES * n) as f64;
    let mut y = Yardstick::<T>::new(n, writes, threads)?;
    let mut sink = 0.0;
    let mut best = (f64::INFINITY, blocks.first().copied().unwrap_or(64));
    for &b in blocks {
        y.set_block(b);
        let t = time_it(3, || sink += y.pass());
        if t < best.0 {
            best = (t, b);
        }
    }
    y.set_block(best.1);
    let g: Vec<T> = gradient(n).into_iter().map(T::of).collect();
    let x1: Vec<T> = g.iter().map(|&v| v * T::of(0.1)).collect();
    let mut f = FusedSgl::new(rule, d, penalty(), Threshold::S, &x1, threads)?;
    f.set_kernel(kernel)?;
    drop(x1);
    let mut err = None;
    let mut step = || {
        if let Err(e) = f.step(&g) {
            err = Some(e);
        }
    };
    step(); // warm-up: faults the state's pages in
    let (mut ty, mut tf, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..reps.max(1) {
        let a = once(|| sink += y.pass());
        let b = once(&mut step);
        ty.push(a);
        tf.push(b);
        ratio.push(b / a);
    }
    std::hint::black_box(sink);
    if let Some(e) = err {
        return Err(e);
    }
    std::hint::black_box(f.x());
    Ok((median(ty), median(tf), median(ratio), bytes))
}

/// One fused measurement.
struct Case {
    n: usize,
    d: usize,
    threads: usize,
    reps: usize,
    kernel: Kernel,
    blocks: Vec<usize>,
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
        if let Err(e) = a.step(&g) {
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
    if args.solver {
        return solver_table(args.reps.clamp(1, 5));
    }
    if args.sparse {
        return super::bench_sparse::main(args.quick, args.reps.max(1));
    }
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
        if !["adam", "adagrad", "adam-recip", "adagrad-recip"].contains(&r.as_str()) {
            return Err(SglError::InvalidInput(format!(
                "--rules {r}: expected adam, adam-recip, adagrad or adagrad-recip"
            )));
        }
    }
    let mut kernels = vec![];
    for k in &args.kernel {
        kernels.push(match k.as_str() {
            "auto" => Kernel::detect(),
            "portable" => Kernel::Portable,
            "avx2" => {
                if Kernel::detect() != Kernel::Avx2 {
                    return Err(SglError::InvalidInput(
                        "--kernel avx2: this CPU does not report AVX2".into(),
                    ));
                }
                Kernel::Avx2
            }
            _ => {
                return Err(SglError::InvalidInput(format!(
                    "--kernel {k}: expected auto, portable or avx2"
                )))
            }
        });
    }
    if args.yard_blocks.is_empty() || args.yard_blocks.contains(&0) {
        return Err(SglError::InvalidInput(
            "--yard-blocks: expected positive block lengths".into(),
        ));
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
         GB/s = bytes the step must move / time; ratio = median over reps of (fused / yardstick) timed alternately; ref, plain = f64, 1 thread, at n_ref = min(n, {})\n",
        args.reference_max_n
    );
    let _ = writeln!(
        out,
        "{:<13} {:<8} {:<4} {:>9} {:>3} {:>3} | {:>9} {:>7} | {:>9} {:>8} {:>7} {:>6} | {:>9} {:>8} {:>7} | {:>9}",
        "rule", "kernel", "prec", "n", "d", "thr", "yard ms", "GB/s", "fused ms", "ns/par", "GB/s", "ratio", "n_ref", "ref ns/p", "ref/fu", "plain ns/p"
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
                    for &kernel in &kernels {
                        for &th in &threads {
                            let c = Case {
                                n,
                                d,
                                threads: th,
                                reps,
                                kernel,
                                blocks: args.yard_blocks.clone(),
                            };
                            let f64p = prec == "f64";
                            let (yard, fused, ratio, bytes) = match rule.as_str() {
                                "adam-recip" => {
                                    let r = FusedAdamRecip::paper_v1(1e-3, 0.9, 0.999, 1e-8)?;
                                    if f64p {
                                        fused_vs_yardstick::<f64, _>(r, &c)?
                                    } else {
                                        fused_vs_yardstick::<f32, _>(r, &c)?
                                    }
                                }
                                "adam" => {
                                    let r = FusedAdam::paper_v1(1e-3, 0.9, 0.999, 1e-8)?;
                                    if f64p {
                                        fused_vs_yardstick::<f64, _>(r, &c)?
                                    } else {
                                        fused_vs_yardstick::<f32, _>(r, &c)?
                                    }
                                }
                                "adagrad-recip" => {
                                    let r = FusedAdagradRecip::paper_alg3(0.1, 1e-8)?;
                                    if f64p {
                                        fused_vs_yardstick::<f64, _>(r, &c)?
                                    } else {
                                        fused_vs_yardstick::<f32, _>(r, &c)?
                                    }
                                }
                                _ => {
                                    let r = FusedAdagrad::paper_alg3(0.1, 1e-8)?;
                                    if f64p {
                                        fused_vs_yardstick::<f64, _>(r, &c)?
                                    } else {
                                        fused_vs_yardstick::<f32, _>(r, &c)?
                                    }
                                }
                            };
                            let fused_ns = fused / n as f64 * 1e9;
                            let _ = writeln!(
                            out,
                            "{:<13} {:<8} {:<4} {:>9} {:>3} {:>3} | {:>9.3} {:>7.2} | {:>9.3} {:>8.3} {:>7.2} {:>6.3} | {:>9} {:>8.2} {:>7.1} | {:>9.3}",
                            rule,
                            kernel.name(),
                            prec,
                            n,
                            d,
                            th,
                            yard * 1e3,
                            bytes / yard / 1e9,
                            fused * 1e3,
                            fused_ns,
                            bytes / fused / 1e9,
                            ratio,
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
    }
    Ok(out)
}

/// A seeded history of `t` steps on `n` coordinates (groups of 8, the last
/// one shorter): Adagrad-like `Q_s/alpha_s >= 0`, moments and iterates from
/// a ChaCha stream.
fn history(n: usize, t: usize, seed: u64) -> Result<(History, Groups)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut m = Vec::with_capacity(t);
    let mut x = Vec::with_capacity(t);
    let mut q = Vec::with_capacity(t);
    let mut xs: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
    for _ in 0..t {
        let g: Vec<f64> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
        q.push(g.iter().map(|v| v * v * 0.5 + 0.01).collect());
        m.push(g.clone());
        x.push(xs.clone());
        for (xi, gi) in xs.iter_mut().zip(&g) {
            *xi -= 0.05 * gi;
        }
    }
    let mut sizes = vec![8; n / 8];
    if !n.is_multiple_of(8) {
        sizes.push(n % 8);
    }
    Ok((History::new(m, x, q)?, Groups::from_sizes(&sizes)?))
}

/// Least-squares slope of `ln y` against `ln x`.
fn loglog_slope(pts: &[(f64, f64)]) -> f64 {
    let k = pts.len() as f64;
    let (mx, my) = pts.iter().fold((0.0, 0.0), |(a, b), &(x, y)| {
        (a + x.ln() / k, b + y.ln() / k)
    });
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for &(x, y) in pts {
        sxy += (x.ln() - mx) * (y.ln() - my);
        sxx += (x.ln() - mx) * (x.ln() - mx);
    }
    sxy / sxx
}

/// `sgl bench --solver`: the generic-solver path of Eq. (6) from a history
/// of length T: the reduction to (z, sigma) \[Eq:23\] and the clarabel solve.
fn solver_table(reps: usize) -> Result<String> {
    let ns = [10usize, 100, 1000];
    let ts = [1usize, 10, 100];
    let pen = Penalty::new(0.05, 0.05, 0.01)?;
    let mut out = String::new();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = writeln!(
        out,
        "sgl bench --solver: Eq. (6) generic path = History::reduce [Eq:23] + eq6::solve (clarabel); median of {reps}; load average: {}",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    let _ = writeln!(
        out,
        "{:>6} {:>5} | {:>12} {:>12} {:>12} | {:>6}",
        "n", "T", "reduce ms", "solve ms", "total ms", "iters"
    );
    let mut total = vec![vec![0.0; ts.len()]; ns.len()];
    let mut red = vec![vec![0.0; ts.len()]; ns.len()];
    let mut sol = vec![vec![0.0; ts.len()]; ns.len()];
    for (a, &n) in ns.iter().enumerate() {
        for (b, &t) in ts.iter().enumerate() {
            let (h, groups) = history(n, t, (n * 1000 + t) as u64)?;
            let mut iters = 0;
            let mut err = None;
            let mut tr = vec![];
            let mut tsv = vec![];
            for _ in 0..reps {
                let t0 = Instant::now();
                let inst = h.reduce(pen, groups.clone())?;
                let t1 = Instant::now();
                match solve(&inst) {
                    Ok(s) => iters = s.iterations,
                    Err(e) => err = Some(e),
                }
                tsv.push(t1.elapsed().as_secs_f64());
                tr.push((t1 - t0).as_secs_f64());
            }
            if let Some(e) = err {
                return Err(e);
            }
            red[a][b] = median(tr);
            sol[a][b] = median(tsv);
            total[a][b] = red[a][b] + sol[a][b];
            let _ = writeln!(
                out,
                "{:>6} {:>5} | {:>12.4} {:>12.3} {:>12.3} | {:>6}",
                n,
                t,
                red[a][b] * 1e3,
                sol[a][b] * 1e3,
                total[a][b] * 1e3,
                iters
            );
        }
    }
    let _ = writeln!(
        out,
        "\nlog-log slopes (time ~ n^a at fixed T; ~ T^b at fixed n):"
    );
    for (b, &t) in ts.iter().enumerate() {
        let pts_s: Vec<(f64, f64)> = ns
            .iter()
            .enumerate()
            .map(|(a, &n)| (n as f64, sol[a][b]))
            .collect();
        let pts_t: Vec<(f64, f64)> = ns
            .iter()
            .enumerate()
            .map(|(a, &n)| (n as f64, total[a][b]))
            .collect();
        let _ = writeln!(
            out,
            "  T = {t:>3}: solve a = {:.2}, total a = {:.2}",
            loglog_slope(&pts_s),
            loglog_slope(&pts_t)
        );
    }
    for (a, &n) in ns.iter().enumerate() {
        let pts_r: Vec<(f64, f64)> = ts
            .iter()
            .enumerate()
            .map(|(b, &t)| (t as f64, red[a][b]))
            .collect();
        let pts_s: Vec<(f64, f64)> = ts
            .iter()
            .enumerate()
            .map(|(b, &t)| (t as f64, sol[a][b]))
            .collect();
        let pts_t: Vec<(f64, f64)> = ts
            .iter()
            .enumerate()
            .map(|(b, &t)| (t as f64, total[a][b]))
            .collect();
        let _ = writeln!(
            out,
            "  n = {n:>4}: reduce b = {:.2}, solve b = {:.2}, total b = {:.2}",
            loglog_slope(&pts_r),
            loglog_slope(&pts_s),
            loglog_slope(&pts_t)
        );
    }
    Ok(out)
}
