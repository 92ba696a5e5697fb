//! Evaluating a template's values as CloudFormation would at deploy time, as far as that can be
//! known offline: parameters (their values or defaults), pseudo parameters, `Conditions`,
//! `Fn::If`, `Fn::FindInMap`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`.
//!
//! What cannot be known (an import, an SSM parameter, a parameter without a value, an attribute
//! of a resource) is an [`V::Unknown`] value carrying the reason, so the estimator can say why
//! it has no figure instead of guessing one.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::cfn::{Func, Intrinsic, Node, SubPart, Template, Value};

/// A value, evaluated one level deep: a plain node of the template (whose children are
/// evaluated when asked for), or something computed.
#[derive(Clone, Debug)]
pub enum V<'a> {
    /// A value as written (a mapping, a list or a scalar), its intrinsics already followed.
    Node(&'a Node),
    /// A string computed by a function or from a parameter.
    Text(String),
    /// A list computed by a function or from a list parameter.
    List(Vec<V<'a>>),
    /// A `Ref` to a resource of the template.
    Resource(&'a str),
    /// A `Fn::GetAtt` of a resource of the template.
    Att(&'a str, &'a str),
    /// No value: the key is missing or `AWS::NoValue`.
    Absent,
    /// Not knowable offline, with the reason.
    Unknown(String),
}

/// Evaluates values of one template for one Region and one set of parameter values.
pub struct Eval<'a> {
    template: &'a Template,
    region: &'a str,
    parameters: &'a BTreeMap<String, String>,
    conditions: RefCell<HashMap<String, Result<bool, String>>>,
}

/// A little nesting is all a real template has; this stops a cycle of conditions.
const MAX_DEPTH: usize = 32;

impl<'a> Eval<'a> {
    /// An evaluator with the user's parameter values (a parameter not in `parameters` takes its
    /// `Default`).
    pub fn new(
        template: &'a Template,
        region: &'a str,
        parameters: &'a BTreeMap<String, String>,
    ) -> Self {
        Self {
            template,
            region,
            parameters,
            conditions: RefCell::new(HashMap::new()),
        }
    }

    /// The Region the template is evaluated for.
    pub fn region(&self) -> &'a str {
        self.region
    }

    /// The template.
    pub fn template(&self) -> &'a Template {
        self.template
    }

    /// A node, its intrinsic functions evaluated.
    pub fn value(&self, node: &'a Node) -> V<'a> {
        self.value_at(node, 0)
    }

    fn value_at(&self, node: &'a Node, depth: usize) -> V<'a> {
        match &node.value {
            Value::Intrinsic(i) if depth < MAX_DEPTH => self.intrinsic(i, depth + 1),
            Value::Intrinsic(_) => V::Unknown("the value nests too deeply".into()),
            _ => V::Node(node),
        }
    }

    /// The value under `key` of a mapping value.
    pub fn field(&self, v: &V<'a>, key: &str) -> V<'a> {
        match v {
            V::Node(n) => match n.as_mapping().and_then(|m| m.get(key)) {
                Some(child) => self.value(child),
                None => V::Absent,
            },
            V::Unknown(r) => V::Unknown(r.clone()),
            _ => V::Absent,
        }
    }

    /// The value at a path of keys under a node.
    pub fn path(&self, node: &'a Node, keys: &[&str]) -> V<'a> {
        let mut v = self.value(node);
        for key in keys {
            v = self.field(&v, key);
        }
        v
    }

    /// The items of a list value; nothing for no value. `AWS::NoValue` items are left out.
    pub fn items(&self, v: &V<'a>) -> Result<Vec<V<'a>>, String> {
        match v {
            V::Node(n) => match &n.value {
                Value::Sequence(items) => Ok(items
                    .iter()
                    .map(|i| self.value(i))
                    .filter(|i| !matches!(i, V::Absent))
                    .collect()),
                Value::Null => Ok(Vec::new()),
                _ => Err("expected a list".into()),
            },
            V::List(items) => Ok(items.clone()),
            V::Absent => Ok(Vec::new()),
            V::Unknown(r) => Err(r.clone()),
            V::Text(_) | V::Resource(_) | V::Att(..) => Err("expected a list".into()),
        }
    }

    /// A scalar value as text; `None` for no value.
    pub fn text(&self, v: &V<'a>) -> Result<Option<String>, String> {
        match v {
            V::Node(n) => match &n.value {
                Value::String(s) => Ok(Some(s.clone())),
                Value::Number(x) => Ok(Some(x.as_str().to_owned())),
                Value::Bool(b) => Ok(Some(b.to_string())),
                Value::Null => Ok(None),
                _ => Err("expected a single value".into()),
            },
            V::Text(s) => Ok(Some(s.clone())),
            V::Absent => Ok(None),
            V::Unknown(r) => Err(r.clone()),
            V::Resource(id) => Err(format!("the value is {id}'s ID, known only once deployed")),
            V::Att(id, att) => Err(format!("the value is {id}.{att}, known only once deployed")),
            V::List(_) => Err("expected a single value, not a list".into()),
        }
    }

    /// A number; `None` for no value.
    pub fn number(&self, v: &V<'a>) -> Result<Option<Decimal>, String> {
        match self.text(v)? {
            None => Ok(None),
            Some(t) => t
                .trim()
                .parse::<Decimal>()
                .map(Some)
                .map_err(|_| format!("`{t}` is not a number")),
        }
    }

    /// A boolean (`true`/`false` in any case, as CloudFormation reads them); `None` for no value.
    pub fn boolean(&self, v: &V<'a>) -> Result<Option<bool>, String> {
        match self.text(v)? {
            None => Ok(None),
            Some(t) if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(t) if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(t) => Err(format!("`{t}` is not true or false")),
        }
    }

    /// The text at a path under a node.
    pub fn text_at(&self, node: &'a Node, keys: &[&str]) -> Result<Option<String>, String> {
        self.text(&self.path(node, keys))
    }

    /// The number at a path under a node.
    pub fn number_at(&self, node: &'a Node, keys: &[&str]) -> Result<Option<Decimal>, String> {
        self.number(&self.path(node, keys))
    }

    /// The boolean at a path under a node.
    pub fn bool_at(&self, node: &'a Node, keys: &[&str]) -> Result<Option<bool>, String> {
        self.boolean(&self.path(node, keys))
    }

    /// The resource a value names by `Ref` or `Fn::GetAtt`, if it does.
    pub fn resource_named(v: &V<'a>) -> Option<&'a str> {
        match v {
            V::Resource(id) | V::Att(id, _) => Some(id),
            _ => None,
        }
    }

    /// Whether a condition of the `Conditions` section holds.
    pub fn condition(&self, name: &str) -> Result<bool, String> {
        self.condition_at(name, 0)
    }

    fn condition_at(&self, name: &str, depth: usize) -> Result<bool, String> {
        if let Some(known) = self.conditions.borrow().get(name) {
            return known.clone();
        }
        if depth > MAX_DEPTH {
            return Err(format!("condition {name} refers to itself"));
        }
        let result = match self
            .template
            .section_mapping("Conditions")
            .and_then(|m| m.get(name))
        {
            Some(node) => self.truth(node, depth + 1),
            None => Err(format!("condition {name} is not defined")),
        };
        self.conditions
            .borrow_mut()
            .insert(name.to_owned(), result.clone());
        result
    }

    fn truth(&self, node: &'a Node, depth: usize) -> Result<bool, String> {
        if depth > MAX_DEPTH {
            return Err("the condition nests too deeply".into());
        }
        let Some(i) = node.as_intrinsic() else {
            return self
                .boolean(&V::Node(node))?
                .ok_or_else(|| "an empty condition".into());
        };
        let args = i.arg.as_sequence().unwrap_or_default();
        match i.func {
            Func::Equals => {
                let [a, b] = args else {
                    return Err("Fn::Equals takes two values".into());
                };
                Ok(self.comparable(a)? == self.comparable(b)?)
            }
            Func::And => {
                let mut all = true;
                for a in args {
                    all &= self.truth(a, depth + 1)?;
                }
                Ok(all)
            }
            Func::Or => {
                let mut any = false;
                for a in args {
                    any |= self.truth(a, depth + 1)?;
                }
                Ok(any)
            }
            Func::Not => match args {
                [a] => Ok(!self.truth(a, depth + 1)?),
                _ => Err("Fn::Not takes one condition".into()),
            },
            Func::Condition => match i.arg.as_str() {
                Some(name) => self.condition_at(name, depth + 1),
                None => Err("a Condition names a condition".into()),
            },
            _ => Err(format!("{} is not a condition function", i.func.long_key())),
        }
    }

    /// A value in a form two values can be compared by: text, or a list of texts.
    fn comparable(&self, node: &'a Node) -> Result<String, String> {
        let v = self.value(node);
        if let Ok(items) = self.items(&v)
            && !matches!(v, V::Absent)
        {
            let texts: Result<Vec<_>, _> = items.iter().map(|i| self.text(i)).collect();
            return Ok(texts?.into_iter().flatten().collect::<Vec<_>>().join(","));
        }
        Ok(self.text(&v)?.unwrap_or_default())
    }

    fn intrinsic(&self, i: &'a Intrinsic, depth: usize) -> V<'a> {
        let args = i.arg.as_sequence().unwrap_or_default();
        match i.func {
            Func::Ref => match i.arg.as_str() {
                Some(name) => self.reference(name),
                None => V::Unknown("a Ref to a computed name".into()),
            },
            Func::GetAtt => match i.get_att() {
                Some(crate::cfn::GetAtt::Named {
                    resource,
                    attribute,
                }) => V::Att(resource, attribute),
                _ => V::Unknown("a Fn::GetAtt of a computed name".into()),
            },
            Func::If => {
                let [cond, yes, no] = args else {
                    return V::Unknown("Fn::If takes a condition and two values".into());
                };
                let Some(name) = cond.as_str() else {
                    return V::Unknown("Fn::If names a condition".into());
                };
                match self.condition_at(name, depth) {
                    Ok(true) => self.value_at(yes, depth),
                    Ok(false) => self.value_at(no, depth),
                    Err(reason) => V::Unknown(reason),
                }
            }
            Func::FindInMap => self.find_in_map(args, depth),
            Func::Sub => self.sub(i),
            Func::Join => {
                let [delimiter, list] = args else {
                    return V::Unknown("Fn::Join takes a delimiter and a list".into());
                };
                let delimiter = match self.text(&self.value_at(delimiter, depth)) {
                    Ok(d) => d.unwrap_or_default(),
                    Err(r) => return V::Unknown(r),
                };
                let parts = match self.items(&self.value_at(list, depth)) {
                    Ok(p) => p,
                    Err(r) => return V::Unknown(r),
                };
                let mut out = Vec::with_capacity(parts.len());
                for p in &parts {
                    match self.text(p) {
                        Ok(t) => out.push(t.unwrap_or_default()),
                        Err(r) => return V::Unknown(r),
                    }
                }
                V::Text(out.join(&delimiter))
            }
            Func::Select => {
                let [index, list] = args else {
                    return V::Unknown("Fn::Select takes an index and a list".into());
                };
                let index = match self.number(&self.value_at(index, depth)) {
                    Ok(Some(n)) => n,
                    Ok(None) => return V::Unknown("Fn::Select without an index".into()),
                    Err(r) => return V::Unknown(r),
                };
                match self.items(&self.value_at(list, depth)) {
                    Ok(items) => usize::try_from(index.trunc().mantissa())
                        .ok()
                        .and_then(|k| items.get(k).cloned())
                        .unwrap_or_else(|| {
                            V::Unknown("Fn::Select past the end of its list".into())
                        }),
                    Err(r) => V::Unknown(r),
                }
            }
            Func::Split => {
                let [delimiter, text] = args else {
                    return V::Unknown("Fn::Split takes a delimiter and a string".into());
                };
                match (
                    self.text(&self.value_at(delimiter, depth)),
                    self.text(&self.value_at(text, depth)),
                ) {
                    (Ok(Some(d)), Ok(Some(t))) if !d.is_empty() => {
                        V::List(t.split(&d).map(|s| V::Text(s.to_owned())).collect())
                    }
                    (Err(r), _) | (_, Err(r)) => V::Unknown(r),
                    _ => V::Unknown("Fn::Split without a delimiter or a string".into()),
                }
            }
            Func::ImportValue => {
                let what = self
                    .text(&self.value_at(&i.arg, depth))
                    .ok()
                    .flatten()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                V::Unknown(format!("imported from another stack{what}"))
            }
            Func::GetAZs => V::Unknown("the account's Availability Zones".into()),
            _ => V::Unknown(format!(
                "{} is worked out at deploy time",
                i.func.long_key()
            )),
        }
    }

    fn reference(&self, name: &str) -> V<'a> {
        match name {
            "AWS::Region" => return V::Text(self.region.to_owned()),
            "AWS::Partition" => return V::Text("aws".into()),
            "AWS::URLSuffix" => return V::Text("amazonaws.com".into()),
            "AWS::NoValue" => return V::Absent,
            "AWS::AccountId" | "AWS::StackName" | "AWS::StackId" | "AWS::NotificationARNs" => {
                return V::Unknown(format!("{name} is known only once deployed"));
            }
            _ => {}
        }
        if let Some(param) = self
            .template
            .section_mapping("Parameters")
            .and_then(|m| m.get(name))
        {
            let kind = param
                .get_path(&["Type"])
                .and_then(Node::as_str)
                .unwrap_or("String");
            let value = match self.parameters.get(name) {
                Some(given) => given.clone(),
                None if kind.starts_with("AWS::SSM::Parameter::Value") => {
                    return V::Unknown(format!(
                        "parameter {name} is read from SSM Parameter Store at deploy time; give it a value"
                    ));
                }
                None => match param.get_path(&["Default"]) {
                    Some(d) => match self.text(&V::Node(d)) {
                        Ok(Some(t)) => t,
                        _ => {
                            return V::Unknown(format!(
                                "parameter {name}'s default is not a value"
                            ));
                        }
                    },
                    None => {
                        return V::Unknown(format!(
                            "parameter {name} has no default; give it a value"
                        ));
                    }
                },
            };
            return if kind.starts_with("List<") || kind == "CommaDelimitedList" {
                V::List(
                    value
                        .split(',')
                        .map(|s| V::Text(s.trim().to_owned()))
                        .collect(),
                )
            } else {
                V::Text(value)
            };
        }
        if let Some(resource) = self.template.resource(name) {
            return V::Resource(resource.logical_id);
        }
        V::Unknown(format!(
            "{name} is not a parameter or resource of the template"
        ))
    }

    fn find_in_map(&self, args: &'a [Node], depth: usize) -> V<'a> {
        let (keys, default) = match args {
            [m, a, b] => ([m, a, b], None),
            [m, a, b, d] => ([m, a, b], d.get_path(&["DefaultValue"])),
            _ => return V::Unknown("Fn::FindInMap takes a map and two keys".into()),
        };
        let mut names = Vec::with_capacity(3);
        for k in keys {
            match self.text(&self.value_at(k, depth)) {
                Ok(Some(t)) => names.push(t),
                Ok(None) => return V::Unknown("Fn::FindInMap with an empty key".into()),
                Err(r) => return V::Unknown(r),
            }
        }
        let found = self
            .template
            .section_mapping("Mappings")
            .and_then(|m| m.get(&names[0]))
            .and_then(|m| m.get_path(&[&names[1], &names[2]]));
        match (found, default) {
            (Some(node), _) | (None, Some(node)) => self.value_at(node, depth),
            (None, None) => V::Unknown(format!(
                "mapping {} has no {}/{}",
                names[0], names[1], names[2]
            )),
        }
    }

    fn sub(&self, i: &'a Intrinsic) -> V<'a> {
        let Some(sub) = i.sub() else {
            return V::Unknown("Fn::Sub takes a string".into());
        };
        let mut out = String::new();
        for part in sub.parts() {
            match part {
                SubPart::Text(t) => out.push_str(&t),
                SubPart::Escaped(t) => {
                    out.push_str("${");
                    out.push_str(&t);
                    out.push('}');
                }
                SubPart::Ref(name) => {
                    let name = name.trim();
                    let v = match sub.vars.and_then(|vars| vars.get(name)) {
                        Some(node) => self.value(node),
                        None => self.reference(name),
                    };
                    match self.text(&v) {
                        Ok(t) => out.push_str(&t.unwrap_or_default()),
                        Err(r) => return V::Unknown(r),
                    }
                }
                SubPart::GetAtt {
                    resource,
                    attribute,
                } => {
                    return V::Unknown(format!(
                        "{resource}.{attribute} is known only once deployed"
                    ));
                }
            }
        }
        V::Text(out)
    }
}
