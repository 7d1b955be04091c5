//! The workspace's packages, as `cargo metadata` describes them.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cargo::Cargo;

/// A package of the workspace that `check` grades.
#[derive(Debug, Clone)]
pub struct Package {
    /// The cargo package name, for `-p` (`basic`).
    pub name: String,
    /// What the table shows: a pass's binary name (`01-basic`), else the package name.
    pub label: String,
    /// The package's folder.
    pub dir: PathBuf,
    /// `true` for a learning pass: a package under `crates/` whose binary is numbered
    /// (`01-basic`); the support crate beside them is not one.
    pub is_pass: bool,
    /// `true` if it has a library target (so it has crate docs and doctests).
    pub has_lib: bool,
    /// Its integration test targets, sorted (`flags`, `invariants`, `snapshots`).
    pub tests: Vec<String>,
    /// Its benchmark targets (`benches/`).
    pub benches: Vec<String>,
    /// The packages of the workspace it depends on (path dependencies), by name.
    pub depends_on: Vec<String>,
}

/// Every package of the workspace: passes first, in pass order, then the others.
///
/// # Errors
/// If `cargo metadata` fails or prints something unexpected.
pub fn packages(cargo: &Cargo, root: &Path) -> Result<Vec<Package>, String> {
    let output = cargo.capture(&["metadata", "--no-deps", "--format-version", "1"])?;
    let metadata: Value = serde_json::from_str(&output.stdout)
        .map_err(|e| format!("cargo metadata printed something that is not JSON: {e}"))?;
    let crates_dir = root.join("crates");
    let mut packages: Vec<Package> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no packages")?
        .iter()
        .filter_map(|p| package(p, &crates_dir))
        .collect();
    packages.sort_by(|a, b| (!a.is_pass, &a.label).cmp(&(!b.is_pass, &b.label)));
    Ok(packages)
}

fn package(json: &Value, crates_dir: &Path) -> Option<Package> {
    let name = json["name"].as_str()?.to_owned();
    let dir = Path::new(json["manifest_path"].as_str()?)
        .parent()?
        .to_path_buf();
    let targets = json["targets"].as_array()?;
    let of_kind = |kind: &str| -> Vec<String> {
        targets
            .iter()
            .filter(|t| {
                t["kind"]
                    .as_array()
                    .is_some_and(|k| k.iter().any(|k| k == kind))
            })
            .filter_map(|t| t["name"].as_str().map(str::to_owned))
            .collect()
    };
    let pass_bin = of_kind("bin").into_iter().find(|bin| {
        bin.split('-')
            .next()
            .is_some_and(|n| n.parse::<u32>().is_ok())
    });
    let (is_pass, label) = match pass_bin {
        Some(bin) if dir.starts_with(crates_dir) => (true, bin),
        _ => (false, name.clone()),
    };
    let mut tests = of_kind("test");
    tests.sort();
    Some(Package {
        has_lib: !of_kind("lib").is_empty(),
        name,
        label,
        dir,
        is_pass,
        tests,
        benches: of_kind("bench"),
        depends_on: json["dependencies"]
            .as_array()?
            .iter()
            .filter(|d| d["path"].is_string())
            .filter_map(|d| d["name"].as_str().map(str::to_owned))
            .collect(),
    })
}

impl Package {
    /// Whether `arg` names this package: `01`, `1`, `01-basic`, `basic` or its folder.
    pub fn answers_to(&self, arg: &str) -> bool {
        let arg = arg.trim_end_matches('/');
        let folder = self
            .dir
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        let number = self.label.split('-').next().unwrap_or_default();
        arg == self.name
            || arg == self.label
            || arg == folder
            || arg.ends_with(&format!("/{folder}"))
            || (self.is_pass
                && arg.parse::<u32>().ok() == number.parse::<u32>().ok()
                && arg.parse::<u32>().is_ok())
    }
}
