//! What a field says while the user types in it: the completions of a reference (`!GetAtt
//! Role.` lists Role's attributes; Tab takes the first, a click any), and what the resource
//! schema finds wrong with the text (its type, enum, pattern and bounds), the same sentences
//! the checks of the template give once it is committed. ([`FieldHelp`] itself is declared
//! with the fields, which this file serves.)

use egui::text::CCursor;
use egui::text_selection::CCursorRange;
use egui::{Key, Modifiers, RichText};

use super::property_editor::{EditBuffer, FieldChange, FieldHelp, FieldKind, FieldTarget};
use crate::edit::{Completion, complete_reference, is_unfinished_reference};
use crate::scene::Theme;
use crate::ui::theme;

/// Most completions shown under a field.
const MAX_COMPLETIONS: usize = 12;

impl<'a> FieldHelp<'a> {
    /// Help with colours only.
    pub fn plain(theme: Theme) -> Self {
        Self {
            theme,
            template: None,
            schema: None,
        }
    }

    fn editing<'b>(buffer: Option<&'b EditBuffer>, target: &FieldTarget) -> Option<&'b EditBuffer> {
        buffer.filter(|b| b.target == *target)
    }

    fn completions(&self, buffer: Option<&EditBuffer>, target: &FieldTarget) -> Vec<Completion> {
        match (self.template, Self::editing(buffer, target)) {
            (Some(t), Some(b)) => complete_reference(t, &b.text, MAX_COMPLETIONS),
            _ => Vec::new(),
        }
    }

    /// Whether the field's text is a reference still being typed, which it keeps rather
    /// than commits when it loses the focus.
    pub fn holds(&self, buffer: Option<&EditBuffer>, target: &FieldTarget) -> bool {
        match (self.template, Self::editing(buffer, target)) {
            (Some(t), Some(b)) => is_unfinished_reference(t, &b.text),
            _ => false,
        }
    }

    /// Tab in a focused one-line field with completions takes the first one. Called before
    /// the field is drawn, so that Tab does not move the focus.
    pub fn accept_with_tab(
        &self,
        ui: &mut egui::Ui,
        buffer: &mut Option<EditBuffer>,
        target: &FieldTarget,
        id: egui::Id,
    ) -> Option<FieldChange> {
        if !ui.memory(|m| m.has_focus(id)) {
            return None;
        }
        let first = self
            .completions(buffer.as_ref(), target)
            .into_iter()
            .next()?;
        if !ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Tab)) {
            return None;
        }
        // Tab takes the completion here, so it does not move the focus on.
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        Some(apply(ui, buffer, first, id))
    }

    /// Under the field being typed in: what is wrong with the text, whether it waits for
    /// the rest of a reference, and the completions; a completion chosen is what it returns.
    pub fn after_field_ui(
        &self,
        ui: &mut egui::Ui,
        buffer: &mut Option<EditBuffer>,
        target: &FieldTarget,
        id: egui::Id,
    ) -> Option<FieldChange> {
        let b = Self::editing(buffer.as_ref(), target)?;
        for problem in self.problems(b) {
            ui.label(RichText::new(problem).color(theme::warning_text(self.theme)));
        }
        if self.holds(buffer.as_ref(), target) {
            ui.label(
                RichText::new(
                    "Not applied yet: finish the reference (Tab completes it) or press Escape",
                )
                .weak()
                .small(),
            );
        }
        let completions = self.completions(buffer.as_ref(), target);
        if completions.is_empty() {
            return None;
        }
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Complete:").small());
            for c in completions {
                if ui
                    .small_button(&c.label)
                    .accessible_name(format!("Complete {}", c.label))
                    .on_hover_text(&c.text)
                    .clicked()
                {
                    chosen = Some(c);
                }
            }
        });
        chosen.map(|c| apply(ui, buffer, c, id))
    }

    /// What the schema finds wrong with the text typed, as the property's sentences; a
    /// number field that holds something else says so before it is committed.
    fn problems(&self, b: &EditBuffer) -> Vec<String> {
        let name = match &b.target {
            FieldTarget::Resource { path, .. } => path.last().cloned().unwrap_or_default(),
            FieldTarget::Section { key, .. } => key.clone(),
        };
        match b.value() {
            Err(e) if b.kind == FieldKind::Number => vec![e.to_string()],
            Ok(Some(node)) => {
                let (Some(schema), FieldTarget::Resource { path, .. }) = (self.schema, &b.target)
                else {
                    return Vec::new();
                };
                let Some(("Properties", rest)) = path.split_first().map(|(h, r)| (h.as_str(), r))
                else {
                    return Vec::new();
                };
                crate::schema::problems_of_value(schema, &rest.join("/"), &node)
                    .into_iter()
                    .map(|p| format!("{name} {p}"))
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

/// Puts a completion in the field: a whole reference in a one-line field is committed at
/// once; otherwise the field keeps the focus, with the cursor at the end, to go on typing.
fn apply(
    ui: &mut egui::Ui,
    buffer: &mut Option<EditBuffer>,
    c: Completion,
    id: egui::Id,
) -> FieldChange {
    let Some(b) = buffer.as_mut() else {
        return FieldChange::None;
    };
    b.text = c.text;
    if c.complete && b.kind != FieldKind::Snippet {
        return buffer.take().map_or(FieldChange::None, |b| b.commit());
    }
    let end = b.text.chars().count();
    ui.memory_mut(|m| m.request_focus(id));
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(end))));
    state.store(ui.ctx(), id);
    FieldChange::None
}
