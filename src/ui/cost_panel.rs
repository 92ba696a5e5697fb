//! The cost panel: the Region, the price book's date, the totals and what is not in them, the
//! parameters the estimate assumes, and each resource's monthly cost with its components,
//! most expensive first. A row's name selects the node; a usage field writes the usage into
//! the document's `Metadata.StackCanvas.Usage` as one undo step.

use egui::{Align, Key, Layout, RichText, Stroke, StrokeKind};

use super::command::{AppCommand, UiCommand};
use super::cost_state::{CostView, parse_usage, usage_edit};
use crate::cfn::{LogicalId, Node, Template, Value};
use crate::cost::{
    self, Component, Estimate, Monthly, Quantity, ResourceCost, Status, Usage, dollars_range,
};
use crate::scene::Theme;
use crate::session::{Command, OpenDoc};

/// What the panel needs besides its own state.
pub struct CostPanelView<'a> {
    /// The document priced.
    pub doc: &'a OpenDoc,
    /// The canvas's selection.
    pub selection: &'a [LogicalId],
    /// Whether the canvas shows cost badges.
    pub badges: bool,
    /// Light or dark.
    pub theme: Theme,
}

/// The cost panel.
pub fn cost_panel_ui(
    ui: &mut egui::Ui,
    view: &CostPanelView<'_>,
    state: &mut CostView,
    queue: &mut Vec<UiCommand>,
) {
    ui.horizontal(|ui| {
        ui.heading("Cost");
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let mut badges = view.badges;
            if ui
                .checkbox(&mut badges, AppCommand::ToggleCostBadges.text())
                .on_hover_text("Each node's monthly cost on the canvas")
                .changed()
            {
                queue.push(UiCommand::App(AppCommand::ToggleCostBadges));
            }
        });
    });
    region_ui(ui, state, queue);
    let Some(estimate) = state.estimate().cloned() else {
        ui.label("Not priced yet");
        return;
    };
    match &estimate.book {
        Some(book) => {
            let mut line = book.as_of.clone();
            if let Some(first) = line.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            ui.label(RichText::new(line).weak());
        }
        None => {
            ui.colored_label(
                super::theme::warning_text(view.theme),
                format!(
                    "No price book for {}: every price is unknown",
                    estimate.region
                ),
            );
        }
    }
    if let Some(e) = state.book_error() {
        ui.colored_label(super::theme::error_text(view.theme), e.to_owned());
    }
    for e in state.usage_errors() {
        ui.colored_label(super::theme::error_text(view.theme), e.clone());
    }
    ui.separator();
    totals_ui(ui, &estimate);
    ui.separator();
    let template = &view.doc.document().template;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            parameters_ui(ui, view, template, state, queue);
            ui.separator();
            resources_ui(ui, view, &estimate, state, queue);
        });
}

