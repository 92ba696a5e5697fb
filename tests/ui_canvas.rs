//! The real app, driven headless with egui_kittest: nodes are found by their AccessKit
//! labels, and the tests assert on the app's state.

#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::ui::StackCanvasApp;

fn harness_with_sample(index: usize) -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_sample(index);
            app
        });
    h.run();
    h
}

fn canvas_rect(h: &Harness<'_, StackCanvasApp>) -> Rect {
    h.state().canvas.screen
}

#[test]
fn opens_the_bundled_sample_and_labels_every_node() {
    let h = harness_with_sample(0);
    let app = h.state();
    let doc = app.doc().unwrap();
    assert_eq!(doc.opened.name, "vpc-two-az.yaml");
    // The app starts on the architecture: every resource is a node, or folded into the one
    // it serves (a route table into its VPC), which says so in the inspector.
    let flow = &doc.diagram.derived.flow;
    assert!(!flow.folded.is_empty());
    for r in doc.opened.document.template.resources() {
        let id = r.logical_id;
        assert!(
            h.query_by_role_and_label(Role::Button, id).is_some() != flow.is_folded(id),
            "{id} is a node or folded, not both or neither"
        );
    }
    // After the first frame everything fits on the canvas.
    let canvas = canvas_rect(&h);
    let web = h.get_by_role_and_label(Role::Button, "WebInstance").rect();
    assert!(canvas.contains_rect(web), "{web:?} not in {canvas:?}");
}

#[test]
fn clicking_a_node_selects_it_and_fills_the_inspector() {
    let mut h = harness_with_sample(0);
    h.get_by_role_and_label(Role::Button, "AppInstance").click();
    h.run();
    assert_eq!(h.state().canvas.selection, vec!["AppInstance".to_owned()]);
    // The inspector shows the type and the subnet reference as a link.
    assert!(h.query_by_label("AWS::EC2::Instance").is_some());
    let link = h.get_by_label("!Ref PrivateSubnetA");
    link.click();
    h.run();
    assert_eq!(
        h.state().canvas.selection,
        vec!["PrivateSubnetA".to_owned()]
    );
}

#[test]
fn search_selects_each_hit_and_centres_the_view_on_it() {
    let mut h = harness_with_sample(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().search.open);
    let field = h.get_by_label("Search resources");
    field.focus();
    field.type_text("queue");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let first = h.state().canvas.selection.clone();
    assert_eq!(first.len(), 1);
    assert!(first[0].to_lowercase().contains("queue"), "{first:?}");
    let centre = canvas_rect(&h).center();
    let hit = h.get_by_role_and_label(Role::Button, &first[0]).rect();
    assert!(
        (hit.center() - centre).length() < 2.0,
        "hit {hit:?} not centred at {centre:?}"
    );
    // Enter again moves to the next hit.
    h.get_by_label("Search resources").focus();
    h.key_press(Key::Enter);
    h.run();
    let second = h.state().canvas.selection.clone();
    assert_ne!(first, second);
    let hit = h.get_by_role_and_label(Role::Button, &second[0]).rect();
    assert!((hit.center() - canvas_rect(&h).center()).length() < 2.0);
}

#[test]
fn f_fits_everything_after_zooming_in() {
    let mut h = harness_with_sample(0);
    let centre = canvas_rect(&h).center();
    h.hover_at(centre);
    for _ in 0..5 {
        h.event(egui::Event::Zoom(1.6));
        h.run();
    }
    assert!(h.state().canvas.camera.zoom() > 1.5);
    h.remove_cursor();
    h.key_press(Key::F);
    h.run();
    let app = h.state();
    let doc = app.doc().unwrap();
    let shown = app.canvas.camera.rect_to_screen(doc.diagram.scene.bounds);
    assert!(canvas_rect(&h).contains_rect(shown), "{shown:?}");
}

#[test]
fn the_plumbing_toggle_hides_iam_roles() {
    let mut h = harness_with_sample(1);
    // The references view draws every resource, IAM among them.
    assert!(
        h.query_by_role_and_label(Role::Button, "PipelineRole")
            .is_none(),
        "the architecture folds the role into a function"
    );
    h.get_by_label("References").click();
    h.run();
    assert_eq!(
        h.state().settings.view.view,
        stackcanvas::view::View::References
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "PipelineRole")
            .is_some()
    );
    h.get_by_label("Hide IAM and plumbing").click();
    h.run();
    assert!(h.state().settings.view.hide_plumbing);
    assert!(
        h.query_by_role_and_label(Role::Button, "PipelineRole")
            .is_none()
    );
    assert!(
        h.query_by_role_and_label(Role::Button, "WorkQueue")
            .is_some()
    );
    h.get_by_label("Hide IAM and plumbing").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "PipelineRole")
            .is_some()
    );
}

#[test]
fn collapsing_a_subnet_hides_its_resources_and_marks_the_document_dirty() {
    let mut h = harness_with_sample(0);
    h.get_by_label("Collapse PublicSubnetA").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "NatGateway")
            .is_none()
    );
    let app = h.state();
    let doc = app.doc().unwrap();
    assert!(doc.is_dirty());
    assert!(doc.opened.document.layout.is_collapsed("PublicSubnetA"));
    h.get_by_label("Expand PublicSubnetA").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Button, "NatGateway")
            .is_some()
    );
}

#[test]
fn a_failed_open_keeps_the_document_and_shows_the_error() {
    let mut h = harness_with_sample(0);
    let before = h.state().doc().unwrap().opened.name.clone();
    let bad =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/malformed.json");
    h.state_mut().open_path(&bad);
    h.run();
    assert_eq!(h.state().doc().unwrap().opened.name, before);
    let error = h.state().notice_text().unwrap();
    assert!(error.contains("malformed.json:3:3"), "{error}");
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().notice_text().is_none());
}

#[test]
fn in_the_overview_nodes_are_drawn_batched_and_a_click_still_selects_one() {
    let mut h = harness_with_sample(0);
    // Zoom out below the overview threshold around the middle of the canvas.
    let centre = canvas_rect(&h).center();
    h.hover_at(centre);
    while h.state().canvas.camera.zoom() >= stackcanvas::canvas::LOD_OVERVIEW_BELOW {
        h.event(egui::Event::Zoom(0.7));
        h.run();
    }
    // Nodes are no longer widgets of their own...
    assert!(
        h.query_by_role_and_label(Role::Button, "AppInstance")
            .is_none()
    );
    // ...but a click on one selects it, and a click beside every node clears the selection.
    let at = {
        let app = h.state();
        let doc = app.doc().unwrap();
        let node = doc
            .diagram
            .scene
            .nodes
            .iter()
            .find(|n| n.logical_id == "AppInstance")
            .unwrap();
        app.canvas.camera.rect_to_screen(node.rect).center()
    };
    assert!(canvas_rect(&h).contains(at));
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.drop_at(at);
    h.run();
    assert_eq!(h.state().canvas.selection, vec!["AppInstance".to_owned()]);
    let empty = canvas_rect(&h).left_top() + vec2(8.0, 8.0);
    h.hover_at(empty);
    h.run();
    h.drag_at(empty);
    h.drop_at(empty);
    h.run();
    assert!(h.state().canvas.selection.is_empty());
}
