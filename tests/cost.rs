//! The cost estimator on fixtures of our own: exact monthly figures, written as the formula over
//! the price rows used, and those rows checked against AWS's published us-east-1 prices.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use stackcanvas::cfn::{Template, import};
use stackcanvas::cost::{
    self, Book, Estimate, Inputs, Monthly, Quantity, Range, Status, Usage, estimate,
};

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

const HOURS: &str = "730";

/// us-east-1 on-demand prices as AWS publishes them (the check figures, and the
/// rows these tests use).
const PUBLISHED: &[(&str, &str)] = &[
    ("ec2.instance.t3.micro.linux.shared", "0.0104"),
    ("ec2.instance.m5.large.linux.shared", "0.096"),
    ("ebs.volume.gp3.storage", "0.08"),
    ("vpc.nat-gateway.hours", "0.045"),
    ("vpc.nat-gateway.bytes", "0.045"),
    ("vpc.public-ipv4.in-use", "0.005"),
    ("elb.application.hours", "0.0225"),
    ("elb.application.lcu", "0.008"),
    ("lambda.requests.x86", "0.0000002"),
    ("lambda.duration.x86", "0.0000166667"),
    ("lambda.duration.arm", "0.0000133334"),
    ("sqs.requests.standard", "0.0000004"),
    ("rds.instance.db.t3.micro.mysql.multi-az", "0.034"),
    ("rds.storage.gp3.multi-az", "0.23"),
];

fn book() -> Book {
    Book::shipped("us-east-1").expect("the us-east-1 book ships")
}

