//! `stackcanvas prices import` on the offer fixtures of `tests/fixtures/prices/` (their README
//! says what each SKU must give), on small broken offers written here, and end to end through
//! the binary. The shipped `assets/prices/us-east-1.json` is read with the same row types, so
//! the importer and the shipped book cannot drift apart.
//!
//! No test depends on today's date: the library takes the date to write, and the binary's is
//! only checked for its shape.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use stackcanvas::prices::{
    Bound, Decimal, Evidence, ImportError, Importer, PRICED_FAMILIES, PriceBook, Row, Tier,
    write_books,
};

const COMPILED: &str = "2030-01-02";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prices")
        .join(name)
}

const EC2: &str = "offer-ec2-small.json";
const LAMBDA: &str = "offer-lambda-small.json";
const S3: &str = "offer-s3-small.json";

/// A fresh, empty folder for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("stackcanvas-prices-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn import(files: &[PathBuf], regions: &[&str]) -> Result<Vec<PriceBook>, ImportError> {
    let regions: Vec<String> = regions.iter().map(|r| (*r).to_owned()).collect();
    let mut importer = Importer::new(&regions);
    for file in files {
        importer.read_file(file)?;
    }
    importer.books(COMPILED)
}

fn one_book(files: &[PathBuf], region: &str) -> PriceBook {
    let mut books = import(files, &[region]).unwrap();
    assert_eq!(books.len(), 1);
    books.pop().unwrap()
}

fn row<'a>(book: &'a PriceBook, sku: &str) -> &'a Row {
    book.rows
        .iter()
        .find(|r| r.sku.as_deref() == Some(sku))
        .unwrap_or_else(|| panic!("no row for {sku}"))
}

fn skus(book: &PriceBook) -> BTreeSet<&str> {
    book.rows.iter().filter_map(|r| r.sku.as_deref()).collect()
}

fn tiers(row: &Row) -> Vec<(String, String, String)> {
    row.tiers
        .iter()
        .map(|t| (t.begin.to_string(), t.end.to_string(), t.price.to_string()))
        .collect()
}

fn tier(begin: &str, end: &str, price: &str) -> (String, String, String) {
    (begin.to_owned(), end.to_owned(), price.to_owned())
}

