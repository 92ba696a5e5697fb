//! A resource made by a `Fn::ForEach` loop in the real app: drawn on the canvas, inspected as
//! the loop's body, edited through the body in one undo step.

#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::{Format, Node};
use stackcanvas::edit::Edit;
use stackcanvas::ui::StackCanvasApp;

fn harness(fixture: &str) -> Harness<'static, StackCanvasApp> {
    let path = common::fixture(fixture);
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_path(&path);
            app
        });
    h.run();
    h
}

#[test]
fn a_generated_resource_is_inspected_and_edited_as_its_loop_body() {
    let mut h = harness("foreach/literal-list.yaml");
    for id in ["S3BucketLogs", "S3BucketAssets", "Notifications"] {
        assert!(
            h.query_by_role_and_label(Role::Button, id).is_some(),
            "{id} is on the canvas"
        );
    }
    h.state_mut().canvas.select("S3BucketAssets", false);
    h.run();
    assert!(
        h.query_by_label("Fn::ForEach::Buckets (Identifier in Logs, Assets)")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("with Identifier Assets")
            .is_some()
    );
    assert!(
        h.query_by_label("Rename...").is_none(),
        "a loop's resource is renamed through the loop"
    );
    let before = h.state().document().unwrap().clone();
    let edit = Edit::SetValue {
        logical_id: "S3BucketAssets".into(),
        path: vec!["Properties".into(), "ObjectLockEnabled".into()],
        value: Some(Node::new(stackcanvas::cfn::Value::Bool(true))),
    };
    assert!(h.state_mut().apply_edit(edit));
    h.run();
    let doc = h.state().document().unwrap().clone();
    for id in ["S3BucketLogs", "S3BucketAssets"] {
        let r = doc.template.resource(id).unwrap();
        assert!(r.property(&["ObjectLockEnabled"]).is_some(), "{id}");
    }
    let saved = doc.save_text(Format::Yaml).unwrap();
    assert_eq!(saved.matches("ObjectLockEnabled").count(), 1, "{saved}");
    assert!(saved.contains("\"Fn::ForEach::Buckets\":"), "{saved}");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().document().unwrap(), &before);
}

#[test]
fn a_stacked_resource_says_how_it_repeats() {
    let mut h = harness("foreach/unknown.yaml");
    assert!(
        h.query_by_role_and_label(Role::Button, "Worker${Name}")
            .is_some()
    );
    h.state_mut().canvas.select("Worker${Name}", false);
    h.run();
    assert!(
        h.query_by_label("Fn::ForEach::Workers (Name in an unknown list)")
            .is_some()
    );
    assert!(h.query_by_label_contains("for every value").is_some());
}
