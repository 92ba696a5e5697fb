//! Parsing of `Fn::Sub` template strings into text and `${...}` references.

/// One piece of a `Fn::Sub` string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubPart {
    /// Literal text, copied as is.
    Text(String),
    /// `${Name}`: a parameter, resource, pseudo parameter or variable.
    Ref(String),
    /// `${Resource.Attribute}`: an attribute of a resource.
    GetAtt {
        /// Logical ID of the resource.
        resource: String,
        /// Attribute name; may itself contain dots.
        attribute: String,
    },
    /// `${!Literal}`: written out as `${Literal}`, not a reference.
    Escaped(String),
}

impl SubPart {
    /// The name this part refers to (the resource for `GetAtt`), if it is a reference.
    ///
    /// Spaces around the name do not count: cfn-lint reads `${ Name }` as `${Name}`. The
    /// parts keep them, so that a string splits and joins back into itself.
    pub fn target(&self) -> Option<&str> {
        match self {
            SubPart::Ref(name) => Some(name.trim()),
            SubPart::GetAtt { resource, .. } => Some(resource.trim()),
            SubPart::Text(_) | SubPart::Escaped(_) => None,
        }
    }
}

/// Splits a `Fn::Sub` string into its parts.
///
/// `${X}` and `${X.Attr}` are references, `${!X}` is the literal text `${X}`, and a `${`
/// without a closing `}` is plain text, as CloudFormation treats it.
pub fn parse_sub(template: &str) -> Vec<SubPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start + 2..].find('}') else {
            break;
        };
        text.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + 2 + len];
        rest = &rest[start + 3 + len..];
        if let Some(literal) = inner.strip_prefix('!') {
            flush(&mut parts, &mut text);
            parts.push(SubPart::Escaped(literal.to_owned()));
            continue;
        }
        flush(&mut parts, &mut text);
        match inner.split_once('.') {
            Some((resource, attribute)) if !inner.contains("::") => parts.push(SubPart::GetAtt {
                resource: resource.to_owned(),
                attribute: attribute.to_owned(),
            }),
            _ => parts.push(SubPart::Ref(inner.to_owned())),
        }
    }
    text.push_str(rest);
    flush(&mut parts, &mut text);
    parts
}

/// Writes parts back into a `Fn::Sub` string; the inverse of [`parse_sub`].
pub fn unparse_sub(parts: &[SubPart]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            SubPart::Text(t) => out.push_str(t),
            SubPart::Ref(name) => {
                out.push_str("${");
                out.push_str(name);
                out.push('}');
            }
            SubPart::GetAtt {
                resource,
                attribute,
            } => {
                out.push_str("${");
                out.push_str(resource);
                out.push('.');
                out.push_str(attribute);
                out.push('}');
            }
            SubPart::Escaped(lit) => {
                out.push_str("${!");
                out.push_str(lit);
                out.push('}');
            }
        }
    }
    out
}

fn flush(parts: &mut Vec<SubPart>, text: &mut String) {
    if !text.is_empty() {
        parts.push(SubPart::Text(std::mem::take(text)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_refs_getatts_and_literals() {
        let parts = parse_sub("arn:${AWS::Partition}:s3:::${Bucket}/${Role.Arn}-${!Literal}");
        assert_eq!(
            parts,
            vec![
                SubPart::Text("arn:".into()),
                SubPart::Ref("AWS::Partition".into()),
                SubPart::Text(":s3:::".into()),
                SubPart::Ref("Bucket".into()),
                SubPart::Text("/".into()),
                SubPart::GetAtt {
                    resource: "Role".into(),
                    attribute: "Arn".into()
                },
                SubPart::Text("-".into()),
                SubPart::Escaped("Literal".into()),
            ]
        );
    }

    #[test]
    fn unclosed_reference_is_text() {
        assert_eq!(parse_sub("a ${b"), vec![SubPart::Text("a ${b".into())]);
        assert_eq!(parse_sub(""), vec![]);
    }

    #[test]
    fn round_trips_through_unparse() {
        for s in [
            "plain",
            "${A}${B.C.D}",
            "x${!y}z",
            "${AWS::Region}.amazonaws.com",
            "a ${b",
            "$ {x}",
            "${}",
        ] {
            assert_eq!(unparse_sub(&parse_sub(s)), s);
        }
    }
}
