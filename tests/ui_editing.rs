//! Editing gestures in the real app, driven with egui_kittest; the tests assert on the
//! template the gestures produce, and on undo giving back the exact previous template.

#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::{Node, write_yaml_value};
use stackcanvas::model::Document;
use stackcanvas::ui::StackCanvasApp;

fn harness(sample: usize) -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_sample(sample);
            app
        });
    h.run();
    h
}

fn doc(h: &Harness<'_, StackCanvasApp>) -> Document {
    h.state().document().unwrap().clone()
}

fn property(h: &Harness<'_, StackCanvasApp>, id: &str, keys: &[&str]) -> Option<String> {
    h.state().document().and_then(|d| {
        d.template
            .resource(id)
            .and_then(|r| r.property(keys).map(write_yaml_value))
    })
}

fn node_center(h: &Harness<'_, StackCanvasApp>, id: &str) -> Pos2 {
    h.get_by_role_and_label(Role::Button, id).rect().center()
}

/// Drags with the primary button from `from` to `to` over `steps` frames.
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

fn undo(h: &mut Harness<'_, StackCanvasApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

#[test]
fn dropping_an_instance_into_another_subnet_rewrites_its_subnet_id_in_one_undo_step() {
    let mut h = harness(0);
    let before = doc(&h);
    assert_eq!(
        property(&h, "WorkerInstance", &["NetworkInterfaces"])
            .map(|t| t.contains("SubnetId: !Ref PrivateSubnetB")),
        Some(true)
    );
    let from = node_center(&h, "WorkerInstance");
    let target = h
        .get_by_role_and_label(Role::Button, "PrivateSubnetA")
        .rect();
    let to = target.center() + vec2(0.0, 30.0);
    drag(&mut h, from, to, 30);
    let nics = property(&h, "WorkerInstance", &["NetworkInterfaces"]).unwrap();
    assert!(
        nics.contains("SubnetId: !Ref PrivateSubnetA"),
        "{nics}\nerror: {:?}",
        h.state().notice_text()
    );
    assert_eq!(
        h.state().doc().unwrap().history().undo_len(),
        1,
        "a 30-frame drag is one undo step"
    );
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Move")
    );
    assert!(h.state().doc().unwrap().is_dirty());
    undo(&mut h);
    assert_eq!(
        doc(&h),
        before,
        "undo gives back the exact previous template"
    );
}

#[test]
fn a_drop_that_makes_no_sense_is_refused() {
    let mut h = harness(0);
    let before = doc(&h);
    // A security group belongs in its VPC, not in a subnet.
    let from = node_center(&h, "WebSecurityGroup");
    let to = h
        .get_by_role_and_label(Role::Button, "PrivateSubnetA")
        .rect()
        .center()
        + vec2(0.0, 30.0);
    drag(&mut h, from, to, 10);
    eprintln!(
        "drag: {:?} error {:?} hint {:?}",
        h.state().canvas.drag,
        h.state().notice_text(),
        h.state().canvas.drop_hint
    );
    let after = doc(&h);
    assert_eq!(
        after
            .template
            .root_node()
            .first_difference(before.template.root_node()),
        None,
        "error {:?}, undo {}",
        h.state().notice_text(),
        h.state().doc().unwrap().history().undo_len()
    );
    assert_eq!(
        after.layout, before.layout,
        "the refused drop changes nothing"
    );
    assert!(
        h.state()
            .notice_text()
            .as_deref()
            .is_some_and(|e| e.contains("Refused")),
        "{:?}",
        h.state().notice_text()
    );
}

#[test]
fn connecting_a_function_to_a_queue_creates_an_event_source_mapping() {
    let mut h = harness(1);
    let before = doc(&h);
    let function = h
        .get_by_role_and_label(Role::Button, "ProcessorFunction")
        .rect();
    h.hover_at(function.center());
    h.run();
    let handle = h.get_by_label("Connect ProcessorFunction").rect().center();
    let queue = node_center(&h, "OrderedQueue");
    drag(&mut h, handle, queue, 8);
    let d = doc(&h);
    let mapping = d.template.resources().find(|r| {
        r.type_name() == "AWS::Lambda::EventSourceMapping"
            && r.property(&["EventSourceArn"])
                .map(write_yaml_value)
                .as_deref()
                == Some("!GetAtt OrderedQueue.Arn\n")
    });
    assert!(
        mapping.is_some(),
        "no EventSourceMapping for OrderedQueue; error {:?}",
        h.state().notice_text()
    );
    undo(&mut h);
    assert_eq!(doc(&h), before);
}

