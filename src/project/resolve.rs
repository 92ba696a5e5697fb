//! How the members of a project are joined: stack names, nested stacks to their children,
//! parameters passed down, exports, imports, which stack a stack-name parameter means, and
//! what is wrong across files.

use std::collections::{HashMap, HashSet};

use super::text::{Scope, Text};
use super::{Member, ProjectFile, sanitize_name, stack_name_of_path};
use crate::cfn::{Diagnostic, Func, Node, Pos, Value};

/// The Region names are worked out for: only the host of a template URL depends on it.
const REGION: &str = "us-east-1";

/// A nested stack and the member it runs.
#[derive(Clone, Debug)]
pub struct Child {
    /// The member that declares the nested stack.
    pub parent: usize,
    /// The nested stack's logical ID in the parent.
    pub logical_id: String,
    /// Its `TemplateURL` (or `Location`) as far as it can be worked out.
    pub url: String,
    /// What it resolves to.
    pub target: ChildTarget,
    /// Where the URL is written.
    pub pos: Option<Pos>,
}

/// What a nested stack's template is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChildTarget {
    /// A member of the project.
    Member(usize),
    /// No member; why.
    Unresolved(String),
    /// An application of the Serverless Application Repository, not a file.
    Repository,
}

/// An output with an `Export`.
#[derive(Clone, Debug)]
pub struct Export {
    /// The member.
    pub member: usize,
    /// The output's name.
    pub output: String,
    /// The export's name, or why it cannot be told.
    pub name: Result<String, String>,
    /// Where the name is written.
    pub pos: Option<Pos>,
}

/// A `Fn::ImportValue`.
#[derive(Clone, Debug)]
pub struct Import {
    /// The member it is in.
    pub member: usize,
    /// The resource (or `Outputs.X`) it is in.
    pub within: String,
    /// The name it imports, its stack-name parameters as holes.
    pub name: Text,
    /// What it resolves to.
    pub target: ImportTarget,
    /// Where it is written.
    pub pos: Option<Pos>,
}

/// What an import resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportTarget {
    /// The export at this index of [`Resolved::exports`].
    Export(usize),
    /// No stack of the project exports the name.
    Missing(String),
    /// The name depends on parameters no one has said the value of.
    Unbound(Vec<String>),
    /// The name cannot be worked out offline; why.
    Unknown(String),
}

/// Which stack a stack-name parameter (`ParentVPCStack`) means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The member whose parameter it is.
    pub member: usize,
    /// The parameter.
    pub parameter: String,
    /// The value the parameter is taken to have, if any.
    pub value: Option<String>,
    /// The member of that name, if it is one.
    pub stack: Option<usize>,
    /// Where the value comes from.
    pub source: BindingSource,
    /// The stacks whose exports match the most imports that use the parameter.
    pub candidates: Vec<usize>,
}

impl Binding {
    /// Whether the parameter names a stack, or may: not a plain value taken from its default
    /// (`SubnetsReach: Public` in `${ParentVPCStack}-Subnet${SubnetsReach}`).
    pub fn names_a_stack(&self) -> bool {
        self.stack.is_some() || self.source != BindingSource::Default
    }
}

/// Where a [`Binding`]'s value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingSource {
    /// The user chose it (the project file).
    Chosen,
    /// The parameter's `Default`.
    Default,
    /// The one stack whose exports match.
    Inferred,
    /// Nothing: the imports through it are not drawn.
    Unbound,
}

/// How the members of a project are joined.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// Each member's stack name, unique in the project.
    pub names: Vec<String>,
    /// Nested stacks, in member and template order.
    pub children: Vec<Child>,
    /// For each member, the parameter values its parent passes that are known as text.
    pub passed_text: Vec<HashMap<String, String>>,
    /// Every export.
    pub exports: Vec<Export>,
    /// Every import.
    pub imports: Vec<Import>,
    /// Stack-name parameters.
    pub bindings: Vec<Binding>,
    /// What is wrong across files, each in the file and at the place it is written.
    pub diagnostics: Vec<Diagnostic>,
}

