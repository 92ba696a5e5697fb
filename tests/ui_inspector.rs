//! Typing into the inspector's fields in the real app, driven with egui_kittest: what is typed
//! reaches the document (the template tree and the text Save would write) on Enter, Tab or a
//! click elsewhere, as one undo step, and a field never shows a value the document does not
//! hold.

#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::write_yaml_value;
use stackcanvas::model::Document;
use stackcanvas::ui::{SAMPLES, StackCanvasApp, changes_diff};

/// The serverless sample, with `IngestFunction` selected.
fn harness() -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_sample(1);
            app.canvas.select("IngestFunction", false);
            app
        });
    h.run();
    h
}

fn doc(h: &Harness<'_, StackCanvasApp>) -> Document {
    h.state().document().unwrap().clone()
}

/// The text Save would write.
fn save_text(h: &Harness<'_, StackCanvasApp>) -> String {
    let d = doc(h);
    d.save_text(d.template.style.format).unwrap()
}

/// The bundled serverless sample as read.
fn sample_text() -> &'static str {
    SAMPLES[1].1
}

fn property(h: &Harness<'_, StackCanvasApp>, id: &str, key: &str) -> String {
    write_yaml_value(
        doc(h)
            .template
            .resource(id)
            .unwrap()
            .property(&[key])
            .unwrap(),
    )
}

/// What the text field labelled `label` shows.
fn shown(h: &Harness<'_, StackCanvasApp>, label: &str) -> String {
    h.get_by_role_and_label(Role::TextInput, label)
        .value()
        .unwrap_or_default()
}

/// Focuses the field labelled `label` and replaces its text with `text`, without committing.
fn type_into(h: &mut Harness<'_, StackCanvasApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn undo(h: &mut Harness<'_, StackCanvasApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

fn undo_steps(h: &Harness<'_, StackCanvasApp>) -> usize {
    h.state().doc().unwrap().history().undo_len()
}

#[test]
fn a_text_field_commits_on_enter_as_one_undo_step() {
    let mut h = harness();
    let before = doc(&h);
    type_into(&mut h, "Handler", "app.main");
    assert_eq!(doc(&h), before, "nothing is committed while typing");
    h.key_press(Key::Enter);
    h.run();

    assert_eq!(property(&h, "IngestFunction", "Handler"), "app.main\n");
    // Save changes that one line and nothing else (IngestFunction's Handler comes first).
    assert_eq!(
        save_text(&h),
        sample_text().replacen("Handler: index.handler", "Handler: app.main", 1)
    );
    let diff = changes_diff(&doc(&h), "serverless.yaml");
    assert!(diff.contains("\n-      Handler: index.handler\n"), "{diff}");
    assert!(diff.contains("\n+      Handler: app.main\n"), "{diff}");
    assert!(h.state().doc().unwrap().is_dirty());
    assert_eq!(undo_steps(&h), 1);
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Edit IngestFunction.Properties.Handler")
    );
    assert_eq!(shown(&h, "Handler"), "app.main");

    undo(&mut h);
    assert_eq!(doc(&h), before, "one Ctrl+Z undoes it");
    assert_eq!(save_text(&h), sample_text());
    assert_eq!(
        shown(&h, "Handler"),
        "index.handler",
        "after an undo the field shows the document's value"
    );
}

#[test]
fn tab_and_a_click_elsewhere_commit_as_well() {
    let mut h = harness();
    let before = doc(&h);

    type_into(&mut h, "Description", "Splits uploads");
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        property(&h, "IngestFunction", "Description"),
        "Splits uploads\n"
    );
    assert_eq!(
        save_text(&h),
        sample_text().replacen(
            "Description: Splits uploaded objects into work items",
            "Description: Splits uploads",
            1
        )
    );
    assert_eq!(undo_steps(&h), 1);
    // Tab moved the focus into the next field, where nothing is typed: Ctrl+Z is the
    // document's undo there.
    undo(&mut h);
    assert_eq!(doc(&h), before);
    assert_eq!(
        shown(&h, "Description"),
        "Splits uploaded objects into work items"
    );

    // Tab from Timeout lands in MemorySize, a text field with nothing typed in it: Ctrl+Z there
    // is still the document's undo, not the field's.
    type_into(&mut h, "Timeout", "75");
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.get_by_role_and_label(Role::TextInput, "MemorySize")
            .is_focused()
    );
    assert_eq!(property(&h, "IngestFunction", "Timeout"), "75\n");
    undo(&mut h);
    assert_eq!(doc(&h), before);
    assert_eq!(shown(&h, "Timeout"), "60");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "MemorySize")
            .is_focused(),
        "the focus stays where it was"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(
        property(&h, "IngestFunction", "Timeout"),
        "75\n",
        "and redo"
    );
    undo(&mut h);
    assert_eq!(doc(&h), before);

    type_into(&mut h, "Handler", "app.main");
    h.get_by_label("AWS::Lambda::Function").click();
    h.run();
    assert_eq!(property(&h, "IngestFunction", "Handler"), "app.main\n");
    assert_eq!(undo_steps(&h), 1);
    undo(&mut h);
    assert_eq!(doc(&h), before);
    assert_eq!(shown(&h, "Handler"), "index.handler");
}

