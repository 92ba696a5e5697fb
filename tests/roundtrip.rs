//! Round trip over the real corpus, the samples and our fixtures:
//! import -> export -> import gives an equal model, in YAML and in JSON.

#![allow(clippy::unwrap_used)]

mod common;

use stackcanvas::cfn::{self, Format, Template};

fn import_path(path: &std::path::Path) -> cfn::Imported {
    let bytes = std::fs::read(path).unwrap();
    let name = path.display().to_string();
    cfn::import(&bytes, &name, Format::from_path(path)).unwrap_or_else(|e| panic!("{e}"))
}

fn reimport(text: &str, format: Format, label: &str) -> Template {
    cfn::import_text(text, label, Some(format), false)
        .unwrap_or_else(|e| panic!("re-import of {label} failed: {e}\n{text}"))
        .template
}

/// Checks one template both ways and returns the number of checks made.
fn round_trip(name: &str, template: &Template) -> usize {
    let mut checks = 0;
    for format in [Format::Yaml, Format::Json] {
        let label = format!("{name} as {format:?}");
        let text = cfn::write(template, format);
        let again = reimport(&text, format, &label);
        if let Some(diff) = template.root_node().first_difference(again.root_node()) {
            panic!("{label}: the re-imported model differs from the original at {diff}\n{text}");
        }
        // Writing is a fixed point: the second export is the same text.
        let mut again = again;
        again.style = template.style;
        assert_eq!(
            cfn::write(&again, format),
            text,
            "{label}: second export differs"
        );
        checks += 1;
    }
    checks
}

#[test]
fn every_corpus_file_round_trips_in_both_formats() {
    let mut checked = 0;
    for (name, path) in common::corpus_files() {
        let imported = import_path(&path);
        let entries = imported
            .template
            .section_mapping("Resources")
            .map_or(0, stackcanvas::cfn::Mapping::len);
        assert!(entries > 0, "{name}: no resources read");
        checked += round_trip(&name, &imported.template);
    }
    assert_eq!(checked, 100);
}

#[test]
fn yaml_and_json_twins_read_equal() {
    // The corpus holds the same MSK template as YAML and JSON; both must read the same.
    // (The VPC twin is not equal: its JSON has `"Fn::GetAZs": null` where the YAML has `!GetAZs ''`.)
    let base = "awsdocs-cfn-guide/doc_source__aws-resource-msk-cluster__example-msk-getstarted";
    let y = import_path(&common::corpus_dir().join(format!("{base}.yaml")));
    let j = import_path(&common::corpus_dir().join(format!("{base}.json")));
    let ry = y.template.section("Resources").unwrap();
    let rj = j.template.section("Resources").unwrap();
    assert_eq!(
        ry.first_difference(rj),
        None,
        "YAML and JSON twins differ in Resources"
    );
}

#[test]
fn samples_and_fixtures_round_trip() {
    let mut files = common::samples();
    for f in [
        "long-form.json",
        "mixed-forms.yaml",
        "sam-transform.yaml",
        "comments-crlf.yaml",
        "bom.yaml",
    ] {
        files.push(common::fixture(f));
    }
    for path in files {
        let imported = import_path(&path);
        let name = path.display().to_string();
        assert!(!imported.has_errors(), "{name}: {:?}", imported.diagnostics);
        round_trip(&name, &imported.template);
    }
}

#[test]
fn file_style_is_kept_when_writing_the_same_format() {
    let crlf = import_path(&common::fixture("comments-crlf.yaml"));
    let out = cfn::write(&crlf.template, Format::Yaml);
    assert!(
        out.contains("\r\n") && !out.replace("\r\n", "").contains('\n'),
        "CRLF must be kept"
    );
    let bom = import_path(&common::fixture("bom.yaml"));
    assert!(cfn::write(&bom.template, Format::Yaml).starts_with('\u{FEFF}'));
}

#[test]
fn strings_numbers_and_nulls_keep_their_types() {
    let j = import_path(&common::fixture("long-form.json"));
    let yaml = cfn::write(&j.template, Format::Yaml);
    let back = reimport(&yaml, Format::Yaml, "long-form as yaml");
    assert!(back.root_node() == j.template.root_node());
    // `"01"` and `"true"` are strings in the JSON and must be quoted in YAML.
    assert!(yaml.contains("'01'") && yaml.contains("'true'"), "{yaml}");

    let null_json = common::corpus_dir()
        .join("aws-cfn-templates/VPC__VPC_With_Managed_NAT_And_Private_Subnet.json");
    let imported = import_path(&null_json);
    assert!(
        imported
            .diagnostics
            .iter()
            .any(|d| d.message.contains("Fn::GetAZs is null") && d.pos.is_some()),
        "a null GetAZs must be flagged"
    );
    let yaml = cfn::write(&imported.template, Format::Yaml);
    assert!(yaml.contains("Fn::GetAZs: null"), "the null must stay null");
}
