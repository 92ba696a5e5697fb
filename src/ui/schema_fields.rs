//! What the inspector knows from the resource schemas: the values a property takes (a
//! drop-down), the resources of the template it can refer to, whether it is required,
//! create-only or deprecated, and "Add property" for the properties a resource does not set.

use egui::RichText;

use super::known_enums::KNOWN_ENUMS;
use super::property_editor::{FieldChange, FieldTarget, enum_field_ui};
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

/// The type of a property as "Add property" lists it: `integer`, `array`, `object`.
fn kind_of(prop: crate::schema::Property<'_>) -> String {
    let kind = prop.types().describe();
    if !kind.is_empty() {
        kind
    } else if prop.items().is_some() {
        "array".to_owned()
    } else if prop.properties().next().is_some() {
        "object".to_owned()
    } else {
        "any".to_owned()
    }
}

/// The edits that set the value at `path` under the resource's `Properties`.
fn set_at(logical_id: &str, path: &[&str], value: crate::cfn::Node) -> Edit {
    let mut keys = vec!["Properties".to_owned()];
    keys.extend(path.iter().map(|s| (*s).to_owned()));
    Edit::SetValue {
        logical_id: logical_id.to_owned(),
        path: keys,
        value: Some(value),
    }
}

/// "Add property" (at the top, `parent` empty) or "Add to VpcConfig" (inside a mapping the
/// resource sets, `parent` its keys from `Properties` down): the properties of that level
/// the resource does not set, searchable, each with its type; a click adds it with its
/// starting value (the default, an enum's first value, a reference to a matching resource,
/// or a placeholder) as one undo step.
pub fn add_property_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    logical_id: &str,
    schema: &TypeSchema,
    parent: &[&str],
    search: &mut String,
) -> Option<(String, Vec<Edit>)> {
    let resource = doc.template.resource(logical_id)?;
    let props = resource.properties();
    let here = match parent.split_first() {
        None => props,
        Some((first, rest)) => props
            .and_then(|p| p.get(first))
            .and_then(|n| n.get_path(rest))
            .and_then(Node::as_mapping),
    };
    if here.is_none() && !parent.is_empty() {
        return None;
    }
    let set: Vec<&str> = here.map(|m| m.keys().collect()).unwrap_or_default();
    let pointer = parent.join("/");
    let level = if parent.is_empty() {
        schema.root()
    } else {
        schema.property(&pointer)?
    };
    let required = level.required();
    let mut unset: Vec<(&str, crate::schema::Property<'_>)> = level
        .properties()
        .filter(|(name, _)| !set.contains(name))
        .filter(|(name, _)| {
            let path = if parent.is_empty() {
                (*name).to_owned()
            } else {
                format!("{pointer}/{name}")
            };
            !schema.is_read_only(&path)
        })
        .collect();
    if unset.is_empty() && !parent.is_empty() {
        return None;
    }
    let title = match parent.last() {
        None => "Add property".to_owned(),
        Some(last) => format!("Add to {last}"),
    };
    let mut chosen = None;
    egui::CollapsingHeader::new(&title)
        .id_salt(("add property", logical_id, &pointer))
        .show(ui, |ui| {
            if parent.is_empty() {
                ui.add(
                    egui::TextEdit::singleline(search)
                        .hint_text("Search properties")
                        .desired_width(f32::INFINITY),
                )
                .accessible_name("Search properties");
                let query = search.trim().to_lowercase();
                unset.retain(|(name, _)| query.is_empty() || name.to_lowercase().contains(&query));
            }
            if unset.is_empty() {
                ui.label(RichText::new("No property left to add").weak());
            }
            for (name, prop) in unset {
                let mut kind = kind_of(prop);
                if required.iter().any(|r| r == name) {
                    kind.push_str(", required");
                }
                let path = if parent.is_empty() {
                    name.to_owned()
                } else {
                    format!("{pointer}/{name}")
                };
                if schema.is_deprecated(&path) {
                    kind.push_str(", deprecated");
                }
                ui.horizontal(|ui| {
                    let shown = if parent.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{}.{name}", parent.join("."))
                    };
                    if ui
                        .small_button(format!("Add {shown}"))
                        .on_hover_text(format!("Add {shown} ({kind})"))
                        .clicked()
                        && let Some((value, extra)) =
                            crate::edit::initial_value(doc, logical_id, &path)
                    {
                        // A resource it brings (a role) comes first, then the reference.
                        let mut edits = extra;
                        let mut keys = parent.to_vec();
                        keys.push(name);
                        edits.push(set_at(logical_id, &keys, value));
                        chosen = Some((format!("Add {logical_id}.{shown}"), edits));
                    }
                    ui.label(RichText::new(kind).weak().small());
                });
            }
        });
    chosen
}

