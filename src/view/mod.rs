//! The one derivation pipeline: from a document and the view's filters to the derived graph,
//! the layout and the scene.
//!
//! The canvas, the worker that opens files, `render` and image export all build their picture
//! with [`Diagram`], so an exported image equals the canvas by construction. What the user
//! chose to see is one value, [`ViewFilters`].

mod compare;

use std::collections::{BTreeSet, HashSet};

use crate::cfn::Template;
use crate::layout::{DiagramLayout, LayoutOptions, layout};
use crate::model::{Derived, Document, EdgeKind, is_plumbing};
use crate::scene::{Scene, SceneOptions, StackInfo};
use crate::schema::CheckOptions;

pub use compare::{compare_diagram, merged_template};

/// Which picture of the template is drawn.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum View {
    /// The system as it works: what calls, feeds and triggers what, left to right, with the
    /// link resources (permissions, mappings, policies, route associations, IAM) folded into
    /// the edges they make and the resources they serve. What the app shows first.
    Architecture,
    /// The template as it is wired: every resource a box, every `Ref`, `GetAtt`, `Sub`,
    /// `DependsOn` and condition an arrow from the resource holding it.
    #[default]
    References,
}

impl View {
    fn architecture() -> Self {
        View::Architecture
    }

    /// `architecture` or `references`, as `render --view` takes it.
    pub fn key(self) -> &'static str {
        match self {
            View::Architecture => "architecture",
            View::References => "references",
        }
    }
}

/// What the user chose to see: kept in the settings, used by every picture.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ViewFilters {
    /// Whether IAM and other plumbing are left out.
    pub hide_plumbing: bool,
    /// Edge kinds not drawn.
    pub hidden_edge_kinds: BTreeSet<EdgeKind>,
    /// The Region the template is checked for (types that do not exist there are errors);
    /// `None` for us-east-1.
    pub region: Option<String>,
    /// The architecture or the references. (The library's default is the references, which
    /// leave nothing out; the app starts on the architecture, and settings saved before
    /// there was a choice read as the architecture.)
    #[serde(default = "View::architecture")]
    pub view: View,
    /// In a project, each stack a container of what it declares, instead of everything where
    /// it runs.
    pub group_by_stack: bool,
}

impl ViewFilters {
    /// The resources of `template` these filters leave out (the link resources folded into
    /// what they serve, in the architecture view, are in `derived.flow`).
    pub fn hidden_resources(&self, template: &Template) -> HashSet<String> {
        if !self.hide_plumbing {
            return HashSet::new();
        }
        template
            .resources()
            .filter(|r| is_plumbing(r.type_name()))
            .map(|r| r.logical_id.to_owned())
            .collect()
    }

    /// The same filters showing `view`.
    #[must_use]
    pub fn with_view(mut self, view: View) -> Self {
        self.view = view;
        self
    }

    /// The schema checks as these filters run them: for [`Self::region`].
    pub fn check_options(&self) -> CheckOptions<'_> {
        self.region
            .as_deref()
            .map_or_else(CheckOptions::default, |region| CheckOptions { region })
    }

    /// The Region the template is checked for.
    pub fn region(&self) -> &str {
        self.region
            .as_deref()
            .unwrap_or(crate::schema::DEFAULT_REGION)
    }

    /// The same filters checking for `region` (us-east-1 is the default, kept as `None`).
    #[must_use]
    pub fn with_region(mut self, region: &str) -> Self {
        self.region = (region != crate::schema::DEFAULT_REGION).then(|| region.to_owned());
        self
    }

    /// Whether edges of `kind` are drawn.
    pub fn shows(&self, kind: EdgeKind) -> bool {
        !self.hidden_edge_kinds.contains(&kind)
    }

    /// The same filters with edges of `kind` shown or hidden.
    #[must_use]
    pub fn with_edge_kind(mut self, kind: EdgeKind, shown: bool) -> Self {
        if shown {
            self.hidden_edge_kinds.remove(&kind);
        } else {
            self.hidden_edge_kinds.insert(kind);
        }
        self
    }
}