fn select(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn the_ec2_offer_gives_twelve_us_east_1_rows() {
    let book = one_book(&[fixture(EC2)], "us-east-1");
    let kept: BTreeSet<&str> = [
        "CRAJUW7BTXFMT2UJ",
        "6C86BEPQVG73ZGGR",
        "5G4TA8Z4MUKE6MJB",
        "AN9HBCS6XCP64Z83",
        "HXGQ45BFM9J2FJ3F",
        "EHFDZFP2EH9BD4DX",
        "3D4V8UAYEMB38GU2",
        "JG3KUJMBRGHV3N8G",
        "ZZTESTGP3IOPS001",
        "ZZTESTGP3THRU001",
        "M2YSHUBETB3JX4M4",
        "ZZTESTNATBYTES01",
    ]
    .into();
    assert_eq!(skus(&book), kept);
    assert_eq!(book.rows.len(), 12);
    // Unused capacity reservation, Capacity Block, other Region, free-trial pseudo-product.
    for dropped in [
        "E9RWRGDUV5X76FUB",
        "5Q7AP3RH7KTVUNCJ",
        "VJNS2RY9CFHRVCMH",
        "R3WPVNCD34N9W7UV",
    ] {
        assert!(!skus(&book).contains(dropped), "{dropped}");
    }

    assert_eq!(book.format, "stackcanvas-price-book");
    assert_eq!(book.format_version, 1);
    assert_eq!(book.region, "us-east-1");
    assert_eq!(book.location, "US East (N. Virginia)");
    assert_eq!(book.currency, "USD");
    assert_eq!(book.compiled, COMPILED);
    assert!(!book.complete);
    assert_eq!(
        book.compiled_by,
        format!("stackcanvas prices import {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(book.sources.len(), 1);
    let source = &book.sources["AmazonEC2-20260910195514"];
    assert_eq!(source.location, fixture(EC2).display().to_string());
    assert_eq!(source.offer_version.as_deref(), Some("20260910195514"));
    assert_eq!(
        source.publication_date.as_deref(),
        Some("2026-09-10T19:55:14Z")
    );
    assert_eq!(source.kind, Evidence::Offer);
    assert!(source.title.contains("AmazonEC2"), "{}", source.title);

    let t3 = row(&book, "CRAJUW7BTXFMT2UJ");
    assert_eq!(
        t3.id,
        "amazonec2.compute-instance.boxusage-t3.micro.runinstances"
    );
    assert_eq!(t3.service, "AmazonEC2");
    assert_eq!(t3.product_family.as_deref(), Some("Compute Instance"));
    assert_eq!(
        t3.select,
        select(&[
            ("capacitystatus", "Used"),
            ("instanceType", "t3.micro"),
            ("licenseModel", "No License required"),
            ("marketoption", "OnDemand"),
            ("operatingSystem", "Linux"),
            ("operation", "RunInstances"),
            ("preInstalledSw", "NA"),
            ("tenancy", "Shared"),
            ("usagetype", "BoxUsage:t3.micro"),
        ])
    );
    assert_eq!(t3.unit, "Hrs");
    assert_eq!(tiers(t3), [tier("0", "Inf", "0.0104")]);
    assert_eq!(t3.published.as_deref(), Some("2026-09-10T19:55:14Z"));
    assert!(t3.effective.is_some());
    assert_eq!(t3.source, "AmazonEC2-20260910195514");
    assert_eq!(t3.evidence, Evidence::Offer);
    assert_eq!(
        t3.rate_code.as_deref(),
        Some("CRAJUW7BTXFMT2UJ.JRTCKXETXF.6YS6EN2CT7")
    );
    assert_eq!(
        t3.description.as_deref(),
        Some("$0.0104 per On Demand Linux t3.micro Instance Hour")
    );

    // Reserved terms (one with an upfront fee and no beginRange) are not read.
    let m5 = row(&book, "6C86BEPQVG73ZGGR");
    assert_eq!(tiers(m5), [tier("0", "Inf", "0.096")]);
    assert!(m5.rate_code.as_deref().unwrap().contains(".JRTCKXETXF."));
    assert_eq!(m5.unit, "Hrs");

    // Tenancy, OS and operation, preinstalled software tell the m5.xlarge rows apart.
    let dedicated = row(&book, "AN9HBCS6XCP64Z83");
    assert_eq!(dedicated.select["tenancy"], "Dedicated");
    assert_eq!(tiers(dedicated), [tier("0", "Inf", "0.204")]);
    let windows = row(&book, "HXGQ45BFM9J2FJ3F");
    assert_eq!(windows.select["operatingSystem"], "Windows");
    assert_eq!(windows.select["operation"], "RunInstances:0002");
    assert_eq!(
        windows.id,
        "amazonec2.compute-instance.boxusage-m5.xlarge.runinstances-0002"
    );
    assert_eq!(tiers(windows), [tier("0", "Inf", "0.376")]);
    let sql = row(&book, "EHFDZFP2EH9BD4DX");
    assert_eq!(sql.select["preInstalledSw"], "SQL Std");
    assert_eq!(
        tiers(row(&book, "3D4V8UAYEMB38GU2")),
        [tier("0", "Inf", "55.04")]
    );

    let gp3 = row(&book, "JG3KUJMBRGHV3N8G");
    assert_eq!(gp3.product_family.as_deref(), Some("Storage"));
    assert_eq!(
        gp3.select,
        select(&[
            ("usagetype", "EBS:VolumeUsage.gp3"),
            ("volumeApiName", "gp3")
        ])
    );
    assert_eq!(gp3.unit, "GB-Mo");
    assert_eq!(tiers(gp3), [tier("0", "Inf", "0.08")]);
    assert_eq!(gp3.id, "amazonec2.storage.ebs-volumeusage.gp3");
    let nat = row(&book, "M2YSHUBETB3JX4M4");
    assert_eq!(nat.select["usagetype"], "NatGateway-Hours");
    assert!(nat.select.contains_key("group"));
    assert_eq!(tiers(nat), [tier("0", "Inf", "0.045")]);

    let ids: Vec<&str> = book.rows.iter().map(|r| r.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "rows sorted by id, ids unique");
}

#[test]
fn the_us_west_2_product_is_kept_when_asked_for_and_every_region_by_default() {
    let west = one_book(&[fixture(EC2)], "us-west-2");
    assert_eq!(skus(&west), ["VJNS2RY9CFHRVCMH"].into());
    assert_eq!(west.location, "US West (Oregon)");
    assert_eq!(
        row(&west, "VJNS2RY9CFHRVCMH").select["usagetype"],
        "USW2-BoxUsage:t3.micro"
    );

    let all = import(&[fixture(EC2)], &[]).unwrap();
    let regions: Vec<(&str, usize)> = all
        .iter()
        .map(|b| (b.region.as_str(), b.rows.len()))
        .collect();
    // The free-trial pseudo-product's regionCode "" makes no book.
    assert_eq!(regions, [("us-east-1", 12), ("us-west-2", 1)]);

    let both = import(&[fixture(EC2)], &["us-west-2", "us-east-1"]).unwrap();
    assert_eq!(both.len(), 2);
    let err = import(&[fixture(EC2)], &["eu-west-1"]).unwrap_err();
    assert!(err.to_string().contains("eu-west-1"), "{err}");
}

#[test]
fn lambda_keeps_three_tiers_and_the_free_tier_as_its_own_row() {
    let book = one_book(&[fixture(LAMBDA)], "us-east-1");
    assert_eq!(
        skus(&book),
        [
            "TG3M4CAGBA3NYQBH",
            "72SBSFWPMDTH8S3J",
            "GU2ZS9HVP6QTQ7KE",
            "ZZTESTLAMBDAFREE"
        ]
        .into()
    );
    let x86 = row(&book, "TG3M4CAGBA3NYQBH");
    assert_eq!(x86.unit, "Lambda-GB-Second");
    assert_eq!(
        tiers(x86),
        [
            tier("0", "6000000000", "0.0000166667"),
            tier("6000000000", "15000000000", "0.000015"),
            tier("15000000000", "Inf", "0.0000133334"),
        ]
    );
    assert_eq!(
        x86.select,
        select(&[
            ("group", "AWS-Lambda-Duration"),
            ("usagetype", "Lambda-GB-Second")
        ])
    );
    // The first tier's rate code and description stand for the row.
    assert_eq!(
        x86.rate_code.as_deref(),
        Some("TG3M4CAGBA3NYQBH.JRTCKXETXF.ZZTIER00X1")
    );
    assert_eq!(
        x86.description.as_deref(),
        Some("AWS Lambda - Total Compute - Tier-1")
    );
    assert_eq!(x86.published.as_deref(), Some("2025-10-28T00:00:00Z"));
    assert_eq!(x86.effective.as_deref(), Some("2025-10-01T00:00:00Z"));
    let arm = row(&book, "72SBSFWPMDTH8S3J");
    assert_eq!(
        tiers(arm).iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
        ["7500000000", "18750000000", "Inf"]
    );

    let paid = row(&book, "GU2ZS9HVP6QTQ7KE");
    assert_eq!(tiers(paid), [tier("0", "Inf", "0.0000002")]);
    assert_eq!(paid.unit, "Requests");
    let free = row(&book, "ZZTESTLAMBDAFREE");
    assert_eq!(tiers(free), [tier("0", "1000000", "0")]);
    assert_ne!(free.select, paid.select);
    assert_ne!(free.id, paid.id);

    let west = one_book(&[fixture(LAMBDA)], "us-west-2");
    assert_eq!(skus(&west), ["XCU6U9G4FCKZQWG9"].into());
    assert_eq!(row(&west, "XCU6U9G4FCKZQWG9").tiers.len(), 3);
}

#[test]
fn s3_accepts_a_product_without_a_family() {
    let book = one_book(&[fixture(S3)], "us-east-1");
    assert_eq!(book.rows.len(), 7);
    let gda = row(&book, "WDAC2WRXVNRSNQS6");
    assert_eq!(gda.product_family, None);
    assert_eq!(gda.id, "amazons3.null.requests-gda-tier2");
    assert_eq!(
        gda.select,
        select(&[
            ("group", "S3-API-GDA-Tier2"),
            ("usagetype", "Requests-GDA-Tier2")
        ])
    );
    assert!(
        book.to_json().contains("\"product_family\": null"),
        "a product without a family is written as null"
    );
    let standard = row(&book, "WP9ANXZGBYYSGJEA");
    assert_eq!(
        tiers(standard),
        [
            tier("0", "51200", "0.023"),
            tier("51200", "512000", "0.022"),
            tier("512000", "Inf", "0.021"),
        ]
    );
    assert_eq!(standard.select["volumeType"], "Standard");
    assert_eq!(
        tiers(row(&book, "EXB3YJ6YV5CRH4JN")),
        [tier("0", "Inf", "0.021")]
    );
    assert_eq!(
        tiers(row(&book, "E9YHNFENF4XQBZR6")),
        [tier("0", "Inf", "0.000005")]
    );
}

#[test]
fn three_offers_make_one_book_per_region() {
    let books = import(&[fixture(EC2), fixture(LAMBDA), fixture(S3)], &[]).unwrap();
    assert_eq!(books.len(), 2);
    let east = &books[0];
    assert_eq!(east.region, "us-east-1");
    assert_eq!(east.rows.len(), 12 + 4 + 7);
    let sources: Vec<&str> = east.sources.keys().map(String::as_str).collect();
    assert_eq!(
        sources,
        [
            "AWSLambda-20251028000000",
            "AmazonEC2-20260910195514",
            "AmazonS3-20260728131000"
        ]
    );
    for r in &east.rows {
        let source = &east.sources[&r.source];
        assert_eq!(
            source.publication_date, r.published,
            "{} is published when its offer is",
            r.id
        );
        assert!(source.title.contains(&r.service), "{}: {}", r.id, r.source);
    }
    assert_eq!(east.prices_as_of(), Some("2026-09-10T19:55:14Z"));
    let ids: Vec<&str> = east.rows.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.is_sorted(), "{ids:#?}");
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());

    let west = &books[1];
    assert_eq!(west.region, "us-west-2");
    assert_eq!(skus(west), ["VJNS2RY9CFHRVCMH", "XCU6U9G4FCKZQWG9"].into());
    assert_eq!(west.sources.len(), 2, "S3 gave nothing to us-west-2");

    // The same file read twice is the same products twice: refused, not doubled.
    let err = import(&[fixture(LAMBDA), fixture(LAMBDA)], &["us-east-1"]).unwrap_err();
    assert!(err.to_string().contains("same select"), "{err}");
}

#[test]
fn books_are_written_in_the_readmes_order_and_read_back() {
    let book = one_book(&[fixture(LAMBDA)], "us-east-1");
    let text = book.to_json();
    let order = |keys: &[&str], within: &str| {
        let at: Vec<usize> = keys
            .iter()
            .map(|k| {
                within
                    .find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("no {k}"))
            })
            .collect();
        assert!(at.is_sorted(), "{keys:?} at {at:?}");
    };
    order(
        &[
            "format",
            "format_version",
            "region",
            "location",
            "currency",
            "compiled",
            "complete",
            "compiled_by",
            "sources",
            "rows",
        ],
        &text,
    );
    let first_row = &text[text.find("\"rows\"").unwrap()..];
    order(
        &[
            "id",
            "service",
            "product_family",
            "select",
            "unit",
            "tiers",
            "published",
            "effective",
            "source",
            "evidence",
            "sku",
            "rate_code",
            "description",
        ],
        first_row,
    );
    order(
        &[
            "title",
            "where",
            "offer_version",
            "publication_date",
            "kind",
        ],
        &text,
    );
    assert!(
        !text.contains("\"note\""),
        "absent optional fields are left out"
    );
    assert!(text.ends_with("}\n"));
    assert_eq!(PriceBook::from_json(&text).unwrap(), book);
}

