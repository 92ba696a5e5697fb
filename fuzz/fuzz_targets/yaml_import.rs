//! Fuzz target `yaml_import`: see `stackcanvas::fuzzing::yaml_import` for the property it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| stackcanvas::fuzzing::yaml_import(data));
