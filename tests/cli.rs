//! The `stackcanvas` binary: `check` and `convert` as a user runs them.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};

fn stackcanvas(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
        .args(args)
        .current_dir(common::project_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_prints_types_containment_references_and_warnings() {
    let (code, out, err) = stackcanvas(
        &[
            "check",
            "samples/vpc-two-az.yaml",
            "samples/serverless.yaml",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("samples/vpc-two-az.yaml: 21 resources"),
        "{out}"
    );
    assert!(
        out.contains("AWS::EC2::Subnet                       4"),
        "{out}"
    );
    assert!(out.contains("    Vpc (EC2::VPC)\n"), "{out}");
    assert!(
        out.contains(
            "      PublicSubnetA (EC2::Subnet, AZ 1, public)\n        NatEip (EC2::EIP)\n        NatGateway (EC2::NatGateway)"
        ),
        "{out}"
    );
    assert!(
        out.contains("PrivateSubnetB (EC2::Subnet, AZ 2, private)"),
        "{out}"
    );
    assert!(
        out.contains("References: 45 (DependsOn 5, GetAtt 6, Ref 34)"),
        "{out}"
    );
    assert!(out.contains("samples/serverless.yaml:"), "{out}");
}

#[test]
fn check_exits_1_on_an_error_and_names_the_place() {
    let (code, out, err) = stackcanvas(&["check", "tests/fixtures/bad/no-type.yaml"], None);
    assert_eq!(code, 1);
    assert!(
        out.contains("tests/fixtures/bad/no-type.yaml:4:3: error: resource Bucket has no Type"),
        "{out}"
    );
    let (code, _, err2) = stackcanvas(&["check", "tests/fixtures/bad/malformed.json"], None);
    assert_eq!(code, 1);
    assert!(
        err2.contains("tests/fixtures/bad/malformed.json:3:3: error: JSON syntax error"),
        "{err2} {err}"
    );
    let (code, out, _) = stackcanvas(&["check", "tests/fixtures/bad/dangling-ref.yaml"], None);
    assert_eq!(code, 1, "CloudFormation refuses a reference to nothing");
    assert!(
        out.contains(":8:14: error: refers to MissingBucket"),
        "{out}"
    );
}

#[test]
fn convert_picks_the_format_by_extension_and_reads_stdin() {
    let dir = common::scratch_dir("cli-convert");
    let json = dir.join("out.json");
    let (code, _, err) = stackcanvas(
        &[
            "convert",
            "samples/serverless.yaml",
            "-o",
            json.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(
        text.starts_with("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\","),
        "{text}"
    );
    assert!(text.contains("\"Fn::GetAtt\": [\n"), "long form in JSON");

    // Back to YAML through stdin and stdout.
    let (code, yaml, err) = stackcanvas(
        &["convert", "-", "-o", "-", "--to", "yaml"],
        Some(text.as_bytes()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(yaml.contains("!GetAtt "), "short form in YAML:\n{yaml}");
    let original = std::fs::read("samples/serverless.yaml").unwrap();
    let a = stackcanvas::cfn::import(&original, "a", None)
        .unwrap()
        .template;
    let b = stackcanvas::cfn::import(yaml.as_bytes(), "b", None)
        .unwrap()
        .template;
    assert_eq!(a.root_node().first_difference(b.root_node()), None);

    let (code, _, err) = stackcanvas(
        &[
            "convert",
            "tests/fixtures/bad/top-level-list.yaml",
            "-o",
            "-",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("top-level-list.yaml:2:1: error"), "{err}");
}

#[test]
fn check_of_a_folder_reports_each_stack_and_what_is_wrong_across_files() {
    let (code, out, err) = stackcanvas(&["check", "tests/fixtures/project/broken"], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("Project tests/fixtures/project/broken: 3 stacks"),
        "{out}"
    );
    assert!(
        out.contains("  Storage (storage.yaml), nested in root as Storage\n"),
        "{out}"
    );
    for line in [
        "tests/fixtures/project/broken/root.yaml:8:20: error: nested stack Missing runs a template not found: there is no layers/missing.yaml in the project (resource Missing)",
        "tests/fixtures/project/broken/root.yaml:10:3: error: nested stack Storage does not pass BucketName, which storage.yaml requires (it has no default)",
        "tests/fixtures/project/broken/other.yaml:10:30: error: Queue imports shared-dlq-arn, which no stack of the project exports (resource Queue)",
        "tests/fixtures/project/broken/storage.yaml:15:13: error: export shared-bucket-arn is also defined by other.yaml",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // Each member is checked as a template of its own too.
    assert!(
        out.contains("tests/fixtures/project/broken/storage.yaml: 1 resource"),
        "{out}"
    );
}

#[test]
fn check_of_a_root_template_opens_the_nested_stacks_it_runs() {
    let (code, out, err) = stackcanvas(&["check", "tests/fixtures/project/nested/root.yaml"], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Project tests/fixtures/project/nested/root.yaml: 3 stacks"),
        "{out}"
    );
    assert!(
        out.contains("  Service (app/service.yaml), nested in root as Service\n"),
        "{out}"
    );
    assert!(
        out.contains("    Service/Worker -> Network/PrivateSubnetA: parameter SubnetIds, from output Network.PrivateSubnets\n"),
        "{out}"
    );
    assert!(out.contains("  No warnings across files"), "{out}");
}

#[test]
fn check_of_a_folder_says_which_stack_a_stack_name_parameter_means() {
    let (code, out, err) = stackcanvas(&["check", "tests/fixtures/project/imports/"], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("    app ParentNetworkStack = network (the one stack whose exports match; candidates: network)"),
        "{out}"
    );
    assert!(
        out.contains("    app/WebGroup -> network/SubnetA: ImportValue network-SubnetA"),
        "{out}"
    );
}

#[test]
fn render_of_a_folder_draws_one_architecture_keyed_by_stack() {
    let (code, svg, err) = stackcanvas(
        &["render", "tests/fixtures/project/nested", "-o", "-"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        svg.contains("data-logical-id=\"Service/Worker\" data-stack=\"Service\""),
        "{svg}"
    );
    assert!(
        svg.contains("data-key=\"Network/PrivateSubnetA\" data-stack=\"Network\""),
        "{svg}"
    );
    // The nested stacks are not boxes of their own once their templates are found.
    assert!(!svg.contains("data-logical-id=\"root/Network\""), "{svg}");
    assert!(svg.contains("<g class=\"legend stacks\">"), "{svg}");
    // An arrow between stacks says how the templates wire it.
    let (code, svg, err) = stackcanvas(
        &[
            "render",
            "tests/fixtures/project/nested",
            "--view",
            "references",
            "-o",
            "-",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        svg.contains("<title>Service/Worker Ref Network/PrivateSubnetB [across stacks: parameter SubnetIds, from output Network.PrivateSubnets]</title>"),
        "{svg}"
    );
    let (code, _, err) = stackcanvas(
        &["render", "tests/fixtures/project/broken", "-o", "-"],
        None,
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("other.yaml:10:30: error: Queue imports shared-dlq-arn"),
        "{err}"
    );
}
