//! `compare` against an outside oracle: `@aws-cdk/cloudformation-diff` (the AWS CDK's template
//! diff, pinned in `tools/cfn-diff-oracle/`), on our fixture pairs, both ways, and on versions
//! of every corpus template that this test makes by editing it as a person would between two
//! commits: a create-only property changed, an updatable one changed, a topic added, a
//! `DeletionPolicy: Retain` set; then that resource removed (orphaned), another removed, and
//! one renamed.
//!
//! Both tools read the same CloudFormation JSON. For every resource, our impact must equal the
//! oracle's, or the difference must be one of [`Known`], each a case where the two differ by
//! design, recognised from what our comparison says about the resource. The test prints the
//! agreement and every known difference, and fails on any other.
//!
//! The oracle runs once, in one `node` process (`tools/cfn-diff-oracle/oracle.js`); when its
//! `node_modules` is missing the test runs `npm ci` there. `STACKCANVAS_SKIP_ORACLE=1` skips
//! it.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use stackcanvas::cfn::{self, Format, Mapping, Node, Template, Value};
use stackcanvas::compare::{Comparison, Impact, ResourceDiff, compare};
use stackcanvas::schema;

/// Why our impact differs from the oracle's, by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Known {
    /// A create-only property whose old or new value is only known at deploy time (a
    /// parameter, `!Sub` with variables): we say it may replace, the oracle that it replaces.
    DeployTimeValue,
    /// The CloudFormation schemas (cfn-lint's) mark the property conditionally create-only;
    /// the CDK's spec marks it create-only (`KeySchema` of a DynamoDB table).
    ConditionalInSchema,
    /// We follow a replacement to the resources that refer to the replaced one through an
    /// updatable property and list them as updated; the oracle lists only cascaded
    /// replacements.
    CascadedUpdate,
    /// We follow replacements through `${X}` in a `!Sub`, through references inside
    /// `Fn::Join`, `Fn::If`, `Fn::Select` or a `Fn::Sub` variable map, and from resources that
    /// may be replaced; the oracle's walk stops at the first `Fn::` wrapper, does not read
    /// `Sub` strings, and starts only from certain replacements.
    WiderCascade,
    /// Through `GetAtt` the new value is not certain to differ: we say may replace where the
    /// oracle says replace.
    GetAttCascade,
    /// The two property databases disagree on whether a property replaces: the CDK's
    /// aws-service-spec against the CloudFormation resource schemas that cfn-lint ships
    /// (`Domain` of an EIP, `StageName` of a SAM API).
    SpecDiffers,
    /// A cascade from a resource that the two databases judge differently: it refers to one
    /// that one side replaces and the other does not.
    SpecDiffersCascade,
}

impl Known {
    fn reason(self) -> &'static str {
        match self {
            Known::DeployTimeValue => {
                "a create-only value only known at deploy time: may replace (ours), replace (cdk)"
            }
            Known::ConditionalInSchema => {
                "conditionally create-only in the CloudFormation schema, create-only in the CDK spec"
            }
            Known::CascadedUpdate => "an update cascaded from a replacement: cdk lists none",
            Known::WiderCascade => {
                "a cascade through a Sub string, a reference inside Join/If/Select, or a may-replace, which cdk does not follow"
            }
            Known::GetAttCascade => "a cascade through GetAtt: may replace (ours), replace (cdk)",
            Known::SpecDiffers => "the CDK spec and the CloudFormation schema disagree",
            Known::SpecDiffersCascade => {
                "a cascade from a resource the CDK spec and the CloudFormation schema judge differently"
            }
        }
    }
}

/// Why our impact for `r` may differ from `theirs`, if it is a known difference.
fn explain(r: Option<&ResourceDiff>, theirs: Option<&str>) -> Option<Known> {
    let ours = r.map(|r| r.impact);
    let r = r?;
    let direct = |i: Impact| r.changes.iter().any(|c| c.impact == i);
    let reason = |text: &str| r.changes.iter().any(|c| c.reason.contains(text));
    match (ours, theirs) {
        (Some(Impact::MayReplace), Some("replace")) => {
            if reason("deploy time") {
                Some(Known::DeployTimeValue)
            } else if reason("conditionally") {
                Some(Known::ConditionalInSchema)
            } else if r.cascades.iter().any(|k| k.impact == Impact::MayReplace) {
                Some(Known::GetAttCascade)
            } else {
                None
            }
        }
        (Some(Impact::Update), None) if r.changes.is_empty() && !r.cascades.is_empty() => {
            Some(Known::CascadedUpdate)
        }
        (Some(Impact::Replace | Impact::MayReplace), Some("update") | None)
            if !direct(Impact::Replace) && !direct(Impact::MayReplace) =>
        {
            Some(Known::WiderCascade)
        }
        // A property we judge updatable and the CDK spec does not, or the other way round.
        (Some(Impact::Update), Some("replace" | "may_replace"))
            if r.changes.iter().any(|c| c.path.starts_with("Properties."))
                || r.cascades.iter().any(|k| k.impact == Impact::Update) =>
        {
            Some(Known::SpecDiffers)
        }
        (Some(Impact::MayReplace | Impact::Replace), Some("update"))
            if r.changes.iter().any(|c| c.reason.contains("create-only")) =>
        {
            Some(Known::SpecDiffers)
        }
        _ => None,
    }
}

