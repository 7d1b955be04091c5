//! `cargo xtask check [PASS…]`: grade passes, one row per package and check.
//!
//! For each package: it builds without warnings, clippy is clean (`-D warnings`), it
//! is formatted, it is documented (crate docs, `missing_docs`, rustdoc), and its unit
//! tests, doctests and each integration test target (for a pass: `flags`,
//! `invariants`, `snapshots`) pass. A package with a `tests/model.rs` gets a
//! `model (loom)` row instead of a plain one for it: that target is built with
//! `--cfg loom` (in its own target folder, `target/loom`, so the usual build stays
//! cached) and runs the loom model checker. A last row runs the quick stress
//! campaign ([`QUICK`](crate::stress::QUICK), see `xtask stress`) over the passes
//! selected. The last line reads `check: N passed, N failed`; the exit status is
//! non-zero if any row failed.

use std::process::ExitCode;
use std::time::Instant;

use crate::cargo::{Cargo, Output};
use crate::project_root;
use crate::workspace::{Package, packages};

/// The result of one row.
struct Row {
    ok: bool,
    /// A few words shown in the table (`12 tests`, `2 warnings`).
    note: String,
    /// What to show below the table if the row failed.
    details: String,
}

impl Row {
    fn from(output: &Output, note: String) -> Self {
        Self {
            ok: output.success,
            note,
            details: without_progress(&output.text()),
        }
    }
}

