//! Compare mode: the open document against another version of it (a file, or a git revision
//! of its file). The canvas shows the picture of the change (`view::compare_diagram`), a
//! banner says what is compared and counts the impacts, and the Changes panel lists every
//! change; a row selects its resource, and the selected resource's changes are shown before
//! and after. The comparison follows the document: every edit compares again.

use std::path::Path;

use egui::{Color32, RichText};

use super::command::{AppCommand, CompareSource, UiCommand};
use crate::cfn::{self, LogicalId, Node, Template};
use crate::compare::{self, Comparison, EntryChange, Impact, RevisionChoice};
use crate::cost::{self, Book, Inputs, dollars_range, signed_dollars_range};
use crate::scene::{Scene, impact_color};
use crate::session::OpenDoc;
use crate::view::{ViewFilters, compare_diagram};

/// The old version, read.
#[derive(Clone, Debug)]
pub struct OldVersion {
    /// How it is named: the path, or `REV:file`.
    pub name: String,
    /// The template.
    pub template: Template,
}

/// Reads the old version: its bytes, then the template; an error says what and where.
pub fn read_old(source: &CompareSource, doc_path: Option<&Path>) -> Result<OldVersion, String> {
    let (name, bytes, format_path) = match source {
        CompareSource::File(path) => (
            path.display().to_string(),
            crate::session::read_template_file(path).map_err(|e| format!("{e:#}"))?,
            path.clone(),
        ),
        CompareSource::Revision(rev) => {
            let path = doc_path
                .ok_or_else(|| "the document has no file, so it has no git revisions".to_owned())?;
            let file = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (
                format!("{rev}:{file}"),
                compare::read_revision(rev, path)?,
                path.to_path_buf(),
            )
        }
    };
    let format = cfn::Format::from_path(&format_path);
    let imported = cfn::import(&bytes, &name, format).map_err(|e| e.to_string())?;
    Ok(OldVersion {
        name,
        template: imported.template,
    })
}

/// Compare mode's state, for the document it was started on.
pub struct CompareState {
    /// The document compared.
    pub doc: crate::session::DocId,
    /// The old version.
    pub old: OldVersion,
    /// The document revision and view filters `comparison` and `scene` are for.
    revision: Option<(u64, ViewFilters)>,
    /// What changes.
    pub comparison: Comparison,
    /// The picture of the change.
    pub scene: Scene,
}

impl CompareState {
    /// Starts comparing `doc` with `old`.
    pub fn new(doc: &OpenDoc, old: OldVersion, filters: &ViewFilters) -> Self {
        let mut state = Self {
            doc: doc.id(),
            old,
            revision: None,
            comparison: Comparison::default(),
            scene: Scene::empty(),
        };
        state.refresh(doc, filters);
        state
    }

    /// Compares again if the document changed since the last time.
    pub fn refresh(&mut self, doc: &OpenDoc, filters: &ViewFilters) -> bool {
        if self
            .revision
            .as_ref()
            .is_some_and(|(r, f)| *r == doc.revision() && f == filters)
        {
            return false;
        }
        let new = &doc.document().template;
        let mut c = compare::compare(&self.old.template, new);
        if let Ok(Some(book)) = Book::load(
            crate::schema::DEFAULT_REGION,
            crate::prices::user_books_dir().as_deref(),
        ) {
            let price = |t: &Template| {
                let (usage, _) = cost::usage_of_template(t, "");
                cost::estimate(
                    t,
                    Some(&book),
                    &Inputs {
                        region: crate::schema::DEFAULT_REGION.to_owned(),
                        parameters: std::collections::BTreeMap::new(),
                        usage,
                    },
                )
            };
            c.set_cost(&price(&self.old.template), &price(new));
        }
        self.scene =
            compare_diagram(&self.old.template, doc.document(), &c, doc.name(), filters).scene;
        self.comparison = c;
        self.revision = Some((doc.revision(), filters.clone()));
        true
    }

    /// The banner's text: what is compared, and how many resources each impact has.
    pub fn summary(&self) -> String {
        let counts = self.comparison.counts();
        let parts: Vec<String> = Impact::ALL
            .iter()
            .filter_map(|i| counts.get(i).map(|n| format!("{n} {}", i.label())))
            .collect();
        let what = if parts.is_empty() {
            if self.comparison.is_empty() {
                "no changes".to_owned()
            } else {
                "no resource changes".to_owned()
            }
        } else {
            parts.join(", ")
        };
        format!("Comparing with {}: {what}", self.old.name)
    }
}

/// The banner above the canvas in compare mode.
pub fn banner_ui(ui: &mut egui::Ui, state: &CompareState, queue: &mut Vec<UiCommand>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(state.summary()).strong());
        if ui.button(AppCommand::StopComparing.text()).clicked() {
            queue.push(UiCommand::App(AppCommand::StopComparing));
        }
    });
    ui.horizontal_wrapped(|ui| {
        for impact in Impact::ALL {
            chip(ui, impact);
            ui.label(impact.label());
            ui.add_space(6.0);
        }
        ui.label(
            RichText::new(
                "new references green, removed ones red; moving and connecting boxes is paused while comparing",
            )
            .weak(),
        );
    });
}

fn color(impact: Impact) -> Color32 {
    let c = impact_color(impact);
    Color32::from_rgb(c.0, c.1, c.2)
}

/// A small square of an impact's colour.
fn chip(ui: &mut egui::Ui, impact: Impact) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 3.0, color(impact));
}

