//! The source document's scenario, canonicalised and compared: which consumer took
//! which task and when are scheduling, so the canonical form sorts the body and
//! redacts them; what is left (every line, every count, the sum of results) is the
//! same on every run. No task fails and the claim time is far above any task, so no
//! delivery is ever reclaimed.

use assert_cmd::cargo::cargo_bin;
use grader::tether;

fn snapshot(name: &str, args: &[&str]) {
    let out = tether::command(cargo_bin!("10-broker"))
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    grader::broker::check(&stdout, out.status.code())
        .unwrap_or_else(|f| panic!("{f:#?}\n{stdout}"));
    insta::assert_snapshot!(name, grader::broker::canonical(&stdout));
}

#[test]
fn the_default_run() {
    snapshot("default", &["--claim-idle-ms", "10000"]);
}

#[test]
fn a_bounded_run_with_one_consumer() {
    snapshot(
        "one_consumer",
        &[
            "--producers",
            "2",
            "--tasks",
            "5",
            "--consumers",
            "1",
            "--claim-idle-ms",
            "10000",
        ],
    );
}
