//! The curated values of a few properties, offered in a drop-down where the schema lists
//! none or many more.

/// Values some properties take, offered in a drop-down.
pub const KNOWN_ENUMS: &[(&str, &[&str])] = &[
    (
        "Runtime",
        &[
            "python3.13",
            "python3.12",
            "python3.11",
            "nodejs22.x",
            "nodejs20.x",
            "java21",
            "java17",
            "dotnet8",
            "ruby3.3",
            "provided.al2023",
        ],
    ),
    (
        "InstanceType",
        &[
            "t3.nano",
            "t3.micro",
            "t3.small",
            "t3.medium",
            "t3.large",
            "t4g.micro",
            "t4g.small",
            "m7i.large",
            "m7g.large",
            "c7i.large",
            "r7i.large",
        ],
    ),
    ("BillingMode", &["PAY_PER_REQUEST", "PROVISIONED"]),
    (
        "DeletionPolicy",
        &["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"],
    ),
    ("UpdateReplacePolicy", &["Delete", "Retain", "Snapshot"]),
    ("Type", &["application", "network", "gateway"]),
    (
        "Engine",
        &[
            "mysql",
            "postgres",
            "mariadb",
            "aurora-mysql",
            "aurora-postgresql",
        ],
    ),
];
