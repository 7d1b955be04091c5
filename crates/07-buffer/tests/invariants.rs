//! Properties that must hold under every interleaving and every moment of shutdown,
//! on many in-process runs of pass 07: the grader's invariant suite
//! (`grader::suite::invariants`), run on this pass.

mod pass;

grader::invariant_suite!(pass::PASS);
