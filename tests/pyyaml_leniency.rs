//! Templates as PyYAML reads them: what cfn-lint, cfn-flip, the AWS CLI and SAM accept, we
//! open, save byte for byte, convert to JSON that cfn-lint reads as the same template, and
//! draw; the tags PyYAML refuses we refuse with their place, and a tag that is no
//! CloudFormation function is kept in YAML but never made into a function in JSON.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Format, Func, Imported, Node, Value};
use stackcanvas::export::{self, ExportOptions, ViewFilters};
use stackcanvas::model::Document;

/// The fixtures of PyYAML's leniencies, each a template CloudFormation deploys.
const LENIENT: &[&str] = &[
    "flow-at-key-column.yaml",
    "quoted-continuation.yaml",
    "non-specific-tag.yaml",
    "sub-spaces.yaml",
    "more.yaml",
    "block-at-end.yaml",
];

fn open(name: &str) -> (String, Imported) {
    let path = common::fixture(&format!("pyyaml/{name}"));
    let text = std::fs::read_to_string(&path).unwrap();
    let imported = cfn::import(text.as_bytes(), name, Some(Format::Yaml))
        .unwrap_or_else(|e| panic!("{name} must open: {e}"));
    (text, imported)
}

fn at<'a>(imported: &'a Imported, path: &[&str]) -> &'a Node {
    imported
        .template
        .root_node()
        .get_path(path)
        .unwrap_or_else(|| panic!("no {path:?}"))
}

#[test]
fn lenient_templates_open_clean_save_byte_for_byte_and_draw_every_resource() {
    for name in LENIENT {
        let (text, imported) = open(name);
        let derived = stackcanvas::model::Derived::build(&imported.template, name);
        let problems: Vec<String> = imported
            .diagnostics
            .iter()
            .chain(derived.diagnostics())
            .map(ToString::to_string)
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}");

        let doc = Document::new(imported.template.clone());
        assert_eq!(doc.save_text(Format::Yaml).unwrap(), text, "{name}");

        let json = doc.save_text(Format::Json).unwrap();
        let back = cfn::import_text(&json, name, Some(Format::Json), false).unwrap();
        assert_eq!(
            imported
                .template
                .root_node()
                .first_difference(back.template.root_node()),
            None,
            "{name}: JSON reads back differently\n{json}"
        );

        let scene = export::headless_scene(&imported.template, name, &ViewFilters::default());
        let svg = export::svg::write_svg(&scene, &ExportOptions::default());
        for r in imported.template.resources() {
            let id = r.logical_id;
            assert!(
                svg.contains(&format!("data-logical-id=\"{id}\"")),
                "{name}: {id} is not drawn"
            );
        }
    }
}

