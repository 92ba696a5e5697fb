//! The logical ID of a resource, as a type of its own.

use std::borrow::Borrow;
use std::fmt;

/// The logical ID of a resource (`WebServer`), the key of its entry in `Resources`.
///
/// A newtype rather than a `String`, so that a parameter name, a layout key or a type name
/// cannot be passed where a resource is meant. It compares equal to the `&str` it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogicalId(String);

impl LogicalId {
    /// Wraps a logical ID.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ID as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for LogicalId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for LogicalId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for LogicalId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for LogicalId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl From<String> for LogicalId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

impl From<&String> for LogicalId {
    fn from(id: &String) -> Self {
        Self(id.clone())
    }
}

impl PartialEq<str> for LogicalId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for LogicalId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for LogicalId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<LogicalId> for &str {
    fn eq(&self, other: &LogicalId) -> bool {
        *self == other.0
    }
}

impl PartialEq<LogicalId> for String {
    fn eq(&self, other: &LogicalId) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logical_id_compares_with_its_text_both_ways() {
        let id = LogicalId::from("WebServer");
        assert_eq!(id, "WebServer");
        assert_eq!("WebServer", id);
        assert_eq!(id, "WebServer".to_owned());
        assert_ne!(id, "Web");
        assert_eq!(id.len(), 9, "derefs to str");
        assert_eq!(id.to_string(), "WebServer");
        let set: std::collections::HashSet<LogicalId> = [id.clone()].into();
        assert!(set.contains("WebServer"), "borrows as str");
    }
}
