//! Region-specific literals (an AMI ID, a subnet, a security group, a key pair name) are
//! warnings with a one-step fix in the inspector: a parameter of the matching type with the
//! literal as its default. Driven in the real app with egui_kittest; the saved file passes
//! cfn-lint.

#![allow(clippy::unwrap_used)]

mod common;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stackcanvas::cfn::{Node, region_literals, write_yaml_value};
use stackcanvas::ui::StackCanvasApp;

fn harness() -> Harness<'static, StackCanvasApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(12)
        .build_eframe(|cc| {
            let mut app = StackCanvasApp::new(cc, None);
            app.open_path(&common::fixture("region-literals.yaml"));
            app.canvas.select("Web", false);
            app
        });
    h.run();
    h
}

fn property(h: &Harness<'_, StackCanvasApp>, keys: &[&str]) -> String {
    let doc = h.state().document().unwrap().clone();
    let value = doc
        .template
        .resource("Web")
        .unwrap()
        .property(keys)
        .unwrap();
    write_yaml_value(value).trim_end().to_owned()
}

#[test]
fn each_literal_is_a_warning_and_its_button_makes_a_parameter_in_one_step() {
    let mut h = harness();
    let warnings: Vec<String> = h
        .state()
        .doc()
        .unwrap()
        .diagram
        .derived
        .diagnostics()
        .filter(|d| d.logical_id.as_deref() == Some("Web"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert!(
        warnings[0].contains("region-literals.yaml:9:")
            && warnings[0].contains("ami-0abcdef1234567890 is an AMI ID"),
        "{warnings:#?}"
    );

    h.get_by_label("Make ami-0abcdef1234567890 a parameter")
        .click();
    h.run();
    assert_eq!(property(&h, &["ImageId"]), "!Ref WebImageId");
    let doc = h.state().document().unwrap().clone();
    let parameter = doc
        .template
        .section_mapping("Parameters")
        .and_then(|p| p.get("WebImageId"))
        .unwrap();
    assert_eq!(
        parameter.get_path(&["Type"]).and_then(Node::as_str),
        Some("AWS::EC2::Image::Id")
    );
    assert_eq!(
        parameter.get_path(&["Default"]).and_then(Node::as_str),
        Some("ami-0abcdef1234567890")
    );
    assert_eq!(h.state().doc().unwrap().history().undo_len(), 1);
    assert_eq!(
        h.state().doc().unwrap().history().undo_label(),
        Some("Make ami-0abcdef1234567890 the parameter WebImageId")
    );
    assert!(
        h.query_by_label("Make ami-0abcdef1234567890 a parameter")
            .is_none(),
        "the fixed literal has no button any more"
    );

    // The rest, one by one, including the list item and the key pair.
    for value in [
        "ops-key",
        "subnet-0123456789abcdef0",
        "sg-0123456789abcdef0",
    ] {
        h.get_by_label(&format!("Make {value} a parameter")).click();
        h.run();
    }
    assert_eq!(property(&h, &["KeyName"]), "!Ref WebKeyName");
    assert_eq!(
        property(&h, &["SecurityGroupIds"]),
        "- !Ref WebSecurityGroupIds1"
    );
    let doc = h.state().document().unwrap().clone();
    assert!(region_literals(&doc.template).is_empty());

    // The saved file keeps the comment and passes cfn-lint.
    let dir = common::scratch_dir("region-values");
    let out = dir.join("fixed.yaml");
    assert!(h.state_mut().save_to(&out), "{:?}", h.state().notice_text());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("      ImageId: !Ref WebImageId # Amazon Linux in us-east-1\n"),
        "{text}"
    );
    if common::skip_oracle() {
        return;
    }
    let lines = common::run_oracle(&dir, &[(common::fixture("region-literals.yaml"), out)]);
    let errors = lines[0].get_path(&["output_errors"]).unwrap();
    assert_eq!(
        errors.as_sequence().map(<[Node]>::len),
        Some(0),
        "{errors:?}"
    );
}

#[test]
fn undo_gives_back_the_literal() {
    let mut h = harness();
    let before = h.state().document().unwrap().clone();
    h.get_by_label("Make subnet-0123456789abcdef0 a parameter")
        .click();
    h.run();
    assert_eq!(property(&h, &["SubnetId"]), "!Ref WebSubnetId");
    h.state_mut().undo();
    assert_eq!(*h.state().document().unwrap(), before);
}
