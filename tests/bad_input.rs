//! Bad input never panics, hangs or eats memory: it gets an error, or a warning where the
//! template is still usable, naming the file, line and column (and the logical ID).

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Diagnostic, Format, ImportError, Imported, Severity};

fn import_fixture(name: &str) -> (String, Result<Imported, ImportError>) {
    let path = common::fixture(&format!("bad/{name}"));
    let bytes = std::fs::read(&path).unwrap();
    let label = format!("bad/{name}");
    let r = cfn::import(&bytes, &label, Format::from_path(&path));
    (label, r)
}

/// Expects the import to fail with a message at `line`, containing `words`.
fn expect_error(name: &str, line: usize, words: &str) {
    let (label, r) = import_fixture(name);
    let err = match r {
        Ok(i) => panic!("{label} must not import; got {:?}", i.diagnostics),
        Err(e) => e,
    };
    check_diagnostic(&label, err.diagnostic(), Some(line), words);
}

fn check_diagnostic(label: &str, d: &Diagnostic, line: Option<usize>, words: &str) {
    let text = d.to_string();
    assert!(
        text.starts_with(&format!("{label}:")),
        "{text:?} must start with the file name"
    );
    let pos = d.pos.unwrap_or_else(|| panic!("{text:?} has no position"));
    if let Some(line) = line {
        assert_eq!(pos.line, line, "{text}");
    }
    assert!(
        text.contains(&format!(":{}:{}:", pos.line, pos.column)),
        "{text}"
    );
    assert!(
        text.to_lowercase().contains(&words.to_lowercase()),
        "{text:?} should say {words:?}"
    );
}

/// Expects the import to succeed with a diagnostic of `severity` mentioning `words`.
fn expect_diagnostic(
    name: &str,
    severity: Severity,
    line: usize,
    words: &str,
    logical_id: Option<&str>,
) {
    let (label, r) = import_fixture(name);
    let imported = r.unwrap_or_else(|e| panic!("{label} should import: {e}"));
    let graph = stackcanvas::model::RefGraph::build(&imported.template, &label);
    let all: Vec<&Diagnostic> = imported
        .diagnostics
        .iter()
        .chain(&graph.diagnostics)
        .collect();
    let d = all
        .iter()
        .find(|d| {
            d.severity == severity && d.message.to_lowercase().contains(&words.to_lowercase())
        })
        .unwrap_or_else(|| panic!("{label}: no {severity} about {words:?} in {all:#?}"));
    check_diagnostic(&label, d, Some(line), words);
    assert_eq!(d.logical_id.as_deref(), logical_id, "{d}");
}

#[test]
fn syntax_errors_name_the_place() {
    expect_error("malformed.yaml", 9, "YAML syntax error");
    expect_error("malformed.json", 3, "expected ',' or '}'");
    expect_error("tab-indent.yaml", 4, "tab");
}

#[test]
fn unreadable_bytes_are_refused() {
    expect_error("empty.yaml", 1, "empty");
    expect_error("latin1.yaml", 3, "not UTF-8");
    let (label, r) = import_fixture("binary.bin");
    let err = r.unwrap_err();
    check_diagnostic(&label, err.diagnostic(), None, "binary");
}

#[test]
fn wrong_shapes_are_errors() {
    expect_error("top-level-list.yaml", 2, "must be a mapping");
    expect_diagnostic(
        "resources-not-map.yaml",
        Severity::Error,
        4,
        "Resources must be a mapping",
        None,
    );
    expect_diagnostic(
        "no-type.yaml",
        Severity::Error,
        4,
        "has no Type",
        Some("Bucket"),
    );
    expect_diagnostic(
        "type-not-string.yaml",
        Severity::Error,
        6,
        "Type of resource",
        Some("Bucket"),
    );
}

#[test]
/// What CloudFormation would refuse at deploy time is an error; the file still opens, so that
/// the user can fix it.
fn what_cloudformation_refuses_is_an_error_and_still_opens() {
    expect_diagnostic(
        "duplicate-keys.yaml",
        Severity::Error,
        8,
        "duplicate key \"BucketName\"",
        Some("Bucket"),
    );
    expect_diagnostic(
        "duplicate-logical-id.yaml",
        Severity::Error,
        6,
        "duplicate logical ID Bucket",
        Some("Bucket"),
    );
    expect_diagnostic(
        "getatt-no-attr.yaml",
        Severity::Error,
        8,
        "has no attribute",
        None,
    );
    expect_diagnostic("ref-list.yaml", Severity::Error, 10, "!Ref takes", None);
    expect_diagnostic(
        "dangling-ref.yaml",
        Severity::Error,
        8,
        "refers to MissingBucket",
        Some("Param"),
    );
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused() {
    expect_error("alias-bomb.yaml", 7, "alias bomb");
    for (text, format) in [
        (
            format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
            Format::Yaml,
        ),
        (
            format!("{}0{}", "[".repeat(10_000), "]".repeat(10_000)),
            Format::Json,
        ),
        (
            (0..5_000).fold(String::new(), |acc, i| acc + &" ".repeat(i) + "a:\n"),
            Format::Yaml,
        ),
    ] {
        let err = cfn::import_text(&text, "deep", Some(format), false).unwrap_err();
        assert!(err.diagnostic().pos.is_some(), "{err}");
        assert!(
            err.to_string().contains("nests deeper") || err.to_string().contains("recursion"),
            "{err}"
        );
    }
}

#[test]
fn a_self_reference_and_dependency_cycle_are_errors() {
    let text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: B\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: A\n    Properties:\n      TopicName: !GetAtt B.TopicName\n";
    let imported = cfn::import_text(text, "cycle.yaml", None, false).unwrap();
    let g = stackcanvas::model::RefGraph::build(&imported.template, "cycle.yaml");
    let msgs: Vec<String> = g.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains(": error: circular dependency between A, B")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("cycle.yaml:9:") && m.contains("error: B refers to itself")),
        "{msgs:#?}"
    );
}
