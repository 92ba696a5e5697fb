//! The session driven by commands alone, with no UI.

use emath::{pos2, vec2};

use super::*;
use crate::cfn::write_yaml_value;
use crate::edit::PaletteItemId;

const VPC: &str = "\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.2.0/24
  Web:
    Type: AWS::EC2::Instance
    Properties:
      SubnetId: !Ref SubnetA
  Queue:
    Type: AWS::SQS::Queue
";

fn session() -> Session {
    let mut s = Session::new(ViewFilters::default());
    s.apply(Command::OpenBytes {
        bytes: VPC.as_bytes().to_vec(),
        name: "vpc.yaml".to_owned(),
        path: None,
    })
    .unwrap();
    s
}

fn text(s: &Session) -> String {
    s.active()
        .unwrap()
        .document()
        .save_text(Format::Yaml)
        .unwrap()
}

fn property(s: &Session, id: &str, key: &str) -> Option<String> {
    s.active()?
        .document()
        .template
        .resource(id)?
        .property(&[key])
        .map(|v| write_yaml_value(v).trim_end().to_owned())
}

fn rect(s: &Session, id: &str) -> emath::Rect {
    s.active().unwrap().diagram.scene.rect_of(id).unwrap()
}

#[test]
fn an_edit_is_one_undo_step_and_undo_gives_back_the_exact_text() {
    let mut s = session();
    let before = text(&s);
    let outcome = s
        .apply(Command::Rename {
            from: "Queue".into(),
            to: "Orders".into(),
        })
        .unwrap();
    assert!(outcome.changed);
    assert_eq!(outcome.select, Some(vec![LogicalId::from("Orders")]));
    assert!(s.active().unwrap().is_dirty());
    assert!(
        s.active()
            .unwrap()
            .diagram
            .scene
            .rect_of("Orders")
            .is_some()
    );
    assert_eq!(
        s.active().unwrap().history().undo_label(),
        Some("Rename Queue to Orders")
    );
    s.apply(Command::Undo).unwrap();
    assert_eq!(text(&s), before);
    assert!(!s.active().unwrap().is_dirty(), "back to what was opened");
    s.apply(Command::Redo).unwrap();
    assert!(text(&s).contains("  Orders:\n"));
}

#[test]
fn a_failed_edit_changes_nothing() {
    let mut s = session();
    let before = text(&s);
    let err = s
        .apply(Command::Rename {
            from: "Queue".into(),
            to: "Web".into(),
        })
        .unwrap_err();
    assert!(matches!(err, SessionError::Edit { .. }), "{err}");
    assert!(err.to_string().contains("Web is already used"), "{err}");
    assert_eq!(text(&s), before);
    assert_eq!(s.active().unwrap().history().undo_len(), 0);
    assert!(!s.active().unwrap().is_dirty());
}

#[test]
fn a_drag_into_another_subnet_is_one_step_and_rewrites_the_subnet() {
    let mut s = session();
    let web = rect(&s, "Web");
    let target = rect(&s, "SubnetB");
    s.apply(Command::BeginMove {
        ids: vec!["Web".into()],
        start: vec![("Web".to_owned(), web.min)],
    })
    .unwrap();
    assert!(s.is_dragging());
    let delta = target.center() - web.center();
    for k in 1..=20_u8 {
        s.apply(Command::MoveTo(delta * (f32::from(k) / 20.0)))
            .unwrap();
    }
    let preview = s.drop_preview(target.center(), None).unwrap();
    assert!(
        preview.ok && preview.text.contains("into SubnetB"),
        "{preview:?}"
    );
    let graph_builds = s.rebuilds().graph;
    s.apply(Command::EndMove(target.center())).unwrap();
    assert!(!s.is_dragging());
    assert_eq!(
        property(&s, "Web", "SubnetId").as_deref(),
        Some("!Ref SubnetB")
    );
    assert_eq!(
        s.active().unwrap().history().undo_len(),
        1,
        "one step for the whole drag"
    );
    assert_eq!(
        s.rebuilds().graph,
        graph_builds + 1,
        "the new SubnetId is derived once"
    );
    s.apply(Command::Undo).unwrap();
    assert_eq!(
        property(&s, "Web", "SubnetId").as_deref(),
        Some("!Ref SubnetA")
    );
}

#[test]
fn a_refused_drop_puts_everything_back() {
    let mut s = session();
    let before = s.active().unwrap().document().clone();
    let web = rect(&s, "Web");
    s.apply(Command::BeginMove {
        ids: vec!["Web".into()],
        start: vec![("Web".to_owned(), web.min)],
    })
    .unwrap();
    let outside = pos2(-2000.0, -2000.0);
    s.apply(Command::MoveTo(outside - web.center())).unwrap();
    let err = s.apply(Command::EndMove(outside)).unwrap_err();
    assert!(
        err.to_string()
            .contains("Refused: Web must stay inside a subnet"),
        "{err}"
    );
    assert_eq!(*s.active().unwrap().document(), before);
    assert_eq!(s.active().unwrap().history().undo_len(), 0);
    // Escape in the middle of a drag does the same.
    s.apply(Command::BeginMove {
        ids: vec!["Queue".into()],
        start: vec![("Queue".to_owned(), rect(&s, "Queue").min)],
    })
    .unwrap();
    s.apply(Command::MoveTo(vec2(300.0, 0.0))).unwrap();
    assert!(s.active().unwrap().is_dirty());
    s.apply(Command::CancelMove).unwrap();
    assert_eq!(*s.active().unwrap().document(), before);
    assert!(!s.active().unwrap().is_dirty());
}

