//! The launcher's children: each producer and consumer is a copy of this binary,
//! started with the launcher's own flags and its role.
//!
//! A child is started in a process group of its own. A Ctrl+C in the terminal goes
//! to the whole foreground group; here it reaches the launcher alone, which decides
//! when each child stops (producers first, consumers once the stream is drained).
//! Children inherit the launcher's stdout: their lines join the one transcript (see
//! [`crate::lines`]).

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use plumbing::Log;

use crate::config::{Config, Role, Wrapper};
use crate::error::RunError;

/// One child process.
#[derive(Debug)]
struct Proc {
    role: Role,
    index: u32,
    child: Child,
    /// Set once it has been reaped.
    exited: bool,
}

/// A child that ended, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// Producer or consumer.
    pub role: Role,
    /// Its number.
    pub index: u32,
    /// Its exit status.
    pub status: ExitStatus,
}

impl Ended {
    /// The signal that killed it, if one did.
    pub fn killed_by(&self) -> Option<i32> {
        self.status.signal()
    }
}

/// Every child of a run. Dropping it kills and reaps those still running, so no
/// child outlives a launcher that returns, with an error or not.
#[derive(Debug)]
pub struct Fleet {
    /// This binary.
    exe: PathBuf,
    /// The launcher's flags, passed on to every child.
    args: Vec<OsString>,
    /// The broker every child connects to.
    url: String,
    /// The commands producers and consumers are started under, if any.
    wrap: [Option<Wrapper>; 2],
    procs: Vec<Proc>,
    /// The next consumer's number: a replacement gets a new one, so that the dead
    /// consumer's name (and its pending list) stays its own.
    next_consumer: u32,
}

impl Fleet {
    /// No children yet; they will run this binary with these flags against `url`,
    /// under the commands `--wrap-producers` and `--wrap-consumers` give.
    ///
    /// # Errors
    /// If this binary's path cannot be found.
    pub fn new(url: String, config: &Config) -> Result<Self, RunError> {
        Ok(Self {
            exe: std::env::current_exe().map_err(RunError::Spawn)?,
            args: std::env::args_os().skip(1).collect(),
            url,
            wrap: [config.wrap_producers.clone(), config.wrap_consumers.clone()],
            procs: Vec::new(),
            next_consumer: 0,
        })
    }

    /// Starts producer `index` (again, after a kill: it resumes where it stopped).
    ///
    /// # Errors
    /// If the process cannot be started.
    pub fn start_producer<W: Write>(&mut self, index: u32, log: &Log<W>) -> Result<(), RunError> {
        self.start(Role::Producer, index, log)
    }

    /// Starts a consumer with the next number.
    ///
    /// # Errors
    /// If the process cannot be started.
    pub fn start_consumer<W: Write>(&mut self, log: &Log<W>) -> Result<u32, RunError> {
        let index = self.next_consumer;
        self.next_consumer += 1;
        self.start(Role::Consumer, index, log)?;
        Ok(index)
    }

    fn start<W: Write>(&mut self, role: Role, index: u32, log: &Log<W>) -> Result<(), RunError> {
        let name = role_name(role);
        let wrap = match role {
            Role::Producer => &self.wrap[0],
            _ => &self.wrap[1],
        };
        let mut command = match wrap.as_deref() {
            Some([program, args @ ..]) => {
                let mut command = Command::new(program);
                command.args(args).arg(&self.exe);
                command
            }
            _ => Command::new(&self.exe),
        };
        let child = command
            .args(&self.args)
            .args([
                "--redis",
                &self.url,
                "--role",
                name,
                "--index",
                &index.to_string(),
            ])
            .stdin(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(RunError::Spawn)?;
        log.line(format_args!("Started {name} {index} (pid {})", child.id()));
        self.procs.push(Proc {
            role,
            index,
            child,
            exited: false,
        });
        Ok(())
    }

    /// The children that ended since the last call.
    ///
    /// # Errors
    /// If waiting for one fails.
    pub fn reap(&mut self) -> Result<Vec<Ended>, RunError> {
        let mut ended = Vec::new();
        for proc in self.procs.iter_mut().filter(|p| !p.exited) {
            if let Some(status) = proc.child.try_wait().map_err(RunError::Spawn)? {
                proc.exited = true;
                ended.push(Ended {
                    role: proc.role,
                    index: proc.index,
                    status,
                });
            }
        }
        Ok(ended)
    }

    /// Children of `role` still running.
    pub fn running(&self, role: Role) -> usize {
        self.live(role).count()
    }

    /// Asks every running child of `role` to stop (SIGTERM): a producer stops adding,
    /// a consumer stops after the task in hand.
    pub fn terminate(&self, role: Role) {
        for proc in self.live(role) {
            // It may have exited since the last reap: then there is nothing to stop.
            let _ = kill(pid(&proc.child), Signal::SIGTERM);
        }
    }

    fn live(&self, role: Role) -> impl Iterator<Item = &Proc> {
        self.procs
            .iter()
            .filter(move |p| p.role == role && !p.exited)
    }
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for proc in self.procs.iter_mut().filter(|p| !p.exited) {
            let _ = proc.child.kill();
            let _ = proc.child.wait();
        }
    }
}

/// `producer` or `consumer`, as the transcript and `--role` spell it.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Launcher => "launcher",
        Role::Producer => "producer",
        Role::Consumer => "consumer",
    }
}

fn pid(child: &Child) -> Pid {
    Pid::from_raw(i32::try_from(child.id()).unwrap_or(i32::MAX))
}
