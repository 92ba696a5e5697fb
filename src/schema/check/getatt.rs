//! GetAtt of attributes a type does not have: `!GetAtt X.Name`, `${X.Name}` in `Fn::Sub`,
//! in resources and outputs.

use std::borrow::Cow;

use crate::cfn::{Func, GetAtt, Node, Pos, Severity, SubPart, Template, Value, is_loop_key};

use super::{Context, Finding, Rule, function_key, segment, some_of, suggest};

pub(super) fn check(template: &Template, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut walk = Walk { template, ctx, out };
    for r in template.resources() {
        if let Some(props) = r.attribute("Properties") {
            let mut path = vec![
                Cow::Borrowed("Resources"),
                Cow::Borrowed(r.logical_id),
                Cow::Borrowed("Properties"),
            ];
            walk.node(props, &mut path);
        }
    }
    if let Some(outputs) = template.section_mapping("Outputs") {
        let generated = template.loops().generated_outputs().iter();
        let all = outputs
            .iter()
            .filter(|(name, _)| !is_loop_key(name))
            .chain(generated.map(|g| (g.logical_id.as_str(), &g.node)));
        for (name, node) in all {
            let mut path = vec![Cow::Borrowed("Outputs"), Cow::Borrowed(name)];
            walk.node(node, &mut path);
        }
    }
}

struct Walk<'a, 'o> {
    template: &'a Template,
    ctx: &'a Context<'a>,
    out: &'o mut Vec<Finding>,
}

impl Walk<'_, '_> {
    fn node<'t>(&mut self, node: &'t Node, path: &mut Vec<Cow<'t, str>>) {
        match &node.value {
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(segment(i));
                    self.node(item, path);
                    path.pop();
                }
            }
            Value::Mapping(m) => {
                for (k, v) in m.iter() {
                    path.push(Cow::Borrowed(k));
                    self.node(v, path);
                    path.pop();
                }
            }
            // A Ref names a resource or parameter, with nothing inside to look at.
            Value::Intrinsic(f) if f.func == Func::Ref => {}
            Value::Intrinsic(f) => {
                let pos = Some(node.span.start);
                path.push(function_key(&f.func));
                match f.func {
                    Func::GetAtt => {
                        if let Some(GetAtt::Named {
                            resource,
                            attribute,
                        }) = f.get_att()
                        {
                            path.push(Cow::Borrowed("1"));
                            self.attribute(resource, attribute, pos, path, false);
                            path.pop();
                        }
                    }
                    Func::Sub => {
                        if let Some(sub) = f.sub() {
                            for part in sub.parts() {
                                if let SubPart::GetAtt {
                                    resource,
                                    attribute,
                                } = part
                                {
                                    let resource = resource.trim();
                                    if !sub.is_var(resource) {
                                        self.attribute(resource, attribute.trim(), pos, path, true);
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
                self.node(&f.arg, path);
                path.pop();
            }
            _ => {}
        }
    }

    /// Reports `!GetAtt resource.attribute` if the resource's type has no such attribute.
    fn attribute(
        &mut self,
        resource: &str,
        attribute: &str,
        pos: Option<Pos>,
        path: &[Cow<'_, str>],
        in_sub: bool,
    ) {
        let Some(target) = self.template.resource(resource) else {
            // Not a resource of the template: the reference checks say so.
            return;
        };
        let type_name = target.type_name();
        if type_name.starts_with("AWS::Serverless::")
            || type_name.ends_with("::MODULE")
            || self
                .template
                .loops()
                .generated(resource)
                .is_some_and(|g| g.repeat.is_some())
        {
            return;
        }
        let Some(schema) = self.ctx.schema(type_name) else {
            return;
        };
        if schema.attribute(attribute).is_some() {
            return;
        }
        let names = schema.attributes().iter().map(|a| a.name.as_str());
        let suggestion = suggest::closest(attribute, names.clone())
            .map(|s| format!("; did you mean {s}?"))
            .unwrap_or_default();
        let list = if schema.attributes().is_empty() {
            "it has none".to_owned()
        } else {
            format!("it has {}", some_of(names, 10))
        };
        let mut f = self.ctx.finding(
            Rule::GetAtt,
            Severity::Error,
            pos,
            path,
            format!("GetAtt {resource}.{attribute}: {type_name} has no attribute {attribute}{suggestion} ({list})"),
        );
        f.cfn_lint = Some(if path.first().is_some_and(|s| s == "Outputs") {
            "E6101"
        } else if in_sub {
            "E1019"
        } else {
            "E1010"
        });
        self.out.push(f);
    }
}
