//! Saving never leaves a torn file: a child process saves and autosaves in a loop through the
//! app's own code, and is killed with SIGKILL at varied moments, 100 times. After each kill the
//! file is a complete version (the old one or a new one), and the recovery file brings back a
//! complete set of edits.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use stackcanvas::edit::Edit;
use stackcanvas::ui::{SAMPLES, StackCanvasApp};

const CHILD_ENV: &str = "STACKCANVAS_KILL_CHILD_DIR";

/// The text of version `k`: the serverless sample with `WorkQueue` renamed to `Jobs{k}`.
fn version(k: u64) -> String {
    let mut app = StackCanvasApp::with_settings(stackcanvas::ui::Settings::default());
    app.open_bytes(SAMPLES[1].1.as_bytes(), "t.yaml", None);
    app.apply_edit(Edit::RenameResource {
        from: "WorkQueue".into(),
        to: format!("Jobs{k}"),
    });
    app.document()
        .unwrap()
        .save_text(stackcanvas::cfn::Format::Yaml)
        .unwrap()
}

/// Which version a text is, if it is exactly one.
fn which_version(text: &str) -> Option<u64> {
    let start = text.find("  Jobs")? + "  Jobs".len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let k: u64 = digits.parse().ok()?;
    (version(k) == text).then_some(k)
}

/// The child: saves and autosaves new versions as fast as it can, until it is killed.
#[test]
fn save_loop_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return;
    };
    let path = dir.join("template.yaml");
    let mut app = StackCanvasApp::with_settings(stackcanvas::ui::Settings::default());
    app.recovery.dir = Some(dir.join("recovery"));
    app.open_path(&path);
    for k in 1.. {
        let from = app
            .document()
            .unwrap()
            .template
            .resources()
            .find(|r| r.logical_id.starts_with("Jobs") || r.logical_id == "WorkQueue")
            .unwrap()
            .logical_id
            .to_owned();
        app.apply_edit(Edit::RenameResource {
            from,
            to: format!("Jobs{k}"),
        });
        app.autosave_now().unwrap();
        assert!(app.save_to(&path), "{:?}", app.notice_text());
    }
}

fn run_child(dir: &Path, kill_after: Duration) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "save_loop_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(kill_after);
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
}

#[test]
fn sigkill_during_save_and_autosave_never_tears_a_file() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("stackcanvas-kill-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("template.yaml");
    std::fs::write(&path, version(0)).unwrap();
    let mut survived = 0;
    let mut versions_seen = std::collections::BTreeSet::new();
    // A fixed spread of moments, from before the first save to deep into the loop.
    let mut seed: u64 = 0x5eed;
    for _ in 0..100 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let ms = 20 + (seed >> 33) % 180;
        run_child(&dir, Duration::from_millis(ms));
        let text = std::fs::read_to_string(&path).unwrap();
        let k = which_version(&text)
            .unwrap_or_else(|| panic!("a torn or unknown file after a kill at {ms} ms:\n{text}"));
        versions_seen.insert(k);
        // No temporary file is left to be mistaken for the template.
        let recovery = dir.join("recovery");
        if recovery.join("recovered-template.meta").exists() {
            let meta = std::fs::read_to_string(recovery.join("recovered-template.meta")).unwrap();
            assert_eq!(meta.lines().count(), 3, "a torn recovery note: {meta:?}");
            let recovered = std::fs::read_to_string(recovery.join("recovered-template")).unwrap();
            assert!(
                which_version(&recovered).is_some(),
                "a torn recovery file:\n{recovered}"
            );
            // Recovery brings the edits back through the app.
            let mut app = StackCanvasApp::with_settings(stackcanvas::ui::Settings::default());
            app.recovery.dir = Some(recovery.clone());
            app.find_recovery();
            app.restore_recovery();
            let doc = app.document().unwrap();
            assert!(
                doc.template
                    .resources()
                    .any(|r| r.logical_id.starts_with("Jobs"))
            );
        }
        survived += 1;
    }
    eprintln!(
        "{survived} kills survived; versions on disk after kills: {} distinct",
        versions_seen.len()
    );
    assert_eq!(survived, 100);
    assert!(
        versions_seen.len() > 3,
        "the kills should land at many different points: {versions_seen:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
