//! The delete and rename dialogs. They show what the session holds and push the command the
//! user confirms.

use egui::RichText;

use super::command::UiCommand;
use super::state::Dialog;
use crate::cfn::LogicalId;
use crate::scene::Theme;
use crate::session::{Command, Session};

/// Shows the open dialog, if any.
pub fn dialog_ui(
    ctx: &egui::Context,
    dialog: &mut Option<Dialog>,
    session: &Session,
    theme: Theme,
    queue: &mut Vec<UiCommand>,
) {
    match dialog.clone() {
        Some(Dialog::Delete(ids)) if delete_ui(ctx, &ids, session, queue) => *dialog = None,
        None | Some(Dialog::Delete(_)) => {}
        Some(Dialog::Rename(from, mut to)) => {
            let mut apply = false;
            let mut cancel = false;
            egui::Modal::new(egui::Id::unique("rename dialog")).show(ctx, |ui| {
                ui.heading(format!("Rename {from}"));
                let r = ui.add(egui::TextEdit::singleline(&mut to).desired_width(280.0));
                let r = r.accessible_name("New logical ID");
                r.request_focus();
                let valid = crate::edit::is_valid_logical_id(&to);
                if !valid {
                    ui.label(
                        RichText::new("Use letters A-Z, a-z and digits only")
                            .color(super::theme::error_text(theme)),
                    );
                }
                ui.horizontal(|ui| {
                    if ui.add_enabled(valid, egui::Button::new("Rename")).clicked()
                        || (valid && ui.input(|i| i.key_pressed(egui::Key::Enter)))
                    {
                        apply = true;
                    }
                    if ui.button("Cancel").clicked() {
                        cancel = true;
                    }
                });
            });
            if apply {
                *dialog = None;
                queue.push(UiCommand::Session(Command::Rename {
                    from,
                    to: LogicalId::from(to),
                }));
            } else if cancel {
                *dialog = None;
            } else {
                *dialog = Some(Dialog::Rename(from, to));
            }
        }
    }
}

/// The delete dialog; returns whether it was answered.
fn delete_ui(
    ctx: &egui::Context,
    ids: &[LogicalId],
    session: &Session,
    queue: &mut Vec<UiCommand>,
) -> bool {
    let Some(doc) = session.active() else {
        return true;
    };
    let template = &doc.document().template;
    let is_deleted = |holder: &str| ids.iter().any(|i| i == holder);
    let mut refs: Vec<String> = ids
        .iter()
        .flat_map(|id| {
            doc.diagram
                .derived
                .graph
                .incoming_refs(id)
                .into_iter()
                .filter(|(holder, _)| !is_deleted(holder))
                .map(move |(holder, e)| format!("{holder}.{} ({} {id})", e.path, e.kind.label()))
        })
        .collect();
    if let Some(outputs) = template.section_mapping("Outputs") {
        refs.extend(
            outputs
                .iter()
                .filter(|(_, v)| ids.iter().any(|id| crate::edit::references_to(v, id)))
                .map(|(name, _)| format!("Outputs.{name}")),
        );
    }
    let links: Vec<String> = ids
        .iter()
        .flat_map(|id| crate::edit::dependent_links(template.root(), id))
        .collect();
    let names = ids
        .iter()
        .map(LogicalId::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("delete dialog")).show(ctx, |ui| {
        ui.heading(format!("Delete {names}"));
        if !links.is_empty() {
            ui.label(format!(
                "Removing references also deletes what only links to it: {}",
                links.join(", ")
            ));
        }
        if refs.is_empty() {
            ui.label("Nothing else refers to it");
        } else {
            ui.label(format!("{} references to it:", refs.len()));
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| {
                    for r in &refs {
                        ui.label(RichText::new(r).monospace());
                    }
                });
        }
        ui.horizontal(|ui| {
            if ui.button("Delete and remove references").clicked() {
                answer = Some(Some(true));
            }
            if !refs.is_empty() && ui.button("Delete, keep references dangling").clicked() {
                answer = Some(Some(false));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(None);
            }
        });
    });
    let Some(answer) = answer else {
        return false;
    };
    if let Some(remove_references) = answer {
        queue.push(UiCommand::Session(Command::Delete {
            ids: ids.to_vec(),
            remove_references,
        }));
    }
    true
}