fn region_ui(ui: &mut egui::Ui, state: &mut CostView, queue: &mut Vec<UiCommand>) {
    let current = state.region.clone();
    ui.horizontal(|ui| {
        // The toolbar's Region picker lists every Region; this one, the price books there are.
        let label = ui.label("Prices for");
        egui::ComboBox::from_id_salt("cost-region")
            .selected_text(&current)
            .show_ui(ui, |ui| {
                for region in state.regions() {
                    if ui.selectable_label(*region == current, region).clicked() {
                        queue.push(UiCommand::SetCostRegion(region.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn totals_ui(ui: &mut egui::Ui, estimate: &Estimate) {
    let t = estimate.totals();
    egui::Grid::new("cost-totals")
        .num_columns(2)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            ui.label("Fixed");
            ui.label(format!("{} per month", dollars_range(t.fixed)));
            ui.end_row();
            ui.label("Usage given");
            ui.label(format!("{} per month", dollars_range(t.usage)));
            ui.end_row();
            ui.label(RichText::new("Total").strong());
            ui.label(RichText::new(format!("{} per month", dollars_range(t.total()))).strong());
            ui.end_row();
        });
    let mut out = Vec::new();
    if t.awaiting_usage > 0 {
        out.push(format!("{} usage-based", t.awaiting_usage));
    }
    if t.unknown > 0 {
        out.push(format!("{} unknown", t.unknown));
    }
    if t.not_priced > 0 {
        out.push(format!("{} not priced", t.not_priced));
    }
    if !out.is_empty() {
        ui.label(format!("Not in the total: {}", out.join(", ")));
    }
}

/// A parameter's default as text, for the field's hint.
fn default_text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_str().to_owned(),
        Value::Bool(b) => b.to_string(),
        _ => crate::cfn::write_yaml_value(node),
    }
}

fn parameters_ui(
    ui: &mut egui::Ui,
    view: &CostPanelView<'_>,
    template: &Template,
    state: &mut CostView,
    queue: &mut Vec<UiCommand>,
) {
    let Some(params) = template.section_mapping("Parameters") else {
        return;
    };
    let values = state.parameters_of(view.doc.id());
    egui::CollapsingHeader::new(format!("Parameters ({})", params.len()))
        .id_salt("cost-parameters")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("cost-parameter-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for (name, p) in params.iter() {
                        let hint = p
                            .get_path(&["Default"])
                            .map_or_else(|| "no default: give a value".to_owned(), default_text);
                        ui.label(name);
                        let committed = values.get(name).cloned().unwrap_or_default();
                        let field = format!("param:{name}");
                        if let Some(text) = text_field_ui(
                            ui,
                            state,
                            &field,
                            &committed,
                            &hint,
                            &format!("Parameter {name}"),
                            view.theme,
                        ) {
                            queue.push(UiCommand::SetParameter {
                                name: name.to_owned(),
                                value: text.trim().to_owned(),
                            });
                        }
                        ui.end_row();
                    }
                });
            ui.label(
                RichText::new("Empty takes the default; the values decide which Conditions hold")
                    .weak()
                    .small(),
            );
        });
}

/// A text field that commits on Enter or focus loss and drops what was typed on Escape;
/// returns the text to commit. A refused field (`state.refused`) keeps its text and a red
/// outline.
fn text_field_ui(
    ui: &mut egui::Ui,
    state: &mut CostView,
    field: &str,
    committed: &str,
    hint: &str,
    name: &str,
    theme: Theme,
) -> Option<String> {
    let mut text = state
        .drafts
        .get(field)
        .cloned()
        .unwrap_or_else(|| committed.to_owned());
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text(hint)
                .desired_width(150.0),
        )
        .accessible_name(name);
    if state.refused.contains(field) {
        ui.painter().rect_stroke(
            r.rect,
            2,
            Stroke::new(1.5, super::theme::error_text(theme)),
            StrokeKind::Outside,
        );
    }
    if r.has_focus() || r.changed() {
        if r.changed() {
            state.refused.remove(field);
        }
        state.drafts.insert(field.to_owned(), text.clone());
    }
    if r.lost_focus() {
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            state.drafts.remove(field);
            state.refused.remove(field);
            return None;
        }
        let typed = state.drafts.remove(field)?;
        if typed == committed && !state.refused.contains(field) {
            return None;
        }
        return Some(typed);
    }
    None
}

/// What a resource's row says: [`cost::resource_text`], except that a resource with nothing
/// known is "unknown", never "$0.00 + unknown".
fn row_text(r: &ResourceCost) -> String {
    let known = r
        .components
        .iter()
        .any(|c| matches!(c.monthly, Monthly::Fixed(_) | Monthly::Usage(_)));
    if r.status == Status::Priced && !known && r.unknown() > 0 {
        return if r.awaiting_usage() > 0 {
            "unknown + usage".to_owned()
        } else {
            "unknown".to_owned()
        };
    }
    cost::resource_text(r)
}

fn resources_ui(
    ui: &mut egui::Ui,
    view: &CostPanelView<'_>,
    estimate: &Estimate,
    state: &mut CostView,
    queue: &mut Vec<UiCommand>,
) {
    let mut rows: Vec<&ResourceCost> = estimate
        .resources
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                Status::Priced | Status::Unknown(_) | Status::NotPriced
            )
        })
        .collect();
    // Most expensive first (the high end of a range); the sort is stable, so equal costs keep
    // template order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.total().hi));
    for r in rows {
        resource_ui(ui, view, r, state, queue);
    }
    let free: Vec<&ResourceCost> = estimate
        .resources
        .iter()
        .filter(|r| matches!(r.status, Status::Free(_)))
        .collect();
    let not_created: Vec<&ResourceCost> = estimate
        .resources
        .iter()
        .filter(|r| matches!(r.status, Status::NotCreated(_)))
        .collect();
    for (title, list) in [("No charge", free), ("Not created", not_created)] {
        if list.is_empty() {
            continue;
        }
        egui::CollapsingHeader::new(format!("{title} ({})", list.len()))
            .id_salt(("cost-group", title))
            .default_open(false)
            .show(ui, |ui| {
                for r in list {
                    let why = match &r.status {
                        Status::Free(why) | Status::NotCreated(why) => why.as_str(),
                        _ => "",
                    };
                    ui.horizontal_wrapped(|ui| {
                        select_label_ui(ui, view, &r.logical_id, queue);
                        ui.label(RichText::new(why).weak());
                    });
                }
            });
    }
}

/// The logical ID as a selectable label: a click selects the node on the canvas.
fn select_label_ui(
    ui: &mut egui::Ui,
    view: &CostPanelView<'_>,
    logical_id: &str,
    queue: &mut Vec<UiCommand>,
) {
    let selected = view.selection.iter().any(|s| s == logical_id);
    let r = ui
        .selectable_label(selected, RichText::new(logical_id).strong())
        .accessible_name(format!("Cost of {logical_id}"))
        .on_hover_text("Select on the canvas");
    if r.clicked() {
        queue.push(UiCommand::SelectResource(LogicalId::from(logical_id)));
    }
}