/// How often the pipeline has derived the graph, laid out and built the scene: what tests
/// check to see that a frame with nothing new does none of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rebuilds {
    /// Reference graph and containment (`Derived::build`).
    pub graph: usize,
    /// Automatic layout.
    pub layout: usize,
    /// Scene.
    pub scene: usize,
}

impl std::ops::AddAssign for Rebuilds {
    fn add_assign(&mut self, other: Self) {
        self.graph += other.graph;
        self.layout += other.layout;
        self.scene += other.scene;
    }
}

/// Everything drawn for one document under one set of filters.
#[derive(Clone, Debug)]
pub struct Diagram {
    /// References, containment and the checks of the template.
    pub derived: Derived,
    /// The template `derived` was built from, sharing its tree. While the document's template
    /// still shares it, nothing needs deriving again (a move changes only the layout). Holding
    /// it also keeps the tree shared, so that any change to the template copies it first.
    derived_from: Template,
    /// The Region `derived` was checked for.
    derived_region: Option<String>,
    /// Where everything is.
    pub layout: DiagramLayout,
    /// What is drawn.
    pub scene: Scene,
    /// For a project's diagram, its stacks, marked on every scene built.
    pub stacks: Option<std::sync::Arc<StackInfo>>,
}

impl Diagram {
    /// Derives, lays out and builds the scene of `document`; `file` names it in diagnostics.
    pub fn build(
        document: &Document,
        file: &str,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) -> Self {
        rebuilds.graph += 1;
        let derived = Derived::build_with(&document.template, file, &filters.check_options());
        Self::from_derived(document, derived, filters, rebuilds)
    }

    /// Lays out and builds the scene of `document` from what is already derived from it (and
    /// checked for the filters' Region).
    pub fn from_derived(
        document: &Document,
        derived: Derived,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) -> Self {
        Self::of_project(document, derived, None, filters, rebuilds)
    }

    /// Like [`Self::from_derived`], for a project's combined template: every scene is marked
    /// with `stacks`, and the layout may group by stack.
    pub fn of_project(
        document: &Document,
        derived: Derived,
        stacks: Option<std::sync::Arc<StackInfo>>,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) -> Self {
        let mut diagram = Self {
            derived,
            derived_from: document.template.clone(),
            derived_region: filters.region.clone(),
            layout: DiagramLayout::empty(),
            scene: Scene::empty(),
            stacks,
        };
        diagram.relayout(document, filters, rebuilds);
        diagram
    }

    /// The picture of a template as read, with the layout its `Metadata` holds: what `render`
    /// and a headless export draw.
    pub fn of_template(template: &Template, file: &str, filters: &ViewFilters) -> Self {
        Self::build(
            &Document::new(template.clone()),
            file,
            filters,
            &mut Rebuilds::default(),
        )
    }

    /// Brings everything up to date after `document` changed: derives again only if the
    /// template changed, then lays out and builds the scene.
    pub fn refresh(
        &mut self,
        document: &Document,
        file: &str,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) {
        if !document.template.shares_tree_with(&self.derived_from)
            || self.derived_region != filters.region
        {
            self.derive(document, file, filters, rebuilds);
        }
        self.relayout(document, filters, rebuilds);
    }

    fn derive(
        &mut self,
        document: &Document,
        file: &str,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) {
        self.derived = Derived::build_with(&document.template, file, &filters.check_options());
        self.derived_from = document.template.clone();
        self.derived_region = filters.region.clone();
        rebuilds.graph += 1;
    }

