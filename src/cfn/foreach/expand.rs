//! The expansion of `Fn::ForEach` loops: the walk that makes each loop's resources and
//! outputs, the identifiers put into their copies, and what a collection resolves to.

use super::{Collection, FOR_EACH_PREFIX, Generated, LoopFamily, Loops, Repeat, is_loop_key};
use crate::cfn::diagnostic::Diagnostic;
use crate::cfn::intrinsic::{Func, Intrinsic};
use crate::cfn::template::{Template, join_path};
use crate::cfn::value::{Entry, Mapping, Node, Span, Value};

/// The walk that expands loops, one level at a time.
pub(super) struct Expand<'t, 'l> {
    pub(super) template: &'t Template,
    pub(super) section: &'static str,
    pub(super) loops: &'l mut Loops,
}

impl Expand<'_, '_> {
    /// Expands the loop `key: node` found at `path`. `bindings` are the enclosing loops'
    /// values; `repeat` is set when an enclosing loop's values are not known.
    #[expect(clippy::too_many_arguments, reason = "one recursive walk")]
    pub(super) fn expand(
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
                    Entry {
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
