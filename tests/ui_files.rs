//! Opening files in the real app, driven with egui_kittest: a file named on the command line
//! that does not parse, and the file dialogs' own path field.

#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::ui::{DialogProgram, DialogStrategy, SAMPLES, StackCanvasApp};

/// The app as `stackcanvas FILE` makes it.
fn harness_on(file: &std::path::Path) -> Harness<'static, StackCanvasApp> {
    let file = file.to_path_buf();
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(12)
        .build_eframe(move |cc| StackCanvasApp::new(cc, Some(&file)));
    h.run();
    h
}

#[test]
fn a_file_that_does_not_parse_opens_an_empty_window_showing_where_it_failed() {
    let bad = common::fixture("bad/malformed.yaml");
    let h = harness_on(&bad);
    let app = h.state();
    let error = app.notice_text().unwrap_or_default();
    let at = format!("{}:9:1", bad.display());
    assert!(
        error.contains(&at) && error.contains("YAML syntax error"),
        "{error}"
    );
    assert!(
        h.query_by_label_contains(&at).is_some(),
        "the error is shown in the window"
    );
    let doc = app.doc().unwrap();
    assert_eq!(doc.opened.name, "untitled.yaml");
    assert_eq!(
        doc.opened.path, None,
        "saving never overwrites the broken file"
    );
    assert_eq!(doc.opened.document.template.resource_count(), 0);
    assert!(!doc.is_dirty());
    // None of the bundled samples' resources were loaded, on the canvas or in the document.
    for (_, text) in SAMPLES {
        let sample = stackcanvas::cfn::import(text.as_bytes(), "sample", None).unwrap();
        for r in sample.template.resources() {
            assert!(
                h.query_by_label(r.logical_id).is_none(),
                "{} from a sample is shown",
                r.logical_id
            );
        }
    }
}

#[test]
fn a_missing_file_opens_an_empty_window_naming_it() {
    let missing = common::fixture("bad/does-not-exist.yaml");
    let h = harness_on(&missing);
    let error = h.state().notice_text().unwrap_or_default();
    assert!(error.contains("does-not-exist.yaml"), "{error}");
    assert!(h.query_by_label_contains("does-not-exist.yaml").is_some());
    assert_eq!(h.state().document().unwrap().template.resource_count(), 0);
}

#[test]
fn a_good_file_opens_as_before() {
    let good = common::project_dir().join("samples/serverless.yaml");
    let h = harness_on(&good);
    assert_eq!(h.state().notice_text(), None);
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.opened.path.as_deref(), Some(good.as_path()));
    assert!(
        doc.opened
            .document
            .template
            .resource("IngestFunction")
            .is_some()
    );
}

/// The serverless sample, with the file dialogs forced to the app's own path field.
fn harness_with_path_field() -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_sample(1);
            app.dialogs.strategy = DialogStrategy::path_field_only();
            app
        });
    h.run();
    h
}

/// Replaces the text in the path field with `path`.
fn type_path(h: &mut Harness<'_, StackCanvasApp>, path: &std::path::Path) {
    let field = h.get_by_role_and_label(Role::TextInput, "Path");
    assert!(field.is_focused(), "the path field has the focus");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Path")
        .type_text(&path.display().to_string());
    h.run();
}

/// Runs frames until the background open or dialog is done.
fn wait_for_workers(h: &mut Harness<'_, StackCanvasApp>) {
    for _ in 0..1000 {
        h.step();
        if h.state().pending_open.is_none() && !h.state().dialogs.is_running() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the background work never finished");
}

#[test]
fn save_as_without_a_dialog_asks_in_the_apps_own_path_field() {
    let dir = common::scratch_dir("path-field-save");
    let target = dir.join("pipeline.yaml");
    let mut h = harness_with_path_field();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    assert!(h.query_by_label("Save template as").is_some(), "the title");
    let suggested = h
        .get_by_role_and_label(Role::TextInput, "Path")
        .value()
        .unwrap();
    assert!(suggested.ends_with("serverless.yaml"), "{suggested}");
    type_path(&mut h, &target);
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().dialogs.prompt.is_none(), "the field closes");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), SAMPLES[1].1);
    let doc = h.state().doc().unwrap();
    assert_eq!(doc.opened.path.as_deref(), Some(target.as_path()));
    assert!(!doc.is_dirty());
}

