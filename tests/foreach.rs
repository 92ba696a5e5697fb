//! `Fn::ForEach` loops (`AWS::LanguageExtensions`) over our fixtures in `tests/fixtures/foreach`:
//! each opens with the resources its loops make, saves byte-identical, takes an edit through a
//! generated resource into the loop's body, converts between YAML and JSON with the loop kept,
//! gives graph edges to generated resources, and draws every one of them.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use stackcanvas::cfn::{self, Format, Imported, Node, Template};
use stackcanvas::edit::{Edit, EditError};
use stackcanvas::export::{ExportOptions, ViewFilters, headless_scene, svg::write_svg};
use stackcanvas::model::{Document, RefGraph};

/// One fixture and what its loops make, worked out by hand from the file.
struct Case {
    file: &'static str,
    /// The loop's key in `Resources`.
    loop_key: &'static str,
    /// Resources the loops make (stacked ones with their placeholders).
    generated: &'static [&'static str],
    /// Plain resources.
    plain: &'static [&'static str],
    /// (referred-to, holder) edges that reach generated resources.
    edges: &'static [(&'static str, &'static str)],
    /// A stacked resource and how it repeats.
    stacked: Option<(&'static str, &'static str)>,
}

const CASES: &[Case] = &[
    Case {
        file: "literal-list.yaml",
        loop_key: "Fn::ForEach::Buckets",
        generated: &["S3BucketLogs", "S3BucketAssets"],
        plain: &["Notifications"],
        edges: &[
            ("S3BucketLogs", "Notifications"),
            ("S3BucketAssets", "Notifications"),
        ],
        stacked: None,
    },
    Case {
        file: "parameter-default.yaml",
        loop_key: "Fn::ForEach::Topics",
        generated: &["TopicOrders", "TopicRefunds", "TopicAudit"],
        plain: &["AuditQueue", "AuditSubscription"],
        edges: &[("TopicAudit", "AuditSubscription")],
        stacked: None,
    },
    Case {
        file: "find-in-map.json",
        loop_key: "Fn::ForEach::Tables",
        generated: &["TableUsers", "TableSessions"],
        plain: &["Reader"],
        edges: &[("TableUsers", "Reader"), ("TableSessions", "Reader")],
        stacked: None,
    },
    Case {
        file: "nested.yaml",
        loop_key: "Fn::ForEach::Colours",
        generated: &[
            "QueueBlueWeb",
            "QueueBlueApi",
            "QueueGreenWeb",
            "QueueGreenApi",
        ],
        plain: &["Router"],
        edges: &[("QueueGreenApi", "Router")],
        stacked: None,
    },
    Case {
        file: "outputs.yaml",
        loop_key: "Fn::ForEach::Buckets",
        generated: &["S3BucketA", "S3BucketB"],
        plain: &[],
        edges: &[],
        stacked: None,
    },
    Case {
        file: "ampersand.yaml",
        loop_key: "Fn::ForEach::Regions",
        generated: &["Replicauseast1", "Replicaeuwest2"],
        plain: &["Index"],
        edges: &[("Replicauseast1", "Index")],
        stacked: None,
    },
    Case {
        file: "unknown.yaml",
        loop_key: "Fn::ForEach::Workers",
        generated: &["Worker${Name}"],
        plain: &["Alarm"],
        edges: &[("Worker${Name}", "Alarm")],
        stacked: Some(("Worker${Name}", "\u{d7} ?")),
    },
];

fn path_of(case: &Case) -> std::path::PathBuf {
    common::fixture(&format!("foreach/{}", case.file))
}

fn open(case: &Case) -> (Vec<u8>, Imported) {
    let path = path_of(case);
    let bytes = std::fs::read(&path).unwrap();
    let imported = cfn::import(&bytes, case.file, Format::from_path(&path)).unwrap();
    (bytes, imported)
}

fn resource_ids(t: &Template) -> Vec<String> {
    t.resources().map(|r| r.logical_id.to_owned()).collect()
}

fn resources_keys(t: &Template) -> Vec<String> {
    t.section_mapping("Resources")
        .unwrap()
        .keys()
        .map(str::to_owned)
        .collect()
}

#[test]
fn loops_open_as_the_resources_they_make() {
    for case in CASES {
        let (_, imported) = open(case);
        assert!(
            !imported.has_errors(),
            "{}: {:?}",
            case.file,
            imported.diagnostics
        );
        let t = &imported.template;
        let ids = resource_ids(t);
        assert_eq!(
            t.resource_count(),
            case.generated.len() + case.plain.len(),
            "{}: {ids:?}",
            case.file
        );
        for id in case.generated.iter().chain(case.plain) {
            assert!(
                ids.iter().any(|i| i == id),
                "{}: {id} in {ids:?}",
                case.file
            );
            assert!(t.resource(id).is_some(), "{}: {id}", case.file);
        }
        // The loop's resources stand where the loop is written: before the plain ones here.
        assert_eq!(ids[0], case.generated[0], "{}", case.file);
        let stacked = t
            .loops()
            .generated_resources()
            .iter()
            .filter(|g| g.repeat.is_some())
            .map(|g| (g.logical_id.as_str(), g.repeat.unwrap().to_string()))
            .collect::<Vec<_>>();
        let expected: Vec<_> = case
            .stacked
            .iter()
            .map(|(id, r)| (*id, (*r).to_owned()))
            .collect();
        assert_eq!(stacked, expected, "{}", case.file);
    }
}

