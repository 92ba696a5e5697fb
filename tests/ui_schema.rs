//! The inspector knows the schema, driven in the real app with egui_kittest: "Add property"
//! adds an unset property with its starting value, an enum is a drop-down, and a state
//! machine's `RoleArn` offers the template's roles. Each saves a file cfn-lint passes. The
//! palette searches every resource type.

#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::{Node, write_yaml_value};
use stackcanvas::ui::StackCanvasApp;

const FIXTURE: &str = "schema-editing.yaml";

fn harness(select: &str) -> Harness<'static, StackCanvasApp> {
    let select = select.to_owned();
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_path(&common::fixture(FIXTURE));
            app.canvas.select(&select, false);
            app
        });
    h.run();
    h
}

fn property(h: &Harness<'_, StackCanvasApp>, id: &str, key: &str) -> Option<String> {
    let doc = h.state().document().unwrap().clone();
    doc.template
        .resource(id)
        .unwrap()
        .property(&[key])
        .map(|v| write_yaml_value(v).trim_end().to_owned())
}

fn undo_steps(h: &Harness<'_, StackCanvasApp>) -> usize {
    h.state().doc().unwrap().history().undo_len()
}

/// Saves the document and asserts that cfn-lint finds no error in it.
fn saves_lint_clean(h: &mut Harness<'_, StackCanvasApp>, name: &str) -> String {
    let dir = common::scratch_dir(name);
    let out = dir.join("saved.yaml");
    assert!(h.state_mut().save_to(&out), "{:?}", h.state().notice_text());
    let text = std::fs::read_to_string(&out).unwrap();
    if common::skip_oracle() {
        return text;
    }
    let lines = common::run_oracle(&dir, &[(common::fixture(FIXTURE), out)]);
    let errors = lines[0].get_path(&["output_errors"]).unwrap();
    assert_eq!(
        errors.as_sequence().map(<[Node]>::len),
        Some(0),
        "{errors:?}\n{text}"
    );
    text
}

fn open_add_property(h: &mut Harness<'_, StackCanvasApp>, search: &str) {
    h.get_by_label("Add property").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search properties")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search properties")
        .type_text(search);
    h.run();
}

#[test]
fn add_property_lists_what_is_unset_and_adds_it_in_one_step() {
    let mut h = harness("Jobs");
    let before = h.state().document().unwrap().clone();
    open_add_property(&mut h, "visib");
    assert!(
        h.query_by_label("Add DelaySeconds").is_none(),
        "filtered out"
    );
    h.get_by_label("Add VisibilityTimeout").click();
    h.run();
    assert_eq!(
        property(&h, "Jobs", "VisibilityTimeout").as_deref(),
        Some("0"),
        "no default in the schema: the smallest value it allows"
    );
    assert_eq!(undo_steps(&h), 1);
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Add Jobs.VisibilityTimeout")
    );
    // It is a field now, and no longer offered.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "VisibilityTimeout")
            .value()
            .as_deref(),
        Some("0")
    );
    assert!(h.query_by_label("Add VisibilityTimeout").is_none());
    let text = saves_lint_clean(&mut h, "ui-schema-add");
    assert!(text.contains("      VisibilityTimeout: 0\n"), "{text}");
    h.state_mut().undo();
    assert_eq!(*h.state().document().unwrap(), before);
}

#[test]
fn an_enum_is_a_drop_down_and_a_create_only_property_says_it_replaces() {
    let mut h = harness("Workflow");
    open_add_property(&mut h, "StateMachineType");
    h.get_by_label("Add StateMachineType").click();
    h.run();
    assert_eq!(
        property(&h, "Workflow", "StateMachineType").as_deref(),
        Some("STANDARD"),
        "the enum's first value"
    );
    assert!(
        h.query_by_label_contains("Changing this replaces the resource")
            .is_some()
    );
    h.get_by_label("StateMachineType options").click();
    h.run();
    h.get_by_label("EXPRESS").click();
    h.run();
    assert_eq!(
        property(&h, "Workflow", "StateMachineType").as_deref(),
        Some("EXPRESS")
    );
    assert_eq!(undo_steps(&h), 2);
    let text = saves_lint_clean(&mut h, "ui-schema-enum");
    assert!(text.contains("StateMachineType: EXPRESS"), "{text}");
}

#[test]
fn role_arn_offers_the_roles_of_the_template() {
    let mut h = harness("Workflow");
    assert!(
        h.query_by_label_contains("Required").is_some(),
        "RoleArn is required"
    );
    h.get_by_label("RoleArn from the template").click();
    h.run();
    h.get_by_label("!GetAtt StatesRole.Arn").click();
    h.run();
    assert_eq!(
        property(&h, "Workflow", "RoleArn").as_deref(),
        Some("!GetAtt StatesRole.Arn")
    );
    assert_eq!(undo_steps(&h), 1);
    let text = saves_lint_clean(&mut h, "ui-schema-role");
    // The comment above the value stays; only the value changed.
    assert!(
        text.contains("      # Written by hand; the inspector offers StatesRole instead.\n      RoleArn: !GetAtt StatesRole.Arn\n"),
        "{text}"
    );
}

#[test]
fn the_palette_searches_every_type_and_says_when_none_matches() {
    let mut h = harness("Jobs");
    h.get_by_label("Palette").click();
    h.run();
    let search = |h: &mut Harness<'_, StackCanvasApp>, text: &str| {
        h.get_by_role_and_label(Role::TextInput, "Search palette")
            .focus();
        h.run();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_role_and_label(Role::TextInput, "Search palette")
            .type_text(text);
        h.run();
    };
    search(&mut h, "cloudfront");
    assert!(h.query_by_label("  CloudFront::Distribution").is_some());
    assert!(h.query_by_label_contains("All resource types").is_some());
    search(&mut h, "state machine");
    assert!(h.query_by_label("  StepFunctions::StateMachine").is_some());
    search(&mut h, "a");
    assert!(
        h.query_by_label_contains("more; type more to narrow the search")
            .is_some()
    );
    search(&mut h, "zzqqxx");
    assert!(
        h.query_by_label("No resource type matches \u{201c}zzqqxx\u{201d}")
            .is_some()
    );
}
