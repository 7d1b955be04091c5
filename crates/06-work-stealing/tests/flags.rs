//! The command line: bad flag values are refused with a clear message and exit
//! status 2 (the library never sees them, so no input can make the pass panic), every
//! flag is documented, and the boundary values themselves are accepted. The tables
//! are the grader's (`grader::suite::flags`), every entry up to this pass: the earlier
//! passes' flags are refused and accepted here exactly as there. And a thread that
//! cannot start (an address space too small for its stack) ends the run with status 1.

grader::flag_suite!(env!("CARGO_BIN_EXE_06-work-stealing"), 6);