#[test]
fn rename_with_f2_updates_every_reference_and_undoes() {
    let mut h = harness(0);
    let before = doc(&h);
    h.get_by_role_and_label(Role::Button, "PublicSubnetA")
        .click();
    h.run();
    h.key_press(Key::F2);
    h.run();
    let field = h.get_by_label("New logical ID");
    field.focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("New logical ID").type_text("WebSubnet");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let d = doc(&h);
    assert!(
        d.template.resource("WebSubnet").is_some(),
        "error {:?}",
        h.state().notice_text()
    );
    assert!(d.template.resource("PublicSubnetA").is_none());
    // Written anew, without the file's comments, which may name the old ID.
    let text = stackcanvas::cfn::write_yaml(&d.template);
    for reference in [
        "!Ref PublicSubnetA\n",
        "!Ref PublicSubnetA,",
        "!Ref PublicSubnetA]",
        "PublicSubnetA.",
        "PublicSubnetA:",
    ] {
        assert!(
            !text.contains(reference),
            "{reference:?} was left behind:\n{text}"
        );
    }
    assert!(text.contains("SubnetId: !Ref WebSubnet"));
    undo(&mut h);
    assert_eq!(doc(&h), before);
}

#[test]
fn palette_drop_into_a_subnet_creates_an_instance_there() {
    let mut h = harness(0);
    let before = doc(&h);
    h.get_by_label("Palette").click();
    h.run();
    let item = h.get_by_label("  EC2 instance").rect().center();
    let to = h
        .get_by_role_and_label(Role::Button, "PublicSubnetB")
        .rect()
        .center()
        + vec2(0.0, 14.0);
    drag(&mut h, item, to, 8);
    let d = doc(&h);
    let added: Vec<_> = d
        .template
        .resources()
        .filter(|r| before.template.resource(r.logical_id).is_none())
        .collect();
    assert_eq!(added.len(), 1, "error {:?}", h.state().notice_text());
    assert_eq!(added[0].type_name(), "AWS::EC2::Instance");
    assert_eq!(added[0].logical_id, "Instance");
    assert_eq!(
        added[0]
            .property(&["SubnetId"])
            .map(write_yaml_value)
            .as_deref(),
        Some("!Ref PublicSubnetB\n")
    );
    undo(&mut h);
    assert_eq!(doc(&h), before);
}

#[test]
fn delete_lists_references_and_removes_them_on_request() {
    let mut h = harness(1);
    let before = doc(&h);
    // Fit keeps names legible, so the end of the pipeline is scrolled to first.
    h.state_mut().canvas.select("AuditQueue", false);
    h.state_mut().canvas.center_requested = Some("AuditQueue".into());
    h.run();
    h.get_by_role_and_label(Role::Button, "AuditQueue").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(
        h.query_by_label_contains("references to it").is_some(),
        "the dialog lists references"
    );
    h.get_by_label("Delete and remove references").click();
    h.run();
    let d = doc(&h);
    assert!(d.template.resource("AuditQueue").is_none());
    let text = stackcanvas::cfn::write_yaml(&d.template);
    for reference in ["!Ref AuditQueue\n", "AuditQueue.Arn", "  AuditQueue:"] {
        assert!(!text.contains(reference), "{reference:?} is left:\n{text}");
    }
    undo(&mut h);
    assert_eq!(doc(&h), before);
}

#[test]
fn a_property_edit_and_copy_paste_are_undoable() {
    let mut h = harness(1);
    let before = doc(&h);
    h.state_mut().canvas.select("WorkQueue", false);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    let d = doc(&h);
    assert!(
        d.template.resource("WorkQueue2").is_some(),
        "duplicate gives a new ID"
    );
    undo(&mut h);
    assert_eq!(doc(&h), before);
    let edit = stackcanvas::edit::Edit::SetValue {
        logical_id: "WorkQueue".into(),
        path: vec!["Properties".into(), "VisibilityTimeout".into()],
        value: Some(Node::new(stackcanvas::cfn::Value::Number(
            stackcanvas::cfn::Number::from_text("300"),
        ))),
    };
    assert!(h.state_mut().apply_edit(edit));
    h.run();
    assert_eq!(
        property(&h, "WorkQueue", &["VisibilityTimeout"]).as_deref(),
        Some("300\n")
    );
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Edit WorkQueue.Properties.VisibilityTimeout")
    );
    undo(&mut h);
    assert_eq!(doc(&h), before);
}

