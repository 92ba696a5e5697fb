//! The inspector while the user types, driven in the real app with egui_kittest: `!GetAtt
//! X.` completes X's attributes, the schema's bounds are checked before anything is
//! committed, a required property is not removed without a warning, mappings and lists get
//! "Add" of their own, and the Region picked in the toolbar is the one the types are checked
//! for. Each edit that ends in a file saves one that cfn-lint passes.

#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::{Node, write_yaml_value};
use stackcanvas::ui::{StackCanvasApp, UiCommand};

const FIXTURE: &str = "schema-typing.yaml";

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

fn property(h: &Harness<'_, StackCanvasApp>, id: &str, keys: &[&str]) -> Option<String> {
    let doc = h.state().document().unwrap().clone();
    doc.template
        .resource(id)
        .unwrap()
        .property(keys)
        .map(|v| write_yaml_value(v).trim_end().to_owned())
}

fn undo_steps(h: &Harness<'_, StackCanvasApp>) -> usize {
    h.state().doc().unwrap().history().undo_len()
}

/// Focuses the field `label`, replaces its text with `text` and runs a frame, without
/// committing.
fn type_into(h: &mut Harness<'_, StackCanvasApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
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

#[test]
fn getatt_completes_the_attributes_and_a_click_commits_one() {
    let mut h = harness("Worker");
    type_into(&mut h, "Role", "!GetAtt Work");
    // The resources come first: only those with attributes, matching what is typed.
    h.get_by_label("Complete WorkerRole").click();
    h.run();
    assert_eq!(undo_steps(&h), 0, "a resource name alone is not a value");
    // The field goes on with the attribute to come, and lists WorkerRole's attributes.
    assert!(h.query_by_label("Complete Arn").is_some());
    assert!(h.query_by_label("Complete RoleId").is_some());
    assert!(
        h.query_by_label("Complete QueueUrl").is_none(),
        "a queue's attribute"
    );
    h.get_by_label("Complete Arn").click();
    h.run();
    assert_eq!(
        property(&h, "Worker", &["Role"]).as_deref(),
        Some("!GetAtt WorkerRole.Arn")
    );
    assert_eq!(undo_steps(&h), 1, "the completion is one edit");
    let text = saves_lint_clean(&mut h, "typing-getatt");
    assert!(
        text.contains("      Role: !GetAtt WorkerRole.Arn\n"),
        "written in the file's short form:\n{text}"
    );
    assert!(text.contains("# Written by hand"), "comments are kept");
}

#[test]
fn tab_takes_the_first_completion_and_an_unfinished_reference_is_not_committed() {
    let mut h = harness("Worker");
    type_into(&mut h, "Role", "!GetAtt WorkerRole.A");
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(
        property(&h, "Worker", &["Role"]).as_deref(),
        Some("!GetAtt WorkerRole.Arn")
    );
    // Half a reference waits for the rest, even when the field loses the focus.
    type_into(&mut h, "Handler", "!Ref Handl");
    assert!(h.query_by_label("Complete HandlerName").is_some());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        property(&h, "Worker", &["Handler"]).as_deref(),
        Some("index.handler"),
        "nothing committed"
    );
    assert!(
        h.query_by_label_contains("Not applied yet").is_some(),
        "and the field says so"
    );
    // A whole one commits as the function, not as a string.
    type_into(&mut h, "Handler", "!Ref HandlerName");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        property(&h, "Worker", &["Handler"]).as_deref(),
        Some("!Ref HandlerName")
    );
    assert_eq!(undo_steps(&h), 2);
    saves_lint_clean(&mut h, "typing-tab");
}

#[test]
fn bounds_are_checked_as_you_type_in_the_words_of_the_checks() {
    let mut h = harness("Jobs");
    type_into(&mut h, "VisibilityTimeout", "50000");
    assert_eq!(undo_steps(&h), 0, "nothing committed while typing");
    assert!(
        h.query_by_label("VisibilityTimeout is 50000, more than the maximum of 43200")
            .is_some(),
        "the bound is shown before the value is committed"
    );
    type_into(&mut h, "VisibilityTimeout", "soon");
    assert!(h.query_by_label("\"soon\" is not a number").is_some());
    type_into(&mut h, "VisibilityTimeout", "120");
    assert!(h.query_by_label_contains("maximum of").is_none());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        property(&h, "Jobs", &["VisibilityTimeout"]).as_deref(),
        Some("120")
    );
    // Committed out of bounds, the same sentence is the template's warning.
    type_into(&mut h, "VisibilityTimeout", "50000");
    h.key_press(Key::Enter);
    h.run();
    let warnings: Vec<String> = h
        .state()
        .doc()
        .unwrap()
        .diagram
        .derived
        .diagnostics()
        .map(|d| d.message.clone())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w == "VisibilityTimeout is 50000, more than the maximum of 43200"),
        "{warnings:#?}"
    );
}