/// `text` without cargo's progress lines (`Compiling …`, `Checking …`), which say
/// nothing about why a row failed.
fn without_progress(text: &str) -> String {
    const PROGRESS: [&str; 9] = [
        "Compiling ",
        "Checking ",
        "Documenting ",
        "Downloaded ",
        "Downloading ",
        "Finished ",
        "Running ",
        "Blocking ",
        "Fresh ",
    ];
    text.lines()
        .filter(|l| !PROGRESS.iter().any(|p| l.trim_start().starts_with(p)))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Runs the check command with its arguments; returns the process's exit status.
pub fn run(args: &[String]) -> ExitCode {
    let root = project_root();
    let cargo = Cargo::new(&root);
    let all = match packages(&cargo, &root) {
        Ok(all) => all,
        Err(e) => {
            eprintln!("xtask check: {e}");
            return ExitCode::FAILURE;
        }
    };
    let selected: Vec<&Package> = if args.is_empty() {
        all.iter().collect()
    } else {
        let mut selected = Vec::new();
        for arg in args {
            match all.iter().find(|p| p.is_pass && p.answers_to(arg)) {
                Some(p) => selected.push(p),
                None => {
                    let passes: Vec<&str> = all
                        .iter()
                        .filter(|p| p.is_pass)
                        .map(|p| p.label.as_str())
                        .collect();
                    eprintln!(
                        "xtask check: no pass called {arg:?}; the passes are: {}",
                        passes.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
        selected
    };

    let started = Instant::now();
    let graded = grade(&cargo, &all, &selected, Stop::Never);
    let (passed, failed, skipped, failures) = (
        graded.passed,
        graded.failed,
        graded.skipped,
        graded.failures,
    );
    for (what, details) in &failures {
        println!("\n── {what} ──\n{}", tail(details, 60));
    }
    if failures
        .iter()
        .any(|(_, d)| d.contains("snapshot assertion for"))
    {
        println!(
            "\nA transcript snapshot changed. If the new transcript is right, review and accept it:\n  \
             cargo install cargo-insta   # once\n  cargo insta review\n\
             (or accept every change: INSTA_UPDATE=always cargo xtask check)"
        );
    }
    println!("\nfinished in {:.1}s", started.elapsed().as_secs_f64());
    let skipped = if skipped > 0 {
        format!(", {skipped} skipped")
    } else {
        String::new()
    };
    println!("check: {passed} passed, {failed} failed{skipped}");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// When [`grade`] stops early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Run every row.
    Never,
    /// Stop at the first failing row (watch mode: the first failure is the news).
    AtFirstFailure,
}

/// What [`grade`] found.
pub struct Graded {
    /// Rows that passed.
    pub passed: usize,
    /// Rows that failed.
    pub failed: usize,
    /// Rows not run (after a failed build, or after the first failure).
    pub skipped: usize,
    /// `(package and row, details)` for every failed row.
    pub failures: Vec<(String, String)>,
}

/// Runs every row of every package in `selected` (of `all`, run by `cargo`), printing
/// one line a row, then the quick stress campaign over the passes among them.
pub fn grade(cargo: &Cargo, all: &[Package], selected: &[&Package], stop: Stop) -> Graded {
    let mut graded = Graded {
        passed: 0,
        failed: 0,
        skipped: 0,
        failures: Vec::new(),
    };
    println!(
        "{:<18} {:<22} {:<6} {:>7}  note",
        "package", "check", "result", "time"
    );
    for &package in selected {
        let mut build_failed = false;
        for check in checks(package) {
            let stopped = stop == Stop::AtFirstFailure && graded.failed > 0;
            if build_failed || stopped {
                println!("{:<18} {:<22} {:<6}", package.label, check.name(), "skip");
                graded.skipped += 1;
                continue;
            }
            let t = Instant::now();
            let row = check.run(package, all, cargo);
            let (label, name) = (package.label.as_str(), check.name());
            print_row(label, &name, &row, t);
            if row.ok {
                graded.passed += 1;
            } else {
                graded.failed += 1;
                build_failed = matches!(check, Check::Build);
                graded
                    .failures
                    .push((format!("{label} {name}"), row.details));
            }
        }
    }
    // Last, every pass selected under the stress campaign's quick form.
    let passes: Vec<&str> = selected
        .iter()
        .filter(|p| p.is_pass)
        .map(|p| p.label.as_str())
        .collect();
    if !passes.is_empty() && (stop == Stop::Never || graded.failed == 0) {
        let t = Instant::now();
        let row = stress(cargo, &passes).unwrap_or_else(|e| Row {
            ok: false,
            note: "could not run".into(),
            details: e,
        });
        print_row("passes", "stress (quick)", &row, t);
        if row.ok {
            graded.passed += 1;
        } else {
            graded.failed += 1;
            graded.failures.push(("stress (quick)".into(), row.details));
        }
    }
    graded
}

fn print_row(label: &str, name: &str, row: &Row, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    let result = if row.ok { "ok" } else { "FAIL" };
    println!(
        "{label:<18} {name:<22} {result:<6} {secs:>6.1}s  {}",
        row.note
    );
}

/// The quick stress campaign over `passes` (see `xtask stress`): the row shows its
/// summary line; on failure, the failures and the table, each with its replay command.
fn stress(cargo: &Cargo, passes: &[&str]) -> Result<Row, String> {
    let args = [
        &["run", "--quiet", "-p", "grader", "--bin", "stress", "--"],
        &crate::stress::QUICK[..],
        passes,
    ]
    .concat();
    let output = cargo.capture_with(&args, &[("RUST_BACKTRACE", "0")])?;
    let note = output
        .stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("stress: "))
        .and_then(|l| l.split(", seed").next())
        .unwrap_or_default()
        .to_owned();
    Ok(Row::from(&output, note))
}

/// The checks, in the order they run.
enum Check {
    Build,
    Clippy,
    Fmt,
    Docs,
    /// A pass's Layout table against its modules (see [`crate::layout`]).
    Layout,
    Unit,
    Doctests,
    Test(String),
    /// `tests/model.rs` under the loom model checker.
    Model,
    /// The benchmarks, once each, briefly: they build and run (no figures).
    Benches,
    /// A pass's exercise starter builds cleanly and fails its tests (see
    /// [`crate::exercise`]).
    Starter,
}

/// The test target that only means something under `--cfg loom`.
const MODEL: &str = "model";

fn checks(package: &Package) -> Vec<Check> {
    let mut checks = vec![
        Check::Build,
        Check::Clippy,
        Check::Fmt,
        Check::Docs,
        Check::Unit,
    ];
    if package.is_pass {
        checks.insert(4, Check::Layout);
    }
    if package.has_lib {
        checks.push(Check::Doctests);
    }
    if !package.benches.is_empty() {
        checks.push(Check::Benches);
    }
    for name in &package.tests {
        checks.push(if name == MODEL {
            Check::Model
        } else {
            Check::Test(name.clone())
        });
    }
    if package.is_pass {
        checks.push(Check::Starter);
    }
    checks
}

impl Check {
    fn name(&self) -> String {
        match self {
            Self::Build => "build".into(),
            Self::Clippy => "clippy".into(),
            Self::Fmt => "fmt".into(),
            Self::Docs => "docs".into(),
            Self::Layout => "layout".into(),
            Self::Unit => "unit tests".into(),
            Self::Doctests => "doctests".into(),
            Self::Test(name) => format!("tests/{name}"),
            Self::Model => "model (loom)".into(),
            Self::Benches => "benches (smoke)".into(),
            Self::Starter => "exercise starter".into(),
        }
    }

    fn run(&self, package: &Package, all: &[Package], cargo: &Cargo) -> Row {
        let p = package.name.as_str();
        let result = match self {
            Self::Build => build(cargo, package),
            Self::Clippy => cargo
                .capture(&[
                    "clippy",
                    "-p",
                    p,
                    "--all-targets",
                    "--message-format=short",
                    "--",
                    "-D",
                    "warnings",
                ])
                .map(|o| Row::from(&o, String::new())),
            Self::Fmt => cargo
                .capture(&["fmt", "-p", p, "--", "--check", "--color", "never"])
                .map(|o| {
                    Row::from(
                        &o,
                        if o.success {
                            String::new()
                        } else {
                            "run `cargo fmt`".into()
                        },
                    )
                }),
            Self::Docs => docs(cargo, package),
            Self::Layout => layout(package, all),
            Self::Unit => {
                let targets: &[&str] = if package.has_lib {
                    &["--lib", "--bins"]
                } else {
                    &["--bins"]
                };
                test(cargo, &[&["test", "-p", p], targets].concat())
            }
            Self::Doctests => test(cargo, &["test", "-p", p, "--doc"]),
            Self::Test(name) => test(cargo, &["test", "-p", p, "--test", name]),
            Self::Model => model(cargo, p),
            // Debug build, `--quick`: criterion runs each benchmark once, the others
            // a round; proof that they still build and execute.
            Self::Benches => {
                let mut args = vec!["test", "-p", p];
                for bench in &package.benches {
                    args.extend(["--bench", bench]);
                }
                args.extend(["--", "--quick"]);
                cargo.capture(&args).map(|o| Row::from(&o, String::new()))
            }
            Self::Starter => crate::exercise::starter_row(&project_root(), package)
                .map(|(ok, note, details)| Row { ok, note, details }),
        };
        result.unwrap_or_else(|e| Row {
            ok: false,
            note: "could not run".into(),
            details: e,
        })
    }
}

/// Builds every target; fails on any compiler warning or error in this package.
fn build(cargo: &Cargo, package: &Package) -> Result<Row, String> {
    let output = cargo.capture(&[
        "build",
        "-p",
        &package.name,
        "--all-targets",
        "--message-format=json",
    ])?;
    let diagnostics = output.diagnostics(&package.dir.join("Cargo.toml"));
    let warnings = diagnostics.iter().filter(|d| d.level == "warning").count();
    let ok = output.success && warnings == 0;
    let note = if warnings > 0 {
        plural(warnings, "warning")
    } else {
        String::new()
    };
    let mut details: String = diagnostics.iter().map(|d| d.rendered.as_str()).collect();
    if !output.success {
        details.push_str(&output.stderr);
    }
    Ok(Row { ok, note, details })
}

/// Crate docs present, `missing_docs` clean, rustdoc without warnings.
fn docs(cargo: &Cargo, package: &Package) -> Result<Row, String> {
    let root_file = if package.has_lib {
        "src/lib.rs"
    } else {
        "src/main.rs"
    };
    let has_crate_docs = std::fs::read_to_string(package.dir.join(root_file)).is_ok_and(|text| {
        text.lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.starts_with("//!"))
    });
    let built = cargo.capture(&[
        "check",
        "-p",
        &package.name,
        "--all-targets",
        "--message-format=json",
    ])?;
    let manifest = package.dir.join("Cargo.toml");
    let missing = built
        .diagnostics(&manifest)
        .into_iter()
        .filter(|d| d.code.as_deref() == Some("missing_docs"));
    let doc = cargo.capture(&[
        "doc",
        "-p",
        &package.name,
        "--no-deps",
        "--message-format=json",
    ])?;
    let rustdoc = doc
        .diagnostics(&manifest)
        .into_iter()
        .filter(|d| d.level == "warning" || d.level == "error");

    let mut problems: Vec<String> = Vec::new();
    if !has_crate_docs {
        problems.push(format!("{root_file} does not open with `//!` crate docs\n"));
    }
    problems.extend(missing.chain(rustdoc).map(|d| d.rendered));
    if !doc.success {
        problems.push(doc.stderr.clone());
    }
    let note = if problems.is_empty() {
        String::new()
    } else {
        plural(problems.len(), "problem")
    };
    Ok(Row {
        ok: problems.is_empty(),
        note,
        details: problems.concat(),
    })
}

/// The pass's Layout table against its modules and the earlier passes'.
fn layout(package: &Package, all: &[Package]) -> Result<Row, String> {
    let passes = all
        .iter()
        .filter(|p| p.is_pass)
        .map(|p| crate::layout::load(p, all))
        .collect::<Result<Vec<_>, _>>()?;
    let this = crate::layout::load(package, all)?;
    let problems = crate::layout::problems(&passes, &this);
    let copies = this
        .lib
        .lines()
        .filter(|l| l.starts_with("//! | [`") && l.contains("| copy of pass "))
        .count();
    let note = match (problems.len(), copies) {
        (0, 0) => String::new(),
        (0, n) => format!("{} still copied", plural(n, "module")),
        (n, _) => plural(n, "problem"),
    };
    Ok(Row {
        ok: problems.is_empty(),
        note,
        details: problems.iter().map(|p| format!("{p}\n")).collect(),
    })
}

fn test(cargo: &Cargo, args: &[&str]) -> Result<Row, String> {
    test_with(cargo, args, &[])
}

/// The model checker's run: release (loom explores thousands of interleavings), with
/// `--cfg loom`, in a target folder of its own (other `RUSTFLAGS` would rebuild the
/// usual one from scratch each time).
fn model(cargo: &Cargo, package: &str) -> Result<Row, String> {
    let target = project_root().join("target").join("loom");
    let target = target.to_string_lossy();
    test_with(
        cargo,
        &["test", "-p", package, "--release", "--test", MODEL],
        &[("RUSTFLAGS", "--cfg loom"), ("CARGO_TARGET_DIR", &target)],
    )
}

fn test_with(cargo: &Cargo, args: &[&str], env: &[(&str, &str)]) -> Result<Row, String> {
    let output = cargo.capture_with(args, env)?;
    let note = if output.success {
        plural(output.tests_passed() as usize, "test")
    } else {
        String::new()
    };
    Ok(Row::from(&output, note))
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The last `n` lines of `text`.
pub(crate) fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }

    #[test]
    fn every_package_gets_the_basic_rows_and_its_test_targets() {
        let package = Package {
            name: "basic".into(),
            label: "01-basic".into(),
            dir: Path::new("crates/01-basic").into(),
            is_pass: true,
            has_lib: true,
            tests: vec!["flags".into(), "model".into(), "snapshots".into()],
            benches: vec!["overhead".into()],
            depends_on: vec!["plumbing".into()],
        };
        let names: Vec<String> = checks(&package).iter().map(Check::name).collect();
        assert_eq!(
            names,
            [
                "build",
                "clippy",
                "fmt",
                "docs",
                "layout",
                "unit tests",
                "doctests",
                "benches (smoke)",
                "tests/flags",
                "model (loom)",
                "tests/snapshots",
                "exercise starter"
            ]
        );
        assert!(package.answers_to("01") && package.answers_to("1") && package.answers_to("basic"));
        assert!(package.answers_to("01-basic") && package.answers_to("crates/01-basic/"));
        assert!(!package.answers_to("02") && !package.answers_to("bounded"));
    }
}
