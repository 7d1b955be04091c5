//! The thread-hygiene check catches a thread left running, and passes a joined one.
//! One test in this binary: the count must not see other tests' threads.

use std::sync::mpsc;
use std::thread;

use grader::threads::assert_no_thread_left;

#[test]
fn a_detached_thread_is_caught_and_a_joined_one_is_not() {
    assert_no_thread_left("joined", || {
        thread::spawn(|| {}).join().expect("no panic");
    });
    let (stop, wait) = mpsc::channel::<()>();
    let caught = std::panic::catch_unwind(|| {
        assert_no_thread_left("detached", || {
            thread::spawn(move || {
                let _ = wait.recv();
            });
        });
    });
    drop(stop);
    assert!(caught.is_err(), "a detached thread must be reported");
}
