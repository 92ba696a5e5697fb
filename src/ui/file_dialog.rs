//! Asking the user for a file path, for Open, Save as and Export image, in one place.
//!
//! The strategy, in order: the desktop portal (through rfd), then `zenity`, then `kdialog` (each
//! run as a child process, its answer read from standard output), then a path field of the
//! app's own. A desktop without a portal (a plain X session, a minimal window manager) still
//! gets a dialog, and a dialog that fails says so. Everything but the path field runs on a
//! worker thread, so the UI never waits for a child process.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::{Key, RichText};

/// What a picked path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    /// File > Open...: an existing template.
    Open,
    /// File > Open folder...: a folder of templates, opened as a project.
    OpenFolder,
    /// The Stacks panel's "Pick...": the template a nested stack runs.
    PickChild,
    /// File > Save as...: where to write the template.
    SaveAs,
    /// File > Export image...: where to write the picture.
    ExportImage,
    /// File > Compare with file...: the other version.
    Compare,
}

impl DialogPurpose {
    /// Whether the dialog asks for a file to write.
    pub fn is_save(self) -> bool {
        !matches!(
            self,
            DialogPurpose::Open
                | DialogPurpose::OpenFolder
                | DialogPurpose::PickChild
                | DialogPurpose::Compare
        )
    }

    /// The path field's button.
    fn button_text(self) -> &'static str {
        match self {
            DialogPurpose::Open | DialogPurpose::OpenFolder => "Open",
            DialogPurpose::PickChild => "Pick",
            DialogPurpose::SaveAs => "Save",
            DialogPurpose::ExportImage => "Export",
            DialogPurpose::Compare => "Compare",
        }
    }
}

/// A kind of file a dialog offers: a name and the extensions it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFilter {
    /// Shown in the dialog ("YAML").
    pub name: String,
    /// Extensions without the dot.
    pub extensions: Vec<String>,
}

impl FileFilter {
    /// A filter named `name` for `extensions`.
    pub fn new(name: &str, extensions: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            extensions: extensions.iter().map(|&e| e.to_owned()).collect(),
        }
    }

    fn globs(&self) -> String {
        self.extensions
            .iter()
            .map(|e| format!("*.{e}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One question for a file dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct FileRequest {
    /// What the answer is for.
    pub purpose: DialogPurpose,
    /// The dialog's title.
    pub title: String,
    /// The folder to start in.
    pub directory: Option<PathBuf>,
    /// For saving, the suggested file name.
    pub file_name: Option<String>,
    /// The kinds of file offered, first the default.
    pub filters: Vec<FileFilter>,
}

impl FileRequest {
    /// The suggested path: the folder, joined with the file name when saving.
    pub fn suggested_path(&self) -> PathBuf {
        let dir = self.directory.clone().unwrap_or_default();
        match &self.file_name {
            Some(name) if self.purpose.is_save() => dir.join(name),
            _ => dir,
        }
    }
}

/// How a dialog ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    /// The user chose this path.
    Picked(PathBuf),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// The dialog could not be shown or gave no usable answer; the message says why.
    Failed(String),
    /// No dialog was available: ask in the app's own path field.
    NoDialog,
}

/// A file dialog program run as a child process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogProgram {
    /// GNOME's `zenity --file-selection`.
    Zenity,
    /// KDE's `kdialog --getopenfilename` / `--getsavefilename`.
    Kdialog,
}