#[test]
fn a_number_field_commits_a_number_and_refuses_anything_else() {
    let mut h = harness();
    let before = doc(&h);
    type_into(&mut h, "Timeout", "90");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(property(&h, "IngestFunction", "Timeout"), "90\n");
    assert!(matches!(
        doc(&h)
            .template
            .resource("IngestFunction")
            .unwrap()
            .property(&["Timeout"])
            .unwrap()
            .value,
        stackcanvas::cfn::Value::Number(_)
    ));
    let saved = sample_text().replacen("Timeout: 60", "Timeout: 90", 1);
    assert_eq!(save_text(&h), saved);
    assert_eq!(undo_steps(&h), 1);

    type_into(&mut h, "Timeout", "ninety");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(save_text(&h), saved, "the refused text changes nothing");
    assert_eq!(undo_steps(&h), 1, "and makes no undo step");
    let error = h.state().notice_text().unwrap_or_default();
    assert!(
        error.contains("IngestFunction.Properties.Timeout") && error.contains("not a number"),
        "{error}"
    );
    assert!(h.query_by_label_contains("not a number").is_some());
    assert_eq!(
        shown(&h, "Timeout"),
        "90",
        "the field shows the document's value, not the refused text"
    );

    // Tab commits a number the same way.
    type_into(&mut h, "MemorySize", "512");
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(property(&h, "IngestFunction", "MemorySize"), "512\n");
    assert_eq!(undo_steps(&h), 2);
    undo(&mut h);
    undo(&mut h);
    assert_eq!(doc(&h), before);
    assert_eq!(shown(&h, "Timeout"), "60");
}

/// The new `Environment` of `IngestFunction` typed into its snippet editor.
const ENVIRONMENT: &str = "Variables:\n  WORK_QUEUE_URL: !Ref AuditQueue\n";

/// Opens `IngestFunction`'s `Environment` as a snippet and types [`ENVIRONMENT`] over it.
fn type_environment(h: &mut Harness<'_, StackCanvasApp>) {
    h.get_by_label("Edit Environment").click();
    h.run();
    assert!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Environment YAML")
            .is_focused(),
        "the editor opens focused"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, "Environment YAML")
        .type_text(ENVIRONMENT);
    h.run();
}

fn assert_environment_committed(h: &mut Harness<'_, StackCanvasApp>, before: &Document) {
    assert_eq!(
        property(h, "IngestFunction", "Environment"),
        ENVIRONMENT,
        "error {:?}",
        h.state().notice_text()
    );
    let saved = save_text(h);
    assert!(
        saved.contains("      Environment:\n        Variables:\n          WORK_QUEUE_URL: !Ref AuditQueue\n      Code:"),
        "{saved}"
    );
    assert!(!saved.contains("ORDERED_QUEUE_URL: !Ref"));
    assert!(
        h.query_by_role_and_label(Role::MultilineTextInput, "Environment YAML")
            .is_none(),
        "the editor closes"
    );
    assert_eq!(undo_steps(h), 1);
    undo(h);
    assert_eq!(&doc(h), before, "one Ctrl+Z undoes it");
    assert_eq!(save_text(h), sample_text());
}

#[test]
fn a_snippet_commits_on_ctrl_enter_tab_or_a_click_elsewhere() {
    let mut h = harness();
    let before = doc(&h);

    // Enter is a line break in YAML; Ctrl+Enter applies.
    type_environment(&mut h);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(doc(&h), before, "Enter alone only breaks the line");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_environment_committed(&mut h, &before);

    type_environment(&mut h);
    h.key_press(Key::Tab);
    h.run();
    assert_environment_committed(&mut h, &before);

    type_environment(&mut h);
    h.get_by_label("AWS::Lambda::Function").click();
    h.run();
    assert_environment_committed(&mut h, &before);
}

