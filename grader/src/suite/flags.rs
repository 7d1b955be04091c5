//! A pass's command line (every pass): the bad inputs of [`BAD_INPUTS`] refused with
//! status 2, every flag up to this pass documented in `--help`, and the boundary
//! values themselves accepted; and a thread that cannot start ends the run with 1.
//! Each table is keyed by the pass that brings a flag, and the passes are cumulative,
//! so a pass is held to every earlier pass's entries.
//!
//! `grader::flag_suite!(BIN, PASS_NUMBER)` writes the four tests.
//!
//! [`BAD_INPUTS`]: crate::flags::BAD_INPUTS

use crate::tether::command;

use crate::flags::{assert_help_documents, assert_refused, bad_inputs};
use crate::passes::lineage;

/// What `--help` must name, by the pass that brings it.
pub const DOCUMENTED: &[(u8, &str)] = &[
    (1, "--producers"),
    (1, "--consumers"),
    (1, "--tasks"),
    (1, "--seed"),
    (1, "--quiet"),
    (2, "--capacity"),
    (2, "--unbounded"),
    (2, "--rate"),
    (2, "--work-ms"),
    (3, "--shutdown"),
    (3, "--drain-ms"),
    (3, "--duration-ms"),
    (3, "--stop-after"),
    (3, "Exit status"),
    (4, "--endless"),
    (4, "--stats-interval-ms"),
    (4, "--depth-warn"),
    (5, "--fail-rate"),
    (5, "--retries"),
    (5, "--backoff-ms"),
    (5, "--fail-producer"),
    (5, "--panic-producer"),
    (5, "--panic-on-task"),
    (5, "--max-restarts"),
    (6, "--no-steal"),
    (6, "--local-capacity"),
    (6, "--heavy-ms"),
    (7, "--strategy"),
    (7, "--overflow"),
    (7, "--batch"),
    (7, "--batch-wait-ms"),
    (7, "--put-batch"),
];

/// Command lines at the edge of what is allowed, by the pass that brings the flag;
/// each must run and exit 0 (3 where a drain of 1 ms may leave tasks unprocessed).
pub const BOUNDARIES: &[(u8, &[&str])] = &[
    (
        1,
        &[
            "--producers",
            "256",
            "--consumers",
            "256",
            "--tasks",
            "1",
            "--quiet",
        ],
    ),
    (2, &["--capacity", "0", "--tasks", "1", "--work-ms", "0"]),
    (
        2,
        &["--capacity", "1000000", "--tasks", "1", "--work-ms", "0"],
    ),
    (
        2,
        &["--rate", "1000000", "--tasks", "2", "--work-ms", "0..0"],
    ),
    (2, &["--unbounded", "--tasks", "1", "--work-ms", "0"]),
    (
        3,
        &[
            "--stop-after",
            "3",
            "--tasks",
            "1",
            "--work-ms",
            "0",
            "--rate",
            "0",
        ],
    ),
    (3, &["--duration-ms", "1", "--work-ms", "0"]),
    (
        3,
        &[
            "--shutdown",
            "timeout",
            "--drain-ms",
            "1",
            "--duration-ms",
            "1",
            "--work-ms",
            "0",
        ],
    ),
    (4, &["--endless", "--duration-ms", "1", "--work-ms", "0"]),
    (
        4,
        &["--tasks", "1", "--stats-interval-ms", "0", "--rate", "0"],
    ),
    (
        4,
        &[
            "--tasks",
            "1",
            "--stats-interval-ms",
            "60000",
            "--depth-warn",
            "0",
            "--rate",
            "0",
        ],
    ),
    (
        5,
        &[
            "--tasks",
            "2",
            "--rate",
            "0",
            "--fail-rate",
            "1",
            "--retries",
            "5",
            "--backoff-ms",
            "0",
            "--fail-producer",
            "0@1",
            "--panic-producer",
            "2@0",
            "--max-restarts",
            "0",
        ],
    ),
    (
        6,
        &[
            "--tasks",
            "1",
            "--rate",
            "0",
            "--local-capacity",
            "1",
            "--heavy-ms",
            "0",
        ],
    ),
    (
        6,
        &[
            "--tasks",
            "5",
            "--rate",
            "0",
            "--local-capacity",
            "1000000",
            "--no-steal",
        ],
    ),
    (
        7,
        &[
            "--capacity",
            "1",
            "--tasks",
            "3",
            "--rate",
            "0",
            "--work-ms",
            "0",
            "--batch",
            "100000",
            "--batch-wait-ms",
            "1",
            "--strategy",
            "priority",
        ],
    ),
    (
        7,
        &[
            "--capacity",
            "1",
            "--tasks",
            "5",
            "--rate",
            "0",
            "--work-ms",
            "0",
            "--overflow",
            "drop-lowest",
            "--strategy",
            "lifo",
        ],
    ),
];

