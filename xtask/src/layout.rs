//! The `layout` row of `cargo xtask check`: each pass's `lib.rs` says, module by
//! module, what is new, what changed since which pass, and what comes unchanged from
//! which pass; this check keeps that true.
//!
//! The table sits under `## Layout` in the crate docs, one row a module:
//!
//! ```text
//! //! | module | in this pass | what it holds |
//! //! |---|---|---|
//! //! | [`queue`] | new | bounded or unbounded |
//! //! | [`task`] | changed since pass 01 | a task now carries its simulated cost |
//! //! | [`error`] | from pass 01 | why a run could not complete |
//! //! | [`retry`] | copy of pass 05 | backoff in place |
//! ```
//!
//! "Earlier passes" are the passes this one builds on: its pass dependencies,
//! transitively (pass 07 builds on 03, so on 01–03; 04–06 are another branch).
//!
//! The rules, each a [`Problem`] when broken:
//! - every module of the crate (`pub mod x;`, or `pub use pass_crate::x;` for a
//!   module of an earlier pass) has exactly one row, and every row names one;
//! - *new*: the crate holds the file, and no earlier pass has a module of that name;
//! - *changed since pass N*: the crate holds the file, pass N is the last earlier pass
//!   that held its own version of it, and the two files differ;
//! - *copy of pass N*: as *changed*, but the two files are the same, byte for byte (a
//!   copy owed to types the pass has not yet taken from pass N; the note counts them);
//! - *from pass N*: the crate re-exports pass N's module, and pass N holds the file;
//! - a module whose docs say "New in this pass" is *new*;
//! - a pass that builds on others has, in its chapter (`docs/<label>.md`), a `## What
//!   changed since pass N` section (N: the last pass it builds on) that names, in
//!   backticks, every module the table calls *new* or *changed*.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::workspace::Package;

/// What a pass's table says of one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// First taught in this pass.
    New,
    /// This pass's version of pass N's module.
    ChangedSince(u32),
    /// Pass N's file, byte for byte, in this crate.
    CopyOf(u32),
    /// Pass N's module, re-exported.
    From(u32),
}

impl Status {
    fn parse(text: &str) -> Option<Self> {
        let number = |rest: &str| rest.trim().parse().ok();
        let text = text.trim();
        if text == "new" {
            return Some(Self::New);
        }
        if let Some(n) = text.strip_prefix("changed since pass ") {
            return number(n).map(Self::ChangedSince);
        }
        if let Some(n) = text.strip_prefix("copy of pass ") {
            return number(n).map(Self::CopyOf);
        }
        text.strip_prefix("from pass ")
            .and_then(number)
            .map(Self::From)
    }
}

/// One pass's sources, as the check needs them.
#[derive(Debug, Clone, Default)]
pub struct Pass {
    /// The pass number, from its binary's name (`03-shutdown` is 3).
    pub number: u32,
    /// The passes it builds on, by number, from its dependencies (transitively): pass
    /// 07 builds on 03, so on 01–03, and not on 04–06.
    pub lineage: Vec<u32>,
    /// The library crate's name in Rust paths (`work_stealing`).
    pub crate_name: String,
    /// The text of `src/lib.rs`.
    pub lib: String,
    /// The crate's own modules: name → the text of `src/<name>.rs`.
    pub files: BTreeMap<String, String>,
    /// The crate's `src` folder.
    pub src: PathBuf,
    /// The text of its chapter, `docs/<label>.md` (empty if there is none).
    pub chapter: String,
}

