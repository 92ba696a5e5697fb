//! The palette: resource types to drag onto the canvas, grouped by category, with a search.

use egui::RichText;

use super::command::UiCommand;
use super::state::{PaletteDrag, PaletteState};
use crate::edit::PaletteItemId;
use crate::model::Category;
use crate::session::Command;
use crate::ui::theme;

/// Shows the palette. A type typed into "Any type..." and confirmed is added to the document.
pub fn palette_ui(ui: &mut egui::Ui, state: &mut PaletteState, queue: &mut Vec<UiCommand>) {
    let PaletteState {
        search, any_type, ..
    } = state;
    ui.add(
        egui::TextEdit::singleline(search)
            .hint_text("Search types")
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
            for category in Category::ALL {
                let items: Vec<(PaletteItemId, &crate::edit::PaletteItem)> = PaletteItemId::all()
                    .filter(|(_, i)| i.category == category)
                    .filter(|(_, i)| {
                        query.is_empty()
                            || i.label.to_lowercase().contains(&query)
                            || i.type_name.to_lowercase().contains(&query)
                    })
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
                    let id = egui::Id::unique(("palette", index));
                    let r = ui.dnd_drag_source(id, PaletteDrag(index), |ui| {
                        ui.label(format!("  {}", item.label));
                    });
                    r.response.on_hover_text(item.type_name);
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