/// Boundaries a later pass refuses, by that pass: pass 07's buffer needs a slot, so
/// it refuses pass 02's rendezvous (`--capacity 0`, one of its bad inputs).
pub const NARROWED: &[(u8, &[&str])] = &[(7, &["--capacity", "0"])];

/// The pass's bad inputs are refused with status 2 and a message naming the flag.
pub fn bad_values_are_refused_with_status_2(bin: &str, pass: u8) {
    assert_refused(|| command(bin), &bad_inputs(&lineage(pass)));
}

/// `--help` names every flag of its lineage (and from pass 03 the exit statuses).
pub fn help_documents_every_flag(bin: &str, pass: u8) {
    let lineage = lineage(pass);
    let documented: Vec<&str> = DOCUMENTED
        .iter()
        .filter(|(since, _)| lineage.contains(since))
        .map(|(_, flag)| *flag)
        .collect();
    assert_help_documents(|| command(bin), &documented);
}

/// The boundary values of its lineage run and exit as they should.
pub fn the_boundaries_themselves_are_accepted(bin: &str, pass: u8) {
    let lineage = lineage(pass);
    let narrowed = |args: &[&str]| {
        NARROWED
            .iter()
            .any(|(by, start)| lineage.contains(by) && args.starts_with(start))
    };
    let boundaries = BOUNDARIES
        .iter()
        .filter(|(since, args)| lineage.contains(since) && !narrowed(args));
    for (_, args) in boundaries {
        let status = command(bin)
            .args(*args)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
            .status;
        let allowed: &[i32] = if args.contains(&"timeout") {
            &[0, 3]
        } else {
            &[0]
        };
        assert!(
            status.code().is_some_and(|c| allowed.contains(&c)),
            "{args:?}: {status}"
        );
    }
}

/// A thread that cannot start ends the run with status 1 and a message naming the
/// thread, promptly, from every pass: never a panic, never a hang.
///
/// How it is made to fail, the same way every time: each thread's stack is 200 MB
/// (`RUST_MIN_STACK`) and the address space is capped near 1 GB, so the fifth
/// thread's stack cannot be mapped while every small allocation still fits (with
/// `MALLOC_ARENA_MAX=1`, glibc reserves no 64 MB arena per thread). A tighter cap
/// would let a small mapping (a thread's signal stack, a buffer) fail first, in
/// whatever order the threads run.
///
/// From pass 03, which can stop, the failure comes after some producers are running
/// with work for hours (2 consumers, then 256 producers of 10^8 tasks): the run must
/// stop them too. Passes 01 and 02 cannot stop a producer, so their threads fail
/// among the consumers, which start first.
pub fn a_thread_that_cannot_start_exits_1(bin: &str, pass: u8) {
    let shape: &[&str] = if crate::passes::carries(pass, 3) {
        &[
            "--producers",
            "256",
            "--consumers",
            "2",
            "--tasks",
            "100000000",
        ]
    } else {
        &["--producers", "256", "--consumers", "256", "--tasks", "5"]
    };
    let output = command("sh")
        .env("MALLOC_ARENA_MAX", "1")
        .env("RUST_MIN_STACK", (200 << 20).to_string())
        .args(["-c", "ulimit -v 1000000 && exec \"$0\" \"$@\"", bin])
        .args(shape)
        .arg("--quiet")
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap_or_else(|e| panic!("{bin} with 200 MB stacks under a 1 GB limit: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("could not start thread"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The command-line tests of the pass whose binary is `$bin` (from
/// `env!("CARGO_BIN_EXE_…")`) and whose number is `$pass`.
#[macro_export]
macro_rules! flag_suite {
    ($bin:expr, $pass:expr) => {
        #[test]
        fn bad_values_are_refused_with_status_2() {
            $crate::suite::flags::bad_values_are_refused_with_status_2($bin, $pass);
        }

        #[test]
        fn help_documents_every_flag() {
            $crate::suite::flags::help_documents_every_flag($bin, $pass);
        }

        #[test]
        fn the_boundaries_themselves_are_accepted() {
            $crate::suite::flags::the_boundaries_themselves_are_accepted($bin, $pass);
        }

        #[test]
        fn a_thread_that_cannot_start_exits_1() {
            $crate::suite::flags::a_thread_that_cannot_start_exits_1($bin, $pass);
        }
    };
}
