//! The exercise markers in a pass's code, and the starter made from them.
//!
//! An exercise is a region of a solution's function body, between two comments:
//!
//! ```text
//!     // exercise 1: receive until the channel closes
//!     // hint: `Receiver` is not `Sync`: take the lock, then `recv()`.
//!     // hint: `Err(RecvError)` is the normal way out: every sender is gone.
//!     …the solution's lines…
//!     // end of exercise 1
//! ```
//!
//! The starter keeps the title and the hints and puts `todo!()` where the solution's
//! lines were, so the region must be the whole tail of a block (a function body).
//! Starters are made from the solutions, so the two cannot drift apart.

use std::fmt;

/// One exercise of a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Its number within the pass, from 1: the order to do them in.
    pub number: u32,
    /// What to write, in a few words.
    pub title: String,
    /// The hints, in the order to read them.
    pub hints: Vec<String>,
    /// The file, relative to the crate's `src/`.
    pub file: String,
    /// The marker's line, from 1.
    pub line: usize,
}

/// A marker that does not fit the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// The file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub what: String,
}

impl fmt::Display for MarkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "src/{}:{}: {}", self.file, self.line, self.what)
    }
}

const START: &str = "// exercise ";
const HINT: &str = "// hint: ";
const END: &str = "// end of exercise ";

/// What `todo!()` says in a starter, so that `check` can tell a written exercise
/// from one still to do.
pub const TODO: &str = "todo!(\"exercise ";

/// The exercises marked in `text` (the file `file`), in order, with their starter:
/// `text` with each region's lines replaced by `todo!()`.
///
/// # Errors
/// A start without its end, an end without its start, a region with no lines.
pub fn parse(file: &str, text: &str) -> Result<(Vec<Exercise>, String), MarkerError> {
    let error = |line: usize, what: &str| MarkerError {
        file: file.to_owned(),
        line,
        what: what.to_owned(),
    };
    let mut exercises = Vec::new();
    let mut starter = String::new();
    let mut open: Option<(Exercise, String, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(rest) = trimmed.strip_prefix(START) {
            if open.is_some() {
                return Err(error(i + 1, "an exercise starts inside another"));
            }
            let (number, title) = rest
                .split_once(": ")
                .ok_or_else(|| error(i + 1, "expected `// exercise N: title`"))?;
            let number = number
                .parse()
                .map_err(|_| error(i + 1, "the exercise number is not a number"))?;
            starter.push_str(line);
            starter.push('\n');
            let exercise = Exercise {
                number,
                title: title.to_owned(),
                hints: Vec::new(),
                file: file.to_owned(),
                line: i + 1,
            };
            open = Some((exercise, indent.to_owned(), false));
            continue;
        }
        if let Some((exercise, indent, has_body)) = &mut open {
            if let Some(hint) = trimmed.strip_prefix(HINT).filter(|_| !*has_body) {
                exercise.hints.push(hint.to_owned());
                starter.push_str(line);
                starter.push('\n');
            } else if let Some(number) = trimmed.strip_prefix(END) {
                if number.parse() != Ok(exercise.number) {
                    return Err(error(i + 1, "this end names another exercise"));
                }
                if !*has_body {
                    return Err(error(i + 1, "the exercise has no lines to write"));
                }
                // Short, so rustfmt leaves it on one line: the title is just above.
                starter.push_str(&format!(
                    "{indent}{TODO}{} of this pass\")\n",
                    exercise.number
                ));
                exercises.push(exercise.clone());
                open = None;
            } else {
                *has_body = true;
            }
            continue;
        }
        if trimmed.starts_with(END) {
            return Err(error(i + 1, "an end without its start"));
        }
        starter.push_str(line);
        starter.push('\n');
    }
    if let Some((exercise, ..)) = open {
        return Err(error(exercise.line, "no `// end of exercise N`"));
    }
    if !exercises.is_empty() {
        starter = allow_unused(&starter);
    }
    Ok((exercises, starter))
}

/// `text` with `#![allow(unused)]` after its opening `//!` docs: a starter's
/// parameters and imports are unused until the learner writes the body, and a
/// starter must build without warnings.
fn allow_unused(text: &str) -> String {
    let docs = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    format!(
        "{}// Starter: until you write the exercises below, their parameters and imports\n\
         // are unused. Delete this line and the next when you are done.\n\
         #![allow(unused)]\n{}",
        &text[..docs],
        &text[docs..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str = "\
//! Docs.

use std::fmt;

pub fn f(x: u32) -> u32 {
    // exercise 1: double it
    // hint: multiply by two
    let y = x * 2;
    y
    // end of exercise 1
}
";

    #[test]
    fn the_starter_keeps_title_and_hints_and_puts_todo_in_place_of_the_body() {
        let (exercises, starter) = parse("lib.rs", SOLUTION).expect("valid markers");
        assert_eq!(
            exercises,
            [Exercise {
                number: 1,
                title: "double it".into(),
                hints: vec!["multiply by two".into()],
                file: "lib.rs".into(),
                line: 6,
            }]
        );
        assert!(starter.starts_with("//! Docs.\n// Starter:"));
        assert!(
            starter.contains(
                "    // hint: multiply by two\n    todo!(\"exercise 1 of this pass\")\n}\n"
            )
        );
        assert!(!starter.contains("x * 2"));
    }

    #[test]
    fn a_file_without_markers_is_its_own_starter() {
        let text = "//! Docs.\nfn g() {}\n";
        assert_eq!(parse("g.rs", text), Ok((Vec::new(), text.to_owned())));
    }

    #[test]
    fn broken_markers_are_refused() {
        let unclosed = SOLUTION.replace("    // end of exercise 1\n", "");
        assert_eq!(parse("lib.rs", &unclosed).unwrap_err().line, 6);
        let wrong_end = SOLUTION.replace("end of exercise 1", "end of exercise 2");
        assert_eq!(parse("lib.rs", &wrong_end).unwrap_err().line, 10);
        let empty = "fn f() {\n    // exercise 1: nothing\n    // end of exercise 1\n}\n";
        assert!(parse("e.rs", empty).is_err());
    }
}
