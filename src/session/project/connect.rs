//! Connecting two resources of different stacks on the overview: the connection the two
//! would get in one template, with the reference to the other stack made an import of an
//! export that stack gains (or already has), through a parameter naming that stack.

use super::{ProjectDocs, member_of};
use crate::cfn::{Func, GetAtt, Intrinsic, Mapping, Node, Value};
use crate::edit::{Edit, connect_edits};
use crate::model::Document;
use crate::project::{Combined, Project, Resolved, combine, resolve};
use crate::session::{Outcome, SessionError};

/// One thing the importing stack refers to in the exporting one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Wanted {
    logical_id: String,
    attribute: Option<String>,
}

impl Wanted {
    /// The output that exports it, and the suffix of the export's name after the stack's.
    fn output_name(&self) -> String {
        let attr: String = self
            .attribute
            .iter()
            .flat_map(|a| a.chars())
            .filter(char::is_ascii_alphanumeric)
            .collect();
        format!("{}{attr}", self.logical_id)
    }

    fn suffix(&self) -> String {
        match &self.attribute {
            Some(a) => format!("{}-{}", self.logical_id, a.replace('.', "-")),
            None => self.logical_id.clone(),
        }
    }

    /// What the output's `Value` is.
    fn value(&self) -> Node {
        match &self.attribute {
            Some(a) => intrinsic(
                Func::GetAtt,
                Node::string(format!("{}.{a}", self.logical_id)),
            ),
            None => intrinsic(Func::Ref, Node::string(&self.logical_id)),
        }
    }
}

fn intrinsic(func: Func, arg: Node) -> Node {
    Node::new(Value::Intrinsic(Box::new(Intrinsic::new(func, arg))))
}

fn mapping(pairs: Vec<(&str, Node)>) -> Node {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(k, v);
    }
    Node::new(Value::Mapping(m))
}

/// `Fn::ImportValue: !Sub "${Param}-suffix"`, in the long form YAML needs around a `!Sub`.
fn import_of(parameter: &str, suffix: &str) -> Node {
    let sub = intrinsic(
        Func::Sub,
        Node::string(format!("${{{parameter}}}-{suffix}")),
    );
    let mut i = Intrinsic::new(Func::ImportValue, sub);
    i.form = crate::cfn::Form::Long;
    Node::new(Value::Intrinsic(Box::new(i)))
}

/// Replaces each reference to a resource of the stack `other` (a key `other/Id`) with its
/// import, collecting what must be exported.
fn replace_references(node: &mut Node, other: &str, parameter: &str, wanted: &mut Vec<Wanted>) {
    let prefix = format!("{other}{}", crate::project::SEPARATOR);
    let target = match &node.value {
        Value::Intrinsic(i) => match (i.ref_target(), i.get_att()) {
            (Some(t), _) => t.strip_prefix(&prefix).map(|id| Wanted {
                logical_id: id.to_owned(),
                attribute: None,
            }),
            (
                None,
                Some(GetAtt::Named {
                    resource,
                    attribute,
                }),
            ) => resource.strip_prefix(&prefix).map(|id| Wanted {
                logical_id: id.to_owned(),
                attribute: Some(attribute.to_owned()),
            }),
            _ => None,
        },
        _ => None,
    };
    if let Some(w) = target {
        *node = import_of(parameter, &w.suffix());
        if !wanted.contains(&w) {
            wanted.push(w);
        }
        return;
    }
    node.for_each_child_mut(|n| replace_references(n, other, parameter, wanted));
}

/// The overview's keys in plain strings (a policy's name, made from the two logical IDs)
/// told without their stacks.
fn plain_strings(node: &mut Node, stacks: &[&str]) {
    match &mut node.value {
        Value::String(s) => {
            for stack in stacks {
                *s = s.replace(&format!("{stack}{}", crate::project::SEPARATOR), "");
            }
        }
        // Inside a function a key is a reference, told by `localize`.
        Value::Intrinsic(_) => {}
        _ => node.for_each_child_mut(|n| plain_strings(n, stacks)),
    }
}

/// A logical ID the connection rules made from two keys, without the stacks' names.
fn without_stacks(id: &str, stacks: &[&str]) -> String {
    let mut out = id.to_owned();
    for stack in stacks {
        let alnum: String = stack.chars().filter(char::is_ascii_alphanumeric).collect();
        if !alnum.is_empty() {
            out = out.replacen(&alnum, "", 1);
        }
    }
    if out.is_empty() || !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.to_owned()
    } else {
        out
    }
}

/// The parameter of `member` that names the stack `other`: one the project already binds to
/// it, else a new one (`NetworkStack`) whose default is that stack's name.
fn stack_parameter(
    project: &Project,
    r: &Resolved,
    member: usize,
    other: usize,
) -> (String, Option<Edit>) {
    if let Some(b) = r
        .bindings
        .iter()
        .find(|b| b.member == member && b.stack == Some(other))
    {
        return (b.parameter.clone(), None);
    }
    let template = &project.members[member].template;
    let base: String = r.names[other].split(['-', '_']).map(capitalized).collect();
    let mut name = format!("{base}Stack");
    let mut n = 2;
    while template.is_parameter(&name) || template.resource(&name).is_some() {
        name = format!("{base}Stack{n}");
        n += 1;
    }
    let value = mapping(vec![
        ("Type", Node::string("String")),
        ("Default", Node::string(&r.names[other])),
        (
            "Description",
            Node::string(format!(
                "The name of the {} stack, whose exports this stack imports",
                r.names[other]
            )),
        ),
    ]);
    let edit = Edit::SetSectionEntry {
        section: "Parameters".into(),
        key: name.clone(),
        value: Some(value),
    };
    (name, Some(edit))
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars().filter(char::is_ascii_alphanumeric);
    c.next().map_or_else(String::new, |f| {
        std::iter::once(f.to_ascii_uppercase()).chain(c).collect()
    })
}