#[test]
fn paste_gives_new_ids_whose_references_follow_the_copies() {
    let mut s = session();
    s.apply(Command::Copy(vec!["SubnetA".into(), "Web".into()]))
        .unwrap();
    assert!(s.can_paste());
    let outcome = s.apply(Command::Paste).unwrap();
    assert_eq!(
        outcome.select,
        Some(vec![LogicalId::from("SubnetA2"), LogicalId::from("Web2")])
    );
    assert_eq!(
        property(&s, "Web2", "SubnetId").as_deref(),
        Some("!Ref SubnetA2")
    );
    assert_eq!(
        property(&s, "Web", "SubnetId").as_deref(),
        Some("!Ref SubnetA")
    );
    assert_eq!(s.active().unwrap().history().undo_label(), Some("Paste"));
}

#[test]
fn a_palette_drop_lands_in_the_subnet_under_it() {
    let mut s = session();
    let subnet = rect(&s, "SubnetB");
    let item = PaletteItemId::by_label("EC2 instance").unwrap();
    let outcome = s
        .apply(Command::AddPaletteItem {
            item,
            at: subnet.center(),
        })
        .unwrap();
    let id = outcome.select.unwrap().remove(0);
    assert_eq!(
        property(&s, &id, "SubnetId").as_deref(),
        Some("!Ref SubnetB")
    );
    assert_eq!(
        s.active().unwrap().diagram.derived.containment.parent(&id),
        Some("SubnetB")
    );
}

#[test]
fn save_writes_the_file_and_a_change_on_disk_blocks_the_next_save() {
    let dir = std::env::temp_dir().join(format!("stackcanvas-session-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("vpc.yaml");
    std::fs::write(&path, VPC).unwrap();
    let mut s = Session::new(ViewFilters::default());
    s.apply(Command::OpenFile(path.clone())).unwrap();
    s.apply(Command::Delete {
        ids: vec!["Queue".into()],
        remove_references: true,
    })
    .unwrap();
    assert!(s.active().unwrap().is_dirty());
    let outcome = s.apply(Command::Save(None)).unwrap();
    assert_eq!(outcome.saved.as_deref(), Some(path.as_path()));
    assert!(!s.active().unwrap().is_dirty());
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        saved,
        VPC.replace("  Queue:\n    Type: AWS::SQS::Queue\n", "")
    );
    // Someone else writes the file; the next save is refused until the user chooses.
    std::fs::write(&path, format!("{saved}# theirs, and longer\n")).unwrap();
    s.apply(Command::Rename {
        from: "Web".into(),
        to: "Server".into(),
    })
    .unwrap();
    let err = s.apply(Command::Save(None)).unwrap_err();
    assert!(matches!(err, SessionError::DiskConflict), "{err}");
    assert!(std::fs::read_to_string(&path).unwrap().contains("# theirs"));
    s.apply(Command::KeepMine).unwrap();
    s.apply(Command::Save(None)).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("  Server:")
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_document_without_a_file_asks_where_and_a_bad_file_keeps_the_document() {
    let mut s = session();
    assert!(matches!(
        s.apply(Command::Save(None)).unwrap_err(),
        SessionError::NoPath
    ));
    let before = s.active().unwrap().id();
    let err = s
        .apply(Command::OpenBytes {
            bytes: b"Resources: [\n".to_vec(),
            name: "broken.yaml".to_owned(),
            path: None,
        })
        .unwrap_err();
    assert!(err.to_string().contains("broken.yaml:"), "{err}");
    assert_eq!(s.active().unwrap().id(), before, "the open document stays");
}

#[test]
fn opening_replaces_the_active_document_and_closing_leaves_none() {
    let mut s = session();
    let first = s.active().unwrap().id();
    let prepared = Prepared::from_bytes(
        b"Resources:\n  Role:\n    Type: AWS::IAM::Role\n",
        "iam.yaml",
        None,
        &ViewFilters::default(),
    )
    .unwrap();
    // Install replaces the active document; Activate and Close manage the others.
    s.apply(Command::Install(Box::new(prepared))).unwrap();
    let second = s.active().unwrap().id();
    assert_ne!(first, second);
    assert_eq!(
        s.documents().len(),
        1,
        "opening replaces the active document"
    );
    s.apply(Command::SetFilters(ViewFilters {
        hide_plumbing: true,
        ..ViewFilters::default()
    }))
    .unwrap();
    assert!(s.active().unwrap().diagram.scene.rect_of("Role").is_none());
    s.apply(Command::Close(second)).unwrap();
    assert!(s.active().is_none());
    assert!(matches!(
        s.apply(Command::Undo).map(|o| o.changed),
        Ok(false)
    ));
    assert!(matches!(
        s.apply(Command::Paste).unwrap_err(),
        SessionError::NoDocument
    ));
}