#[test]
fn a_snippet_that_does_not_parse_stays_open_with_its_error_until_cancelled() {
    let mut h = harness();
    let before = doc(&h);
    h.get_by_label("Edit Environment").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, "Environment YAML")
        .type_text("Variables: [1, 2");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(doc(&h), before);
    assert!(h.query_by_label_contains("expected ',' or ']'").is_some());
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Environment YAML")
            .value()
            .as_deref(),
        Some("Variables: [1, 2"),
        "what was typed is kept, marked with its error"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::MultilineTextInput, "Environment YAML")
            .is_none()
    );
    assert_eq!(doc(&h), before);
    assert_eq!(undo_steps(&h), 0);
}

#[test]
fn escape_drops_what_was_typed_and_keeps_the_selection() {
    let mut h = harness();
    let before = doc(&h);
    type_into(&mut h, "Handler", "app.main");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(doc(&h), before);
    assert_eq!(undo_steps(&h), 0);
    assert_eq!(shown(&h, "Handler"), "index.handler");
    assert_eq!(
        h.state().canvas.selection,
        vec!["IngestFunction".to_owned()]
    );
}

#[test]
fn changing_the_selection_while_typing_commits_and_shows_the_new_resources_values() {
    let mut h = harness();
    let before = doc(&h);
    type_into(&mut h, "Handler", "app.main");
    // Selected from elsewhere (a search hit, a link) while the field still has the focus.
    h.state_mut().canvas.select("ProcessorFunction", false);
    h.run();
    assert_eq!(
        shown(&h, "Handler"),
        "index.handler",
        "ProcessorFunction's own value"
    );
    assert_eq!(shown(&h, "Timeout"), "120", "ProcessorFunction's own value");
    assert_eq!(property(&h, "IngestFunction", "Handler"), "app.main\n");
    assert_eq!(
        property(&h, "ProcessorFunction", "Handler"),
        "index.handler\n"
    );
    assert_eq!(undo_steps(&h), 1);
    h.state_mut().canvas.select("IngestFunction", false);
    h.run();
    assert_eq!(shown(&h, "Handler"), "app.main");
    undo(&mut h);
    assert_eq!(doc(&h), before);
    assert_eq!(shown(&h, "Handler"), "index.handler");
}

#[test]
fn the_template_panels_snippets_commit_the_same_way() {
    let mut h = harness();
    let before = doc(&h);
    h.get_by_label("Template").click();
    h.run();
    h.get_by_label("Edit WorkQueueUrl").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, "WorkQueueUrl YAML")
        .type_text("Value: !GetAtt WorkQueue.Arn");
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        save_text(&h),
        sample_text().replacen(
            "  WorkQueueUrl:\n    Value: !Ref WorkQueue\n",
            "  WorkQueueUrl:\n    Value: !GetAtt WorkQueue.Arn\n",
            1
        )
    );
    assert_eq!(undo_steps(&h), 1);
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Edit Outputs.WorkQueueUrl")
    );
    undo(&mut h);
    assert_eq!(doc(&h), before);
}

#[test]
fn the_inspector_lists_what_the_schemas_find_as_it_is_typed() {
    let mut h = harness();
    let count = |h: &Harness<'_, StackCanvasApp>, label: &str| h.query_all_by_label(label).count();
    // The inspector and the template's problem list both say so.
    assert!(
        count(&h, "No errors or warnings") > 0,
        "the sample is clean"
    );
    // A handler has no spaces (the schema's pattern is ^[^\s]+$).
    type_into(&mut h, "Handler", "index handler");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(property(&h, "IngestFunction", "Handler"), "index handler\n");
    assert!(count(&h, "1 warning") > 0);
    assert!(
        h.query_all_by_label_contains("Handler is \"index handler\", which does not match")
            .count()
            > 0
    );
    let node = h
        .state()
        .doc()
        .unwrap()
        .diagram
        .scene
        .node("IngestFunction")
        .unwrap();
    assert_eq!(
        (node.errors, node.warnings),
        (0, 1),
        "the canvas node counts it"
    );
}
