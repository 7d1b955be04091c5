//! Properties that must hold under every interleaving, checked on many runs of the
//! library in-process (fast, so there are many schedules to catch a race in).

use basic::{Config, run};
use grader::{Expect, graded};

/// Runs pass 01 in-process, grades its transcript, and checks the returned summary
/// against it; returns the summary.
fn graded_in_process(config: &Config) -> basic::Summary {
    let mut out = Vec::new();
    let summary = run(config, &mut out).expect("the run completes");
    let text = String::from_utf8(out).expect("UTF-8 transcript");
    let expect = if config.quiet {
        Expect::quiet(config.total_tasks())
    } else {
        Expect::tasks(config.total_tasks())
    };
    graded(text, &expect);
    assert_eq!(summary.created, config.total_tasks(), "{config:?}");
    assert_eq!(summary.processed(), config.total_tasks(), "{config:?}");
    assert_eq!(
        summary.per_consumer.len() as u32,
        config.consumers,
        "{config:?}"
    );
    summary
}

#[test]
fn every_task_exactly_once_across_a_grid_of_shapes() {
    for producers in [1, 2, 3, 8] {
        for consumers in [1, 2, 3, 8] {
            for tasks in [1, 7, 100, 101] {
                let config = Config {
                    producers,
                    consumers,
                    tasks,
                    ..Config::default()
                };
                graded_in_process(&config);
            }
        }
    }
}

#[test]
fn every_task_exactly_once_over_many_schedules() {
    // Small, contended runs repeated: each repetition is another interleaving.
    let config = Config {
        producers: 4,
        consumers: 4,
        tasks: 25,
        ..Config::default()
    };
    for seed in 0..200 {
        graded_in_process(&Config {
            seed,
            ..config.clone()
        });
    }
}

#[test]
fn the_result_does_not_depend_on_the_schedule_or_thread_counts() {
    let reference = graded_in_process(&Config::default()).result_sum();
    for consumers in [1, 2, 5, 16] {
        for _ in 0..5 {
            let config = Config {
                consumers,
                ..Config::default()
            };
            assert_eq!(
                graded_in_process(&config).result_sum(),
                reference,
                "{consumers} consumers"
            );
        }
    }
    let other_seed = Config {
        seed: 43,
        ..Config::default()
    };
    assert_ne!(
        graded_in_process(&other_seed).result_sum(),
        reference,
        "the seed must matter"
    );
}

#[test]
fn a_quiet_run_keeps_the_contract() {
    let config = Config {
        producers: 10,
        consumers: 5,
        tasks: 10_000,
        quiet: true,
        ..Config::default()
    };
    graded_in_process(&config);
}
