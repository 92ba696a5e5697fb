//! What counts as the same value: the written form of a template does not change what it
//! deploys, so the comparison looks through it.
//!
//! - Short and long form of an intrinsic, and `!GetAtt A.B` against `!GetAtt [A, B]`;
//! - key order in mappings;
//! - a number, a boolean and the string CloudFormation passes for it (`5` and `"5"`,
//!   `true` and `"true"`): CloudFormation hands every scalar to the resource provider as text;
//! - `!Sub "text"` without variables against the plain string, and `!Sub [text, {}]` against
//!   `!Sub text`;
//! - `DependsOn: A` against `DependsOn: [A]`, in any order.

use crate::cfn::SubPart;
use crate::cfn::{Func, Node, Value, parse_sub};

/// Whether two values deploy the same.
pub fn same(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, va)| y.get(k).is_some_and(|vb| same(va, vb)))
        }
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Intrinsic(x), Value::Intrinsic(y)) => {
            if x.func != y.func {
                return false;
            }
            if x.func == Func::Sub {
                return sub_parts(&x.arg) == sub_parts(&y.arg)
                    && same_opt(sub_vars(&x.arg), sub_vars(&y.arg));
            }
            match (x.get_att(), y.get_att()) {
                (Some(p), Some(q)) => p == q,
                _ => same(&x.arg, &y.arg),
            }
        }
        (Value::Intrinsic(f), _) | (_, Value::Intrinsic(f)) if f.func == Func::Sub => {
            // `!Sub "plain"` is the plain string.
            let (sub, plain) = if matches!(a.value, Value::Intrinsic(_)) {
                (a, b)
            } else {
                (b, a)
            };
            let Value::Intrinsic(f) = &sub.value else {
                return false;
            };
            let vars_empty = sub_vars(&f.arg).is_none_or(|m| match &m.value {
                Value::Mapping(m) => m.is_empty(),
                _ => false,
            });
            match (sub_parts(&f.arg), scalar_text(plain)) {
                (Some(parts), Some(text)) => {
                    vars_empty
                        && parts.iter().all(|p| matches!(p, SubPart::Text(_)))
                        && parts
                            .iter()
                            .map(|p| match p {
                                SubPart::Text(t) => t.as_str(),
                                _ => "",
                            })
                            .collect::<String>()
                            == text
                }
                _ => false,
            }
        }
        _ => match (scalar_text(a), scalar_text(b)) {
            (Some(x), Some(y)) => x == y || numbers_equal(a, b),
            _ => a == b,
        },
    }
}

fn same_opt(a: Option<&Node>, b: Option<&Node>) -> bool {
    let empty =
        |n: Option<&Node>| n.is_none_or(|n| matches!(&n.value, Value::Mapping(m) if m.is_empty()));
    match (a, b) {
        (Some(x), Some(y)) => same(x, y),
        _ => empty(a) && empty(b),
    }
}

/// The text CloudFormation hands over for a scalar; `None` for collections, intrinsics and
/// null.
pub fn scalar_text(n: &Node) -> Option<String> {
    match &n.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(x) => Some(x.as_str().to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn numbers_equal(a: &Node, b: &Node) -> bool {
    let num = |n: &Node| match &n.value {
        Value::Number(x) => x.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    // Only a number against a number or its text: two strings compare as text.
    let one_is_number = matches!(a.value, Value::Number(_)) || matches!(b.value, Value::Number(_));
    #[expect(
        clippy::float_cmp,
        reason = "the same number written two ways is exactly equal"
    )]
    let equal = matches!((num(a), num(b)), (Some(x), Some(y)) if x == y);
    one_is_number && equal
}

/// The parsed string of a `Fn::Sub` argument (`"text"` or `["text", {vars}]`).
fn sub_parts(arg: &Node) -> Option<Vec<SubPart>> {
    match &arg.value {
        Value::String(s) => Some(parse_sub(s)),
        Value::Sequence(items) => items.first()?.as_str().map(parse_sub),
        _ => None,
    }
}

/// The variables mapping of a `Fn::Sub` argument, if it has one.
fn sub_vars(arg: &Node) -> Option<&Node> {
    match &arg.value {
        Value::Sequence(items) => items.get(1),
        _ => None,
    }
}

/// `DependsOn` as a sorted list of names, whether written as a string or a list.
pub fn depends_on(n: Option<&Node>) -> Vec<String> {
    let mut v: Vec<String> = match n.map(|n| &n.value) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    v.sort();
    v.dedup();
    v
}

/// Whether two values surely differ once deployed. `false` means they may still be equal:
/// one side, or the place where they differ, is only known at deploy time (a parameter, an
/// attribute, a condition, an import).
///
/// `is_resource(side, name)` says whether `name` is a resource of the old (`false`) or the new
/// (`true`) template: two references to different resources surely differ.
pub fn surely_differ(a: &Node, b: &Node, is_resource: &dyn Fn(bool, &str) -> bool) -> bool {
    if same(a, b) {
        return false;
    }
    match (&a.value, &b.value) {
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() != y.len()
                || x.keys().any(|k| y.get(k).is_none())
                || x.iter().any(|(k, va)| {
                    y.get(k)
                        .is_some_and(|vb| surely_differ(va, vb, is_resource))
                })
        }
        (Value::Sequence(x), Value::Sequence(y)) => {
            let conditional = |items: &[Node]| items.iter().any(|i| is_func(i, &Func::If));
            if x.len() != y.len() {
                return !conditional(x) && !conditional(y);
            }
            x.iter()
                .zip(y)
                .any(|(p, q)| surely_differ(p, q, is_resource))
        }
        (Value::Intrinsic(x), Value::Intrinsic(y)) if x.func == y.func => match x.func {
            Func::Ref => match (x.arg.as_str(), y.arg.as_str()) {
                (Some(p), Some(q)) => is_resource(false, p) && is_resource(true, q),
                _ => false,
            },
            Func::GetAtt => match (x.get_att(), y.get_att()) {
                (Some(p), Some(q)) => {
                    let (pr, qr) = (get_att_resource(&p), get_att_resource(&q));
                    pr != qr
                        && pr.is_some_and(|r| is_resource(false, r))
                        && qr.is_some_and(|r| is_resource(true, r))
                }
                _ => false,
            },
            Func::Sub => match (sub_parts(&x.arg), sub_parts(&y.arg)) {
                (Some(p), Some(q)) => literal_ends_differ(&p, &q),
                _ => false,
            },
            _ => false,
        },
        (Value::Intrinsic(_), _) | (_, Value::Intrinsic(_)) => false,
        // Scalars of different texts, null, or a scalar against a collection.
        _ => true,
    }
}