/// The outputs the exporting stack needs for `wanted`; one that already exports the same
/// value under `${AWS::StackName}-suffix` is used as it is.
fn exports(project: &Project, member: usize, wanted: &[Wanted]) -> Result<Vec<Edit>, SessionError> {
    let template = &project.members[member].template;
    let outputs = template.section_mapping("Outputs");
    let mut edits = Vec::new();
    for w in wanted {
        let name = w.output_name();
        let suffix = w.suffix();
        if let Some(existing) = outputs.and_then(|o| o.get(&name)) {
            let same_value = existing.get_path(&["Value"]) == Some(&w.value())
                || existing
                    .get_path(&["Value"])
                    .is_some_and(|v| same_reference(v, &w.value()));
            let export = existing.get_path(&["Export", "Name"]).and_then(sub_text);
            if same_value && export.as_deref() == Some(&format!("${{AWS::StackName}}-{suffix}")) {
                continue;
            }
            return Err(SessionError::Refused(format!(
                "{} already has an output {name} that is not the export this connection needs",
                project.members[member].path
            )));
        }
        let value = mapping(vec![
            ("Value", w.value()),
            (
                "Export",
                mapping(vec![(
                    "Name",
                    intrinsic(
                        Func::Sub,
                        Node::string(format!("${{AWS::StackName}}-{suffix}")),
                    ),
                )]),
            ),
        ]);
        edits.push(Edit::SetSectionEntry {
            section: "Outputs".into(),
            key: name,
            value: Some(value),
        });
    }
    Ok(edits)
}

/// Whether two values are the same `Ref` or `GetAtt`, whatever their form.
fn same_reference(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Intrinsic(x), Value::Intrinsic(y)) => {
            x.ref_target().is_some() && x.ref_target() == y.ref_target()
                || x.get_att().is_some() && x.get_att() == y.get_att()
        }
        _ => false,
    }
}

/// The text of a `!Sub` with no variables, or of a plain string.
fn sub_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Intrinsic(i) if i.func == Func::Sub => i.arg.as_str().map(str::to_owned),
        _ => None,
    }
}

impl ProjectDocs {
    /// Connects `from` to `to`, keys of the overview, as one step of the project.
    pub(super) fn connect(
        &mut self,
        from: &str,
        to: &str,
        names: &[String],
    ) -> Result<Outcome, SessionError> {
        let (mf, _) = member_of(from, names)?;
        let (mt, _) = member_of(to, names)?;
        let project = self.project();
        let r = resolve(&project.members, &project.file);
        let combined = combine(&project.members, &r);
        let edits = connect_edits(&Document::new(combined.template), from, to);
        if mf == mt {
            return self.apply(
                crate::session::Command::Edit {
                    label: format!("Connect {from} to {to}"),
                    edits,
                },
                names,
            );
        }
        let nested = r.children.iter().any(|c| {
            matches!(c.target, crate::project::ChildTarget::Member(x) if (c.parent, x) == (mf, mt) || (c.parent, x) == (mt, mf))
        });
        if nested {
            return Err(SessionError::Refused(format!(
                "{} and {} are a nested stack and its parent: they connect through a parameter and an output, which are not made from the overview yet",
                names[mf], names[mt]
            )));
        }
        let (parameter, new_parameter) = stack_parameter(&project, &r, mf, mt);
        let mut wanted = Vec::new();
        let mut local = Vec::new();
        let stacks = [names[mf].as_str(), names[mt].as_str()];
        let taken = |id: &str| project.members[mf].template.resource(id).is_some();
        for edit in edits {
            match edit {
                Edit::SetValue {
                    logical_id,
                    path,
                    value,
                } => {
                    if path.first().is_some_and(|p| p == "DependsOn") {
                        return Err(SessionError::Refused(format!(
                            "{} cannot depend on {to}: DependsOn names resources of its own stack only, and no connection rule joins these two types",
                            Combined::id_of(from),
                        )));
                    }
                    let value = value.map(|mut v| {
                        replace_references(&mut v, &names[mt], &parameter, &mut wanted);
                        plain_strings(&mut v, &stacks);
                        v
                    });
                    local.push(Edit::SetValue {
                        logical_id,
                        path,
                        value,
                    });
                }
                // What joins the two (a mapping, a subscription) goes in the stack connected from.
                Edit::AddResource {
                    logical_id,
                    mut body,
                } => {
                    let logical_id = without_stacks(&logical_id, &stacks);
                    let mut id = logical_id.clone();
                    let mut n = 2;
                    while taken(&id) {
                        id = format!("{logical_id}{n}");
                        n += 1;
                    }
                    replace_references(&mut body, &names[mt], &parameter, &mut wanted);
                    plain_strings(&mut body, &stacks);
                    let body = super::local_value(body, &names[mf], names)?;
                    local.push(Edit::AddResource {
                        logical_id: format!("{}{}{id}", names[mf], crate::project::SEPARATOR),
                        body,
                    });
                }
                other => local.push(other),
            }
        }
        let mut importer: Vec<Edit> = new_parameter.into_iter().collect();
        for edit in local {
            importer.push(match edit {
                Edit::AddResource { logical_id, body } => Edit::AddResource {
                    logical_id: Combined::id_of(&logical_id).to_owned(),
                    body,
                },
                other => super::localize(other, names)?.1,
            });
        }
        let exporter = exports(&project, mt, &wanted)?;
        let mut steps = vec![(mf, importer)];
        if !exporter.is_empty() {
            steps.insert(0, (mt, exporter));
        }
        self.step(
            &format!("Connect {from} to {to} (export and import)"),
            steps,
        )
    }
}
