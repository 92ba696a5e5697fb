//! The inspector: the selected resource's type, attributes and properties (editable), its
//! references in and out, and its warnings.

use egui::RichText;

use super::property_editor::{
    EditBuffer, FieldHelp, FieldResults, FieldTarget, edit_value_ui, is_editing,
};
use super::values::{ValueClicks, ValueCtx, value_ui};
use crate::canvas::CanvasState;
use crate::cfn::{Diagnostic, LogicalId, RegionLiteral, Value};
use crate::scene::Theme;
use crate::session::OpenDoc;
use crate::ui::theme;

/// What the user asked for in the inspector.
#[derive(Debug, Default)]
pub struct InspectorOutput {
    /// What the fields committed or refused.
    pub fields: FieldResults,
    /// Whether the user asked to rename the resource.
    pub rename: bool,
    /// A fix the user chose: its undo label and edits.
    pub fix: Option<(String, Vec<crate::edit::Edit>)>,
}

/// Shows the inspector for the canvas selection.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    doc: &OpenDoc,
    canvas: &mut CanvasState,
    theme_kind: Theme,
    buffer: &mut Option<EditBuffer>,
    add_search: &mut String,
    confirm_remove: &mut Option<(String, String)>,
) -> InspectorOutput {
    let mut out = InspectorOutput::default();
    let Some(id) = canvas.selection.first().cloned() else {
        ui.heading("Inspector");
        ui.label(format!(
            "{} resources",
            doc.opened.document.template.resource_count()
        ));
        ui.label(
            RichText::new("Click a resource to inspect it; Shift-drag to select several").weak(),
        );
        return out;
    };
    let template = &doc.opened.document.template;
    // A resource made by a loop shows, and edits, the loop's body.
    let loops = template.loops();
    let Some(resource) = loops.body(template, &id).or_else(|| template.resource(&id)) else {
        if let Some(n) = doc.diagram.derived.flow.implicit(&id) {
            ui.heading(id.as_str());
            ui.label(RichText::new(n.type_name).monospace());
            ui.label(format!(
                "Made by the SAM transform for the events of {} that name no API. It is not in \
                 the template, so there is nothing to edit here: give the events an API of \
                 your own to change it.",
                n.made_for.join(", ")
            ));
            return out;
        }
        ui.label(format!("{id} is not in the template"));
        return out;
    };
    ui.horizontal(|ui| {
        ui.heading(id.as_str());
        // A loop's resource is renamed by changing the loop.
        if loops.generated(&id).is_none()
            && ui.small_button("Rename...").on_hover_text("F2").clicked()
        {
            out.rename = true;
        }
    });
    ui.label(RichText::new(resource.type_name()).monospace());
    let schema = crate::schema::lookup(resource.type_name());
    super::schema_fields::type_notes_ui(ui, schema.as_deref(), theme_kind);
    if let (Some(g), Some(family)) = (loops.generated(&id), loops.family_of(&id)) {
        ui.label(RichText::new(family.describe()).monospace());
        let values: Vec<String> = g.bindings.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let made = if values.is_empty() {
            format!("Made by a loop from {}", resource.logical_id)
        } else {
            format!(
                "Made by a loop from {} with {}",
                resource.logical_id,
                values.join(", ")
            )
        };
        let copies = if g.repeat.is_some() {
            "every value"
        } else {
            "every copy"
        };
        ui.label(
            RichText::new(format!(
                "{made}; edits change the loop's body, for {copies}"
            ))
            .weak(),
        );
    }
    if canvas.selection.len() > 1 {
        ui.label(RichText::new(format!("and {} more selected", canvas.selection.len() - 1)).weak());
    }
    ui.separator();
    let help = FieldHelp {
        theme: theme_kind,
        template: Some(template),
        schema: schema.as_deref(),
    };
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
                if key == "Properties" || key == "Type" {
                    continue;
                }
                let target = FieldTarget::Resource {
                    logical_id: id.to_string(),
                    path: vec![key.to_owned()],
                };
                out.fields
                    .push(edit_value_ui(ui, buffer, &target, key, node, &help));
            }
            ui.separator();
            ui.label(RichText::new("Properties").strong());
            let literals: Vec<RegionLiteral> = crate::cfn::region_literals(template)
                .into_iter()
                .filter(|l| l.logical_id == id.as_str())
                .collect();
            for (key, node) in resource
                .properties()
                .into_iter()
                .flat_map(crate::cfn::Mapping::iter)
            {
                let row = PropertyRow {
                    doc,
                    logical_id: &id,
                    type_name: resource.type_name(),
                    schema: schema.as_deref(),
                    help: &help,
                    // A loop's body is edited through the loop: no removing or adding there.
                    in_loop: loops.generated(&id).is_some(),
                };
                let fix = row.ui(
                    ui,
                    buffer,
                    confirm_remove,
                    &mut ctx,
                    &mut out.fields,
                    key,
                    node,
                );
                out.fix = out.fix.take().or(fix);
                // A region-specific literal gets its fix beside it: a parameter, in one step.
                let here = literals
                    .iter()
                    .filter(|l| l.path.get(1).is_some_and(|k| k == key));
                if let Some(fix) = region_fix_ui(ui, doc.document(), here) {
                    out.fix = Some(fix);
                }
            }
            // A loop's body is not a resource of the template: its properties are added by
            // editing the loop.
            if let Some(schema) = schema.as_deref()
                && loops.generated(&id).is_none()
                && let Some(fix) = super::schema_fields::add_property_ui(
                    ui,
                    doc.document(),
                    &id,
                    schema,
                    &[],
                    add_search,
                )
            {
                out.fix = Some(fix);
            }
            ui.separator();
            refs_ui(ui, doc, &id, &mut ctx);
            ui.separator();
            let problems: Vec<&Diagnostic> = doc
                .opened
                .import_diagnostics
                .iter()
                .chain(doc.diagram.derived.diagnostics())
                .filter(|d| d.logical_id.as_deref() == Some(id.as_str()))
                .collect();
            if problems.is_empty() {
                ui.label(RichText::new("No errors or warnings").weak());
            } else {
                let errors = problems.iter().filter(|d| d.is_error()).count();
                ui.label(RichText::new(problem_count(errors, problems.len() - errors)).strong());
                for d in problems {
                    let color = if d.is_error() {
                        theme::error_text(theme_kind)
                    } else {
                        theme::warning_text(theme_kind)
                    };
                    ui.label(RichText::new(d.to_string()).color(color));
                }
            }
            // Literals outside the properties (in Metadata, say) get their fixes here.
            let elsewhere = literals
                .iter()
                .filter(|l| l.path.first().is_none_or(|k| k != "Properties"));
            if let Some(fix) = region_fix_ui(ui, doc.document(), elsewhere) {
                out.fix = Some(fix);
            }
        });
    if let Some(target) = ctx.clicks.select {
        canvas.select(&target, false);
        canvas.center_requested = Some(LogicalId::from(target));
    }
    out
}

