//! Files: reading a template file safely, writing one atomically, telling whether it changed on
//! disk, and preparing an opened document (the part of opening that can run on any thread).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cfn::{self, Format, ImportError};
use crate::model::{Derived, OpenedDocument};
use crate::view::{Diagram, Rebuilds, ViewFilters};

/// Largest template file Stack Canvas opens: 16 times CloudFormation's own limit of 1 MB, and
/// about 50,000 resources. It reads and lays that out in a few seconds off the UI thread; a
/// bigger file is refused at once, before any of it is read.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a template file was not read. Each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadFileError {
    /// The file is missing or cannot be looked at.
    #[error("cannot open {}: {source}", .path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is a directory.
    #[error("{} is a directory, not a template file", .0.display())]
    Directory(PathBuf),
    /// It is a pipe, socket or device, which could block or never end.
    #[error("{} is not a regular file (a pipe or device?), so it is not opened", .0.display())]
    NotARegularFile(PathBuf),
    /// It is bigger than [`MAX_FILE_BYTES`].
    #[error(
        "{} is {} MB; Stack Canvas opens templates up to {} MB (CloudFormation accepts 1 MB)",
        .path.display(), .bytes / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooBig {
        /// The file.
        path: PathBuf,
        /// Its length.
        bytes: u64,
    },
    /// Reading it failed.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Reads a template file, refusing what is not a regular file (a directory, a FIFO that would
/// block) and files over [`MAX_FILE_BYTES`], with a message that names the file.
pub fn read_template_file(path: &Path) -> Result<Vec<u8>, ReadFileError> {
    let owned = || path.to_path_buf();
    let meta = std::fs::metadata(path).map_err(|source| ReadFileError::Open {
        path: owned(),
        source,
    })?;
    if meta.is_dir() {
        return Err(ReadFileError::Directory(owned()));
    }
    if !meta.is_file() {
        return Err(ReadFileError::NotARegularFile(owned()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadFileError::TooBig {
            path: owned(),
            bytes: meta.len(),
        });
    }
    std::fs::read(path).map_err(|source| ReadFileError::Read {
        path: owned(),
        source,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same directory, so that the file
/// is always either the old or the new version. Follows a symlink to its target and keeps the
/// file's permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{file_name}.stackcanvas-{}.tmp",
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&target) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, &target)?;
        if let Ok(d) = std::fs::File::open(dir) {
            d.sync_all().ok();
        }
        Ok(())
    })();
    if result.is_err() {
        std::fs::remove_file(&temp).ok();
    }
    result
}

/// A file's modification time and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    /// Last modification.
    pub modified: SystemTime,
    /// Length in bytes.
    pub len: u64,
}

impl DiskStamp {
    /// The stamp of the file at `path`, if it can be read.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            modified: meta.modified().ok()?,
            len: meta.len(),
        })
    }
}

/// Why a template could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file was not read.
    #[error(transparent)]
    Read(#[from] ReadFileError),
    /// It was read but holds no template to show.
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// A document read, parsed, derived and laid out, ready for the session to take.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The document and where it came from.
    pub opened: OpenedDocument,
    /// Its picture under the filters it was prepared with.
    pub diagram: Diagram,
    /// The filters `diagram` was made with; the session lays out again if its own differ.
    pub filters: ViewFilters,
    /// What preparing it built.
    pub rebuilds: Rebuilds,
}

impl Prepared {
    /// Parses `bytes` (named `name`, from `path` if it has one) and builds its picture.
    pub fn from_bytes(
        bytes: &[u8],
        name: &str,
        path: Option<PathBuf>,
        filters: &ViewFilters,
    ) -> Result<Self, OpenError> {
        let format = path.as_deref().and_then(Format::from_path);
        let imported = cfn::import(bytes, name, format)?;
        let opened = OpenedDocument::from_imported(imported, path, name.to_owned());
        let mut rebuilds = Rebuilds {
            graph: 1,
            ..Rebuilds::default()
        };
        let derived = Derived::build_with(
            &opened.document.template,
            &opened.name,
            &filters.check_options(),
        );
        let diagram = Diagram::from_derived(&opened.document, derived, filters, &mut rebuilds);
        Ok(Self {
            opened,
            diagram,
            filters: filters.clone(),
            rebuilds,
        })
    }

    /// Reads the file at `path` and prepares it: what the app's open worker runs.
    /// A project's overview, drawn from its templates: read-only, with no file of its own.
    pub fn from_project(
        view: crate::project::ProjectView,
        name: &str,
        filters: &ViewFilters,
    ) -> Self {
        let opened = OpenedDocument {
            document: view.document,
            path: None,
            name: name.to_owned(),
            import_diagnostics: Vec::new(),
            read_only: true,
        };
        Self {
            opened,
            diagram: view.diagram,
            filters: filters.clone(),
            rebuilds: Rebuilds {
                graph: 1,
                layout: 1,
                scene: 1,
            },
        }
    }

    pub fn from_file(path: &Path, filters: &ViewFilters) -> Result<Self, OpenError> {
        let bytes = read_template_file(path)?;
        Self::from_bytes(
            &bytes,
            &path.display().to_string(),
            Some(path.to_path_buf()),
            filters,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stackcanvas-files-{}-{name}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn atomic_write_replaces_the_file_and_keeps_permissions() {
        let dir = scratch("atomic");
        let path = dir.join("t.yaml");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file is left"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_prepared_document_has_its_picture() {
        let text = b"Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
        let prepared = Prepared::from_bytes(text, "q.yaml", None, &ViewFilters::default()).unwrap();
        assert!(prepared.diagram.scene.rect_of("Queue").is_some());
        assert_eq!(prepared.rebuilds.graph, 1);
        let err = Prepared::from_bytes(b"Resources: [", "bad.yaml", None, &ViewFilters::default())
            .unwrap_err();
        assert!(err.to_string().contains("bad.yaml"), "{err}");
    }
}