#[test]
fn lenient_templates_mean_what_pyyaml_reads() {
    let (_, flow) = open("flow-at-key-column.yaml");
    let tags = at(&flow, &["Resources", "Jobs", "Properties", "Tags"]);
    assert_eq!(tags.as_sequence().map(<[Node]>::len), Some(2));
    let join = at(&flow, &["Resources", "Assets", "Properties", "BucketName"]);
    assert_eq!(join.as_intrinsic().map(|f| &f.func), Some(&Func::Join));

    let (_, quoted) = open("quoted-continuation.yaml");
    assert_eq!(
        at(&quoted, &["Description"]).as_str(),
        Some("A long description that continues at column one")
    );
    assert_eq!(
        at(
            &quoted,
            &["Resources", "Alerts", "Properties", "DisplayName"]
        )
        .as_str(),
        Some("alerts for the on-call team")
    );

    let (_, bang) = open("non-specific-tag.yaml");
    let name = at(&bang, &["Resources", "Orders", "Properties", "TopicName"]);
    assert_eq!(
        name.value,
        Value::String("orders".into()),
        "! \"orders\" is a string"
    );
    let tags = at(&bang, &["Resources", "Orders", "Properties", "Tags"]);
    let second = tags.as_sequence().unwrap().get(1).unwrap();
    assert_eq!(
        second.get_path(&["Key"]).and_then(Node::as_str),
        Some("retention")
    );
    // PyYAML resolves `! 30` as it would a plain 30.
    assert!(matches!(
        second.get_path(&["Value"]).map(|n| &n.value),
        Some(Value::Number(_))
    ));
    // `!` on a mapping leaves it a mapping; `{"Ref": Orders}` is then the long-form Ref.
    let value = at(&bang, &["Resources", "Archive", "Properties", "Tags"])
        .as_sequence()
        .and_then(|s| s.first())
        .and_then(|t| t.get_path(&["Value"]))
        .and_then(Node::as_intrinsic)
        .unwrap();
    assert_eq!(value.ref_target(), Some("Orders"));

    let (_, more) = open("more.yaml");
    let values = at(&more, &["Parameters", "Mode", "AllowedValues"]);
    assert_eq!(
        values.as_sequence().unwrap().first().and_then(Node::as_str),
        Some("-")
    );
    assert_eq!(
        at(&more, &["Description"]).as_str(),
        Some("Tabbed after the colon")
    );
    // `!<tag:yaml.org,2002:str>` is `!!str`, and `!<!Ref>` is `!Ref`.
    assert_eq!(
        at(&more, &["Resources", "Store", "Properties", "BucketName"]).value,
        Value::String("2024-archive".into())
    );
    let tag = at(&more, &["Resources", "Store", "Properties", "Tags"])
        .as_sequence()
        .and_then(|s| s.first())
        .and_then(|t| t.get_path(&["Value"]))
        .and_then(Node::as_intrinsic)
        .unwrap();
    assert_eq!(tag.ref_target(), Some("Mode"));

    let (_, end) = open("block-at-end.yaml");
    let script = at(&end, &["Resources", "Box", "Properties", "UserData"])
        .as_intrinsic()
        .unwrap();
    assert_eq!(
        script.arg.as_str(),
        Some("#!/bin/bash\necho ready"),
        "no line break is added after the last line"
    );

    let (_, sub) = open("sub-spaces.yaml");
    let graph = stackcanvas::model::RefGraph::build(&sub.template, "sub-spaces.yaml");
    let refs: Vec<(&str, &str)> = graph.edges().map(|(from, to, _)| (from, to)).collect();
    assert!(refs.contains(&("Stage", "Events")), "{refs:?}");
    assert!(refs.contains(&("Events", "Notify")), "{refs:?}");
}

#[test]
fn renaming_through_a_spaced_sub_keeps_the_spaces() {
    let (_, sub) = open("sub-spaces.yaml");
    let mut doc = Document::new(sub.template);
    doc.apply(stackcanvas::edit::Edit::RenameResource {
        from: "Events".into(),
        to: "Inbox".into(),
    })
    .unwrap();
    let text = doc.save_text(Format::Yaml).unwrap();
    assert!(
        text.contains("DisplayName: !Sub '${ Inbox.QueueName } in ${ AWS::Region }'"),
        "{text}"
    );
}

#[test]
fn tags_pyyaml_refuses_are_refused_with_their_place() {
    for (text, words) in [
        (
            "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !!python/object x\n",
            "!!python/object",
        ),
        (
            "%TAG !e! tag:example.com,2000:\n---\nResources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !e!x y\n",
            "tag:example.com,2000:x",
        ),
        (
            "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !<tag:example.com,2000:x> y\n",
            "tag:example.com,2000:x",
        ),
        (
            "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !!seq x\n",
            "!!seq",
        ),
    ] {
        let err = cfn::import_text(text, "t.yaml", None, false).unwrap_err();
        let line = text.lines().count();
        assert!(
            err.to_string()
                .starts_with(&format!("t.yaml:{line}:18: error:")),
            "{err}"
        );
        assert!(err.to_string().contains(words), "{err}");
    }
}

