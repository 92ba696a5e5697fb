//! Editing values in the inspector and the template panel: text, number and boolean fields,
//! drop-downs for known enums, and YAML snippets (with short-form tags) for everything else,
//! validated as you type.

use egui::RichText;

use crate::cfn::{Node, Number, Value, read_yaml, write_yaml_value};
use crate::scene::Theme;
use crate::ui::theme;

/// Values some properties take, offered in a drop-down.
pub const KNOWN_ENUMS: &[(&str, &[&str])] = &[
    (
        "Runtime",
        &[
            "python3.13",
            "python3.12",
            "python3.11",
            "nodejs22.x",
            "nodejs20.x",
            "java21",
            "java17",
            "dotnet8",
            "ruby3.3",
            "provided.al2023",
        ],
    ),
    (
        "InstanceType",
        &[
            "t3.nano",
            "t3.micro",
            "t3.small",
            "t3.medium",
            "t3.large",
            "t4g.micro",
            "t4g.small",
            "m7i.large",
            "m7g.large",
            "c7i.large",
            "r7i.large",
        ],
    ),
    ("BillingMode", &["PAY_PER_REQUEST", "PROVISIONED"]),
    (
        "DeletionPolicy",
        &["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"],
    ),
    ("UpdateReplacePolicy", &["Delete", "Retain", "Snapshot"]),
    ("Type", &["application", "network", "gateway"]),
    (
        "Engine",
        &[
            "mysql",
            "postgres",
            "mariadb",
            "aurora-mysql",
            "aurora-postgresql",
        ],
    ),
];

/// A value being edited: which value, and the text typed so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditBuffer {
    /// Identifies the value (resource and path, or section and key).
    pub target: String,
    /// The text.
    pub text: String,
    /// Whether this is a YAML snippet (else a one-line field).
    pub snippet: bool,
}

/// What the user did with a value.
pub enum ValueChange {
    /// Nothing.
    None,
    /// Set this value.
    Set(Node),
}

/// Parses a YAML snippet into a value; `Err` says what is wrong and where.
pub fn parse_snippet(text: &str) -> Result<Node, String> {
    if text.trim().is_empty() {
        return Err("empty".to_owned());
    }
    read_yaml(text, "snippet").map(|d| d.root).map_err(|e| {
        let d = e.diagnostic();
        match d.pos {
            Some(p) => format!("line {}, column {}: {}", p.line, p.column, d.message),
            None => d.message.clone(),
        }
    })
}

/// One editable value: `key` `[field]`, or a snippet editor for complex values.
pub fn edit_value_ui(
    ui: &mut egui::Ui,
    buffer: &mut Option<EditBuffer>,
    target: &str,
    key: &str,
    node: &Node,
    theme_kind: Theme,
) -> ValueChange {
    let editing = buffer.as_ref().is_some_and(|b| b.target == target);
    let scalar = matches!(
        node.value,
        Value::String(_) | Value::Number(_) | Value::Bool(_)
    );
    let mut change = ValueChange::None;
    if !scalar && !editing {
        // The caller shows complex values (with their links); offer the snippet editor.
        if ui
            .small_button(format!("Edit {key}"))
            .on_hover_text("Edit as YAML")
            .clicked()
        {
            *buffer = Some(EditBuffer {
                target: target.to_owned(),
                text: write_yaml_value(node),
                snippet: true,
            });
        }
        return change;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(key).strong());
        if let (Value::Bool(b), false) = (&node.value, editing) {
            let mut v = *b;
            if ui.checkbox(&mut v, "").on_hover_text(key).changed() {
                change = ValueChange::Set(Node::new(Value::Bool(v)));
            }
            return;
        }
        if let (Some((_, options)), Value::String(current)) =
            (KNOWN_ENUMS.iter().find(|(k, _)| *k == key), &node.value)
        {
            let mut chosen = current.clone();
            egui::ComboBox::new(("enum", target), format!("{key} options"))
                .selected_text(current.as_str())
                .show_ui(ui, |ui| {
                    for o in *options {
                        ui.selectable_value(&mut chosen, (*o).to_owned(), *o);
                    }
                });
            if chosen != *current {
                change = ValueChange::Set(Node::string(chosen));
            }
            return;
        }
        if scalar && !editing {
            let mut text = match &node.value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.as_str().to_owned(),
                _ => String::new(),
            };
            let r = ui
                .add(egui::TextEdit::singleline(&mut text).desired_width(200.0))
                .accessible_name(key);
            if r.changed() {
                *buffer = Some(EditBuffer {
                    target: target.to_owned(),
                    text,
                    snippet: false,
                });
            }
        }
    });
    if let Some(b) = buffer.as_mut().filter(|b| b.target == target) {
        if b.snippet {
            ui.add(
                egui::TextEdit::multiline(&mut b.text)
                    .code_editor()
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .accessible_name(format!("{key} YAML"));
            let parsed = parse_snippet(&b.text);
            if let Err(e) = &parsed {
                ui.label(RichText::new(e).color(theme::error_text(theme_kind)));
            }
            let mut cancel = false;
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(parsed.is_ok(), egui::Button::new("Apply"))
                    .clicked()
                    && let Ok(v) = parse_snippet(&b.text)
                {
                    change = ValueChange::Set(v);
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
            if cancel {
                *buffer = None;
                return change;
            }
        } else {
            let r = ui
                .add(egui::TextEdit::singleline(&mut b.text).desired_width(240.0))
                .accessible_name(format!("{key} value"));
            r.request_focus();
            if r.lost_focus() {
                let kept_number = matches!(node.value, Value::Number(_))
                    && (b.text.parse::<i64>().is_ok()
                        || b.text.parse::<f64>().is_ok_and(f64::is_finite));
                let value = if kept_number {
                    Node::new(Value::Number(Number::from_text(b.text.trim())))
                } else {
                    Node::string(b.text.clone())
                };
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    *buffer = None;
                } else {
                    change = ValueChange::Set(value);
                }
            }
        }
    }
    if matches!(change, ValueChange::Set(_)) {
        *buffer = None;
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_parse_with_tags_or_say_where_they_fail() {
        let n = parse_snippet("!Ref Vpc").unwrap();
        assert_eq!(n.as_intrinsic().and_then(|f| f.ref_target()), Some("Vpc"));
        let n = parse_snippet("- !GetAtt A.Arn\n- b\n").unwrap();
        assert_eq!(n.as_sequence().map(<[Node]>::len), Some(2));
        let e = parse_snippet("a: [1, 2").unwrap_err();
        assert!(e.starts_with("line "), "{e}");
        assert!(parse_snippet("  ").is_err());
    }
}
