//! A folder opened in the real app, driven with egui_kittest: the overview of every stack,
//! the Stacks panel, a gesture on the overview saved to the one file it changes, and opening
//! one stack to edit it and coming back.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::LogicalId;
use stackcanvas::session::Command;
use stackcanvas::ui::StackCanvasApp;

/// A copy of the `nested` fixture to write to.
fn scratch(name: &str) -> PathBuf {
    let files = ["root.yaml", "network.yaml", "app/service.yaml"];
    common::fixture_copy("project/nested", &files, &format!("ui-project-{name}"))
}

fn harness_on(dir: &Path) -> Harness<'static, StackCanvasApp> {
    let dir = dir.to_path_buf();
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(12)
        .build_eframe(move |cc| StackCanvasApp::new(cc, Some(&dir)));
    h.run();
    h
}

/// Runs frames until the background open is done.
fn settle(h: &mut Harness<'static, StackCanvasApp>) {
    for _ in 0..200 {
        h.step();
        if h.state().pending_open.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
}

#[test]
fn a_folder_opens_as_one_overview_whose_gestures_save_to_the_file_that_declares_them() {
    let dir = scratch("overview");
    let network_before = std::fs::read_to_string(dir.join("network.yaml")).unwrap();
    let mut h = harness_on(&dir);
    let doc = h.state().doc().unwrap();
    assert!(doc.opened.read_only);
    assert_eq!(
        doc.opened.name,
        format!("{} (project)", dir.file_name().unwrap().to_string_lossy())
    );
    assert_eq!(doc.document().template.resource_count(), 8);
    assert!(h.query_by_label("Stacks").is_some());
    assert!(
        h.query_by_label_contains("3 stacks, 3 references between stacks")
            .is_some()
    );
    // The subnets of the network stack hold the service stack's function.
    assert!(h.query_by_label("Service/Worker").is_some());
    assert_eq!(
        doc.diagram.derived.containment.vpc_of("Service/Worker"),
        Some("Network/Vpc")
    );

    let rename = Command::Rename {
        from: LogicalId::from("Network/PrivateSubnetB"),
        to: LogicalId::from("Network/SpareSubnet"),
    };
    assert!(h.state_mut().apply(rename));
    h.run();
    assert_eq!(h.state().unsaved_files(), ["network.yaml"]);
    assert!(
        h.state()
            .doc()
            .unwrap()
            .document()
            .template
            .resource("Network/SpareSubnet")
            .is_some()
    );
    assert!(
        h.query_by_label("Network/SpareSubnet").is_some(),
        "the overview is drawn again"
    );
    assert!(h.state_mut().apply(Command::Save(None)));
    assert!(h.state().unsaved_files().is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.join("network.yaml")).unwrap(),
        network_before.replace("PrivateSubnetB", "SpareSubnet")
    );
    assert_eq!(
        h.state().notice_text().as_deref(),
        Some("Saved network.yaml")
    );

    // A container collapses on the overview, as its own view state: no file changes.
    assert!(
        h.state_mut()
            .apply(Command::ToggleCollapse("Network/Vpc".into()))
    );
    h.run();
    let doc = h.state().doc().unwrap();
    let vpc = doc
        .diagram
        .scene
        .containers
        .iter()
        .find(|c| c.title == "Vpc")
        .unwrap();
    assert!(vpc.collapsed);
    assert!(h.state().unsaved_files().is_empty());
    assert!(
        h.query_by_label("Service/Worker").is_none(),
        "the function is inside the collapsed VPC"
    );
    assert!(
        h.state_mut()
            .apply(Command::ToggleCollapse("Network/Vpc".into()))
    );
    h.run();
    assert!(h.query_by_label("Service/Worker").is_some());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_stack_opens_from_the_panel_to_be_edited_and_the_project_comes_back() {
    let dir = scratch("open-stack");
    let mut h = harness_on(&dir);
    // The panel lists Service, Network and root in the project's order; open Network.
    let open = h.query_all_by_label("Open").nth(1).unwrap();
    open.click();
    settle(&mut h);
    let doc = h.state().doc().unwrap();
    assert!(!doc.opened.read_only);
    assert_eq!(
        doc.opened.path.as_deref(),
        Some(dir.join("network.yaml").as_path())
    );
    assert!(doc.document().template.resource("PrivateSubnetA").is_some());
    h.get_by_label("Back to the project").click();
    settle(&mut h);
    let doc = h.state().doc().unwrap();
    assert!(doc.opened.read_only);
    assert_eq!(doc.document().template.resource_count(), 8);
    std::fs::remove_dir_all(&dir).ok();
}
