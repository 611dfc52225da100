//! `linnet-fuzz`: runs every fuzz target for a bounded number of seeded mutations, catching
//! panics and timing each input. Usage:
//! `linnet-fuzz [--iterations N] [--seconds S] [--seed N] [--target NAME]... [--out DIR]`
//! (N per target; S caps each target's wall time). Inputs that panic or take over a second are
//! written to DIR (default `fuzz-findings`) with the panic message; the exit code is 1 if any panicked.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use linnet_fuzz::mutate::{mutate, Rng};

struct Options {
    iterations: u64,
    seconds: Option<f64>,
    seed: u64,
    targets: Vec<String>,
    out: PathBuf,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        iterations: 10_000,
        seconds: None,
        seed: 1,
        targets: Vec::new(),
        out: PathBuf::from("fuzz-findings"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--iterations" => o.iterations = value()?.parse().map_err(|e| format!("{e}"))?,
            "--seconds" => o.seconds = Some(value()?.parse().map_err(|e| format!("{e}"))?),
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("{e}"))?,
            "--target" => o.targets.push(value()?),
            "--out" => o.out = PathBuf::from(value()?),
            _ => return Err(format!("unknown argument {arg:?}")),
        }
    }
    for t in &o.targets {
        if linnet_fuzz::target(t).is_none() {
            return Err(format!("unknown target {t:?}"));
        }
    }
    Ok(o)
}

thread_local! {
    /// The message of the last panic on this thread, filled by the quiet panic hook.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Largest mutated input: above every seed, small enough to keep execs fast.
const MAX_LEN: usize = 160 * 1024;
/// An input slower than this is reported as a "bounded time" failure.
const SLOW: Duration = Duration::from_secs(1);

struct Stats {
    execs: u64,
    elapsed: Duration,
    slowest: Duration,
    panics: u64,
    slow: u64,
}

/// Findings written per kind and target; more of the same bug would only fill the disk.
const SAVE_MAX: u64 = 20;

fn save(out: &PathBuf, kind: &str, target: &str, n: u64, data: &[u8], note: &str) {
    if n > SAVE_MAX {
        return;
    }
    let _ = std::fs::create_dir_all(out);
    let base = out.join(format!("{kind}-{target}-{n}"));
    let _ = std::fs::write(base.with_extension("bin"), data);
    let _ = std::fs::write(base.with_extension("txt"), note);
    eprintln!(
        "{kind}: {target}: {} ({note})",
        base.with_extension("bin").display()
    );
}

fn run_target(target: &linnet_fuzz::Target, o: &Options, rng: &mut Rng) -> Stats {
    let seeds = linnet_fuzz::seeds::seeds(target.name);
    // Recent mutants, mutated again now and then to reach inputs several edits away.
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut s = Stats {
        execs: 0,
        elapsed: Duration::ZERO,
        slowest: Duration::ZERO,
        panics: 0,
        slow: 0,
    };
    let start = Instant::now();
    let deadline = o.seconds.map(Duration::from_secs_f64);
    for i in 0..o.iterations {
        if deadline.is_some_and(|d| i % 64 == 0 && start.elapsed() >= d) {
            break;
        }
        let base = if !pool.is_empty() && rng.below(4) == 0 {
            &pool[rng.below(pool.len())]
        } else {
            &seeds[rng.below(seeds.len())]
        };
        // The seeds themselves go first, unmutated.
        let input = if (i as usize) < seeds.len() {
            seeds[i as usize].clone()
        } else {
            mutate(rng, base, &seeds, MAX_LEN)
        };
        let t0 = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        let took = t0.elapsed();
        s.execs += 1;
        s.slowest = s.slowest.max(took);
        if outcome.is_err() {
            s.panics += 1;
            let msg = LAST_PANIC.with(|m| m.borrow().clone());
            save(&o.out, "panic", target.name, s.panics, &input, &msg);
        } else if took > SLOW {
            s.slow += 1;
            save(
                &o.out,
                "slow",
                target.name,
                s.slow,
                &input,
                &format!("{took:?}"),
            );
        }
        if pool.len() < 256 {
            pool.push(input);
        } else {
            let k = rng.below(pool.len());
            pool[k] = input;
        }
    }
    s.elapsed = start.elapsed();
    s
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("linnet-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    panic::set_hook(Box::new(|info| {
        let text = format!("{info}");
        LAST_PANIC.with(|m| *m.borrow_mut() = text);
    }));
    let mut rng = Rng::new(o.seed);
    println!(
        "{:<14} {:>12} {:>9} {:>11} {:>11} {:>7} {:>5}",
        "target", "inputs", "seconds", "execs/s", "slowest_ms", "panics", "slow"
    );
    let (mut execs, mut panics, mut slow) = (0u64, 0u64, 0u64);
    for target in linnet_fuzz::TARGETS {
        if !o.targets.is_empty() && !o.targets.iter().any(|t| t == target.name) {
            continue;
        }
        let s = run_target(target, &o, &mut rng);
        let secs = s.elapsed.as_secs_f64();
        println!(
            "{:<14} {:>12} {:>9.1} {:>11.0} {:>11.2} {:>7} {:>5}",
            target.name,
            s.execs,
            secs,
            s.execs as f64 / secs.max(1e-9),
            s.slowest.as_secs_f64() * 1000.0,
            s.panics,
            s.slow
        );
        execs += s.execs;
        panics += s.panics;
        slow += s.slow;
    }
    println!(
        "total inputs {execs}, panics {panics}, slow (>1 s) {slow}, seed {}",
        o.seed
    );
    if panics > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
