//! Errors and warnings about a template, each with its file, line, column and logical ID.

use std::fmt;

use super::value::Pos;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The template is still usable; something looks wrong.
    Warning,
    /// The template cannot be used as it is.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A problem found in a template, located as precisely as the source allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// The file name, as the user gave it.
    pub file: String,
    /// Where in the file; `None` for values built in code.
    pub pos: Option<Pos>,
    /// The path inside the template, e.g. `Resources.Vpc.Properties.CidrBlock`.
    pub path: String,
    /// The logical ID of the resource concerned, if any.
    pub logical_id: Option<String>,
}

impl Diagnostic {
    /// A warning at `pos`.
    pub fn warning(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
            file: file.to_owned(),
            pos: pos.filter(|p| p.line > 0),
            path: String::new(),
            logical_id: None,
        }
    }

    /// An error at `pos`.
    pub fn error(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            ..Self::warning(file, pos, message)
        }
    }

    /// Sets the template path.
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets the logical ID.
    #[must_use]
    pub fn with_logical_id(mut self, logical_id: impl Into<String>) -> Self {
        self.logical_id = Some(logical_id.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: severity: message (resource X, at path)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.column)?;
        }
        write!(f, ": {}: {}", self.severity, self.message)?;
        match (&self.logical_id, self.path.is_empty()) {
            (Some(id), false) => write!(f, " (resource {id}, at {})", self.path),
            (Some(id), true) => write!(f, " (resource {id})"),
            (None, false) => write!(f, " (at {})", self.path),
            (None, true) => Ok(()),
        }
    }
}

/// A template that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub Box<Diagnostic>);

impl ImportError {
    /// An error at `pos` in `file`.
    pub fn new(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Self(Box::new(Diagnostic::error(file, pos, message)))
    }

    /// The diagnostic with its location.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.0
    }
}

impl From<Diagnostic> for ImportError {
    fn from(d: Diagnostic) -> Self {
        Self(Box::new(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_resource() {
        let pos = Pos {
            offset: 10,
            line: 3,
            column: 7,
        };
        let d = Diagnostic::warning("t.yaml", Some(pos), "no such resource Foo")
            .with_path("Resources.Bar.Properties.X")
            .with_logical_id("Bar");
        assert_eq!(
            d.to_string(),
            "t.yaml:3:7: warning: no such resource Foo (resource Bar, at Resources.Bar.Properties.X)"
        );
    }
}
