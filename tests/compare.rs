//! Comparing two versions of a template, on fixtures of our own (`tests/fixtures/diff/`):
//! every impact class, the cascades, renames, access widened, the other sections, exports
//! removed, what does not count as a change, the `diff` command (with a git revision) and the
//! picture of `render --compare`.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use stackcanvas::cfn::{Template, import};
use stackcanvas::compare::{Comparison, EntryChange, Impact, compare};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name)
}

fn fixture(name: &str) -> Template {
    let path = fixture_path(name);
    let bytes = std::fs::read(&path).unwrap();
    let imported = import(&bytes, name, None).unwrap();
    assert!(!imported.has_errors(), "{name}: {:?}", imported.diagnostics);
    imported.template
}

/// Logical ID to impact key, for the resources that change.
fn impacts(c: &Comparison) -> BTreeMap<&str, &'static str> {
    c.resources
        .iter()
        .map(|r| (r.logical_id.as_str(), r.impact.key()))
        .collect()
}

fn change_paths<'a>(c: &'a Comparison, id: &str) -> Vec<(&'a str, &'static str)> {
    c.resource(id)
        .unwrap()
        .changes
        .iter()
        .map(|ch| (ch.path.as_str(), ch.impact.key()))
        .collect()
}

#[test]
fn every_resource_gets_the_impact_cloudformation_would_give_it() {
    let c = compare(&fixture("base.yaml"), &fixture("changed.yaml"));
    let expected: BTreeMap<&str, &str> = [
        // CidrBlock is create-only.
        ("Vpc", "replace"),
        // VpcId is create-only and refers to the replaced VPC; its own CidrBlock changed too.
        ("Subnet", "replace"),
        // SubnetId (create-only) refers to the replaced subnet.
        ("Web", "replace"),
        // VpcId of a security group is create-only: Ref of a replaced VPC.
        ("WebSg", "replace"),
        // KeySchema is conditionally create-only.
        ("Table", "may_replace"),
        ("Queue", "update"),
        ("Alerts", "add"),
        ("Data", "orphan"),
        ("Logs", "remove"),
        ("WorkerRole", "update"),
    ]
    .into_iter()
    .collect();
    assert_eq!(impacts(&c), expected);

    assert_eq!(
        change_paths(&c, "Vpc"),
        vec![("Properties.CidrBlock", "replace")]
    );
    assert_eq!(
        change_paths(&c, "Queue"),
        vec![("Properties.VisibilityTimeout", "update")]
    );
    assert_eq!(
        change_paths(&c, "Table"),
        vec![
            ("Properties.AttributeDefinitions", "update"),
            ("Properties.KeySchema", "may_replace")
        ]
    );
    let queue = c.resource("Queue").unwrap();
    let change = &queue.changes[0];
    assert_eq!(change.before.as_ref().unwrap().value, num("30"));
    assert_eq!(change.after.as_ref().unwrap().value, num("120"));

    // The cascade says where and from what.
    let web = c.resource("Web").unwrap();
    assert!(web.changes.is_empty(), "{:?}", web.changes);
    assert_eq!(web.cascades.len(), 2, "{:?}", web.cascades);
    let subnet = web.cascades.iter().find(|k| k.from == "Subnet").unwrap();
    assert_eq!(subnet.path, "Properties.SubnetId");
    assert_eq!(subnet.impact, Impact::Replace);
    // SecurityGroupIds is conditionally create-only for an instance.
    let sg = web.cascades.iter().find(|k| k.from == "WebSg").unwrap();
    assert_eq!(sg.impact, Impact::MayReplace);
    // The role refers to the queue, which is only updated: no cascade.
    assert!(c.resource("WorkerRole").unwrap().cascades.is_empty());

    // What holds data is flagged.
    assert!(c.resource("Logs").unwrap().stateful);
    assert!(c.resource("Table").unwrap().stateful);
    assert!(!c.resource("Vpc").unwrap().stateful);
}

fn num(text: &str) -> stackcanvas::cfn::Value {
    stackcanvas::cfn::Value::Number(stackcanvas::cfn::Number::from_text(text))
}

#[test]
fn widened_access_is_called_out() {
    let c = compare(&fixture("base.yaml"), &fixture("changed.yaml"));
    let widenings: Vec<(&str, &str)> = c.widenings().map(|(id, w)| (id, w.what.as_str())).collect();
    assert_eq!(
        widenings,
        vec![
            (
                "WebSg",
                "allows tcp port 22 in from 0.0.0.0/0 [the internet]"
            ),
            ("WorkerRole", "allows s3:* on * [wildcard]"),
        ]
    );
    let role = c.resource("WorkerRole").unwrap();
    assert_eq!(
        role.widenings[0].path,
        "Properties.Policies[0].PolicyDocument.Statement[1]"
    );
}