/// A small Lambda offer with the given products and OnDemand terms (JSON members).
fn offer(products: &[String], terms: &[String]) -> String {
    format!(
        r#"{{
  "formatVersion" : "v1.0",
  "offerCode" : "AWSLambda",
  "version" : "20300101000000",
  "publicationDate" : "2030-01-01T00:00:00Z",
  "products" : {{ {} }},
  "terms" : {{ "OnDemand" : {{ {} }} }}
}}"#,
        products.join(","),
        terms.join(",")
    )
}

fn product(sku: &str, usagetype: &str) -> String {
    format!(
        r#""{sku}" : {{ "sku" : "{sku}", "productFamily" : "Serverless", "attributes" : {{
            "servicecode" : "AWSLambda", "location" : "US East (N. Virginia)",
            "regionCode" : "us-east-1", "group" : "G", "usagetype" : "{usagetype}" }} }}"#
    )
}

/// An OnDemand term with dimensions (rate code suffix, begin, end, unit, price).
fn term(sku: &str, dims: &[(&str, &str, &str, &str, &str)]) -> String {
    let dims: Vec<String> = dims
        .iter()
        .map(|(code, begin, end, unit, price)| {
            format!(
                r#""{sku}.JRTCKXETXF.{code}" : {{ "rateCode" : "{sku}.JRTCKXETXF.{code}",
                "description" : "d", "beginRange" : "{begin}", "endRange" : "{end}",
                "unit" : "{unit}", "pricePerUnit" : {{ "USD" : "{price}" }}, "appliesTo" : [] }}"#
            )
        })
        .collect();
    format!(
        r#""{sku}" : {{ "{sku}.JRTCKXETXF" : {{ "offerTermCode" : "JRTCKXETXF", "sku" : "{sku}",
        "effectiveDate" : "2030-01-01T00:00:00Z", "priceDimensions" : {{ {} }},
        "termAttributes" : {{}} }} }}"#,
        dims.join(",")
    )
}

