//! The command line: bad flag values are refused with a clear message and exit
//! status 2, every flag is documented, and the boundary values themselves are
//! accepted. The tables are the grader's (`grader::suite::flags`), every entry of the
//! passes this one carries the flags of (01, 02, 03 and its own). And a thread that
//! cannot start ends the run with status 1.

grader::flag_suite!(env!("CARGO_BIN_EXE_07-buffer"), 7);
