//! Running cargo and reading what it says.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The cargo that runs this xtask (`$CARGO`), started in the workspace root.
pub struct Cargo {
    program: OsString,
    root: PathBuf,
    /// `CARGO_TARGET_DIR` for every command, if not the workspace's own.
    target_dir: Option<PathBuf>,
    /// More environment for every command.
    env: Vec<(String, String)>,
    /// How long one command may run before it is killed as hung.
    limit: Duration,
}

/// What a cargo command printed, and whether it succeeded.
pub struct Output {
    /// Exit status 0.
    pub success: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// A compiler diagnostic from `--message-format=json`.
pub struct Diagnostic {
    /// `warning`, `error`, …
    pub level: String,
    /// The lint or error code, e.g. `missing_docs`.
    pub code: Option<String>,
    /// As the compiler would print it.
    pub rendered: String,
}

impl Cargo {
    /// Cargo, run from `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            program: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            root: root.to_path_buf(),
            target_dir: None,
            env: Vec::new(),
            limit: LIMIT,
        }
    }

    /// The same cargo, each command killed as hung after `limit`.
    #[must_use]
    pub fn limit(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }

    /// The same cargo, with `key=value` in every command's environment.
    #[must_use]
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The same cargo, building into `dir` (learners' copies of the passes share one
    /// target folder, so the dependencies are built once).
    #[must_use]
    pub fn target_dir(mut self, dir: PathBuf) -> Self {
        self.target_dir = Some(dir);
        self
    }

    /// Runs `cargo ARGS` and captures its output.
    ///
    /// # Errors
    /// If cargo cannot be started at all.
    pub fn capture(&self, args: &[&str]) -> Result<Output, String> {
        self.capture_with(args, &[])
    }

    /// Runs `cargo ARGS` with extra environment variables and captures its output.
    ///
    /// # Errors
    /// If cargo cannot be started at all.
    pub fn capture_with(&self, args: &[&str], env: &[(&str, &str)]) -> Result<Output, String> {
        let mut command = Command::new(&self.program);
        if let Some(dir) = &self.target_dir {
            command.env("CARGO_TARGET_DIR", dir);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
            .args(args)
            .envs(env.iter().copied())
            .current_dir(&self.root)
            .env("CARGO_TERM_COLOR", "never")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Its own process group, so that a hung test binary dies with cargo.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|e| format!("could not run cargo {}: {e}", args.join(" ")))?;
        let stdout = read_all(child.stdout.take());
        let stderr = read_all(child.stderr.take());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
                break Some(status);
            }
            if started.elapsed() > self.limit {
                kill_group(&mut child);
                break None;
            }
            thread::sleep(Duration::from_millis(20));
        };
        let (stdout, mut stderr) = (join(stdout), join(stderr));
        if status.is_none() {
            stderr.push_str(&format!(
                "\nhung: `cargo {}` still running after {} s, killed\n",
                args.join(" "),
                self.limit.as_secs()
            ));
        }
        Ok(Output {
            success: status.is_some_and(|s| s.success()),
            stdout,
            stderr,
        })
    }
}

/// How long a cargo command of a check may run unless told otherwise: a cold build of
/// the workspace on two cores takes about three minutes, and a hung test must not
/// stall the check.
pub const LIMIT: Duration = Duration::from_secs(600);

/// Reads a pipe to its end on a thread of its own (two pipes read in turn could
/// deadlock: the child blocks on the one not being read).
fn read_all(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn join(reader: JoinHandle<String>) -> String {
    reader.join().unwrap_or_default()
}

/// Kills the child's whole process group: cargo and the test binary it runs.
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", &format!("-{}", child.id())])
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

impl Output {
    /// Both streams, stderr first (where cargo and the test harness report).
    pub fn text(&self) -> String {
        format!("{}{}", self.stderr, self.stdout)
    }

    /// The compiler's diagnostics about the package whose manifest is `manifest`,
    /// from a `--message-format=json` run.
    pub fn diagnostics(&self, manifest: &Path) -> Vec<Diagnostic> {
        self.stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-message")
            .filter(|m| m["manifest_path"].as_str().map(Path::new) == Some(manifest))
            .map(|m| Diagnostic {
                level: m["message"]["level"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                code: m["message"]["code"]["code"].as_str().map(str::to_owned),
                rendered: m["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            })
            .collect()
    }

    /// Tests that passed, summed over the `test result:` lines of a `cargo test` run.
    pub fn tests_passed(&self) -> u64 {
        self.stdout
            .lines()
            .filter_map(|l| l.strip_prefix("test result: ok. "))
            .filter_map(|rest| rest.split_once(" passed")?.0.parse::<u64>().ok())
            .sum()
    }
}
