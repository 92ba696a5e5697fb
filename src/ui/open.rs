//! Opening a file off the UI thread: reading, parsing, deriving and laying out run on a
//! worker, and the UI keeps drawing (with a progress note after 100 ms) until it is done.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use super::project_view::{Opened, open_any};
use crate::view::ViewFilters;

/// A file being opened on a worker thread.
pub struct PendingOpen {
    /// The file.
    pub path: PathBuf,
    /// Its name, for the progress note.
    pub name: String,
    rx: Receiver<Result<Opened, String>>,
    /// When the open started.
    pub started: std::time::Instant,
}

impl PendingOpen {
    /// Starts opening `path` under `filters` (a folder or root template as a project, unless
    /// `plain`); the worker asks for a repaint when it is done.
    pub fn start(path: PathBuf, filters: ViewFilters, plain: bool, ctx: &egui::Context) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let worker_path = path.clone();
        std::thread::spawn(move || {
            tx.send(open_any(&worker_path, &filters, plain)).ok();
            ctx.request_repaint();
        });
        Self {
            name: path.display().to_string(),
            path,
            rx,
            started: std::time::Instant::now(),
        }
    }

    /// What the worker has come to.
    pub fn poll(&self) -> OpenProgress {
        match self.rx.try_recv() {
            Ok(result) => OpenProgress::Done(Box::new(result)),
            Err(TryRecvError::Empty) => OpenProgress::Running,
            Err(TryRecvError::Disconnected) => OpenProgress::Lost,
        }
    }
}

/// Where a background open is.
pub enum OpenProgress {
    /// Still reading.
    Running,
    /// Read, or refused with the reason.
    Done(Box<Result<Opened, String>>),
    /// The worker went away without an answer.
    Lost,
}
