//! Fuzz target `sub`: see `stackcanvas::fuzzing::sub` for the property it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stackcanvas::fuzzing::sub(data));
