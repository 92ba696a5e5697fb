//! Helpers shared by the integration tests: where the corpus and fixtures are.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

/// The project directory.
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus`, beside the checkout.
pub fn corpus_dir() -> PathBuf {
    project_dir().join("../shared/corpus")
}

/// Every corpus template listed in `MANIFEST.tsv`, as (name, path).
///
/// Panics if the corpus is missing: the tests need it, and CI has it beside the checkout.
pub fn corpus_files() -> Vec<(String, PathBuf)> {
    let manifest = corpus_dir().join("MANIFEST.tsv");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| {
        panic!(
            "the corpus manifest {} is missing ({e}); ../shared must sit beside the checkout",
            manifest.display()
        )
    });
    let files: Vec<_> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|f| !f.is_empty())
        .map(|f| (f.to_owned(), corpus_dir().join(f)))
        .collect();
    assert!(
        files.len() >= 50,
        "expected the 50 corpus templates, found {}",
        files.len()
    );
    files
}

/// The error rule ids cfn-lint reports on each corpus file (`CFN_LINT_BASELINE.tsv`).
pub fn lint_baseline() -> std::collections::HashMap<String, Vec<String>> {
    let text = std::fs::read_to_string(corpus_dir().join("CFN_LINT_BASELINE.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let rules = cols.get(6).copied().unwrap_or_default();
            Some((
                (*cols.first()?).to_owned(),
                rules
                    .split(',')
                    .filter(|r| r.starts_with('E'))
                    .map(str::to_owned)
                    .collect(),
            ))
        })
        .collect()
}

/// A fixture file's path.
pub fn fixture(name: &str) -> PathBuf {
    project_dir().join("tests/fixtures").join(name)
}

/// The fixtures in one folder of `tests/fixtures` (`pyyaml`, `foreach`), as names relative to
/// `tests/fixtures`, sorted: a new fixture there is picked up by every test that lists them.
pub fn fixtures_in(folder: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(project_dir().join("tests/fixtures").join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .map(|n| format!("{folder}/{n}"))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no fixtures in tests/fixtures/{folder}");
    v
}

/// The samples shipped in `samples/`.
pub fn samples() -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(project_dir().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    v.sort();
    v
}

/// A fresh scratch directory for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh copy of `files` (paths relative to it) of the fixture folder `folder`, in the
/// scratch folder `name`, to write to.
pub fn fixture_copy(folder: &str, files: &[&str], name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let from = project_dir().join("tests/fixtures").join(folder);
    for rel in files {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from.join(rel), to).unwrap();
    }
    dir
}

/// Whether the cfn-lint oracle is to be skipped (`STACKCANVAS_SKIP_ORACLE` is set).
pub fn skip_oracle() -> bool {
    let skip = std::env::var_os("STACKCANVAS_SKIP_ORACLE").is_some();
    if skip {
        eprintln!("STACKCANVAS_SKIP_ORACLE is set: skipping the cfn-lint oracle");
    }
    skip
}

/// Runs `tests/oracle/cfn_oracle.py` on `(input, output)` pairs in one Python process and
/// returns its JSON line for each pair, in order.
pub fn run_oracle(dir: &Path, pairs: &[(PathBuf, PathBuf)]) -> Vec<stackcanvas::cfn::Node> {
    use std::fmt::Write as _;
    let mut tsv = String::new();
    for (input, output) in pairs {
        writeln!(tsv, "{}\t{}", input.display(), output.display()).unwrap();
    }
    let pairs_file = dir.join("pairs.tsv");
    std::fs::write(&pairs_file, tsv).unwrap();
    let output = std::process::Command::new("python3")
        .arg(project_dir().join("tests/oracle/cfn_oracle.py"))
        .arg(&pairs_file)
        .output()
        .expect("python3 must be on PATH with cfn-lint 1.58.0 (see .ci/run)");
    assert!(
        output.status.success(),
        "the oracle failed (is cfn-lint installed? see .ci/run):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<_> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            stackcanvas::cfn::read_json(l, "oracle output")
                .unwrap()
                .root
        })
        .collect();
    assert_eq!(lines.len(), pairs.len(), "one oracle result per pair");
    lines
}

/// The error rules cfn-lint reports on the output but not on the input, for one oracle line.
pub fn new_errors(line: &stackcanvas::cfn::Node) -> Vec<String> {
    line.get_path(&["new_errors"])
        .and_then(stackcanvas::cfn::Node::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(stackcanvas::cfn::Node::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A git repository in `dir` (emptied first) whose one commit, named `message`, holds `base`
/// at `file`, and whose working tree then holds `changed` there; the path of `file`. `None`
/// when git is not installed.
pub fn git_repo_with_change(
    dir: &Path,
    file: &str,
    base: &Path,
    changed: &Path,
    message: &str,
) -> Option<PathBuf> {
    use std::process::Command;
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return None;
    }
    std::fs::remove_dir_all(dir).ok();
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q"]);
    std::fs::copy(base, &path).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", message]);
    std::fs::copy(changed, &path).unwrap();
    Some(path)
}
