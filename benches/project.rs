//! Opening a project: 20 templates with 1,000 resources in all (a network stack exporting its
//! VPC and subnets, 19 application stacks importing them through a stack-name parameter),
//! read from a folder, resolved, combined and laid out. Issue 15 asks for 100 ms. Headless.
//! Run with `cargo bench --bench project`; `BENCHMARKS.md` holds results.

#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use stackcanvas::project::{Project, ProjectView, combine, resolve};
use stackcanvas::session::ProjectDocs;
use stackcanvas::view::ViewFilters;

const APPS: usize = 19;
const SUBNETS: usize = 4;

fn network() -> String {
    let mut t = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    t.push_str("  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n");
    for s in 0..SUBNETS {
        writeln!(
            t,
            "  Subnet{s}:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Vpc\n      CidrBlock: 10.0.{s}.0/24\n      AvailabilityZone: !Select [{}, !GetAZs '']",
            s % 2
        )
        .unwrap();
    }
    t.push_str("Outputs:\n  VpcId:\n    Value: !Ref Vpc\n    Export:\n      Name: !Sub ${AWS::StackName}-VpcId\n");
    for s in 0..SUBNETS {
        writeln!(t, "  Subnet{s}:\n    Value: !Ref Subnet{s}\n    Export:\n      Name: !Sub ${{AWS::StackName}}-Subnet{s}").unwrap();
    }
    t
}

/// An application stack of about `resources` resources: per service, a security group, a
/// role, a queue, a function in two of the network's subnets and its event source mapping.
fn app(resources: usize) -> String {
    let mut t = String::from(
        "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  NetworkStack:\n    Type: String\nResources:\n",
    );
    for i in 0..resources / 5 {
        let (a, b) = (i % SUBNETS, (i + 1) % SUBNETS);
        writeln!(
            t,
            "  Sg{i}:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: service {i}
      VpcId: !ImportValue
        Fn::Sub: ${{NetworkStack}}-VpcId
  Role{i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Effect: Allow
            Principal: {{Service: lambda.amazonaws.com}}
            Action: sts:AssumeRole
  Queue{i}:
    Type: AWS::SQS::Queue
  Fn{i}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role{i}.Arn
      Code:
        ZipFile: \"def handler(e, c): return None\"
      VpcConfig:
        SecurityGroupIds: [!Ref Sg{i}]
        SubnetIds:
          - !ImportValue
            Fn::Sub: ${{NetworkStack}}-Subnet{a}
          - !ImportValue
            Fn::Sub: ${{NetworkStack}}-Subnet{b}
  Events{i}:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Queue{i}.Arn
      FunctionName: !Ref Fn{i}"
        )
        .unwrap();
    }
    t
}

fn write_project(dir: &Path) {
    std::fs::remove_dir_all(dir).ok();
    std::fs::create_dir_all(dir.join("apps")).unwrap();
    std::fs::write(dir.join("network.yaml"), network()).unwrap();
    // 1,000 in all: the network's 5, and 995 over the applications.
    for a in 0..APPS {
        let n = if a < 9 { 55 } else { 50 };
        std::fs::write(dir.join(format!("apps/service-{a:02}.yaml")), app(n)).unwrap();
    }
}

fn project(c: &mut Criterion) {
    let dir =
        std::env::temp_dir().join(format!("stackcanvas-bench-project-{}", std::process::id()));
    write_project(&dir);
    let filters = ViewFilters::default();
    let p = Project::load(&dir).unwrap();
    let resources: usize = p.members.iter().map(|m| m.template.resource_count()).sum();
    let v = ProjectView::build(&p, "bench", &filters);
    let inside = v
        .combined
        .template
        .resources()
        .filter(|r| v.diagram.derived.containment.parent(r.logical_id).is_some())
        .count();
    eprintln!(
        "{} templates, {resources} resources; {} references between stacks; {inside} drawn inside the network's VPC; {} diagnostics",
        p.members.len(),
        v.combined.wires.len(),
        v.resolved.diagnostics.len()
    );
    assert_eq!((p.members.len(), resources), (APPS + 1, 1000));
    c.bench_function(
        "project/open 20 templates, 1,000 resources (read, resolve, combine, lay out)",
        |b| {
            b.iter(|| {
                let p = Project::load(black_box(&dir)).unwrap();
                ProjectView::build(&p, "bench", &filters)
            });
        },
    );
    c.bench_function(
        "project/open in the app (the above, and each stack as a document)",
        |b| {
            b.iter(|| {
                let p = Project::load(black_box(&dir)).unwrap();
                let docs = ProjectDocs::open(&p, &filters).unwrap();
                (ProjectView::build(&docs.project(), "bench", &filters), docs)
            });
        },
    );
    c.bench_function("project/read the folder", |b| {
        b.iter(|| Project::load(black_box(&dir)).unwrap());
    });
    c.bench_function("project/resolve and combine", |b| {
        b.iter(|| {
            let r = resolve(black_box(&p.members), &p.file);
            combine(&p.members, &r)
        });
    });
    std::fs::remove_dir_all(&dir).ok();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = project
}
criterion_main!(benches);