#[test]
fn open_and_export_image_from_the_file_menu_use_the_path_field_too() {
    let dir = common::scratch_dir("path-field-open-export");
    let mut h = harness_with_path_field();

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open...").click();
    h.run();
    assert!(h.query_by_label("Open template").is_some());
    let sample = common::project_dir().join("samples/vpc-two-az.yaml");
    type_path(&mut h, &sample);
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run();
    wait_for_workers(&mut h);
    assert_eq!(
        h.state().doc().unwrap().opened.path.as_deref(),
        Some(sample.as_path()),
        "error {:?}",
        h.state().notice_text()
    );

    // Export image is in the File menu as well as on Ctrl+E.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export image...").click();
    h.run();
    h.get_by_label("SVG").click();
    h.run();
    h.get_by_label("Export...").click();
    h.run();
    let suggested = h
        .get_by_role_and_label(Role::TextInput, "Path")
        .value()
        .unwrap();
    assert!(suggested.ends_with("vpc-two-az.svg"), "{suggested}");
    let svg = dir.join("vpc.svg");
    type_path(&mut h, &svg);
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") || text.starts_with("<?xml"),
        "{text:.80}"
    );
    assert!(text.contains(">WebInstance<"));
}

#[test]
fn cancel_and_escape_close_the_path_field_and_change_nothing() {
    let mut h = harness_with_path_field();
    for close in [true, false] {
        h.key_press_modifiers(Modifiers::COMMAND, Key::O);
        h.run();
        assert!(h.state().dialogs.prompt.is_some());
        if close {
            h.get_by_label("Cancel").click();
        } else {
            h.key_press(Key::Escape);
        }
        h.run();
        assert!(h.state().dialogs.prompt.is_none());
        assert!(h.query_by_role_and_label(Role::TextInput, "Path").is_none());
        assert_eq!(h.state().doc().unwrap().opened.name, "serverless.yaml");
        assert_eq!(h.state().notice_text(), None);
    }
}

/// A stand-in for a dialog program: a shell script.
#[cfg(unix)]
fn fake_program(dir: &std::path::Path, script: &str) -> std::ffi::OsString {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join("fake-zenity");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.into_os_string()
}

#[cfg(unix)]
#[test]
fn a_dialog_program_runs_off_the_ui_thread_and_its_answer_is_used() {
    let dir = common::scratch_dir("fake-zenity-answers");
    let target = dir.join("picked.json");
    let program = fake_program(&dir, &format!("echo '{}'", target.display()));
    let mut h = harness_with_path_field();
    h.state_mut().dialogs.strategy = DialogStrategy {
        portal: false,
        programs: vec![(DialogProgram::Zenity, program)],
    };
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    wait_for_workers(&mut h);
    assert_eq!(h.state().notice_text(), None);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(
        written.trim_start().starts_with('{'),
        "saved as JSON by its extension"
    );
    assert_eq!(
        h.state().doc().unwrap().opened.path.as_deref(),
        Some(target.as_path())
    );
}

#[cfg(unix)]
#[test]
fn a_failing_dialog_program_is_reported_and_the_path_field_offered() {
    let dir = common::scratch_dir("fake-zenity-fails");
    let program = fake_program(&dir, "echo 'cannot open display' >&2; exit 3");
    let mut h = harness_with_path_field();
    h.state_mut().dialogs.strategy = DialogStrategy {
        portal: false,
        programs: vec![(DialogProgram::Zenity, program)],
    };
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    wait_for_workers(&mut h);
    let shown = "the zenity file dialog exited with code 3: cannot open display";
    assert!(
        h.query_by_label(shown).is_some(),
        "the failure is shown, above the path field"
    );
    assert!(h.query_by_role_and_label(Role::TextInput, "Path").is_some());
}

#[test]
fn with_no_portal_and_no_dialog_program_the_path_field_says_so() {
    let mut h = harness_with_path_field();
    h.state_mut().dialogs.strategy = DialogStrategy {
        portal: false,
        programs: vec![
            (DialogProgram::Zenity, "/nonexistent/zenity".into()),
            (DialogProgram::Kdialog, "/nonexistent/kdialog".into()),
        ],
    };
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export...").click();
    h.run();
    wait_for_workers(&mut h);
    assert!(
        h.query_by_label("No desktop portal, zenity or kdialog is available")
            .is_some()
    );
    assert!(h.query_by_role_and_label(Role::TextInput, "Path").is_some());
    assert_eq!(h.state().notice_text(), None);
}
