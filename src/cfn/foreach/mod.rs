//! `Fn::ForEach` loops (the `AWS::LanguageExtensions` transform) as resource families.
//!
//! A loop such as `Fn::ForEach::Buckets: [Id, [A, B], {"Bucket${Id}": {...}}]` makes the
//! resources `BucketA` and `BucketB`. The template tree keeps the loop exactly as written, so
//! saving never writes the expansion; [`Loops`] is computed from the tree, on demand, and gives
//! every generated resource (and output) as an expanded copy of the loop's body with the
//! identifier replaced by its value. Where the collection cannot be known without deploying
//! (a parameter without a default, a pseudo parameter), the loop gives one stacked resource
//! whose logical ID still holds the placeholder, e.g. `Bucket${Id}`, with how often it repeats.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use super::diagnostic::Diagnostic;
use super::template::{Resource, Template, join_path, resource_view};
use super::value::{Mapping, Node, Span, Value};

mod expand;

use expand::Expand;

/// The key prefix of a loop.
pub const FOR_EACH_PREFIX: &str = "Fn::ForEach::";

/// The transform that makes CloudFormation accept `Fn::ForEach`.
pub const LANGUAGE_EXTENSIONS: &str = "AWS::LanguageExtensions";

/// Whether `key` is the key of a loop (`Fn::ForEach::Name`).
pub fn is_loop_key(key: &str) -> bool {
    key.starts_with(FOR_EACH_PREFIX)
}

/// What a loop iterates over, as far as the template tells without deploying it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Collection {
    /// The values are known: a literal list, a parameter's default, a resolvable `FindInMap`.
    Values(Vec<String>),
    /// A literal list whose items are computed (`[!Ref A, !Ref B]`): only the count is known.
    Count(usize),
    /// Neither the values nor how many.
    Unknown,
}

/// How often a stacked resource repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// This many times.
    Times(usize),
    /// An unknown number of times.
    Unknown,
}

impl fmt::Display for Repeat {
    /// `× 3` or `× ?`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repeat::Times(n) => write!(f, "\u{d7} {n}"),
            Repeat::Unknown => f.write_str("\u{d7} ?"),
        }
    }
}

/// One `Fn::ForEach` loop of the template.
#[derive(Clone, Debug, PartialEq)]
pub struct LoopFamily {
    /// The loop's name, after `Fn::ForEach::`.
    pub name: String,
    /// The top-level section it is in: `Resources` or `Outputs`.
    pub section: String,
    /// Keys and list indexes from the top of the document down to the loop's value.
    pub path: Vec<String>,
    /// Where the loop's key was written.
    pub key_span: Span,
    /// The identifier that takes each value.
    pub identifier: String,
    /// What it iterates over, with the enclosing loops' values put in.
    pub collection: Collection,
    /// The enclosing loop, for a loop inside another loop's output mapping.
    pub parent: Option<usize>,
}

impl LoopFamily {
    /// The loop and what it iterates over: `Fn::ForEach::Buckets (Id in A, B)`.
    pub fn describe(&self) -> String {
        let over = match &self.collection {
            Collection::Values(v) => v.join(", "),
            Collection::Count(n) => format!("{n} computed values"),
            Collection::Unknown => "an unknown list".to_owned(),
        };
        format!(
            "{FOR_EACH_PREFIX}{} ({} in {over})",
            self.name, self.identifier
        )
    }
}

/// A resource or output made by a loop.
#[derive(Clone, Debug, PartialEq)]
pub struct Generated {
    /// Its logical ID (or output name), e.g. `BucketA`; for a stacked one, with placeholders.
    pub logical_id: String,
    /// The innermost loop that makes it, an index into [`Loops::families`].
    pub family: usize,
    /// The identifiers with known values, outer loops first.
    pub bindings: Vec<(String, String)>,
    /// Keys and list indexes from the top of the document to the body in the loop.
    pub body_path: Vec<String>,
    /// Where the body's key was written.
    pub key_span: Span,
    /// The body with the identifiers replaced by their values.
    pub node: Node,
    /// For a stacked resource (values not known): how often it repeats.
    pub repeat: Option<Repeat>,
}

