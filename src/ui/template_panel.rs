//! The template panel: Parameters, Conditions, Mappings, Rules and Outputs (each editable as a
//! YAML snippet), and every warning.

use egui::{CollapsingHeader, RichText};

use super::property_editor::{
    EditBuffer, FieldHelp, FieldResults, FieldTarget, is_editing, snippet_field_ui,
};
use super::values::{ValueClicks, ValueCtx, value_ui};
use crate::canvas::CanvasState;
use crate::scene::Theme;
use crate::session::OpenDoc;
use crate::ui::theme;

/// Shows the template's other sections and its diagnostics; returns what their editors did.
pub fn template_panel_ui(
    ui: &mut egui::Ui,
    doc: &OpenDoc,
    canvas: &mut CanvasState,
    theme_kind: Theme,
    buffer: &mut Option<EditBuffer>,
) -> FieldResults {
    let mut results = FieldResults::default();
    let template = &doc.opened.document.template;
    let mut ctx = ValueCtx {
        template,
        theme: theme_kind,
        clicks: ValueClicks::default(),
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(d) = template.section("Description").and_then(|n| n.as_str()) {
                ui.label(RichText::new(d).italics());
                ui.separator();
            }
            for section in ["Parameters", "Conditions", "Mappings", "Rules", "Outputs"] {
                let Some(m) = template.section_mapping(section) else {
                    continue;
                };
                CollapsingHeader::new(RichText::new(format!("{section} ({})", m.len())).heading())
                    .id_salt(section)
                    .default_open(section != "Mappings" && section != "Rules")
                    .show(ui, |ui| {
                        for (name, node) in m.iter() {
                            let target = FieldTarget::Section {
                                section: section.to_owned(),
                                key: name.to_owned(),
                            };
                            if !is_editing(buffer.as_ref(), &target) {
                                value_ui(ui, &mut ctx, name, node, 1);
                            }
                            let help = FieldHelp {
                                template: Some(template),
                                ..FieldHelp::plain(theme_kind)
                            };
                            results.push(snippet_field_ui(ui, buffer, &target, name, node, &help));
                        }
                    });
            }
            let diagnostics: Vec<_> = doc
                .opened
                .import_diagnostics
                .iter()
                .chain(doc.diagram.derived.diagnostics())
                .collect();
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let title = crate::ui::inspector::problem_count(errors, diagnostics.len() - errors);
            CollapsingHeader::new(RichText::new(title).heading())
                .id_salt("warnings")
                .default_open(!diagnostics.is_empty())
                .show(ui, |ui| {
                    for d in diagnostics {
                        let color = if d.is_error() {
                            theme::error_text(theme_kind)
                        } else {
                            theme::warning_text(theme_kind)
                        };
                        let text = RichText::new(d.to_string()).color(color).small();
                        match &d.logical_id {
                            Some(id) if template.resource(id).is_some() => {
                                if ui.link(text).clicked() {
                                    ctx.clicks.select = Some(id.clone());
                                }
                            }
                            _ => {
                                ui.label(text);
                            }
                        }
                    }
                });
        });
    if let Some(target) = ctx.clicks.select {
        canvas.select(&target, false);
        canvas.center_requested = Some(crate::cfn::LogicalId::from(target));
    }
    results
}
