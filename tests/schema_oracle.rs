//! Agreement with cfn-lint on the schema checks: for the rules that cover the same ground
//! (E3002 unknown property, E3003 required, E3012 type, E3030 enum, E3031 pattern, E1010
//! GetAtt, E3032-E3034 bounds, E1041 Ref formats and their neighbours), the set of (file, resource, property path, rule) findings
//! of `schema::check_template` against cfn-lint 1.58.0's, on the corpus, our schema fixtures
//! (`tests/fixtures/schema/`), the other deployable fixtures and samples, and a generated
//! template.
//!
//! cfn-lint runs once over every file (`tests/oracle/schema_oracle.py`). The test prints the
//! agreement per rule, and fails below 95% overall or when a corpus file that cfn-lint passes
//! (no error rule in `CFN_LINT_BASELINE.tsv`) gets an error from us.
//! `STACKCANVAS_SKIP_ORACLE=1` skips it; `STACKCANVAS_SCHEMA_EXTRA=DIR` adds the templates
//! in DIR to the comparison.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use stackcanvas::cfn::{self, Format, Node, Template, Value};
use stackcanvas::schema::{self, CheckOptions};

/// The cfn-lint rules compared, each with the part of it that our checks cover.
const COMPARED: &[&str] = &[
    "E3002", "E3003", "E3012", "E3030", "E3031", "E3014", "E3058", "E3020", "E3021", "E3040",
    "E1010", "E1019", "E6101", "E3006", "E3710", "W3696", "W3697", "E3032", "E3033", "E3034",
    "E1041",
];

/// Where our findings and cfn-lint's are known to differ, and why; they are listed and not
/// counted as agreeing: the agreement figure counts them as disagreements. (file suffix,
/// rule or "" for any, path prefix, reason)
const KNOWN: &[(&str, &str, &str, &str)] = &[
    (
        "fixtures/schema/conditions-and-lists.yaml",
        "E3012",
        "Resources/Function/Properties/MemorySize/Fn::If/2",
        "the resource exists only when Prod holds, so CloudFormation never sees the Fn::If's \
         other branch; cfn-lint checks it all the same",
    ),
    (
        "fixtures/schema/nested-mistakes.yaml",
        "",
        "Resources/Table/Properties/KeySchema",
        "KeySchema is a oneOf (a list, or JSON as a string); cfn-lint reports the errors of the \
         branch that fits best, we do not look into oneOf branches",
    ),
];

/// One finding as compared: (file, path, rule). The path joins keys and indexes with `/`;
/// for E3003 it ends with the missing property's name.
type Key = (String, String, String);

fn field<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.as_mapping()?.get(key)
}

fn text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_str().to_owned(),
        other => format!("{other:?}"),
    }
}

/// The files compared: (name shown, path).
fn files(scratch: &Path) -> Vec<(String, PathBuf)> {
    let mut v = common::corpus_files();
    for folder in ["schema", "pyyaml", "foreach"] {
        for name in common::fixtures_in(folder) {
            v.push((format!("fixtures/{name}"), common::fixture(&name)));
        }
    }
    for name in [
        "mixed-forms.yaml",
        "long-form.json",
        "sam-transform.yaml",
        "comments-crlf.yaml",
        "unknown-tags.yaml",
        "broken-resources.yaml",
    ] {
        v.push((format!("fixtures/{name}"), common::fixture(name)));
    }
    for path in common::samples() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        v.push((format!("samples/{name}"), path));
    }
    // More templates to compare on, from outside the repository (not committed).
    if let Some(dir) = std::env::var_os("STACKCANVAS_SCHEMA_EXTRA") {
        let mut extra: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .collect();
        extra.sort();
        for path in extra {
            let name = format!("extra/{}", path.file_name().unwrap().to_string_lossy());
            v.push((name, path));
        }
    }
    let generated = scratch.join("generated-400.yaml");
    std::fs::write(&generated, stackcanvas::generate::generate_yaml(400, 3)).unwrap();
    v.push(("generated-400.yaml".to_owned(), generated));
    v
}