/// "Make subnet-… a parameter" for each literal: the fix the user chose, if any.
fn region_fix_ui<'l>(
    ui: &mut egui::Ui,
    document: &crate::model::Document,
    literals: impl Iterator<Item = &'l RegionLiteral>,
) -> Option<(String, Vec<crate::edit::Edit>)> {
    let mut chosen = None;
    for literal in literals {
        let text = format!("Make {} a parameter", literal.value);
        let hover = format!(
            "{} becomes a parameter of type {} with this default, and {} refers to it",
            literal.path.join("."),
            literal.kind.parameter_type(),
            literal.logical_id
        );
        if ui.small_button(&text).on_hover_text(hover).clicked() {
            let (name, edits) = crate::edit::parameterize(document, literal);
            chosen = Some((
                format!("Make {} the parameter {name}", literal.value),
                edits,
            ));
        }
    }
    chosen
}

/// What one property's row needs to know.
struct PropertyRow<'a> {
    doc: &'a OpenDoc,
    logical_id: &'a str,
    type_name: &'a str,
    schema: Option<&'a crate::schema::TypeSchema>,
    help: &'a FieldHelp<'a>,
    in_loop: bool,
}

impl PropertyRow<'_> {
    /// One property: its value (a field, a drop-down, or a tree with an "Edit" button) and
    /// its Remove button on one line; the template's resources it can refer to; its notes;
    /// and inside a mapping or list, what can be added there. Returns a fix the user chose
    /// (a removal, an addition).
    fn ui(
        &self,
        ui: &mut egui::Ui,
        buffer: &mut Option<EditBuffer>,
        confirm: &mut Option<(String, String)>,
        ctx: &mut ValueCtx<'_>,
        fields: &mut FieldResults,
        key: &str,
        node: &crate::cfn::Node,
    ) -> Option<(String, Vec<crate::edit::Edit>)> {
        let template = &self.doc.opened.document.template;
        let target = FieldTarget::Resource {
            logical_id: self.logical_id.to_owned(),
            path: vec!["Properties".to_owned(), key.to_owned()],
        };
        let hints = super::schema_fields::hints(self.schema, template, self.logical_id, key);
        if is_editing(buffer.as_ref(), &target) {
            fields.push(edit_value_ui(ui, buffer, &target, key, node, self.help));
            super::schema_fields::notes_ui(ui, &hints, self.help.theme);
            return None;
        }
        if !matches!(
            node.value,
            Value::String(_) | Value::Number(_) | Value::Bool(_)
        ) {
            // References read as links; "Edit" turns the value into a YAML snippet.
            value_ui(ui, ctx, key, node, 2);
        }
        let mut fix = None;
        ui.horizontal(|ui| {
            let change = super::schema_fields::enum_ui(ui, &target, key, node, &hints)
                .unwrap_or_else(|| edit_value_ui(ui, buffer, &target, key, node, self.help));
            fields.push(change);
            if !self.in_loop {
                fix = super::schema_fields::remove_button_ui(
                    ui,
                    self.logical_id,
                    key,
                    &hints,
                    confirm,
                );
            }
        });
        fields.push(super::schema_fields::offers_ui(
            ui,
            &target,
            key,
            node,
            &hints.offers,
        ));
        super::schema_fields::notes_ui(ui, &hints, self.help.theme);
        if self.in_loop {
            return fix;
        }
        fix = fix.or(super::schema_fields::remove_confirm_ui(
            ui,
            self.logical_id,
            key,
            self.type_name,
            self.help.theme,
            confirm,
        ));
        if let Some(schema) = self.schema {
            fix = fix.or(super::schema_fields::nested_ui(
                ui,
                self.doc.document(),
                self.logical_id,
                schema,
                &[key],
                node,
            ));
        }
        fix
    }
}

fn refs_ui(ui: &mut egui::Ui, doc: &OpenDoc, id: &str, ctx: &mut ValueCtx<'_>) {
    // The architecture view folds the wiring into what it serves: both ends say so, so
    // that every resource stays one click away.
    let flow = &doc.diagram.derived.flow;
    if let Some(owner) = flow.folded.get(id) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("In the architecture, part of").weak());
            if ui
                .link(RichText::new(owner.as_str()).color(theme::link(ctx.theme)))
                .clicked()
            {
                ctx.clicks.select = Some(owner.clone());
            }
        });
    }
    let folded = flow.folded_into(id);
    if !folded.is_empty() {
        ui.label(RichText::new(format!("Wiring folded into it ({})", folded.len())).strong());
        ui.horizontal_wrapped(|ui| {
            for link in folded {
                if ui
                    .link(RichText::new(link).color(theme::link(ctx.theme)))
                    .on_hover_text(format!("Select {link}"))
                    .clicked()
                {
                    ctx.clicks.select = Some(link.to_owned());
                }
            }
        });
    }
    let graph = &doc.diagram.derived.graph;
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

/// "2 errors, 1 warning", leaving out a kind there is none of.
pub(crate) fn problem_count(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "No errors or warnings".to_owned(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
