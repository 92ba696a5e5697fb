//! Hostile input on top of the foundation's bad input: strange encodings and shapes, files
//! that are not files, and templates over CloudFormation's limits. Nothing panics or hangs;
//! each gets a message naming the file, or a warning while the template still opens.

#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write as _;

use stackcanvas::cfn::{self, Format};
use stackcanvas::cli::read_template_file;

#[test]
fn utf16_crlf_tabs_long_lines_and_huge_flow_sequences_open() {
    let text = "Resources:\r\n  Topic:\r\n    Type: AWS::SNS::Topic\r\n    Properties:\r\n      DisplayName: \"a\\tb\"\r\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let t = cfn::import(&utf16, "utf16.yaml", None).unwrap().template;
    assert_eq!(
        t.resource("Topic")
            .unwrap()
            .property(&["DisplayName"])
            .and_then(|n| n.as_str()),
        Some("a\tb")
    );
    // CRLF is kept when the (now UTF-8) file is written back.
    assert!(cfn::write_preserving(&t).contains("\r\n"));

    let long = format!(
        "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: {}\n",
        "x".repeat(200_000)
    );
    assert!(cfn::import(long.as_bytes(), "long.yaml", None).is_ok());

    let mut flow =
        String::from("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Items: [");
    for i in 0..100_000 {
        write!(flow, "{i}, ").unwrap();
    }
    flow.push_str("0]\n");
    let t = cfn::import(flow.as_bytes(), "flow.yaml", Some(Format::Yaml))
        .unwrap()
        .template;
    let items = t
        .resource("T")
        .unwrap()
        .attribute("Metadata")
        .unwrap()
        .get_path(&["Items"])
        .unwrap();
    assert_eq!(items.as_sequence().unwrap().len(), 100_001);
}

#[test]
fn what_is_not_a_file_is_refused_with_its_name() {
    let dir = common::scratch_dir("hostile");
    let err = read_template_file(&dir).unwrap_err().to_string();
    assert!(
        err.contains("is a directory") && err.contains("hostile"),
        "{err}"
    );
    let err = read_template_file(&dir.join("gone.yaml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("gone.yaml"), "{err}");
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let err = read_template_file(&fifo).unwrap_err().to_string();
            assert!(err.contains("not a regular file"), "{err}");
        }
    }
}

#[test]
fn self_references_cycles_and_bad_logical_ids_are_warned_about() {
    let text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: B\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: A\n  my-topic:\n    Type: AWS::SNS::Topic\n";
    let imported = cfn::import(text.as_bytes(), "c.yaml", None).unwrap();
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("\"my-topic\" is not alphanumeric"))
    );
    let g = stackcanvas::model::RefGraph::build(&imported.template, "c.yaml");
    assert!(
        g.diagnostics
            .iter()
            .any(|w| w.message.contains("circular dependency between A, B"))
    );
    // Both are still drawn.
    let d = stackcanvas::model::Derived::build(&imported.template, "c.yaml");
    let l = stackcanvas::layout::layout(
        &imported.template,
        &d,
        &stackcanvas::model::SavedLayout::default(),
        &stackcanvas::layout::LayoutOptions::default(),
    );
    assert!(l.resource_box("A").is_some() && l.resource_box("B").is_some());
}

#[test]
fn a_failed_save_shows_the_error_keeps_the_document_dirty_and_the_old_file_intact() {
    use stackcanvas::edit::Edit;
    use stackcanvas::ui::{SAMPLES, Settings, StackCanvasApp};

    let dir = common::scratch_dir("failed-save");
    let path = dir.join("stack.yaml");
    std::fs::write(&path, SAMPLES[1].1).unwrap();
    let mut app = StackCanvasApp::with_settings(Settings::default());
    app.open_path(&path);
    app.apply_edit(Edit::RenameResource {
        from: "WorkQueue".into(),
        to: "Jobs".into(),
    });
    let dirty = |app: &StackCanvasApp| {
        app.doc()
            .is_some_and(stackcanvas::session::OpenDoc::is_dirty)
    };
    assert!(dirty(&app));

    // The write fails part-way: the temporary file cannot be created beside the target (a
    // directory is in its place, as a full or read-only disk would refuse it; the tests run as
    // root, so permissions cannot be used).
    let temp = dir.join(format!(
        ".stack.yaml.stackcanvas-{}.tmp",
        std::process::id()
    ));
    std::fs::create_dir(&temp).unwrap();
    assert!(!app.save_to(&path));
    let error = app.notice_text().unwrap_or_default();
    assert!(
        error.contains("cannot save") && error.contains("stack.yaml"),
        "{error}"
    );
    assert!(dirty(&app));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), SAMPLES[1].1);
    assert!(temp.is_dir(), "the blocking directory was removed");

    // A save into a folder that does not exist fails the same way.
    app.notice = None;
    assert!(!app.save_to(&dir.join("missing").join("stack.yaml")));
    assert!(app.notice_text().is_some() && dirty(&app));

    // Once the way is clear, the same document saves and is clean.
    std::fs::remove_dir(&temp).unwrap();
    assert!(app.save_to(&path), "{:?}", app.notice_text());
    assert!(!dirty(&app));
    assert!(std::fs::read_to_string(&path).unwrap().contains("  Jobs:"));
}

#[test]
fn a_file_of_50_mb_is_refused_at_once_with_its_name_and_size() {
    let dir = common::scratch_dir("big-file");
    let path = dir.join("huge.yaml");
    // Sparse: the size is real, the disk blocks are not.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let err = read_template_file(&path).unwrap_err().to_string();
    assert!(
        err.contains("huge.yaml") && err.contains("50 MB") && err.contains("16 MB"),
        "{err}"
    );
}
