//! Fuzz target `edits`: see `stackcanvas::fuzzing::edits` for the property it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stackcanvas::fuzzing::edits(data));
