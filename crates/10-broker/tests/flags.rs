//! Bad input: every refused flag names itself and exits with 2, before any process
//! or broker starts; no broker installed is a clear error with status 1.

use assert_cmd::cargo::cargo_bin;
use grader::tether;

fn refused(args: &[&str], names: &str) {
    let out = tether::command(cargo_bin!("10-broker"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(names), "{args:?}: {stderr}");
}

#[test]
fn bad_values_name_their_flag() {
    refused(&["--consumers", "0"], "--consumers");
    refused(&["--capacity", "0"], "--capacity");
    refused(&["--fail-rate", "1.5"], "--fail-rate");
    refused(&["--max-deliveries", "0"], "--max-deliveries");
    refused(&["--claim-idle-ms", "5"], "--claim-idle-ms");
    refused(&["--name", "a}b"], "--name");
    refused(&["--role", "boss"], "--role");
    refused(&["--wrap-consumers", " "], "--wrap-consumers");
}

#[test]
fn contradictions_are_refused() {
    refused(
        &["--work-ms", "0..2000", "--claim-idle-ms", "1000"],
        "--claim-idle-ms",
    );
    refused(&["--drain-ms", "10"], "--drain-ms");
    // A producer or consumer is started by a launcher, which always gives the broker.
    refused(&["--role", "consumer"], "--redis");
    refused(&["--role", "producer", "--index", "1"], "--redis");
}

#[test]
fn no_redis_server_is_a_clear_error() {
    let out = tether::command(cargo_bin!("10-broker"))
        .env("PATH", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("redis-server is not installed"), "{stderr}");
}

#[test]
fn no_broker_at_the_url_is_a_clear_error() {
    let out = tether::command(cargo_bin!("10-broker"))
        .args(["--redis", "redis://127.0.0.1:1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("10-broker: the broker: "), "{stderr}");
}