#[test]
fn check_lists_the_generated_resources() {
    for case in CASES {
        let out = Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
            .args(["check", path_of(case).to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{}: {text}", case.file);
        let n = case.generated.len() + case.plain.len();
        assert!(text.contains(&format!(": {n} resources\n")), "{text}");
        let loops = text
            .split("  Loops\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{}: no Loops section in {text}", case.file));
        for id in case.generated {
            assert!(
                loops.contains(id),
                "{}: {id} not listed in {text}",
                case.file
            );
        }
        assert!(text.contains("No warnings"), "{}: {text}", case.file);
    }
}

#[test]
fn unchanged_templates_save_byte_identical() {
    for case in CASES {
        let (bytes, imported) = open(case);
        let doc = Document::new(imported.template);
        let saved = doc.save_text(doc.template.style.format).unwrap();
        assert!(
            saved.as_bytes() == bytes.as_slice(),
            "{}: saving changed the file:\n{saved}",
            case.file
        );
    }
}

#[test]
fn an_edit_through_a_generated_resource_changes_the_loop_body_once() {
    const MARK: &str = "EditedThroughTheLoop";
    for case in CASES {
        let (bytes, imported) = open(case);
        let original = String::from_utf8(bytes).unwrap();
        let mut doc = Document::new(imported.template);
        let keys_before = resources_keys(&doc.template);
        let last = case.generated.last().unwrap();
        doc.apply(Edit::SetValue {
            logical_id: (*last).to_owned(),
            path: vec!["Metadata".to_owned(), "Note".to_owned()],
            value: Some(Node::string(MARK)),
        })
        .unwrap();
        let saved = doc.save_text(doc.template.style.format).unwrap();
        assert_eq!(saved.matches(MARK).count(), 1, "{}:\n{saved}", case.file);
        assert_eq!(
            saved.matches(case.loop_key).count(),
            original.matches(case.loop_key).count(),
            "{}: the loop is kept",
            case.file
        );
        // Only lines are added; the rest of the file is as it was.
        let removed = similar::TextDiff::from_lines(&original, &saved)
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Delete)
            .count();
        assert!(
            removed <= 1,
            "{}: {removed} lines removed:\n{saved}",
            case.file
        );

        let reopened = cfn::import_text(&saved, case.file, None, false)
            .unwrap()
            .template;
        assert_eq!(resources_keys(&reopened), keys_before, "{}", case.file);
        assert_eq!(resource_ids(&reopened), resource_ids(&doc.template));
        for id in case.generated {
            let note = reopened
                .resource(id)
                .and_then(|r| r.attribute("Metadata"))
                .and_then(|m| m.get_path(&["Note"]))
                .and_then(Node::as_str);
            assert_eq!(note, Some(MARK), "{}: {id} has the edit", case.file);
        }
    }
}

#[test]
fn generated_resources_are_renamed_and_deleted_through_their_loop() {
    let case = &CASES[0];
    let mut doc = Document::new(open(case).1.template);
    let before = doc.clone();
    let err = doc.apply(Edit::DeleteResource {
        logical_id: "S3BucketLogs".to_owned(),
        remove_references: true,
    });
    assert_eq!(
        err,
        Err(EditError::MadeByLoop(
            "S3BucketLogs".to_owned(),
            case.loop_key.to_owned()
        ))
    );
    let err = doc.apply(Edit::RenameResource {
        from: "S3BucketAssets".to_owned(),
        to: "Other".to_owned(),
    });
    assert!(matches!(err, Err(EditError::MadeByLoop(..))), "{err:?}");
    assert_eq!(doc, before);
    // A new resource may not take a generated logical ID.
    let err = doc.apply(Edit::AddResource {
        logical_id: "S3BucketLogs".to_owned(),
        body: Node::default(),
    });
    assert_eq!(err, Err(EditError::IdTaken("S3BucketLogs".to_owned())));
}

#[test]
fn yaml_and_json_conversion_keeps_the_loop() {
    for case in CASES {
        let (_, imported) = open(case);
        let t = &imported.template;
        let other = match t.style.format {
            Format::Yaml => Format::Json,
            Format::Json => Format::Yaml,
        };
        let text = cfn::write(t, other);
        assert!(text.contains(case.loop_key), "{}:\n{text}", case.file);
        // A stacked resource's ID is the body's key, so only expanded IDs are looked for.
        for id in case.generated.iter().filter(|id| !id.contains("${")) {
            assert!(
                !text.contains(&format!("{id}:")) && !text.contains(&format!("\"{id}\":")),
                "{}: the expansion {id} is not written:\n{text}",
                case.file
            );
        }
        let back = cfn::import_text(&text, case.file, Some(other), false).unwrap();
        assert!(!back.has_errors(), "{}: {:?}", case.file, back.diagnostics);
        assert_eq!(
            t.root_node().first_difference(back.template.root_node()),
            None,
            "{}",
            case.file
        );
        assert_eq!(
            resource_ids(&back.template),
            resource_ids(t),
            "{}",
            case.file
        );
    }
}

