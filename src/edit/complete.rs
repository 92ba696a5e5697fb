//! Completing a reference as it is typed: `!GetAtt Ro` offers the resources, `!GetAtt Role.`
//! the attributes Role's type has (from the resource schemas), `!Ref Qu` the resources,
//! parameters and pseudo parameters. The reference is the end of the text typed so far, so
//! that the same completion serves a one-line field and a YAML snippet.

use crate::cfn::{PSEUDO_PARAMETERS, Template};

/// One way to finish what was typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows: `Arn`, `Role`, `AWS::Region`.
    pub label: String,
    /// The whole text with this completion in place of the partial reference.
    pub text: String,
    /// Whether the text is a whole reference (`!GetAtt Role.Arn`), as opposed to one that
    /// goes on (`!GetAtt Role.`, which still needs its attribute).
    pub complete: bool,
}

/// The completions of the reference at the end of `text`, in template order (attributes in
/// the schema's order), those that start with what was typed first, then those that merely
/// contain it; at most `max`. Nothing when the text does not end in a `!GetAtt` or `!Ref`.
pub fn complete_reference(template: &Template, text: &str, max: usize) -> Vec<Completion> {
    let Some((head, func, partial)) = split_tail(text) else {
        return Vec::new();
    };
    let mut candidates: Vec<(String, String, bool)> = Vec::new();
    match (func, partial.split_once('.')) {
        ("GetAtt", Some((resource, attribute))) => {
            let Some(r) = template.resource(resource) else {
                return Vec::new();
            };
            let Some(schema) = crate::schema::lookup(r.type_name()) else {
                return Vec::new();
            };
            for a in schema.attributes().iter().filter(|a| !a.is_regex) {
                candidates.push((
                    a.name.clone(),
                    format!("{head}!GetAtt {resource}.{}", a.name),
                    true,
                ));
            }
            return ranked(candidates, attribute, max);
        }
        ("GetAtt", None) => {
            for r in template.resources() {
                let has_attributes = crate::schema::lookup(r.type_name())
                    .is_some_and(|s| !s.attributes().is_empty());
                if has_attributes {
                    candidates.push((
                        r.logical_id.to_owned(),
                        format!("{head}!GetAtt {}.", r.logical_id),
                        false,
                    ));
                }
            }
        }
        _ => {
            let parameters = template
                .section_mapping("Parameters")
                .into_iter()
                .flat_map(|p| p.keys());
            let resources = template.resources().map(|r| r.logical_id);
            for name in parameters
                .chain(resources)
                .chain(PSEUDO_PARAMETERS.iter().copied())
            {
                candidates.push((name.to_owned(), format!("{head}!Ref {name}"), true));
            }
        }
    }
    ranked(candidates, partial, max)
}

/// Whether `text` ends in a reference that is not finished: one that completions would
/// change, none of them being exactly what is there. A field holding one keeps it instead
/// of committing it.
pub fn is_unfinished_reference(template: &Template, text: &str) -> bool {
    let options = complete_reference(template, text.trim_end(), usize::MAX);
    !options.is_empty()
        && !options
            .iter()
            .any(|c| c.complete && c.text == text.trim_end())
}

/// The text before the reference, the function (`GetAtt` or `Ref`) and what is typed of its
/// argument, when `text` ends with `!GetAtt X.y` or `!Ref X`.
fn split_tail(text: &str) -> Option<(&str, &'static str, &str)> {
    let (at, func) = [("!GetAtt ", "GetAtt"), ("!Ref ", "Ref")]
        .into_iter()
        .filter_map(|(tag, func)| text.rfind(tag).map(|i| (i, tag, func)))
        .max_by_key(|(i, _, _)| *i)
        .map(|(i, tag, func)| ((i, tag.len()), func))?;
    let partial = text.get(at.0 + at.1..)?.trim_start();
    let name_chars = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == ':';
    if !partial.chars().all(name_chars) {
        return None;
    }
    // A tag in the middle of a word (`x!Ref`) is no tag.
    let head = &text[..at.0];
    if head
        .chars()
        .last()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '[' | ',' | '-' | ':' | '{'))
    {
        return None;
    }
    Some((head, func, partial))
}

