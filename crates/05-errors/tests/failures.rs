//! Each failure kind on its own, then all of them together, on in-process runs of
//! pass 05: the grader's failure suite (`grader::suite::failures`), run on this
//! pass. The runs that panic on purpose print the usual panic message on stderr.

mod pass;

grader::failure_suite!(pass::PASS);
