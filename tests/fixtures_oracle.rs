//! The outside oracle on our own fixtures: every template of `tests/fixtures` that
//! CloudFormation deploys, saved in its own format and converted to the other, reads in
//! cfn-lint as the same template, with no error rule the input does not have.
//!
//! This covers what the corpus may not: PyYAML's leniencies, `Fn::ForEach` loops (their
//! conversion keeps the loop) and the mixed forms of intrinsic functions.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Format, Node, Value};
use stackcanvas::model::Document;

/// Fixtures besides those of `tests/fixtures/pyyaml` and `tests/fixtures/foreach`.
const OTHERS: &[&str] = &[
    "mixed-forms.yaml",
    "long-form.json",
    "sam-transform.yaml",
    "comments-crlf.yaml",
    "bom.yaml",
];

#[test]
fn cfn_lint_reads_each_fixture_and_its_conversions_alike() {
    if common::skip_oracle() {
        return;
    }
    let dir = common::scratch_dir("fixtures-oracle");
    let mut fixtures = common::fixtures_in("pyyaml");
    fixtures.extend(common::fixtures_in("foreach"));
    fixtures.extend(OTHERS.iter().map(|s| (*s).to_owned()));
    let mut pairs = Vec::new();
    for name in &fixtures {
        let path = common::fixture(name);
        let bytes = std::fs::read(&path).unwrap();
        let imported = cfn::import(&bytes, name, Format::from_path(&path))
            .unwrap_or_else(|e| panic!("{name} must open: {e}"));
        assert!(!imported.has_errors(), "{name}: {:?}", imported.diagnostics);
        let doc = Document::new(imported.template);
        for (format, ext) in [(Format::Json, "json"), (Format::Yaml, "yaml")] {
            let out = dir.join(format!("{}.{ext}", name.replace('/', "__")));
            std::fs::write(&out, doc.save_text(format).unwrap()).unwrap();
            pairs.push((path.clone(), out));
        }
    }
    let lines = common::run_oracle(&dir, &pairs);
    let mut failures = Vec::new();
    for line in &lines {
        let output = line
            .get_path(&["output"])
            .and_then(Node::as_str)
            .unwrap_or_default();
        if line.get_path(&["same"]).map(|n| &n.value) != Some(&Value::Bool(true)) {
            failures.push(format!(
                "{output}: cfn-lint reads it differently: {:?} {:?}",
                line.get_path(&["diff"]).and_then(Node::as_str),
                line.get_path(&["decode_error"]).and_then(Node::as_str)
            ));
        }
        let new = common::new_errors(line);
        if !new.is_empty() {
            failures.push(format!("{output}: new cfn-lint errors {new:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(lines.len(), 2 * fixtures.len());
    assert!(fixtures.len() >= 19, "{fixtures:?}");
}
