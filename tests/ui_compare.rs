//! Compare mode in the real app, driven with egui_kittest: the banner's counts, the Changes
//! panel and its rows that select, the before and after of the selected resource, a
//! comparison that follows edits, Stop comparing, an old version that cannot be read, and a
//! git revision of the open file.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::compare::Impact;
use stackcanvas::edit::Edit;
use stackcanvas::ui::{AppCommand, CompareSource, StackCanvasApp, UiCommand};

fn diff_fixture(name: &str) -> PathBuf {
    common::fixture(&format!("diff/{name}"))
}

/// The app with `path` open.
fn harness(path: PathBuf) -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_path(&path);
            app
        });
    h.run();
    h
}

fn run(h: &mut Harness<'_, StackCanvasApp>, cmd: UiCommand) {
    h.state_mut().run(cmd, &egui::Context::default());
    h.run();
}

fn compare_with(h: &mut Harness<'_, StackCanvasApp>, source: CompareSource) {
    run(h, UiCommand::CompareWith(source));
}

/// The banner's text, checked to be on screen.
fn banner(h: &Harness<'_, StackCanvasApp>) -> String {
    let text = h.state().compare.as_ref().unwrap().summary();
    assert!(h.query_by_label(&text).is_some(), "not shown: {text}");
    text
}

#[test]
fn comparing_shows_the_counts_the_changes_and_the_picture() {
    let mut h = harness(diff_fixture("changed.yaml"));
    compare_with(&mut h, CompareSource::File(diff_fixture("base.yaml")));
    let text = banner(&h);
    assert!(
        text.ends_with(
            "base.yaml: 1 added, 1 removed, 1 orphaned, 4 replaced, 1 may be replaced, 2 updated"
        ),
        "{text}"
    );
    // The canvas draws the change: removed resources are back, ghosted, every shape marked.
    let state = h.state().compare.as_ref().unwrap();
    let change = |id: &str| {
        state
            .scene
            .node(id)
            .map(|n| n.change)
            .or_else(|| {
                state
                    .scene
                    .containers
                    .iter()
                    .find(|c| c.id.logical_id() == Some(id))
                    .map(|c| c.change)
            })
            .flatten()
    };
    assert_eq!(change("Logs"), Some(Impact::Remove));
    assert_eq!(change("Data"), Some(Impact::Orphan));
    assert_eq!(change("Vpc"), Some(Impact::Replace));
    assert_eq!(change("Queue"), Some(Impact::Update));
    assert!(
        h.state()
            .document()
            .unwrap()
            .template
            .resource("Logs")
            .is_none()
    );

    // A row selects its resource; its changes are shown before and after.
    h.get_by_role_and_label(Role::Button, "Vpc  replaced")
        .click();
    h.run();
    assert_eq!(
        h.state().canvas.selection,
        vec![stackcanvas::cfn::LogicalId::from("Vpc")]
    );
    assert!(h.query_by_label("Properties.CidrBlock").is_some());
    assert!(h.query_by_label("create-only property").is_some());
    assert!(h.query_by_label("10.0.0.0/16").is_some());
    assert!(h.query_by_label("10.1.0.0/16").is_some());
    // A removed resource is selectable too, where it is drawn.
    h.get_by_role_and_label(Role::Button, "Logs  removed [holds data]")
        .click();
    h.run();
    assert_eq!(
        h.state().canvas.selection,
        vec![stackcanvas::cfn::LogicalId::from("Logs")]
    );
}

