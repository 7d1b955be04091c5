//! `cargo xtask bench [--quick]`: runs every benchmark and writes
//! `docs/performance.md`.
//!
//! 1. criterion, `bench/benches/throughput.rs`: every pass against the bare design it
//!    builds on and crossbeam-channel, a capacity sweep and a consumer sweep, all in
//!    one run; its SVG plots are copied to `docs/performance/`;
//! 2. Python: the Python bounded queue's `queue.Queue` system without sleeps
//!    (`bench/python/queue_bench.py`) and pass 06's binary moving the same items,
//!    alternating, median of 5;
//! 3. pass 06's makespan benchmark (stealing against `--no-steal`);
//! 4. pass 06's shutdown benchmark (SIGINT to exit, per shutdown mode);
//! 5. the memory benchmark (peak resident size, bounded against unbounded, 1 M and
//!    10 M tasks);
//! 6. pass 04's monitoring overhead over pass 03, alternating in one process;
//! 7. every design of the reference run alternating in one process: the figures the
//!    targets are read from;
//! 8. pass 07's buffer against `sync_channel` and one thread, alternating
//!    (`bench --bench buffer`);
//! 9. pass 08's pipeline against its slowest stage and one thread
//!    (`pipeline --bench stages`);
//! 10. pass 09's queue per fsync policy and batch, beside the bare write + fsync
//!     loop and SQLite (`durable --bench log`).
//!
//! `--quick` shortens every measurement: for a smoke run, not for figures.
//! `--reuse-criterion` skips step 1 and reads criterion's last results (after a run
//! that stopped later on, say).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use serde_json::Value;

use crate::project_root;

/// Items the Python comparison moves (per run, each side).
const PYTHON_ITEMS: u64 = 200_000;

/// Runs the bench command; returns its exit status.
pub fn run(args: &[String]) -> ExitCode {
    let quick = args.iter().any(|a| a == "--quick");
    let reuse = args.iter().any(|a| a == "--reuse-criterion");
    if let Some(other) = args
        .iter()
        .find(|a| *a != "--quick" && *a != "--reuse-criterion")
    {
        eprintln!("xtask bench: unknown argument {other:?} (--quick, --reuse-criterion)");
        return ExitCode::from(2);
    }
    match bench(quick, reuse) {
        Ok(path) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(quick: bool, reuse: bool) -> Result<PathBuf, String> {
    let root = project_root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);

    let mut criterion = vec!["bench", "-p", "bench", "--bench", "throughput", "--"];
    if quick {
        criterion.extend(["--warm-up-time", "0.1", "--measurement-time", "0.3"]);
    }
    if !reuse {
        status(Command::new(&cargo).args(&criterion).current_dir(&root))?;
    }

    // The benchmarks that print their own table: (package, bench target). What xtask
    // reads of them comes as JSON lines in `$BENCH_JSON`, never from the table.
    let records = target.join("bench-results.jsonl");
    let _ = std::fs::remove_file(&records);
    let printed = |package: &str, bench: &str| {
        let mut args = vec!["bench", "-q", "-p", package, "--bench", bench];
        if quick {
            args.extend(["--", "--quick"]);
        }
        output(
            Command::new(&cargo)
                .args(&args)
                .env("BENCH_JSON", &records)
                .current_dir(&root),
        )
    };
    // The alternating run's figures are read as records; the page draws its table.
    printed("bench", "alternating")?;
    let tables = crate::report::Tables {
        makespan: printed("work-stealing", "makespan")?,
        shutdown: printed("work-stealing", "shutdown")?,
        memory: printed("bench", "memory")?,
        overhead: printed("monitoring", "overhead")?,
        buffer: printed("bench", "buffer")?,
        pipeline: printed("pipeline", "stages")?,
        durable: printed("durable", "log")?,
        records: read_records(&records)?,
    };

    status(
        Command::new(&cargo)
            .args(["build", "--release", "--bin", "06-work-stealing"])
            .current_dir(&root),
    )?;
    let python = python_vs_rust(&root, &target, if quick { 1 } else { 5 })?;

    let results = read_criterion(&target.join("criterion"))?;
    let plots = root.join("docs").join("performance");
    std::fs::create_dir_all(&plots).map_err(|e| format!("{}: {e}", plots.display()))?;
    for group in ["designs", "capacity", "consumers"] {
        // criterion draws throughput lines for a sweep when it can, else a violin plot.
        let report = target.join("criterion").join(group).join("report");
        let from = ["lines_throughput.svg", "lines.svg", "violin.svg"]
            .iter()
            .map(|plot| report.join(plot))
            .find(|p| p.is_file())
            .ok_or_else(|| format!("no plot in {}", report.display()))?;
        let to = plots.join(format!("{group}.svg"));
        std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    let page = crate::report::page(&results, &python, &tables, &machine(), quick);
    let path = root.join("docs").join("performance.md");
    std::fs::write(&path, page).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// One design's figures, as a benchmark recorded them (`plumbing::measure`).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The benchmark: `alternating`, `overhead`.
    pub bench: String,
    /// The design, as the benchmark names it.
    pub design: String,
    /// First quartile, median, third quartile, in the benchmark's unit.
    pub quartiles: [f64; 3],
}

/// Reads the JSON lines the benchmarks appended to `path`.
fn read_records(path: &Path) -> Result<Vec<Record>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .map(|line| {
            let v: Value =
                serde_json::from_str(line).map_err(|e| format!("{}: {e}", path.display()))?;
            let number = |key: &str| v[key].as_f64().ok_or(format!("no {key} in {line}"));
            let text = |key: &str| {
                v[key]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or(format!("no {key} in {line}"))
            };
            Ok(Record {
                bench: text("bench")?,
                design: text("design")?,
                quartiles: [number("q1")?, number("median")?, number("q3")?],
            })
        })
        .collect()
}

/// One criterion benchmark: its group, name, parameter, and median throughput.
#[derive(Debug, Clone)]
pub struct Measured {
    /// `designs`, `capacity` or `consumers`.
    pub group: String,
    /// `pass 02`, `bare sync_channel`, …
    pub name: String,
    /// The swept value, if any (`1000`).
    pub param: Option<u64>,
    /// Items per second at the median time.
    pub per_sec: f64,
}

/// Reads `new/benchmark.json` and `new/estimates.json` under criterion's folder.
fn read_criterion(dir: &Path) -> Result<Vec<Measured>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.ends_with("new/benchmark.json") {
                found.push(measured(&path)?);
            }
        }
    }
    if found.is_empty() {
        return Err(format!("no criterion results under {}", dir.display()));
    }
    Ok(found)
}