#[test]
fn references_to_generated_resources_are_edges() {
    for case in CASES {
        let (_, imported) = open(case);
        let graph = RefGraph::build(&imported.template, case.file);
        assert!(
            graph.diagnostics.is_empty(),
            "{}: {:?}",
            case.file,
            graph.diagnostics
        );
        let edges: Vec<(&str, &str)> = graph.edges().map(|(a, b, _)| (a, b)).collect();
        for edge in case.edges {
            assert!(edges.contains(edge), "{}: {edge:?} in {edges:?}", case.file);
        }
    }
}

#[test]
fn outputs_made_by_loops_refer_to_generated_resources() {
    let (_, imported) = open(&CASES[4]);
    let loops = imported.template.loops();
    let outputs: Vec<&str> = loops
        .generated_outputs()
        .iter()
        .map(|g| g.logical_id.as_str())
        .collect();
    assert_eq!(
        outputs,
        [
            "S3BucketAArn",
            "S3BucketADomainName",
            "S3BucketBArn",
            "S3BucketBDomainName"
        ]
    );
    let value = loops.generated_outputs()[3]
        .node
        .get_path(&["Value"])
        .unwrap();
    let get_att = value.as_intrinsic().unwrap().get_att();
    assert_eq!(
        get_att,
        Some(cfn::GetAtt::Named {
            resource: "S3BucketB",
            attribute: "DomainName"
        })
    );
    // An output loop that names a missing resource is reported.
    let text = std::fs::read_to_string(path_of(&CASES[4]))
        .unwrap()
        .replace(
            "!Sub \"S3Bucket${Identifier}\"",
            "!Sub \"Missing${Identifier}\"",
        );
    let t = cfn::import_text(&text, "o.yaml", None, false)
        .unwrap()
        .template;
    let graph = RefGraph::build(&t, "o.yaml");
    assert_eq!(
        graph.diagnostics.len(),
        4,
        "one per output made: {:?}",
        graph.diagnostics
    );
    assert!(graph.diagnostics[0].message.contains("MissingA"));
}

#[test]
fn every_generated_resource_is_drawn() {
    for case in CASES {
        let (_, imported) = open(case);
        let scene = headless_scene(&imported.template, case.file, &ViewFilters::default());
        let svg = write_svg(&scene, &ExportOptions::default());
        for id in case.generated.iter().chain(case.plain) {
            assert!(
                svg.contains(&format!("data-logical-id=\"{id}\"")),
                "{}: {id} is not drawn",
                case.file
            );
        }
        match case.stacked {
            Some((id, repeat)) => {
                let node = scene.node(id).unwrap();
                assert_eq!(node.repeat.as_deref(), Some(repeat));
                assert!(
                    svg.contains(repeat),
                    "{}: the stack says {repeat}",
                    case.file
                );
                assert_eq!(svg.matches("class=\"stack\"").count(), 2);
            }
            None => assert!(!svg.contains("class=\"stack\""), "{}", case.file),
        }
    }
}

#[test]
fn render_draws_the_corpus_loop() {
    let path = common::corpus_dir()
        .join("cfn-lint/test__fixtures__templates__good__functions__foreach.yaml");
    let out = Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
        .args(["render", path.to_str().unwrap(), "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let svg = String::from_utf8(out.stdout).unwrap();
    for id in ["S3BucketA", "S3BucketB", "S3BucketC"] {
        assert!(svg.contains(&format!("data-logical-id=\"{id}\"")), "{id}");
    }
}

#[test]
fn a_loop_without_the_transform_is_an_error() {
    let path = common::fixture("bad/foreach-no-transform.yaml");
    let bytes = std::fs::read(&path).unwrap();
    let imported = cfn::import(&bytes, "bad.yaml", None).unwrap();
    let errors: Vec<_> = imported
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("AWS::LanguageExtensions"));
    assert_eq!(errors[0].pos.map(|p| p.line), Some(3));
    // The same loop with the transform is fine.
    let text = String::from_utf8(bytes).unwrap().replace(
        "Resources:",
        "Transform: AWS::LanguageExtensions\nResources:",
    );
    let fixed = cfn::import_text(&text, "good.yaml", None, false).unwrap();
    assert!(!fixed.has_errors(), "{:?}", fixed.diagnostics);
    assert_eq!(fixed.template.resource_count(), 2);
}

#[test]
fn malformed_loops_and_repeated_ids_are_errors() {
    let text = "Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::A: [Id, [x]]\n  Fn::ForEach::B:\n    - Id\n    - [x, y]\n    - Same: {Type: AWS::SNS::Topic}\n";
    let imported = cfn::import_text(text, "t.yaml", None, false).unwrap();
    let errors: Vec<String> = imported
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("t.yaml:3:") && errors[0].contains("list of three"));
    assert!(errors[1].contains("Same more than once"), "{errors:#?}");
    assert_eq!(imported.template.resource_count(), 1);
}