#[test]
fn export_image_writes_the_canvas_scene_or_the_selection() {
    let mut h = harness(0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.state().show_export);
    assert!(h.query_by_label("Transparent background").is_some());
    let dir = std::env::temp_dir().join(format!("stackcanvas-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let whole = dir.join("whole.svg");
    h.state_mut().export_choices.png = false;
    assert!(h.state_mut().export_to(&whole));
    let svg = std::fs::read_to_string(&whole).unwrap();
    assert!(svg.contains(">WebInstance<") && svg.contains(">WorkerInstance<"));

    h.state_mut().canvas.select("WebInstance", false);
    h.state_mut().export_choices.selection_only = true;
    let part = dir.join("part.svg");
    assert!(h.state_mut().export_to(&part));
    let svg = std::fs::read_to_string(&part).unwrap();
    assert!(
        svg.contains(">WebInstance<") && !svg.contains(">WorkerInstance<"),
        "only the selection"
    );

    h.state_mut().export_choices.png = true;
    let png = dir.join("part.png");
    assert!(h.state_mut().export_to(&png));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let mut h = harness(1);
    let dir = std::env::temp_dir().join(format!("stackcanvas-disk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.yaml");
    std::fs::write(&path, stackcanvas::ui::SAMPLES[1].1).unwrap();
    h.state_mut().open_path(&path);
    h.run();
    assert!(!h.state().disk_conflict());

    // Someone else edits the file.
    let changed = stackcanvas::ui::SAMPLES[1].1.replacen(
        "Resources:\n",
        "Resources:\n  Extra:\n    Type: AWS::SNS::Topic\n",
        1,
    );
    std::fs::write(&path, &changed).unwrap();
    h.state_mut().check_disk_now();
    h.run();
    assert!(h.state().disk_conflict());
    assert!(h.query_by_label_contains("changed on disk").is_some());
    let ctx = h.ctx.clone();
    assert!(
        !h.state_mut().save(&ctx),
        "save refuses while the file changed on disk"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        changed,
        "the file is untouched"
    );

    h.get_by_label("Reload").click();
    h.run();
    assert!(!h.state().disk_conflict());
    assert!(
        h.state()
            .document()
            .unwrap()
            .template
            .resource("Extra")
            .is_some(),
        "reloaded"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn autosaved_changes_are_offered_back_after_a_crash() {
    let dir = std::env::temp_dir().join(format!("stackcanvas-recovery-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    {
        let mut h = harness(1);
        h.state_mut().recovery.dir = Some(dir.clone());
        let edit = stackcanvas::edit::Edit::RenameResource {
            from: "WorkQueue".into(),
            to: "JobsQueue".into(),
        };
        assert!(h.state_mut().apply_edit(edit));
        h.state_mut().autosave_now().unwrap();
        // The process dies here without saving: the harness is dropped.
    }
    let mut h = harness(0);
    h.state_mut().recovery.dir = Some(dir.clone());
    h.state_mut().find_recovery();
    h.run();
    assert!(h.query_by_label_contains("were recovered").is_some());
    h.get_by_label("Restore").click();
    h.run();
    let app = h.state();
    let doc = app.doc().unwrap();
    assert_eq!(doc.opened.name, "serverless.yaml");
    assert!(doc.is_dirty(), "recovered changes are unsaved");
    assert!(doc.opened.document.template.resource("JobsQueue").is_some());
    // Discarding removes the file, so it is not offered again.
    h.state_mut().clear_recovery();
    h.state_mut().find_recovery();
    assert!(h.state().recovery.offer.is_none());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn opening_runs_off_the_ui_thread_and_a_failure_keeps_the_document() {
    let mut h = harness(0);
    let wait = |h: &mut Harness<'_, StackCanvasApp>| {
        for _ in 0..500 {
            h.step();
            if h.state().pending_open.is_none() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("the background open never finished");
    };
    let ctx = h.ctx.clone();
    let good =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/mixed-parameters.yaml");
    h.state_mut().open_path_async(&good, &ctx);
    assert!(
        h.state().pending_open.is_some(),
        "the open runs in the background"
    );
    wait(&mut h);
    h.run();
    assert!(
        h.state()
            .doc()
            .unwrap()
            .opened
            .name
            .ends_with("mixed-parameters.yaml")
    );
    assert_eq!(h.state().settings.recent.first(), Some(&good));

    let bad =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/no-type.yaml");
    let before = doc(&h);
    let missing = bad.with_file_name("does-not-exist.yaml");
    h.state_mut().open_path_async(&missing, &ctx);
    wait(&mut h);
    assert_eq!(
        doc(&h),
        before,
        "a failed open leaves the current document untouched"
    );
    assert!(
        h.state()
            .notice_text()
            .as_deref()
            .is_some_and(|e| e.contains("does-not-exist.yaml"))
    );
}

#[test]
fn frames_with_nothing_new_rebuild_nothing_and_a_move_does_not_derive_the_graph_again() {
    use stackcanvas::edit::Edit;
    let mut h = harness(0);
    let start = h.state().session.rebuilds();
    // Hovering, zooming and idle frames change only the view.
    h.hover_at(node_center(&h, "AppInstance"));
    h.run();
    h.event(egui::Event::Zoom(1.2));
    h.run();
    for _ in 0..10 {
        h.run();
    }
    assert_eq!(h.state().session.rebuilds(), start);
    // A move changes the layout, not the template: laid out again, but not derived again.
    h.state_mut().apply_edit(Edit::MoveBoxes(vec![(
        "WebInstance".into(),
        Pos2::new(40.0, 60.0),
    )]));
    h.run();
    let moved = h.state().session.rebuilds();
    assert_eq!(moved.graph, start.graph);
    assert!(
        moved.layout > start.layout && moved.scene > start.scene,
        "{moved:?}"
    );
    // Undoing it is the same.
    undo(&mut h);
    assert_eq!(h.state().session.rebuilds().graph, start.graph);
    // A rename changes the template: derived again, once.
    h.state_mut().apply_edit(Edit::RenameResource {
        from: "WebInstance".into(),
        to: "Web".into(),
    });
    h.run();
    assert_eq!(h.state().session.rebuilds().graph, start.graph + 1);
}
