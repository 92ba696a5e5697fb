//! What tags and long-form keys make of a value: the function or core type a tag names on a
//! scalar or collection, and `{"Fn::Name": ...}` mappings read as functions.

use saphyr_parser::{ScalarStyle, Tag};

use super::Builder;
use crate::cfn::diagnostic::ImportError;
use crate::cfn::intrinsic::{Form, Func, Intrinsic};
use crate::cfn::scalar::resolve_plain;
use crate::cfn::value::{Mapping, Node, Number, Span, Value};

/// The YAML core types that PyYAML's safe loader constructs.
const CORE_TAGS: &[&str] = &[
    "str",
    "int",
    "float",
    "bool",
    "null",
    "binary",
    "timestamp",
    "seq",
    "map",
    "omap",
    "pairs",
    "set",
];

/// What a tag on a value means.
enum TagMeaning<'t> {
    /// `!`: no type is given; the value is read as if it had no tag.
    NonSpecific,
    /// `!!str` and the other core types, by their suffix.
    Core(&'t str),
    /// `!Ref`, `!Sub`... or any other `!Name`, which is kept as written.
    Function(Func),
}

impl Builder<'_> {
    pub(super) fn scalar(
        &self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<Node, ImportError> {
        let value = match tag.map(|t| self.tag_meaning(t, span)).transpose()? {
            None if style == ScalarStyle::Plain => resolve_plain(text),
            None => Value::String(text.to_owned()),
            // PyYAML resolves a scalar under the non-specific tag `!` as if it were plain, even
            // when it is quoted: `! "orders"` is the string orders, `! "12"` the number 12.
            Some(TagMeaning::NonSpecific) => resolve_plain(text),
            Some(TagMeaning::Core(suffix)) => self.core_scalar(text, suffix, span)?,
            Some(TagMeaning::Function(func)) => {
                // cfn-lint reads the argument of a tagged scalar as a string, whatever it looks like.
                let arg = Node {
                    value: Value::String(text.to_owned()),
                    span,
                };
                Value::Intrinsic(Box::new(Intrinsic {
                    func,
                    arg,
                    form: Form::Short,
                }))
            }
        };
        Ok(Node { value, span })
    }

    /// What a tag means to CloudFormation, or why the template cannot be read with it.
    ///
    /// PyYAML, which cfn-lint, cfn-flip, the AWS CLI and SAM read templates with, knows the
    /// non-specific tag `!`, the core types of YAML and (through cfn-lint's loader) every
    /// `!Name` tag; it refuses any other tag, and so do we, with its position.
    fn tag_meaning<'t>(&self, tag: &'t Tag, span: Span) -> Result<TagMeaning<'t>, ImportError> {
        if tag.handle.is_empty() && tag.suffix == "!" {
            return Ok(TagMeaning::NonSpecific);
        }
        if tag.is_yaml_core_schema() {
            return if CORE_TAGS.contains(&tag.suffix.as_str()) {
                Ok(TagMeaning::Core(&tag.suffix))
            } else {
                Err(self.error(
                    span.start,
                    format!(
                        "!!{} is not a YAML type that CloudFormation reads; only !!str, !!int, !!float, !!bool, !!null, !!binary, !!timestamp, !!seq and !!map are",
                        tag.suffix
                    ),
                ))
            };
        }
        if tag.handle == "!" {
            return Ok(TagMeaning::Function(Func::from_short(&tag.suffix)));
        }
        Err(self.error(
            span.start,
            format!(
                "the tag !<{}{}> is neither a CloudFormation function nor a YAML type; CloudFormation cannot read it",
                tag.handle, tag.suffix
            ),
        ))
    }

    /// The function a collection's tag names; `None` for no tag, `!` and the core types that
    /// fit a collection of this `kind` (`seq` or `map`).
    pub(super) fn collection_func(
        &self,
        tag: Option<&Tag>,
        span: Span,
        kind: &str,
    ) -> Result<Option<Func>, ImportError> {
        let Some(tag) = tag else {
            return Ok(None);
        };
        match self.tag_meaning(tag, span)? {
            TagMeaning::NonSpecific => Ok(None),
            TagMeaning::Function(func) => Ok(Some(func)),
            TagMeaning::Core(suffix) => {
                let fits = match kind {
                    "seq" => matches!(suffix, "seq" | "omap" | "pairs"),
                    _ => matches!(suffix, "map" | "set"),
                };
                if fits {
                    Ok(None)
                } else {
                    Err(self.error(
                        span.start,
                        format!(
                            "!!{suffix} cannot be the tag of a {}",
                            if kind == "seq" { "list" } else { "mapping" }
                        ),
                    ))
                }
            }
        }
    }

    fn core_scalar(&self, text: &str, suffix: &str, span: Span) -> Result<Value, ImportError> {
        let resolved = resolve_plain(text);
        let ok = match suffix {
            "str" | "binary" | "timestamp" => return Ok(Value::String(text.to_owned())),
            "null" => matches!(resolved, Value::Null),
            "bool" => matches!(resolved, Value::Bool(_)),
            "int" => matches!(&resolved, Value::Number(n) if !n.is_float()),
            "float" => {
                if let Value::Number(n) = &resolved {
                    return Ok(Value::Number(if n.is_float() {
                        n.clone()
                    } else {
                        Number::from_text(format!("{}.0", n.as_str()))
                    }));
                }
                false
            }
            _ => {
                return Err(self.error(
                    span.start,
                    format!("!!{suffix} is the tag of a collection, not of the scalar {text:?}"),
                ));
            }
        };
        if ok {
            Ok(resolved)
        } else {
            Err(self.error(span.start, format!("{text:?} is not a valid !!{suffix}")))
        }
    }
}

