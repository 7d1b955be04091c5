//! A process a test starts dies with the test.
//!
//! A harness that runs out of patience with a test (cargo-mutants' time limit,
//! nextest's) ends it with SIGTERM to its process group. The test process dies at
//! once; the pass it started gets the same SIGTERM, which every pass from 03 on
//! answers with a graceful stop, and a broken pass (a mutant, a learner's bug) may
//! never finish that stop: it runs on as an orphan, spinning, and slows every later
//! test. So every process started through this module is *tethered*: Linux sends it
//! SIGKILL when the thread that started it ends (`PR_SET_PDEATHSIG`), however that
//! thread ends.
//!
//! The tether is the starting *thread*, not the process: a tethered child must be
//! waited for on the thread that started it, as every test and the stress campaign
//! do. Elsewhere than Linux a command is returned untethered.

use std::ffi::OsStr;

/// A `std` command for `program`, tethered to the calling thread.
pub fn std_command(program: impl AsRef<OsStr>) -> std::process::Command {
    let mut command = std::process::Command::new(program);
    tie(&mut command);
    command
}

/// An `assert_cmd` command for `program` (a pass's binary, from
/// `assert_cmd::cargo::cargo_bin!`), tethered to the calling thread.
pub fn command(program: impl AsRef<OsStr>) -> assert_cmd::Command {
    assert_cmd::Command::from_std(std_command(program))
}

/// Tethers `command`: the process it starts gets SIGKILL when the calling thread
/// ends.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub fn tie(command: &mut std::process::Command) -> &mut std::process::Command {
    use std::io;
    use std::os::unix::process::CommandExt;

    use nix::sys::prctl::set_pdeathsig;
    use nix::sys::signal::Signal;
    use nix::unistd::{Pid, getppid};

    // Read before the fork: in the child, `getppid` is this process until it dies.
    let parent = Pid::from_raw(i32::try_from(std::process::id()).expect("pids fit in i32"));
    // SAFETY: between fork and exec the closure makes two system calls, prctl and
    // getppid, both async-signal-safe, and allocates nothing.
    unsafe {
        command.pre_exec(move || {
            set_pdeathsig(Signal::SIGKILL).map_err(io::Error::from)?;
            // The parent may have died before the tether was tied: then nothing
            // would ever send the signal, so the child does not start.
            if getppid() == parent {
                Ok(())
            } else {
                Err(io::Error::other(
                    "the test that started this process is gone",
                ))
            }
        })
    }
}

/// Tethers `command`: nothing to do where `PR_SET_PDEATHSIG` does not exist.
#[cfg(not(target_os = "linux"))]
pub fn tie(command: &mut std::process::Command) -> &mut std::process::Command {
    command
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::thread;

    use nix::sys::signal::Signal;
    use nix::sys::wait::{WaitStatus, waitpid};
    use nix::unistd::Pid;

    use super::*;

    /// A child that ignores SIGTERM and would sleep for a minute is killed as soon as
    /// the thread that started it ends, without anyone killing it. (Untethered, it
    /// would exit normally after the minute: the test's own time limit.)
    #[test]
    // Waited for on purpose by `waitpid` below, not through the `Child`.
    #[allow(clippy::zombie_processes)]
    fn a_tethered_child_dies_with_the_thread_that_started_it() {
        let pid = thread::spawn(|| {
            let mut child = std_command("sh")
                .args(["-c", "trap '' TERM; echo up; exec sleep 60"])
                .stdout(Stdio::piped())
                .spawn()
                .expect("sh starts");
            let mut up = String::new();
            let stdout = child.stdout.take().expect("piped");
            BufReader::new(stdout).read_line(&mut up).expect("a line");
            assert_eq!(up, "up\n");
            // Neither waited for nor killed: `std::process::Child` does neither on drop.
            Pid::from_raw(i32::try_from(child.id()).expect("pids fit in i32"))
        })
        .join()
        .expect("the starting thread ran");
        assert!(matches!(
            waitpid(pid, None),
            Ok(WaitStatus::Signaled(_, Signal::SIGKILL, _))
        ));
    }
}
