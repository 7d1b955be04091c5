//! Real SIGINT and SIGTERM sent to the `07-buffer` process at many moments: the
//! grader's signal suite (`grader::suite::signals`, which says what each check does),
//! run on this pass; the output suite (`grader::suite::output`: a closed or failing
//! stdout stops the run); and the snapshot of a graceful stop.

mod pass;

use pass::PASS;

grader::signal_suite!(PASS);
grader::output_suite!(PASS);
grader::snapshot_suite!(PASS; sigint_graceful);
