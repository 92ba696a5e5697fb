//! The cost panel in the real app, driven with egui_kittest: the total it shows, re-pricing
//! on an edit, a Region or a parameter, usage written into the document as one undo step,
//! rows that select nodes, and the badges given to the canvas.

#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rust_decimal::Decimal;
use stackcanvas::cfn::Node;
use stackcanvas::cost::dollars;
use stackcanvas::edit::Edit;
use stackcanvas::ui::{AppCommand, StackCanvasApp, UiCommand};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The fixture open, with the cost panel shown.
fn harness() -> Harness<'static, StackCanvasApp> {
    let text = std::fs::read(common::fixture("cost/priced.yaml")).unwrap();
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(12)
        .build_eframe(move |cc| {
            let mut app = StackCanvasApp::new(cc, None);
            assert!(app.open_bytes(&text, "priced.yaml", None));
            app
        });
    h.run();
    h
}

fn open_panel(h: &mut Harness<'_, StackCanvasApp>) {
    h.get_by_role_and_label(Role::Button, "Cost").click();
    h.run();
}

fn total(h: &Harness<'_, StackCanvasApp>) -> Decimal {
    h.state().cost.estimate().unwrap().totals().total().hi
}

fn shows(h: &Harness<'_, StackCanvasApp>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

/// The fixed figures of the fixture in us-east-1, from the price list.
fn expected_total(instance_hourly: Decimal, with_nat: bool) -> Decimal {
    let hours = d("730");
    let instance = hours * instance_hourly;
    let gp3 = d("20") * d("0.08");
    let nat = hours * d("0.045") + hours * d("0.005");
    instance + gp3 + if with_nat { nat } else { Decimal::ZERO }
}

fn save_text(h: &Harness<'_, StackCanvasApp>) -> String {
    let doc = h.state().document().unwrap().clone();
    doc.save_text(doc.template.style.format).unwrap()
}

/// Focuses a field, replaces its text, and presses Enter.
fn enter(h: &mut Harness<'_, StackCanvasApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    if text.is_empty() {
        h.key_press(Key::Backspace);
    } else {
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
    }
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn the_panel_is_off_by_default_and_shows_the_exact_total() {
    let mut h = harness();
    assert!(!h.state().settings.cost_panel);
    assert!(h.query_by_label("Fixed").is_none());
    open_panel(&mut h);
    assert!(h.state().settings.cost_panel);
    let want = expected_total(d("0.0104"), true);
    assert_eq!(total(&h), want);
    let text = format!("{} per month", dollars(want));
    assert_eq!(text, "$45.69 per month");
    assert!(shows(&h, &text), "the panel shows {text}");
    assert!(shows(&h, "Total"));
    // The Lambda and the bucket only have usage-based costs, kept out of the total.
    assert!(shows(&h, "Not in the total: 6 usage-based"));
    let as_of = h
        .state()
        .cost
        .estimate()
        .unwrap()
        .book
        .clone()
        .unwrap()
        .as_of;
    assert!(
        h.query_all_by_label_contains(&as_of[as_of.len() - 10..])
            .next()
            .is_some(),
        "the book's date is shown"
    );
    // Sorted by cost: NatGateway ($36.50) is above AppInstance ($9.19).
    let nat = h.get_by_label("Cost of NatGateway").rect();
    let app = h.get_by_label("Cost of AppInstance").rect();
    assert!(nat.top() < app.top());
    assert!(shows(&h, "usage-based"));
}

#[test]
fn changing_the_instance_type_moves_the_total_at_once() {
    let mut h = harness();
    open_panel(&mut h);
    // As the inspector's field does: one SetValue through the session.
    h.state_mut().apply_edit(Edit::SetValue {
        logical_id: "AppInstance".into(),
        path: vec!["Properties".into(), "InstanceType".into()],
        value: Some(Node::string("m5.large")),
    });
    h.run();
    let want = expected_total(d("0.096"), true);
    assert_eq!(total(&h), want);
    assert!(shows(&h, &format!("{} per month", dollars(want))));
    // And undo puts the old total back.
    h.state_mut().undo();
    h.run();
    assert_eq!(total(&h), expected_total(d("0.0104"), true));
}

#[test]
fn a_region_without_the_price_says_unknown_not_zero() {
    let mut h = harness();
    open_panel(&mut h);
    h.state_mut().run(
        UiCommand::SetCostRegion("eu-central-1".into()),
        &egui::Context::default(),
    );
    h.run();
    let estimate = h.state().cost.estimate().unwrap().clone();
    assert_eq!(estimate.region, "eu-central-1");
    let t = estimate.totals();
    assert!(t.unknown > 0);
    // The NAT gateway has no price there: its row says unknown, never $0.00.
    assert!(shows(&h, "unknown"));
    assert!(h.query_by_label("$0.00 + unknown").is_none());
    // Without a price, even a usage-based cost is unknown rather than "per unit".
    assert_eq!(t.awaiting_usage, 0);
    let line = format!("Not in the total: {} unknown", t.unknown);
    assert!(
        h.query_all_by_label_contains(&line).next().is_some(),
        "{line}"
    );
    assert_eq!(
        h.state().canvas.badges.get("NatGateway"),
        None,
        "badges are off"
    );
    h.state_mut().run(
        UiCommand::App(AppCommand::ToggleCostBadges),
        &egui::Context::default(),
    );
    h.run();
    assert_eq!(h.state().canvas.badges["NatGateway"], "?");
}

#[test]
fn the_region_picker_lists_the_shipped_books() {
    let mut h = harness();
    open_panel(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "Prices for")
        .click();
    h.run();
    h.get_by_label("us-west-2").click();
    h.run();
    assert_eq!(h.state().cost.region, "us-west-2");
    assert_eq!(h.state().cost.estimate().unwrap().region, "us-west-2");
}

#[test]
fn a_parameter_that_turns_a_condition_false_removes_that_cost() {
    let mut h = harness();
    open_panel(&mut h);
    enter(&mut h, "Parameter WithNat", "no");
    let want = expected_total(d("0.0104"), false);
    assert_eq!(total(&h), want);
    assert!(shows(&h, &format!("{} per month", dollars(want))));
    assert!(shows(&h, "Not created (1)"));
    // The value is view state: the document did not change.
    assert!(!h.state().doc().unwrap().is_dirty());
    // Empty takes the default again.
    enter(&mut h, "Parameter WithNat", "");
    assert_eq!(total(&h), expected_total(d("0.0104"), true));
    // The same field sets the instance type.
    enter(&mut h, "Parameter InstanceType", "m5.large");
    assert_eq!(total(&h), expected_total(d("0.096"), true));
}

#[test]
fn usage_is_written_into_the_document_as_one_undo_step() {
    let mut h = harness();
    open_panel(&mut h);
    // Selecting the row opens it, with its usage fields.
    h.get_by_label("Cost of Worker").click();
    h.run();
    h.run();
    let before = h.state().doc().unwrap().history().undo_len();
    let fixed = total(&h);
    enter(&mut h, "Usage Worker requests", "2000000");
    assert_eq!(h.state().doc().unwrap().history().undo_len(), before + 1);
    let text = save_text(&h);
    assert!(
        text.contains("StackCanvas:\n    Usage:\n      Worker:\n        requests: 2000000"),
        "{text}"
    );
    // 2,000,000 requests at $0.20 per million.
    assert_eq!(total(&h), fixed + d("0.4"));
    assert!(shows(&h, &format!("{} per month", dollars(d("0.4")))));

    // A non-number is refused: nothing commits and the field keeps it.
    enter(&mut h, "Usage Worker duration_ms", "fast");
    assert_eq!(h.state().doc().unwrap().history().undo_len(), before + 1);
    assert!(shows(&h, "Not a number of zero or more: nothing changed"));
    assert!(!save_text(&h).contains("duration_ms"));

    // One undo removes the usage.
    h.state_mut().undo();
    h.run();
    assert!(!save_text(&h).contains("Usage"));
    assert_eq!(total(&h), fixed);
}

#[test]
fn an_empty_usage_field_removes_the_key_and_the_layout_stays() {
    let mut h = harness();
    open_panel(&mut h);
    // Place a box, so that the layout is saved beside the usage.
    h.state_mut().apply_edit(Edit::MoveBoxes(vec![(
        "Bucket".into(),
        egui::pos2(40.0, 40.0),
    )]));
    let template = h.state().document().unwrap().template.clone();
    let edit = stackcanvas::ui::usage_edit(&template, "Bucket", "storage_gb", Some(d("50")));
    assert!(h.state_mut().apply_edits("Set usage", vec![edit.unwrap()]));
    h.run();
    let text = save_text(&h);
    assert!(text.contains("storage_gb: 50"), "{text}");
    assert!(text.contains("Layout:"), "{text}");
    let template = h.state().document().unwrap().template.clone();
    let edit = stackcanvas::ui::usage_edit(&template, "Bucket", "storage_gb", None);
    assert!(
        h.state_mut()
            .apply_edits("Remove usage", vec![edit.unwrap()])
    );
    h.run();
    let text = save_text(&h);
    assert!(!text.contains("Usage"), "{text}");
    assert!(text.contains("Layout:"), "{text}");
}

#[test]
fn clicking_a_row_selects_the_node() {
    let mut h = harness();
    open_panel(&mut h);
    h.get_by_label("Cost of NatGateway").click();
    h.run();
    assert_eq!(h.state().canvas.selection, vec!["NatGateway".to_owned()]);
}

#[test]
fn the_badge_toggle_gives_the_canvas_each_nodes_cost() {
    let mut h = harness();
    open_panel(&mut h);
    assert!(h.state().canvas.badges.is_empty());
    h.get_by_label("Cost badges").click();
    h.run();
    assert!(h.state().settings.cost_badges);
    let badges = h.state().canvas.badges.clone();
    assert_eq!(
        badges["AppInstance"],
        dollars(expected_total(d("0.0104"), false))
    );
    assert_eq!(badges["NatGateway"], "$36.50 + usage");
    assert_eq!(badges["Worker"], "usage");
    assert_eq!(badges["Bucket"], "usage");
    // An edit moves the badge on the next frame.
    h.state_mut().apply_edit(Edit::SetValue {
        logical_id: "AppInstance".into(),
        path: vec!["Properties".into(), "InstanceType".into()],
        value: Some(Node::string("m5.large")),
    });
    h.run();
    assert_eq!(
        h.state().canvas.badges["AppInstance"],
        dollars(expected_total(d("0.096"), false))
    );
    h.get_by_label("Cost badges").click();
    h.run();
    assert!(h.state().canvas.badges.is_empty());
}
