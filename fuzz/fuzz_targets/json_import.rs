//! Fuzz target `json_import`: see `stackcanvas::fuzzing::json_import` for the property it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stackcanvas::fuzzing::json_import(data));
