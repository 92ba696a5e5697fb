//! The bar that says the open file changed on disk, and asks what to do: the app never
//! overwrites a file that changed behind its back without saying so.

use egui::RichText;

use super::command::UiCommand;
use crate::scene::Theme;
use crate::session::Command;

/// The bar for the document named `name`, whose file changed on disk.
pub fn changed_on_disk_ui(ui: &mut egui::Ui, name: &str, theme: Theme, queue: &mut Vec<UiCommand>) {
    let color = super::theme::warning_text(theme);
    egui::Panel::top("changed on disk").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{name} changed on disk")).color(color));
            if ui
                .button("Reload")
                .on_hover_text("Read the file again; changes made here are lost")
                .clicked()
            {
                queue.push(UiCommand::Session(Command::Reload));
            }
            if ui
                .button("Keep mine")
                .on_hover_text("Keep this version; saving will overwrite the file")
                .clicked()
            {
                queue.push(UiCommand::Session(Command::KeepMine));
            }
        });
    });
}
