//! Showing template values as a CloudFormation author writes them, with references as links.

use egui::{CollapsingHeader, RichText};

use crate::cfn::{Func, GetAtt, Intrinsic, Node, Template, Value};
use crate::scene::{Theme, display_value_max};

/// Longest value shown on one line of the inspector.
const MAX_VALUE_CHARS: usize = 240;

fn display_value(node: &Node) -> String {
    display_value_max(node, MAX_VALUE_CHARS)
}
use crate::ui::theme;

/// What the user clicked in a value tree.
#[derive(Clone, Debug, Default)]
pub struct ValueClicks {
    /// A resource or parameter to select.
    pub select: Option<String>,
}

/// Context for drawing value trees.
pub struct ValueCtx<'a> {
    /// The template, to tell resources and parameters from other names.
    pub template: &'a Template,
    /// Colours.
    pub theme: Theme,
    /// What was clicked.
    pub clicks: ValueClicks,
}

impl ValueCtx<'_> {
    fn is_target(&self, name: &str) -> bool {
        self.template.resource(name).is_some() || self.template.is_parameter(name)
    }

    /// A clickable reference to `name`, or plain text if it names nothing in the template.
    fn link(&mut self, ui: &mut egui::Ui, text: &str, name: &str) {
        if self.is_target(name) {
            if ui
                .link(
                    RichText::new(text)
                        .color(theme::link(self.theme))
                        .monospace(),
                )
                .clicked()
            {
                self.clicks.select = Some(name.to_owned());
            }
        } else {
            ui.label(RichText::new(text).monospace());
        }
    }
}

/// Shows `key: value`, nesting mappings and lists under collapsible headers.
pub fn value_ui(ui: &mut egui::Ui, ctx: &mut ValueCtx<'_>, key: &str, node: &Node, depth: usize) {
    match &node.value {
        Value::Mapping(m) if !m.is_empty() => {
            CollapsingHeader::new(RichText::new(key).strong())
                .id_salt((key, node.span.start.offset, depth))
                .default_open(depth < 2)
                .show(ui, |ui| {
                    for (k, v) in m.iter() {
                        value_ui(ui, ctx, k, v, depth + 1);
                    }
                });
        }
        Value::Sequence(items) if !items.is_empty() => {
            CollapsingHeader::new(RichText::new(format!("{key} ({})", items.len())).strong())
                .id_salt((key, node.span.start.offset, depth))
                .default_open(depth < 2)
                .show(ui, |ui| {
                    for (i, item) in items.iter().enumerate() {
                        value_ui(ui, ctx, &format!("[{i}]"), item, depth + 1);
                    }
                });
        }
        Value::Intrinsic(f) => {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{key}:")).strong());
                intrinsic_ui(ui, ctx, f);
            });
        }
        _ => {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("{key}:")).strong());
                ui.label(RichText::new(display_value(node)).monospace());
            });
        }
    }
}

/// Shows one intrinsic function inline: `!Ref Vpc`, `!GetAtt Role.Arn`, `!Sub '...'` with
/// links for the names it refers to.
pub fn intrinsic_ui(ui: &mut egui::Ui, ctx: &mut ValueCtx<'_>, f: &Intrinsic) {
    match f.func {
        Func::Ref => {
            if let Some(t) = f.ref_target() {
                ctx.link(ui, &format!("!Ref {t}"), t);
                return;
            }
        }
        Func::GetAtt => {
            if let Some(GetAtt::Named {
                resource,
                attribute,
            }) = f.get_att()
            {
                ctx.link(ui, &format!("!GetAtt {resource}.{attribute}"), resource);
                return;
            }
        }
        Func::Sub => {
            if let Some(sub) = f.sub() {
                ui.label(RichText::new(format!("!Sub {}", display_value(&f.arg))).monospace());
                let mut names: Vec<String> = Vec::new();
                for part in sub.parts() {
                    if let Some(n) = part.target()
                        && !sub.is_var(n)
                        && !names.iter().any(|m| m == n)
                    {
                        names.push(n.to_owned());
                    }
                }
                for n in names {
                    ctx.link(ui, &format!("${{{n}}}"), &n);
                }
                return;
            }
        }
        _ => {}
    }
    let node = Node::new(Value::Intrinsic(Box::new(f.clone())));
    ui.label(RichText::new(display_value(&node)).monospace());
}