/// Whether two `Fn::Sub` strings surely differ: both all text and different, or their literal
/// beginnings (or endings) disagree, so no values of the variables can make them equal.
fn literal_ends_differ(p: &[SubPart], q: &[SubPart]) -> bool {
    let all_text = |v: &[SubPart]| v.iter().all(|s| matches!(s, SubPart::Text(_)));
    if all_text(p) && all_text(q) {
        return true;
    }
    let text = |s: Option<&SubPart>| match s {
        Some(SubPart::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let (p0, q0) = (text(p.first()), text(q.first()));
    let (p1, q1) = (text(p.last()), text(q.last()));
    !(p0.starts_with(&q0) || q0.starts_with(&p0)) || !(p1.ends_with(&q1) || q1.ends_with(&p1))
}

fn is_func(n: &Node, func: &Func) -> bool {
    n.as_intrinsic().is_some_and(|f| &f.func == func)
}

fn get_att_resource<'a>(g: &crate::cfn::GetAtt<'a>) -> Option<&'a str> {
    match g {
        crate::cfn::GetAtt::Named { resource, .. } => Some(resource),
        crate::cfn::GetAtt::Computed { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::{Format, import};

    fn value(text: &str) -> Node {
        let t = import(
            format!("V: {text}\n").as_bytes(),
            "t.yaml",
            Some(Format::Yaml),
        )
        .unwrap()
        .template;
        t.root().get("V").unwrap().clone()
    }

    #[test]
    fn the_written_form_does_not_count() {
        assert!(same(
            &value("!GetAtt A.Arn"),
            &value("{Fn::GetAtt: [A, Arn]}")
        ));
        assert!(same(&value("!Ref X"), &value("{Ref: X}")));
        assert!(same(&value("{a: 1, b: 2}"), &value("{b: 2, a: 1}")));
        assert!(same(&value("5"), &value("'5'")));
        assert!(same(&value("true"), &value("'true'")));
        assert!(same(&value("!Sub plain"), &value("plain")));
        assert!(same(&value("!Sub ['x-${A}', {}]"), &value("!Sub x-${A}")));
        assert!(!same(&value("!Sub x-${A}"), &value("x-${A}")));
        assert!(!same(&value("[a, b]"), &value("[b, a]")));
        assert!(!same(&value("'05'"), &value("'5'")));
        assert_eq!(
            depends_on(Some(&value("B"))),
            depends_on(Some(&value("[B]")))
        );
    }

    #[test]
    fn what_is_only_known_at_deploy_time_may_be_equal() {
        let resources = |_: bool, n: &str| n.starts_with('R');
        assert!(surely_differ(&value("a"), &value("b"), &resources));
        assert!(surely_differ(
            &value("!Ref R1"),
            &value("!Ref R2"),
            &resources
        ));
        assert!(!surely_differ(
            &value("!Ref P1"),
            &value("!Ref P2"),
            &resources
        ));
        assert!(!surely_differ(&value("a"), &value("!Ref P"), &resources));
        assert!(surely_differ(
            &value("{k: a}"),
            &value("{k: b}"),
            &resources
        ));
        assert!(!surely_differ(
            &value("{k: !Ref P}"),
            &value("{k: b}"),
            &resources
        ));
        assert!(surely_differ(
            &value("!Sub a"),
            &value("!Sub b"),
            &resources
        ));
        assert!(surely_differ(
            &value("!Sub a-${P}"),
            &value("!Sub b-${P}"),
            &resources
        ));
        assert!(!surely_differ(
            &value("!Sub a-${P}"),
            &value("!Sub a-${Q}"),
            &resources
        ));
        assert!(!surely_differ(
            &value("!Sub ${P}-x"),
            &value("!Sub ${Q}-x"),
            &resources
        ));
    }
}
