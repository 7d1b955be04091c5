//! `cargo xtask exercise …`: do a pass yourself, graded by the same checks as the
//! solution.
//!
//! - `exercise` (or `exercise list`): every pass's exercises, and how far you are;
//! - `exercise start PASS`: your copy of the pass in `exercises/NN-name/`, with the
//!   exercises' bodies replaced by `todo!()` (see [`markers`]); yours to edit and
//!   commit; it never overwrites one that exists;
//! - `exercise check PASS`: grades your copy with the pass's rows; on a failure, the
//!   next exercise to write and its hints;
//! - `exercise watch PASS`: the same, again on every save, stopping at the first
//!   failing row;
//! - `exercise hint PASS`: the next exercise's hints;
//! - `exercise solution PASS`: your copy against the solution, as a diff;
//! - `exercise reset PASS`: asks, then moves your copy aside (never deletes it) and
//!   starts over.
//!
//! Your copy is a workspace of its own that takes everything else (the earlier
//! passes' solutions, plumbing, the grader) from the project, so passes after it keep
//! building on the solutions whatever state your copy is in (see [`scaffold`]).

pub mod markers;
pub mod scaffold;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cargo::Cargo;
use crate::check::{Graded, Stop, grade};
use crate::project_root;
use crate::workspace::{Package, packages};
use markers::{Exercise, TODO};

const USAGE: &str = "\
usage: cargo xtask exercise [COMMAND PASS]

commands:
  list              every pass's exercises, and how far you are (the default)
  start PASS        write your copy of the pass to exercises/NN-name/, its
                    exercises' bodies replaced by todo!()
  check PASS        grade your copy with the pass's checks; hints on a failure
  watch PASS        grade again on every save; stop at the first failing row
  hint PASS         the next exercise to write, and its hints
  solution PASS     your copy against the solution, as a diff
  reset PASS        move your copy aside (to exercises/NN-name.bak-N), once you say
                    yes, and start over";

/// Runs the exercise command with its arguments; returns the process's exit status.
pub fn run(args: &[String]) -> ExitCode {
    let result = match args {
        [] => list(),
        [command] if command == "list" => list(),
        [command, pass] => with_pass(pass, |root, package| match command.as_str() {
            "start" => start(root, package),
            "check" => check(root, package, Stop::Never).map(|_| ()),
            "watch" => watch::run(root, package),
            "hint" => hint(root, package),
            "solution" => solution(root, package),
            "reset" => reset(root, package),
            other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
        }),
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask exercise: {e}");
            ExitCode::FAILURE
        }
    }
}

fn with_pass(
    arg: &str,
    f: impl FnOnce(&Path, &Package) -> Result<(), String>,
) -> Result<(), String> {
    let root = project_root();
    let all = packages(&Cargo::new(&root), &root)?;
    let package = all
        .iter()
        .find(|p| p.is_pass && p.answers_to(arg))
        .ok_or_else(|| format!("no pass called {arg:?}"))?;
    f(&root, package)
}

/// Where the learner's copy of `package` lives.
pub fn copy_dir(root: &Path, package: &Package) -> PathBuf {
    root.join("exercises").join(&package.label)
}

/// The folder every learner's copy builds into: dependencies are built once.
fn target_dir(root: &Path) -> PathBuf {
    root.join("target").join("exercises")
}

/// The exercises of `package`'s solution, in order.
///
/// # Errors
/// A source file that cannot be read, or a marker that does not parse.
pub fn exercises(package: &Package) -> Result<Vec<Exercise>, String> {
    let mut all = Vec::new();
    let src = package.dir.join("src");
    for entry in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
            all.extend(markers::parse(name, &text).map_err(|e| e.to_string())?.0);
        }
    }
    all.sort_by_key(|e| e.number);
    Ok(all)
}

/// The exercises still to write in the copy at `dir`: those whose `todo!()` is there.
fn unwritten(dir: &Path, exercises: &[Exercise]) -> Vec<Exercise> {
    exercises
        .iter()
        .filter(|e| {
            std::fs::read_to_string(dir.join("src").join(&e.file))
                .is_ok_and(|text| text.contains(&format!("{TODO}{} of", e.number)))
        })
        .cloned()
        .collect()
}