/// Inside a property the resource sets, to the depth of `MAX_DEPTH`: "Add to X" for a
/// mapping, and for a list "Add item to X" (an item with its required properties) and the
/// template's resources an item can refer to ("Add a subnet to SubnetIds").
pub fn nested_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    logical_id: &str,
    schema: &TypeSchema,
    path: &[&str],
    node: &Node,
) -> Option<(String, Vec<Edit>)> {
    const MAX_DEPTH: usize = 3;
    if path.len() > MAX_DEPTH {
        return None;
    }
    let pointer = path.join("/");
    let prop = schema.property(&pointer)?;
    let shown = path.join(".");
    match &node.value {
        Value::Mapping(m) => {
            let mut chosen = add_property_ui(ui, doc, logical_id, schema, path, &mut String::new());
            for (key, child) in m.iter() {
                if matches!(child.value, Value::Mapping(_) | Value::Sequence(_)) {
                    let mut deeper = path.to_vec();
                    deeper.push(key);
                    chosen = chosen.or(nested_ui(ui, doc, logical_id, schema, &deeper, child));
                }
            }
            chosen
        }
        Value::Sequence(items) => {
            prop.items()?;
            let item_path = format!("{pointer}/*");
            let mut chosen = None;
            let append = |value: Node| {
                let mut list = items.clone();
                list.push(value);
                set_at(logical_id, path, Node::new(Value::Sequence(list)))
            };
            let offers =
                crate::edit::reference_offers(&doc.template, schema, &item_path, logical_id);
            let listed: Vec<String> = items
                .iter()
                .map(|i| crate::cfn::write_yaml_value(i).trim_end().to_owned())
                .collect();
            let fresh: Vec<&ReferenceOffer> = offers
                .iter()
                .filter(|o| !listed.contains(&o.text))
                .collect();
            ui.horizontal_wrapped(|ui| {
                if fresh.is_empty() {
                    if ui
                        .small_button(format!("Add item to {shown}"))
                        .on_hover_text(format!("Add an item to {shown}, with what it requires"))
                        .clicked()
                        && let Some((value, extra)) =
                            crate::edit::initial_value(doc, logical_id, &item_path)
                    {
                        let mut edits = extra;
                        edits.push(append(value));
                        chosen = Some((format!("Add an item to {logical_id}.{shown}"), edits));
                    }
                } else {
                    egui::ComboBox::new(
                        ("add item", logical_id, &pointer),
                        format!("{shown} items"),
                    )
                    .selected_text(format!("Add to {shown}..."))
                    .show_ui(ui, |ui| {
                        for o in fresh {
                            if ui
                                .selectable_label(false, &o.text)
                                .on_hover_text(format!("Add {} to {shown}", o.logical_id))
                                .clicked()
                            {
                                chosen = Some((
                                    format!("Add {} to {logical_id}.{shown}", o.logical_id),
                                    vec![append(o.value.clone())],
                                ));
                            }
                        }
                    });
                }
            });
            chosen
        }
        _ => None,
    }
}

fn removal(logical_id: &str, key: &str) -> (String, Vec<Edit>) {
    (
        format!("Remove {logical_id}.{key}"),
        vec![Edit::SetValue {
            logical_id: logical_id.to_owned(),
            path: vec!["Properties".to_owned(), key.to_owned()],
            value: None,
        }],
    )
}

/// A property's Remove button. A required property is not removed at once: the button asks
/// first ([`remove_confirm_ui`]), since CloudFormation refuses the resource without it.
pub fn remove_button_ui(
    ui: &mut egui::Ui,
    logical_id: &str,
    key: &str,
    hints: &PropertyHints,
    confirm: &mut Option<(String, String)>,
) -> Option<(String, Vec<Edit>)> {
    if !ui
        .small_button(RichText::new("Remove").small())
        .accessible_name(format!("Remove {key}"))
        .on_hover_text(format!("Remove {key} from {logical_id}"))
        .clicked()
    {
        return None;
    }
    if hints.required {
        *confirm = Some((logical_id.to_owned(), key.to_owned()));
        return None;
    }
    Some(removal(logical_id, key))
}

/// After Remove on a required property: why it matters, and "Remove anyway" or "Keep it".
pub fn remove_confirm_ui(
    ui: &mut egui::Ui,
    logical_id: &str,
    key: &str,
    type_name: &str,
    theme_kind: Theme,
    confirm: &mut Option<(String, String)>,
) -> Option<(String, Vec<Edit>)> {
    if confirm.as_ref() != Some(&(logical_id.to_owned(), key.to_owned())) {
        return None;
    }
    ui.label(
        RichText::new(format!(
            "{key} is required: CloudFormation refuses a {type_name} without it"
        ))
        .color(theme::warning_text(theme_kind)),
    );
    let mut out = None;
    ui.horizontal(|ui| {
        if ui.small_button(format!("Remove {key} anyway")).clicked() {
            *confirm = None;
            out = Some(removal(logical_id, key));
        }
        if ui
            .small_button("Keep it")
            .accessible_name(format!("Keep {key}"))
            .clicked()
        {
            *confirm = None;
        }
    });
    out
}