fn value(n: Option<&Node>) -> String {
    n.map_or_else(
        || "(not set)".to_owned(),
        |n| cfn::write_yaml_value(n).trim_end().to_owned(),
    )
}

/// The Changes panel.
pub fn changes_ui(
    ui: &mut egui::Ui,
    state: &CompareState,
    selection: &[LogicalId],
    queue: &mut Vec<UiCommand>,
) {
    ui.heading("Changes");
    let c = &state.comparison;
    if c.is_empty() {
        ui.label("No changes: the document deploys the same as the version compared with.");
        return;
    }
    if let Some(cost) = &c.cost {
        ui.label(format!(
            "Cost per month: {} -> {} ({})",
            dollars_range(cost.before.total()),
            dollars_range(cost.after.total()),
            signed_dollars_range(cost.difference())
        ))
        .on_hover_text("us-east-1 prices, parameter defaults; usage-priced components without usage are left out");
    }
    egui::ScrollArea::vertical().show(ui, |ui| {
        let mut rows: Vec<_> = c.resources.iter().collect();
        rows.sort_by_key(|r| (std::cmp::Reverse(severity(r.impact)), r.logical_id.clone()));
        for r in rows {
            ui.horizontal(|ui| {
                chip(ui, r.impact);
                let selected = selection.iter().any(|s| *s == *r.logical_id);
                let mut text = format!("{}  {}", r.logical_id, r.impact.label());
                if r.stateful
                    && matches!(
                        r.impact,
                        Impact::Replace | Impact::MayReplace | Impact::Remove
                    )
                {
                    text.push_str(" [holds data]");
                }
                if ui
                    .selectable_label(selected, text)
                    .on_hover_text(r.type_name())
                    .clicked()
                {
                    queue.push(UiCommand::SelectResource(LogicalId::from(
                        r.logical_id.as_str(),
                    )));
                }
            });
            if let Some(rename) = &r.rename {
                ui.label(
                    RichText::new(format!("    renamed {} -> {}", rename.from, rename.to)).weak(),
                );
            }
            for w in &r.widenings {
                ui.label(
                    RichText::new(format!("    access: {}", w.what)).color(color(Impact::Remove)),
                );
            }
        }
        if !c.removed_exports.is_empty() {
            ui.separator();
            ui.label(RichText::new("Exports removed (importing stacks fail to update)").strong());
            for x in &c.removed_exports {
                ui.label(format!("  {} (output {})", x.name, x.output));
            }
        }
        if !c.entries.is_empty() {
            ui.separator();
            ui.label(RichText::new("Parameters, outputs and other sections").strong());
            for e in &c.entries {
                let mark = match e.change {
                    EntryChange::Added => "+",
                    EntryChange::Removed => "-",
                    EntryChange::Modified => "~",
                };
                let name = if e.name.is_empty() {
                    e.section.clone()
                } else {
                    format!("{}.{}", e.section, e.name)
                };
                ui.label(format!("{mark} {name}"));
            }
        }
        if let Some(id) = selection.first()
            && let Some(r) = c.resource(id)
        {
            ui.separator();
            ui.label(RichText::new(format!("{}: before and after", r.logical_id)).strong());
            if r.changes.is_empty() && r.cascades.is_empty() {
                ui.label(r.impact.label());
            }
            for ch in &r.changes {
                ui.horizontal(|ui| {
                    chip(ui, ch.impact);
                    ui.label(RichText::new(&ch.path).strong());
                });
                if !ch.reason.is_empty() {
                    ui.label(RichText::new(&ch.reason).weak());
                }
                egui::Grid::new(("before-after", &ch.path))
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label("before");
                        ui.label(RichText::new(value(ch.before.as_ref())).monospace());
                        ui.end_row();
                        ui.label("after");
                        ui.label(RichText::new(value(ch.after.as_ref())).monospace());
                        ui.end_row();
                    });
            }
            for k in &r.cascades {
                ui.horizontal(|ui| {
                    chip(ui, k.impact);
                    ui.label(format!(
                        "{} through {}: {} is replaced",
                        k.impact.label(),
                        k.path,
                        k.from
                    ));
                });
            }
        }
    });
}

/// The order of the list: what destroys first.
fn severity(i: Impact) -> u8 {
    match i {
        Impact::Replace => 6,
        Impact::Remove => 5,
        Impact::MayReplace => 4,
        Impact::Orphan => 3,
        Impact::Add => 2,
        Impact::Update => 1,
    }
}

/// The window that offers the git revisions of the document's file.
pub fn revisions_ui(
    ctx: &egui::Context,
    open: &mut Option<Vec<RevisionChoice>>,
    queue: &mut Vec<UiCommand>,
) {
    let Some(choices) = open else {
        return;
    };
    let mut keep = true;
    let mut picked = None;
    egui::Window::new("Compare with git revision")
        .open(&mut keep)
        .collapsible(false)
        .show(ctx, |ui| {
            if choices.is_empty() {
                ui.label("The file is not in a git repository, or git is not installed.");
                return;
            }
            egui::ScrollArea::vertical()
                .max_height(400.0)
                .show(ui, |ui| {
                    for choice in choices.iter() {
                        if ui.button(&choice.label).clicked() {
                            picked = Some(choice.rev.clone());
                        }
                    }
                });
        });
    if let Some(rev) = picked {
        queue.push(UiCommand::CompareWith(CompareSource::Revision(rev)));
        *open = None;
    } else if !keep {
        *open = None;
    }
}
