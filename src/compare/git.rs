//! Earlier versions of a file from git, read through the `git` command: `git show REV:./NAME`
//! run in the file's folder. Nothing is written, fetched or changed in the repository.

use std::path::Path;
use std::process::Command;

/// Most bytes a revision may hold, as for files opened from disk.
const MAX_BYTES: usize = 64 << 20;

/// A version named on the command line: a file, or `REV:path` (a commit, a branch, a tag,
/// `HEAD~2`...) of a file in a git repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Version {
    /// A file on disk.
    File(String),
    /// A revision of a file.
    Revision {
        /// What git calls the revision: `HEAD`, `main`, `a1b2c3d`.
        rev: String,
        /// The file, as a path on disk.
        path: String,
    },
}

impl Version {
    /// Reads `spec`: a path that exists is a file; otherwise `REV:path` is a revision.
    pub fn parse(spec: &str) -> Version {
        if Path::new(spec).exists() {
            return Version::File(spec.to_owned());
        }
        match spec.split_once(':') {
            // Not a drive letter such as `C:\x`.
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() && rev.len() > 1 => {
                Version::Revision {
                    rev: rev.to_owned(),
                    path: path.to_owned(),
                }
            }
            _ => Version::File(spec.to_owned()),
        }
    }

    /// The version's name for people: the path, or `REV:path`.
    pub fn name(&self) -> String {
        match self {
            Version::File(p) => p.clone(),
            Version::Revision { rev, path } => format!("{rev}:{path}"),
        }
    }

    /// The path of the file, at whatever revision.
    pub fn path(&self) -> &str {
        match self {
            Version::File(p) | Version::Revision { path: p, .. } => p,
        }
    }
}

/// The bytes of `path` as it was at `rev`.
pub fn read_revision(rev: &str, path: &Path) -> Result<Vec<u8>, String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file", path.display()))?
        .to_string_lossy();
    if rev.starts_with('-') {
        return Err(format!("{rev}: not a revision"));
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:./{name}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "{rev}:{}: {}",
            path.display(),
            err.trim().lines().next().unwrap_or("git show failed")
        ));
    }
    if out.stdout.len() > MAX_BYTES {
        return Err(format!("{rev}:{}: larger than 64 MiB", path.display()));
    }
    Ok(out.stdout)
}

/// One revision a file can be compared with, for a picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionChoice {
    /// What to pass to [`read_revision`]: `HEAD`, a branch, a short commit hash.
    pub rev: String,
    /// A line for people: `a1b2c3d  2026-11-30  Add the queue`.
    pub label: String,
}

/// `HEAD`, the local branches, and the last commits that touched `path`, newest first;
/// empty when the file is not in a git repository or git is missing.
pub fn revisions(path: &Path, max_commits: usize) -> Vec<RevisionChoice> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name() else {
        return Vec::new();
    };
    let run = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some(_) = run(&["rev-parse", "--is-inside-work-tree"]) else {
        return Vec::new();
    };
    let mut out = vec![RevisionChoice {
        rev: "HEAD".into(),
        label: "HEAD (the last commit)".into(),
    }];
    if let Some(branches) = run(&["branch", "--format=%(refname:short)"]) {
        for b in branches.lines().map(str::trim).filter(|b| !b.is_empty()) {
            out.push(RevisionChoice {
                rev: b.to_owned(),
                label: format!("branch {b}"),
            });
        }
    }
    let n = format!("-n{max_commits}");
    let name = name.to_string_lossy();
    if let Some(log) = run(&[
        "log",
        &n,
        "--format=%h%x09%ad%x09%s",
        "--date=short",
        "--",
        &name,
    ]) {
        for line in log.lines() {
            let mut parts = line.splitn(3, '\t');
            if let (Some(h), Some(d), Some(s)) = (parts.next(), parts.next(), parts.next()) {
                out.push(RevisionChoice {
                    rev: h.to_owned(),
                    label: format!("{h}  {d}  {s}"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_is_a_file_or_a_revision() {
        assert_eq!(
            Version::parse("HEAD~1:templates/app.yaml"),
            Version::Revision {
                rev: "HEAD~1".into(),
                path: "templates/app.yaml".into()
            }
        );
        assert_eq!(
            Version::parse("Cargo.toml"),
            Version::File("Cargo.toml".into())
        );
        assert_eq!(
            Version::parse("C:\\x.yaml"),
            Version::File("C:\\x.yaml".into())
        );
        assert!(read_revision("--output=x", Path::new("a.yaml")).is_err());
    }
}
