//! `cargo xtask diff A B`: what pass B changed since pass A, module by module, for the
//! learner who wants the code diff beside the chapter's "What changed" section.
//!
//! Each module of pass B is one of: *new* (no version in pass A), *unchanged* (the
//! same file as pass A's, usually re-exported), or *changed*, shown as a unified diff
//! between the two files (by `git diff --no-index`, which every clone has). A module
//! pass A re-exports is looked up where it lives, following its Layout table.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use crate::cargo::Cargo;
use crate::layout::{self, Pass, Status};
use crate::project_root;
use crate::workspace::packages;

const USAGE: &str = "usage: cargo xtask diff A B   (two passes: 02 03, or 02-bounded shutdown)";

/// Runs the diff command with its arguments; returns the process's exit status.
pub fn run(args: &[String]) -> ExitCode {
    match diff(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask diff: {e}");
            ExitCode::from(2)
        }
    }
}

fn diff(args: &[String]) -> Result<(), String> {
    let [a, b] = args else {
        return Err(USAGE.into());
    };
    let root = project_root();
    let all = packages(&Cargo::new(&root), &root)?;
    let passes = all
        .iter()
        .filter(|p| p.is_pass)
        .map(|p| layout::load(p, &all))
        .collect::<Result<Vec<_>, _>>()?;
    let find = |arg: &str| {
        all.iter()
            .filter(|p| p.is_pass)
            .position(|p| p.answers_to(arg))
            .map(|i| &passes[i])
            .ok_or_else(|| format!("no pass {arg:?}\n{USAGE}"))
    };
    let (a, b) = (find(a)?, find(b)?);
    for module in layout::modules(b) {
        match (source(&passes, a, &module), source(&passes, b, &module)) {
            (_, None) => {}
            (None, Some(path)) => println!("new        {module} ({})", shown(&path)),
            (Some(old), Some(new)) if old == new => {
                println!("unchanged  {module} ({})", shown(&new));
            }
            (Some(old), Some(new)) => {
                println!("changed    {module}");
                show_diff(&old, &new)?;
            }
        }
    }
    Ok(())
}

/// The file that holds `pass`'s version of `module`: its own, or the one its table
/// says it re-exports.
fn source(passes: &[Pass], pass: &Pass, module: &str) -> Option<PathBuf> {
    if pass.files.contains_key(module) {
        return Some(pass.src.join(format!("{module}.rs")));
    }
    match layout::status(pass, module)? {
        Status::From(n) => {
            let owner = passes.iter().find(|p| p.number == n)?;
            source(passes, owner, module)
        }
        _ => None,
    }
}

fn shown(path: &std::path::Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Prints `git diff --no-index` of `old` and `new` (files or folders), paths shown
/// from the project root.
pub(crate) fn show_diff(old: &std::path::Path, new: &std::path::Path) -> Result<(), String> {
    // `git diff --no-index` exits 1 when the files differ: that is the normal case.
    let status = Command::new("git")
        .current_dir(project_root())
        .args(["--no-pager", "diff", "--no-index", "--"])
        .arg(shown(old))
        .arg(shown(new))
        .status()
        .map_err(|e| format!("cannot run git: {e}"))?;
    match status.code() {
        Some(0 | 1) => Ok(()),
        _ => Err(format!("git diff failed: {status}")),
    }
}
