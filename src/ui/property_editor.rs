//! Editing values in the inspector and the template panel: text, number and boolean fields,
//! drop-downs for known enums, and YAML snippets (with short-form tags) for everything else,
//! validated as you type.
//!
//! A field shows the document's value unless the user is typing in it. What is typed is kept
//! in one [`EditBuffer`] and committed, as one edit, on Enter (Ctrl+Enter in a snippet, where
//! Enter is a line break), on Tab and on a click elsewhere; Escape drops it. A commit the
//! field cannot read (a number field holding text) is refused with an error and the field
//! shows the document's value again.

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use super::known_enums::KNOWN_ENUMS;
use crate::cfn::Template;
use crate::cfn::{Node, Number, Value, read_yaml, write_yaml_value};
use crate::edit::Edit;
use crate::scene::Theme;
use crate::schema::TypeSchema;
use crate::ui::theme;

/// What a field knows beyond its value: colours, the template (for completions) and the
/// schema of the resource it belongs to (for the checks as you type).
#[derive(Clone, Copy)]
pub struct FieldHelp<'a> {
    /// Colours.
    pub theme: Theme,
    /// The template, whose resources and parameters references are completed from.
    pub template: Option<&'a Template>,
    /// The schema of the resource whose values the fields edit.
    pub schema: Option<&'a TypeSchema>,
}

/// Which value a field edits, and so which edit committing it makes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldTarget {
    /// A value inside a resource, by the keys from the resource's mapping down
    /// (`["Properties", "Handler"]`).
    Resource {
        /// The resource.
        logical_id: String,
        /// Keys from the resource's mapping down.
        path: Vec<String>,
    },
    /// An entry of a top-level section (`Outputs`, `Parameters`...).
    Section {
        /// The section.
        section: String,
        /// The entry's name.
        key: String,
    },
}

impl FieldTarget {
    /// The edit that sets this value to `value`.
    pub fn edit(&self, value: Node) -> Edit {
        match self {
            FieldTarget::Resource { logical_id, path } => Edit::SetValue {
                logical_id: logical_id.clone(),
                path: path.clone(),
                value: Some(value),
            },
            FieldTarget::Section { section, key } => Edit::SetSectionEntry {
                section: section.clone(),
                key: key.clone(),
                value: Some(value),
            },
        }
    }

    /// Where the value is, for messages: `IngestFunction.Properties.Timeout`.
    pub fn label(&self) -> String {
        match self {
            FieldTarget::Resource { logical_id, path } => {
                format!("{logical_id}.{}", path.join("."))
            }
            FieldTarget::Section { section, key } => format!("{section}.{key}"),
        }
    }
}

/// How a field's text becomes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Any text, saved as a string.
    Text,
    /// A number, written as JSON writes one.
    Number,
    /// A YAML snippet with short-form tags.
    Snippet,
}

/// A value being edited: which value, the text the document held, and the text typed so far.
#[derive(Clone, Debug, PartialEq)]
pub struct EditBuffer {
    /// The value.
    pub target: FieldTarget,
    /// How the text is read.
    pub kind: FieldKind,
    /// The value's text when editing started.
    pub original: String,
    /// The text typed so far.
    pub text: String,
    /// Whether the field was drawn this frame. The app commits a buffer whose field went
    /// away (another resource was selected), so that nothing typed is left behind.
    pub seen: bool,
}

impl EditBuffer {
    /// Starts editing `target`, whose value reads `original`.
    pub fn new(target: FieldTarget, kind: FieldKind, original: String) -> Self {
        Self {
            target,
            kind,
            text: original.clone(),
            original,
            seen: true,
        }
    }

