//! Grading a pass's command line: bad values refused, every flag documented.
//!
//! [`BAD_INPUTS`] is the one table of bad command lines, tried against every pass
//! from the one that brings the flag on (the passes are cumulative, so pass 06
//! refuses everything pass 01 does): zero and negative counts, non-numbers,
//! overflowing numbers, values out of range, unknown modes and arguments, missing
//! values, and flags that contradict each other. Each pass's `tests/flags.rs` runs
//! its share with [`assert_refused`], through the flag suite
//! ([`crate::suite::flags`], which also holds the tables of documented flags and of
//! boundary values).

use assert_cmd::Command;

/// What is wrong with a bad input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count or duration of zero where at least one is needed.
    Zero,
    /// A negative number (clap reads `-1` as an unknown flag).
    Negative,
    /// Not a number, or not in the flag's format.
    NotANumber,
    /// A number too large for its type.
    Overflow,
    /// A number outside the flag's range (rates and probabilities included).
    OutOfRange,
    /// An unknown mode, flag or argument.
    Unknown,
    /// A flag without its value.
    Missing,
    /// Flags that contradict each other, or a value the rest of the run makes
    /// impossible.
    Conflict,
}

/// A command line every pass that carries the flags of pass `since` must refuse (see
/// [`lineage`](crate::passes::lineage)).
#[derive(Debug, Clone, Copy)]
pub struct BadInput {
    /// The first pass with the flag.
    pub since: u8,
    /// What is wrong with it.
    pub kind: Kind,
    /// The flags.
    pub args: &'static [&'static str],
    /// What stderr must say.
    pub says: &'static str,
}

const fn bad(since: u8, kind: Kind, args: &'static [&'static str], says: &'static str) -> BadInput {
    BadInput {
        since,
        kind,
        args,
        says,
    }
}

