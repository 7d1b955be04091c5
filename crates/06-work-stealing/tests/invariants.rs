//! Properties that must hold under every interleaving and every moment of shutdown,
//! and in every statistics block,
//! checked on many runs of the library in-process, each with the default failure rate
//! (so some tasks fail): every task produced has exactly one outcome (succeeded,
//! dead-lettered, not processed, undelivered); the phases and their lines are in order;
//! the exit status agrees with the accounting. The failure kinds themselves are
//! exercised in `failures.rs`.

use std::thread;
use std::time::Duration;

use clap::Parser;
use grader::{Bound, Expect, StopMode, graded};
// The runs are shaped with pass 05's flags (this pass's are pass 05's and three more).
use errors::Config;
use work_stealing::{Control, Mode, Summary, Trigger, WorkRange, run};

/// Runs pass 06 in-process, on `config` and skewed so that steals happen (with
/// `signal_after`, a signal from another thread after that long), grades its
/// transcript, and checks the summary against it.
pub fn graded_in_process(config: &Config, signal_after: Option<Duration>) -> Summary {
    let stealing = work_stealing::Config::parse_from(["06", "--heavy-ms", "3"]).stealing;
    let config = &work_stealing::Config {
        base: config.clone(),
        stealing,
    };
    let control = &Control::default();
    let mut out = Vec::new();
    let summary = thread::scope(|s| {
        if let Some(delay) = signal_after {
            // The delay only picks *when* the signal comes; nothing waits on it.
            s.spawn(move || {
                thread::sleep(delay);
                control.signal();
            });
        }
        run(config, &mut out, control).expect("the run completes")
    });
    let text = String::from_utf8(out).expect("UTF-8 transcript");
    let mode = match config.shutdown {
        Mode::Graceful => StopMode::Graceful,
        Mode::Immediate => StopMode::Immediate,
        Mode::Timeout => {
            StopMode::Timeout(config.drain().expect("timeout mode").as_millis() as u64)
        }
    };
    let completed = !config.endless && summary.trigger.is_none();
    let expect = match (config.quiet, completed) {
        (false, true) => Expect::tasks(config.total_tasks()),
        (true, true) => Expect::quiet(config.total_tasks()),
        (false, false) => Expect::tasks_unknown(),
        (true, false) => Expect::quiet_unknown(),
    };
    let bound = config
        .bound()
        .map_or(Bound::Unbounded, |c| Bound::Capacity(c as u64));
    graded(
        text,
        &expect
            .bounded(bound)
            .stoppable(mode)
            .monitored()
            .failing()
            .stealing(),
    );
    assert!(summary.accounting_holds(), "{config:?}: {summary:?}");
    summary
}

fn fast(capacity: u64, shutdown: Mode) -> Config {
    Config {
        producers: 3,
        consumers: 2,
        capacity,
        shutdown,
        rate: 0,
        work_ms: WorkRange {
            min_ms: 0,
            max_ms: 1,
        },
        ..Config::default()
    }
}

#[test]
fn stop_after_n_tasks_in_every_mode_and_bound() {
    for mode in [Mode::Graceful, Mode::Immediate, Mode::Timeout] {
        for capacity in [0, 1, 10] {
            for stop_after in [1, 7, 40] {
                let config = Config {
                    stop_after: Some(stop_after),
                    ..fast(capacity, mode)
                };
                let summary = graded_in_process(&config, None);
                assert_eq!(summary.trigger, Some(Trigger::TaskLimit));
                assert!(summary.processed() >= stop_after, "{config:?}");
            }
        }
    }
}

#[test]
fn a_signal_at_many_moments() {
    for delay_ms in [0, 1, 2, 5, 10, 20] {
        for mode in [Mode::Graceful, Mode::Immediate] {
            let summary = graded_in_process(&fast(10, mode), Some(Duration::from_millis(delay_ms)));
            assert_eq!(summary.trigger, Some(Trigger::Signal));
            let expected = if summary.not_processed().is_empty() {
                130
            } else {
                3
            };
            assert_eq!(summary.exit_code(), expected);
            if mode == Mode::Graceful {
                assert!(summary.not_processed().is_empty(), "graceful loses nothing");
            }
        }
    }
}

#[test]
fn duration_stops_a_run_that_would_go_on() {
    for mode in [Mode::Graceful, Mode::Immediate, Mode::Timeout] {
        let config = Config {
            duration_ms: Some(30),
            ..fast(10, mode)
        };
        let summary = graded_in_process(&config, None);
        assert_eq!(summary.trigger, Some(Trigger::Duration));
    }
}

#[test]
fn a_drain_timeout_escalates() {
    // 10 ms per task, a queue of 50, 2 consumers: the drain needs ~250 ms, more than 20.
    let config = Config {
        drain_ms: Some(20),
        capacity: 50,
        work_ms: WorkRange {
            min_ms: 10,
            max_ms: 10,
        },
        stop_after: Some(4),
        ..fast(50, Mode::Timeout)
    };
    let summary = graded_in_process(&config, None);
    assert!(summary.escalated);
    assert_eq!(summary.exit_code(), 3);
}

#[test]
fn a_run_with_a_task_limit_completes_with_status_0() {
    for capacity in [0, 1, 10] {
        let config = Config {
            tasks: 20,
            endless: false,
            ..fast(capacity, Mode::Graceful)
        };
        let summary = graded_in_process(&config, None);
        assert_eq!(summary.trigger, None);
        assert_eq!(summary.processed(), 60);
        assert_eq!(summary.exit_code(), 0);
    }
}

#[test]
fn a_signal_after_the_producers_finished_still_drains_gracefully() {
    // Producers are done in microseconds; consumers need ~60 × 2 ms / 2.
    let config = Config {
        tasks: 20,
        endless: false,
        work_ms: WorkRange {
            min_ms: 2,
            max_ms: 2,
        },
        ..fast(100, Mode::Graceful)
    };
    for delay_ms in [5, 30] {
        let summary = graded_in_process(&config, Some(Duration::from_millis(delay_ms)));
        assert_eq!(summary.processed(), 60, "nothing lost");
    }
}

#[test]
fn quiet_runs_keep_the_accounting() {
    for mode in [Mode::Graceful, Mode::Immediate] {
        let config = Config {
            quiet: true,
            stop_after: Some(500),
            ..fast(10, mode)
        };
        graded_in_process(&config, None);
    }
}

#[test]
fn the_default_workload_ends_by_itself_with_a_final_block() {
    // The exercise's 3 × 50 tasks, paced fast enough for a test.
    let config = Config {
        rate: 0,
        work_ms: WorkRange {
            min_ms: 0,
            max_ms: 2,
        },
        stats_interval_ms: 5,
        ..Config::default()
    };
    let summary = graded_in_process(&config, None);
    assert_eq!((summary.trigger, summary.processed()), (None, 150));
}

#[test]
fn statistics_off_still_prints_the_final_block() {
    let config = Config {
        stats_interval_ms: 0,
        ..fast(10, Mode::Graceful)
    };
    graded_in_process(
        &Config {
            endless: false,
            tasks: 30,
            ..config
        },
        None,
    );
}

#[test]
fn a_full_queue_warns() {
    // Producers at full speed, consumers at 5 ms a task: the queue of 4 stays full.
    let config = Config {
        capacity: 4,
        depth_warn: Some(2),
        stats_interval_ms: 20,
        work_ms: WorkRange {
            min_ms: 5,
            max_ms: 5,
        },
        duration_ms: Some(200),
        ..fast(4, Mode::Immediate)
    };
    graded_in_process(&config, None);
}
