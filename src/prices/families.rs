//! What the estimator prices: the (service, product family) pairs the importer keeps, and the
//! attributes each family's rows select on.
//!
//! Both tables were read once from the shipped `assets/prices/us-east-1.json`: the pairs are
//! the `(service, product_family)` pairs of its rows, and each family's keys are the union of
//! the `select` keys its rows use. `AutoScaling` is left out (a no-charge row, not an offer).
//! One pair is added that the book does not have: `AmazonS3` with no product family, because
//! most S3 products carry none (the S3 fixture's `WDAC2WRXVNRSNQS6`, Glacier Deep Archive
//! requests); it selects on the keys of S3's `API Request` family.
//!
//! `tests/prices_import.rs` checks the tables against the shipped book, so the two cannot
//! drift apart.

/// A priced family: its offer code, its `productFamily` (`None` for products without one)
/// and the product attributes a row's `select` takes from the product, when present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Family {
    /// The offer code (`AmazonEC2`).
    pub service: &'static str,
    /// The product's `productFamily`, `None` when it has none.
    pub product_family: Option<&'static str>,
    /// Attribute names, sorted.
    pub select: &'static [&'static str],
}

const fn family(
    service: &'static str,
    product_family: Option<&'static str>,
    select: &'static [&'static str],
) -> Family {
    Family {
        service,
        product_family,
        select,
    }
}

/// The families the estimator prices, sorted by service and family.
pub const PRICED_FAMILIES: &[Family] = &[
    family("AWSELB", Some("Load Balancer"), &["usagetype"]),
    family("AWSELB", Some("Load Balancer-Application"), &["usagetype"]),
    family("AWSELB", Some("Load Balancer-Gateway"), &["usagetype"]),
    family("AWSELB", Some("Load Balancer-Network"), &["usagetype"]),
    family("AWSLambda", Some("Serverless"), &["group", "usagetype"]),
    family("AWSNetworkFirewall", Some("AWS Firewall"), &["operation"]),
    family(
        "AWSQueueService",
        Some("API Request"),
        &["group", "queueType", "usagetype"],
    ),
    family("AWSSecretsManager", Some("API Request"), &["usagetype"]),
    family("AWSSecretsManager", Some("Secret"), &["usagetype"]),
    family(
        "AmazonApiGateway",
        Some("API Calls"),
        &["operation", "usagetype"],
    ),
    family("AmazonApiGateway", Some("WebSocket"), &["usagetype"]),
    family("AmazonCloudFront", Some("Data Transfer"), &["usagetype"]),
    family("AmazonCloudFront", Some("Request"), &["usagetype"]),
    family("AmazonCloudWatch", Some("Alarm"), &["usagetype"]),
    family(
        "AmazonCloudWatch",
        Some("Data Payload"),
        &["group", "usagetype"],
    ),
    family("AmazonCloudWatch", Some("Storage Snapshot"), &["usagetype"]),
    family(
        "AmazonDynamoDB",
        Some("Amazon DynamoDB PayPerRequest Throughput"),
        &["usagetype"],
    ),
    family("AmazonDynamoDB", Some("Database Storage"), &["usagetype"]),
    family(
        "AmazonDynamoDB",
        Some("Provisioned IOPS"),
        &["group", "usagetype"],
    ),
    family(
        "AmazonEC2",
        Some("Compute Instance"),
        &[
            "capacitystatus",
            "instanceType",
            "licenseModel",
            "marketoption",
            "operatingSystem",
            "operation",
            "preInstalledSw",
            "tenancy",
            "usagetype",
        ],
    ),
    family("AmazonEC2", Some("NAT Gateway"), &["group", "usagetype"]),
    family(
        "AmazonEC2",
        Some("Provisioned Throughput"),
        &["usagetype", "volumeApiName"],
    ),
    family(
        "AmazonEC2",
        Some("Storage"),
        &["usagetype", "volumeApiName"],
    ),
    family(
        "AmazonEC2",
        Some("System Operation"),
        &["usagetype", "volumeApiName"],
    ),
    family(
        "AmazonECS",
        Some("Compute"),
        &[
            "cpuArchitecture",
            "cputype",
            "memorytype",
            "operatingSystem",
            "storagetype",
            "usagetype",
        ],
    ),
    family("AmazonEFS", Some("Provisioned Throughput"), &["usagetype"]),
    family("AmazonEFS", Some("Storage"), &["storageClass", "usagetype"]),
    family("AmazonEKS", Some("Compute"), &["usagetype"]),
    family(
        "AmazonElastiCache",
        Some("Cache Instance"),
        &["cacheEngine", "instanceType", "usagetype"],
    ),
    family(
        "AmazonElastiCache",
        Some("Storage Snapshot"),
        &["usagetype"],
    ),
    family(
        "AmazonRDS",
        Some("Database Instance"),
        &[
            "databaseEngine",
            "deploymentOption",
            "instanceType",
            "licenseModel",
            "usagetype",
        ],
    ),
    family(
        "AmazonRDS",
        Some("Database Storage"),
        &["deploymentOption", "usagetype", "volumeType"],
    ),
    family(
        "AmazonRDS",
        Some("Provisioned IOPS"),
        &["deploymentOption", "usagetype"],
    ),
    family("AmazonRDS", Some("ServerlessV2"), &["usagetype"]),
    family("AmazonRDS", Some("Storage Snapshot"), &["usagetype"]),
    family("AmazonRDS", Some("System Operation"), &["usagetype"]),
    family("AmazonRoute53", Some("DNS Query"), &["usagetype"]),
    family("AmazonRoute53", Some("DNS Zone"), &["usagetype"]),
    // Not in the shipped book: S3 products without a family (see the module docs).
    family("AmazonS3", None, &["group", "usagetype"]),
    family("AmazonS3", Some("API Request"), &["group", "usagetype"]),
    family(
        "AmazonS3",
        Some("Storage"),
        &["storageClass", "usagetype", "volumeType"],
    ),
    family("AmazonSNS", Some("API Request"), &["group", "usagetype"]),
    family(
        "AmazonSNS",
        Some("Message Delivery"),
        &["endpointType", "usagetype"],
    ),
    family("AmazonVPC", Some("IP Address"), &["usagetype"]),
    family(
        "AmazonVPC",
        Some("Transit Gateway"),
        &["attachmentType", "group", "operation", "usagetype"],
    ),
    family(
        "AmazonVPC",
        Some("VpcEndpoint"),
        &["endpointType", "usagetype"],
    ),
    family("awskms", Some("API Request"), &["usagetype"]),
    family("awskms", Some("Encryption Key"), &["usagetype"]),
];

/// The priced family of a product, if the estimator prices it.
pub fn priced_family(service: &str, product_family: Option<&str>) -> Option<&'static Family> {
    PRICED_FAMILIES
        .iter()
        .find(|f| f.service == service && f.product_family == product_family)
}