impl DialogProgram {
    /// The program's name, also the command that runs it.
    pub fn name(self) -> &'static str {
        match self {
            DialogProgram::Zenity => "zenity",
            DialogProgram::Kdialog => "kdialog",
        }
    }

    /// The command-line arguments that ask `request`.
    pub fn args(self, request: &FileRequest) -> Vec<OsString> {
        let mut args: Vec<OsString> = Vec::new();
        let start = request.suggested_path();
        match self {
            DialogProgram::Zenity => {
                args.push("--file-selection".into());
                if request.purpose == DialogPurpose::OpenFolder {
                    args.push("--directory".into());
                }
                if request.purpose.is_save() {
                    // zenity 4 ignores --confirm-overwrite (it always asks); zenity 3 needs it.
                    args.extend(["--save".into(), "--confirm-overwrite".into()]);
                }
                args.push("--title".into());
                args.push(request.title.clone().into());
                if !start.as_os_str().is_empty() {
                    let mut filename = OsString::from("--filename=");
                    filename.push(&start);
                    if !request.purpose.is_save() {
                        // A trailing slash opens the folder instead of selecting it.
                        filename.push("/");
                    }
                    args.push(filename);
                }
                for f in &request.filters {
                    args.push(format!("--file-filter={} | {}", f.name, f.globs()).into());
                }
                args.push("--file-filter=All files | *".into());
            }
            DialogProgram::Kdialog => {
                args.push("--title".into());
                args.push(request.title.clone().into());
                args.push(if request.purpose.is_save() {
                    "--getsavefilename".into()
                } else if request.purpose == DialogPurpose::OpenFolder {
                    "--getexistingdirectory".into()
                } else {
                    "--getopenfilename".into()
                });
                args.push(if start.as_os_str().is_empty() {
                    ".".into()
                } else {
                    start.into_os_string()
                });
                if request.purpose == DialogPurpose::OpenFolder {
                    return args;
                }
                // KDE's filter list: one "patterns|description" per line.
                let filters: Vec<String> = request
                    .filters
                    .iter()
                    .map(|f| format!("{}|{}", f.globs(), f.name))
                    .chain(["*|All files".to_owned()])
                    .collect();
                args.push(filters.join("\n").into());
            }
        }
        args
    }

    /// Reads the program's answer: the path on standard output and exit code 0, or exit code 1
    /// for a cancelled dialog; anything else is a failure, with the end of standard error.
    pub fn outcome(self, exit_code: Option<i32>, stdout: &[u8], stderr: &[u8]) -> DialogOutcome {
        let name = self.name();
        match exit_code {
            Some(0) => {
                let line = stdout.strip_suffix(b"\n").unwrap_or(stdout);
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.is_empty() {
                    DialogOutcome::Failed(format!("{name} answered without a path"))
                } else {
                    DialogOutcome::Picked(path_from_bytes(line))
                }
            }
            Some(1) => DialogOutcome::Cancelled,
            other => {
                let status = other.map_or_else(
                    || "was stopped by a signal".to_owned(),
                    |c| format!("exited with code {c}"),
                );
                let stderr = String::from_utf8_lossy(stderr);
                let detail = stderr.trim().lines().last().unwrap_or_default();
                if detail.is_empty() {
                    DialogOutcome::Failed(format!("the {name} file dialog {status}"))
                } else {
                    DialogOutcome::Failed(format!("the {name} file dialog {status}: {detail}"))
                }
            }
        }
    }

    /// Runs `command` (normally [`Self::name`]) to ask `request` and waits for the answer.
    /// `None` when the command is not installed, so that the next one can be tried.
    pub fn ask(self, command: &std::ffi::OsStr, request: &FileRequest) -> Option<DialogOutcome> {
        let output = Command::new(command)
            .args(self.args(request))
            .stdin(Stdio::null())
            .output();
        match output {
            Ok(o) => Some(self.outcome(o.status.code(), &o.stdout, &o.stderr)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => Some(DialogOutcome::Failed(format!(
                "cannot run the {} file dialog: {e}",
                self.name()
            ))),
        }
    }
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt as _;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Which dialogs to try, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogStrategy {
    /// Whether to try the desktop portal (through rfd) first.
    pub portal: bool,
    /// The dialog programs to try next, each with the command that runs it.
    pub programs: Vec<(DialogProgram, OsString)>,
}

impl Default for DialogStrategy {
    /// The portal, then zenity, then kdialog, then the app's own path field.
    fn default() -> Self {
        Self {
            portal: true,
            programs: [DialogProgram::Zenity, DialogProgram::Kdialog]
                .into_iter()
                .map(|p| (p, p.name().into()))
                .collect(),
        }
    }
}

impl DialogStrategy {
    /// Only the app's own path field (tests, and anyone who prefers typing).
    pub fn path_field_only() -> Self {
        Self {
            portal: false,
            programs: Vec::new(),
        }
    }

    fn is_path_field_only(&self) -> bool {
        !self.portal && self.programs.is_empty()
    }

    /// Asks `request` with the first dialog that is available, and waits for the answer.
    /// Blocks: call it on a worker thread.
    pub fn ask(&self, request: &FileRequest) -> DialogOutcome {
        if self.portal && portal_available() {
            return ask_portal(request);
        }
        for (program, command) in &self.programs {
            if let Some(outcome) = program.ask(command, request) {
                return outcome;
            }
        }
        DialogOutcome::NoDialog
    }
}

/// Whether a desktop portal with a file chooser answers on the session bus. rfd cannot tell
/// a missing portal from a cancelled dialog, so it is asked first.
#[cfg(all(unix, not(target_os = "macos")))]
fn portal_available() -> bool {
    let Ok(bus) = zbus::blocking::Connection::session() else {
        return false;
    };
    bus.call_method(
        Some("org.freedesktop.portal.Desktop"),
        "/org/freedesktop/portal/desktop",
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &("org.freedesktop.portal.FileChooser", "version"),
    )
    .is_ok()
}

/// Elsewhere rfd uses the system's own dialogs, which are always there.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn portal_available() -> bool {
    true
}