fn import_text(dir: &Path, name: &str, text: &str) -> Result<Vec<PriceBook>, ImportError> {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    import(&[path], &[])
}

#[test]
fn a_small_offer_written_here_imports() {
    let dir = temp_dir("good");
    let text = offer(
        &[product("ZZA", "Request")],
        &[term(
            "ZZA",
            &[
                ("T2", "10", "Inf", "Requests", "0.0000001000"),
                ("T1", "0", "10", "Requests", "0.0000002000"),
            ],
        )],
    );
    let books = import_text(&dir, "good.json", &text).unwrap();
    let r = &books[0].rows[0];
    // Sorted by beginRange, whatever the file's order.
    assert_eq!(
        tiers(r),
        [tier("0", "10", "0.0000002"), tier("10", "Inf", "0.0000001")]
    );
    assert_eq!(r.rate_code.as_deref(), Some("ZZA.JRTCKXETXF.T1"));
}

#[test]
fn broken_prices_and_tiers_are_refused_naming_the_sku_and_rate_code() {
    let dir = temp_dir("refusals");
    let refused = |name: &str, dims: &[(&str, &str, &str, &str, &str)]| {
        let text = offer(&[product("ZZBAD", "Request")], &[term("ZZBAD", dims)]);
        import_text(&dir, name, &text).unwrap_err().to_string()
    };

    let e = refused("price.json", &[("R1", "0", "Inf", "Requests", "0.01x")]);
    assert!(e.contains("SKU ZZBAD"), "{e}");
    assert!(e.contains("rate code ZZBAD.JRTCKXETXF.R1"), "{e}");
    assert!(e.contains("\"0.01x\""), "{e}");
    assert!(
        e.ends_with(&dir.join("price.json").display().to_string()),
        "{e}"
    );

    let e = refused("negative.json", &[("R1", "0", "Inf", "Requests", "-1")]);
    assert!(e.contains("rate code ZZBAD.JRTCKXETXF.R1"), "{e}");

    let e = refused(
        "gap.json",
        &[
            ("R1", "0", "100", "Requests", "0.2"),
            ("R2", "150", "Inf", "Requests", "0.1"),
        ],
    );
    assert!(e.contains("not contiguous"), "{e}");
    assert!(e.contains("rate code ZZBAD.JRTCKXETXF.R2"), "{e}");
    assert!(e.contains("100") && e.contains("150"), "{e}");

    let e = refused("start.json", &[("R1", "5", "Inf", "Requests", "0.2")]);
    assert!(e.contains("begins at 5, not 0"), "{e}");

    let e = refused(
        "units.json",
        &[
            ("R1", "0", "100", "Requests", "0.2"),
            ("R2", "100", "Inf", "GB", "0.1"),
        ],
    );
    assert!(e.contains("unit \"GB\" differs from \"Requests\""), "{e}");
    assert!(e.contains("rate code ZZBAD.JRTCKXETXF.R2"), "{e}");

    let e = refused(
        "open.json",
        &[
            ("R1", "0", "Inf", "Requests", "0.2"),
            ("R2", "100", "Inf", "Requests", "0.1"),
        ],
    );
    assert!(e.contains("ends at Inf but is not the last"), "{e}");
}

