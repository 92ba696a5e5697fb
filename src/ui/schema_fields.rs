//! What the inspector knows from the resource schemas: the values a property takes (a
//! drop-down), the resources of the template it can refer to, whether it is required,
//! create-only or deprecated, and "Add property" for the properties a resource does not set.

use egui::RichText;

use super::property_editor::{FieldChange, FieldTarget, KNOWN_ENUMS, enum_field_ui};
use crate::cfn::{Node, Template, Value};
use crate::edit::{Edit, ReferenceOffer};
use crate::model::Document;
use crate::scene::Theme;
use crate::schema::TypeSchema;
use crate::ui::theme;

/// What the schema says about one top-level property of a resource.
#[derive(Clone, Debug, Default)]
pub struct PropertyHints {
    /// The values it takes, when the schema lists strings (or the curated list of
    /// [`KNOWN_ENUMS`] when the schema's list has all of those and more).
    pub enum_values: Vec<String>,
    /// Resources of the template it can refer to.
    pub offers: Vec<ReferenceOffer>,
    /// Whether a resource must set it.
    pub required: bool,
    /// Whether changing it replaces the resource.
    pub create_only: bool,
    /// Whether the schema marks it deprecated.
    pub deprecated: bool,
}

/// The hints for property `key` of resource `logical_id`, whose type has `schema`.
pub fn hints(
    schema: Option<&TypeSchema>,
    template: &Template,
    logical_id: &str,
    key: &str,
) -> PropertyHints {
    let Some(schema) = schema else {
        return PropertyHints::default();
    };
    let mut enum_values: Vec<String> = schema
        .enum_values(key)
        .map(|(values, _)| {
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if let Some((_, known)) = KNOWN_ENUMS.iter().find(|(k, _)| *k == key)
        && (enum_values.is_empty() || known.iter().all(|k| enum_values.iter().any(|v| v == k)))
    {
        enum_values = known.iter().map(|k| (*k).to_owned()).collect();
    }
    PropertyHints {
        enum_values,
        offers: crate::edit::reference_offers(template, schema, key, logical_id),
        required: schema.required().iter().any(|r| r == key),
        create_only: schema.is_create_only(key),
        deprecated: schema.is_deprecated(key),
    }
}

/// A string property with listed values, as a drop-down; `None` when it is not one.
pub fn enum_ui(
    ui: &mut egui::Ui,
    target: &FieldTarget,
    key: &str,
    node: &Node,
    hints: &PropertyHints,
) -> Option<FieldChange> {
    let Value::String(current) = &node.value else {
        return None;
    };
    if hints.enum_values.is_empty() {
        return None;
    }
    let options: Vec<&str> = hints.enum_values.iter().map(String::as_str).collect();
    Some(enum_field_ui(ui, target, key, current, &options))
}

/// The resources a property can refer to, as a drop-down whose choice is written in place of
/// the value; nothing when there are none, or when the value already is the only one.
pub fn offers_ui(
    ui: &mut egui::Ui,
    target: &FieldTarget,
    key: &str,
    node: &Node,
    offers: &[ReferenceOffer],
) -> FieldChange {
    let current = crate::cfn::write_yaml_value(node).trim_end().to_owned();
    if offers.is_empty() || (offers.len() == 1 && offers.iter().any(|o| o.text == current)) {
        return FieldChange::None;
    }
    let mut chosen: Option<Node> = None;
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::new(("offers", target), format!("{key} from the template"))
            .selected_text(if offers.iter().any(|o| o.text == current) {
                current.clone()
            } else {
                "Use a resource...".to_owned()
            })
            .show_ui(ui, |ui| {
                for o in offers {
                    if ui
                        .selectable_label(o.text == current, &o.text)
                        .on_hover_text(format!("Refer to {}", o.logical_id))
                        .clicked()
                        && o.text != current
                    {
                        chosen = Some(o.value.clone());
                    }
                }
            });
    });
    chosen.map_or(FieldChange::None, |v| FieldChange::Commit(target.edit(v)))
}