#[test]
fn the_other_sections_and_removed_exports_are_listed() {
    let c = compare(&fixture("base.yaml"), &fixture("changed.yaml"));
    let entries: Vec<(String, EntryChange)> = c
        .entries
        .iter()
        .map(|e| {
            let name = if e.name.is_empty() {
                e.section.clone()
            } else {
                format!("{}.{}", e.section, e.name)
            };
            (name, e.change)
        })
        .collect();
    assert_eq!(
        entries,
        vec![
            ("Parameters.Env".to_owned(), EntryChange::Modified),
            ("Conditions.IsDev".to_owned(), EntryChange::Added),
            ("Mappings.Sizes".to_owned(), EntryChange::Modified),
            ("Outputs.AlertsArn".to_owned(), EntryChange::Added),
            ("Outputs.VpcId".to_owned(), EntryChange::Removed),
            ("Description".to_owned(), EntryChange::Modified),
        ]
    );
    assert_eq!(c.removed_exports.len(), 1);
    assert_eq!(c.removed_exports[0].name, "!Sub ${AWS::StackName}-VpcId");
    assert_eq!(c.removed_exports[0].output, "VpcId");
}

#[test]
fn the_written_form_is_not_a_change() {
    // JSON against YAML, long form against short, keys in another order, DependsOn as a
    // list, GetAtt as "A.B", a number as a string.
    let c = compare(&fixture("base.yaml"), &fixture("reformatted.json"));
    assert!(c.is_empty(), "{:#?}", c.resources);
    let c = compare(&fixture("base.yaml"), &fixture("base.yaml"));
    assert!(c.is_empty());
}

#[test]
fn renames_type_changes_and_deploy_time_values() {
    let c = compare(&fixture("renamed-old.yaml"), &fixture("renamed.yaml"));
    let expected: BTreeMap<&str, &str> = [
        ("Store", "remove"),
        ("Archive", "add"),
        ("Notes", "replace"),
        ("Reader", "may_replace"),
    ]
    .into_iter()
    .collect();
    assert_eq!(impacts(&c), expected);
    let archive = c.resource("Archive").unwrap();
    let rename = archive.rename.as_ref().unwrap();
    assert_eq!(
        (rename.from.as_str(), rename.to.as_str()),
        ("Store", "Archive")
    );
    assert!(archive.stateful);
    assert_eq!(c.resource("Store").unwrap().rename, archive.rename);
    assert_eq!(change_paths(&c, "Notes"), vec![("Type", "replace")]);
    let reader = c.resource("Reader").unwrap();
    assert_eq!(reader.changes[0].path, "Properties.QueueName");
    assert!(
        reader.changes[0].reason.contains("deploy time"),
        "{}",
        reader.changes[0].reason
    );
}

#[test]
fn the_cost_before_and_after_is_added_when_asked() {
    use stackcanvas::cost::{Book, Inputs, estimate};
    let (old, new) = (fixture("base.yaml"), fixture("changed.yaml"));
    let book = Book::shipped("us-east-1").unwrap();
    let inputs = Inputs {
        region: "us-east-1".into(),
        ..Inputs::default()
    };
    let mut c = compare(&old, &new);
    let (before, after) = (
        estimate(&old, Some(&book), &inputs),
        estimate(&new, Some(&book), &inputs),
    );
    c.set_cost(&before, &after);
    let cost = c.cost.as_ref().unwrap();
    // Env goes from dev (t3.micro) to prod (m5.xlarge): the instance's hours.
    let web = |e: &stackcanvas::cost::Estimate| e.resource("Web").unwrap().total();
    assert_eq!(cost.before.total(), before.totals().total());
    assert_eq!(cost.after.total(), after.totals().total());
    assert!(cost.difference().lo > rust_decimal::Decimal::ZERO);
    assert!(web(&after).lo > web(&before).lo);
    let text = stackcanvas::compare::to_text(&c, "old", "new");
    assert!(text.contains("Cost per month: "), "{text}");
}

fn bin(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .output()
        .unwrap()
}