/// Every bad input, by the pass that brings its flag.
pub const BAD_INPUTS: &[BadInput] = &[
    bad(1, Kind::Zero, &["--consumers", "0"], "0 is not in 1..=256"),
    bad(1, Kind::Zero, &["--producers", "0"], "0 is not in 1..=256"),
    bad(
        1,
        Kind::OutOfRange,
        &["--producers", "257"],
        "257 is not in 1..=256",
    ),
    bad(
        1,
        Kind::Negative,
        &["--producers", "-1"],
        "unexpected argument '-1'",
    ),
    bad(
        1,
        Kind::NotANumber,
        &["--consumers", "two"],
        "invalid digit found in string",
    ),
    bad(
        1,
        Kind::Zero,
        &["--tasks", "0"],
        "0 is not in 1..=100000000",
    ),
    bad(
        1,
        Kind::OutOfRange,
        &["--tasks", "100000001"],
        "100000001 is not in 1..=100000000",
    ),
    bad(
        1,
        Kind::Overflow,
        &["--tasks", "99999999999999999999999"],
        "number too large",
    ),
    bad(
        1,
        Kind::NotANumber,
        &["--tasks", "1.5"],
        "invalid digit found in string",
    ),
    bad(
        1,
        Kind::Negative,
        &["--seed", "-3"],
        "unexpected argument '-3'",
    ),
    bad(
        1,
        Kind::Overflow,
        &["--seed", "18446744073709551616"],
        "number too large",
    ),
    bad(
        1,
        Kind::Missing,
        &["--tasks"],
        "a value is required for '--tasks <N>'",
    ),
    bad(
        1,
        Kind::Unknown,
        &["--quiet=yes"],
        "unexpected value 'yes' for '--quiet'",
    ),
    bad(
        1,
        Kind::Unknown,
        &["--bogus"],
        "unexpected argument '--bogus'",
    ),
    bad(1, Kind::Unknown, &["extra"], "unexpected argument 'extra'"),
    bad(
        1,
        Kind::Overflow,
        &["--producers", "4294967296"],
        "4294967296 is not in 1..=256",
    ),
    bad(
        1,
        Kind::Missing,
        &["--consumers"],
        "a value is required for '--consumers <M>'",
    ),
    bad(
        2,
        Kind::Negative,
        &["--capacity", "-1"],
        "unexpected argument '-1'",
    ),
    bad(
        2,
        Kind::OutOfRange,
        &["--capacity", "1000001"],
        "1000001 is not in 0..=1000000",
    ),
    bad(
        2,
        Kind::NotANumber,
        &["--capacity", "ten"],
        "invalid digit found in string",
    ),
    bad(
        2,
        Kind::Conflict,
        &["--capacity", "5", "--unbounded"],
        "cannot be used with",
    ),
    bad(
        2,
        Kind::Unknown,
        &["--unbounded=no"],
        "unexpected value 'no' for '--unbounded'",
    ),
    bad(
        2,
        Kind::OutOfRange,
        &["--rate", "1000001"],
        "1000001 is not in 0..=1000000",
    ),
    bad(
        2,
        Kind::NotANumber,
        &["--rate", "1.5"],
        "invalid digit found in string",
    ),
    bad(
        2,
        Kind::OutOfRange,
        &["--work-ms", "5..1"],
        "the range 5..1 is empty",
    ),
    bad(
        2,
        Kind::NotANumber,
        &["--work-ms", "abc"],
        "\"abc\" is not a number of milliseconds",
    ),
    bad(
        2,
        Kind::OutOfRange,
        &["--work-ms", "1..60001"],
        "60001 ms is more than the 60000 ms allowed",
    ),
    bad(
        2,
        Kind::NotANumber,
        &["--work-ms", "..3"],
        "\"\" is not a number of milliseconds",
    ),
    bad(
        2,
        Kind::Negative,
        &["--work-ms", "-2"],
        "unexpected argument '-2'",
    ),
    bad(
        2,
        Kind::NotANumber,
        &["--rate", "1e3"],
        "invalid digit found in string",
    ),
    bad(
        3,
        Kind::Unknown,
        &["--shutdown", "never"],
        "invalid value 'never' for '--shutdown <MODE>'",
    ),
    bad(
        3,
        Kind::Missing,
        &["--shutdown"],
        "a value is required for '--shutdown <MODE>'",
    ),
    bad(
        3,
        Kind::Zero,
        &["--drain-ms", "0", "--shutdown", "timeout"],
        "0 is not in 1..=86400000",
    ),
    bad(
        3,
        Kind::Conflict,
        &["--drain-ms", "100"],
        "--drain-ms applies only to `--shutdown timeout`",
    ),
    bad(
        3,
        Kind::Conflict,
        &["--drain-ms", "100", "--shutdown", "immediate"],
        "--drain-ms applies only",
    ),
    bad(
        3,
        Kind::Zero,
        &["--duration-ms", "0"],
        "0 is not in 1..=86400000",
    ),
    bad(
        3,
        Kind::OutOfRange,
        &["--duration-ms", "86400001"],
        "86400001 is not in 1..=86400000",
    ),
    bad(
        3,
        Kind::NotANumber,
        &["--duration-ms", "soon"],
        "invalid digit found in string",
    ),
    bad(
        3,
        Kind::Zero,
        &["--stop-after", "0"],
        "0 is not in 1..=100000000",
    ),
    bad(
        3,
        Kind::Conflict,
        &["--stop-after", "100", "--tasks", "5"],
        "--stop-after 100 can never be reached: the run makes only 15 tasks",
    ),
    bad(
        3,
        Kind::Unknown,
        &["--shutdown", "Graceful"],
        "invalid value 'Graceful' for '--shutdown <MODE>'",
    ),
    bad(
        4,
        Kind::Conflict,
        &["--stop-after", "151"],
        "--stop-after 151 can never be reached: the run makes only 150 tasks",
    ),
    bad(
        4,
        Kind::Conflict,
        &["--endless", "--tasks", "5"],
        "cannot be used with",
    ),
    bad(
        4,
        Kind::OutOfRange,
        &["--stats-interval-ms", "60001"],
        "60001 is not in 0..=60000",
    ),
    bad(
        4,
        Kind::Negative,
        &["--stats-interval-ms", "-5"],
        "unexpected argument '-5'",
    ),
    bad(
        4,
        Kind::OutOfRange,
        &["--depth-warn", "1000001"],
        "1000001 is not in 0..=1000000",
    ),
    bad(
        4,
        Kind::NotANumber,
        &["--depth-warn", "five"],
        "invalid digit found in string",
    ),
    bad(
        4,
        Kind::Conflict,
        &["--depth-warn", "5", "--stats-interval-ms", "0"],
        "--depth-warn needs a statistics interval",
    ),
    bad(
        5,
        Kind::OutOfRange,
        &["--fail-rate", "1.5"],
        "1.5 is not a probability (from 0 to 1)",
    ),
    bad(
        5,
        Kind::Negative,
        &["--fail-rate", "-0.1"],
        "unexpected argument '-0' found",
    ),
    bad(
        5,
        Kind::NotANumber,
        &["--fail-rate", "NaN"],
        "NaN is not a probability",
    ),
    bad(
        5,
        Kind::NotANumber,
        &["--fail-rate", "often"],
        "\"often\" is not a number",
    ),
    bad(
        5,
        Kind::OutOfRange,
        &["--retries", "6"],
        "6 is not in 0..=5",
    ),
    bad(
        5,
        Kind::OutOfRange,
        &["--backoff-ms", "1001"],
        "1001 is not in 0..=1000",
    ),
    bad(
        5,
        Kind::OutOfRange,
        &["--max-restarts", "1001"],
        "1001 is not in 0..=1000",
    ),
    bad(
        5,
        Kind::NotANumber,
        &["--fail-producer", "1"],
        "\"1\" is not P@N",
    ),
    bad(
        5,
        Kind::NotANumber,
        &["--fail-producer", "x@1"],
        "\"x\" is not a producer index",
    ),
    bad(
        5,
        Kind::Conflict,
        &["--fail-producer", "3@1"],
        "--fail-producer 3@1: producer 3 does not exist: the run has 3 producers",
    ),
    bad(
        5,
        Kind::Conflict,
        &["--panic-producer", "0@50"],
        "--panic-producer 0@50: producer 0 makes only 50 tasks and so never reaches task 50",
    ),
    bad(
        5,
        Kind::Conflict,
        &["--fail-producer", "1@2", "--panic-producer", "1@3"],
        "--panic-producer 1@3: producer 1 is given more than one fault",
    ),
    bad(
        5,
        Kind::NotANumber,
        &["--panic-on-task", "ten"],
        "invalid digit found in string",
    ),
    bad(
        5,
        Kind::OutOfRange,
        &["--fail-rate", "inf"],
        "inf is not a probability",
    ),
    bad(
        5,
        Kind::Negative,
        &["--fail-producer", "0@-1"],
        "\"-1\" is not a task count",
    ),
    bad(
        5,
        Kind::Overflow,
        &["--panic-on-task", "18446744073709551616"],
        "number too large",
    ),
    bad(
        6,
        Kind::Zero,
        &["--local-capacity", "0"],
        "0 is not in 1..=1000000",
    ),
    bad(
        6,
        Kind::OutOfRange,
        &["--heavy-ms", "60001"],
        "60001 is not in 0..=60000",
    ),
    bad(
        6,
        Kind::Unknown,
        &["--no-steal", "yes"],
        "unexpected argument 'yes'",
    ),
    bad(
        6,
        Kind::Negative,
        &["--heavy-ms", "-1"],
        "unexpected argument '-1'",
    ),
    bad(
        6,
        Kind::OutOfRange,
        &["--local-capacity", "1000001"],
        "1000001 is not in 1..=1000000",
    ),
    bad(
        7,
        Kind::Conflict,
        &["--capacity", "0"],
        "--capacity 0: a buffer needs at least one slot",
    ),
    bad(
        7,
        Kind::Conflict,
        &["--unbounded", "--overflow", "drop-oldest"],
        "--overflow drop-oldest needs a bound",
    ),
    bad(7, Kind::Zero, &["--batch", "0"], "0 is not in 1..=100000"),
    bad(
        7,
        Kind::OutOfRange,
        &["--batch", "100001"],
        "100001 is not in 1..=100000",
    ),
    bad(
        7,
        Kind::Unknown,
        &["--strategy", "random"],
        "invalid value 'random' for '--strategy <S>'",
    ),
    bad(
        7,
        Kind::Unknown,
        &["--overflow", "drop"],
        "invalid value 'drop' for '--overflow <POLICY>'",
    ),
    bad(
        7,
        Kind::Zero,
        &["--put-batch", "0"],
        "0 is not in 1..=100000",
    ),
    bad(
        7,
        Kind::OutOfRange,
        &["--put-batch", "100001"],
        "100001 is not in 1..=100000",
    ),
    bad(
        7,
        Kind::OutOfRange,
        &["--batch-wait-ms", "60001"],
        "60001 is not in 0..=60000",
    ),
];

