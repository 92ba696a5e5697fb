//! Intrinsic functions: `Ref`, `Fn::GetAtt`, `Fn::Sub` and the rest, as typed nodes.
//!
//! A template may write a function in short form (`!GetAtt Role.Arn`) or long form
//! (`{"Fn::GetAtt": ["Role", "Arn"]}`). Both read into the same [`Intrinsic`]; its [`Form`]
//! records which one the file used so that the YAML writer can keep it.

use super::sub::{SubPart, parse_sub};
use super::value::{Node, Value};

/// An intrinsic function and its argument.
#[derive(Clone, Debug)]
pub struct Intrinsic {
    /// Which function.
    pub func: Func,
    /// The argument exactly as written: a string for `Ref`, a list for `Fn::Join`, and so on.
    /// `Fn::GetAtt` keeps either its `A.B` string or its `[A, B]` list.
    pub arg: Node,
    /// Whether the file wrote a short-form tag or a long-form mapping.
    pub form: Form,
}

/// How an intrinsic function was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Form {
    /// A YAML tag such as `!Ref`.
    #[default]
    Short,
    /// A one-key mapping such as `{"Ref": ...}` or `Fn::Join:`.
    Long,
}

/// The intrinsic functions CloudFormation knows, plus any other `Fn::*` or `!Tag`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Func {
    /// `Ref`.
    Ref,
    /// `Condition`, a reference to a named condition inside condition functions.
    Condition,
    /// `Fn::GetAtt`.
    GetAtt,
    /// `Fn::Sub`.
    Sub,
    /// `Fn::Base64`.
    Base64,
    /// `Fn::Cidr`.
    Cidr,
    /// `Fn::FindInMap`.
    FindInMap,
    /// `Fn::GetAZs`.
    GetAZs,
    /// `Fn::ImportValue`.
    ImportValue,
    /// `Fn::GetStackOutput`: an output of another stack, by stack name and output name.
    GetStackOutput,
    /// `Fn::Join`.
    Join,
    /// `Fn::Select`.
    Select,
    /// `Fn::Split`.
    Split,
    /// `Fn::Transform`.
    Transform,
    /// `Fn::If`.
    If,
    /// `Fn::Equals`.
    Equals,
    /// `Fn::And`.
    And,
    /// `Fn::Or`.
    Or,
    /// `Fn::Not`.
    Not,
    /// `Fn::Length` (`AWS::LanguageExtensions`).
    Length,
    /// `Fn::ToJsonString` (`AWS::LanguageExtensions`).
    ToJsonString,
    /// `Fn::Contains` (rules).
    Contains,
    /// `Fn::EachMemberEquals` (rules).
    EachMemberEquals,
    /// `Fn::EachMemberIn` (rules).
    EachMemberIn,
    /// `Fn::RefAll` (rules).
    RefAll,
    /// `Fn::ValueOf` (rules).
    ValueOf,
    /// `Fn::ValueOfAll` (rules).
    ValueOfAll,
    /// `Fn::Implies` (rules).
    Implies,
    /// Any other function, named without its `Fn::` prefix: `!Foo x` and `{"Fn::Foo": x}`
    /// are the same function, as cfn-lint reads them.
    Other(String),
}

/// The known functions with their short names, in one table.
const KNOWN: &[(Func, &str)] = &[
    (Func::Ref, "Ref"),
    (Func::Condition, "Condition"),
    (Func::GetAtt, "GetAtt"),
    (Func::Sub, "Sub"),
    (Func::Base64, "Base64"),
    (Func::Cidr, "Cidr"),
    (Func::FindInMap, "FindInMap"),
    (Func::GetAZs, "GetAZs"),
    (Func::ImportValue, "ImportValue"),
    (Func::GetStackOutput, "GetStackOutput"),
    (Func::Join, "Join"),
    (Func::Select, "Select"),
    (Func::Split, "Split"),
    (Func::Transform, "Transform"),
    (Func::If, "If"),
    (Func::Equals, "Equals"),
    (Func::And, "And"),
    (Func::Or, "Or"),
    (Func::Not, "Not"),
    (Func::Length, "Length"),
    (Func::ToJsonString, "ToJsonString"),
    (Func::Contains, "Contains"),
    (Func::EachMemberEquals, "EachMemberEquals"),
    (Func::EachMemberIn, "EachMemberIn"),
    (Func::RefAll, "RefAll"),
    (Func::ValueOf, "ValueOf"),
    (Func::ValueOfAll, "ValueOfAll"),
    (Func::Implies, "Implies"),
];