fn template(name: &str) -> Template {
    let path = format!("{}/tests/fixtures/cost/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    import(&bytes, &path, None).unwrap().template
}

fn price(name: &str, inputs: &Inputs) -> Estimate {
    estimate(&template(name), Some(&book()), inputs)
}

fn us_east_1() -> Inputs {
    Inputs {
        region: "us-east-1".into(),
        ..Inputs::default()
    }
}

fn fixed(e: &Estimate, id: &str) -> Range {
    e.resource(id)
        .unwrap_or_else(|| panic!("{id} is listed"))
        .fixed()
}

#[test]
fn the_rows_used_are_the_published_prices() {
    let book = book();
    for (id, published) in PUBLISHED {
        let row = book
            .rows()
            .iter()
            .find(|r| r.id == *id)
            .unwrap_or_else(|| panic!("row {id}"));
        assert_eq!(row.tiers[0].price, d(published), "{id}");
    }
    // The first Lambda duration tier ends at 6 billion GB-seconds, then it is cheaper.
    let duration = book
        .rows()
        .iter()
        .find(|r| r.id == "lambda.duration.x86")
        .unwrap();
    assert_eq!(duration.tiers[0].end, Some(d("6000000000")));
    assert_eq!(duration.tiers[1].price, d("0.000015"));
}

#[test]
fn a_vpc_with_two_nat_gateways() {
    let e = price("nat-vpc.yaml", &us_east_1());
    let nat = d(HOURS) * d("0.045");
    let eip = d(HOURS) * d("0.005");
    assert_eq!(fixed(&e, "NatA"), Range::exact(nat));
    assert_eq!(fixed(&e, "NatB"), Range::exact(nat));
    // The addresses are the template's EIPs, priced there and not again on the gateways.
    assert_eq!(fixed(&e, "EipA"), Range::exact(eip));
    let totals = e.totals();
    assert_eq!(totals.fixed, Range::exact(nat * d("2") + eip * d("2")));
    assert_eq!(totals.fixed.lo, d("73.00"));
    // Data processed waits for usage, once per gateway, and is not in the total.
    assert_eq!(totals.awaiting_usage, 2);
    assert_eq!(totals.usage, Range::default());
    for free in ["Vpc", "PublicA", "PublicB"] {
        assert!(
            matches!(e.resource(free).unwrap().status, Status::Free(_)),
            "{free}"
        );
    }

    // With 100 GB through NatA, its data is priced and added as usage.
    let mut usage = Usage::new();
    usage.insert(
        "NatA".into(),
        BTreeMap::from([("data_gb".into(), d("100"))]),
    );
    let e = price(
        "nat-vpc.yaml",
        &Inputs {
            usage,
            ..us_east_1()
        },
    );
    assert_eq!(e.totals().usage, Range::exact(d("100") * d("0.045")));
    assert_eq!(e.totals().awaiting_usage, 1);
    assert_eq!(
        e.totals().total(),
        Range::exact(nat * d("2") + eip * d("2") + d("4.5"))
    );
}

#[test]
fn an_auto_scaling_web_tier_behind_a_load_balancer_with_a_multi_az_database() {
    let e = price("web-tier.yaml", &us_east_1());
    let instance = d(HOURS) * d("0.096");
    let volume = d("20") * d("0.08");
    // No DesiredCapacity: from MinSize 2 to MaxSize 6.
    assert_eq!(
        fixed(&e, "WebGroup"),
        Range {
            lo: (instance + volume) * d("2"),
            hi: (instance + volume) * d("6"),
        }
    );
    // Internet-facing in two subnets: two public addresses besides the hours.
    let alb = d(HOURS) * d("0.0225") + d("2") * d(HOURS) * d("0.005");
    assert_eq!(fixed(&e, "LoadBalancer"), Range::exact(alb));
    let db = d(HOURS) * d("0.034") + d("20") * d("0.23");
    assert_eq!(fixed(&e, "Database"), Range::exact(db));
    let t = e.totals();
    assert_eq!(
        t.fixed,
        Range {
            lo: (instance + volume) * d("2") + alb + db,
            hi: (instance + volume) * d("6") + alb + db,
        }
    );
    // LCUs and backups wait for usage.
    assert_eq!(t.awaiting_usage, 2);

    // A parameter value fixes the group's size through a condition and an If.
    let inputs = Inputs {
        parameters: BTreeMap::from([
            ("DesiredWeb".into(), "3".into()),
            ("WebInstanceType".into(), "t3.micro".into()),
        ]),
        ..us_east_1()
    };
    let e = price("web-tier.yaml", &inputs);
    let small = d(HOURS) * d("0.0104") + volume;
    assert_eq!(fixed(&e, "WebGroup"), Range::exact(small * d("3")));
}

#[test]
fn a_serverless_pipeline_with_and_without_usage() {
    let e = price("pipeline.yaml", &us_east_1());
    let t = e.totals();
    // Every cost depends on usage: none is in the total, and none is shown as $0.
    assert_eq!(t.fixed, Range::default());
    assert_eq!(t.awaiting_usage, 9);
    for r in &e.resources {
        for c in &r.components {
            assert_eq!(c.monthly, Monthly::PerUnit, "{}: {}", r.logical_id, c.name);
            assert!(c.price.is_some(), "{}: {}", r.logical_id, c.name);
        }
    }
    let ingest = e.resource("Ingest").unwrap();
    assert_eq!(
        cost::monthly_text(&ingest.components[0]),
        "$0.0000002 per request"
    );

    // 5 million requests a month at 200 ms on 512 MB; 10 million queue requests.
    let mut usage = Usage::new();
    usage.insert(
        "Ingest".into(),
        BTreeMap::from([
            ("requests".into(), d("5000000")),
            ("duration_ms".into(), d("200")),
        ]),
    );
    usage.insert(
        "Process".into(),
        BTreeMap::from([
            ("requests".into(), d("5000000")),
            ("duration_ms".into(), d("100")),
        ]),
    );
    usage.insert(
        "Work".into(),
        BTreeMap::from([("requests".into(), d("10000000"))]),
    );
    let e = price(
        "pipeline.yaml",
        &Inputs {
            usage,
            ..us_east_1()
        },
    );
    let ingest_gb_s = d("5000000") * d("0.2") * d("512") / d("1024");
    let ingest = d("5000000") * d("0.0000002") + ingest_gb_s * d("0.0000166667");
    // Process runs on arm64 with the default 128 MB.
    let process_gb_s = d("5000000") * d("0.1") * d("128") / d("1024");
    let process = d("5000000") * d("0.0000002") + process_gb_s * d("0.0000133334");
    assert_eq!(e.resource("Ingest").unwrap().usage(), Range::exact(ingest));
    assert_eq!(
        e.resource("Process").unwrap().usage(),
        Range::exact(process)
    );
    let queue = d("10000000") * d("0.0000004");
    assert_eq!(e.totals().usage, Range::exact(ingest + process + queue));
    assert_eq!(e.totals().fixed, Range::default());
    // The bucket and the topic still wait.
    assert_eq!(e.totals().awaiting_usage, 4);
}

#[test]
fn a_conditional_resource_is_priced_only_when_it_exists() {
    let e = price("conditional.yaml", &us_east_1());
    assert!(matches!(
        e.resource("Nat").unwrap().status,
        Status::NotCreated(_)
    ));
    // dev: the mapping's us-east-1 size, t3.micro, and its 8 GB gp3 volume.
    let web_dev = d(HOURS) * d("0.0104") + d("8") * d("0.08");
    assert_eq!(fixed(&e, "Web"), Range::exact(web_dev));

    let prod = Inputs {
        parameters: BTreeMap::from([("Env".into(), "prod".into())]),
        ..us_east_1()
    };
    let e = price("conditional.yaml", &prod);
    assert_eq!(e.resource("Nat").unwrap().status, Status::Priced);
    let nat = d(HOURS) * d("0.045") + d(HOURS) * d("0.005");
    assert_eq!(fixed(&e, "Nat"), Range::exact(nat));
    let web_prod = d(HOURS) * d("0.096") + d("8") * d("0.08");
    assert_eq!(fixed(&e, "Web"), Range::exact(web_prod));
    assert_eq!(e.totals().fixed, Range::exact(nat + web_prod));
}

#[test]
fn what_cannot_be_known_is_unknown_with_its_reason_never_zero() {
    let e = price("conditional.yaml", &us_east_1());
    let reason = |id: &str| match &e.resource(id).unwrap().status {
        Status::Unknown(r) => r.clone(),
        other => panic!("{id}: {other:?}"),
    };
    assert!(
        reason("Worker").contains("parameter WorkerType has no default"),
        "{}",
        reason("Worker")
    );
    assert!(
        reason("Shared").contains("imported from another stack"),
        "{}",
        reason("Shared")
    );
    assert_eq!(e.resource("Pipeline").unwrap().status, Status::NotPriced);
    let t = e.totals();
    assert_eq!(t.unknown, 2);
    assert_eq!(t.not_priced, 1);
    let table = cost::to_table(&e);
    assert!(table.contains("not priced yet"), "{table}");
    assert!(table.contains("unknown: InstanceType: imported"), "{table}");

    // Given a value, the parameter prices.
    let given = Inputs {
        parameters: BTreeMap::from([("WorkerType".into(), "m5.large".into())]),
        ..us_east_1()
    };
    let e = price("conditional.yaml", &given);
    assert_eq!(fixed(&e, "Worker").lo, d(HOURS) * d("0.096"));
    // Its root volume is the AMI's: an unknown line, not a guess.
    let worker = e.resource("Worker").unwrap();
    assert_eq!(worker.unknown(), 1);
    assert!(
        worker
            .components
            .iter()
            .any(|c| c.quantity == Quantity::Unknown)
    );
}

#[test]
fn a_region_prices_with_its_own_book_and_says_when_a_price_is_missing() {
    let west = Book::shipped("us-west-2").expect("a partial us-west-2 book ships");
    let inputs = Inputs {
        region: "us-west-2".into(),
        ..Inputs::default()
    };
    let e = estimate(&template("conditional.yaml"), Some(&west), &inputs);
    // The mapping gives t3.small in us-west-2; the partial book has no gp3 price there.
    let web = e.resource("Web").unwrap();
    assert!(
        web.components[0].name.starts_with("t3.small"),
        "{:?}",
        web.components[0]
    );
    let volume = &web.components[1];
    match &volume.monthly {
        Monthly::Unknown(r) => assert!(r.contains("no price in the us-west-2 book"), "{r}"),
        other => panic!("{other:?}"),
    }
    // No book at all: every priced component says so.
    let none = Inputs {
        region: "ap-south-2".into(),
        ..Inputs::default()
    };
    let e = estimate(&template("nat-vpc.yaml"), None, &none);
    assert_eq!(e.totals().fixed, Range::default());
    assert!(e.totals().unknown >= 4);
    assert!(cost::to_table(&e).contains("no price book for ap-south-2"));
}

#[test]
fn usage_is_read_from_the_template_metadata() {
    let text = "Metadata:\n  StackCanvas:\n    Usage:\n      NatA: {data_gb: 250}\n      NatB: {data_gb: lots}\nResources:\n  NatA:\n    Type: AWS::EC2::NatGateway\n    Properties: {SubnetId: subnet-1, ConnectivityType: private}\n";
    let t = import(text.as_bytes(), "usage.yaml", None)
        .unwrap()
        .template;
    let (usage, errors) = cost::usage_of_template(&t, "usage.yaml");
    assert_eq!(usage["NatA"]["data_gb"], d("250"));
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (5, 23), "{}", errors[0]);
    let e = estimate(
        &t,
        Some(&book()),
        &Inputs {
            usage,
            ..us_east_1()
        },
    );
    // Private: no public address; hours plus 250 GB.
    assert_eq!(
        e.resource("NatA").unwrap().fixed(),
        Range::exact(d(HOURS) * d("0.045"))
    );
    assert_eq!(e.totals().usage, Range::exact(d("250") * d("0.045")));
}

