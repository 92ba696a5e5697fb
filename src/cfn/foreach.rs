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
use super::intrinsic::{Func, Intrinsic};
use super::template::{Resource, Template, join_path, resource_view};
use super::value::{Mapping, Node, Span, Value};

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

/// The walk that expands loops, one level at a time.
struct Expand<'t, 'l> {
    template: &'t Template,
    section: &'static str,
    loops: &'l mut Loops,
}

impl Expand<'_, '_> {
    /// Expands the loop `key: node` found at `path`. `bindings` are the enclosing loops'
    /// values; `repeat` is set when an enclosing loop's values are not known.
    #[expect(clippy::too_many_arguments, reason = "one recursive walk")]
    fn expand(
        &mut self,
        key: &str,
        key_span: Span,
        node: &Node,
        path: &[String],
        bindings: &[(String, String)],
        parent: Option<usize>,
        repeat: Option<Repeat>,
    ) {
        let name = key.strip_prefix(FOR_EACH_PREFIX).unwrap_or(key);
        let Some([ident, collection, body]) = node.as_sequence() else {
            self.problem(
                node,
                path,
                format!(
                    "{key} takes a list of three: an identifier, a collection and an output mapping"
                ),
            );
            return;
        };
        let (Some(identifier), Some(body)) = (ident.as_str(), body.as_mapping()) else {
            self.problem(
                node,
                path,
                format!("{key} takes an identifier (a string) and an output mapping"),
            );
            return;
        };
        let collection = resolve_collection(self.template, &substitute(collection, bindings));
        let family = self.family(LoopFamily {
            name: name.to_owned(),
            section: self.section.to_owned(),
            path: path.to_vec(),
            key_span,
            identifier: identifier.to_owned(),
            collection: collection.clone(),
            parent,
        });
        let inner_repeat = match (&collection, repeat) {
            (Collection::Values(_), None) => None,
            (Collection::Values(v), Some(r)) => Some(times(r, v.len())),
            (Collection::Count(n), r) => Some(times(r.unwrap_or(Repeat::Times(1)), *n)),
            (Collection::Unknown, _) => Some(Repeat::Unknown),
        };
        let values: Vec<Option<&String>> = match (&collection, inner_repeat) {
            (Collection::Values(v), None) => v.iter().map(Some).collect(),
            _ => vec![None],
        };
        let mut body_path = path.to_vec();
        body_path.push("2".to_owned());
        for value in values {
            let mut inner = bindings.to_vec();
            if let Some(v) = value {
                inner.push((identifier.to_owned(), v.clone()));
            }
            for (out_key, entry) in body.entries() {
                let mut here = body_path.clone();
                here.push(out_key.to_owned());
                if is_loop_key(out_key) {
                    self.expand(
                        out_key,
                        entry.key_span,
                        &entry.value,
                        &here,
                        &inner,
                        Some(family),
                        inner_repeat,
                    );
                    continue;
                }
                let logical_id = replace_placeholders(out_key, &inner);
                self.add(Generated {
                    logical_id,
                    family,
                    bindings: inner.clone(),
                    body_path: here,
                    key_span: entry.key_span,
                    node: substitute(&entry.value, &inner),
                    repeat: inner_repeat,
                });
            }
        }
    }

    fn family(&mut self, family: LoopFamily) -> usize {
        if let Some(i) = self
            .loops
            .families
            .iter()
            .position(|f| f.path == family.path)
        {
            return i;
        }
        self.loops.families.push(family);
        self.loops.families.len() - 1
    }

    fn add(&mut self, g: Generated) {
        let plain = self
            .template
            .section_mapping(self.section)
            .is_some_and(|m| m.contains_key(&g.logical_id));
        let list = if self.section == "Resources" {
            &self.loops.resources
        } else {
            &self.loops.outputs
        };
        if plain || list.iter().any(|o| o.logical_id == g.logical_id) {
            let what = if self.section == "Resources" {
                "logical ID"
            } else {
                "output name"
            };
            let message = format!(
                "this loop makes the {what} {} more than once or beside an entry of that name; CloudFormation will reject it",
                g.logical_id
            );
            self.loops.problems.push(
                Diagnostic::error("", Some(g.key_span.start), message)
                    .with_path(join_path(&g.body_path)),
            );
            return;
        }
        if self.section == "Resources" {
            self.loops
                .resource_index
                .insert(g.logical_id.clone(), self.loops.resources.len());
            self.loops.resources.push(g);
        } else {
            self.loops.outputs.push(g);
        }
    }

    fn problem(&mut self, node: &Node, path: &[String], message: String) {
        self.loops
            .problems
            .push(Diagnostic::error("", Some(node.span.start), message).with_path(join_path(path)));
    }
}

fn times(r: Repeat, n: usize) -> Repeat {
    match r {
        Repeat::Times(m) => Repeat::Times(m * n),
        Repeat::Unknown => Repeat::Unknown,
    }
}

