//! Hostile input on top of the foundation's bad input: strange encodings and shapes, files
//! that are not files, and templates over CloudFormation's limits. Nothing panics or hangs;
//! each gets a message naming the file, or a warning while the template still opens.

#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write as _;

use stackcanvas::cfn::{self, Format};
use stackcanvas::cli::read_template_file;

#[test]
fn utf16_crlf_tabs_long_lines_and_huge_flow_sequences_open() {
    let text = "Resources:\r\n  Topic:\r\n    Type: AWS::SNS::Topic\r\n    Properties:\r\n      DisplayName: \"a\\tb\"\r\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let t = cfn::import(&utf16, "utf16.yaml", None).unwrap().template;
    assert_eq!(
        t.resource("Topic")
            .unwrap()
            .property(&["DisplayName"])
            .and_then(|n| n.as_str()),
        Some("a\tb")
    );
    // CRLF is kept when the (now UTF-8) file is written back.
    assert!(cfn::write_preserving(&t).contains("\r\n"));

    let long = format!(
        "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: {}\n",
        "x".repeat(200_000)
    );
    assert!(cfn::import(long.as_bytes(), "long.yaml", None).is_ok());

    let mut flow =
        String::from("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Items: [");
    for i in 0..100_000 {
        write!(flow, "{i}, ").unwrap();
    }
    flow.push_str("0]\n");
    let t = cfn::import(flow.as_bytes(), "flow.yaml", Some(Format::Yaml))
        .unwrap()
        .template;
    let items = t
        .resource("T")
        .unwrap()
        .attribute("Metadata")
        .unwrap()
        .get_path(&["Items"])
        .unwrap();
    assert_eq!(items.as_sequence().unwrap().len(), 100_001);
}

#[test]
fn what_is_not_a_file_is_refused_with_its_name() {
    let dir = common::scratch_dir("hostile");
    let err = read_template_file(&dir).unwrap_err();
    assert!(
        err.contains("is a directory") && err.contains("hostile"),
        "{err}"
    );
    let err = read_template_file(&dir.join("gone.yaml")).unwrap_err();
    assert!(err.contains("gone.yaml"), "{err}");
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let err = read_template_file(&fifo).unwrap_err();
            assert!(err.contains("not a regular file"), "{err}");
        }
    }
}

#[test]
fn self_references_cycles_and_bad_logical_ids_are_warned_about() {
    let text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: B\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: A\n  my-topic:\n    Type: AWS::SNS::Topic\n";
    let imported = cfn::import(text.as_bytes(), "c.yaml", None).unwrap();
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("\"my-topic\" is not alphanumeric"))
    );
    let g = stackcanvas::model::RefGraph::build(&imported.template, "c.yaml");
    assert!(
        g.warnings
            .iter()
            .any(|w| w.message.contains("circular dependency between A, B"))
    );
    // Both are still drawn.
    let d = stackcanvas::model::Derived::build(&imported.template, "c.yaml");
    let l = stackcanvas::layout::layout(
        &imported.template,
        &d,
        &stackcanvas::model::SavedLayout::default(),
        &stackcanvas::layout::LayoutOptions::default(),
    );
    assert!(l.resource_box("A").is_some() && l.resource_box("B").is_some());
}