impl Func {
    /// The function for a short-form tag name (`Ref`, `GetAtt`, `Foo`), without the `!`.
    pub fn from_short(name: &str) -> Self {
        KNOWN
            .iter()
            .find(|(_, n)| *n == name)
            .map_or_else(|| Func::Other(name.to_owned()), |(f, _)| f.clone())
    }

    /// The function for a long-form key (`Ref`, `Condition`, `Fn::GetAtt`), if the key is one.
    ///
    /// `Fn::ForEach::Name` keys are not functions of a value: they stay mapping keys.
    pub fn from_long_key(key: &str) -> Option<Self> {
        match key {
            "Ref" => Some(Func::Ref),
            "Condition" => Some(Func::Condition),
            _ => {
                let name = key.strip_prefix("Fn::")?;
                if name.is_empty() || name.starts_with("ForEach") {
                    return None;
                }
                match Func::from_short(name) {
                    Func::Ref | Func::Condition => Some(Func::Other(name.to_owned())),
                    f => Some(f),
                }
            }
        }
    }

    /// The short-form name, as written after `!`.
    pub fn short_name(&self) -> &str {
        match self {
            Func::Other(name) => name,
            f => KNOWN.iter().find(|(k, _)| k == f).map_or("", |(_, n)| n),
        }
    }

    /// The long-form key: `Ref`, `Condition`, or `Fn::` and the name.
    pub fn long_key(&self) -> String {
        match self {
            Func::Ref => "Ref".to_owned(),
            Func::Condition => "Condition".to_owned(),
            f => format!("Fn::{}", f.short_name()),
        }
    }
}

/// The typed view of a `Fn::GetAtt`.
#[derive(Clone, Debug, PartialEq)]
pub enum GetAtt<'a> {
    /// Resource and attribute are both literal strings.
    Named {
        /// Logical ID of the resource.
        resource: &'a str,
        /// Attribute name; may contain dots (`Endpoint.Address`).
        attribute: &'a str,
    },
    /// The list form with a computed part, e.g. `[!Sub 'Res${X}', Arn]`.
    Computed {
        /// The resource part.
        resource: &'a Node,
        /// The attribute part.
        attribute: &'a Node,
    },
}

/// The typed view of a `Fn::Sub`.
#[derive(Clone, Debug)]
pub struct Sub<'a> {
    /// The template string, if it is a string.
    pub template: Option<&'a str>,
    /// The variables mapping of the `[string, vars]` form.
    pub vars: Option<&'a super::value::Mapping>,
    /// Whether the list form was used.
    pub list_form: bool,
}

impl Sub<'_> {
    /// The parsed parts of the template string.
    pub fn parts(&self) -> Vec<SubPart> {
        self.template.map(parse_sub).unwrap_or_default()
    }

    /// Whether `name` is a variable of this `Sub` (and so not a template reference).
    pub fn is_var(&self, name: &str) -> bool {
        self.vars.is_some_and(|v| v.contains_key(name))
    }
}

impl Intrinsic {
    /// A new intrinsic in short form.
    pub fn new(func: Func, arg: Node) -> Self {
        Self {
            func,
            arg,
            form: Form::Short,
        }
    }

    /// The target of a `Ref` when it is a string.
    pub fn ref_target(&self) -> Option<&str> {
        match self.func {
            Func::Ref => self.arg.as_str(),
            _ => None,
        }
    }