/// A rule broken by a pass's table or modules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A module of the crate has no row.
    NoRow(String),
    /// A row names no module of the crate, or names one twice.
    StrayRow(String),
    /// A row's status could not be read.
    Unreadable(String),
    /// The row says one thing; the tree says another.
    Wrong {
        /// The module.
        module: String,
        /// What the table says.
        says: Status,
        /// What the tree shows.
        is: String,
    },
    /// A module that is not new says "New in this pass".
    NotNew(String),
    /// The chapter has no `## What changed since pass N` section.
    NoChangesSection(u32),
    /// A new or changed module that the chapter's changes section does not name.
    ChapterSilent(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoRow(m) => write!(f, "module `{m}` has no row in the Layout table"),
            Self::StrayRow(m) => write!(f, "row `{m}` names no module of the crate (or twice)"),
            Self::Unreadable(row) => write!(f, "cannot read the status of row {row:?}"),
            Self::Wrong { module, says, is } => {
                write!(f, "module `{module}`: the table says {says:?}, but {is}")
            }
            Self::NotNew(m) => write!(f, "module `{m}` says \"New in this pass\" but is not new"),
            Self::NoChangesSection(n) => {
                write!(
                    f,
                    "the chapter has no `## What changed since pass {n:02}` section"
                )
            }
            Self::ChapterSilent(m) => write!(
                f,
                "module `{m}` is new or changed, but the chapter's changes section does not name it"
            ),
        }
    }
}

/// Reads a pass's sources from its package folder; `all` is the workspace, for the
/// passes it builds on.
///
/// # Errors
/// If `src/lib.rs` or a module file cannot be read.
pub fn load(package: &Package, all: &[Package]) -> Result<Pass, String> {
    let number = pass_number(package)?;
    let mut lineage = Vec::new();
    let mut next: Vec<&Package> = vec![package];
    while let Some(p) = next.pop() {
        for dep in all
            .iter()
            .filter(|d| d.is_pass && p.depends_on.contains(&d.name))
        {
            let n = pass_number(dep)?;
            if !lineage.contains(&n) {
                lineage.push(n);
                next.push(dep);
            }
        }
    }
    lineage.sort_unstable();
    let src = package.dir.join("src");
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let lib = read(&src.join("lib.rs"))?;
    let mut files = BTreeMap::new();
    for module in own_modules(&lib) {
        files.insert(module.clone(), read(&src.join(format!("{module}.rs")))?);
    }
    let chapter = crate::project_root()
        .join("docs")
        .join(format!("{}.md", package.label));
    Ok(Pass {
        number,
        lineage,
        crate_name: package.name.replace('-', "_"),
        lib,
        files,
        src,
        chapter: std::fs::read_to_string(chapter).unwrap_or_default(),
    })
}

/// A pass's number, from its label (`03-shutdown` is 3).
fn pass_number(package: &Package) -> Result<u32, String> {
    package
        .label
        .split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("{} is not a numbered pass", package.label))
}

/// `pub mod x;` lines.
fn own_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .map(str::to_owned)
        .collect()
}

/// `pub use crate_name::x;` lines naming a module of another pass: x → crate name.
fn reexports(lib: &str, crates: &[&str]) -> BTreeMap<String, String> {
    lib.lines()
        .filter_map(|l| l.strip_prefix("pub use ")?.strip_suffix(';'))
        .map(|path| path.trim_start_matches("::"))
        .filter_map(|path| path.split_once("::"))
        .filter(|(krate, module)| crates.contains(krate) && !module.contains(['{', ':']))
        .map(|(krate, module)| (module.to_owned(), krate.to_owned()))
        .collect()
}

/// The table's rows: module → its status text.
fn rows(lib: &str) -> Vec<(String, String)> {
    lib.lines()
        .filter_map(|l| l.strip_prefix("//! | [`"))
        .filter_map(|l| {
            let (module, rest) = l.split_once("`]")?;
            let status = rest.split('|').nth(1)?;
            Some((module.to_owned(), status.trim().to_owned()))
        })
        .collect()
}

/// The modules of a pass's Layout table, in its order.
pub fn modules(pass: &Pass) -> Vec<String> {
    rows(&pass.lib)
        .into_iter()
        .map(|(module, _)| module)
        .collect()
}

/// What a pass's table says of `module`, if it has a readable row for it.
pub fn status(pass: &Pass, module: &str) -> Option<Status> {
    rows(&pass.lib)
        .into_iter()
        .find(|(m, _)| m == module)
        .and_then(|(_, text)| Status::parse(&text))
}

