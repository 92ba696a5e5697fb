//! Fuzz target `roundtrip`: see `stackcanvas::fuzzing::roundtrip` for the property it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stackcanvas::fuzzing::roundtrip(data));
