//! Editing a project through its overview: each gesture changes the template that declares
//! what it touches, one undo history spans the files, and Save writes only the files that
//! changed, each with the minimal diff.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use stackcanvas::cfn::{Func, GetAtt, Intrinsic, LogicalId, Node, Value};
use stackcanvas::edit::Edit;
use stackcanvas::project::{Project, ProjectView, resolve};
use stackcanvas::session::{Command, ProjectDocs, SessionError};
use stackcanvas::view::ViewFilters;

/// A copy of the `nested` fixture to write to.
fn scratch(name: &str) -> PathBuf {
    let files = ["root.yaml", "network.yaml", "app/service.yaml"];
    common::fixture_copy("project/nested", &files, &format!("project-edit-{name}"))
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn open(dir: &Path) -> (ProjectDocs, Vec<String>) {
    let project = Project::load(dir).unwrap();
    let names = resolve(&project.members, &project.file).names;
    (
        ProjectDocs::open(&project, &ViewFilters::default()).unwrap(),
        names,
    )
}

fn set(key: &str, path: &[&str], value: Node) -> Command {
    Command::Edit {
        label: format!("Edit {key}"),
        edits: vec![Edit::SetValue {
            logical_id: key.into(),
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            value: Some(value),
        }],
    }
}

#[test]
fn gestures_on_the_overview_change_the_file_that_declares_each_resource_and_save_writes_only_those()
{
    let dir = scratch("save");
    let before: Vec<String> = ["root.yaml", "network.yaml", "app/service.yaml"]
        .iter()
        .map(|f| read(&dir, f))
        .collect();
    let (mut docs, names) = open(&dir);
    assert_eq!(names, ["Service", "Network", "root"]);

    docs.apply(
        set(
            "Service/Worker",
            &["Properties", "Runtime"],
            Node::string("python3.13"),
        ),
        &names,
    )
    .unwrap();
    let rename = Command::Rename {
        from: LogicalId::from("Network/PrivateSubnetA"),
        to: LogicalId::from("Network/AppSubnetA"),
    };
    docs.apply(rename, &names).unwrap();
    assert_eq!(docs.unsaved(), ["app/service.yaml", "network.yaml"]);

    // The overview drawn from the documents follows both edits.
    let view = ProjectView::build(&docs.project(), "overview", &ViewFilters::default());
    let parent = view.diagram.derived.containment.parent("Service/Worker");
    assert!(
        matches!(
            parent,
            Some("Network/AppSubnetA" | "Network/PrivateSubnetB")
        ),
        "{parent:?}"
    );

    docs.apply(Command::Save(None), &names).unwrap();
    assert!(docs.unsaved().is_empty());
    // The root was not edited: not a byte of it changed.
    assert_eq!(read(&dir, "root.yaml"), before[0]);
    // The service changed in the one line edited.
    let service = read(&dir, "app/service.yaml");
    assert_eq!(
        service,
        before[2].replace("Runtime: python3.12", "Runtime: python3.13")
    );
    // The network's subnet was renamed with every reference to it, its comments and order kept.
    let network = read(&dir, "network.yaml");
    assert_eq!(network, before[1].replace("PrivateSubnetA", "AppSubnetA"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn one_undo_history_spans_the_files_and_a_step_over_two_files_undoes_as_one() {
    let dir = scratch("undo");
    let (mut docs, names) = open(&dir);
    let both = Command::Delete {
        ids: vec![
            LogicalId::from("Service/WorkQueue"),
            LogicalId::from("Network/PrivateSubnetB"),
        ],
        remove_references: true,
    };
    docs.apply(both, &names).unwrap();
    let p = docs.project();
    assert!(p.members[0].template.resource("WorkQueue").is_none());
    assert!(p.members[1].template.resource("PrivateSubnetB").is_none());
    docs.apply(
        set(
            "Service/Worker",
            &["Properties", "MemorySize"],
            Node::string("256"),
        ),
        &names,
    )
    .unwrap();

    docs.apply(Command::Undo, &names).unwrap();
    assert!(
        docs.project().members[0]
            .template
            .resource("Worker")
            .unwrap()
            .property(&["MemorySize"])
            .is_none()
    );
    assert_eq!(docs.unsaved(), ["app/service.yaml", "network.yaml"]);
    docs.apply(Command::Undo, &names).unwrap();
    let p = docs.project();
    assert!(p.members[0].template.resource("WorkQueue").is_some());
    assert!(p.members[1].template.resource("PrivateSubnetB").is_some());
    assert!(docs.unsaved().is_empty(), "{:?}", docs.unsaved());
    assert!(!docs.can_step(true));
    docs.apply(Command::Redo, &names).unwrap();
    assert!(
        docs.project().members[1]
            .template
            .resource("PrivateSubnetB")
            .is_none()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_value_refers_to_its_own_stack_by_its_own_ids_and_a_reference_across_stacks_is_refused() {
    let dir = scratch("refs");
    let (mut docs, names) = open(&dir);
    let get_att = |target: &str| {
        Node::new(Value::Intrinsic(Box::new(Intrinsic::new(
            Func::GetAtt,
            Node::string(target),
        ))))
    };
    docs.apply(
        set(
            "Service/WorkerEvents",
            &["Properties", "FunctionName"],
            get_att("Service/Worker.Arn"),
        ),
        &names,
    )
    .unwrap();
    let p = docs.project();
    let name = p.members[0]
        .template
        .resource("WorkerEvents")
        .unwrap()
        .property(&["FunctionName"])
        .unwrap();
    let Value::Intrinsic(i) = &name.value else {
        panic!("{name:?}")
    };
    assert!(
        matches!(
            i.get_att(),
            Some(GetAtt::Named {
                resource: "Worker",
                attribute: "Arn"
            })
        ),
        "{i:?}"
    );

    let across = set(
        "Service/WorkerEvents",
        &["Properties", "EventSourceArn"],
        get_att("Network/Vpc.Arn"),
    );
    let e = docs.apply(across, &names).unwrap_err();
    assert!(matches!(e, SessionError::Refused(_)), "{e}");
    assert!(
        e.to_string().contains("Network/Vpc is in another stack"),
        "{e}"
    );
    // A refused gesture changes nothing, and one not made on the overview yet says where to.
    let nested = docs.apply(
        Command::Connect {
            from: "Service/Worker".into(),
            to: "Network/Vpc".into(),
        },
        &names,
    );
    let e = nested.unwrap_err().to_string();
    assert!(
        e.contains(
            "Worker cannot depend on Network/Vpc: DependsOn names resources of its own stack only"
        ),
        "{e}"
    );
    let tidy = Command::Edit {
        label: "Tidy".into(),
        edits: vec![Edit::Tidy],
    };
    let e = docs.apply(tidy, &names).unwrap_err().to_string();
    assert!(e.contains("Moving boxes is not done on the project's overview yet: open the stack from the Stacks panel"), "{e}");
    assert_eq!(docs.unsaved(), ["app/service.yaml"]);
    std::fs::remove_dir_all(&dir).ok();
}

const QUEUES: &str = "AWSTemplateFormatVersion: \"2010-09-09\"
Description: Queues shared by the workers.
Resources:
  Jobs:
    Type: AWS::SQS::Queue
";

const WORKERS: &str = "AWSTemplateFormatVersion: \"2010-09-09\"
Description: Workers.
Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt WorkerRole.Arn
      Code:
        ZipFile: \"def handler(event, context): return None\"
";

#[test]
fn connecting_across_stacks_adds_the_export_the_import_and_the_parameter_naming_the_stack() {
    let dir = common::scratch_dir("project-edit-connect");
    std::fs::write(dir.join("queues.yaml"), QUEUES).unwrap();
    std::fs::write(dir.join("workers.yaml"), WORKERS).unwrap();
    let (mut docs, names) = open(&dir);
    assert_eq!(names, ["queues", "workers"]);
    docs.apply(
        Command::Connect {
            from: "workers/Worker".into(),
            to: "queues/Jobs".into(),
        },
        &names,
    )
    .unwrap();
    assert_eq!(docs.unsaved(), ["queues.yaml", "workers.yaml"]);
    docs.apply(Command::Save(None), &names).unwrap();

    let queues = read(&dir, "queues.yaml");
    assert!(
        queues.starts_with(QUEUES),
        "the queue stack only gains its export:\n{queues}"
    );
    assert!(
        queues.ends_with("Outputs:\n  JobsArn:\n    Value: !GetAtt Jobs.Arn\n    Export:\n      Name: !Sub ${AWS::StackName}-Jobs-Arn\n"),
        "{queues}"
    );
    let workers = read(&dir, "workers.yaml");
    assert!(
        workers.contains("Parameters:\n  QueuesStack:\n    Type: String\n    Default: queues\n"),
        "{workers}"
    );
    assert!(
        workers.contains("Type: AWS::Lambda::EventSourceMapping"),
        "{workers}"
    );
    assert!(
        workers.contains("Fn::ImportValue: !Sub ${QueuesStack}-Jobs-Arn"),
        "{workers}"
    );
    assert!(
        !workers.contains("queues/"),
        "no key of the overview is written: {workers}"
    );
    // cfn-lint finds nothing wrong in either file that it did not find before.
    if !common::skip_oracle() {
        let before = dir.join("before");
        std::fs::create_dir_all(&before).unwrap();
        std::fs::write(before.join("queues.yaml"), QUEUES).unwrap();
        std::fs::write(before.join("workers.yaml"), WORKERS).unwrap();
        let pairs: Vec<_> = ["queues.yaml", "workers.yaml"]
            .iter()
            .map(|f| (before.join(f), dir.join(f)))
            .collect();
        for (line, (_, out)) in common::run_oracle(&before, &pairs).iter().zip(&pairs) {
            assert!(
                common::new_errors(line).is_empty(),
                "{}: {:?}",
                out.display(),
                common::new_errors(line)
            );
        }
        std::fs::remove_dir_all(&before).unwrap();
    }

    // Read again from disk, the project joins the two through the new export, and the
    // architecture draws the queue feeding the function across the stacks.
    let project = Project::load(&dir).unwrap();
    let view = ProjectView::build(&project, "overview", &ViewFilters::default());
    assert!(
        view.resolved.diagnostics.is_empty(),
        "{:?}",
        view.resolved.diagnostics
    );
    assert!(
        view.resolved
            .imports
            .iter()
            .all(|i| matches!(i.target, stackcanvas::project::ImportTarget::Export(_)))
    );
    assert!(
        view.diagram
            .derived
            .flow
            .edges
            .iter()
            .any(|e| e.from == "queues/Jobs" && e.to == "workers/Worker"),
        "{:?}",
        view.diagram.derived.flow.edges
    );
    // One undo takes both files back.
    docs.apply(Command::Undo, &names).unwrap();
    let p = docs.project();
    assert!(p.members[0].template.section_mapping("Outputs").is_none());
    assert_eq!(p.members[1].template.resource_count(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_nested_stack_whose_template_is_not_found_takes_the_one_the_user_picks_kept_in_the_parent() {
    let files = ["root.yaml", "storage.yaml", "other.yaml"];
    let dir = common::fixture_copy("project/broken", &files, "project-edit-pick");
    let before = read(&dir, "root.yaml");
    let (mut docs, names) = open(&dir);
    let root = names.iter().position(|n| n == "root").unwrap();
    let e = docs
        .pick_child(root, "Missing", "layers/missing.yaml")
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("layers/missing.yaml is not a template of the project"),
        "{e}"
    );
    docs.pick_child(root, "Missing", "other.yaml").unwrap();
    docs.apply(Command::Save(None), &names).unwrap();
    assert_eq!(
        read(&dir, "root.yaml"),
        before.replace(
            "Resources:\n",
            "Metadata:\n  StackCanvas:\n    Children:\n      Missing: other.yaml\nResources:\n"
        )
    );
    let project = Project::load(&dir).unwrap();
    let r = resolve(&project.members, &project.file);
    let root = project
        .members
        .iter()
        .position(|m| m.path == "root.yaml")
        .unwrap();
    let other = project
        .members
        .iter()
        .position(|m| m.path == "other.yaml")
        .unwrap();
    assert_eq!(r.child_of(root, "Missing"), Some(other));
    assert!(
        !r.diagnostics
            .iter()
            .any(|d| d.message.contains("runs a template not found")),
        "{:?}",
        r.diagnostics
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_edit_that_removes_an_export_still_imported_elsewhere_is_an_error_of_the_importing_file() {
    let dir = common::fixture_copy(
        "project/imports",
        &["app.yaml", "network.yaml"],
        "project-edit-export",
    );
    let (mut docs, names) = open(&dir);
    let before = ProjectView::build(&docs.project(), "overview", &ViewFilters::default());
    assert!(
        before.resolved.diagnostics.is_empty(),
        "{:?}",
        before.resolved.diagnostics
    );
    // Deleting the VPC takes the output that exports it with it.
    let delete = Command::Delete {
        ids: vec![LogicalId::from("network/Vpc")],
        remove_references: true,
    };
    docs.apply(delete, &names).unwrap();
    let after = ProjectView::build(&docs.project(), "overview", &ViewFilters::default());
    let errors: Vec<String> = after
        .resolved
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.file, d.message))
        .collect();
    assert_eq!(
        errors,
        ["app.yaml WebSecurityGroup imports network-VpcId, which no stack of the project exports"],
        "{:?}",
        after.resolved.diagnostics
    );
    std::fs::remove_dir_all(&dir).ok();
}