/// Reads a template, or `None` when it has errors or loops (the oracle does not expand
/// `Fn::ForEach`; we do, so the two would not compare the same resources).
fn read(path: &Path) -> Option<Template> {
    let bytes = std::fs::read(path).ok()?;
    let imported = cfn::import(&bytes, &path.display().to_string(), None).ok()?;
    (!imported.has_errors() && imported.template.loops().is_empty()).then_some(imported.template)
}

fn resources_mut(t: &mut Template) -> &mut Mapping {
    t.resources_mapping_mut().unwrap()
}

/// The first top-level property of `r` (in file order) that is a plain string and, by the
/// schema, create-only (`want_create_only`) or neither create-only nor conditionally so.
fn literal_property(t: &Template, id: &str, want_create_only: bool) -> Option<String> {
    let r = t.resource(id)?;
    let s = schema::lookup(r.type_name())?;
    r.properties()?
        .iter()
        .find(|(k, v)| {
            v.as_str().is_some()
                && if want_create_only {
                    s.is_create_only(k)
                } else {
                    !s.is_create_only(k) && !s.is_conditional_create_only(k)
                }
        })
        .map(|(k, _)| k.to_owned())
}

fn set_property(t: &mut Template, id: &str, key: &str) {
    let props = resources_mut(t)
        .get_mut(id)
        .and_then(Node::as_mapping_mut)
        .and_then(|m| m.get_mut("Properties"))
        .and_then(Node::as_mapping_mut)
        .unwrap();
    let old = props.get(key).and_then(Node::as_str).unwrap().to_owned();
    props.insert(key, Node::string(format!("{old}2")));
}

/// Two versions after `v0`, made by editing it; `None` when there is too little to edit.
fn versions(v0: &Template) -> Option<(Template, Template)> {
    let ids: Vec<String> = v0.resources().map(|r| r.logical_id.to_owned()).collect();
    if ids.len() < 4 {
        return None;
    }
    let mut v1 = v0.clone();
    // A create-only property and an updatable one, of two different resources.
    let replaced = ids
        .iter()
        .find_map(|id| literal_property(v0, id, true).map(|k| (id.clone(), k)));
    if let Some((id, key)) = &replaced {
        set_property(&mut v1, id, key);
    }
    let updated = ids
        .iter()
        .filter(|id| replaced.as_ref().is_none_or(|(r, _)| r != *id))
        .find_map(|id| literal_property(v0, id, false).map(|k| (id.clone(), k)));
    if let Some((id, key)) = &updated {
        set_property(&mut v1, id, key);
    }
    let mut topic = Mapping::new();
    topic.insert("Type", Node::string("AWS::SNS::Topic"));
    resources_mut(&mut v1).insert("OracleAddedTopic", Node::new(Value::Mapping(topic)));
    let kept = ids.last().unwrap().clone();
    resources_mut(&mut v1)
        .get_mut(&kept)
        .and_then(Node::as_mapping_mut)
        .unwrap()
        .insert("DeletionPolicy", Node::string("Retain"));

    let mut v2 = v1.clone();
    resources_mut(&mut v2).remove(&kept);
    let removed = &ids[ids.len() - 2];
    resources_mut(&mut v2).remove(removed);
    let renamed = &ids[ids.len() - 3];
    resources_mut(&mut v2).rename_key(renamed, &format!("{renamed}Renamed"));
    Some((v1, v2))
}

/// Installs the oracle's packages when they are missing.
fn oracle_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/cfn-diff-oracle");
    if !dir
        .join("node_modules/@aws-cdk/cloudformation-diff")
        .is_dir()
    {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm must be on PATH to install the cdk diff oracle (see .ci/run)");
        assert!(status.success(), "npm ci in {} failed", dir.display());
    }
    dir
}

/// Runs the oracle on the pairs: per pair, logical ID to impact.
fn run_oracle(pairs: &[(String, PathBuf, PathBuf)]) -> Vec<BTreeMap<String, String>> {
    let dir = oracle_dir();
    let input: Vec<serde_json::Value> = pairs
        .iter()
        .map(|(name, old, new)| serde_json::json!({"name": name, "old": old, "new": new}))
        .collect();
    let mut child = Command::new("node")
        .arg(dir.join("oracle.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node must be on PATH (see .ci/run)");
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        serde_json::to_string(&input).unwrap().as_bytes(),
    )
    .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the oracle failed");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert!(
                p["error"].is_null(),
                "oracle error on {}: {}",
                p["name"],
                p["error"]
            );
            p["resources"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        })
        .collect()
}