#[test]
fn the_comparison_follows_edits_and_stops() {
    let mut h = harness(diff_fixture("changed.yaml"));
    compare_with(&mut h, CompareSource::File(diff_fixture("base.yaml")));
    assert!(
        h.state()
            .compare
            .as_ref()
            .unwrap()
            .comparison
            .resource("Alerts")
            .is_some()
    );
    // Deleting the added topic: nothing is added any more.
    assert!(h.state_mut().apply_edit(Edit::DeleteResource {
        logical_id: "Alerts".into(),
        remove_references: true,
    }));
    h.run();
    let c = &h.state().compare.as_ref().unwrap().comparison;
    assert!(c.resource("Alerts").is_none());
    assert!(
        banner(&h).contains(": 1 removed, 1 orphaned, 4 replaced"),
        "{}",
        banner(&h)
    );
    // Deleting the queue: it is removed now.
    assert!(h.state_mut().apply_edit(Edit::DeleteResource {
        logical_id: "Queue".into(),
        remove_references: false,
    }));
    h.run();
    let c = &h.state().compare.as_ref().unwrap().comparison;
    assert_eq!(c.resource("Queue").unwrap().impact, Impact::Remove);

    // A box moved in the document stands there in the picture of the change too.
    let rect = |h: &Harness<'_, StackCanvasApp>| {
        h.state()
            .compare
            .as_ref()
            .unwrap()
            .scene
            .node("WorkerRole")
            .unwrap()
            .rect
    };
    let before = rect(&h);
    let to = before.min + vec2(0.0, 400.0);
    assert!(
        h.state_mut()
            .apply_edit(Edit::MoveBoxes(vec![("WorkerRole".into(), to)]))
    );
    h.run();
    let drawn = h
        .state()
        .session
        .active()
        .unwrap()
        .diagram
        .scene
        .node("WorkerRole")
        .unwrap()
        .rect;
    assert_eq!(rect(&h).min, drawn.min);
    assert_ne!(rect(&h).min, before.min);

    // Hiding IAM hides the role in the picture of the change too.
    run(&mut h, UiCommand::App(AppCommand::TogglePlumbing));
    assert!(
        h.state()
            .compare
            .as_ref()
            .unwrap()
            .scene
            .node("WorkerRole")
            .is_none()
    );
    run(&mut h, UiCommand::App(AppCommand::TogglePlumbing));
    assert!(
        h.state()
            .compare
            .as_ref()
            .unwrap()
            .scene
            .node("WorkerRole")
            .is_some()
    );

    h.get_by_role_and_label(Role::Button, "Stop comparing")
        .click();
    h.run();
    assert!(h.state().compare.is_none());
    assert!(
        h.query_all_by_label_contains("Comparing with ")
            .next()
            .is_none()
    );
    assert!(h.query_by_label("Changes").is_none());
}

#[test]
fn an_old_version_that_cannot_be_read_says_why_and_changes_nothing() {
    let mut h = harness(diff_fixture("changed.yaml"));
    compare_with(&mut h, CompareSource::File("/nonexistent/old.yaml".into()));
    assert!(h.state().compare.is_none());
    let notice = h.state().notice_text().unwrap();
    assert!(notice.starts_with("Cannot compare: "), "{notice}");
    assert!(notice.contains("/nonexistent/old.yaml"), "{notice}");

    let bad = common::scratch_dir("ui-compare-bad").join("bad.yaml");
    std::fs::write(&bad, "Resources:\n  A: {Type: AWS::SNS::Topic\n").unwrap();
    compare_with(&mut h, CompareSource::File(bad));
    assert!(h.state().compare.is_none());
    let notice = h.state().notice_text().unwrap();
    assert!(
        notice.contains("bad.yaml:3:1: error: YAML syntax error"),
        "file:line:column: {notice}"
    );
}

#[test]
fn a_git_revision_of_the_open_file_is_offered_and_compared() {
    let dir = common::scratch_dir("ui-compare-git");
    let Some(file) = common::git_repo_with_change(
        &dir,
        "stack.yaml",
        &diff_fixture("base.yaml"),
        &diff_fixture("changed.yaml"),
        "the base stack",
    ) else {
        return;
    };

    let mut h = harness(file.clone());
    run(&mut h, UiCommand::App(AppCommand::CompareWithRevision));
    let offered = h.state().compare_revisions.clone().unwrap();
    assert_eq!(offered[0].rev, "HEAD");
    assert!(
        offered.iter().any(|r| r.label.ends_with("the base stack")),
        "{offered:?}"
    );
    h.get_by_role_and_label(Role::Button, "HEAD (the last commit)")
        .click();
    h.run();
    h.run();
    assert!(h.state().compare_revisions.is_none());
    let text = banner(&h);
    assert!(
        text.starts_with("Comparing with HEAD:stack.yaml: 1 added"),
        "{text}"
    );
    assert!(Path::new(&file).exists());
}
