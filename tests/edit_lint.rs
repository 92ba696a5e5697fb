//! A scripted sequence of editing gestures on three corpus templates (palette drops, a
//! connection, a move into another subnet, a rename, a delete) saves a file on which cfn-lint
//! finds no new error.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Format, Node};
use stackcanvas::edit::{DropTarget, Edit, PALETTE, connect_edits, create_edits, reparent_edit};
use stackcanvas::model::{Derived, Document};

fn item(label: &str) -> &'static stackcanvas::edit::PaletteItem {
    PALETTE.iter().find(|i| i.label == label).unwrap()
}

fn apply(doc: &mut Document, edits: Vec<Edit>) {
    for e in edits {
        doc.apply(e).unwrap();
    }
}

/// Runs the gestures; returns how many edits were made.
fn script(doc: &mut Document) -> usize {
    let mut count = 0;
    let derived = Derived::build(&doc.template, "t");
    let subnets: Vec<String> = doc
        .template
        .resources()
        .filter(|r| r.type_name() == "AWS::EC2::Subnet")
        .map(|r| r.logical_id.to_owned())
        .collect();
    let vpc = subnets
        .first()
        .and_then(|s| derived.containment.parent(s))
        .map(str::to_owned);
    // Palette drops: a subnet in the VPC, an instance in a subnet, a FIFO queue, a function.
    if let Some(vpc) = &vpc {
        let (edits, _) = create_edits(
            doc,
            item("Subnet"),
            &DropTarget {
                vpc: Some(vpc.clone()),
                subnet: None,
            },
        );
        apply(doc, edits);
        count += 1;
    }
    let target = DropTarget {
        vpc: vpc.clone(),
        subnet: subnets.first().cloned(),
    };
    let (edits, instance) = create_edits(doc, item("EC2 instance"), &target);
    apply(doc, edits);
    let (edits, queue) = create_edits(doc, item("SQS FIFO queue"), &DropTarget::default());
    apply(doc, edits);
    let (edits, function) = create_edits(doc, item("Lambda function"), &DropTarget::default());
    apply(doc, edits);
    count += 3;
    // Connect the function to the queue.
    let edits = connect_edits(doc, &function, &queue);
    assert!(!edits.is_empty());
    apply(doc, edits);
    count += 1;
    // Move the new instance into the last subnet.
    if let [first, .., last] = subnets.as_slice() {
        let e = reparent_edit(doc, &instance, last, Some(first)).unwrap();
        doc.apply(e).unwrap();
        count += 1;
    }
    // Rename it, then delete the queue with its references.
    doc.apply(Edit::RenameResource {
        from: instance.clone(),
        to: format!("{instance}Renamed"),
    })
    .unwrap();
    doc.apply(Edit::MoveBoxes(vec![(
        format!("{instance}Renamed"),
        emath::pos2(10.0, 10.0),
    )]))
    .unwrap();
    doc.apply(Edit::DeleteResource {
        logical_id: queue,
        remove_references: true,
    })
    .unwrap();
    count + 3
}

#[test]
fn scripted_gestures_on_corpus_templates_lint_clean() {
    let names = [
        "aws-cfn-templates/VPC__VPC_With_Managed_NAT_And_Private_Subnet.yaml",
        "aws-cfn-templates/ECS__FargateLaunchType__clusters__private-vpc.json",
        "serverless-patterns/lambda-esm-sqs-filters-sam__template.yaml",
    ];
    let dir = common::scratch_dir("edit-lint");
    let mut pairs = Vec::new();
    for name in names {
        let path = common::corpus_dir().join(name);
        let bytes = std::fs::read(&path).unwrap();
        let t = cfn::import(&bytes, name, Format::from_path(&path))
            .unwrap()
            .template;
        let mut doc = Document::new(t);
        let edits = script(&mut doc);
        assert!(edits >= 7, "{name}: {edits} edits");
        let format = doc.template.style.format;
        let text = doc.save_text(format).unwrap();
        let back = cfn::import(text.as_bytes(), "out", Some(format))
            .unwrap()
            .template;
        // Deleting the queue took its event source mapping with it: a link with nothing to link.
        assert!(
            !back
                .resources()
                .any(|r| r.type_name() == "AWS::Lambda::EventSourceMapping"
                    && r.logical_id.contains("FifoQueue")),
            "{name}"
        );
        assert!(
            back.resources().any(|r| r.logical_id.ends_with("Renamed")),
            "{name}"
        );
        assert!(
            back.section_mapping("Metadata")
                .and_then(|m| m.get("StackCanvas"))
                .is_some()
        );
        let out = dir.join(format!(
            "{}.{}",
            name.replace('/', "__"),
            if format == Format::Json {
                "json"
            } else {
                "yaml"
            }
        ));
        std::fs::write(&out, text).unwrap();
        pairs.push((path.clone(), out));
    }
    if common::skip_oracle() {
        return;
    }
    let lines = common::run_oracle(&dir, &pairs);
    for line in &lines {
        let out = line
            .get_path(&["output"])
            .and_then(Node::as_str)
            .unwrap_or_default();
        assert!(
            common::new_errors(line).is_empty(),
            "{out}: new cfn-lint errors {:?}",
            common::new_errors(line)
        );
    }
    assert_eq!(lines.len(), 3);
}
