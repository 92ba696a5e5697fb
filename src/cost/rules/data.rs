//! Data and messaging: RDS and Aurora, ElastiCache, DynamoDB, S3, EFS, SQS, SNS, KMS, Secrets
//! Manager, CloudWatch alarms and logs.

// Every rule has the `Rule` signature, whether or not it can fail.
#![allow(clippy::unnecessary_wraps)]

use rust_decimal::Decimal;

use super::{Cx, n, q, whole};
use crate::cost::eval::Eval;
use crate::cost::{HOURS_PER_MONTH, Range};

fn one() -> Range {
    Range::exact(Decimal::ONE)
}

/// The Price List's name of an RDS engine.
fn rds_engine(engine: &str) -> &str {
    match engine {
        "mysql" => "MySQL",
        "postgres" => "PostgreSQL",
        "mariadb" => "MariaDB",
        "aurora" | "aurora-mysql" => "Aurora MySQL",
        "aurora-postgresql" => "Aurora PostgreSQL",
        e if e.starts_with("oracle") => "Oracle",
        e if e.starts_with("sqlserver") => "SQL Server",
        e if e.starts_with("db2") => "Db2",
        other => other,
    }
}

/// `AWS::RDS::DBInstance`: instance hours, storage and provisioned IOPS; a member of an Aurora
/// cluster only its instance hours (the cluster has the storage).
pub(super) fn db_instance(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let class = cx
        .text(&["DBInstanceClass"])?
        .ok_or("DBInstanceClass is not set")?;
    let cluster = cx.prop(&["DBClusterIdentifier"]);
    let cluster_props = Eval::resource_named(&cluster)
        .and_then(|id| cx.resource(id))
        .and_then(|r| r.attribute("Properties"));
    let engine = match cx.text(&["Engine"])? {
        Some(e) => e,
        None => match cluster_props {
            Some(p) => cx
                .eval
                .text_at(p, &["Engine"])?
                .ok_or("the cluster sets no Engine")?,
            None => return Err("Engine is not set".into()),
        },
    }
    .to_lowercase();
    if class == "db.serverless" {
        let p =
            cluster_props.ok_or("a db.serverless instance's cluster is not in this template")?;
        let scaling = |key: &str| {
            cx.eval
                .number_at(p, &["ServerlessV2ScalingConfiguration", key])
                .and_then(|v| {
                    v.ok_or_else(|| {
                        format!("the cluster sets no ServerlessV2ScalingConfiguration.{key}")
                    })
                })
        };
        let acus = Range {
            lo: scaling("MinCapacity")?,
            hi: scaling("MaxCapacity")?,
        };
        cx.note("Aurora Serverless v2: priced from the minimum to the maximum capacity");
        cx.hours(
            "Aurora Serverless v2 capacity (ACU)",
            q(
                "AmazonRDS",
                "ServerlessV2",
                &[("usagetype", "Aurora:ServerlessV2Usage")],
            ),
            acus,
        );
        return Ok(());
    }
    let multi_az = cx.boolean(&["MultiAZ"])?.unwrap_or(false) && cluster_props.is_none();
    let deployment = if multi_az { "Multi-AZ" } else { "Single-AZ" };
    cx.hours(
        format!("{class} {} {deployment} hours", rds_engine(&engine)),
        q(
            "AmazonRDS",
            "Database Instance",
            &[
                ("instanceType", &class),
                ("databaseEngine", rds_engine(&engine)),
                ("deploymentOption", deployment),
            ],
        ),
        one(),
    );
    if engine.starts_with("aurora") || cluster_props.is_some() {
        return Ok(());
    }
    let Some(size) = cx.number(&["AllocatedStorage"])? else {
        return if cx.text(&["DBSnapshotIdentifier"])?.is_some() {
            cx.unknown("storage", "GB-month", "its size comes from the snapshot");
            Ok(())
        } else {
            Err("AllocatedStorage is not set".into())
        };
    };
    let iops = cx.number(&["Iops"])?;
    let storage = match cx.text(&["StorageType"])? {
        Some(s) => s,
        None if iops.is_some() => "io1".to_owned(),
        None => {
            cx.note("StorageType not set: gp2, as CloudFormation creates it");
            "gp2".to_owned()
        }
    };
    let prefix = if multi_az { "Multi-AZ-" } else { "" };
    let (storage_use, iops_use, included) = match storage.as_str() {
        "gp3" => ("GP3-Storage", Some("GP3-PIOPS"), Decimal::from(3000)),
        "gp2" => ("GP2-Storage", None, Decimal::ZERO),
        "io1" | "io2" => ("PIOPS-Storage", Some("PIOPS"), Decimal::ZERO),
        "standard" => ("StorageUsage", None, Decimal::ZERO),
        other => return Err(format!("StorageType `{other}` is not priced yet")),
    };
    cx.fixed(
        format!("{storage} storage ({deployment})"),
        "GB-month",
        q(
            "AmazonRDS",
            "Database Storage",
            &[("usagetype", &format!("RDS:{prefix}{storage_use}"))],
        ),
        Range::exact(size),
    );
    if let (Some(usage), Some(iops)) = (iops_use, iops)
        && iops > included
    {
        cx.fixed(
            format!("provisioned IOPS ({deployment})"),
            "IOPS-month",
            q(
                "AmazonRDS",
                "Provisioned IOPS",
                &[("usagetype", &format!("RDS:{prefix}{usage}"))],
            ),
            Range::exact(iops - included),
        );
    }
    cx.usage(
        "backup storage beyond the database's size",
        "GB-month",
        q(
            "AmazonRDS",
            "Storage Snapshot",
            &[("usagetype", "RDS:ChargedBackupUsage")],
        ),
        "backup_gb",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::RDS::DBCluster` (Aurora): storage and I/O; its instances are priced on themselves.
pub(super) fn db_cluster(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let engine = cx
        .text(&["Engine"])?
        .ok_or("Engine is not set")?
        .to_lowercase();
    if !engine.starts_with("aurora") {
        return Err("Multi-AZ DB clusters (non-Aurora) are not priced yet".into());
    }
    if cx.text(&["EngineMode"])?.as_deref() == Some("serverless") {
        return Err("Aurora Serverless v1 is not priced".into());
    }
    let io_optimized = cx.text(&["StorageType"])?.as_deref() == Some("aurora-iopt1");
    let (name, usage) = if io_optimized {
        ("I/O-Optimized storage", "Aurora:IO-OptimizedStorageUsage")
    } else {
        ("storage", "Aurora:StorageUsage")
    };
    cx.usage(
        name,
        "GB-month",
        q("AmazonRDS", "Database Storage", &[("usagetype", usage)]),
        "storage_gb",
        Decimal::ONE,
    );
    if !io_optimized {
        cx.usage(
            "I/O requests",
            "requests",
            q(
                "AmazonRDS",
                "System Operation",
                &[("usagetype", "Aurora:StorageIOUsage")],
            ),
            "io_requests",
            Decimal::ONE,
        );
    }
    cx.note("its instances (AWS::RDS::DBInstance) are priced on themselves");
    Ok(())
}

fn cache_engine(engine: &str) -> &'static str {
    match engine.to_lowercase().as_str() {
        "memcached" => "Memcached",
        "valkey" => "Valkey",
        _ => "Redis",
    }
}

fn cache_nodes(cx: &mut Cx<'_, '_>, node_type: &str, engine: &str, nodes: Decimal) {
    cx.hours(
        format!("{node_type} {engine} node hours × {nodes}"),
        q(
            "AmazonElastiCache",
            "Cache Instance",
            &[
                ("instanceType", node_type),
                ("cacheEngine", engine),
                ("usagetype", &format!("NodeUsage:{node_type}")),
            ],
        ),
        Range::exact(nodes),
    );
}

/// `AWS::ElastiCache::CacheCluster`.
pub(super) fn cache_cluster(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let node_type = cx
        .text(&["CacheNodeType"])?
        .ok_or("CacheNodeType is not set")?;
    let engine = cache_engine(&cx.text(&["Engine"])?.ok_or("Engine is not set")?);
    let nodes = whole(
        cx.number(&["NumCacheNodes"])?.unwrap_or(Decimal::ONE),
        "NumCacheNodes",
    )?;
    cache_nodes(cx, &node_type, engine, nodes);
    Ok(())
}

/// `AWS::ElastiCache::ReplicationGroup`: every node of every shard.
pub(super) fn replication_group(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let node_type = cx
        .text(&["CacheNodeType"])?
        .ok_or("CacheNodeType is not set")?;
    let engine = cache_engine(&cx.text(&["Engine"])?.unwrap_or_else(|| "redis".into()));
    let nodes = if let Some(shards) = cx.number(&["NumNodeGroups"])? {
        let replicas = cx
            .number(&["ReplicasPerNodeGroup"])?
            .unwrap_or(Decimal::ONE);
        whole(shards, "NumNodeGroups")? * (whole(replicas, "ReplicasPerNodeGroup")? + Decimal::ONE)
    } else if let Some(clusters) = cx.number(&["NumCacheClusters"])? {
        whole(clusters, "NumCacheClusters")?
    } else {
        let groups = cx.eval.items(&cx.prop(&["NodeGroupConfiguration"]))?;
        if groups.is_empty() {
            Decimal::ONE
        } else {
            let mut total = Decimal::ZERO;
            for g in &groups {
                let replicas = cx
                    .eval
                    .number(&cx.eval.field(g, "ReplicaCount"))?
                    .unwrap_or(Decimal::ONE);
                total += whole(replicas, "ReplicaCount")? + Decimal::ONE;
            }
            total
        }
    };
    cache_nodes(cx, &node_type, engine, nodes);
    Ok(())
}

fn dynamodb_storage(cx: &mut Cx<'_, '_>, infrequent: bool) {
    let usage = if infrequent {
        "IA-TimedStorage-ByteHrs"
    } else {
        "TimedStorage-ByteHrs"
    };
    cx.usage(
        "table storage",
        "GB-month",
        q(
            "AmazonDynamoDB",
            "Database Storage",
            &[("usagetype", usage)],
        ),
        "storage_gb",
        Decimal::ONE,
    );
}

fn provisioned(cx: &mut Cx<'_, '_>, rcu: Decimal, wcu: Decimal) {
    let hours = Decimal::from(HOURS_PER_MONTH);
    cx.fixed(
        format!("{rcu} read capacity units"),
        "RCU-hours",
        q(
            "AmazonDynamoDB",
            "Provisioned IOPS",
            &[("usagetype", "ReadCapacityUnit-Hrs")],
        ),
        Range::exact(rcu * hours),
    );
    cx.fixed(
        format!("{wcu} write capacity units"),
        "WCU-hours",
        q(
            "AmazonDynamoDB",
            "Provisioned IOPS",
            &[("usagetype", "WriteCapacityUnit-Hrs")],
        ),
        Range::exact(wcu * hours),
    );
    cx.note("the book's first 18,600 unit-hours are the AWS Free Tier's 25 units");
}

fn on_demand(cx: &mut Cx<'_, '_>) {
    let family = "Amazon DynamoDB PayPerRequest Throughput";
    cx.usage(
        "read request units",
        "read request units",
        q(
            "AmazonDynamoDB",
            family,
            &[("usagetype", "ReadRequestUnits")],
        ),
        "reads",
        Decimal::ONE,
    );
    cx.usage(
        "write request units",
        "write request units",
        q(
            "AmazonDynamoDB",
            family,
            &[("usagetype", "WriteRequestUnits")],
        ),
        "writes",
        Decimal::ONE,
    );
}

/// `AWS::DynamoDB::Table`: provisioned capacity (the table's and its global secondary
/// indexes'), or on-demand requests; and storage.
pub(super) fn dynamodb_table(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let mode = cx
        .text(&["BillingMode"])?
        .unwrap_or_else(|| "PROVISIONED".into());
    if mode == "PAY_PER_REQUEST" {
        on_demand(cx);
    } else {
        let mut rcu = cx
            .number(&["ProvisionedThroughput", "ReadCapacityUnits"])?
            .ok_or("ProvisionedThroughput.ReadCapacityUnits is not set")?;
        let mut wcu = cx
            .number(&["ProvisionedThroughput", "WriteCapacityUnits"])?
            .ok_or("ProvisionedThroughput.WriteCapacityUnits is not set")?;
        for index in cx.eval.items(&cx.prop(&["GlobalSecondaryIndexes"]))? {
            let t = cx.eval.field(&index, "ProvisionedThroughput");
            rcu += cx
                .eval
                .number(&cx.eval.field(&t, "ReadCapacityUnits"))?
                .unwrap_or_default();
            wcu += cx
                .eval
                .number(&cx.eval.field(&t, "WriteCapacityUnits"))?
                .unwrap_or_default();
        }
        provisioned(cx, rcu, wcu);
    }
    let infrequent = cx.text(&["TableClass"])?.as_deref() == Some("STANDARD_INFREQUENT_ACCESS");
    dynamodb_storage(cx, infrequent);
    Ok(())
}

/// `AWS::Serverless::SimpleTable`: on demand unless it gives `ProvisionedThroughput`.
pub(super) fn simple_table(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let rcu = cx.number(&["ProvisionedThroughput", "ReadCapacityUnits"])?;
    let wcu = cx.number(&["ProvisionedThroughput", "WriteCapacityUnits"])?;
    match (rcu, wcu) {
        (Some(r), Some(w)) => provisioned(cx, r, w),
        _ => on_demand(cx),
    }
    dynamodb_storage(cx, false);
    Ok(())
}

/// `AWS::S3::Bucket`: Standard storage and requests.
pub(super) fn bucket(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.usage(
        "Standard storage",
        "GB-month",
        q(
            "AmazonS3",
            "Storage",
            &[
                ("volumeType", "Standard"),
                ("usagetype", "TimedStorage-ByteHrs"),
            ],
        ),
        "storage_gb",
        Decimal::ONE,
    );
    cx.usage(
        "PUT, COPY, POST, LIST requests",
        "requests",
        q("AmazonS3", "API Request", &[("group", "S3-API-Tier1")]),
        "put_requests",
        Decimal::ONE,
    );
    cx.usage(
        "GET and other requests",
        "requests",
        q("AmazonS3", "API Request", &[("group", "S3-API-Tier2")]),
        "get_requests",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::SQS::Queue`: requests, standard or FIFO.
pub(super) fn queue(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let fifo = cx.boolean(&["FifoQueue"])?.unwrap_or(false);
    let kind = if fifo {
        "FIFO (first-in, first-out)"
    } else {
        "Standard"
    };
    cx.usage(
        if fifo { "FIFO requests" } else { "requests" },
        "requests",
        q("AWSQueueService", "API Request", &[("queueType", kind)]),
        "requests",
        Decimal::ONE,
    );
    cx.note("every 64 KB of a message is one request; the AWS Free Tier is not subtracted");
    Ok(())
}

/// `AWS::SNS::Topic`: publishes.
pub(super) fn topic(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.usage(
        "publishes",
        "requests",
        q(
            "AmazonSNS",
            "API Request",
            &[("usagetype", "Requests-Tier1")],
        ),
        "requests",
        Decimal::ONE,
    );
    let inline = cx.count(&["Subscription"])?;
    if inline > 0 {
        cx.note("deliveries of inline subscriptions are not priced");
    }
    Ok(())
}

/// `AWS::SNS::Subscription`: deliveries, free to SQS and Lambda.
pub(super) fn subscription(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let protocol = cx.text(&["Protocol"])?.ok_or("Protocol is not set")?;
    match protocol.as_str() {
        "sqs" | "lambda" | "firehose" => {
            cx.free("deliveries to SQS, Lambda and Firehose have no SNS charge");
            Ok(())
        }
        "http" | "https" => {
            cx.usage(
                "HTTP deliveries",
                "notifications",
                q("AmazonSNS", "Message Delivery", &[("endpointType", "HTTP")]),
                "deliveries",
                Decimal::ONE,
            );
            Ok(())
        }
        other => Err(format!("deliveries by {other} are not priced yet")),
    }
}

/// `AWS::KMS::Key`: the key and its requests.
pub(super) fn kms_key(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.fixed(
        "key",
        "key-month",
        q("awskms", "Encryption Key", &[("usagetype", "KMS-Keys")]),
        one(),
    );
    cx.usage(
        "requests",
        "requests",
        q("awskms", "API Request", &[("usagetype", "KMS-Requests")]),
        "requests",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::SecretsManager::Secret`: the secret and its API calls.
pub(super) fn secret(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.fixed(
        "secret",
        "secret-month",
        q(
            "AWSSecretsManager",
            "Secret",
            &[("usagetype", "AWSSecretsManager-Secrets")],
        ),
        one(),
    );
    cx.usage(
        "API calls",
        "requests",
        q(
            "AWSSecretsManager",
            "API Request",
            &[("usagetype", "AWSSecretsManager-APIRequest")],
        ),
        "api_calls",
        Decimal::ONE,
    );
    Ok(())
}

/// `AWS::CloudWatch::Alarm`: one alarm metric per metric it watches, high resolution under a
/// minute.
pub(super) fn alarm(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let eval = cx.eval;
    let metrics = eval.items(&cx.prop(&["Metrics"]))?;
    let watched = metrics
        .iter()
        .filter(|m| !matches!(eval.field(m, "MetricStat"), crate::cost::eval::V::Absent))
        .count()
        .max(1);
    let mut period = cx.number(&["Period"])?;
    for m in &metrics {
        let p = eval.number(&eval.field(&eval.field(m, "MetricStat"), "Period"))?;
        period = match (period, p) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let high = period.is_some_and(|p| p < Decimal::from(60));
    let (name, usage) = if high {
        (
            "high-resolution alarm metrics",
            "CW:HighResAlarmMonitorUsage",
        )
    } else {
        ("standard alarm metrics", "CW:AlarmMonitorUsage")
    };
    cx.fixed(
        name,
        "alarm metric-months",
        q("AmazonCloudWatch", "Alarm", &[("usagetype", usage)]),
        Range::exact(n(watched)),
    );
    Ok(())
}

/// `AWS::Logs::LogGroup`: ingestion and storage.
pub(super) fn log_group(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    cx.usage(
        "logs ingested",
        "GB",
        q(
            "AmazonCloudWatch",
            "Data Payload",
            &[("usagetype", "DataProcessing-Bytes")],
        ),
        "ingest_gb",
        Decimal::ONE,
    );
    cx.usage(
        "logs stored",
        "GB-month",
        q(
            "AmazonCloudWatch",
            "Storage Snapshot",
            &[("usagetype", "TimedStorage-ByteHrs")],
        ),
        "stored_gb",
        Decimal::ONE,
    );
    if cx.number(&["RetentionInDays"])?.is_none() {
        cx.note("no RetentionInDays: logs are kept, and stored, forever");
    }
    Ok(())
}

/// `AWS::EFS::FileSystem`: storage and provisioned throughput.
pub(super) fn efs(cx: &mut Cx<'_, '_>) -> Result<(), String> {
    let one_zone = cx.text(&["AvailabilityZoneName"])?.is_some();
    let (name, class) = if one_zone {
        ("One Zone storage", "One Zone-General Purpose")
    } else {
        ("Standard storage", "General Purpose")
    };
    cx.usage(
        name,
        "GB-month",
        q("AmazonEFS", "Storage", &[("storageClass", class)]),
        "storage_gb",
        Decimal::ONE,
    );
    if cx.text(&["ThroughputMode"])?.as_deref() == Some("provisioned") {
        let mibps = cx
            .number(&["ProvisionedThroughputInMibps"])?
            .ok_or("ProvisionedThroughputInMibps is not set")?;
        cx.fixed(
            format!("{mibps} MiB/s provisioned throughput"),
            "MiB/s-month",
            q(
                "AmazonEFS",
                "Provisioned Throughput",
                &[("usagetype", "ProvisionedTP-MiBpsHrs")],
            ),
            Range::exact(mibps),
        );
    }
    Ok(())
}
