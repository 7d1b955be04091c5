//! Thread hygiene for pass 07: after `run` returns, the process has no more threads than before,
//! for every shutdown mode and every way a run ends (`grader::suite::threads`). Linux
//! only; one test in this binary, so no other test's threads come and go meanwhile.
#![cfg(target_os = "linux")]

mod pass;

grader::thread_suite!(pass::PASS);
