use std::path::{Path, PathBuf};

use super::*;
use crate::model::Derived;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/project")
        .join(name)
}

fn load(name: &str) -> (Project, Resolved) {
    let project = Project::load(&fixture(name)).unwrap();
    assert!(project.read_errors.is_empty(), "{:?}", project.read_errors);
    let resolved = resolve(&project.members, &project.file);
    (project, resolved)
}

fn member(p: &Project, path: &str) -> usize {
    p.members.iter().position(|m| m.path == path).unwrap()
}

#[test]
fn nested_stacks_resolve_by_relative_path_and_by_s3_url() {
    let (p, r) = load("nested");
    let paths: Vec<&str> = p.members.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(paths, ["app/service.yaml", "network.yaml", "root.yaml"]);
    let root = member(&p, "root.yaml");
    assert_eq!(
        r.child_of(root, "Network"),
        Some(member(&p, "network.yaml"))
    );
    assert_eq!(
        r.child_of(root, "Service"),
        Some(member(&p, "app/service.yaml"))
    );
    let service = r
        .children
        .iter()
        .find(|c| c.logical_id == "Service")
        .unwrap();
    assert_eq!(
        service.url,
        "https://s3.us-east-1.amazonaws.com/deploy-staging/templates/app/service.yaml"
    );
    // A nested stack is named by its logical ID; the root by its file.
    assert_eq!(r.names[member(&p, "network.yaml")], "Network");
    assert_eq!(r.names[member(&p, "app/service.yaml")], "Service");
    assert_eq!(r.names[root], "root");
    // The literal the root passes is known to the child.
    assert_eq!(
        r.passed_text[member(&p, "network.yaml")]["CidrBlock"],
        "10.20.0.0/16"
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn a_nested_stacks_resources_run_in_the_subnets_its_parent_passes() {
    let (p, r) = load("nested");
    let c = combine(&p.members, &r);
    assert!(c.template.resource("Network/PrivateSubnetA").is_some());
    assert!(c.template.resource("Service/Worker").is_some());
    // The nested stacks themselves are not drawn once their templates are found.
    assert!(c.template.resource("root/Network").is_none());
    let d = Derived::build(&c.template, "project");
    let parent = d.containment.parent("Service/Worker");
    assert!(
        matches!(
            parent,
            Some("Network/PrivateSubnetA" | "Network/PrivateSubnetB")
        ),
        "{parent:?}"
    );
    assert_eq!(
        d.containment.vpc_of("Service/WorkerSecurityGroup"),
        Some("Network/Vpc")
    );
    let wire = c
        .wires
        .iter()
        .find(|w| w.from == "Service/WorkerSecurityGroup")
        .unwrap();
    assert_eq!(wire.to, "Network/Vpc");
    assert_eq!(wire.how, "parameter VpcId, from output Network.VpcId");
    // The flow inside the child still holds.
    assert!(
        d.flow
            .edges
            .iter()
            .any(|e| e.from == "Service/WorkQueue" && e.to == "Service/Worker")
    );
}

#[test]
fn an_import_through_a_stack_name_parameter_finds_the_one_stack_that_exports_it() {
    let (p, r) = load("imports");
    let app = member(&p, "app.yaml");
    let network = member(&p, "network.yaml");
    let b = r
        .bindings
        .iter()
        .find(|b| b.parameter == "ParentNetworkStack")
        .unwrap();
    assert_eq!(
        (b.member, b.stack, b.source),
        (app, Some(network), BindingSource::Inferred)
    );
    assert_eq!(b.candidates, [network]);
    assert_eq!(r.imports.len(), 3);
    for i in &r.imports {
        assert!(matches!(i.target, ImportTarget::Export(_)), "{i:?}");
    }
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let c = combine(&p.members, &r);
    let d = Derived::build(&c.template, "project");
    assert!(matches!(
        d.containment.parent("app/WebGroup"),
        Some("network/SubnetA" | "network/SubnetB")
    ));
    assert_eq!(
        d.containment.vpc_of("app/WebSecurityGroup"),
        Some("network/Vpc")
    );
    assert!(c.wires.iter().any(|w| w.from == "app/WebGroup"
        && w.to == "network/SubnetB"
        && w.how == "ImportValue network-SubnetB"));
}

#[test]
fn the_users_choice_of_stack_wins_and_a_wrong_one_is_an_error() {
    let project = Project::load(&fixture("imports")).unwrap();
    let mut file = ProjectFile::default();
    file.stacks.insert(
        "app.yaml".into(),
        StackChoice {
            name: Some("web".into()),
            stack_parameters: [("ParentNetworkStack".to_owned(), "elsewhere".to_owned())].into(),
        },
    );
    let r = resolve(&project.members, &file);
    assert_eq!(r.names[0], "web");
    let b = &r.bindings[0];
    assert_eq!((b.source, b.stack), (BindingSource::Chosen, None));
    let missing: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(
        missing[0].contains("imports elsewhere-VpcId, which no stack of the project exports"),
        "{missing:?}"
    );
    // The project file reads back what it writes.
    assert_eq!(
        ProjectFile::from_text(&file.to_text(), PROJECT_FILE).unwrap(),
        file
    );
}

#[test]
fn a_broken_project_says_what_is_wrong_in_which_file_and_where() {
    let (p, r) = load("broken");
    let mut found: Vec<String> = r
        .diagnostics
        .iter()
        .map(|d| {
            let at = d
                .pos
                .map(|p| format!("{}:{}", p.line, p.column))
                .unwrap_or_default();
            format!("{} {}:{at} {}", d.severity, d.file, d.message)
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "error other.yaml:10:30 Queue imports shared-dlq-arn, which no stack of the project exports",
            "error root.yaml:10:3 nested stack Storage does not pass BucketName, which storage.yaml requires (it has no default)",
            "error root.yaml:15:20 nested stack Storage passes Retention, which storage.yaml does not declare",
            "error root.yaml:8:20 nested stack Missing runs a template not found: there is no layers/missing.yaml in the project",
            "error storage.yaml:15:13 export shared-bucket-arn is also defined by other.yaml (output TopicArn); CloudFormation refuses a second stack exporting the same name",
        ],
        "{found:#?}"
    );
    // What cannot be found is still drawn, as the nested stack it is.
    let c = combine(&p.members, &r);
    assert!(c.template.resource("root/Missing").is_some());
    assert!(c.template.resource("root/Storage").is_none());
}

#[test]
fn a_project_file_that_does_not_read_names_its_line() {
    let e = ProjectFile::from_text("{\n  \"version\": 1,\n  \"stacks\": 3\n}\n", PROJECT_FILE)
        .unwrap_err();
    assert_eq!(e.file, PROJECT_FILE);
    assert_eq!(e.pos.map(|p| p.line), Some(3));
    let v2 = ProjectFile::from_text("{\"version\": 2}", PROJECT_FILE).unwrap_err();
    assert!(v2.message.contains("version 2"));
}

#[test]
fn stack_names_from_paths_are_safe_in_keys() {
    assert_eq!(
        stack_name_of_path("templates/aws-vpc.template.yaml"),
        "aws-vpc"
    );
    assert_eq!(stack_name_of_path("vpc/vpc 2azs.json"), "vpc-2azs");
    assert_eq!(stack_name_of_path("a.b.yaml"), "a-b");
}

#[test]
fn grouped_by_stack_each_stack_holds_what_it_declares_and_nested_stacks_sit_in_their_parent() {
    let p = Project::load(&fixture("nested")).unwrap();
    let filters = crate::view::ViewFilters {
        group_by_stack: true,
        ..Default::default()
    };
    let v = ProjectView::build(&p, "nested", &filters);
    let layout = &v.diagram.layout;
    let parent_of = |id: &crate::layout::BoxId| {
        let i = layout.index_of(id).unwrap();
        layout
            .get(i)
            .unwrap()
            .parent
            .and_then(|p| layout.get(p))
            .map(|b| b.id.clone())
    };
    use crate::layout::BoxId;
    let stack = |name: &str| BoxId::Stack(name.to_owned());
    // The function is in its own stack's box, no longer in the network stack's subnet.
    assert_eq!(
        parent_of(&BoxId::Resource("Service/Worker".into())),
        Some(stack("Service"))
    );
    assert_eq!(
        parent_of(&BoxId::Resource("Network/Vpc".into())),
        Some(stack("Network"))
    );
    assert_eq!(parent_of(&stack("Service")), Some(stack("root")));
    assert_eq!(parent_of(&stack("Network")), Some(stack("root")));
    assert_eq!(parent_of(&stack("root")), None);
    let root_box = v
        .diagram
        .scene
        .containers
        .iter()
        .find(|c| c.id == stack("root"))
        .unwrap();
    assert_eq!(
        root_box.stack.as_ref().map(|s| s.name.as_str()),
        Some("root")
    );
    // Where things run is the default.
    let v = ProjectView::build(&p, "nested", &crate::view::ViewFilters::default());
    assert!(v.diagram.layout.index_of(&stack("Service")).is_none());
}
