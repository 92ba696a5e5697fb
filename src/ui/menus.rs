//! The menu bar, the toolbar (view filters and search) and the error panel.

use egui::{Key, RichText};

use super::app::{EDGE_KINDS, SAMPLES, StackCanvasApp};
use super::command::AppCommand;
use super::files::PendingAction;
use super::theme;
use crate::scene::Theme;

impl StackCanvasApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for cmd in [AppCommand::New, AppCommand::Open] {
                    if ui.button(cmd.text()).clicked() {
                        self.run_command(cmd, ui.ctx());
                        ui.close();
                    }
                }
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label(RichText::new("No recent files").weak());
                    }
                    for path in self.settings.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            self.guard_unsaved(PendingAction::Open(path), ui.ctx());
                            ui.close();
                        }
                    }
                });
                ui.menu_button("Open sample", |ui| {
                    for (i, (name, _)) in SAMPLES.iter().enumerate() {
                        if ui.button(*name).clicked() {
                            self.guard_unsaved(PendingAction::Sample(i), ui.ctx());
                            ui.close();
                        }
                    }
                });
                ui.separator();
                for cmd in [
                    AppCommand::Save,
                    AppCommand::SaveAs,
                    AppCommand::ShowChanges,
                    AppCommand::ExportImage,
                ] {
                    if ui.button(cmd.text()).clicked() {
                        self.run_command(cmd, ui.ctx());
                        ui.close();
                    }
                }
                ui.separator();
                if ui.button(AppCommand::Quit.text()).clicked() {
                    self.run_command(AppCommand::Quit, ui.ctx());
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.history.undo_label().map(|l| format!("Undo {l}"));
                if ui
                    .add_enabled(
                        undo.is_some(),
                        egui::Button::new(undo.unwrap_or_else(|| "Undo".into())),
                    )
                    .clicked()
                {
                    self.undo();
                    ui.close();
                }
                let redo = self.history.redo_label().map(|l| format!("Redo {l}"));
                if ui
                    .add_enabled(
                        redo.is_some(),
                        egui::Button::new(redo.unwrap_or_else(|| "Redo".into())),
                    )
                    .clicked()
                {
                    self.redo();
                    ui.close();
                }
                ui.separator();
                let has_selection = !self.canvas.selection.is_empty();
                for cmd in [
                    AppCommand::Rename,
                    AppCommand::Delete,
                    AppCommand::Copy,
                    AppCommand::Paste,
                    AppCommand::Duplicate,
                ] {
                    let enabled =
                        has_selection || cmd == AppCommand::Paste && !self.clipboard.is_empty();
                    if ui
                        .add_enabled(enabled, egui::Button::new(cmd.text()))
                        .clicked()
                    {
                        self.run_command(cmd, ui.ctx());
                        ui.close();
                    }
                }
            });
            ui.menu_button("View", |ui| {
                for cmd in [
                    AppCommand::Fit,
                    AppCommand::ZoomToSelection,
                    AppCommand::Find,
                ] {
                    if ui.button(cmd.text()).clicked() {
                        self.run_command(cmd, ui.ctx());
                        ui.close();
                    }
                }
                ui.separator();
                let mut light = self.settings.theme == Theme::Light;
                if ui
                    .checkbox(&mut light, AppCommand::ToggleTheme.text())
                    .changed()
                {
                    self.run_command(AppCommand::ToggleTheme, ui.ctx());
                }
                ui.checkbox(&mut self.canvas.minimap, AppCommand::ToggleMinimap.text());
            });
        });
    }

    pub(super) fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui
                .button("Fit")
                .on_hover_text("Show everything (F)")
                .clicked()
            {
                self.canvas.fit_requested = true;
            }
            if ui
                .button("Zoom to selection")
                .on_hover_text("Shift+F")
                .clicked()
            {
                self.canvas.zoom_to_selection_requested = true;
            }
            ui.separator();
            let mut hide = self.settings.hide_plumbing;
            if ui
                .checkbox(&mut hide, AppCommand::TogglePlumbing.text())
                .on_hover_text("IAM roles and policies, permissions, route associations (I)")
                .changed()
            {
                self.settings.hide_plumbing = hide;
                self.relayout();
            }
            ui.separator();
            ui.label("Edges");
            let mut changed = false;
            for kind in EDGE_KINDS {
                let mut shown = !self.settings.hidden_edge_kinds.contains(kind);
                if ui.checkbox(&mut shown, kind).changed() {
                    changed = true;
                    if shown {
                        self.settings.hidden_edge_kinds.remove(kind);
                    } else {
                        self.settings.hidden_edge_kinds.insert(kind.to_owned());
                    }
                }
            }
            if changed {
                self.relayout();
            }
        });
        if self.search.open {
            ui.horizontal(|ui| {
                ui.label("Find");
                let r = ui.add(
                    egui::TextEdit::singleline(&mut self.search.query)
                        .hint_text("logical ID or type")
                        .desired_width(240.0),
                );
                let r = r.accessible_name("Search resources");
                if self.search.focus {
                    r.request_focus();
                    self.search.focus = false;
                }
                if r.changed() {
                    self.search.current = None;
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    self.find_next();
                    r.request_focus();
                }
                let hits = self.search_hits().len();
                let label = match (hits, self.search.current) {
                    (0, _) if !self.search.query.trim().is_empty() => "No match".to_owned(),
                    (0, _) => String::new(),
                    (n, Some(c)) => format!("{} of {n}", c + 1),
                    (n, None) => format!("{n} matches"),
                };
                ui.label(label);
                if ui.button("Next").clicked() {
                    self.find_next();
                }
                if ui.button("Close").clicked() {
                    self.search.open = false;
                }
            });
        }
    }

    pub(super) fn error_ui(&mut self, ui: &mut egui::Ui) {
        let Some(error) = self.error.clone() else {
            return;
        };
        egui::Panel::bottom("error").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(error).color(theme::error_text(self.settings.theme)));
                if ui.button("Dismiss").clicked() {
                    self.error = None;
                }
            });
        });
    }
}