    /// The value the text stands for; `Ok(None)` when it is the text the document held.
    pub fn value(&self) -> Result<Option<Node>, ValueError> {
        if self.text == self.original {
            return Ok(None);
        }
        match self.kind {
            FieldKind::Text => Ok(Some(
                tagged(&self.text).unwrap_or_else(|| Node::string(self.text.clone())),
            )),
            FieldKind::Number => parse_number(&self.text)
                .map(|n| Some(Node::new(Value::Number(n))))
                .ok_or_else(|| ValueError::NotANumber(self.text.trim().to_owned())),
            FieldKind::Snippet => parse_snippet(&self.text).map(Some),
        }
    }

    /// What committing the text does.
    pub fn commit(&self) -> FieldChange {
        match self.value() {
            Ok(Some(value)) => FieldChange::Commit(self.target.edit(value)),
            Ok(None) => FieldChange::None,
            Err(source) => FieldChange::Refused(FieldRefused {
                field: self.target.label(),
                source,
            }),
        }
    }
}

/// What the user did with a field.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldChange {
    /// Nothing to apply.
    None,
    /// Apply this edit, as one undo step.
    Commit(Edit),
    /// The text could not be read as the field's kind of value; show this error.
    Refused(FieldRefused),
    /// Ctrl+Z in a field with nothing typed: undo the last document edit.
    Undo,
    /// Ctrl+Shift+Z or Ctrl+Y in a field with nothing typed.
    Redo,
}

/// The commits and errors of one frame's fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldResults {
    /// Edits to apply, each one undo step.
    pub edits: Vec<Edit>,
    /// Refused commits, to show.
    pub errors: Vec<FieldRefused>,
    /// Whether to undo (or, with `Some(false)`, redo) the last step.
    pub undo: Option<bool>,
}

impl FieldResults {
    /// Adds what one field did.
    pub fn push(&mut self, change: FieldChange) {
        match change {
            FieldChange::None => {}
            FieldChange::Commit(edit) => self.edits.push(edit),
            FieldChange::Refused(e) => self.errors.push(e),
            FieldChange::Undo => self.undo = Some(true),
            FieldChange::Redo => self.undo = Some(false),
        }
    }

    /// Adds another panel's results.
    pub fn extend(&mut self, other: FieldResults) {
        self.edits.extend(other.edits);
        self.errors.extend(other.errors);
        self.undo = self.undo.or(other.undo);
    }
}

/// Reads `text` (trimmed) as a number written the way JSON writes one (`-12`, `0.5`, `1e3`),
/// so that it saves the same in YAML and JSON.
pub fn parse_number(text: &str) -> Option<Number> {
    fn digits(s: &str) -> (&str, &str) {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        s.split_at(end)
    }
    let t = text.trim();
    let (int, rest) = digits(t.strip_prefix('-').unwrap_or(t));
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    let rest = match rest.strip_prefix('.') {
        Some(r) => {
            let (fraction, r) = digits(r);
            if fraction.is_empty() {
                return None;
            }
            r
        }
        None => rest,
    };
    let rest = match rest.strip_prefix(['e', 'E']) {
        Some(r) => {
            let (exponent, r) = digits(r.strip_prefix(['+', '-']).unwrap_or(r));
            if exponent.is_empty() {
                return None;
            }
            r
        }
        None => rest,
    };
    rest.is_empty().then(|| Number::from_text(t))
}

/// Why a field's text is not a value of its kind.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// A number field holds something else.
    #[error("{0:?} is not a number")]
    NotANumber(String),
    /// A YAML field is empty.
    #[error("empty")]
    Empty,
    /// A YAML field does not parse, at this line and column (of the field's text).
    #[error("{}{message}", .pos.map(|p| format!("line {}, column {}: ", p.line, p.column)).unwrap_or_default())]
    Yaml {
        /// Where in the field's text.
        pos: Option<crate::cfn::Pos>,
        /// What is wrong.
        message: String,
    },
}

/// A field whose text was not committed, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} not changed: {source}")]
pub struct FieldRefused {
    /// The field, as `Fn.Properties.Timeout`.
    pub field: String,
    /// Why.
    pub source: ValueError,
}

