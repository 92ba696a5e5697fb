//! The menu bar and the toolbar (view filters and search). They push commands; they change
//! nothing themselves.

use std::path::PathBuf;

use egui::{Key, RichText};

use super::command::{AppCommand, UiCommand};
use super::state::{PendingAction, SAMPLES, SearchState};
use crate::model::EdgeKind;
use crate::scene::Theme;
use crate::view::{View, ViewFilters};

/// What the menus show: the app's state as the menus need it.
#[derive(Clone, Debug, Default)]
pub struct MenuView {
    /// Recent files, newest first.
    pub recent: Vec<PathBuf>,
    /// What Undo would undo.
    pub undo: Option<String>,
    /// What Redo would redo.
    pub redo: Option<String>,
    /// Whether something is selected.
    pub has_selection: bool,
    /// Whether the clipboard holds something.
    pub can_paste: bool,
    /// Light or dark.
    pub theme: Theme,
    /// Whether the minimap is shown.
    pub minimap: bool,
    /// Whether the cost panel is shown.
    pub cost_panel: bool,
    /// Whether the canvas shows cost badges.
    pub cost_badges: bool,
    /// Whether the document has a file (so git revisions of it).
    pub has_path: bool,
    /// Whether compare mode is on.
    pub comparing: bool,
}

fn command_button(ui: &mut egui::Ui, cmd: AppCommand, enabled: bool, queue: &mut Vec<UiCommand>) {
    if ui
        .add_enabled(enabled, egui::Button::new(cmd.text()))
        .clicked()
    {
        queue.push(UiCommand::App(cmd));
        ui.close();
    }
}

/// The menu bar.
pub fn menu_bar_ui(ui: &mut egui::Ui, view: &MenuView, queue: &mut Vec<UiCommand>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            for cmd in [AppCommand::New, AppCommand::Open, AppCommand::OpenFolder] {
                command_button(ui, cmd, true, queue);
            }
            ui.menu_button("Open recent", |ui| {
                if view.recent.is_empty() {
                    ui.label(RichText::new("No recent files").weak());
                }
                for path in &view.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        queue.push(UiCommand::Guard(PendingAction::Open(path.clone())));
                        ui.close();
                    }
                }
            });
            ui.menu_button("Open sample", |ui| {
                for (i, (name, _)) in SAMPLES.iter().enumerate() {
                    if ui.button(*name).clicked() {
                        queue.push(UiCommand::Guard(PendingAction::Sample(i)));
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
                command_button(ui, cmd, true, queue);
            }
            ui.separator();
            command_button(ui, AppCommand::CompareWithFile, true, queue);
            command_button(ui, AppCommand::CompareWithRevision, view.has_path, queue);
            command_button(ui, AppCommand::StopComparing, view.comparing, queue);
            ui.separator();
            command_button(ui, AppCommand::Quit, true, queue);
        });
        ui.menu_button("Edit", |ui| {
            for (cmd, label) in [
                (AppCommand::Undo, &view.undo),
                (AppCommand::Redo, &view.redo),
            ] {
                let text = label
                    .as_ref()
                    .map_or_else(|| cmd.text().to_owned(), |l| format!("{} {l}", cmd.text()));
                if ui
                    .add_enabled(label.is_some(), egui::Button::new(text))
                    .clicked()
                {
                    queue.push(UiCommand::App(cmd));
                    ui.close();
                }
            }
            ui.separator();
            for cmd in [
                AppCommand::Rename,
                AppCommand::Delete,
                AppCommand::Copy,
                AppCommand::Paste,
                AppCommand::Duplicate,
            ] {
                let enabled = view.has_selection || cmd == AppCommand::Paste && view.can_paste;
                command_button(ui, cmd, enabled, queue);
            }
        });
        ui.menu_button("View", |ui| {
            for cmd in [
                AppCommand::Fit,
                AppCommand::ZoomToSelection,
                AppCommand::Find,
            ] {
                command_button(ui, cmd, true, queue);
            }
            ui.separator();
            let mut light = view.theme == Theme::Light;
            if ui
                .checkbox(&mut light, AppCommand::ToggleTheme.text())
                .changed()
            {
                queue.push(UiCommand::App(AppCommand::ToggleTheme));
            }
            let mut minimap = view.minimap;
            if ui
                .checkbox(&mut minimap, AppCommand::ToggleMinimap.text())
                .changed()
            {
                queue.push(UiCommand::App(AppCommand::ToggleMinimap));
            }
            ui.separator();
            for (on, cmd) in [
                (view.cost_panel, AppCommand::ToggleCostPanel),
                (view.cost_badges, AppCommand::ToggleCostBadges),
            ] {
                let mut on = on;
                if ui.checkbox(&mut on, cmd.text()).changed() {
                    queue.push(UiCommand::App(cmd));
                }
            }
        });
    });
}

