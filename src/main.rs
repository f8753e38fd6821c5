//! The `sgl` command-line tool. Each subcommand lives in `src/cli/<name>.rs`.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

#[derive(Parser)]
#[command(
    name = "sgl",
    version,
    about = "sgl-oracle: verified sparse-group-lasso optimizers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a short verification summary (Theorem 2, FTRL, errata).
    Demo,
    /// Run one configuration and print its trajectory as JSON.
    Run {
        /// Config file (JSON, see README).
        #[arg(long)]
        config: PathBuf,
    },
    /// Solve one Eq. (6) instance by every method (closed forms, conic solver, KKT).
    Solve(cli::solve::Args),
    /// Benchmark the fused step against the streaming yardstick and the reference step.
    Bench(cli::bench::Args),
    /// Measure regret against the Section 3 bounds.
    Regret(cli::regret::Args),
    /// Print the claims table (every equation, theorem, lemma, corollary, algorithm).
    Claims(cli::claims::Args),
    /// Embedding tables: run a table config, or print Lazy vs Dense.
    Table(cli::table::Args),
    /// Generate or check golden fixtures.
    Fixtures(cli::fixtures::Args),
    /// Section 4 in miniature: CTR experiments (Tables 2-4, Figs 1-3).
    Ctr(cli::ctr::Args),
    /// Write the book's SVG figures (deterministic).
    Figures {
        /// Output directory.
        #[arg(long, default_value = "docs/src/figures")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    // Bad arguments: one line and exit 1, like every other error (clap's own
    // report is several lines with a usage block); help and version print
    // as clap renders them.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                e.exit();
            }
            let text = e.to_string();
            let first = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let hint = text
                .lines()
                .find(|l| l.trim_start().starts_with("[possible values:"))
                .map(|l| format!(" {}", l.trim()))
                .unwrap_or_default();
            eprintln!("sgl: error: {first}{hint}");
            return ExitCode::FAILURE;
        }
    };
    let out = match &cli.command {
        Command::Demo => cli::demo(),
        Command::Run { config } => cli::run(config),
        Command::Solve(a) => cli::solve::main(a),
        Command::Bench(a) => cli::bench::main(a),
        Command::Regret(a) => cli::regret::main(a),
        Command::Claims(a) => cli::claims::main(a),
        Command::Fixtures(a) => cli::fixtures::main(a),
        Command::Table(a) => cli::table::main(a),
        Command::Ctr(a) => cli::ctr::main(a),
        Command::Figures { out } => cli::figures::write_all(out).map(|n| n.join("\n")),
    };
    match out {
        Ok(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            // One line, non-zero exit.
            eprintln!("sgl: error: {e}");
            ExitCode::FAILURE
        }
    }
}