/// Every loop of a template and what the loops make.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loops {
    /// The loops, outer loops before the loops inside them, in file order.
    pub families: Vec<LoopFamily>,
    resources: Vec<Generated>,
    outputs: Vec<Generated>,
    resource_index: HashMap<String, usize>,
    by_top_key: HashMap<String, Range<usize>>,
    problems: Vec<Diagnostic>,
}

impl Loops {
    /// Finds the loops in `Resources` and `Outputs` and expands them.
    pub fn build(template: &Template) -> Self {
        let mut loops = Loops::default();
        for section in ["Resources", "Outputs"] {
            let Some(mapping) = template.section_mapping(section) else {
                continue;
            };
            for (key, entry) in mapping.entries() {
                if !is_loop_key(key) {
                    continue;
                }
                let start = loops.resources.len();
                let path = vec![section.to_owned(), key.to_owned()];
                let mut ctx = Expand {
                    template,
                    section,
                    loops: &mut loops,
                };
                ctx.expand(key, entry.key_span, &entry.value, &path, &[], None, None);
                if section == "Resources" {
                    let end = loops.resources.len();
                    loops.by_top_key.insert(key.to_owned(), start..end);
                }
            }
        }
        loops
    }

    /// Whether the template has no loops.
    pub fn is_empty(&self) -> bool {
        self.families.is_empty()
    }

    /// Every generated resource, in file order.
    pub fn generated_resources(&self) -> &[Generated] {
        &self.resources
    }

    /// Every generated output, in file order.
    pub fn generated_outputs(&self) -> &[Generated] {
        &self.outputs
    }

    /// What the loop `family` itself makes (not its inner loops): resources, then outputs.
    pub fn made_by(&self, family: usize) -> impl Iterator<Item = &Generated> {
        self.resources
            .iter()
            .chain(&self.outputs)
            .filter(move |g| g.family == family)
    }

    /// The generated resource with this logical ID.
    pub fn generated(&self, logical_id: &str) -> Option<&Generated> {
        self.resource_index
            .get(logical_id)
            .and_then(|&i| self.resources.get(i))
    }

    /// The loop that makes `logical_id`.
    pub fn family_of(&self, logical_id: &str) -> Option<&LoopFamily> {
        self.families.get(self.generated(logical_id)?.family)
    }

    /// The generated resource as a typed view of its expanded copy.
    pub fn resource(&self, logical_id: &str) -> Option<Resource<'_>> {
        view(self.generated(logical_id)?)
    }

    /// The loop's body that makes `logical_id`, as written (placeholders and all), from
    /// `template`'s tree: what an edit of the generated resource changes.
    pub fn body<'a>(&self, template: &'a Template, logical_id: &str) -> Option<Resource<'a>> {
        let g = self.generated(logical_id)?;
        let (key, _) = g.body_path.split_last()?;
        let parent = node_at(
            template.root_node(),
            g.body_path.get(..g.body_path.len() - 1)?,
        )?;
        let (key, entry) = parent.as_mapping()?.key_entry(key)?;
        resource_view(key, entry.key_span, &entry.value)
    }

    /// The resources made by the top-level entry `key` of `Resources` (none unless it is a
    /// loop), as typed views.
    pub fn resources_from(&self, key: &str) -> impl Iterator<Item = Resource<'_>> {
        let range = self.by_top_key.get(key).cloned().unwrap_or_default();
        self.resources
            .get(range)
            .unwrap_or_default()
            .iter()
            .filter_map(view)
    }

    /// The stacked resource whose placeholder pattern matches `name`: `Bucket${Id}` matches
    /// `BucketProd`, so a reference to a value not known here still finds its family.
    pub fn stacked_match(&self, name: &str) -> Option<&str> {
        self.resources
            .iter()
            .filter(|g| g.repeat.is_some())
            .find(|g| matches_pattern(&g.logical_id, name))
            .map(|g| g.logical_id.as_str())
    }

    /// The problems found while expanding, for `file`.
    pub fn problems(&self, file: &str) -> impl Iterator<Item = Diagnostic> + '_ {
        let file = file.to_owned();
        self.problems.iter().map(move |d| Diagnostic {
            file: file.clone(),
            ..d.clone()
        })
    }
}