#[test]
fn two_rows_with_one_selector_are_refused_naming_both_skus() {
    let dir = temp_dir("duplicates");
    let dims = [("R1", "0", "Inf", "Requests", "0.2")];
    let text = offer(
        &[product("ZZONE", "Request"), product("ZZTWO", "Request")],
        &[term("ZZONE", &dims), term("ZZTWO", &dims)],
    );
    let e = import_text(&dir, "dup.json", &text)
        .unwrap_err()
        .to_string();
    assert!(e.contains("ZZONE") && e.contains("ZZTWO"), "{e}");
    assert!(e.contains("AWSLambda / Serverless"), "{e}");
    assert!(e.contains("us-east-1"), "{e}");
    // Telling them apart by usagetype is enough.
    let text = offer(
        &[product("ZZONE", "Request"), product("ZZTWO", "Request-2")],
        &[term("ZZONE", &dims), term("ZZTWO", &dims)],
    );
    assert_eq!(
        import_text(&dir, "ok.json", &text).unwrap()[0].rows.len(),
        2
    );
}

#[test]
fn json_errors_name_the_file_line_and_column() {
    let dir = temp_dir("syntax");
    // Line 3 lacks its comma; serde_json notices at the next key, line 4 column 3.
    let text = "{\n  \"formatVersion\" : \"v1.0\",\n  \"offerCode\" : \"AWSLambda\"\n  \"version\" : \"1\"\n}\n";
    let e = import_text(&dir, "syntax.json", text).unwrap_err();
    let ImportError::Json { path, source } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(path, &dir.join("syntax.json"));
    assert_eq!((source.line(), source.column()), (4, 3));
    let message = e.to_string();
    assert!(message.contains("line 4 column 3"), "{message}");
    assert!(message.contains("syntax.json"), "{message}");

    let truncated = offer(&[product("ZZA", "Request")], &[]);
    let truncated = &truncated[..truncated.len() / 2];
    let e = import_text(&dir, "truncated.json", truncated)
        .unwrap_err()
        .to_string();
    assert!(e.contains("EOF") && e.contains("truncated.json"), "{e}");

    let e = import(&[dir.join("missing.json")], &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("cannot read") && e.contains("missing.json"),
        "{e}"
    );
}

