//! The palette: resource types to drag onto the canvas. Without a search, the curated items
//! grouped by category; with one, the curated items that match and then every resource type
//! of the schema bundle that does, each with its category colour and service badge.

use egui::RichText;

use super::command::UiCommand;
use super::state::{PaletteDrag, PaletteState};
use crate::edit::{PaletteItemId, curated_matches, schema_matches};
use crate::model::{Category, category};
use crate::scene::Theme;
use crate::session::Command;
use crate::ui::theme;

/// Most schema types listed for one search; the rest are counted.
pub const MAX_SCHEMA_ROWS: usize = 50;

/// Shows the palette. A type typed into "Any type..." and confirmed is added to the document.
pub fn palette_ui(
    ui: &mut egui::Ui,
    state: &mut PaletteState,
    theme_kind: Theme,
    queue: &mut Vec<UiCommand>,
) {
    let PaletteState {
        search, any_type, ..
    } = state;
    ui.add(
        egui::TextEdit::singleline(search)
            .hint_text("Search every resource type")
            .desired_width(f32::INFINITY),
    )
    .accessible_name("Search palette");
    ui.label(
        RichText::new("Drag onto the canvas, into a VPC or subnet")
            .weak()
            .small(),
    );
    let query = search.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut curated_types: Vec<&str> = Vec::new();
            for category in Category::ALL {
                let items: Vec<(PaletteItemId, &crate::edit::PaletteItem)> = PaletteItemId::all()
                    .filter(|(_, i)| i.category == category && curated_matches(i, &query))
                    .collect();
                if items.is_empty() {
                    continue;
                }
                ui.label(
                    RichText::new(category.label())
                        .strong()
                        .color(theme::category(category)),
                );
                for (index, item) in items {
                    curated_types.push(item.type_name);
                    drag_row_ui(ui, index, item.label, item.type_name, None, theme_kind);
                }
            }
            if !query.is_empty() {
                let found: Vec<_> = schema_matches(&query)
                    .into_iter()
                    .filter(|t| !curated_types.contains(&t.name))
                    .collect();
                if found.is_empty() && curated_types.is_empty() {
                    ui.label(
                        RichText::new(format!(
                            "No resource type matches \u{201c}{}\u{201d}",
                            search.trim()
                        ))
                        .weak(),
                    );
                } else if !found.is_empty() {
                    ui.separator();
                    ui.label(
                        RichText::new(format!("All resource types ({})", found.len())).strong(),
                    );
                    for t in found.iter().take(MAX_SCHEMA_ROWS) {
                        let note = t.lifecycle.map(|l| match l.status {
                            crate::schema::LifecycleStatus::Maintenance => "in maintenance",
                            crate::schema::LifecycleStatus::Sunset => "being retired",
                            crate::schema::LifecycleStatus::Shutdown => "shut down",
                        });
                        let label = t.name.strip_prefix("AWS::").unwrap_or(t.name);
                        drag_row_ui(
                            ui,
                            PaletteItemId::Type(t.name),
                            label,
                            t.name,
                            note,
                            theme_kind,
                        );
                    }
                    if found.len() > MAX_SCHEMA_ROWS {
                        ui.label(
                            RichText::new(format!(
                                "and {} more; type more to narrow the search",
                                found.len() - MAX_SCHEMA_ROWS
                            ))
                            .weak(),
                        );
                    }
                }
            }
            ui.separator();
            ui.label(RichText::new("Any type...").strong());
            ui.horizontal(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::singleline(any_type)
                            .hint_text("AWS::Service::Type")
                            .desired_width(180.0),
                    )
                    .accessible_name("Any type");
                let valid = any_type.split("::").count() == 3 && !any_type.contains(' ');
                if ui.add_enabled(valid, egui::Button::new("Add")).clicked()
                    || (valid && r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                {
                    queue.push(UiCommand::Session(Command::AddType(
                        any_type.trim().to_owned(),
                    )));
                }
            });
        });
}

/// One row to drag: the service badge in the category colour, the label, and a note (a
/// retired service); the type name on hover.
fn drag_row_ui(
    ui: &mut egui::Ui,
    item: PaletteItemId,
    label: &str,
    type_name: &str,
    note: Option<&str>,
    theme_kind: Theme,
) {
    let id = egui::Id::unique(("palette", item));
    let r = ui.dnd_drag_source(id, PaletteDrag(item), |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(" {} ", crate::scene::monogram(type_name)))
                    .small()
                    .strong()
                    .monospace()
                    .color(theme::badge_text())
                    .background_color(theme::category(category(type_name))),
            );
            // Two spaces before the label, as the palette has always written it.
            ui.label(format!("  {label}"));
            if let Some(note) = note {
                ui.label(
                    RichText::new(note)
                        .small()
                        .color(theme::warning_text(theme_kind)),
                );
            }
        });
    });
    r.response.on_hover_text(type_name);
}
