//! The status bar and the notice bar.

use egui::RichText;

use super::command::UiCommand;
use super::state::{Notice, Severity};
use crate::scene::Theme;
use crate::session::OpenDoc;

/// The status bar: file, resource count, problems, zoom, and a file being opened.
pub fn status_ui(ui: &mut egui::Ui, doc: &OpenDoc, zoom: f32, opening: Option<&str>, theme: Theme) {
    ui.horizontal(|ui| {
        ui.label(doc.name());
        ui.separator();
        ui.label(format!(
            "{} resources",
            doc.document().template.resource_count()
        ));
        ui.separator();
        let (errors, warnings) = doc
            .opened
            .import_diagnostics
            .iter()
            .chain(doc.diagram.derived.diagnostics())
            .fold(
                (0, 0),
                |(e, w), d| {
                    if d.is_error() { (e + 1, w) } else { (e, w + 1) }
                },
            );
        let text = super::inspector::problem_count(errors, warnings);
        if errors > 0 {
            ui.colored_label(super::theme::error_text(theme), text);
        } else {
            ui.label(text);
        }
        ui.separator();
        ui.label(format!("{:.0}%", zoom * 100.0));
        if let Some(name) = opening {
            ui.separator();
            ui.spinner();
            ui.label(format!("Opening {name}..."));
        }
    });
}

/// The notice bar, until dismissed.
pub fn notice_ui(
    ui: &mut egui::Ui,
    notice: Option<&Notice>,
    theme: Theme,
    queue: &mut Vec<UiCommand>,
) {
    let Some(notice) = notice else {
        return;
    };
    let color = match notice.severity {
        Severity::Error => super::theme::error_text(theme),
        Severity::Warning => super::theme::warning_text(theme),
        Severity::Info => ui.visuals().text_color(),
    };
    egui::Panel::bottom("error").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&notice.text).color(color));
            if ui.button("Dismiss").clicked() {
                queue.push(UiCommand::DismissNotice);
            }
        });
    });
}
