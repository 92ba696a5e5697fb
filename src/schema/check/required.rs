//! `required` and its family (`requiredXor`, `requiredOr`, `dependentRequired`,
//! `dependentExcluded`) on one mapping of a resource's properties.

use std::borrow::Cow;

use crate::cfn::{Mapping, Pos, Severity};

use super::super::shape::Shape;
use super::presence::{Presence, presence};
use super::value::Walk;
use super::{Rule, some_of};

impl Walk<'_, '_> {
    /// `required` and its family, on one mapping.
    pub(super) fn required<'t>(
        &mut self,
        m: &'t Mapping,
        shape: &Shape,
        pos: Option<Pos>,
        path: &mut Vec<Cow<'t, str>>,
    ) {
        let conditions = self.conditions;
        let presence = |name: &str| {
            m.get(name)
                .map_or(Presence::Absent, |v| presence(conditions, v))
        };
        let owner = self.owner(path);
        let missing: Vec<&str> = shape
            .required
            .iter()
            .map(String::as_str)
            .filter(|n| presence(n) != Presence::Present)
            .collect();
        for name in missing {
            let when = if m.contains_key(name) {
                " (it is AWS::NoValue under some condition)"
            } else {
                ""
            };
            path.push(Cow::Owned(name.to_owned()));
            self.push(
                Rule::Required,
                Severity::Error,
                pos,
                path,
                format!("{owner} needs the property {name}{when}"),
            );
            path.pop();
        }
        if !shape.required_xor.is_empty() {
            let names = &shape.required_xor;
            let present: Vec<&String> = names
                .iter()
                .filter(|n| presence(n) == Presence::Present)
                .collect();
            let possible = names.iter().any(|n| presence(n) != Presence::Absent);
            let all = some_of(names.iter().map(String::as_str), 8);
            if present.len() > 1 {
                for name in present {
                    let key_pos = m.entry(name).map(|e| e.key_span.start);
                    path.push(Cow::Owned(name.clone()));
                    self.push(
                        Rule::RequiredXor,
                        Severity::Warning,
                        key_pos,
                        path,
                        format!("{owner} takes only one of {all}, not {name} as well as another"),
                    );
                    path.pop();
                }
            } else if !possible {
                self.push(
                    Rule::RequiredXor,
                    Severity::Warning,
                    pos,
                    path,
                    format!("{owner} needs one of {all}"),
                );
            }
        }
        if !shape.required_or.is_empty()
            && shape
                .required_or
                .iter()
                .all(|n| presence(n) == Presence::Absent)
        {
            let all = some_of(shape.required_or.iter().map(String::as_str), 8);
            self.push(
                Rule::RequiredOr,
                Severity::Warning,
                pos,
                path,
                format!("{owner} needs at least one of {all}"),
            );
        }
        for (name, needs) in &shape.dependent_required {
            if presence(name) != Presence::Present {
                continue;
            }
            for need in needs.iter().filter(|n| presence(n) != Presence::Present) {
                self.push(
                    Rule::DependentRequired,
                    Severity::Warning,
                    pos,
                    path,
                    format!("{owner} sets {name}, which needs {need} as well"),
                );
            }
        }
        for (name, excluded) in &shape.dependent_excluded {
            if presence(name) != Presence::Present {
                continue;
            }
            for other in excluded.iter().filter(|n| presence(n) == Presence::Present) {
                let key_pos = m.entry(other).map(|e| e.key_span.start);
                path.push(Cow::Owned(other.clone()));
                self.push(
                    Rule::DependentExcluded,
                    Severity::Warning,
                    key_pos,
                    path,
                    format!("{owner} sets {name}, which excludes {other}"),
                );
                path.pop();
            }
        }
    }
}