fn ask_portal(request: &FileRequest) -> DialogOutcome {
    let mut dialog = rfd::FileDialog::new().set_title(&request.title);
    for f in &request.filters {
        dialog = dialog.add_filter(&f.name, &f.extensions);
    }
    if let Some(dir) = &request.directory {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.set_file_name(name);
    }
    let picked = if request.purpose.is_save() {
        dialog.save_file()
    } else if request.purpose == DialogPurpose::OpenFolder {
        dialog.pick_folder()
    } else {
        dialog.pick_file()
    };
    picked.map_or(DialogOutcome::Cancelled, DialogOutcome::Picked)
}

/// Reads a typed path: a leading `~` is the home folder, and a relative path is taken from
/// `base`.
pub fn typed_path(text: &str, base: &Path) -> PathBuf {
    let text = text.trim();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = match (text.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(text),
    };
    if path.is_absolute() {
        path
    } else {
        base.join(path)
    }
}

/// A dialog running on a worker thread.
pub struct PendingDialog {
    rx: Receiver<(FileRequest, DialogOutcome)>,
}

/// Why the app's own path field is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptReason {
    /// The strategy asks for it ([`DialogStrategy::path_field_only`]).
    Chosen,
    /// No portal, zenity or kdialog is available.
    NoDialog,
    /// A dialog failed; the message says how.
    Failed(String),
}

/// The app's own path field, shown when no dialog is available or one failed.
#[derive(Clone, Debug, PartialEq)]
pub struct PathPrompt {
    /// The question.
    pub request: FileRequest,
    /// The path typed so far.
    pub text: String,
    /// Why the field is shown instead of a dialog.
    pub reason: PromptReason,
}

impl PathPrompt {
    /// A path field for `request`, filled in with the suggested path.
    pub fn new(request: FileRequest, reason: PromptReason) -> Self {
        let mut text = request.suggested_path().display().to_string();
        if !request.purpose.is_save() && !text.is_empty() && !text.ends_with('/') {
            text.push('/');
        }
        Self {
            request,
            text,
            reason,
        }
    }
}

/// The file dialogs: which to try, the one running, and the app's own path field.
#[derive(Default)]
pub struct FileDialogs {
    /// Which file dialogs to try.
    pub strategy: DialogStrategy,
    /// A file dialog running on a worker thread.
    running: Option<PendingDialog>,
    /// The app's own path field, when no file dialog is available.
    pub prompt: Option<PathPrompt>,
}

/// What a file dialog said.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogAnswer {
    /// A path, for this purpose.
    Picked(DialogPurpose, PathBuf),
    /// The dialog's worker went away without an answer.
    Lost,
}

