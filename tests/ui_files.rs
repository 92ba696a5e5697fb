//! Opening files in the real app, driven with egui_kittest: a file named on the command line
//! that does not parse, and the file dialogs' own path field.

#![allow(clippy::unwrap_used)]

mod common;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::ui::{SAMPLES, StackCanvasApp};

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
    let error = app.error.clone().unwrap_or_default();
    let at = format!("{}:9:1", bad.display());
    assert!(
        error.contains(&at) && error.contains("YAML syntax error"),
        "{error}"
    );
    assert!(
        h.query_by_label_contains(&at).is_some(),
        "the error is shown in the window"
    );
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.opened.name, "untitled.yaml");
    assert_eq!(
        doc.opened.path, None,
        "saving never overwrites the broken file"
    );
    assert_eq!(doc.opened.document.template.resource_count(), 0);
    assert!(!doc.dirty);
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
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("does-not-exist.yaml"), "{error}");
    assert!(h.query_by_label_contains("does-not-exist.yaml").is_some());
    assert_eq!(h.state().document().unwrap().template.resource_count(), 0);
}

#[test]
fn a_good_file_opens_as_before() {
    let good = common::project_dir().join("samples/serverless.yaml");
    let h = harness_on(&good);
    assert_eq!(h.state().error, None);
    let doc = h.state().doc.as_ref().unwrap();
    assert_eq!(doc.opened.path.as_deref(), Some(good.as_path()));
    assert!(
        doc.opened
            .document
            .template
            .resource("IngestFunction")
            .is_some()
    );
}