impl Resolved {
    /// The member a stack name names.
    pub fn member_named(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The nested stack `logical_id` of `parent`, resolved to a member.
    pub fn child_of(&self, parent: usize, logical_id: &str) -> Option<usize> {
        self.children.iter().find_map(|c| match c.target {
            ChildTarget::Member(m) if c.parent == parent && c.logical_id == logical_id => Some(m),
            _ => None,
        })
    }

    /// The members that run `member` as a nested stack.
    pub fn parents_of(&self, member: usize) -> impl Iterator<Item = &Child> {
        self.children
            .iter()
            .filter(move |c| c.target == ChildTarget::Member(member))
    }

    /// The values the bindings give `member`'s stack-name parameters.
    pub fn bound_values(&self, member: usize) -> HashMap<String, String> {
        self.bindings
            .iter()
            .filter(|b| b.member == member)
            .filter_map(|b| Some((b.parameter.clone(), b.value.clone()?)))
            .collect()
    }

    /// The export an import of `member` with this name text resolves to.
    pub fn import_target(&self, member: usize, name: &Text) -> ImportTarget {
        let filled = name.fill(&self.bound_values(member));
        match filled.known() {
            Some(n) => match self.exports.iter().position(|e| e.name.as_ref() == Ok(&n)) {
                Some(i) => ImportTarget::Export(i),
                None => ImportTarget::Missing(n),
            },
            None => ImportTarget::Unbound(filled.holes().map(str::to_owned).collect()),
        }
    }

    /// The scope a member's import names are worked out in: parameters its parent passes are
    /// known, the rest (stack-name parameters) are holes even where they have a default.
    pub fn import_scope<'a>(&'a self, members: &'a [Member], member: usize) -> Scope<'a> {
        Scope {
            template: &members[member].template,
            stack_name: &self.names[member],
            region: REGION,
            parameters: &self.passed_text[member],
            defaults: false,
        }
    }
}

pub(super) fn pos(node: &Node) -> Option<Pos> {
    Some(node.span.start).filter(|p| p.line > 0)
}

/// Joins the members of a project, with the user's choices.
pub fn resolve(members: &[Member], choices: &ProjectFile) -> Resolved {
    let mut r = Resolved {
        passed_text: vec![HashMap::new(); members.len()],
        ..Resolved::default()
    };
    find_children(members, &mut r);
    name_stacks(members, choices, &mut r);
    pass_parameters(members, &mut r);
    find_exports(members, &mut r);
    find_imports(members, &mut r);
    bind(members, choices, &mut r);
    for i in 0..r.imports.len() {
        let (member, name) = (r.imports[i].member, r.imports[i].name.clone());
        if !matches!(r.imports[i].target, ImportTarget::Unknown(_)) {
            r.imports[i].target = r.import_target(member, &name);
        }
    }
    super::checks::check(members, &mut r);
    r
}

fn find_children(members: &[Member], r: &mut Resolved) {
    let paths: Vec<&str> = members.iter().map(|m| m.path.as_str()).collect();
    for (p, member) in members.iter().enumerate() {
        let t = &member.template;
        let picked = t
            .root()
            .get("Metadata")
            .and_then(|m| m.get_path(&["StackCanvas", "Children"]))
            .and_then(Node::as_mapping);
        let no_params = HashMap::new();
        let scope = Scope {
            template: t,
            stack_name: "",
            region: REGION,
            parameters: &no_params,
            defaults: true,
        };
        for res in t.resources() {
            let (key, sam) = match res.type_name() {
                "AWS::CloudFormation::Stack" => ("TemplateURL", false),
                "AWS::Serverless::Application" => ("Location", true),
                _ => continue,
            };
            let Some(node) = res.property(&[key]) else {
                continue;
            };
            let logical_id = res.logical_id.to_owned();
            if sam && node.as_mapping().is_some() {
                r.children.push(Child {
                    parent: p,
                    logical_id,
                    url: "the Serverless Application Repository".into(),
                    target: ChildTarget::Repository,
                    pos: pos(node),
                });
                continue;
            }
            let by_hand = picked
                .and_then(|m| m.get(res.logical_id))
                .and_then(Node::as_str);
            let (url, target) = match (by_hand, scope.text(node)) {
                (Some(path), _) => {
                    let joined = relative_to(&member.path, path);
                    let target = match paths.iter().position(|m| Some(*m) == joined.as_deref()) {
                        Some(i) => ChildTarget::Member(i),
                        None => ChildTarget::Unresolved(format!(
                            "the file picked for it, {path}, is not in the project"
                        )),
                    };
                    (path.to_owned(), target)
                }
                (None, Ok(text)) => {
                    let url = text.display();
                    (url, locate(&paths, &member.path, &text))
                }
                (None, Err(why)) => (
                    String::new(),
                    ChildTarget::Unresolved(format!("its {key} cannot be worked out: {why}")),
                ),
            };
            r.children.push(Child {
                parent: p,
                logical_id,
                url,
                target,
                pos: pos(node),
            });
        }
    }
}

/// Whether a URL names a place on the web or in S3 rather than a path beside the template.
pub(super) fn is_url(s: &str) -> bool {
    s.contains("://")
}

/// `path` relative to the folder of `from`, normalised; `None` if it climbs out of the project.
fn relative_to(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The member a template URL names: a path beside the parent, or for a URL the member whose
/// path shares the longest suffix with the URL's path.
fn locate(paths: &[&str], parent: &str, text: &Text) -> ChildTarget {
    let whole = text.known();
    if let Some(url) = whole.as_deref().filter(|u| !is_url(u)) {
        let Some(path) = relative_to(parent, url) else {
            return ChildTarget::Unresolved(format!("{url} is outside the project's folder"));
        };
        return match paths.iter().position(|p| *p == path) {
            Some(i) => ChildTarget::Member(i),
            None => ChildTarget::Unresolved(format!("there is no {path} in the project")),
        };
    }
    // What is certain about the end of the URL, split into folders and the file name.
    let (tail, partial_first) = match &whole {
        Some(url) => {
            let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
            // The host (or the bucket of an s3:// URL) is no folder of the project.
            (after_scheme.split_once('/').map_or("", |(_, p)| p), false)
        }
        None => {
            let tail = text.known_tail();
            (tail, !tail.starts_with('/'))
        }
    };
    let url_parts: Vec<&str> = tail.split('/').filter(|s| !s.is_empty()).collect();
    if url_parts.is_empty() {
        return ChildTarget::Unresolved(format!("{} names no file", text.display()));
    }
    let mut best: (usize, Vec<usize>) = (0, Vec::new());
    for (i, path) in paths.iter().enumerate() {
        if *path == parent {
            continue;
        }
        let comps: Vec<&str> = path.split('/').collect();
        let mut k = 0;
        while k < url_parts.len() && k < comps.len() {
            let (u, c) = (
                url_parts[url_parts.len() - 1 - k],
                comps[comps.len() - 1 - k],
            );
            let first = k == url_parts.len() - 1;
            let same = if first && partial_first {
                c.ends_with(u)
            } else {
                c == u
            };
            if !same {
                break;
            }
            k += 1;
        }
        if k > best.0 {
            best = (k, vec![i]);
        } else if k == best.0 && k > 0 {
            best.1.push(i);
        }
    }
    match best.1.as_slice() {
        [] => ChildTarget::Unresolved(format!(
            "no file of the project ends like {}",
            text.display()
        )),
        [one] => ChildTarget::Member(*one),
        many => ChildTarget::Unresolved(format!(
            "{} matches {} equally well",
            text.display(),
            many.iter()
                .map(|&i| paths[i])
                .collect::<Vec<_>>()
                .join(" and ")
        )),
    }
}

fn name_stacks(members: &[Member], choices: &ProjectFile, r: &mut Resolved) {
    let mut names: Vec<String> = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if let Some(name) = choices.stacks.get(&m.path).and_then(|c| c.name.as_deref()) {
                return sanitize_name(name);
            }
            let mut parents = r.parents_of(i);
            match (parents.next(), parents.next()) {
                (Some(only), None) => sanitize_name(&only.logical_id),
                _ => stack_name_of_path(&m.path),
            }
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    for name in &mut names {
        let base = name.clone();
        let mut n = 2;
        while !seen.insert(name.clone()) {
            *name = format!("{base}-{n}");
            n += 1;
        }
    }
    r.names = names;
}

/// The parameters each nested stack is passed, as `(parent, name, value)` by child.
pub(super) fn passed<'a>(
    members: &'a [Member],
    r: &Resolved,
) -> Vec<Vec<(usize, &'a str, &'a Node)>> {
    let mut out = vec![Vec::new(); members.len()];
    for c in &r.children {
        let ChildTarget::Member(child) = c.target else {
            continue;
        };
        let Some(res) = members[c.parent].template.resource(&c.logical_id) else {
            continue;
        };
        if let Some(params) = res.property(&["Parameters"]).and_then(Node::as_mapping) {
            for (k, v) in params.iter() {
                out[child].push((c.parent, k, v));
            }
        }
    }
    out
}

fn pass_parameters(members: &[Member], r: &mut Resolved) {
    let passed = passed(members, r);
    // A parent's own values may come from its parent: a few rounds settle any real nesting.
    for _ in 0..4 {
        let mut next = vec![HashMap::new(); members.len()];
        for (child, values) in passed.iter().enumerate() {
            for &(parent, name, node) in values {
                let scope = Scope {
                    template: &members[parent].template,
                    stack_name: &r.names[parent],
                    region: REGION,
                    parameters: &r.passed_text[parent],
                    defaults: true,
                };
                if let Some(text) = scope.text(node).ok().and_then(|t| t.known()) {
                    next[child].insert(name.to_owned(), text);
                }
            }
        }
        if next == r.passed_text {
            break;
        }
        r.passed_text = next;
    }
}

fn find_exports(members: &[Member], r: &mut Resolved) {
    for (m, member) in members.iter().enumerate() {
        let Some(outputs) = member.template.section_mapping("Outputs") else {
            continue;
        };
        let scope = Scope {
            template: &member.template,
            stack_name: &r.names[m],
            region: REGION,
            parameters: &r.passed_text[m],
            defaults: true,
        };
        for (output, node) in outputs.iter() {
            let Some(name_node) = node.get_path(&["Export", "Name"]) else {
                continue;
            };
            let name = scope.text(name_node).and_then(|t| {
                t.known().ok_or_else(|| {
                    format!(
                        "it depends on {}, which has no value",
                        t.holes().collect::<Vec<_>>().join(", ")
                    )
                })
            });
            r.exports.push(Export {
                member: m,
                output: output.to_owned(),
                name,
                pos: pos(name_node),
            });
        }
    }
}

fn find_imports(members: &[Member], r: &mut Resolved) {
    for (m, member) in members.iter().enumerate() {
        let scope = r.import_scope(members, m);
        let mut found = Vec::new();
        for section in ["Resources", "Outputs"] {
            if let Some(map) = member.template.section_mapping(section) {
                for (id, node) in map.iter() {
                    let within = if section == "Outputs" {
                        format!("Outputs.{id}")
                    } else {
                        id.to_owned()
                    };
                    walk_imports(node, &mut |arg, at| {
                        let (name, target) = match scope.text(arg) {
                            Ok(t) => (t, ImportTarget::Unbound(Vec::new())),
                            Err(why) => (Text::default(), ImportTarget::Unknown(why)),
                        };
                        found.push(Import {
                            member: m,
                            within: within.clone(),
                            name,
                            target,
                            pos: at,
                        });
                    });
                }
            }
        }
        r.imports.extend(found);
    }
}

/// Calls `f` with the argument and place of every `Fn::ImportValue` under `node`.
pub(super) fn walk_imports<'a>(node: &'a Node, f: &mut impl FnMut(&'a Node, Option<Pos>)) {
    match &node.value {
        Value::Intrinsic(i) if i.func == Func::ImportValue => f(&i.arg, pos(node)),
        Value::Intrinsic(i) => walk_imports(&i.arg, f),
        Value::Sequence(items) => items.iter().for_each(|n| walk_imports(n, f)),
        Value::Mapping(m) => m.values().for_each(|n| walk_imports(n, f)),
        _ => {}
    }
}

fn bind(members: &[Member], choices: &ProjectFile, r: &mut Resolved) {
    let mut bindings = Vec::new();
    for (m, member) in members.iter().enumerate() {
        let mut params: Vec<String> = Vec::new();
        for i in r.imports.iter().filter(|i| i.member == m) {
            for h in i.name.holes() {
                if !params.iter().any(|p| p == h) {
                    params.push(h.to_owned());
                }
            }
        }
        for p in params {
            // The stacks whose exports match the most imports whose only hole is this
            // parameter: all of them, or (when an export was removed) all but a few, which
            // are then errors of their own rather than the whole stack undrawn.
            let uses: Vec<&Text> = r
                .imports
                .iter()
                .filter(|i| i.member == m && i.name.holes().all(|h| h == p))
                .map(|i| &i.name)
                .filter(|t| t.holes().next().is_some())
                .collect();
            let matched = |s: usize| {
                let fill = HashMap::from([(p.clone(), r.names[s].clone())]);
                uses.iter()
                    .filter(|t| {
                        let name = t.fill(&fill).known();
                        r.exports
                            .iter()
                            .any(|e| e.member == s && e.name.as_ref().ok() == name.as_ref())
                    })
                    .count()
            };
            let counts: Vec<(usize, usize)> = (0..members.len())
                .filter(|&s| s != m)
                .map(|s| (s, matched(s)))
                .collect();
            let best = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
            let candidates: Vec<usize> = counts
                .iter()
                .filter(|&&(_, n)| best > 0 && n == best)
                .map(|&(s, _)| s)
                .collect();
            let chosen = choices
                .stacks
                .get(&member.path)
                .and_then(|c| c.stack_parameters.get(&p));
            let default = member
                .template
                .section_mapping("Parameters")
                .and_then(|ps| ps.get(&p))
                .and_then(|d| d.get_path(&["Default"]))
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty());
            let (value, source) = match (chosen, default) {
                (Some(v), _) => (Some(v.clone()), BindingSource::Chosen),
                (None, Some(d)) if r.member_named(d).is_some() => {
                    (Some(d.to_owned()), BindingSource::Default)
                }
                (None, _) if candidates.len() == 1 => (
                    Some(r.names[candidates[0]].clone()),
                    BindingSource::Inferred,
                ),
                (None, Some(d)) => (Some(d.to_owned()), BindingSource::Default),
                (None, None) => (None, BindingSource::Unbound),
            };
            bindings.push(Binding {
                member: m,
                parameter: p,
                stack: value.as_deref().and_then(|v| r.member_named(v)),
                value,
                source,
                candidates,
            });
        }
    }
    r.bindings = bindings;
}