/// Replaces `${Id}` with the value and `&{Id}` with the value's letters and digits.
pub fn replace_placeholders(text: &str, bindings: &[(String, String)]) -> String {
    let mut out = text.to_owned();
    for (identifier, value) in bindings {
        if !out.contains(identifier.as_str()) {
            continue;
        }
        let alnum: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
        out = out
            .replace(&format!("${{{identifier}}}"), value)
            .replace(&format!("&{{{identifier}}}"), &alnum);
    }
    out
}

/// A copy of `node` with the loop identifiers put in: in mapping keys, in `Fn::Sub` strings
/// and as `Ref` targets. A `Fn::GetAtt` part that became a `Fn::Sub` of plain text is written
/// as that text, so `!GetAtt [!Sub "Bucket${Id}", Arn]` reads as `BucketA.Arn`.
pub fn substitute(node: &Node, bindings: &[(String, String)]) -> Node {
    if bindings.is_empty() {
        return node.clone();
    }
    let value = match &node.value {
        Value::Sequence(items) => {
            Value::Sequence(items.iter().map(|n| substitute(n, bindings)).collect())
        }
        Value::Mapping(m) => {
            let mut out = Mapping::new();
            for (k, entry) in m.entries() {
                out.insert_entry(
                    replace_placeholders(k, bindings),
                    super::value::Entry {
                        key_span: entry.key_span,
                        value: substitute(&entry.value, bindings),
                    },
                );
            }
            Value::Mapping(out)
        }
        Value::Intrinsic(f) => substitute_function(f, bindings),
        other => other.clone(),
    };
    Node {
        value,
        span: node.span,
    }
}

fn substitute_function(f: &Intrinsic, bindings: &[(String, String)]) -> Value {
    if let Some(target) = f.ref_target()
        && let Some((_, v)) = bindings.iter().find(|(id, _)| id == target)
    {
        return Value::String(v.clone());
    }
    let mut arg = f.arg.clone();
    match (&f.func, &mut arg.value) {
        (Func::Sub, Value::String(s)) => *s = replace_placeholders(s, bindings),
        (Func::Sub, Value::Sequence(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                *item = match (&item.value, i) {
                    (Value::String(s), 0) => Node {
                        value: Value::String(replace_placeholders(s, bindings)),
                        span: item.span,
                    },
                    _ => substitute(item, bindings),
                };
            }
        }
        (Func::GetAtt, Value::Sequence(items)) => {
            for item in items.iter_mut() {
                *item = substitute(item, bindings);
                if let Some(text) = item
                    .as_intrinsic()
                    .filter(|g| g.func == Func::Sub)
                    .and_then(|g| g.arg.as_str())
                    .filter(|s| !s.contains("${"))
                {
                    *item = Node {
                        value: Value::String(text.to_owned()),
                        span: item.span,
                    };
                }
            }
        }
        _ => arg = substitute(&f.arg, bindings),
    }
    Value::Intrinsic(Box::new(Intrinsic {
        func: f.func.clone(),
        arg,
        form: f.form,
    }))
}