/// The short-form tags of the functions a text field may start with.
const FUNCTION_TAGS: &[&str] = &[
    "Ref",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "If",
    "FindInMap",
    "ImportValue",
    "Base64",
    "GetAZs",
    "Cidr",
    "Length",
    "ToJsonString",
];

/// The function a one-line text starts with (`!Ref Queue`, `!GetAtt Role.Arn`,
/// `!Sub '${AWS::StackName}-q'`), as a YAML author writes it; `None` for plain text, which
/// is saved as a string.
pub fn tagged(text: &str) -> Option<Node> {
    let rest = text.trim_start().strip_prefix('!')?;
    let tag = rest.split([' ', '\t']).next()?;
    if !FUNCTION_TAGS.contains(&tag) {
        return None;
    }
    parse_snippet(text)
        .ok()
        .filter(|n| matches!(n.value, Value::Intrinsic(_)))
}

/// Parses a YAML snippet into a value; `Err` says what is wrong and where.
pub fn parse_snippet(text: &str) -> Result<Node, ValueError> {
    if text.trim().is_empty() {
        return Err(ValueError::Empty);
    }
    read_yaml(text, "snippet").map(|d| d.root).map_err(|e| {
        let d = e.diagnostic();
        ValueError::Yaml {
            pos: d.pos,
            message: d.message.clone(),
        }
    })
}

/// The text a one-line field shows for `node`.
fn field_text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_str().to_owned(),
        _ => String::new(),
    }
}

/// The buffer, if it is editing `target`.
pub(super) fn buffer_for<'b>(
    buffer: &'b mut Option<EditBuffer>,
    target: &FieldTarget,
) -> Option<&'b mut EditBuffer> {
    buffer.as_mut().filter(|b| b.target == *target)
}

/// Whether the buffer is editing `target`.
pub fn is_editing(buffer: Option<&EditBuffer>, target: &FieldTarget) -> bool {
    buffer.is_some_and(|b| b.target == *target)
}

/// Ctrl+Z, or Ctrl+Shift+Z / Ctrl+Y, pressed this frame: `Some(true)` for undo.
fn undo_pressed(ui: &egui::Ui) -> Option<bool> {
    ui.input(|i| {
        let command = i.modifiers.command;
        if command && i.key_pressed(Key::Z) {
            Some(!i.modifiers.shift)
        } else if command && i.key_pressed(Key::Y) {
            Some(false)
        } else {
            None
        }
    })
}

/// One editable value: `key` `[field]`, a checkbox, a drop-down, or for complex values an
/// "Edit" button that opens a snippet editor. While the user types, `help` completes
/// references and says what the schema finds wrong with the text.
pub fn edit_value_ui(
    ui: &mut egui::Ui,
    buffer: &mut Option<EditBuffer>,
    target: &FieldTarget,
    key: &str,
    node: &Node,
    help: &FieldHelp<'_>,
) -> FieldChange {
    let kind = match &node.value {
        Value::String(_) => FieldKind::Text,
        Value::Number(_) => FieldKind::Number,
        Value::Bool(_) => return bool_field_ui(ui, target, key, node),
        _ => FieldKind::Snippet,
    };
    let snippet_open = buffer_for(buffer, target).is_some_and(|b| b.kind == FieldKind::Snippet);
    if kind == FieldKind::Snippet || snippet_open {
        return snippet_field_ui(ui, buffer, target, key, node, help);
    }
    if let (Some((_, options)), Value::String(current)) =
        (KNOWN_ENUMS.iter().find(|(k, _)| *k == key), &node.value)
    {
        return enum_field_ui(ui, target, key, current, options);
    }
    line_field_ui(ui, buffer, target, key, kind, node, help)
}

fn bool_field_ui(ui: &mut egui::Ui, target: &FieldTarget, key: &str, node: &Node) -> FieldChange {
    let Value::Bool(b) = node.value else {
        return FieldChange::None;
    };
    let mut v = b;
    let changed = ui
        .horizontal_wrapped(|ui| {
            ui.label(RichText::new(key).strong());
            ui.checkbox(&mut v, "").on_hover_text(key).changed()
        })
        .inner;
    if changed {
        FieldChange::Commit(target.edit(Node::new(Value::Bool(v))))
    } else {
        FieldChange::None
    }
}

