//! Properties that must hold under every interleaving and every moment of shutdown,
//! and in every statistics block, on many in-process runs of pass 04: the grader's
//! invariant and statistics suites (`grader::suite::invariants`), run on this pass.

mod pass;

grader::invariant_suite!(pass::PASS);
grader::statistics_suite!(pass::PASS);