/// The property's notes: required, replaces the resource when changed, deprecated.
pub fn notes_ui(ui: &mut egui::Ui, hints: &PropertyHints, theme_kind: Theme) {
    let mut notes: Vec<&str> = Vec::new();
    if hints.required {
        notes.push("Required");
    }
    if hints.create_only {
        notes.push("Changing this replaces the resource");
    }
    if hints.deprecated {
        notes.push("Deprecated");
    }
    if notes.is_empty() {
        return;
    }
    let text = RichText::new(notes.join(" \u{b7} ")).small();
    if hints.create_only || hints.deprecated {
        ui.label(text.color(theme::warning_text(theme_kind)));
    } else {
        ui.label(text.weak());
    }
}

/// What the resource's type says of itself: deprecated, or not in the bundle at all.
pub fn type_notes_ui(ui: &mut egui::Ui, schema: Option<&TypeSchema>, theme_kind: Theme) {
    let Some(schema) = schema else {
        return;
    };
    if let Some(l) = schema.lifecycle() {
        let what = match l.status {
            crate::schema::LifecycleStatus::Maintenance => "in maintenance",
            crate::schema::LifecycleStatus::Sunset => "being retired",
            crate::schema::LifecycleStatus::Shutdown => "shut down",
        };
        let when = l.date.map(|d| format!(" ({d})")).unwrap_or_default();
        ui.label(
            RichText::new(format!("Deprecated: its service is {what}{when}"))
                .color(theme::warning_text(theme_kind)),
        );
    }
}

/// "Add property": the top-level properties the resource does not set, searchable, each with
/// its type; a click adds it with its starting value (the default, an enum's first value, a
/// reference to a matching resource, or a placeholder) as one undo step.
pub fn add_property_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    logical_id: &str,
    schema: &TypeSchema,
    search: &mut String,
) -> Option<(String, Vec<Edit>)> {
    let resource = doc.template.resource(logical_id)?;
    let set: Vec<&str> = resource
        .properties()
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    let mut chosen = None;
    egui::CollapsingHeader::new("Add property")
        .id_salt(("add property", logical_id))
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::singleline(search)
                    .hint_text("Search properties")
                    .desired_width(f32::INFINITY),
            )
            .accessible_name("Search properties");
            let query = search.trim().to_lowercase();
            let unset: Vec<(&str, crate::schema::Property<'_>)> = schema
                .properties()
                .filter(|(name, _)| !set.contains(name) && !schema.is_read_only(name))
                .filter(|(name, _)| query.is_empty() || name.to_lowercase().contains(&query))
                .collect();
            if unset.is_empty() {
                ui.label(RichText::new("No property left to add").weak());
            }
            for (name, prop) in unset {
                let mut kind = prop.types().describe();
                if kind.is_empty() {
                    kind = if prop.items().is_some() {
                        "array".to_owned()
                    } else if prop.properties().next().is_some() {
                        "object".to_owned()
                    } else {
                        "any".to_owned()
                    };
                }
                if schema.required().iter().any(|r| r == name) {
                    kind.push_str(", required");
                }
                if schema.is_deprecated(name) {
                    kind.push_str(", deprecated");
                }
                ui.horizontal(|ui| {
                    if ui
                        .small_button(format!("Add {name}"))
                        .on_hover_text(format!("Add {name} ({kind})"))
                        .clicked()
                        && let Some((value, extra)) =
                            crate::edit::initial_value(doc, logical_id, name)
                    {
                        // A resource it brings (a role) comes first, then the reference.
                        let mut edits = extra;
                        edits.push(Edit::SetValue {
                            logical_id: logical_id.to_owned(),
                            path: vec!["Properties".to_owned(), name.to_owned()],
                            value: Some(value),
                        });
                        chosen = Some((format!("Add {logical_id}.{name}"), edits));
                    }
                    ui.label(RichText::new(kind).weak().small());
                });
            }
        });
    chosen
}