/// What `collection` iterates over, from the template alone.
pub fn resolve_collection(template: &Template, collection: &Node) -> Collection {
    match &collection.value {
        Value::Sequence(items) => {
            let values: Option<Vec<String>> = items.iter().map(scalar_text).collect();
            values.map_or(Collection::Count(items.len()), Collection::Values)
        }
        Value::Intrinsic(f) => match f.func {
            Func::Ref => f
                .ref_target()
                .and_then(|p| parameter_default(template, p))
                .map_or(Collection::Unknown, Collection::Values),
            Func::FindInMap => find_in_map(template, &f.arg)
                .map_or(Collection::Unknown, |n| resolve_collection(template, &n)),
            _ => Collection::Unknown,
        },
        _ => Collection::Unknown,
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_str().to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The default of a list parameter: a list, or a comma-delimited string split on commas.
fn parameter_default(template: &Template, name: &str) -> Option<Vec<String>> {
    let param = template.section_mapping("Parameters")?.get(name)?;
    let default = param.get_path(&["Default"])?;
    if let Value::Sequence(items) = &default.value {
        return items.iter().map(scalar_text).collect();
    }
    let text = scalar_text(default)?;
    let ty = param.get_path(&["Type"]).and_then(Node::as_str)?;
    let is_list = ty == "CommaDelimitedList" || ty.starts_with("List<");
    is_list.then(|| text.split(',').map(|s| s.trim().to_owned()).collect())
}

/// The value a `Fn::FindInMap` gives, with keys from literals and parameter defaults. A key
/// that cannot be known is taken as the only key of its level when there is one: any other
/// key would fail the lookup, so that is the only value a deployment can see.
fn find_in_map(template: &Template, arg: &Node) -> Option<Node> {
    let items = arg.as_sequence()?;
    let (keys, rest) = items.split_at_checked(3)?;
    let mut node = template.section("Mappings")?;
    for key in keys {
        let level = node.as_mapping()?;
        let name = match &key.value {
            Value::Intrinsic(f) => f.ref_target().and_then(|p| {
                let param = template.section_mapping("Parameters")?.get(p)?;
                scalar_text(param.get_path(&["Default"])?)
            }),
            _ => scalar_text(key),
        };
        let found = match name {
            Some(name) => level.get(&name),
            None => level.single().map(|(_, v)| v),
        };
        match found {
            Some(next) => node = next,
            None => return rest.first()?.get_path(&["DefaultValue"]).cloned(),
        }
    }
    Some(node.clone())
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
    use crate::cfn::import_text;

    fn loops(text: &str) -> Loops {
        Loops::build(&import_text(text, "t.yaml", None, false).unwrap().template)
    }

    fn ids(l: &Loops) -> Vec<&str> {
        l.generated_resources()
            .iter()
            .map(|g| g.logical_id.as_str())
            .collect()
    }

    #[test]
    fn placeholders_take_the_value_or_its_letters_and_digits() {
        let b = [("Id".to_owned(), "a-b.c".to_owned())];
        assert_eq!(replace_placeholders("X${Id}Y&{Id}", &b), "Xa-b.cYabc");
        assert_eq!(replace_placeholders("${!Id}${Other}", &b), "${!Id}${Other}");
    }

    #[test]
    fn literal_lists_expand_and_computed_items_only_count() {
        let l = loops(
            "Resources:\n  Fn::ForEach::B:\n    - Id\n    - [A, 2]\n    - Q${Id}: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub 'q-${Id}', Tag: !Ref Id}}\n  Fn::ForEach::C:\n    - Id\n    - [!Ref X, !Ref Y]\n    - T${Id}: {Type: AWS::SNS::Topic}\n",
        );
        assert_eq!(ids(&l), ["QA", "Q2", "T${Id}"]);
        let qa = l.resource("QA").unwrap();
        let name = qa.property(&["QueueName"]).unwrap().as_intrinsic().unwrap();
        assert_eq!(name.arg.as_str(), Some("q-A"));
        assert_eq!(qa.property(&["Tag"]).unwrap().as_str(), Some("A"));
        let stacked = l.generated("T${Id}").unwrap();
        assert_eq!(stacked.repeat, Some(Repeat::Times(2)));
        assert_eq!(stacked.repeat.unwrap().to_string(), "\u{d7} 2");
        assert_eq!(
            l.families[1].collection,
            Collection::Count(2),
            "two computed items"
        );
    }

    #[test]
    fn find_in_map_takes_the_only_key_when_a_key_is_unknown() {
        let l = loops(
            "Parameters:\n  Env: {Type: String}\nMappings:\n  M:\n    Prod: {Ids: [X, Y]}\nResources:\n  Fn::ForEach::B:\n    - Id\n    - !FindInMap [M, !Ref Env, Ids]\n    - B${Id}: {Type: AWS::S3::Bucket}\n",
        );
        assert_eq!(ids(&l), ["BX", "BY"]);
    }

    #[test]
    fn find_in_map_with_two_candidates_is_unknown() {
        let l = loops(
            "Parameters:\n  Env: {Type: String}\nMappings:\n  M:\n    Prod: {Ids: [X]}\n    Dev: {Ids: [Z]}\nResources:\n  Fn::ForEach::B:\n    - Id\n    - !FindInMap [M, !Ref Env, Ids]\n    - B${Id}: {Type: AWS::S3::Bucket}\n",
        );
        assert_eq!(ids(&l), ["B${Id}"]);
        assert_eq!(l.generated("B${Id}").unwrap().repeat, Some(Repeat::Unknown));
    }

    #[test]
    fn patterns_match_names_a_stacked_resource_could_have() {
        assert!(matches_pattern("Bucket${Id}", "BucketProd"));
        assert!(matches_pattern("&{Id}Bucket${X}", "aBucketb"));
        assert!(!matches_pattern("Bucket${Id}", "Bucket"));
        assert!(!matches_pattern("Bucket${Id}", "Queue1"));
        assert!(!matches_pattern("Bucket", "Bucket"));
        assert!(!matches_pattern("B${Id}Log", "BxLogs"));
    }

    #[test]
    fn nested_loops_multiply_and_keep_outer_values() {
        let l = loops(
            "Resources:\n  Fn::ForEach::Outer:\n    - A\n    - [x, y]\n    - Fn::ForEach::Inner:\n        - B\n        - [!Ref P, !Ref Q]\n        - R${A}${B}: {Type: AWS::SNS::Topic}\n",
        );
        assert_eq!(ids(&l), ["Rx${B}", "Ry${B}"]);
        assert_eq!(l.families.len(), 2, "the inner loop is one family");
        assert_eq!(l.families[1].parent, Some(0));
        let g = l.generated("Rx${B}").unwrap();
        assert_eq!(g.repeat, Some(Repeat::Times(2)));
        assert_eq!(
            g.body_path,
            [
                "Resources",
                "Fn::ForEach::Outer",
                "2",
                "Fn::ForEach::Inner",
                "2",
                "R${A}${B}"
            ]
        );
    }
}