/// Wraps a collection in the intrinsic its tag names, if any.
pub(super) fn tagged(value: Value, span: Span, func: Option<Func>) -> Node {
    match func {
        Some(func) => Node {
            value: Value::Intrinsic(Box::new(Intrinsic {
                func,
                arg: Node { value, span },
                form: Form::Short,
            })),
            span,
        },
        None => Node { value, span },
    }
}

/// Turns a one-key mapping such as `{"Fn::Join": [...]}` into its intrinsic function.
pub fn long_form(map: Mapping, span: Span) -> Node {
    let is_function = map.single().is_some_and(|(key, value)| {
        Func::from_long_key(key).is_some_and(|f| f != Func::Condition || value.as_str().is_some())
    });
    if !is_function {
        return Node {
            value: Value::Mapping(map),
            span,
        };
    }
    match map.into_single() {
        Ok((key, entry)) => {
            let func = Func::from_long_key(&key).unwrap_or(Func::Other(key));
            Node {
                value: Value::Intrinsic(Box::new(Intrinsic {
                    func,
                    arg: entry.value,
                    form: Form::Long,
                })),
                span,
            }
        }
        Err(map) => Node {
            value: Value::Mapping(map),
            span,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::yaml_read::tests::read;

    #[test]
    fn reads_short_and_long_forms_alike() {
        let short = read("a: !Select [0, !GetAZs '']\nb: !GetAtt Role.Arn\n");
        let long = read("a: {Fn::Select: [0, {Fn::GetAZs: ''}]}\nb: {Fn::GetAtt: [Role, Arn]}\n");
        assert_eq!(short, long);
        let a = short.get_path(&["a"]).and_then(Node::as_intrinsic).unwrap();
        assert_eq!(a.func, Func::Select);
        assert_eq!(a.form, Form::Short);
    }

    #[test]
    fn tagged_scalars_are_strings() {
        let n = read("a: !Ref 123\nb: !GetAZs\n");
        let a = n.get_path(&["a"]).and_then(Node::as_intrinsic).unwrap();
        assert_eq!(a.arg.as_str(), Some("123"));
        let b = n.get_path(&["b"]).and_then(Node::as_intrinsic).unwrap();
        assert_eq!(b.arg.as_str(), Some(""));
    }
}
