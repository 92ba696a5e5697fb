//! A string value of a template worked out as far as the project knows it: literals, `Sub`,
//! `Join`, `Select`, parameters (passed, defaulted) and pseudo parameters, with the parameters
//! that have no value kept as holes ([`Piece::Hole`]) so that `${ParentVPCStack}-VPC` can be
//! matched against the exports of each stack.

use std::collections::HashMap;

use crate::cfn::{Func, Node, SubPart, Template, Value};

/// One piece of a string being worked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Known text.
    Lit(String),
    /// A parameter of the template with no value yet.
    Hole(String),
}

/// A string value in pieces, adjacent literals joined.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub Vec<Piece>);

impl Text {
    fn push_lit(&mut self, s: &str) {
        if let Some(Piece::Lit(last)) = self.0.last_mut() {
            last.push_str(s);
        } else if !s.is_empty() {
            self.0.push(Piece::Lit(s.to_owned()));
        }
    }

    fn append(&mut self, other: Text) {
        for piece in other.0 {
            match piece {
                Piece::Lit(s) => self.push_lit(&s),
                hole => self.0.push(hole),
            }
        }
    }

    /// The whole text, if it has no holes.
    pub fn known(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Lit(s) => out.push_str(s),
                Piece::Hole(_) => return None,
            }
        }
        Some(out)
    }

    /// The parameters left as holes.
    pub fn holes(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Piece::Hole(h) => Some(h.as_str()),
            Piece::Lit(_) => None,
        })
    }

    /// The text with each hole that `values` names filled in.
    pub fn fill(&self, values: &HashMap<String, String>) -> Text {
        let mut out = Text::default();
        for piece in &self.0 {
            match piece {
                Piece::Hole(h) if values.contains_key(h) => out.push_lit(&values[h]),
                p => out.append(Text(vec![p.clone()])),
            }
        }
        out
    }

    /// The literal text after the last hole: what is certain about the end of the value.
    pub fn known_tail(&self) -> &str {
        match self.0.last() {
            Some(Piece::Lit(s)) => s,
            _ => "",
        }
    }

    /// The text as a `Fn::Sub` would write it, holes as `${Name}`.
    pub fn display(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Hole(h) => format!("${{{h}}}"),
            })
            .collect()
    }
}

/// What a string value is evaluated with.
pub struct Scope<'a> {
    /// The template the value is in.
    pub template: &'a Template,
    /// The stack's name in the project, for `AWS::StackName`.
    pub stack_name: &'a str,
    /// The Region, for `AWS::Region`.
    pub region: &'a str,
    /// Parameter values known as text (passed by a parent stack as literals).
    pub parameters: &'a HashMap<String, String>,
    /// Whether a parameter not in `parameters` takes its `Default`; if not, it is a hole.
    pub defaults: bool,
}

/// How deep a value may nest before it is given up on.
const MAX_DEPTH: usize = 16;