#[test]
fn terms_before_products_and_other_formats_are_refused() {
    let dir = temp_dir("order");
    let text = r#"{ "formatVersion" : "v1.0", "offerCode" : "AWSLambda", "version" : "1",
        "publicationDate" : "2030-01-01T00:00:00Z", "terms" : { "OnDemand" : {} }, "products" : {} }"#;
    let e = import_text(&dir, "order.json", text)
        .unwrap_err()
        .to_string();
    assert!(e.contains("`terms` comes before `products`"), "{e}");
    assert!(e.contains("order.json"), "{e}");

    let text = offer(&[], &[]).replace("v1.0", "v2.0");
    let e = import_text(&dir, "v2.json", &text).unwrap_err().to_string();
    assert!(e.contains("\"v2.0\""), "{e}");

    let e = import_text(&dir, "array.json", "[1, 2]")
        .unwrap_err()
        .to_string();
    assert!(e.contains("offer file"), "{e}");
}

#[test]
fn writing_replaces_books_whole() {
    let dir = temp_dir("write");
    let books = import(&[fixture(EC2), fixture(LAMBDA)], &[]).unwrap();
    let written = write_books(&dir.join("nested/prices"), &books).unwrap();
    assert_eq!(
        written,
        [
            dir.join("nested/prices/us-east-1.json"),
            dir.join("nested/prices/us-west-2.json")
        ]
    );
    for (path, book) in written.iter().zip(&books) {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(&PriceBook::from_json(&text).unwrap(), book);
    }
    let names: Vec<String> = std::fs::read_dir(dir.join("nested/prices"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
}

fn stackcanvas(args: &[&str], xdg: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stackcanvas"))
        .args(args)
        .env("XDG_CONFIG_HOME", xdg)
        .output()
        .unwrap()
}

#[test]
fn the_command_line_writes_books_and_says_as_of_when() {
    let dir = temp_dir("cli");
    let out = dir.join("out");
    let files: Vec<String> = [EC2, LAMBDA, S3]
        .iter()
        .map(|f| fixture(f).display().to_string())
        .collect();
    let mut args = vec!["prices", "import", "--out", out.to_str().unwrap()];
    args.extend(files.iter().map(String::as_str));
    let run = stackcanvas(&args, &dir.join("xdg"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "{}: us-east-1, 23 rows, prices as of 2026-09-10",
                out.join("us-east-1.json").display()
            ),
            format!(
                "{}: us-west-2, 2 rows, prices as of 2026-09-10",
                out.join("us-west-2.json").display()
            ),
        ]
    );
    let east = PriceBook::from_json(&std::fs::read_to_string(out.join("us-east-1.json")).unwrap())
        .unwrap();
    assert_eq!(east.rows.len(), 23);
    assert_eq!(east.sources.len(), 3);
    // Today's date, whichever day the test runs.
    let compiled = east.compiled.as_bytes();
    assert!(
        compiled.len() == 10 && compiled[4] == b'-' && compiled[7] == b'-',
        "{}",
        east.compiled
    );
    assert!(!dir.join("xdg").exists(), "--out wins over the default");

    // Without --out: $XDG_CONFIG_HOME/stackcanvas/prices, one Region asked.
    let run = stackcanvas(
        &["prices", "import", "--region", "us-west-2", &files[1]],
        &dir.join("xdg"),
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let default = dir.join("xdg/stackcanvas/prices/us-west-2.json");
    assert!(String::from_utf8_lossy(&run.stdout).starts_with(&default.display().to_string()));
    let west = PriceBook::from_json(&std::fs::read_to_string(default).unwrap()).unwrap();
    assert_eq!(skus(&west), ["XCU6U9G4FCKZQWG9"].into());
    assert_eq!(
        std::fs::read_dir(dir.join("xdg/stackcanvas/prices"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn the_command_line_fails_without_touching_the_books() {
    let dir = temp_dir("cli-fail");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let old = "{ \"an\": \"older book\" }\n";
    std::fs::write(out.join("us-east-1.json"), old).unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\n  \"formatVersion\" : \"v1.0\",\n  oops\n}\n").unwrap();
    let ec2 = fixture(EC2).display().to_string();
    let run = stackcanvas(
        &[
            "prices",
            "import",
            "--out",
            out.to_str().unwrap(),
            &ec2,
            broken.to_str().unwrap(),
        ],
        &dir.join("xdg"),
    );
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("line 3 column 3"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(run.stdout.is_empty());
    // The EC2 file was fine, but nothing is written when any file fails.
    assert_eq!(
        std::fs::read_to_string(out.join("us-east-1.json")).unwrap(),
        old
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);

    let run = stackcanvas(
        &["prices", "import", &ec2, "--region", "ap-south-1"],
        &dir.join("xdg"),
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("ap-south-1"));
    assert!(!dir.join("xdg").exists());
}

#[test]
fn the_shipped_books_read_with_the_importers_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/prices");
    for region in ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"] {
        let text = std::fs::read_to_string(dir.join(format!("{region}.json"))).unwrap();
        // from_json checks the format, ids, sources, tiers and unique selectors per family.
        let book = PriceBook::from_json(&text).unwrap_or_else(|e| panic!("{region}: {e}"));
        assert_eq!(book.region, region);
        assert!(!book.rows.is_empty());
    }
}

#[test]
fn the_priced_families_are_the_shipped_books() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/prices/us-east-1.json"),
    )
    .unwrap();
    let book = PriceBook::from_json(&text).unwrap();
    assert!(book.rows.len() > 250, "the whole book: {}", book.rows.len());
    let mut shipped: BTreeMap<(String, Option<String>), BTreeSet<String>> = BTreeMap::new();
    for r in &book.rows {
        if r.service == "AutoScaling" {
            continue;
        }
        shipped
            .entry((r.service.clone(), r.product_family.clone()))
            .or_default()
            .extend(r.select.keys().cloned());
    }
    // The one pair the importer adds: S3 products without a family.
    shipped.insert(
        ("AmazonS3".to_owned(), None),
        ["group".to_owned(), "usagetype".to_owned()].into(),
    );
    let table: BTreeMap<(String, Option<String>), BTreeSet<String>> = PRICED_FAMILIES
        .iter()
        .map(|f| {
            (
                (f.service.to_owned(), f.product_family.map(str::to_owned)),
                f.select.iter().map(|s| (*s).to_owned()).collect(),
            )
        })
        .collect();
    assert_eq!(table.len(), PRICED_FAMILIES.len(), "no pair twice");
    assert_eq!(table, shipped);
}

#[test]
fn decimals_and_bounds_follow_the_book_rules() {
    assert_eq!(Decimal::parse("0.0104000000").unwrap().as_str(), "0.0104");
    assert_eq!(Decimal::parse("0.0000000000").unwrap().as_str(), "0");
    assert_eq!(Bound::parse("Inf").unwrap(), Bound::Inf);
    // A book must hold canonical strings.
    let tier: Result<Tier, _> =
        serde_json::from_str(r#"{ "begin": "0", "end": "Inf", "price": "0.0800" }"#);
    assert!(tier.is_err());
    let tier: Tier =
        serde_json::from_str(r#"{ "begin": "0", "end": "Inf", "price": "0.08" }"#).unwrap();
    assert_eq!(tier.price.as_str(), "0.08");
}