/// Every problem with pass `this` among `passes` (all of them, any order).
pub fn problems(passes: &[Pass], this: &Pass) -> Vec<Problem> {
    let crates: Vec<&str> = passes.iter().map(|p| p.crate_name.as_str()).collect();
    let imported = reexports(&this.lib, &crates);
    let mut unlisted: Vec<&String> = this.files.keys().chain(imported.keys()).collect();
    let mut found = Vec::new();
    for (module, text) in rows(&this.lib) {
        let Some(at) = unlisted.iter().position(|m| **m == module) else {
            found.push(Problem::StrayRow(module));
            continue;
        };
        unlisted.remove(at);
        let Some(status) = Status::parse(&text) else {
            found.push(Problem::Unreadable(format!("{module} | {text}")));
            continue;
        };
        if let Err(is) = verify(passes, this, &imported, &module, status) {
            found.push(Problem::Wrong {
                module: module.clone(),
                says: status,
                is,
            });
        }
        let says_new = this
            .files
            .get(&module)
            .is_some_and(|text| text.contains("New in this pass"));
        if says_new && status != Status::New {
            found.push(Problem::NotNew(module));
        }
    }
    found.extend(unlisted.into_iter().map(|m| Problem::NoRow(m.clone())));
    found.extend(chapter_problems(this));
    found
}

/// The `## What changed since pass N` section of a chapter, if it has one.
fn changes_section(chapter: &str, previous: u32) -> Option<&str> {
    let heading = format!("## What changed since pass {previous:02}\n");
    let start = chapter.find(&heading)? + heading.len();
    let rest = &chapter[start..];
    Some(rest.find("\n## ").map_or(rest, |end| &rest[..end]))
}

/// Whether the chapter's changes section names every new or changed module.
fn chapter_problems(this: &Pass) -> Vec<Problem> {
    let Some(&previous) = this.lineage.last() else {
        return Vec::new();
    };
    let Some(section) = changes_section(&this.chapter, previous) else {
        return vec![Problem::NoChangesSection(previous)];
    };
    rows(&this.lib)
        .into_iter()
        .filter(|(_, status)| {
            matches!(
                Status::parse(status),
                Some(Status::New | Status::ChangedSince(_))
            )
        })
        .filter(|(module, _)| !section.contains(&format!("`{module}`")))
        .map(|(module, _)| Problem::ChapterSilent(module))
        .collect()
}

