//! A private `redis-server` for one run: on a free loopback port, in a folder of its
//! own, nothing saved to disk, stopped and removed when dropped. The launcher starts
//! one when no `--redis` is given; the tests start theirs the same way.
//!
//! A launcher killed with SIGKILL runs no `Drop`, so each server has a *warden*: a
//! tiny `sh` that waits on a pipe whose only writer is the launcher. The kernel closes
//! the pipe when the launcher dies, however it dies; the warden then kills the server
//! and removes its folder. (Linux's `PR_SET_PDEATHSIG` would do it without a second
//! process, but needs `unsafe` code between fork and exec.)

use std::fmt;
use std::fs;
use std::io;
use std::net::{Ipv4Addr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long a fresh server may take to answer `PING`.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// Ports tried: a port found free can be taken by another program before the server
/// binds it, and then the server exits and the next one is tried.
const ATTEMPTS: u32 = 5;

/// Why no server could be started.
#[derive(Debug)]
pub enum ServerError {
    /// `redis-server` is not on the PATH.
    NotInstalled,
    /// It could not be started, or its folder made.
    Io(io::Error),
    /// It exited before answering, on every port tried.
    Exited(ExitStatus),
    /// It did not answer `PING` in time.
    NoAnswer,
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInstalled => write!(
                f,
                "redis-server is not installed (Debian, Ubuntu: apt-get install redis-server; \
                 macOS: brew install redis), or pass --redis URL"
            ),
            Self::Io(e) => write!(f, "cannot start redis-server: {e}"),
            Self::Exited(status) => write!(f, "redis-server exited before answering: {status}"),
            Self::NoAnswer => write!(
                f,
                "redis-server did not answer within {} s",
                START_TIMEOUT.as_secs()
            ),
        }
    }
}

impl std::error::Error for ServerError {}

/// A running private server.
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// Stops the server if this process dies without dropping `self`.
    warden: Child,
    dir: PathBuf,
    port: u16,
}

impl Server {
    /// Starts a server and waits until it answers.
    ///
    /// # Errors
    /// See [`ServerError`].
    pub fn start() -> Result<Self, ServerError> {
        let mut last = ServerError::NoAnswer;
        for _ in 0..ATTEMPTS {
            let port = free_port().map_err(ServerError::Io)?;
            let dir = folder(std::process::id(), port);
            fs::create_dir_all(&dir).map_err(ServerError::Io)?;
            let child = match spawn(port, &dir) {
                Ok(child) => child,
                Err(e) => {
                    // Nothing runs in it yet: the folder is all there is to undo.
                    let _ = fs::remove_dir_all(&dir);
                    return Err(e);
                }
            };
            let warden = match warden(&child, &dir) {
                Ok(warden) => warden,
                Err(e) => {
                    let _ = kill_and_remove(child, &dir);
                    return Err(ServerError::Io(e));
                }
            };
            let mut server = Self {
                child,
                warden,
                dir,
                port,
            };
            match server.wait_ready() {
                Ok(()) => return Ok(server),
                Err(ServerError::Exited(status)) => last = ServerError::Exited(status),
                Err(other) => return Err(other),
            }
        }
        Err(last)
    }

    /// The URL clients connect to.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    fn wait_ready(&mut self) -> Result<(), ServerError> {
        let deadline = Instant::now() + START_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().map_err(ServerError::Io)? {
                return Err(ServerError::Exited(status));
            }
            if answers(&self.url()) {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(10));
        }
        Err(ServerError::NoAnswer)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The warden first: once the server is reaped its pid may be reused, and the
        // warden must not kill a stranger.
        let _ = self.warden.kill();
        let _ = self.warden.wait();
        // Nothing is saved (`--save ""`), so a kill loses nothing worth keeping.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The temporary folder of the server that process `launcher` started on `port`. It
/// is removed when the server stops, or by the warden if the launcher is killed.
pub fn folder(launcher: u32, port: u16) -> PathBuf {
    std::env::temp_dir().join(format!("10-broker-{launcher}-{port}"))
}

fn kill_and_remove(mut child: Child, dir: &Path) -> io::Result<()> {
    child.kill()?;
    child.wait()?;
    fs::remove_dir_all(dir)
}

/// Starts the warden of `server`: `read` returns when the pipe on its stdin closes,
/// which happens when this process exits or is killed (the warden holds no writer).
fn warden(server: &Child, dir: &Path) -> io::Result<Child> {
    Command::new("sh")
        .args(["-c", r#"read -r _; kill -9 "$1"; rm -rf "$2""#, "warden"])
        .arg(server.id().to_string())
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Out of the terminal's process group, as the server is: a Ctrl+C is the
        // launcher's to handle, and it must not end the watch.
        .process_group(0)
        .spawn()
}

fn spawn(port: u16, dir: &Path) -> Result<Child, ServerError> {
    Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .arg("--dir")
        .arg(dir)
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a Ctrl+C in the terminal reaches the launcher, which
        // drains the stream, and not the broker, which would vanish under it.
        .process_group(0)
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => ServerError::NotInstalled,
            _ => ServerError::Io(e),
        })
}

/// A port nothing listens on now, as the system hands them out.
fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn answers(url: &str) -> bool {
    let ping = |client: redis::Client| -> redis::RedisResult<String> {
        redis::cmd("PING").query(&mut client.get_connection()?)
    };
    redis::Client::open(url).and_then(ping).is_ok()
}