impl Scope<'_> {
    /// The string `node` comes to, or why it cannot be told offline.
    pub fn text(&self, node: &Node) -> Result<Text, String> {
        self.text_at(node, &HashMap::new(), 0)
    }

    fn text_at(
        &self,
        node: &Node,
        vars: &HashMap<&str, &Node>,
        depth: usize,
    ) -> Result<Text, String> {
        if depth > MAX_DEPTH {
            return Err("the value nests too deeply".into());
        }
        let mut out = Text::default();
        match &node.value {
            Value::String(s) => out.push_lit(s),
            Value::Number(n) => out.push_lit(n.as_str()),
            Value::Bool(b) => out.push_lit(if *b { "true" } else { "false" }),
            Value::Intrinsic(i) => match i.func {
                Func::Ref => {
                    let name = i.arg.as_str().ok_or("a Ref of a computed name")?;
                    out.append(self.reference(name)?);
                }
                Func::Sub => {
                    let sub = i.sub().ok_or("a Sub that is not a string")?;
                    let mut inner: HashMap<&str, &Node> = vars.clone();
                    if let Some(m) = sub.vars {
                        for (k, v) in m.iter() {
                            inner.insert(k, v);
                        }
                    }
                    for part in sub.parts() {
                        match &part {
                            SubPart::Text(t) => out.push_lit(t),
                            SubPart::Escaped(t) => out.push_lit(&format!("${{{t}}}")),
                            SubPart::Ref(name) => {
                                let name = name.trim();
                                match inner.get(name) {
                                    Some(v) => out.append(self.text_at(v, &inner, depth + 1)?),
                                    None => out.append(self.reference(name)?),
                                }
                            }
                            SubPart::GetAtt { resource, .. } => {
                                return Err(format!("an attribute of {resource}"));
                            }
                        }
                    }
                }
                Func::Join => {
                    let args = i.arg.as_sequence().ok_or("a Join that is not a list")?;
                    let [sep, list] = args else {
                        return Err("a Join without a separator and a list".into());
                    };
                    let sep = sep.as_str().ok_or("a Join with a computed separator")?;
                    let items = list.as_sequence().ok_or("a Join of a computed list")?;
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            out.push_lit(sep);
                        }
                        out.append(self.text_at(item, vars, depth + 1)?);
                    }
                }
                Func::Select => {
                    let args = i.arg.as_sequence().ok_or("a Select that is not a list")?;
                    let [index, list] = args else {
                        return Err("a Select without an index and a list".into());
                    };
                    let index = self.text_at(index, vars, depth + 1)?.known();
                    let index: usize = index
                        .and_then(|t| t.parse().ok())
                        .ok_or("a Select of a computed index")?;
                    let items = list.as_sequence().ok_or("a Select of a computed list")?;
                    let item = items.get(index).ok_or("a Select past the end")?;
                    out.append(self.text_at(item, vars, depth + 1)?);
                }
                _ => {
                    return Err(format!(
                        "{} is worked out at deploy time",
                        i.func.long_key()
                    ));
                }
            },
            _ => return Err("not a string".into()),
        }
        Ok(out)
    }

    fn reference(&self, name: &str) -> Result<Text, String> {
        let lit = |s: &str| Ok(Text(vec![Piece::Lit(s.to_owned())]));
        match name {
            "AWS::StackName" => return lit(self.stack_name),
            "AWS::Region" => return lit(self.region),
            "AWS::Partition" => return lit("aws"),
            "AWS::URLSuffix" => return lit("amazonaws.com"),
            n if n.starts_with("AWS::") => return Err(format!("{n} is known only once deployed")),
            _ => {}
        }
        if let Some(v) = self.parameters.get(name) {
            return lit(v);
        }
        let param = self
            .template
            .section_mapping("Parameters")
            .and_then(|m| m.get(name))
            .ok_or_else(|| format!("{name} is not a parameter"))?;
        if !self.defaults {
            return Ok(Text(vec![Piece::Hole(name.to_owned())]));
        }
        match param.get_path(&["Default"]) {
            Some(Node {
                value: Value::String(s),
                ..
            }) if !s.is_empty() => lit(s),
            Some(Node {
                value: Value::Number(n),
                ..
            }) => lit(n.as_str()),
            _ => Ok(Text(vec![Piece::Hole(name.to_owned())])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    #[test]
    fn sub_with_stack_name_default_and_hole() {
        let t = import_text(
            "Parameters:\n  Env: {Type: String, Default: prod}\n  Parent: {Type: String}\nResources: {}\nOutputs:\n  A:\n    Value: !Sub '${AWS::StackName}-${Env}-${Parent}-x'\n  B:\n    Value: !Join ['/', [a, !Ref Env]]\n",
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template;
        let params = HashMap::new();
        let scope = Scope {
            template: &t,
            stack_name: "net",
            region: "eu-west-1",
            parameters: &params,
            defaults: true,
        };
        let a = t
            .root()
            .get("Outputs")
            .unwrap()
            .get_path(&["A", "Value"])
            .unwrap();
        let text = scope.text(a).unwrap();
        assert_eq!(text.display(), "net-prod-${Parent}-x");
        assert_eq!(text.known(), None);
        assert_eq!(text.holes().collect::<Vec<_>>(), ["Parent"]);
        let filled = text.fill(&HashMap::from([("Parent".to_owned(), "vpc".to_owned())]));
        assert_eq!(filled.known().as_deref(), Some("net-prod-vpc-x"));
        let b = t
            .root()
            .get("Outputs")
            .unwrap()
            .get_path(&["B", "Value"])
            .unwrap();
        assert_eq!(scope.text(b).unwrap().known().as_deref(), Some("a/prod"));
    }
}