/// Runs the oracle over `paths` in one process; one JSON line per file.
fn run_oracle(dir: &Path, paths: &[PathBuf]) -> Vec<Node> {
    let list = dir.join("files.txt");
    let mut body = String::new();
    for p in paths {
        writeln!(body, "{}", p.display()).unwrap();
    }
    std::fs::write(&list, body).unwrap();
    let output = std::process::Command::new("python3")
        .arg(common::project_dir().join("tests/oracle/schema_oracle.py"))
        .arg(&list)
        .output()
        .expect("python3 must be on PATH with cfn-lint 1.58.0 (see .ci/run)");
    assert!(
        output.status.success(),
        "the schema oracle failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Node> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| cfn::read_json(l, "oracle output").unwrap().root)
        .collect();
    assert_eq!(lines.len(), paths.len());
    lines
}

/// Whether a cfn-lint match is about something our checks look at: a resource of the
/// template (not one the SAM transform made, not a SAM resource), or an output; for the
/// GetAtt rules, only an attribute a type does not have (cfn-lint names the regions then).
fn in_scope(template: &Template, rule: &str, path: &[String], message: &str) -> bool {
    match path {
        [section, id, ..] if section == "Resources" => {
            let Some(r) = template.resource(id) else {
                return false;
            };
            if r.type_name().starts_with("AWS::Serverless::") {
                return false;
            }
        }
        [section, ..] if section == "Outputs" => {}
        _ => return false,
    }
    match rule {
        "E1010" | "E1019" | "E6101" => message.contains("] in ['"),
        _ => true,
    }
}

/// A type's deprecation is about the resource: cfn-lint reports it at `Properties`, we at
/// `Type`.
fn resource_level(rule: &str, path: &str) -> String {
    if matches!(rule, "E3710" | "W3696" | "W3697") {
        path.split('/').take(2).collect::<Vec<_>>().join("/")
    } else {
        path.to_owned()
    }
}

/// The comparison key of a cfn-lint match.
fn their_key(file: &str, rule: &str, path: &[String], message: &str) -> Key {
    let mut p = resource_level(rule, &path.join("/"));
    if rule == "E3003"
        && let Some(name) = message
            .strip_prefix('\'')
            .and_then(|m| m.split_once('\''))
            .map(|(n, _)| n)
    {
        p.push('/');
        p.push_str(name);
    }
    (file.to_owned(), p, rule.to_owned())
}

#[derive(Default)]
struct Tally {
    both: usize,
    ours: Vec<String>,
    theirs: Vec<String>,
    known: Vec<String>,
}

#[test]
fn schema_checks_agree_with_cfn_lint() {
    if common::skip_oracle() {
        return;
    }
    let dir = common::scratch_dir("schema_oracle");
    let files = files(&dir);
    let paths: Vec<PathBuf> = files.iter().map(|(_, p)| p.clone()).collect();
    let lines = run_oracle(&dir, &paths);
    let baseline = common::lint_baseline();
    let corpus: BTreeSet<String> = common::corpus_files().into_iter().map(|(n, _)| n).collect();

    let mut ours: BTreeMap<Key, String> = BTreeMap::new();
    let mut theirs: BTreeMap<Key, String> = BTreeMap::new();
    let mut out_of_scope = 0;
    let mut new_errors = Vec::new();
    for ((name, path), line) in files.iter().zip(&lines) {
        let error = field(line, "error").map(text).unwrap_or_default();
        assert!(error.is_empty(), "{name}: {error}");
        let bytes = std::fs::read(path).unwrap();
        let Ok(imported) = cfn::import(&bytes, name, Format::from_path(path)) else {
            continue;
        };
        let template = &imported.template;
        let matches = field(line, "matches")
            .and_then(Node::as_sequence)
            .unwrap_or_default();
        if matches
            .iter()
            .any(|m| field(m, "rule").map(text).as_deref() == Some("E0000"))
        {
            // cfn-lint could not read the file (a repeated key); there is nothing to compare.
            continue;
        }
        for m in matches {
            let rule = field(m, "rule").map(text).unwrap_or_default();
            if !COMPARED.contains(&rule.as_str()) {
                continue;
            }
            let mpath: Vec<String> = field(m, "path")
                .and_then(Node::as_sequence)
                .unwrap_or_default()
                .iter()
                .map(text)
                .collect();
            let message = field(m, "message").map(text).unwrap_or_default();
            if !in_scope(template, &rule, &mpath, &message) {
                out_of_scope += 1;
                continue;
            }
            theirs.insert(their_key(name, &rule, &mpath, &message), message);
        }
        // A Type not shaped like one is reported by the template checks, not the schema's.
        for d in &imported.diagnostics {
            if d.message.contains("is not a resource type such as")
                && let Some(id) = &d.logical_id
            {
                ours.insert(
                    (
                        name.clone(),
                        format!("Resources/{id}/Type"),
                        "E3006".to_owned(),
                    ),
                    d.to_string(),
                );
            }
        }
        let findings = schema::check_template(template, name, &CheckOptions::default());
        for f in &findings {
            if f.diagnostic.is_error() && corpus.contains(name) {
                let clean = baseline
                    .get(name)
                    .is_some_and(|rules| rules.iter().all(|r| !r.starts_with('E')));
                if clean {
                    new_errors.push(f.diagnostic.to_string());
                }
            }
            let Some(rule) = f.cfn_lint else { continue };
            ours.insert(
                (
                    name.clone(),
                    resource_level(rule, &f.path.join("/")),
                    rule.to_owned(),
                ),
                f.diagnostic.to_string(),
            );
        }
    }

    let mut by_rule: BTreeMap<String, Tally> = BTreeMap::new();
    let known = |key: &Key| {
        KNOWN
            .iter()
            .find(|(file, rule, prefix, _)| {
                key.0.ends_with(file)
                    && (rule.is_empty() || key.2 == *rule)
                    && key.1.starts_with(prefix)
            })
            .map(|(_, _, _, why)| *why)
    };
    let keys: BTreeSet<&Key> = ours.keys().chain(theirs.keys()).collect();
    for key in keys {
        let tally = by_rule.entry(key.2.clone()).or_default();
        let shown = format!("{} {} {}", key.0, key.2, key.1);
        match (ours.get(key), theirs.get(key)) {
            (Some(_), Some(_)) => tally.both += 1,
            (a, b) => {
                if let Some(why) = known(key) {
                    tally.known.push(format!("{shown} ({why})"));
                } else if let Some(ours) = a {
                    tally.ours.push(format!("{shown}\n      ours: {ours}"));
                } else if let Some(theirs) = b {
                    tally
                        .theirs
                        .push(format!("{shown}\n      cfn-lint: {theirs}"));
                }
            }
        }
    }

    let mut report = String::from("rule   both  ours only  cfn-lint only  known  agreement\n");
    let (mut both, mut total, mut known_total) = (0, 0, 0);
    for (rule, t) in &by_rule {
        let n = t.both + t.ours.len() + t.theirs.len() + t.known.len();
        both += t.both;
        total += n;
        known_total += t.known.len();
        writeln!(
            report,
            "{rule}  {:>5}  {:>9}  {:>13}  {:>5}  {:>8.1}%",
            t.both,
            t.ours.len(),
            t.theirs.len(),
            t.known.len(),
            percent(t.both, n)
        )
        .unwrap();
    }
    let overall = percent(both, total);
    writeln!(
        report,
        "all    {both:>5} of {total} findings agree: {overall:.1}% ({known_total} known differences counted as disagreements)"
    )
    .unwrap();
    writeln!(report, "({out_of_scope} cfn-lint matches of these rules are out of scope: resources the SAM transform makes, SAM resources, GetAtt of resources that are not there)").unwrap();
    for (rule, t) in &by_rule {
        for d in t.ours.iter().chain(&t.theirs).chain(&t.known) {
            writeln!(report, "  {rule}: {d}").unwrap();
        }
    }
    eprintln!("{report}");
    assert!(
        new_errors.is_empty(),
        "corpus files that cfn-lint passes get schema errors from us:\n{}",
        new_errors.join("\n")
    );
    assert!(overall >= 95.0, "agreement {overall:.1}% is under 95%");
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = part as f64 * 100.0 / whole as f64;
        r
    }
}

#[test]
#[ignore = "prints our findings on the schema fixtures"]
fn print_findings() {
    for name in common::fixtures_in("schema") {
        let path = common::fixture(&name);
        let bytes = std::fs::read(&path).unwrap();
        let imported = cfn::import(&bytes, &name, Format::from_path(&path)).unwrap();
        for f in schema::check_template(&imported.template, &name, &CheckOptions::default()) {
            eprintln!("{}", f.diagnostic);
        }
    }
}