fn view(g: &Generated) -> Option<Resource<'_>> {
    resource_view(&g.logical_id, g.key_span, &g.node)
}

/// Whether `name` fits `pattern`, where each `${X}` or `&{X}` stands for one or more letters
/// and digits.
fn matches_pattern(pattern: &str, name: &str) -> bool {
    let mut literals = Vec::new();
    let mut rest = pattern;
    while let Some(start) = rest.find(['$', '&']) {
        let Some(close) = rest[start..].find('}') else {
            break;
        };
        if rest[start + 1..].starts_with('{') {
            literals.push(&rest[..start]);
            rest = &rest[start + close + 1..];
        } else {
            literals.push(&rest[..=start]);
            rest = &rest[start + 1..];
        }
    }
    if literals.is_empty() {
        return false;
    }
    let Some(mut remaining) = name.strip_prefix(literals[0]) else {
        return false;
    };
    for literal in &literals[1..] {
        // Each placeholder takes at least one character, then the next literal follows.
        let Some(at) = remaining
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .find(|&i| remaining[i..].starts_with(literal))
        else {
            return false;
        };
        if !remaining[..at].chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        remaining = &remaining[at + literal.len()..];
    }
    let Some(tail) = remaining.strip_suffix(rest) else {
        return false;
    };
    !tail.is_empty() && tail.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The node at `path` (keys, and list indexes as decimal text) from the top of the document.
pub fn node_at<'a>(root: &'a Node, path: &[String]) -> Option<&'a Node> {
    let mut node = root;
    for key in path {
        node = match &node.value {
            Value::Mapping(m) => m.get(key)?,
            Value::Sequence(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The node at `path`, mutably; see [`node_at`].
pub fn node_at_mut<'a>(root: &'a mut Mapping, path: &[String]) -> Option<&'a mut Node> {
    let (first, rest) = path.split_first()?;
    let mut node = root.get_mut(first)?;
    for key in rest {
        node = match &mut node.value {
            Value::Mapping(m) => m.get_mut(key)?,
            Value::Sequence(items) => items.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Errors about loops: `Fn::ForEach` without the `AWS::LanguageExtensions` transform (anywhere
/// in the document, properties too), malformed loops and logical IDs made twice.
pub(super) fn check(template: &Template, file: &str, out: &mut Vec<Diagnostic>) {
    let has_transform = template.transforms().contains(&LANGUAGE_EXTENSIONS);
    if !has_transform {
        let mut first = None;
        find_loop_key(template.root_node(), &mut Vec::new(), &mut first);
        if let Some((span, path)) = first {
            out.push(
                Diagnostic::error(
                    file,
                    Some(span.start),
                    format!(
                        "Fn::ForEach needs \"Transform: {LANGUAGE_EXTENSIONS}\"; without it CloudFormation refuses the template"
                    ),
                )
                .with_path(path),
            );
        }
    }
    out.extend(template.loops().problems(file));
}

fn find_loop_key(node: &Node, path: &mut Vec<String>, first: &mut Option<(Span, String)>) {
    if first.is_some() {
        return;
    }
    match &node.value {
        Value::Mapping(m) => {
            for (k, entry) in m.entries() {
                path.push(k.to_owned());
                if is_loop_key(k) {
                    *first = Some((entry.key_span, join_path(path)));
                    return;
                }
                find_loop_key(&entry.value, path, first);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                find_loop_key(item, path, first);
                path.pop();
            }
        }
        Value::Intrinsic(f) => find_loop_key(&f.arg, path, first),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_names_a_stacked_resource_could_have() {
        assert!(matches_pattern("Bucket${Id}", "BucketProd"));
        assert!(matches_pattern("&{Id}Bucket${X}", "aBucketb"));
        assert!(!matches_pattern("Bucket${Id}", "Bucket"));
        assert!(!matches_pattern("Bucket${Id}", "Queue1"));
        assert!(!matches_pattern("Bucket", "Bucket"));
        assert!(!matches_pattern("B${Id}Log", "BxLogs"));
    }
}