fn measured(benchmark: &Path) -> Result<Measured, String> {
    let json = |path: &Path| -> Result<Value, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let b = json(benchmark)?;
    let e = json(&benchmark.with_file_name("estimates.json"))?;
    let elements = b["throughput"]["Elements"].as_f64().unwrap_or(0.0);
    let median_ns = e["median"]["point_estimate"]
        .as_f64()
        .unwrap_or(f64::INFINITY);
    Ok(Measured {
        group: b["group_id"].as_str().unwrap_or_default().to_owned(),
        name: b["function_id"].as_str().unwrap_or_default().to_owned(),
        param: b["value_str"].as_str().and_then(|v| v.parse().ok()),
        per_sec: elements / (median_ns / 1e9),
    })
}

/// Python's and pass 06's items per second, medians of `rounds` alternating runs.
#[derive(Debug, Clone, Copy)]
pub struct PythonRatio {
    /// Items each run moved.
    pub items: u64,
    /// Python's median.
    pub python: f64,
    /// Pass 06's median (whole process, start-up included).
    pub rust: f64,
}

fn python_vs_rust(root: &Path, target: &Path, rounds: usize) -> Result<PythonRatio, String> {
    let script = root.join("bench").join("python").join("queue_bench.py");
    let binary = target.join("release").join("06-work-stealing");
    let per_producer = (PYTHON_ITEMS / 10).to_string();
    let rust_args = [
        "--producers",
        "10",
        "--consumers",
        "5",
        "--capacity",
        "1000",
        "--tasks",
        &per_producer,
        "--rate",
        "0",
        "--work-ms",
        "0",
        "--heavy-ms",
        "0",
        "--fail-rate",
        "0",
        "--stats-interval-ms",
        "0",
        "--quiet",
    ];
    let (mut python, mut rust) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        output(
            Command::new("python3")
                .arg(&script)
                .arg(PYTHON_ITEMS.to_string()),
        )?;
        python.push(PYTHON_ITEMS as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        output(Command::new(&binary).args(rust_args))?;
        rust.push(PYTHON_ITEMS as f64 / t.elapsed().as_secs_f64());
    }
    Ok(PythonRatio {
        items: PYTHON_ITEMS,
        python: median(&mut python),
        rust: median(&mut rust),
    })
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The machine, in a line: CPU model, cores, toolchain.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut line = String::new();
    let _ = write!(line, "{cpu}, {cores} cores available, {rustc}");
    line
}

fn status(cmd: &mut Command) -> Result<(), String> {
    let s = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if s.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {s}"))
    }
}

fn output(cmd: &mut Command) -> Result<String, String> {
    let o = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if o.status.success() {
        Ok(String::from_utf8_lossy(&o.stdout).into_owned())
    } else {
        Err(format!(
            "{cmd:?} failed: {}\n{}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}