#[test]
fn the_diff_command_writes_text_and_json_and_fails_on_what_it_is_told() {
    let dir = fixture_path("");
    let out = bin(&["diff", "base.yaml", "changed.yaml"], &dir);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "Resources: 1 added, 1 removed, 1 orphaned, 4 replaced, 1 may be replaced, 2 updated"
        ),
        "{text}"
    );
    assert!(
        text.contains("Properties.CidrBlock: 10.0.0.0/16 -> 10.1.0.0/16  (create-only property)"),
        "{text}"
    );
    assert!(
        text.contains("- !Sub ${AWS::StackName}-VpcId (output VpcId)"),
        "{text}"
    );

    let out = bin(
        &[
            "diff",
            "base.yaml",
            "changed.yaml",
            "--format",
            "json",
            "--no-cost",
        ],
        &dir,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["counts"]["replace"], 4);
    assert_eq!(json["cost"], serde_json::Value::Null);
    let vpc = json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["logical_id"] == "Vpc")
        .unwrap();
    assert_eq!(vpc["changes"][0]["before"], "10.0.0.0/16");
    assert_eq!(vpc["changes"][0]["impact"], "replace");

    let out = bin(
        &[
            "diff",
            "base.yaml",
            "changed.yaml",
            "--fail-on",
            "replace,remove",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("replace, remove"));
    let out = bin(
        &[
            "diff",
            "base.yaml",
            "reformatted.json",
            "--fail-on",
            "replace,remove",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("No changes"));

    let out = bin(&["diff", "base.yaml", "nothing-here.yaml"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing-here.yaml"));
}

#[test]
fn a_version_can_be_a_git_revision() {
    let dir = common::scratch_dir("diff-git");
    let Some(file) = common::git_repo_with_change(
        &dir,
        "infra/stack.yaml",
        &fixture_path("base.yaml"),
        &fixture_path("changed.yaml"),
        "base",
    ) else {
        return;
    };

    let out = bin(
        &[
            "diff",
            "HEAD:infra/stack.yaml",
            "infra/stack.yaml",
            "--no-cost",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Comparing HEAD:infra/stack.yaml -> infra/stack.yaml"),
        "{text}"
    );
    assert!(text.contains("! Vpc (AWS::EC2::VPC)  REPLACED"), "{text}");

    let revisions = stackcanvas::compare::revisions(&file, 5);
    assert_eq!(revisions[0].rev, "HEAD");
    assert!(
        revisions.iter().any(|r| r.label.ends_with("base")),
        "{revisions:?}"
    );

    let out = bin(
        &["diff", "HEAD~5:infra/stack.yaml", "infra/stack.yaml"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("HEAD~5"),
        "{out:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn render_compare_draws_every_change_with_its_class() {
    let dir = fixture_path("");
    let svg_path =
        std::env::temp_dir().join(format!("stackcanvas-compare-{}.svg", std::process::id()));
    let out = bin(
        &[
            "render",
            "--compare",
            "base.yaml",
            "changed.yaml",
            "-o",
            svg_path.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    std::fs::remove_file(&svg_path).ok();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let change_of = |id: &str| {
        doc.descendants()
            .find(|n| {
                n.attribute("data-logical-id") == Some(id) || n.attribute("data-key") == Some(id)
            })
            .and_then(|n| n.attribute("data-change"))
    };
    // The removed and orphaned buckets are drawn, ghosted.
    assert_eq!(change_of("Logs"), Some("remove"));
    assert_eq!(change_of("Data"), Some("orphan"));
    assert_eq!(change_of("Alerts"), Some("add"));
    assert_eq!(change_of("Vpc"), Some("replace"));
    assert_eq!(change_of("Table"), Some("may_replace"));
    assert_eq!(change_of("Queue"), Some("update"));
    assert_eq!(change_of("Web"), Some("replace"));
    let ghost = doc
        .descendants()
        .find(|n| n.attribute("data-logical-id") == Some("Logs"))
        .unwrap();
    assert!(ghost.attribute("opacity").is_some());
    assert!(
        doc.descendants()
            .any(|n| n.attribute("class") == Some("legend"))
    );
    // Unchanged resources carry no change.
    assert_eq!(svg.matches("data-change=").count(), 10, "{svg}");
}

#[test]
fn a_replacement_that_becomes_certain_cascades_as_certain() {
    let old = "Resources:
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-1, CidrBlock: 10.0.1.0/24}}
  Web:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet}
  Disk: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, Size: 8}}
  Attach:
    Type: AWS::EC2::VolumeAttachment
    Properties: {InstanceId: !Ref Web, VolumeId: !Ref Disk, Device: /dev/sdf}
";
    // A conditionally create-only change (may replace), and a new subnet (replace for sure).
    let new = old
        .replace("t3.micro", "t3.small")
        .replace("10.0.1.0/24", "10.0.2.0/24");
    let read = |text: &str| import(text.as_bytes(), "t.yaml", None).unwrap().template;
    let c = compare(&read(old), &read(&new));
    assert_eq!(c.resource("Web").unwrap().impact, Impact::Replace);
    let attach = c.resource("Attach").unwrap();
    assert_eq!(attach.impact, Impact::Replace, "{:?}", attach.cascades);
    assert_eq!(attach.cascades.len(), 1);
    assert_eq!(attach.cascades[0].path, "Properties.InstanceId");
}
