//! The architecture view in the app, driven with egui_kittest: the app starts on it, R and
//! the toolbar switch to the references and back, a click on an edge selects the link
//! resource that makes it, the inspector reaches every folded resource, Tidy lays out again
//! in one undo step, and a palette drop on top of a box leaves no two boxes overlapping.

#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui::{Key, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::ui::StackCanvasApp;
use stackcanvas::view::View;

/// The pipeline sample (`samples/serverless.yaml`).
const PIPELINE: usize = 1;

fn harness() -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_sample(PIPELINE);
            app
        });
    h.run();
    h
}

/// Whether `id` is drawn as a box (on screen or scrolled away: Fit keeps names legible,
/// so the end of the pipeline may be off the canvas).
fn is_node(h: &Harness<'_, StackCanvasApp>, id: &str) -> bool {
    h.state().doc().unwrap().diagram.scene.rect_of(id).is_some()
}

fn drag(h: &mut Harness<'_, StackCanvasApp>, from: Pos2, to: Pos2, steps: usize) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=steps {
        #[expect(clippy::cast_precision_loss, reason = "test")]
        let t = k as f32 / steps as f32;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.drop_at(to);
    h.run();
}

/// Boxes of the canvas with the same parent that overlap.
fn overlaps(h: &Harness<'_, StackCanvasApp>) -> Vec<(String, String)> {
    let boxes = &h.state().doc().unwrap().diagram.layout.boxes;
    let mut out = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if a.parent == b.parent && a.rect.intersects(b.rect) {
                out.push((a.id.key(), b.id.key()));
            }
        }
    }
    out
}

#[test]
fn the_app_starts_on_the_architecture_and_r_switches_to_the_references() {
    let mut h = harness();
    assert_eq!(h.state().settings.view.view, View::Architecture);
    for drawn in ["UploadBucket", "IngestFunction", "WorkQueue", "AuditQueue"] {
        assert!(is_node(&h, drawn), "{drawn}");
    }
    // Fit keeps the names legible and shows where the flow starts.
    assert!(h.state().canvas.camera.zoom() >= 0.6 - 1e-3);
    assert!(
        h.query_by_role_and_label(Role::Button, "UploadBucket")
            .is_some()
    );
    for folded in ["PipelineRole", "WorkQueueMapping", "AuditSubscription"] {
        assert!(!is_node(&h, folded), "{folded} is folded");
    }
    h.key_press(Key::R);
    h.run();
    assert_eq!(h.state().settings.view.view, View::References);
    assert!(is_node(&h, "PipelineRole") && is_node(&h, "WorkQueueMapping"));
    h.get_by_label("Architecture").click();
    h.run();
    assert_eq!(h.state().settings.view.view, View::Architecture);
    assert!(!is_node(&h, "PipelineRole"));
}

#[test]
fn a_click_on_an_edge_selects_what_makes_it_and_the_inspector_reaches_the_rest() {
    let mut h = harness();
    let (mid, camera) = {
        let app = h.state();
        let scene = &app.doc().unwrap().diagram.scene;
        let e = scene
            .edges
            .iter()
            .find(|e| e.from_id == "WorkQueue" && e.to_id == "ProcessorFunction")
            .unwrap();
        let [a, b] = [e.points[0], e.points[e.points.len() - 1]];
        (a + (b - a) / 2.0, app.canvas.camera)
    };
    let at = camera.to_screen(mid);
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.drop_at(at);
    h.run();
    assert_eq!(
        h.state().canvas.selection,
        vec!["WorkQueueMapping".to_owned()]
    );
    assert!(
        h.query_by_label("AWS::Lambda::EventSourceMapping")
            .is_some()
    );
    assert!(h.query_by_label("In the architecture, part of").is_some());

    // The function lists the wiring folded into it, and a click selects it.
    h.state_mut().canvas.select("IngestFunction", false);
    h.run();
    assert!(h.query_by_label("Wiring folded into it (2)").is_some());
    // The first link is the wiring's (the references below name it too).
    h.get_all_by_label("IngestInvokePermission")
        .next()
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        h.state().canvas.selection,
        vec!["IngestInvokePermission".to_owned()]
    );
}

#[test]
fn a_drop_on_a_box_leaves_no_overlap_and_tidy_lays_out_again_in_one_step() {
    let mut h = harness();
    h.get_by_label("Palette").click();
    h.run();
    let item = h.get_by_label("  SQS queue").rect().center();
    let onto = h
        .get_by_role_and_label(Role::Button, "WorkQueue")
        .rect()
        .center();
    drag(&mut h, item, onto, 10);
    let added = h
        .state()
        .document()
        .unwrap()
        .template
        .resource("Queue")
        .is_some();
    assert!(added, "{:?}", h.state().notice_text());
    assert!(overlaps(&h).is_empty(), "{:?}", overlaps(&h));
    let steps = h.state().doc().unwrap().history().undo_len();
    assert!(!h.state().document().unwrap().layout.is_empty());
    h.get_by_label("Tidy").click();
    h.run();
    assert!(h.state().document().unwrap().layout.is_empty());
    assert_eq!(h.state().doc().unwrap().history().undo_len(), steps + 1);
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Tidy")
    );
    assert!(overlaps(&h).is_empty(), "{:?}", overlaps(&h));
    h.state_mut().undo();
    assert!(
        !h.state().document().unwrap().layout.is_empty(),
        "undo puts it back"
    );
}