    /// Lays out again (the layout or the filters changed) and builds the scene.
    pub fn relayout(
        &mut self,
        document: &Document,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) {
        let architecture = filters.view == View::Architecture;
        let mut hidden = filters.hidden_resources(&document.template);
        if architecture {
            hidden.extend(self.derived.flow.folded.keys().cloned());
        }
        let options = LayoutOptions {
            hidden,
            architecture,
            by_stack: self.stacks.clone().filter(|_| filters.group_by_stack),
        };
        self.layout = layout(
            &document.template,
            &self.derived,
            &document.layout,
            &options,
        );
        rebuilds.layout += 1;
        self.rebuild_scene(document, filters, rebuilds);
    }

    /// Shows `layout` as it is, without laying out: while a drag is under way, boxes move over
    /// the layout the drag started from.
    pub fn show_layout(
        &mut self,
        layout: DiagramLayout,
        document: &Document,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) {
        self.layout = layout;
        self.rebuild_scene(document, filters, rebuilds);
    }

    fn rebuild_scene(
        &mut self,
        document: &Document,
        filters: &ViewFilters,
        rebuilds: &mut Rebuilds,
    ) {
        let options = SceneOptions {
            hidden_edge_kinds: filters.hidden_edge_kinds.clone(),
            architecture: filters.view == View::Architecture,
        };
        self.scene = Scene::build(&document.template, &self.derived, &self.layout, &options);
        if let Some(info) = &self.stacks {
            self.scene.mark_stacks(info);
        }
        rebuilds.scene += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::import_text;

    const TEMPLATE: &str = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n      Description: !Ref Role\n";

    fn document() -> Document {
        Document::new(
            import_text(TEMPLATE, "t.yaml", None, false)
                .unwrap()
                .template,
        )
    }

    #[test]
    fn filters_leave_out_plumbing_and_edge_kinds() {
        let doc = document();
        let all = Diagram::of_template(&doc.template, "t.yaml", &ViewFilters::default());
        assert!(all.scene.rect_of("Role").is_some());
        assert_eq!(all.scene.edges.len(), 2);
        let filters = ViewFilters::default().with_edge_kind(EdgeKind::GetAtt, false);
        assert!(!filters.shows(EdgeKind::GetAtt) && filters.shows(EdgeKind::Ref));
        let fewer = Diagram::of_template(&doc.template, "t.yaml", &filters);
        assert_eq!(fewer.scene.edges.len(), 1);
        let plain = ViewFilters {
            hide_plumbing: true,
            ..ViewFilters::default()
        };
        let hidden = Diagram::of_template(&doc.template, "t.yaml", &plain);
        assert!(hidden.scene.rect_of("Role").is_none());
        assert!(hidden.scene.rect_of("Fn").is_some());
    }

    #[test]
    fn refresh_derives_again_only_when_the_template_changed() {
        let mut doc = document();
        let filters = ViewFilters::default();
        let mut rebuilds = Rebuilds::default();
        let mut diagram = Diagram::build(&doc, "t.yaml", &filters, &mut rebuilds);
        assert_eq!(
            rebuilds,
            Rebuilds {
                graph: 1,
                layout: 1,
                scene: 1
            }
        );
        doc.apply(crate::edit::Edit::MoveBoxes(vec![(
            "Fn".to_owned(),
            emath::pos2(500.0, 500.0),
        )]))
        .unwrap();
        diagram.refresh(&doc, "t.yaml", &filters, &mut rebuilds);
        assert_eq!((rebuilds.graph, rebuilds.layout), (1, 2));
        assert_eq!(
            diagram.scene.rect_of("Fn").map(|r| r.min),
            Some(emath::pos2(500.0, 500.0))
        );
        doc.apply(crate::edit::Edit::DeleteResource {
            logical_id: "Role".to_owned(),
            remove_references: true,
        })
        .unwrap();
        diagram.refresh(&doc, "t.yaml", &filters, &mut rebuilds);
        assert_eq!(rebuilds.graph, 2);
        assert!(diagram.scene.rect_of("Role").is_none());
    }
}
