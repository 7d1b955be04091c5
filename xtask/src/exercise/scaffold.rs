//! A pass's starter as a workspace of its own: the pass's crate with its exercises'
//! bodies replaced by `todo!()`, its tests and snapshots as they are, and a manifest
//! that takes every other crate (earlier passes, plumbing, the grader) from the
//! project by path. So the learner's copy builds and is graded alone, and later
//! passes keep building on the solutions, whatever state the copy is in.

use std::fs;
use std::path::Path;

use crate::exercise::markers::{self, Exercise};
use crate::workspace::Package;

/// Writes `package`'s starter at `dest` (a folder below `root`: `exercises/NN-x`, or
/// `target/exercise-check/NN-x`), and returns its exercises in order.
///
/// # Errors
/// A file that cannot be read or written, or a marker that does not parse.
pub fn write(root: &Path, package: &Package, dest: &Path) -> Result<Vec<Exercise>, String> {
    let io = |what: &str, e: std::io::Error| format!("{what}: {e}");
    let mut exercises = Vec::new();
    fs::create_dir_all(dest.join("src")).map_err(|e| io("create src", e))?;
    for entry in fs::read_dir(package.dir.join("src")).map_err(|e| io("read src", e))? {
        let path = entry.map_err(|e| io("read src", e))?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.ends_with(".rs") {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|e| io(name, e))?;
        let (found, starter) = markers::parse(name, &text).map_err(|e| e.to_string())?;
        exercises.extend(found);
        fs::write(dest.join("src").join(name), starter).map_err(|e| io(name, e))?;
    }
    exercises.sort_by_key(|e| e.number);
    copy_tree(&package.dir.join("tests"), &dest.join("tests"))?;
    let manifest = manifest(root, package, dest)?;
    fs::write(dest.join("Cargo.toml"), manifest).map_err(|e| io("Cargo.toml", e))?;
    // The same versions as the project's, resolved offline.
    fs::copy(root.join("Cargo.lock"), dest.join("Cargo.lock")).map_err(|e| io("Cargo.lock", e))?;
    fs::write(dest.join(".gitignore"), "/target\n").map_err(|e| io(".gitignore", e))?;
    Ok(exercises)
}

/// The starter's `Cargo.toml`: the project's workspace settings (dependencies, lints,
/// profiles), then the pass's package, every path leading back into the project.
fn manifest(root: &Path, package: &Package, dest: &Path) -> Result<String, String> {
    // From `dest` back up to the project: `../../` for `exercises/NN-x`.
    let depth = dest
        .strip_prefix(root)
        .map_or(0, |p| p.components().count());
    let up = "../".repeat(depth);
    let read =
        |path: &Path| fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let workspace = read(&root.join("Cargo.toml"))?
        .lines()
        .filter(|l| !l.starts_with("members = ") && !l.starts_with("exclude = "))
        .map(|l| l.replace("path = \"", &format!("path = \"{up}")))
        .collect::<Vec<_>>()
        .join("\n");
    let own = read(&package.dir.join("Cargo.toml"))?;
    // Blocks are separated by blank lines; the benchmarks stay with the solution.
    let own = own
        .split("\n\n")
        .filter(|block| !block.contains("[[bench]]"))
        .collect::<Vec<_>>()
        .join("\n\n")
        .replace("path = \"../", &format!("path = \"{up}crates/"));
    Ok(format!(
        "# Your copy of pass {label}, made by `cargo xtask exercise start`: a workspace\n\
         # of its own, taking the earlier passes, plumbing and the grader from the project.\n\
         # Grade it with `cargo xtask exercise check {label}` (from anywhere in the project).\n\n\
         {workspace}\n\n{own}",
        label = package.label
    ))
}

/// Copies the folder `from` to `to`, recursively.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", from.display());
    fs::create_dir_all(to).map_err(io)?;
    for entry in fs::read_dir(from).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            fs::copy(&path, &target).map_err(io)?;
        }
    }
    Ok(())
}