fn resource_ui(
    ui: &mut egui::Ui,
    view: &CostPanelView<'_>,
    r: &ResourceCost,
    state: &mut CostView,
    queue: &mut Vec<UiCommand>,
) {
    let id = ui.make_persistent_id(("cost-row", &r.logical_id));
    let mut row =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false);
    // A resource just selected (here or on the canvas) opens its row, once.
    let first = view.selection.first().map(LogicalId::as_str);
    if first == Some(r.logical_id.as_str()) && state.opened_for.as_deref() != first {
        row.set_open(true);
        state.opened_for = Some(r.logical_id.clone());
    }
    row.show_header(ui, |ui| {
        select_label_ui(ui, view, &r.logical_id, queue);
        let short = r.type_name.strip_prefix("AWS::").unwrap_or(&r.type_name);
        ui.label(RichText::new(short).weak().small());
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(row_text(r));
        });
    })
    .body(|ui| {
        if let Status::Unknown(reason) = &r.status {
            ui.label(format!("unknown: {reason}"));
        }
        if r.status == Status::NotPriced {
            ui.label("Stack Canvas does not price this type yet");
        }
        for c in &r.components {
            component_ui(ui, c);
        }
        for note in &r.notes {
            ui.label(RichText::new(format!("Note: {note}")).weak().small());
        }
        usage_fields_ui(ui, view, r, state, queue);
    });
}

fn component_ui(ui: &mut egui::Ui, c: &Component) {
    let dollars = matches!(c.monthly, Monthly::Fixed(_) | Monthly::Usage(_));
    ui.horizontal(|ui| {
        ui.label(&c.name);
        if dollars {
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.label(cost::monthly_text(c));
            });
        }
    });
    let price = cost::unit_price_text(c).unwrap_or_else(|| "no price".to_owned());
    ui.indent(("cost-component", &c.name), |ui| {
        // A per-unit cost says its price on the next line already.
        let line = if c.monthly == Monthly::PerUnit {
            cost::quantity_text(c)
        } else {
            format!("{} × {price}", cost::quantity_text(c))
        };
        ui.label(RichText::new(line).weak().small());
        if !dollars {
            ui.label(RichText::new(cost::monthly_text(c)).small());
        }
    });
}

/// The usage keys a resource reads, in component order.
fn usage_keys(r: &ResourceCost) -> Vec<&str> {
    let mut keys: Vec<&str> = Vec::new();
    for c in &r.components {
        if let Quantity::Usage { key, .. } = &c.quantity
            && !keys.contains(&key.as_str())
        {
            keys.push(key);
        }
    }
    keys
}

fn usage_fields_ui(
    ui: &mut egui::Ui,
    view: &CostPanelView<'_>,
    r: &ResourceCost,
    state: &mut CostView,
    queue: &mut Vec<UiCommand>,
) {
    let keys = usage_keys(r);
    if keys.is_empty() {
        return;
    }
    ui.label(RichText::new("Usage a month").strong());
    let given: Usage = state.usage().cloned().unwrap_or_default();
    let template = &view.doc.document().template;
    egui::Grid::new(("cost-usage", &r.logical_id))
        .num_columns(2)
        .show(ui, |ui| {
            for key in keys {
                let field = format!("usage:{}:{key}", r.logical_id);
                let committed_value = given.get(&r.logical_id).and_then(|m| m.get(key)).copied();
                let committed = committed_value
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_default();
                ui.label(key);
                let name = format!("Usage {} {key}", r.logical_id);
                if let Some(text) = text_field_ui(
                    ui,
                    state,
                    &field,
                    &committed,
                    "not given",
                    &name,
                    view.theme,
                ) {
                    match parse_usage(&text) {
                        Ok(value) if value == committed_value => {
                            state.refused.remove(&field);
                        }
                        Ok(value) => {
                            state.refused.remove(&field);
                            if let Some(edit) = usage_edit(template, &r.logical_id, key, value) {
                                let verb = if value.is_some() { "Set" } else { "Remove" };
                                queue.push(UiCommand::Session(Command::Edit {
                                    label: format!("{verb} usage {}.{key}", r.logical_id),
                                    edits: vec![edit],
                                }));
                            }
                        }
                        Err(_) => {
                            // Nothing commits: the field keeps what was typed, in red.
                            state.refused.insert(field.clone());
                            state.drafts.insert(field.clone(), text);
                        }
                    }
                }
                ui.end_row();
                if state.refused.contains(&field) {
                    ui.label("");
                    ui.colored_label(
                        super::theme::error_text(view.theme),
                        "Not a number of zero or more: nothing changed",
                    );
                    ui.end_row();
                }
            }
        });
}
