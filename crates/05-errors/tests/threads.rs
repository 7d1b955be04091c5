//! Thread hygiene for pass 05: after `run` returns, the process has no more threads than before,
//! for every shutdown mode, every way a run ends and every kind of failure
//! (`grader::suite::threads`). Linux only; one test in this binary, so no other
//! test's threads come and go meanwhile.
#![cfg(target_os = "linux")]

mod pass;

grader::failing_thread_suite!(pass::PASS);