#[test]
fn the_json_report_has_the_documented_shape() {
    let e = price("nat-vpc.yaml", &us_east_1());
    let json: serde_json::Value = serde_json::from_str(&cost::to_json(&e)).unwrap();
    assert_eq!(json["format"], "stackcanvas-cost");
    assert_eq!(json["totals"]["fixed"]["low"], "73");
    let nat = json["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["logical_id"] == "NatA")
        .unwrap();
    assert_eq!(nat["status"], "priced");
    assert_eq!(nat["components"][0]["price"]["unit_price"], "0.045");
    assert_eq!(nat["components"][0]["quantity"]["low"], "730");
    assert_eq!(nat["components"][1]["kind"], "per-unit");
    assert_eq!(nat["components"][1]["usage_key"], "data_gb");
    let csv = cost::to_csv(&e);
    assert!(csv.lines().any(|l| l.starts_with("NatA,AWS::EC2::NatGateway,priced,NAT gateway hours,730,730,hours,0.045,32.85,32.85,fixed")), "{csv}");
}

#[test]
fn the_cost_of_a_change() {
    let old = price("web-tier.yaml", &us_east_1());
    let mut inputs = us_east_1();
    inputs.parameters.insert("DesiredWeb".into(), "2".into());
    let new = price("web-tier.yaml", &inputs);
    let diff = cost::diff(&old, &new);
    assert_eq!(diff.changes.len(), 1);
    assert_eq!(diff.changes[0].logical_id, "WebGroup");
    let per = d(HOURS) * d("0.096") + d("20") * d("0.08");
    // From 2–6 instances to exactly 2: the low end stays, the high end falls by four.
    assert_eq!(
        diff.difference(),
        Range {
            lo: Decimal::ZERO,
            hi: -(per * d("4")),
        }
    );
}

#[test]
fn the_cli_prices_a_file_and_a_change_and_fails_above_a_threshold() {
    let bin = env!("CARGO_BIN_EXE_stackcanvas");
    let fixture = |n: &str| format!("{}/tests/fixtures/cost/{n}", env!("CARGO_MANIFEST_DIR"));
    let home = std::env::temp_dir().join(format!("stackcanvas-cost-home-{}", std::process::id()));
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .env("XDG_CONFIG_HOME", &home)
            .output()
            .unwrap()
    };
    let out = run(&["cost", &fixture("nat-vpc.yaml")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Fixed:       $73.00 per month"), "{text}");
    assert!(text.contains("prices as of"), "{text}");

    let out = run(&["cost", &fixture("nat-vpc.yaml"), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["totals"]["fixed"]["high"], "73");

    // A folder: every template, and the sum.
    let dir = fixture("");
    let out = run(&["cost", &dir]);
    let text = String::from_utf8(out.stdout).unwrap();
    let templates = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert!(templates >= 4);
    assert!(text.contains(&format!("All {templates} stacks:")), "{text}");

    // nat-vpc (old) to web-tier (new) adds more than $100 a month.
    let out = run(&[
        "cost",
        "--diff",
        &fixture("nat-vpc.yaml"),
        &fixture("web-tier.yaml"),
        "--fail-above",
        "100",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("removed  NatA"), "{text}");
    assert!(text.contains("added    WebGroup"), "{text}");
    let out = run(&[
        "cost",
        "--diff",
        &fixture("web-tier.yaml"),
        &fixture("nat-vpc.yaml"),
        "--fail-above",
        "100",
    ]);
    assert_eq!(out.status.code(), Some(0));

    // A file that does not parse names its line and column, and exits 1.
    let bad =
        std::env::temp_dir().join(format!("stackcanvas-cost-bad-{}.yaml", std::process::id()));
    std::fs::write(&bad, "Resources:\n  A: [unclosed\n").unwrap();
    let out = run(&["cost", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    // file:line:column, where the reader found the list unclosed.
    assert!(
        err.contains(&format!("{}:3:1: error", bad.display())),
        "{err}"
    );
    std::fs::remove_file(&bad).ok();
}
