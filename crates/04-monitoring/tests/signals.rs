//! Real SIGINT and SIGTERM sent to the `04-monitoring` process at many moments: the
//! grader's signal suite (`grader::suite::signals`, which says what each check does),
//! run on this pass.

mod pass;

use pass::PASS;

grader::signal_suite!(PASS);

#[test]
fn sigint_right_after_ready_shuts_down_gracefully() {
    insta::assert_snapshot!(
        "sigint_graceful",
        grader::suite::signals::sigint_right_after_ready(&PASS)
    );
}
