//! `stackcanvas generate`: deterministic synthetic templates that import cleanly, have the size
//! asked for, place their workloads in subnets, and pass cfn-lint.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Format, Node, Severity};
use stackcanvas::generate::generate_yaml;
use stackcanvas::model::Containment;

#[test]
fn same_seed_gives_the_same_bytes() {
    assert_eq!(generate_yaml(300, 7), generate_yaml(300, 7));
    assert_ne!(generate_yaml(300, 7), generate_yaml(300, 8));
}

#[test]
fn output_imports_cleanly_with_the_size_asked_for() {
    for n in [1, 19, 50, 60, 500] {
        let yaml = generate_yaml(n, 1);
        let imported = cfn::import(yaml.as_bytes(), "generated.yaml", Some(Format::Yaml)).unwrap();
        let errors: Vec<_> = imported
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "size {n}: {errors:?}");
        assert_eq!(imported.template.resources().count(), n);
    }
}

#[test]
fn instances_sit_in_subnets() {
    let yaml = generate_yaml(500, 1);
    let template = cfn::import(yaml.as_bytes(), "generated.yaml", Some(Format::Yaml))
        .unwrap()
        .template;
    let containment = Containment::build(&template);
    let mut placed = 0;
    for resource in template.resources() {
        if matches!(
            resource.type_name(),
            "AWS::EC2::Instance" | "AWS::Lambda::Function" | "AWS::AutoScaling::AutoScalingGroup"
        ) {
            let parent = containment.parent(resource.logical_id).unwrap();
            let subnet = template.resource(parent).unwrap();
            assert_eq!(
                subnet.type_name(),
                "AWS::EC2::Subnet",
                "{}",
                resource.logical_id
            );
            placed += 1;
        }
        if resource.type_name() == "AWS::EC2::Subnet" {
            assert!(containment.parent(resource.logical_id).is_some());
        }
    }
    assert!(placed > 100, "only {placed} workloads in subnets");
}

#[test]
fn cfn_lint_finds_no_error() {
    if common::skip_oracle() {
        return;
    }
    let dir = common::scratch_dir("generate");
    let path = dir.join("generated-60.yaml");
    std::fs::write(&path, generate_yaml(60, 1)).unwrap();
    let lines = common::run_oracle(&dir, &[(path.clone(), path)]);
    let errors = lines[0]
        .as_mapping()
        .and_then(|m| m.get("input_errors"))
        .and_then(Node::as_sequence)
        .map(<[Node]>::to_vec)
        .unwrap_or_default();
    assert!(errors.is_empty(), "cfn-lint errors: {errors:?}");
}