#[test]
fn a_required_property_is_removed_only_after_a_warning() {
    let mut h = harness("Worker");
    h.get_by_label("Remove Role").click();
    h.run();
    assert!(property(&h, "Worker", &["Role"]).is_some(), "asked first");
    assert!(
        h.query_by_label(
            "Role is required: CloudFormation refuses a AWS::Lambda::Function without it"
        )
        .is_some()
    );
    h.get_by_label("Keep Role").click();
    h.run();
    assert!(property(&h, "Worker", &["Role"]).is_some());
    assert!(h.query_by_label("Remove Role anyway").is_none());
    h.get_by_label("Remove Role").click();
    h.run();
    h.get_by_label("Remove Role anyway").click();
    h.run();
    assert!(property(&h, "Worker", &["Role"]).is_none());
    assert_eq!(undo_steps(&h), 1);
    // A property that is not required goes at once.
    h.get_by_label("Remove VpcConfig").click();
    h.run();
    assert!(property(&h, "Worker", &["VpcConfig"]).is_none());
    assert_eq!(undo_steps(&h), 2);
    h.state_mut().undo();
    h.state_mut().undo();
    assert_eq!(
        property(&h, "Worker", &["Role"]).as_deref(),
        Some("arn:aws:iam::123456789012:role/handwritten")
    );
}

#[test]
fn mappings_and_lists_get_add_of_their_own() {
    let mut h = harness("Worker");
    // A list of subnets offers the template's other subnets.
    h.get_by_label("VpcConfig.SubnetIds items").click();
    h.run();
    assert!(
        h.query_by_label("!Ref SubnetA").is_none(),
        "SubnetA is listed already, so it is not offered again"
    );
    h.get_by_label("!Ref SubnetB").click();
    h.run();
    assert_eq!(
        property(&h, "Worker", &["VpcConfig", "SubnetIds"]).as_deref(),
        Some("- !Ref SubnetA\n- !Ref SubnetB")
    );
    // The mapping lists what it does not set yet.
    h.get_by_label("Add to VpcConfig").click();
    h.run();
    h.get_by_label("Add VpcConfig.SecurityGroupIds").click();
    h.run();
    assert!(property(&h, "Worker", &["VpcConfig", "SecurityGroupIds"]).is_some());
    assert_eq!(undo_steps(&h), 2);
    let text = saves_lint_clean(&mut h, "typing-nested");
    assert!(text.contains("          - !Ref SubnetB\n"), "{text}");
}

#[test]
fn the_region_picked_is_the_one_types_are_checked_for() {
    let mut h = harness("Worker");
    let errors = |h: &Harness<'_, StackCanvasApp>| -> Vec<String> {
        h.state()
            .doc()
            .unwrap()
            .diagram
            .derived
            .diagnostics()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect()
    };
    assert!(errors(&h).is_empty(), "{:#?}", errors(&h));
    h.get_by_role_and_label(Role::ComboBox, "Region").click();
    h.run();
    h.get_by_label("af-south-1").click();
    h.run();
    assert_eq!(h.state().settings.view.region(), "af-south-1");
    assert_eq!(h.state().cost.region, "af-south-1", "prices follow");
    // Lambda is everywhere; a type that is not gets an error once the template has one.
    assert!(errors(&h).is_empty(), "{:#?}", errors(&h));
    let mut doc = h.state().document().unwrap().clone();
    doc.apply(stackcanvas::edit::Edit::AddResource {
        logical_id: "App".into(),
        body: stackcanvas::cfn::read_yaml(
            "Type: AWS::AppRunner::Service\nProperties:\n  SourceConfiguration:\n    ImageRepository:\n      ImageIdentifier: public.ecr.aws/nginx/nginx:latest\n      ImageRepositoryType: ECR_PUBLIC\n",
            "body",
        )
        .unwrap()
        .root,
    })
    .unwrap();
    let text = doc.save_text(doc.template.style.format).unwrap();
    assert!(
        h.state_mut()
            .open_bytes(text.as_bytes(), "with-app-runner.yaml", None)
    );
    h.run();
    assert!(
        errors(&h)
            .iter()
            .any(|e| e.starts_with("AWS::AppRunner::Service is not available in af-south-1")),
        "{:#?}",
        errors(&h)
    );
    // The cost panel's picker moves the checks too.
    h.state_mut().run(
        UiCommand::SetCostRegion("us-east-1".into()),
        &egui::Context::default(),
    );
    h.run();
    assert_eq!(
        h.state().settings.view.region,
        None,
        "the default is kept as none"
    );
    assert!(errors(&h).is_empty(), "{:#?}", errors(&h));
}
