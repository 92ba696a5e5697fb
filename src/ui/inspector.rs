//! The inspector: the selected resource's type, attributes and properties, its references in
//! and out, and its warnings.

use egui::RichText;

use super::app::LoadedDoc;
use super::values::{ValueClicks, ValueCtx, value_ui};
use crate::canvas::CanvasState;
use crate::cfn::Diagnostic;
use crate::scene::Theme;
use crate::ui::theme;

/// Shows the inspector for the canvas selection.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    doc: &LoadedDoc,
    canvas: &mut CanvasState,
    theme_kind: Theme,
) {
    let Some(id) = canvas.selection.first().cloned() else {
        ui.heading("Inspector");
        ui.label(format!(
            "{} resources",
            doc.opened.document.template.resource_count()
        ));
        ui.label(
            RichText::new("Click a resource to inspect it; Shift-drag to select several").weak(),
        );
        return;
    };
    let template = &doc.opened.document.template;
    let Some(resource) = template.resource(&id) else {
        ui.label(format!("{id} is not in the template"));
        return;
    };
    ui.heading(&id);
    ui.label(RichText::new(resource.type_name()).monospace());
    if canvas.selection.len() > 1 {
        ui.label(RichText::new(format!("and {} more selected", canvas.selection.len() - 1)).weak());
    }
    ui.separator();
    let mut ctx = ValueCtx {
        template,
        theme: theme_kind,
        clicks: ValueClicks::default(),
    };
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(RichText::new("Attributes").strong());
            for (key, node) in resource.attributes().iter() {
                if key != "Properties" && key != "Type" {
                    value_ui(ui, &mut ctx, key, node, 1);
                }
            }
            if let Some(props) = resource.attribute("Properties") {
                value_ui(ui, &mut ctx, "Properties", props, 0);
            }
            ui.separator();
            refs_ui(ui, doc, &id, &mut ctx);
            ui.separator();
            let warnings: Vec<&Diagnostic> = doc
                .opened
                .import_diagnostics
                .iter()
                .chain(&doc.derived.graph.warnings)
                .filter(|d| d.logical_id.as_deref() == Some(id.as_str()))
                .collect();
            if warnings.is_empty() {
                ui.label(RichText::new("No warnings").weak());
            } else {
                ui.label(RichText::new(format!("Warnings ({})", warnings.len())).strong());
                for w in warnings {
                    ui.label(RichText::new(w.to_string()).color(theme::warning_text(theme_kind)));
                }
            }
        });
    if let Some(target) = ctx.clicks.select {
        canvas.select(&target, false);
        canvas.center_requested = Some(target);
    }
}

fn refs_ui(ui: &mut egui::Ui, doc: &LoadedDoc, id: &str, ctx: &mut ValueCtx<'_>) {
    let graph = &doc.derived.graph;
    let outgoing = graph.outgoing_refs(id);
    let incoming = graph.incoming_refs(id);
    ui.label(RichText::new(format!("Uses ({})", outgoing.len())).strong());
    for (target, edge) in outgoing {
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(RichText::new(target).color(theme::link(ctx.theme)))
                .clicked()
            {
                ctx.clicks.select = Some(target.to_owned());
            }
            ui.label(RichText::new(format!("{} at {}", edge.kind.label(), edge.path)).weak());
        });
    }
    ui.label(RichText::new(format!("Used by ({})", incoming.len())).strong());
    for (holder, edge) in incoming {
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(RichText::new(holder).color(theme::link(ctx.theme)))
                .clicked()
            {
                ctx.clicks.select = Some(holder.to_owned());
            }
            ui.label(RichText::new(format!("{} at {}", edge.kind.label(), edge.path)).weak());
        });
    }
}