/// A string value chosen from `options` in a drop-down labelled `{key} options`.
pub fn enum_field_ui(
    ui: &mut egui::Ui,
    target: &FieldTarget,
    key: &str,
    current: &str,
    options: &[&str],
) -> FieldChange {
    let mut chosen = current.to_owned();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(key).strong());
        egui::ComboBox::new(("enum", target), format!("{key} options"))
            .selected_text(current)
            .show_ui(ui, |ui| {
                for o in options {
                    ui.selectable_value(&mut chosen, (*o).to_owned(), *o);
                }
            });
    });
    if chosen == current {
        FieldChange::None
    } else {
        FieldChange::Commit(target.edit(Node::string(chosen)))
    }
}

/// A one-line text or number field.
fn line_field_ui(
    ui: &mut egui::Ui,
    buffer: &mut Option<EditBuffer>,
    target: &FieldTarget,
    key: &str,
    kind: FieldKind,
    node: &Node,
    help: &FieldHelp<'_>,
) -> FieldChange {
    // The id is the value's, not the layout's: a field keeps its focus when typing in it
    // changes what is drawn around it.
    let id = egui::Id::unique(("field", target));
    if let Some(change) = help.accept_with_tab(ui, buffer, target, id) {
        return change;
    }
    let mut text = match buffer_for(buffer, target) {
        Some(b) => {
            b.seen = true;
            b.text.clone()
        }
        None => field_text(node),
    };
    let r = ui
        .horizontal_wrapped(|ui| {
            ui.label(RichText::new(key).strong());
            ui.add(
                egui::TextEdit::singleline(&mut text)
                    .id(id)
                    .desired_width(240.0),
            )
            .accessible_name(key)
        })
        .inner;
    if r.changed() {
        if let Some(b) = buffer_for(buffer, target) {
            b.text = text;
        } else {
            let mut b = EditBuffer::new(target.clone(), kind, field_text(node));
            b.text = text;
            *buffer = Some(b);
        }
    }
    if let Some(change) = help.after_field_ui(ui, buffer, target, id) {
        return change;
    }
    if r.lost_focus() {
        // Escape is handled by the app (it drops the buffer before the fields are drawn).
        // A reference still being typed (`!GetAtt Role.`) waits for the rest.
        if help.holds(buffer.as_ref(), target) {
            return FieldChange::None;
        }
        if let Some(b) = buffer.take_if(|b| b.target == *target) {
            return b.commit();
        }
    } else if r.has_focus()
        && !is_editing(buffer.as_ref(), target)
        && let Some(undo) = undo_pressed(ui)
    {
        // Nothing typed here, so the field's own undo has nothing to do: undo the document.
        return if undo {
            FieldChange::Undo
        } else {
            FieldChange::Redo
        };
    }
    FieldChange::None
}