impl FileDialogs {
    /// Asks for a path with the [`DialogStrategy`]; the answer comes from [`Self::poll`].
    /// Does nothing while another dialog is open.
    pub fn start(&mut self, request: FileRequest, ctx: &egui::Context) {
        if self.running.is_some() || self.prompt.is_some() {
            return;
        }
        if self.strategy.is_path_field_only() {
            self.prompt = Some(PathPrompt::new(request, PromptReason::Chosen));
            return;
        }
        let strategy = self.strategy.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let outcome = strategy.ask(&request);
            tx.send((request, outcome)).ok();
            ctx.request_repaint();
        });
        self.running = Some(PendingDialog { rx });
    }

    /// Whether a file dialog is open on a worker thread.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Takes a dialog's answer, if it is there. A dialog that failed or is missing gives way
    /// to the path field, which says why.
    pub fn poll(&mut self) -> Option<DialogAnswer> {
        let pending = self.running.as_ref()?;
        let (request, outcome) = match pending.rx.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                return Some(DialogAnswer::Lost);
            }
        };
        self.running = None;
        match outcome {
            DialogOutcome::Picked(path) => Some(DialogAnswer::Picked(request.purpose, path)),
            DialogOutcome::Cancelled => None,
            DialogOutcome::Failed(e) => {
                // Said in the path field, where the user is looking, rather than the error bar.
                self.prompt = Some(PathPrompt::new(request, PromptReason::Failed(e)));
                None
            }
            DialogOutcome::NoDialog => {
                self.prompt = Some(PathPrompt::new(request, PromptReason::NoDialog));
                None
            }
        }
    }

    /// The app's own path field, as a modal window; returns the path once confirmed.
    pub fn prompt_ui(
        &mut self,
        ctx: &egui::Context,
        theme: crate::scene::Theme,
    ) -> Option<(DialogPurpose, PathBuf)> {
        let prompt = self.prompt.as_mut()?;
        let mut ok = false;
        let mut cancel = false;
        let error_color = super::theme::error_text(theme);
        let modal = egui::Modal::new(egui::Id::unique("path prompt")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(&prompt.request.title);
            match &prompt.reason {
                PromptReason::Chosen => {}
                PromptReason::NoDialog => {
                    ui.label(
                        RichText::new("No desktop portal, zenity or kdialog is available").weak(),
                    );
                }
                PromptReason::Failed(e) => {
                    ui.label(RichText::new(e).color(error_color));
                }
            }
            ui.label("Type the file's path");
            let r = ui
                .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(f32::INFINITY))
                .accessible_name("Path");
            if !r.has_focus() && !r.lost_focus() {
                r.request_focus();
            }
            let filled = !prompt.text.trim().is_empty();
            if r.lost_focus() && filled && ui.input(|i| i.key_pressed(Key::Enter)) {
                ok = true;
            }
            ui.horizontal(|ui| {
                let text = prompt.request.purpose.button_text();
                if ui.add_enabled(filled, egui::Button::new(text)).clicked() {
                    ok = true;
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        if modal.should_close() || ctx.input(|i| i.key_pressed(Key::Escape)) {
            cancel = true;
        }
        if ok {
            let base = std::env::current_dir().unwrap_or_default();
            let path = typed_path(&prompt.text, &base);
            let purpose = prompt.request.purpose;
            self.prompt = None;
            return Some((purpose, path));
        }
        if cancel {
            self.prompt = None;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(purpose: DialogPurpose) -> FileRequest {
        FileRequest {
            purpose,
            title: "Save template as".to_owned(),
            directory: Some(PathBuf::from("/home/me/stacks")),
            file_name: Some("web.yaml".to_owned()),
            filters: vec![
                FileFilter::new("YAML", &["yaml", "yml"]),
                FileFilter::new("JSON", &["json"]),
            ],
        }
    }

    fn strings(args: &[OsString]) -> Vec<String> {
        args.iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn a_folder_is_asked_for_as_a_folder() {
        let folder = request(DialogPurpose::OpenFolder);
        let zenity = strings(&DialogProgram::Zenity.args(&folder));
        assert_eq!(zenity[..2], ["--file-selection", "--directory"]);
        assert!(
            zenity.contains(&"--filename=/home/me/stacks/".to_owned()),
            "{zenity:?}"
        );
        assert!(!zenity.contains(&"--save".to_owned()));
        let kdialog = strings(&DialogProgram::Kdialog.args(&folder));
        assert_eq!(
            kdialog,
            [
                "--title",
                "Save template as",
                "--getexistingdirectory",
                "/home/me/stacks"
            ]
        );
    }

    #[test]
    fn zenity_is_asked_to_open_in_the_folder_or_to_save_under_the_suggested_name() {
        assert_eq!(
            strings(&DialogProgram::Zenity.args(&request(DialogPurpose::Open))),
            [
                "--file-selection",
                "--title",
                "Save template as",
                "--filename=/home/me/stacks/",
                "--file-filter=YAML | *.yaml *.yml",
                "--file-filter=JSON | *.json",
                "--file-filter=All files | *",
            ]
        );
        assert_eq!(
            strings(&DialogProgram::Zenity.args(&request(DialogPurpose::SaveAs))),
            [
                "--file-selection",
                "--save",
                "--confirm-overwrite",
                "--title",
                "Save template as",
                "--filename=/home/me/stacks/web.yaml",
                "--file-filter=YAML | *.yaml *.yml",
                "--file-filter=JSON | *.json",
                "--file-filter=All files | *",
            ]
        );
    }

    #[test]
    fn kdialog_gets_the_start_path_and_kde_filters() {
        assert_eq!(
            strings(&DialogProgram::Kdialog.args(&request(DialogPurpose::ExportImage))),
            [
                "--title",
                "Save template as",
                "--getsavefilename",
                "/home/me/stacks/web.yaml",
                "*.yaml *.yml|YAML\n*.json|JSON\n*|All files",
            ]
        );
        let mut open = request(DialogPurpose::Open);
        open.directory = None;
        assert_eq!(
            strings(&DialogProgram::Kdialog.args(&open))[2..4],
            ["--getopenfilename", "."]
        );
    }

    #[test]
    fn answers_are_a_path_a_cancel_or_a_failure_with_its_reason() {
        for program in [DialogProgram::Zenity, DialogProgram::Kdialog] {
            assert_eq!(
                program.outcome(Some(0), b"/tmp/my stack.yaml\n", b"Gtk-WARNING: noise\n"),
                DialogOutcome::Picked(PathBuf::from("/tmp/my stack.yaml"))
            );
            assert_eq!(
                program.outcome(Some(1), b"", b"Gtk-WARNING: noise\n"),
                DialogOutcome::Cancelled,
                "exit code 1 is a cancel, not an error"
            );
            assert!(matches!(
                program.outcome(Some(0), b"\n", b""),
                DialogOutcome::Failed(e) if e.contains("without a path")
            ));
        }
        assert_eq!(
            DialogProgram::Zenity.outcome(Some(255), b"", b"warning\ncannot open display\n"),
            DialogOutcome::Failed(
                "the zenity file dialog exited with code 255: cannot open display".to_owned()
            )
        );
        assert_eq!(
            DialogProgram::Kdialog.outcome(None, b"", b""),
            DialogOutcome::Failed("the kdialog file dialog was stopped by a signal".to_owned())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_missing_program_is_skipped_and_a_running_one_is_read() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("stackcanvas-dialogs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fake = |name: &str, script: &str| {
            let path = dir.join(name);
            std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            path.into_os_string()
        };
        // Prints its arguments' save path back, the way zenity answers.
        let picks = fake(
            "picks",
            "for a; do case $a in --filename=*) echo \"${a#--filename=}\";; esac; done",
        );
        let cancels = fake("cancels", "exit 1");
        let breaks = fake("breaks", "echo 'no display' >&2; exit 3");
        let missing = dir.join("not-installed").into_os_string();
        let save = request(DialogPurpose::SaveAs);

        let strategy = |programs: Vec<OsString>| DialogStrategy {
            portal: false,
            programs: programs
                .into_iter()
                .map(|c| (DialogProgram::Zenity, c))
                .collect(),
        };
        assert_eq!(
            strategy(vec![missing.clone(), picks]).ask(&save),
            DialogOutcome::Picked(PathBuf::from("/home/me/stacks/web.yaml")),
            "a program that is not installed is skipped"
        );
        assert_eq!(strategy(vec![cancels]).ask(&save), DialogOutcome::Cancelled);
        assert_eq!(
            strategy(vec![breaks]).ask(&save),
            DialogOutcome::Failed("the zenity file dialog exited with code 3: no display".into())
        );
        assert_eq!(strategy(vec![missing]).ask(&save), DialogOutcome::NoDialog);
        assert_eq!(
            DialogStrategy::path_field_only().ask(&save),
            DialogOutcome::NoDialog
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn typed_paths_are_taken_from_the_current_folder_or_home() {
        let base = Path::new("/work");
        assert_eq!(typed_path(" t.yaml ", base), Path::new("/work/t.yaml"));
        assert_eq!(typed_path("/abs/t.yaml", base), Path::new("/abs/t.yaml"));
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(
                typed_path("~/t.yaml", base),
                Path::new(&home).join("t.yaml")
            );
        }
        assert_eq!(typed_path("~x/t.yaml", base), Path::new("/work/~x/t.yaml"));
    }

    #[test]
    fn the_path_field_starts_with_the_suggested_path() {
        let save = PathPrompt::new(request(DialogPurpose::SaveAs), PromptReason::Chosen);
        assert_eq!(save.text, "/home/me/stacks/web.yaml");
        let open = PathPrompt::new(request(DialogPurpose::Open), PromptReason::Chosen);
        assert_eq!(open.text, "/home/me/stacks/");
    }
}