#[test]
fn a_tag_that_is_no_function_is_kept_in_yaml_and_never_made_into_one_in_json() {
    let path = common::fixture("unknown-tags.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let imported = cfn::import(text.as_bytes(), "unknown-tags.yaml", None).unwrap();
    let errors: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    for words in [
        "unknown-tags.yaml:9:11: error: !Foo is not a CloudFormation function",
        "unknown-tags.yaml:16:9: error: Fn::Bar is not a CloudFormation function",
        "unknown top-level section \"CanvasLayout\"",
        "unknown resource attribute \"CanvasColor\"",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(words)),
            "{words}: {errors:#?}"
        );
    }
    let doc = Document::new(imported.template.clone());
    assert_eq!(doc.save_text(Format::Yaml).unwrap(), text);
    let refused = doc.save_text(Format::Json).unwrap_err();
    assert_eq!(refused.tag, "!Foo");
    assert_eq!(refused.pos.map(|p| (p.line, p.column)), Some((9, 11)));

    // Written anew, the tag stays a tag and the long form stays a mapping key.
    let yaml = cfn::write(&imported.template, Format::Yaml);
    assert!(yaml.contains("Custom: !Foo bar"), "{yaml}");
    assert!(yaml.contains("Fn::Bar:"), "{yaml}");
    assert!(!yaml.contains("!Bar"), "{yaml}");

    // `stackcanvas convert` to JSON says so and writes nothing.
    let dir = common::scratch_dir("unknown-tag-convert");
    let out = dir.join("out.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
        .args([
            "convert",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    let err = String::from_utf8(status.stderr).unwrap();
    assert!(
        err.contains(":9:11: error: cannot be written as JSON: !Foo"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn aliases_and_merge_keys_expand_as_pyyaml_does_and_are_flagged() {
    let (text, imported) = open("anchors-and-merge.yaml");
    let warnings: Vec<String> = imported
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("warning: YAML aliases and merge keys are expanded"),
        "{warnings:#?}"
    );
    let number = |path: &[&str]| match &at(&imported, path).value {
        Value::Number(n) => n.as_str().to_owned(),
        other => panic!("{path:?} is {other:?}"),
    };
    // The mapping's own key wins over the merged one; the rest is merged in.
    assert_eq!(
        number(&["Resources", "Jobs", "Properties", "VisibilityTimeout"]),
        "30"
    );
    assert_eq!(
        number(&["Resources", "Jobs", "Properties", "MessageRetentionPeriod"]),
        "3600"
    );
    assert_eq!(
        number(&["Resources", "Other", "Properties", "VisibilityTimeout"]),
        "60"
    );
    assert!(
        at(&imported, &["Resources", "Jobs", "Properties"])
            .get_path(&["<<"])
            .is_none()
    );

    let mut doc = Document::new(imported.template);
    assert_eq!(doc.save_text(Format::Yaml).unwrap(), text);
    doc.apply(stackcanvas::edit::Edit::SetValue {
        logical_id: "Jobs".into(),
        path: vec!["Properties".into(), "DelaySeconds".into()],
        value: Some(Node::new(Value::Number(cfn::Number::from_text("5")))),
    })
    .unwrap();
    let saved = doc.save_text(Format::Yaml).unwrap();
    let back = cfn::import_text(&saved, "saved.yaml", None, false).unwrap();
    for (key, value) in [
        ("VisibilityTimeout", "30"),
        ("MessageRetentionPeriod", "3600"),
        ("DelaySeconds", "5"),
    ] {
        let node = back
            .template
            .root_node()
            .get_path(&["Resources", "Jobs", "Properties", key])
            .unwrap_or_else(|| panic!("{key} lost:\n{saved}"));
        assert!(
            matches!(&node.value, Value::Number(n) if n.as_str() == value),
            "{saved}"
        );
    }
    assert!(
        saved.contains("Defaults: &queue"),
        "the anchor stays:\n{saved}"
    );
}