fn ranked(candidates: Vec<(String, String, bool)>, typed: &str, max: usize) -> Vec<Completion> {
    let typed = typed.to_lowercase();
    let (mut starts, mut contains): (Vec<Completion>, Vec<Completion>) = (Vec::new(), Vec::new());
    for (label, text, complete) in candidates {
        let lower = label.to_lowercase();
        let c = Completion {
            label,
            text,
            complete,
        };
        if lower.starts_with(&typed) {
            starts.push(c);
        } else if lower.contains(&typed) {
            contains.push(c);
        }
    }
    starts.extend(contains);
    starts.dedup_by(|a, b| a.text == b.text);
    starts.truncate(max);
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    fn template() -> Template {
        import_text(
            concat!(
                "Parameters:\n  Stage: {Type: String}\n",
                "Resources:\n",
                "  Role:\n    Type: AWS::IAM::Role\n",
                "  Queue:\n    Type: AWS::SQS::Queue\n",
                "  Thing:\n    Type: Vendor::Some::Thing\n",
            ),
            "t.yaml",
            None,
            false,
        )
        .unwrap()
        .template
    }

    fn labels(c: &[Completion]) -> Vec<&str> {
        c.iter().map(|c| c.label.as_str()).collect()
    }

    #[test]
    fn getatt_lists_the_attributes_of_the_resources_type() {
        let t = template();
        let c = complete_reference(&t, "!GetAtt Role.", 20);
        assert_eq!(labels(&c), ["Arn", "RoleId"]);
        assert_eq!(c[0].text, "!GetAtt Role.Arn");
        assert!(c[0].complete);
        let c = complete_reference(&t, "!GetAtt Queue.ar", 20);
        assert_eq!(
            labels(&c),
            ["Arn", "RedrivePolicy.deadLetterTargetArn"],
            "what is typed filters, in any case, those that start with it first"
        );
        assert_eq!(c[0].text, "!GetAtt Queue.Arn");
        // Inside a snippet, the text before the reference is kept.
        let c = complete_reference(&t, "Value:\n  - !GetAtt Queue.Q", 20);
        assert_eq!(labels(&c)[..2], ["QueueName", "QueueUrl"]);
        assert_eq!(c[1].text, "Value:\n  - !GetAtt Queue.QueueUrl");
        assert!(complete_reference(&t, "!GetAtt Nothing.", 20).is_empty());
    }

    #[test]
    fn getatt_and_ref_offer_the_names_of_the_template() {
        let t = template();
        let c = complete_reference(&t, "!GetAtt ", 20);
        // The schemas do not know a third party's type, so it has no attributes to offer.
        assert_eq!(labels(&c), ["Role", "Queue"]);
        assert_eq!(c[0].text, "!GetAtt Role.");
        assert!(!c[0].complete, "the attribute is still to come");
        let c = complete_reference(&t, "!Ref st", 20);
        assert_eq!(labels(&c), ["Stage", "AWS::StackId", "AWS::StackName"]);
        assert!(complete_reference(&t, "plain text", 20).is_empty());
        assert!(complete_reference(&t, "a!Ref Qu", 20).is_empty());
        assert!(complete_reference(&t, "!Ref Queue and more", 20).is_empty());
    }

    #[test]
    fn an_unfinished_reference_is_told_from_a_whole_one() {
        let t = template();
        assert!(is_unfinished_reference(&t, "!GetAtt Role."));
        assert!(is_unfinished_reference(&t, "!GetAtt Ro"));
        assert!(!is_unfinished_reference(&t, "!GetAtt Role.Arn"));
        assert!(!is_unfinished_reference(&t, "!Ref Queue"));
        assert!(
            !is_unfinished_reference(&t, "!GetAtt Ghost.Arn"),
            "nothing to offer"
        );
        assert!(!is_unfinished_reference(&t, "just text"));
    }
}
