//! Finding palette items: the curated items and every resource type of the schema bundle, by
//! name, service and words, and the IDs a palette drag carries.

use super::palette::{PALETTE, PaletteItem};

/// What a drag from the palette carries: a curated item, by its place in [`PALETTE`], or any
/// resource type of the schema bundle, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaletteItemId {
    /// An item of [`PALETTE`].
    Curated(CuratedIndex),
    /// A resource type of the schema bundle (`AWS::StepFunctions::StateMachine`).
    Type(&'static str),
}

/// An item's place in [`PALETTE`]; made only by [`PaletteItemId::all`] and
/// [`PaletteItemId::by_label`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CuratedIndex(usize);

impl PaletteItemId {
    /// Every curated item with its ID, in palette order.
    pub fn all() -> impl Iterator<Item = (PaletteItemId, &'static PaletteItem)> {
        PALETTE
            .iter()
            .enumerate()
            .map(|(i, item)| (Self::Curated(CuratedIndex(i)), item))
    }

    /// The curated item with this label (`Queue`, `EC2 instance`).
    pub fn by_label(label: &str) -> Option<Self> {
        Self::all()
            .find(|(_, i)| i.label == label)
            .map(|(id, _)| id)
    }

    /// A type of the schema bundle, if the bundle has it.
    pub fn schema_type(type_name: &str) -> Option<Self> {
        crate::schema::type_info(type_name)
            .filter(|t| t.name == type_name)
            .map(|t| Self::Type(t.name))
    }

    /// The curated item, for a curated ID.
    pub fn item(self) -> Option<&'static PaletteItem> {
        match self {
            Self::Curated(CuratedIndex(i)) => PALETTE.get(i),
            Self::Type(_) => None,
        }
    }

    /// The resource type it creates.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Curated(_) => self.item().map_or("", |i| i.type_name),
            Self::Type(name) => name,
        }
    }
}

/// Whether a curated item matches a palette search (lower-case, trimmed): its label or type
/// contains it.
pub fn curated_matches(item: &PaletteItem, query: &str) -> bool {
    query.is_empty()
        || item.label.to_lowercase().contains(query)
        || item.type_name.to_lowercase().contains(query)
}

/// Services most templates use: among equally good matches, their types come first (`queue`
/// finds SQS's before Amazon Connect's).
const COMMON_SERVICES: &[&str] = &[
    "ApiGateway",
    "ApiGatewayV2",
    "AutoScaling",
    "CloudFront",
    "CloudWatch",
    "DynamoDB",
    "EC2",
    "ECS",
    "EKS",
    "ElasticLoadBalancingV2",
    "Events",
    "IAM",
    "KMS",
    "Kinesis",
    "Lambda",
    "Logs",
    "RDS",
    "Route53",
    "S3",
    "SNS",
    "SQS",
    "SecretsManager",
    "StepFunctions",
];

/// The resource types of the schema bundle a palette search finds, best first: a type whose
/// name is the search (`queue`, `state machine`) or whose service is (`cloudfront`), then one
/// whose name contains it, then those found by the words of their description; types of a
/// service that was shut down come last. SAM types, which need the transform, are left out.
/// An empty search finds nothing (the palette shows its curated items).
pub fn schema_matches(query: &str) -> Vec<&'static crate::schema::TypeInfo> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let joined: String = query.split_whitespace().collect();
    let mut found: Vec<(u8, &'static crate::schema::TypeInfo)> = crate::schema::types()
        .iter()
        .filter(|t| t.kind == crate::schema::TypeKind::Resource && t.matches(&query))
        .map(|t| {
            let name = t.name.to_ascii_lowercase();
            let short = name.rsplit("::").next().unwrap_or(&name);
            let service = t.service.to_ascii_lowercase();
            let rank = if short == joined || service == joined {
                0
            } else if short.contains(&joined) || name.contains(&joined) {
                1
            } else {
                2
            };
            let shut = t
                .lifecycle
                .is_some_and(|l| l.status == crate::schema::LifecycleStatus::Shutdown);
            (rank + if shut { 10 } else { 0 }, t)
        })
        .collect();
    found.sort_by_key(|(rank, t)| (*rank, !COMMON_SERVICES.contains(&t.service), t.name));
    found.into_iter().map(|(_, t)| t).collect()
}