/// How long a refused command line (or `--help`) may take to end.
pub const REFUSAL_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The bad inputs a pass whose flags come from the passes of `lineage` must refuse,
/// as [`assert_refused`] takes them.
pub fn bad_inputs(lineage: &[u8]) -> Vec<(&'static [&'static str], &'static str)> {
    BAD_INPUTS
        .iter()
        .filter(|b| lineage.contains(&b.since))
        .map(|b| (b.args, b.says))
        .collect()
}

/// Asserts that each `(args, message)` of `refused` makes the pass's binary (a fresh
/// command from `cmd`) exit with status 2, say `message` on stderr, print nothing on
/// stdout (nothing ran), and not panic.
///
/// # Panics
/// On the first entry that is not refused that way, naming it.
#[track_caller]
pub fn assert_refused(mut cmd: impl FnMut() -> Command, refused: &[(&[&str], &str)]) {
    for (args, message) in refused {
        // A refused command line ends at once; one that runs instead (an endless
        // default run) must fail this check, not hang it.
        let output = cmd()
            .args(*args)
            .timeout(REFUSAL_LIMIT)
            .output()
            .unwrap_or_else(|e| panic!("{args:?} was not refused within {REFUSAL_LIMIT:?}: {e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?} should exit with 2; stderr:\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "{args:?}: stderr should say {message:?}:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing may run");
    }
}

/// Asserts that `--help` succeeds and names every flag in `flags`, and that
/// `--version` succeeds.
///
/// # Panics
/// If either fails or a flag is missing from the help.
#[track_caller]
pub fn assert_help_documents(mut cmd: impl FnMut() -> Command, flags: &[&str]) {
    let help = cmd()
        .arg("--help")
        .timeout(REFUSAL_LIMIT)
        .output()
        .expect("the pass's binary starts");
    assert!(help.status.success(), "--help failed");
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in flags {
        assert!(
            help.contains(flag),
            "--help should document {flag}:\n{help}"
        );
    }
    assert!(
        cmd()
            .arg("--version")
            .timeout(REFUSAL_LIMIT)
            .output()
            .expect("starts")
            .status
            .success(),
        "--version failed"
    );
}