    /// The typed view of a `Fn::GetAtt`, in either form.
    pub fn get_att(&self) -> Option<GetAtt<'_>> {
        if self.func != Func::GetAtt {
            return None;
        }
        match &self.arg.value {
            Value::String(s) => {
                let (resource, attribute) = s.split_once('.')?;
                Some(GetAtt::Named {
                    resource,
                    attribute,
                })
            }
            Value::Sequence(items) => match items.as_slice() {
                [r, a] => match (r.as_str(), a.as_str()) {
                    (Some(resource), Some(attribute)) => Some(GetAtt::Named {
                        resource,
                        attribute,
                    }),
                    _ => Some(GetAtt::Computed {
                        resource: r,
                        attribute: a,
                    }),
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// The typed view of a `Fn::Sub`, in either form.
    pub fn sub(&self) -> Option<Sub<'_>> {
        if self.func != Func::Sub {
            return None;
        }
        match &self.arg.value {
            Value::String(s) => Some(Sub {
                template: Some(s),
                vars: None,
                list_form: false,
            }),
            Value::Sequence(items) => Some(Sub {
                template: items.first().and_then(Node::as_str),
                vars: items.get(1).and_then(Node::as_mapping),
                list_form: true,
            }),
            _ => None,
        }
    }

    /// The condition name that this function refers to, for `Condition` and `Fn::If`.
    pub fn condition_name(&self) -> Option<&str> {
        match self.func {
            Func::Condition => self.arg.as_str(),
            Func::If => self.arg.as_sequence()?.first()?.as_str(),
            _ => None,
        }
    }

    /// Checks the argument's shape and says what is wrong in plain words.
    pub fn shape_problem(&self) -> Option<String> {
        match self.func {
            Func::Ref if self.arg.as_str().is_none() && self.arg.as_intrinsic().is_none() => {
                Some("!Ref takes the name of a resource or parameter, not a list or mapping".into())
            }
            Func::GetAtt if self.get_att().is_none() && self.arg.as_intrinsic().is_none() => {
                Some(match &self.arg.value {
                    Value::String(s) => format!(
                        "!GetAtt {s} has no attribute; write it as {s}.Attribute or [{s}, Attribute]"
                    ),
                    _ => "!GetAtt takes \"Resource.Attribute\" or a list of resource and attribute"
                        .into(),
                })
            }
            Func::GetAZs if self.arg.value == Value::Null => Some(
                "Fn::GetAZs is null; CloudFormation expects a region name or \"\" for the current region"
                    .into(),
            ),
            Func::Sub if self.sub().is_none_or(|s| s.template.is_none()) => {
                if self.arg.as_intrinsic().is_some() {
                    None
                } else {
                    Some("Fn::Sub takes a string, or a list of a string and a mapping of variables".into())
                }
            }
            _ => None,
        }
    }
}

impl PartialEq for Intrinsic {
    /// Equal when the function and its meaning are equal, whatever the form; `!GetAtt A.B`
    /// equals `!GetAtt [A, B]`.
    fn eq(&self, other: &Self) -> bool {
        if self.func != other.func {
            return false;
        }
        match (self.get_att(), other.get_att()) {
            (Some(a), Some(b)) => a == b,
            _ => self.arg == other.arg,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_map_to_functions() {
        assert_eq!(Func::from_long_key("Ref"), Some(Func::Ref));
        assert_eq!(Func::from_long_key("Fn::GetAtt"), Some(Func::GetAtt));
        assert_eq!(
            Func::from_long_key("Fn::Bar"),
            Some(Func::Other("Bar".into()))
        );
        assert_eq!(Func::from_long_key("Fn::ForEach::Loop"), None);
        assert_eq!(Func::from_long_key("Properties"), None);
        assert_eq!(Func::Cidr.long_key(), "Fn::Cidr");
        assert_eq!(Func::from_short("Contains"), Func::Contains);
    }

    #[test]
    fn get_att_forms_are_equal() {
        let dotted = Intrinsic::new(Func::GetAtt, Node::string("Db.Endpoint.Address"));
        let list = Intrinsic::new(
            Func::GetAtt,
            Node::new(Value::Sequence(vec![
                Node::string("Db"),
                Node::string("Endpoint.Address"),
            ])),
        );
        assert_eq!(dotted, list);
        assert_eq!(
            dotted.get_att(),
            Some(GetAtt::Named {
                resource: "Db",
                attribute: "Endpoint.Address"
            })
        );
    }

    #[test]
    fn shape_problems_are_reported() {
        let no_attr = Intrinsic::new(Func::GetAtt, Node::string("Bucket"));
        assert!(
            no_attr
                .shape_problem()
                .is_some_and(|m| m.contains("no attribute"))
        );
        let ref_list = Intrinsic::new(Func::Ref, Node::new(Value::Sequence(vec![])));
        assert!(ref_list.shape_problem().is_some());
        let good = Intrinsic::new(Func::Ref, Node::string("Vpc"));
        assert_eq!(good.shape_problem(), None);
    }
}