#[test]
fn our_impacts_agree_with_the_cdk_diff() {
    if common::skip_oracle() {
        return;
    }
    let work = common::scratch_dir("compare-oracle");
    let mut versions_of: Vec<(String, Template, Template)> = Vec::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    for (a, b) in [
        ("base.yaml", "changed.yaml"),
        ("changed.yaml", "base.yaml"),
        ("renamed-old.yaml", "renamed.yaml"),
        ("renamed.yaml", "renamed-old.yaml"),
        ("base.yaml", "reformatted.json"),
    ] {
        versions_of.push((
            format!("fixtures/{a} -> {b}"),
            read(&fixtures.join(a)).unwrap(),
            read(&fixtures.join(b)).unwrap(),
        ));
    }
    let mut corpus = 0;
    for (name, path) in common::corpus_files() {
        let Some(v0) = read(&path) else { continue };
        let Some((v1, v2)) = versions(&v0) else {
            continue;
        };
        corpus += 1;
        versions_of.push((format!("{name} v0 -> v1"), v0, v1.clone()));
        versions_of.push((format!("{name} v1 -> v2"), v1, v2));
    }
    assert!(
        corpus >= 30,
        "only {corpus} corpus templates could be edited"
    );

    // Both tools read the same JSON.
    let mut pairs = Vec::new();
    let mut ours: Vec<Comparison> = Vec::new();
    for (i, (name, old, new)) in versions_of.iter().enumerate() {
        let (po, pn) = (
            work.join(format!("{i}-old.json")),
            work.join(format!("{i}-new.json")),
        );
        std::fs::write(&po, cfn::write(old, Format::Json)).unwrap();
        std::fs::write(&pn, cfn::write(new, Format::Json)).unwrap();
        let reread = |p: &Path| read(p).unwrap();
        ours.push(compare(&reread(&po), &reread(&pn)));
        pairs.push((name.clone(), po, pn));
    }
    let theirs = run_oracle(&pairs);

    let mut agree = 0;
    let mut total = 0;
    let mut known: BTreeMap<Known, Vec<String>> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut by_impact: BTreeMap<&str, usize> = BTreeMap::new();
    for (((name, _, _), (c, t)), (_, _, new)) in
        pairs.iter().zip(ours.iter().zip(&theirs)).zip(&versions_of)
    {
        let graph = stackcanvas::model::RefGraph::build(new, "");
        // The resources that one side replaces and the other does not, because the databases
        // disagree; and what refers to them, at any distance.
        let mut judged_apart: Vec<String> = c
            .resources
            .iter()
            .filter(|r| {
                explain(Some(r), t.get(&r.logical_id).map(String::as_str))
                    == Some(Known::SpecDiffers)
            })
            .map(|r| r.logical_id.clone())
            .collect();
        loop {
            let more: Vec<String> = t
                .keys()
                .filter(|id| !judged_apart.contains(id))
                .filter(|id| {
                    graph
                        .outgoing_refs(id)
                        .iter()
                        .any(|(to, _)| judged_apart.iter().any(|j| j == to))
                })
                .cloned()
                .collect();
            if more.is_empty() {
                break;
            }
            judged_apart.extend(more);
        }
        let mut ids: Vec<&str> = c.resources.iter().map(|r| r.logical_id.as_str()).collect();
        ids.extend(t.keys().map(String::as_str));
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            total += 1;
            let r = c.resource(id);
            let mine = r.map(|r| r.impact.key());
            let other = t.get(id).map(String::as_str);
            if mine == other {
                agree += 1;
                *by_impact.entry(mine.unwrap_or("none")).or_default() += 1;
                continue;
            }
            let line = format!(
                "{name}: {id}: ours {}, cdk {}",
                mine.unwrap_or("no change"),
                other.unwrap_or("no change")
            );
            let why = explain(r, other).or_else(|| {
                (judged_apart.iter().any(|j| j == id)
                    && matches!(other, Some("replace" | "may_replace"))
                    && r.is_none_or(|r| r.impact < Impact::Replace))
                .then_some(Known::SpecDiffersCascade)
            });
            match why {
                Some(k) => known.entry(k).or_default().push(line),
                None => unexplained.push(format!(
                    "{line}\n      ours: {:?}",
                    r.map(|r| (&r.changes, &r.cascades))
                )),
            }
        }
    }
    let mut report = format!(
        "{} pairs ({corpus} corpus templates, two versions each): {agree} of {total} resource impacts agree ({:.1}%)\nagreeing by impact: {by_impact:?}\n",
        pairs.len(),
        100.0 * f64::from(agree) / f64::from(total.max(1))
    );
    for (k, lines) in &known {
        writeln!(
            report,
            "known: {} ({}): {}",
            k.reason(),
            lines.len(),
            lines.join("; ")
        )
        .unwrap();
    }
    eprintln!("{report}");
    assert!(
        unexplained.is_empty(),
        "{report}\nunexplained differences:\n{}",
        unexplained.join("\n")
    );
    // The scripted edits are seen the same by both: every add, orphan and remove.
    for impact in ["add", "orphan", "remove", "replace", "update"] {
        assert!(by_impact.get(impact).copied().unwrap_or(0) > 10, "{report}");
    }
    // Most of what the two say is the same; the rest is listed above, by design.
    assert!(f64::from(agree) / f64::from(total) > 0.8, "{report}");
}