fn list() -> Result<(), String> {
    let root = project_root();
    let all = packages(&Cargo::new(&root), &root)?;
    println!("{:<18} {:<28} exercises", "pass", "your copy");
    let mut next = None;
    for package in all.iter().filter(|p| p.is_pass) {
        let exercises = exercises(package)?;
        let state = match state(&root, package)? {
            State::NotStarted => "not started".to_owned(),
            State::Green => "done (graded green)".to_owned(),
            State::Written(done, of) => format!("{done} of {of} written"),
        };
        if next.is_none() && !copy_dir(&root, package).join(GREEN).exists() {
            next = Some(package.label.clone());
        }
        let titles: Vec<String> = exercises
            .iter()
            .map(|e| format!("{}. {}", e.number, e.title))
            .collect();
        println!("{:<18} {:<28} {}", package.label, state, titles.join("; "));
    }
    if let Some(next) = next {
        println!("\nnext: cargo xtask exercise start {next}   (or check, if started)");
    }
    Ok(())
}

/// One line of progress across the passes: `progress: 01 done · 02 1/2 · 03 next`.
///
/// # Errors
/// If the passes cannot be listed or their markers read.
pub fn progress(root: &Path) -> Result<String, String> {
    let all = packages(&Cargo::new(root), root)?;
    let mut parts = Vec::new();
    for package in all.iter().filter(|p| p.is_pass) {
        let number = package.label.split('-').next().unwrap_or_default();
        let part = match state(root, package)? {
            State::NotStarted => format!("{number} not started"),
            State::Green => format!("{number} done"),
            State::Written(done, of) => format!("{number} {done}/{of} written"),
        };
        parts.push(part);
    }
    Ok(format!("progress: {}", parts.join(" · ")))
}

/// How far the learner is with a pass.
enum State {
    NotStarted,
    /// `(written, of)` exercises.
    Written(usize, usize),
    Green,
}

fn state(root: &Path, package: &Package) -> Result<State, String> {
    let dir = copy_dir(root, package);
    Ok(if !dir.exists() {
        State::NotStarted
    } else if dir.join(GREEN).exists() {
        State::Green
    } else {
        let exercises = exercises(package)?;
        let left = unwritten(&dir, &exercises).len();
        State::Written(exercises.len() - left, exercises.len())
    })
}

/// The file a green check leaves in the copy, for `list`.
const GREEN: &str = ".graded-green";

fn start(root: &Path, package: &Package) -> Result<(), String> {
    let dir = copy_dir(root, package);
    if dir.exists() {
        return Err(format!(
            "{} exists: it is yours, and `start` never overwrites it \
             (`cargo xtask exercise reset {}` moves it aside and starts over)",
            dir.display(),
            package.label
        ));
    }
    let exercises = scaffold::write(root, package, &dir)?;
    println!(
        "Your copy of pass {} is in {}.",
        package.label,
        shown(root, &dir)
    );
    println!("Write the exercises, in order, where the starter says `todo!()`:");
    for e in &exercises {
        println!("  {}. {} (src/{}:{})", e.number, e.title, e.file, e.line);
    }
    println!(
        "Read the chapter beside it (docs/{}.md), then grade: cargo xtask exercise check {}",
        package.label, package.label
    );
    Ok(())
}

/// Grades the learner's copy; prints the next exercise's hints on a failure.
fn check(root: &Path, package: &Package, stop: Stop) -> Result<Graded, String> {
    let dir = copy_dir(root, package);
    if !dir.exists() {
        return Err(format!(
            "no copy of {} yet: cargo xtask exercise start {}",
            package.label, package.label
        ));
    }
    let cargo = Cargo::new(&dir)
        .target_dir(target_dir(root))
        .env("RUST_BACKTRACE", "0");
    let mine = packages(&cargo, &dir)?;
    let selected: Vec<&Package> = mine.iter().collect();
    let graded = grade(&cargo, &mine, &selected, stop);
    let green = dir.join(GREEN);
    if graded.failed == 0 {
        std::fs::write(&green, "").map_err(|e| e.to_string())?;
        println!("\nAll green: pass {} is done.", package.label);
        return Ok(graded);
    }
    let _ = std::fs::remove_file(&green);
    // The first failure is the news; the table lists the others.
    if let Some((what, details)) = graded.failures.first() {
        println!("\n── {what} ──\n{}", crate::check::tail(details, 30));
    }
    println!();
    print_next(&dir, package)?;
    Ok(graded)
}