/// A value edited as YAML: an "Edit" button, or the snippet editor while it is open. The
/// caller shows the value itself (with its links) while the editor is closed.
pub fn snippet_field_ui(
    ui: &mut egui::Ui,
    buffer: &mut Option<EditBuffer>,
    target: &FieldTarget,
    key: &str,
    node: &Node,
    help: &FieldHelp<'_>,
) -> FieldChange {
    let theme_kind = help.theme;
    let id = egui::Id::unique(("snippet", target));
    let Some(b) = buffer_for(buffer, target) else {
        if ui
            .small_button(format!("Edit {key}"))
            .on_hover_text("Edit as YAML")
            .clicked()
        {
            *buffer = Some(EditBuffer::new(
                target.clone(),
                FieldKind::Snippet,
                write_yaml_value(node),
            ));
            ui.memory_mut(|m| m.request_focus(id));
        }
        return FieldChange::None;
    };
    b.seen = true;
    ui.label(RichText::new(key).strong());
    // Not a code editor: that keeps Tab for indenting, and YAML indents with spaces only.
    let r = ui
        .add(
            egui::TextEdit::multiline(&mut b.text)
                .id(id)
                .font(egui::TextStyle::Monospace)
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .accessible_name(format!("{key} YAML"));
    let parsed = parse_snippet(&b.text);
    if let Err(e) = &parsed {
        ui.label(RichText::new(e.to_string()).color(theme::error_text(theme_kind)));
    }
    if let Some(change) = help.after_field_ui(ui, buffer, target, id) {
        return change;
    }
    let (apply, cancel) = ui
        .horizontal(|ui| {
            let apply = ui
                .add_enabled(parsed.is_ok(), egui::Button::new("Apply"))
                .on_hover_text("Ctrl+Enter")
                .clicked();
            let cancel = ui.button("Cancel").on_hover_text("Escape").clicked();
            (apply, cancel)
        })
        .inner;
    let ctrl_enter = r.has_focus()
        && ui.input_mut(|i| {
            i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter))
        });
    if cancel {
        *buffer = None;
        return FieldChange::None;
    }
    // A click on Cancel also takes the focus away, so the focus is looked at after it.
    if apply || ctrl_enter || r.lost_focus() {
        if parsed.is_err() || (!apply && !ctrl_enter && help.holds(buffer.as_ref(), target)) {
            // Kept open with its error, so that nothing typed is lost; Cancel drops it.
            return FieldChange::None;
        }
        if let Some(b) = buffer.take() {
            return b.commit();
        }
    }
    FieldChange::None
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
        assert!(e.to_string().starts_with("line "), "{e}");
        assert!(parse_snippet("  ").is_err());
    }

    #[test]
    fn numbers_are_read_as_json_writes_them() {
        for ok in ["0", "-12", "300", " 90 ", "0.5", "1e3", "-2.5E-4"] {
            assert_eq!(
                parse_number(ok).map(|n| n.as_str().to_owned()),
                Some(ok.trim().to_owned()),
                "{ok:?}"
            );
        }
        for bad in [
            "", "ninety", "012", "1.", ".5", "+5", "1e", "0x1F", "inf", "NaN", "1 2",
        ] {
            assert!(parse_number(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_buffer_commits_one_edit_only_when_its_text_changed() {
        let target = FieldTarget::Resource {
            logical_id: "Fn".into(),
            path: vec!["Properties".into(), "Timeout".into()],
        };
        let mut b = EditBuffer::new(target.clone(), FieldKind::Number, "60".into());
        assert_eq!(b.commit(), FieldChange::None, "unchanged text is no edit");
        b.text = "90".into();
        assert_eq!(
            b.commit(),
            FieldChange::Commit(Edit::SetValue {
                logical_id: "Fn".into(),
                path: vec!["Properties".into(), "Timeout".into()],
                value: Some(Node::new(Value::Number(Number::from_text("90")))),
            })
        );
        b.text = "soon".into();
        assert!(matches!(
            b.commit(),
            FieldChange::Refused(e)
                if e.to_string() == "Fn.Properties.Timeout not changed: \"soon\" is not a number"
        ));
        let mut s = EditBuffer::new(
            FieldTarget::Section {
                section: "Outputs".into(),
                key: "Url".into(),
            },
            FieldKind::Snippet,
            "Value: !Ref Queue\n".into(),
        );
        s.text = "Value: [".into();
        assert!(
            matches!(s.commit(), FieldChange::Refused(e) if e.to_string().starts_with("Outputs.Url not changed: line "))
        );
        s.text = "Value: !Ref Topic".into();
        assert!(matches!(
            s.commit(),
            FieldChange::Commit(Edit::SetSectionEntry { section, key, .. })
                if section == "Outputs" && key == "Url"
        ));
    }
}
