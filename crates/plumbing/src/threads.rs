//! Named scoped threads: start one, and join many without missing a panic.
//!
//! Every thread of a run is scoped ([`std::thread::scope`]), so none can outlive the
//! run. A name (`consumer-1`) shows in panic messages and debuggers, and it is what a
//! run reports when the thread could not start or died.

use std::io;
use std::thread::{self, Scope, ScopedJoinHandle};
use std::{error, fmt};

/// The operating system refused to start a thread.
#[derive(Debug)]
pub struct SpawnError {
    /// The thread's name, e.g. `consumer-1`.
    pub thread: String,
    /// What the OS said.
    pub source: io::Error,
}

impl fmt::Display for SpawnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not start thread {}: {}", self.thread, self.source)
    }
}

impl error::Error for SpawnError {
    fn source(&self) -> Option<&(dyn error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A joined thread had panicked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked {
    /// The thread's name.
    pub thread: String,
}

impl fmt::Display for Panicked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "thread {} panicked", self.thread)
    }
}

impl error::Error for Panicked {}

/// Starts a thread named `name` in `scope`.
///
/// # Errors
/// [`SpawnError`] if the operating system refuses (too many threads, no memory).
pub fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    name: String,
    body: impl FnOnce() -> T + Send + 'scope,
) -> Result<ScopedJoinHandle<'scope, T>, SpawnError> {
    thread::Builder::new()
        .name(name.clone())
        .spawn_scoped(scope, body)
        .map_err(|source| SpawnError {
            thread: name,
            source,
        })
}

/// Joins every handle, even after one has failed, so that no panic goes unobserved;
/// then reports the first thread that panicked, if any.
///
/// # Errors
/// [`Panicked`], naming the first thread (in `handles`' order) that panicked.
pub fn join_all<T>(handles: Vec<ScopedJoinHandle<'_, T>>) -> Result<Vec<T>, Panicked> {
    let mut results = Vec::with_capacity(handles.len());
    let mut panicked = None;
    for handle in handles {
        let thread = handle.thread().name().unwrap_or("unnamed").to_owned();
        match handle.join() {
            Ok(result) => results.push(result),
            Err(_) => {
                panicked.get_or_insert(Panicked { thread });
            }
        }
    }
    panicked.map_or(Ok(results), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_named_and_every_one_is_joined() {
        let names = thread::scope(|s| {
            let handles = (0..3)
                .map(|i| {
                    spawn(s, format!("worker-{i}"), || {
                        thread::current().name().map(str::to_owned)
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .expect("three threads start");
            join_all(handles).expect("none panics")
        });
        let expected: Vec<_> = (0..3).map(|i| Some(format!("worker-{i}"))).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn the_first_panicking_thread_is_named_after_all_are_joined() {
        let finished = std::sync::atomic::AtomicU32::new(0);
        let joined = thread::scope(|s| {
            let handles = (0..4)
                .map(|i| {
                    let finished = &finished;
                    spawn(s, format!("worker-{i}"), move || {
                        assert!(i % 2 == 0, "worker {i} fails on purpose");
                        finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .expect("four threads start");
            join_all(handles)
        });
        assert_eq!(
            joined,
            Err(Panicked {
                thread: "worker-1".into()
            })
        );
        assert_eq!(finished.into_inner(), 2);
    }

    /// What a run's error says names the thread, and keeps the system's cause.
    #[test]
    fn errors_name_the_thread_and_keep_the_cause() {
        use std::error::Error;
        let refused = SpawnError {
            thread: "consumer-1".into(),
            source: io::Error::new(io::ErrorKind::WouldBlock, "no more threads"),
        };
        assert_eq!(
            refused.to_string(),
            "could not start thread consumer-1: no more threads"
        );
        assert_eq!(
            refused.source().map(ToString::to_string),
            Some("no more threads".into())
        );
        let died = Panicked {
            thread: "producer-0".into(),
        };
        assert_eq!(died.to_string(), "thread producer-0 panicked");
    }
}