/// The next exercise to write, with its hints; or, if all are written, where to
/// look.
fn print_next(dir: &Path, package: &Package) -> Result<(), String> {
    let exercises = exercises(package)?;
    match unwritten(dir, &exercises).first() {
        Some(e) => {
            println!(
                "Next: exercise {} of {}, {} (src/{}:{})",
                e.number, package.label, e.title, e.file, e.line
            );
            for hint in &e.hints {
                println!("  hint: {hint}");
            }
        }
        None => println!(
            "Every exercise is written: the rows above say what still breaks, each \
             broken rule named in brackets ([docs/transcripts.md, rule 4]); the chapter \
             is docs/{}.md; `cargo xtask exercise solution {}` compares with the solution.",
            package.label, package.label
        ),
    }
    Ok(())
}

fn hint(root: &Path, package: &Package) -> Result<(), String> {
    let dir = copy_dir(root, package);
    if dir.exists() {
        print_next(&dir, package)
    } else {
        let first = exercises(package)?;
        let e = first.first().ok_or("this pass has no exercise")?;
        println!("Exercise {}: {}", e.number, e.title);
        for hint in &e.hints {
            println!("  hint: {hint}");
        }
        Ok(())
    }
}

fn solution(root: &Path, package: &Package) -> Result<(), String> {
    crate::diff::show_diff(
        &package.dir.join("src"),
        &copy_dir(root, package).join("src"),
    )
}

fn reset(root: &Path, package: &Package) -> Result<(), String> {
    let dir = copy_dir(root, package);
    if dir.exists() {
        print!(
            "Move {} aside (it is kept, as {}.bak-N) and start over? [y/N] ",
            shown(root, &dir),
            package.label
        );
        std::io::Write::flush(&mut std::io::stdout()).map_err(|e| e.to_string())?;
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .map_err(|e| e.to_string())?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Err("nothing changed".into());
        }
        let backup = (1..)
            .map(|n| dir.with_file_name(format!("{}.bak-{n}", package.label)))
            .find(|b| !b.exists())
            .expect("some number is free");
        std::fs::rename(&dir, &backup).map_err(|e| e.to_string())?;
        println!("Your copy is now {}.", shown(root, &backup));
    }
    start(root, package)
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The `starter` row of `cargo xtask check`: the pass has exercises, its starter
/// builds without a warning, is formatted, and its tests fail (a starter that passes teaches
/// nothing). Returns `(ok, note, details)`.
///
/// # Errors
/// If the starter cannot be written or cargo cannot run.
pub fn starter_row(root: &Path, package: &Package) -> Result<(bool, String, String), String> {
    let exercises = exercises(package)?;
    if exercises.is_empty() {
        return Ok((false, "no exercise".into(), "mark one in src/\n".into()));
    }
    let dir = root
        .join("target")
        .join("exercise-check")
        .join(&package.label);
    let _ = std::fs::remove_dir_all(&dir);
    scaffold::write(root, package, &dir)?;
    let cargo = Cargo::new(&dir).target_dir(target_dir(root));
    let built = cargo.capture(&["build", "--all-targets", "--message-format=json"])?;
    let warnings: Vec<String> = built
        .diagnostics(&dir.join("Cargo.toml"))
        .into_iter()
        .filter(|d| d.level == "warning" || d.level == "error")
        .map(|d| d.rendered)
        .collect();
    if !built.success || !warnings.is_empty() {
        let details = format!("{}{}", warnings.concat(), built.stderr);
        return Ok((false, "starter does not build cleanly".into(), details));
    }
    let formatted = cargo.capture(&["fmt", "--check"])?;
    if !formatted.success {
        return Ok((
            false,
            "starter is not rustfmt-clean".into(),
            formatted.text(),
        ));
    }
    // A starter's tests fail fast (each `todo!()` panics); a hang is a bug in a test.
    let tested = cargo
        .limit(std::time::Duration::from_secs(180))
        .capture_with(&["test", "--quiet"], &[("RUST_BACKTRACE", "0")])?;
    if tested.stderr.contains("\nhung: ") {
        return Ok((false, "the starter's tests hang".into(), tested.text()));
    }
    let note = format!("{} exercises; fails as it should", exercises.len());
    if tested.success {
        return Ok((false, "the starter passes".into(), tested.text()));
    }
    Ok((true, note, String::new()))
}