/// The Region the stack is for: its resource types are checked, and its prices quoted, there.
fn region_ui(ui: &mut egui::Ui, filters: &ViewFilters, queue: &mut Vec<UiCommand>) {
    let current = filters.region();
    let label = ui
        .label("Region")
        .on_hover_text("Types are checked, and prices quoted, for this Region");
    egui::ComboBox::from_id_salt("stack-region")
        .selected_text(current)
        .height(400.0)
        .show_ui(ui, |ui| {
            for region in crate::schema::regions() {
                if ui.selectable_label(*region == current, *region).clicked() && *region != current
                {
                    queue.push(UiCommand::SetFilters(filters.clone().with_region(region)));
                }
            }
        })
        .response
        .labelled_by(label.id);
}

/// The toolbar: Fit, the view filters, and the search bar when it is open. `hits` is how many
/// resources match the search.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    filters: &ViewFilters,
    project: bool,
    cost_panel: bool,
    search: &mut SearchState,
    hits: usize,
    queue: &mut Vec<UiCommand>,
) {
    ui.horizontal(|ui| {
        if ui
            .button("Fit")
            .on_hover_text("Show everything (F)")
            .clicked()
        {
            queue.push(UiCommand::App(AppCommand::Fit));
        }
        if ui
            .button("Zoom to selection")
            .on_hover_text("Shift+F")
            .clicked()
        {
            queue.push(UiCommand::App(AppCommand::ZoomToSelection));
        }
        ui.separator();
        let mut view = filters.view;
        ui.selectable_value(&mut view, View::Architecture, "Architecture")
            .on_hover_text("What calls, feeds and triggers what, left to right (R switches)");
        ui.selectable_value(&mut view, View::References, "References")
            .on_hover_text(
                "Every resource a box, every Ref, GetAtt, Sub and DependsOn an arrow (R switches)",
            );
        if view != filters.view {
            queue.push(UiCommand::App(AppCommand::ToggleView));
        }
        if ui
            .button("Tidy")
            .on_hover_text(
                "Lay everything out again, forgetting where boxes were put (T; Ctrl+Z undoes)",
            )
            .clicked()
        {
            queue.push(UiCommand::App(AppCommand::Tidy));
        }
        ui.separator();
        let mut hide = filters.hide_plumbing;
        if ui
            .checkbox(&mut hide, AppCommand::TogglePlumbing.text())
            .on_hover_text("IAM roles and policies, permissions, route associations (I)")
            .changed()
        {
            queue.push(UiCommand::App(AppCommand::TogglePlumbing));
        }
        if project {
            let mut by_stack = filters.group_by_stack;
            if ui
                .checkbox(&mut by_stack, "Group by stack")
                .on_hover_text("Each stack a container of what it declares, nested stacks inside their parent, instead of everything where it runs")
                .changed()
            {
                let mut f = filters.clone();
                f.group_by_stack = by_stack;
                queue.push(UiCommand::SetFilters(f));
            }
        }
        ui.separator();
        // The architecture's edges are its own; the reference kinds filter the references.
        ui.add_enabled_ui(filters.view == View::References, |ui| {
            ui.label("Edges");
            for kind in EdgeKind::ALL {
                let mut shown = filters.shows(kind);
                if ui.checkbox(&mut shown, kind.label()).changed() {
                    queue.push(UiCommand::SetFilters(
                        filters.clone().with_edge_kind(kind, shown),
                    ));
                }
            }
        });
        ui.separator();
        let mut cost = cost_panel;
        if ui
            .toggle_value(&mut cost, "Cost")
            .on_hover_text("Show what the stack costs a month")
            .changed()
        {
            queue.push(UiCommand::App(AppCommand::ToggleCostPanel));
        }
        region_ui(ui, filters, queue);
    });
    if search.open {
        ui.horizontal(|ui| {
            ui.label("Find");
            let r = ui.add(
                egui::TextEdit::singleline(&mut search.query)
                    .hint_text("logical ID or type")
                    .desired_width(240.0),
            );
            let r = r.accessible_name("Search resources");
            if search.focus {
                r.request_focus();
                search.focus = false;
            }
            if r.changed() {
                search.current = None;
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                queue.push(UiCommand::App(AppCommand::FindNext));
                r.request_focus();
            }
            let label = match (hits, search.current) {
                (0, _) if !search.query.trim().is_empty() => "No match".to_owned(),
                (0, _) => String::new(),
                (n, Some(c)) => format!("{} of {n}", c + 1),
                (n, None) => format!("{n} matches"),
            };
            ui.label(label);
            if ui.button("Next").clicked() {
                queue.push(UiCommand::App(AppCommand::FindNext));
            }
            if ui.button("Close").clicked() {
                search.open = false;
            }
        });
    }
}
