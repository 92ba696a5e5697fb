//! The fuzz targets' properties (`stackcanvas::fuzzing`) on stable Rust, with no fuzzer:
//! over the committed seed corpora, every crash the fuzzers found (`fuzz/regressions/`), our
//! samples and fixtures, and a fixed set of pseudo-random inputs. See `FUZZING.md`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use stackcanvas::fuzzing;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 5] = [
    ("yaml_import", fuzzing::yaml_import),
    ("json_import", fuzzing::json_import),
    ("sub", fuzzing::sub),
    ("edits", fuzzing::edits),
    ("roundtrip", fuzzing::roundtrip),
];

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn run_over(name: &str, target: Target, files: &[PathBuf]) {
    for path in files {
        let data = std::fs::read(path).unwrap();
        let result = std::panic::catch_unwind(|| target(&data));
        assert!(
            result.is_ok(),
            "fuzz target {name} fails on {}",
            path.display()
        );
    }
}

#[test]
fn every_target_passes_its_seeds_and_regressions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seeds_run = 0;
    for (name, target) in TARGETS {
        let seeds = files_in(&root.join("seeds").join(name));
        assert!(!seeds.is_empty(), "{name} has no seed corpus");
        seeds_run += seeds.len();
        run_over(name, target, &seeds);
        run_over(
            name,
            target,
            &files_in(&root.join("regressions").join(name)),
        );
    }
    assert!(seeds_run >= 15);
}

#[test]
fn import_targets_pass_on_samples_and_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = files_in(&root.join("samples"));
    files.extend(files_in(&root.join("tests/fixtures")));
    files.extend(files_in(&root.join("tests/fixtures/bad")));
    files.extend(files_in(&root.join("tests/fixtures/foreach")));
    files.retain(|p| p.extension().is_some_and(|e| e != "md"));
    assert!(files.len() > 20);
    for (name, target) in [
        ("yaml_import", fuzzing::yaml_import as Target),
        ("json_import", fuzzing::json_import),
        ("roundtrip", fuzzing::roundtrip),
    ] {
        run_over(name, target, &files);
    }
}

/// A few hundred inputs from a fixed generator, so the edit target runs long sequences in CI
/// too. Not a substitute for the fuzzer, which is guided by coverage.
#[test]
fn edit_target_passes_on_pseudo_random_sequences() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..100 {
        let data: Vec<u8> = (0..160)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let result = std::panic::catch_unwind(|| fuzzing::edits(&data));
        assert!(result.is_ok(), "edits fails on {data:?}");
    }
}