/// Whether `status` is what the tree shows for `module`; if not, what it shows.
fn verify(
    passes: &[Pass],
    this: &Pass,
    imported: &BTreeMap<String, String>,
    module: &str,
    status: Status,
) -> Result<(), String> {
    let pass = |n: u32| passes.iter().find(|p| p.number == n);
    // The last earlier pass holding its own version of the module.
    let last_owner = passes
        .iter()
        .filter(|p| this.lineage.contains(&p.number) && p.files.contains_key(module))
        .max_by_key(|p| p.number);
    let earlier = passes.iter().any(|p| {
        this.lineage.contains(&p.number)
            && (p.files.contains_key(module) || p.lib.contains(&format!("::{module};")))
    });
    let own = this.files.get(module);
    match status {
        Status::New if own.is_none() => Err("the crate does not hold its file".into()),
        Status::New if earlier => Err("an earlier pass has a module of that name".into()),
        Status::New => Ok(()),
        Status::ChangedSince(n) | Status::CopyOf(n) => {
            let (Some(own), Some(owner)) = (own, last_owner) else {
                return Err("no earlier pass holds a version of it, or this crate does not".into());
            };
            if owner.number != n {
                return Err(format!(
                    "pass {:02} holds the version before it",
                    owner.number
                ));
            }
            let same = owner.files.get(module) == Some(own);
            match (status, same) {
                (Status::ChangedSince(_), true) => {
                    Err(format!("it is pass {n:02}'s file, byte for byte"))
                }
                (Status::CopyOf(_), false) => Err(format!("it differs from pass {n:02}'s file")),
                _ => Ok(()),
            }
        }
        Status::From(n) => {
            let source = pass(n).filter(|p| p.files.contains_key(module));
            match (imported.get(module), source) {
                (Some(krate), Some(p)) if *krate == p.crate_name => Ok(()),
                (Some(krate), _) => Err(format!("it is re-exported from `{krate}`")),
                (None, _) => Err("the crate does not re-export it".into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(number: u32, name: &str, lib: &str, files: &[(&str, &str)]) -> Pass {
        Pass {
            number,
            lineage: (1..number).collect(),
            crate_name: name.into(),
            lib: lib.into(),
            files: files
                .iter()
                .map(|(m, t)| ((*m).to_owned(), (*t).to_owned()))
                .collect(),
            src: PathBuf::new(),
            chapter: format!(
                "# Pass\n\n## What changed since pass {:02}\n\nNew: `queue`; changed: `task`.\n\n## Next\n",
                number.saturating_sub(1)
            ),
        }
    }

    fn world() -> Vec<Pass> {
        vec![
            pass(
                1,
                "basic",
                "//! | [`task`] | new | t |\n//! | [`error`] | new | e |\npub mod error;\npub mod task;\n",
                &[("task", "v1"), ("error", "e")],
            ),
            pass(
                2,
                "bounded",
                "//! | [`task`] | changed since pass 01 | t |\n//! | [`error`] | from pass 01 | e |\n\
                 //! | [`queue`] | new | q |\npub mod queue;\npub mod task;\npub use basic::error;\n",
                &[("task", "v2"), ("queue", "//! New in this pass: a queue")],
            ),
        ]
    }

    #[test]
    fn a_true_table_has_no_problem() {
        let passes = world();
        for p in &passes {
            assert_eq!(problems(&passes, p), [], "pass {}", p.number);
        }
    }

    #[test]
    fn each_false_claim_is_a_problem() {
        let mut passes = world();
        // The task file made identical to pass 01's: "changed since" is now false.
        passes[1].files.insert("task".into(), "v1".into());
        let found = problems(&passes, &passes[1]);
        assert!(matches!(&found[..], [Problem::Wrong { module, .. }] if module == "task"));
        // ... and "copy of pass 01" true.
        passes[1].lib = passes[1]
            .lib
            .replace("changed since pass 01", "copy of pass 01");
        assert_eq!(problems(&passes, &passes[1]), []);
    }

    #[test]
    fn missing_and_stray_rows_and_false_news_are_problems() {
        let mut passes = world();
        passes[1].lib = passes[1]
            .lib
            .replace(
                "//! | [`queue`] | new | q |\n",
                "//! | [`pool`] | new | p |\n",
            )
            .replace("//! | [`error`] | from pass 01", "//! | [`error`] | new");
        passes[1]
            .files
            .insert("task".into(), "//! New in this pass: v2".into());
        let found = problems(&passes, &passes[1]);
        assert!(
            found.contains(&Problem::StrayRow("pool".into())),
            "{found:?}"
        );
        assert!(found.contains(&Problem::NoRow("queue".into())), "{found:?}");
        assert!(found.contains(&Problem::NotNew("task".into())), "{found:?}");
        assert!(
            found.iter().any(|p| matches!(p, Problem::Wrong { module, says: Status::New, .. } if module == "error")),
            "{found:?}"
        );
    }

    #[test]
    fn a_chapter_must_name_what_is_new_or_changed() {
        let mut passes = world();
        passes[1].chapter = passes[1].chapter.replace("`queue`", "the queue");
        assert_eq!(
            problems(&passes, &passes[1]),
            [Problem::ChapterSilent("queue".into())]
        );
        passes[1].chapter = "# Pass 02\n".into();
        assert_eq!(
            problems(&passes, &passes[1]),
            [Problem::NoChangesSection(1)]
        );
    }

    #[test]
    fn statuses_parse() {
        assert_eq!(Status::parse("new"), Some(Status::New));
        assert_eq!(
            Status::parse(" changed since pass 03 "),
            Some(Status::ChangedSince(3))
        );
        assert_eq!(Status::parse("from pass 1"), Some(Status::From(1)));
        assert_eq!(Status::parse("copy of pass 05"), Some(Status::CopyOf(5)));
        assert_eq!(Status::parse("as in pass 05"), None);
    }
}
