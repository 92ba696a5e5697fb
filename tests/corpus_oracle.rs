//! The outside oracle: cfn-lint reads our output the same as the input, and finds no new error.
//!
//! For every corpus file and each output format, we export the template and ask
//! `tests/oracle/cfn_oracle.py` (cfn-lint 1.58.0's own decoder and rules, in one Python
//! process) whether the two files decode to the same template and which error rules fire.
//! `.ci/run` installs cfn-lint; set `STACKCANVAS_SKIP_ORACLE=1` to skip on a machine without it.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Format, Node};

/// Files whose comparison cannot succeed, with the reason. Each is still linted.
const NOT_COMPARABLE: &[(&str, &str)] = &[(
    "serverless-patterns/vpc-lattice-lambda__template.yaml",
    "repeats keys in Outputs; cfn-lint refuses to decode the input (E0000), while we report \
     each repeat as an error and keep the last value, as PyYAML does, so the output has no \
     duplicates to compare",
)];

fn field<'a>(line: &'a Node, key: &str) -> Option<&'a Node> {
    line.as_mapping()?.get(key)
}

fn strings(line: &Node, key: &str) -> Vec<String> {
    field(line, key)
        .and_then(Node::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(Node::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn cfn_lint_reads_our_output_as_the_input() {
    if common::skip_oracle() {
        return;
    }
    let dir = common::scratch_dir("oracle");
    let mut pairs = Vec::new();
    let mut expected = Vec::new();
    for (name, path) in common::corpus_files() {
        let bytes = std::fs::read(&path).unwrap();
        let imported = cfn::import(&bytes, &name, Format::from_path(&path)).unwrap();
        for format in [Format::Yaml, Format::Json] {
            let ext = if format == Format::Yaml {
                "yaml"
            } else {
                "json"
            };
            let out = dir.join(format!("{}.{ext}", name.replace('/', "__")));
            std::fs::write(&out, cfn::write(&imported.template, format)).unwrap();
            pairs.push((path.clone(), out));
            expected.push(name.clone());
        }
    }
    let lines = common::run_oracle(&dir, &pairs);

    let baseline = common::lint_baseline();
    let comparable = |name: &str| !NOT_COMPARABLE.iter().any(|(n, _)| *n == name);
    let mut failures = Vec::new();
    let mut same = 0;
    for (name, line) in expected.iter().zip(&lines) {
        let output = field(line, "output")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let new_errors = common::new_errors(line);
        if !new_errors.is_empty() {
            failures.push(format!("{output}: new cfn-lint errors {new_errors:?}"));
        }
        // Rules that judge against today's date (a Lambda runtime past its deprecation day)
        // change their verdict as days pass, so the comparison with a baseline taken on
        // another day leaves them out on both sides. `new_errors` above keeps them: input and
        // output are linted in the same run.
        let calendar = strings(line, "calendar_rules");
        assert!(
            calendar.iter().any(|r| r == "E2533"),
            "the oracle found no date-dependent rules in cfn-lint's source: {calendar:?}"
        );
        let timeless = |rules: Vec<String>| -> Vec<String> {
            rules
                .into_iter()
                .filter(|r| !calendar.contains(r))
                .collect()
        };
        let input_errors = timeless(strings(line, "input_errors"));
        let base = timeless(baseline.get(name).cloned().unwrap_or_default());
        if comparable(name) && input_errors != base {
            failures.push(format!(
                "{name}: cfn-lint gave {input_errors:?}, the baseline says {base:?}"
            ));
        }
        if field(line, "same").is_some_and(|n| n.value == cfn::Value::Bool(true)) {
            same += 1;
        } else if comparable(name) {
            let diff = field(line, "diff")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let err = field(line, "decode_error")
                .and_then(Node::as_str)
                .unwrap_or_default();
            failures.push(format!("{output}: differs from the input: {diff} {err}"));
        }
    }
    eprintln!(
        "cfn-lint oracle: {same} of {} outputs read the same as their input",
        lines.len()
    );
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(same, lines.len() - 2 * NOT_COMPARABLE.len());
}
