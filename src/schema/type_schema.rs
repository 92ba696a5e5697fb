//! One resource type's schema, typed: its properties as a tree of [`Shape`]s, its GetAtt
//! attributes, and which properties are create-only, read-only or deprecated.
//!
//! Property paths are written with `/` between names and `*` (or an index) for a list's
//! items, as the bundle's `formats` are: `VpcConfig/SubnetIds/*`,
//! `NetworkInterfaces/0/SubnetId`. A JSON pointer of the schema (`/properties/Arn`) is read
//! the same way. Walking a path follows `$ref`, enters a list's items, and tries the
//! `anyOf`/`allOf`/`oneOf` branches when a name is not found, as cfn-lint's CFN pointers do.

use std::collections::BTreeMap;

use super::bundle::{Lifecycle, TypeInfo, TypeKind};
use super::json::Json;
use super::property::{MAX_REF_CHAIN, Property};
use super::shape::{Builder, JsonType, NodeId, Shape, str_at, strings};

/// Why a record could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The record is not a JSON object with a `typeName`.
    #[error("the schema record has no typeName")]
    NoTypeName,
}

/// A GetAtt attribute of a type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The name after the dot in `!GetAtt Resource.Name`; may contain dots
    /// (`Endpoint.Address`), or be a regular expression when [`Attribute::is_regex`].
    pub name: String,
    /// The schema pointer of the value, `/properties/Endpoint/Address`.
    pub pointer: String,
    /// The value's type, when the schema gives one.
    pub value_type: Option<JsonType>,
    /// The value's format (`AWS::IAM::Role.Arn`), if any.
    pub format: Option<String>,
    /// For a list, its items' type.
    pub items_type: Option<JsonType>,
    /// For a list, its items' format.
    pub items_format: Option<String>,
    /// Whether `name` is a regular expression (`Outputs\..*` of a stack, `.*` of a custom
    /// resource) rather than a name.
    pub is_regex: bool,
}

impl Attribute {
    /// Whether `!GetAtt X.<name>` reads this attribute.
    pub fn matches(&self, name: &str) -> bool {
        if self.is_regex {
            regex::Regex::new(&format!("^(?:{})$", self.name)).is_ok_and(|r| r.is_match(name))
        } else {
            self.name == name
        }
    }
}

/// A `relationshipRef` at a property path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathRelationship {
    /// Where, e.g. `EndpointConfiguration/VpcEndpointIds/*`.
    pub path: String,
    /// The type the value belongs to.
    pub type_name: String,
    /// Its property, as a pointer (`/properties/Id`).
    pub property_path: String,
}

/// A list of schema pointers (`/properties/A/B`), and the same as paths (`A/B`) to look up.
#[derive(Debug, Default)]
struct Pointers {
    pointers: Vec<String>,
    /// Sorted, for binary search (a type has a few dozen at most).
    paths: Vec<String>,
}

impl Pointers {
    fn new(pointers: Vec<String>) -> Self {
        let mut paths: Vec<String> = pointers.iter().map(|p| normalized(p)).collect();
        paths.sort_unstable();
        Self { pointers, paths }
    }

    /// Whether `path`, written as the pointers are (`A/*/B`), is listed.
    fn has(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|p| p.as_str().cmp(path))
            .is_ok()
    }

    fn contains(&self, path: &str) -> bool {
        !self.paths.is_empty() && self.has(&normalized(path))
    }
}

/// A resource type's schema.
#[derive(Debug)]
pub struct TypeSchema {
    type_name: String,
    info: &'static TypeInfo,
    nodes: Vec<Shape>,
    root: NodeId,
    definitions: BTreeMap<String, NodeId>,
    attributes: Vec<Attribute>,
    read_only: Pointers,
    write_only: Pointers,
    create_only: Pointers,
    conditional_create_only: Pointers,
    deprecated: Pointers,
    primary_identifier: Vec<String>,
    formats: Vec<(String, String)>,
    relationships: Vec<PathRelationship>,
}

impl TypeSchema {
    /// Reads one bundle record.
    pub(super) fn from_record(json: &Json, info: &'static TypeInfo) -> Result<Self, RecordError> {
        let type_name = json
            .get("typeName")
            .and_then(Json::as_str)
            .ok_or(RecordError::NoTypeName)?
            .to_owned();
        let mut builder = Builder::default();
        let root = builder.reserve();
        let mut definitions = BTreeMap::new();
        if let Some(defs) = json.get("definitions").and_then(Json::as_object) {
            // Reserved first so that recursive definitions can point at one another.
            let ids: Vec<NodeId> = defs.iter().map(|_| builder.reserve()).collect();
            for ((name, def), id) in defs.iter().zip(ids) {
                builder.fill(id, def);
                definitions.insert(name.clone(), id);
            }
        }
        builder.fill(root, json);
        let nodes = builder.finish(|nodes, target| {
            let rest = target.strip_prefix('#')?;
            if let Some(name) = rest.strip_prefix("/definitions/") {
                return definitions.get(name).copied();
            }
            // `#/properties/Arn`: the pointer walked from the top.
            let path = rest.strip_prefix("/properties/")?;
            let shape = nodes.get(root.index())?;
            let mut id = shape.property(path.split('/').next()?)?;
            for name in path.split('/').skip(1) {
                id = nodes.get(id.index())?.property(name)?;
            }
            Some(id)
        });
        let pointers = |key: &str| json.get(key).map(strings).unwrap_or_default();
        let attributes = json
            .get("attributes")
            .and_then(Json::as_object)
            .map(|m| m.iter().map(|(name, a)| attribute(name, a)).collect())
            .unwrap_or_default();
        let pairs = |key: &str| -> Vec<Vec<String>> {
            json.get(key)
                .and_then(Json::as_array)
                .map(|rows| rows.iter().map(strings).collect())
                .unwrap_or_default()
        };
        let formats = pairs("formats")
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [path, format] => Some((path.clone(), format.clone())),
                _ => None,
            })
            .collect();
        let relationships = pairs("relationships")
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [path, type_name, property_path] => Some(PathRelationship {
                    path: path.clone(),
                    type_name: type_name.clone(),
                    property_path: property_path.clone(),
                }),
                _ => None,
            })
            .collect();
        Ok(Self {
            type_name,
            info,
            nodes,
            root,
            definitions,
            attributes,
            read_only: Pointers::new(pointers("readOnlyProperties")),
            write_only: Pointers::new(pointers("writeOnlyProperties")),
            create_only: Pointers::new(pointers("createOnlyProperties")),
            conditional_create_only: Pointers::new(pointers("conditionalCreateOnlyProperties")),
            deprecated: Pointers::new(pointers("deprecatedProperties")),
            primary_identifier: pointers("primaryIdentifier"),
            formats,
            relationships,
        })
    }

    /// The type name, `AWS::SQS::Queue` (`AWS::CloudFormation::CustomResource` for
    /// `Custom::*`).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// Resource provider type or SAM type.
    pub fn kind(&self) -> TypeKind {
        self.info.kind
    }

    /// What the index says about the type: its service, search words and regions.
    pub fn info(&self) -> &'static TypeInfo {
        self.info
    }

    /// The service's deprecation, if any.
    pub fn lifecycle(&self) -> Option<Lifecycle> {
        self.info.lifecycle
    }

    /// Whether the type belongs to a service that is sunsetting, in maintenance or shut down.
    pub fn is_deprecated_type(&self) -> bool {
        self.info.lifecycle.is_some()
    }

    /// Whether the type exists in `region`.
    pub fn available_in(&self, region: &str) -> bool {
        self.info.available_in(region)
    }

    /// The top of the schema: the `Properties` of a resource of this type.
    pub fn root(&self) -> Property<'_> {
        Property::new(self, self.root)
    }

    /// The top-level properties, sorted by name.
    pub fn properties(&self) -> impl Iterator<Item = (&str, Property<'_>)> {
        Property::new(self, self.root).properties()
    }

    /// The property at `path` (`VpcConfig/SubnetIds/*`), if the schema has it.
    pub fn property(&self, path: &str) -> Option<Property<'_>> {
        let mut id = self.root;
        for segment in segments(path) {
            id = self.step(id, segment, 0)?.id();
        }
        Some(Property::new(self, id))
    }

    /// A definition by name (`Tag`).
    pub fn definition(&self, name: &str) -> Option<Property<'_>> {
        self.definitions
            .get(name)
            .map(|&id| Property::new(self, id))
    }

    /// The top-level properties a resource must set.
    pub fn required(&self) -> &[String] {
        &self.shape(self.root).required
    }

    /// Every GetAtt attribute, sorted by name.
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The attribute `!GetAtt X.<name>` reads, if the type has it.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| !a.is_regex && a.name == name)
            .or_else(|| self.attributes.iter().find(|a| a.matches(name)))
    }

    /// The allowed values at `path`, and whether they compare without case.
    pub fn enum_values(&self, path: &str) -> Option<(&[Json], bool)> {
        self.property(path)?.enum_values()
    }

    /// The resource formats (`AWS::IAM::Role.Arn`) a value at `path` may have: several when
    /// the schema offers alternatives (a KMS key's ARN, ID or alias).
    pub fn format_of(&self, path: &str) -> Vec<&str> {
        let want = normalized(path);
        self.formats
            .iter()
            .filter(|(p, _)| *p == want)
            .map(|(_, f)| f.as_str())
            .collect()
    }

    /// Every (path, format) pair of the schema.
    pub fn formats(&self) -> &[(String, String)] {
        &self.formats
    }

    /// Every `relationshipRef` of the schema, by path.
    pub fn relationships(&self) -> &[PathRelationship] {
        &self.relationships
    }

    /// Whether changing the property at `path` replaces the resource.
    pub fn is_create_only(&self, path: &str) -> bool {
        self.create_only.contains(path)
    }

    /// Whether changing the property at `path` may replace the resource.
    pub fn is_conditional_create_only(&self, path: &str) -> bool {
        self.conditional_create_only.contains(path)
    }

    /// Whether the property at `path` is set by AWS and only read (an attribute).
    pub fn is_read_only(&self, path: &str) -> bool {
        self.read_only.contains(path)
    }

    /// Whether the property at `path` is never returned by a read (a password).
    pub fn is_write_only(&self, path: &str) -> bool {
        self.write_only.contains(path)
    }

    /// Whether the property at `path` is deprecated.
    pub fn is_deprecated(&self, path: &str) -> bool {
        self.deprecated.contains(path)
    }

    /// The pointers of `createOnlyProperties`, `/properties/QueueName`.
    pub fn create_only(&self) -> &[String] {
        &self.create_only.pointers
    }

    /// The pointers of `readOnlyProperties`.
    pub fn read_only(&self) -> &[String] {
        &self.read_only.pointers
    }

    /// The pointers of `deprecatedProperties`.
    pub fn deprecated(&self) -> &[String] {
        &self.deprecated.pointers
    }

    /// Whether the path, written as the pointers are (`A/*/B`), is read-only or
    /// deprecated: one look-up for the checks, which build such paths as they walk.
    pub(super) fn read_only_or_deprecated(&self, path: &str) -> (bool, bool) {
        (self.read_only.has(path), self.deprecated.has(path))
    }

    /// The pointers of `primaryIdentifier`: what `Ref` returns.
    pub fn primary_identifier(&self) -> &[String] {
        &self.primary_identifier
    }

    /// Every node of the schema.
    pub fn shapes(&self) -> &[Shape] {
        &self.nodes
    }

    /// The node `id` (the root, harmlessly, for an id of another schema).
    pub fn shape(&self, id: NodeId) -> &Shape {
        self.nodes
            .get(id.index())
            .or_else(|| self.nodes.first())
            .unwrap_or_else(|| empty_shape())
    }

    /// A view of node `id`.
    pub fn node(&self, id: NodeId) -> Property<'_> {
        Property::new(self, id)
    }

    /// One step of a CFN pointer from `id`: follow `$ref`, `*` (or an index) enters the
    /// items, a name enters the properties; failing that, try the branches.
    pub(super) fn step(&self, id: NodeId, segment: &str, depth: usize) -> Option<Property<'_>> {
        if depth > MAX_REF_CHAIN {
            return None;
        }
        let here = Property::new(self, id);
        let is_item = segment == "*" || segment.parse::<usize>().is_ok();
        for p in here.chain() {
            let shape = p.shape();
            let found = if is_item {
                shape.items
            } else {
                shape.property(segment)
            };
            if let Some(id) = found {
                return Some(Property::new(self, id));
            }
        }
        for p in here.chain() {
            let shape = p.shape();
            for branch in shape
                .any_of
                .iter()
                .chain(&shape.all_of)
                .chain(&shape.one_of)
            {
                if let Some(found) = self.step(*branch, segment, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }
}

fn empty_shape() -> &'static Shape {
    static EMPTY: std::sync::OnceLock<Shape> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Shape::default)
}

/// The names of a path or pointer: `/properties/A/B`, `A/B` and `A/0/B` (as `A/*/B`).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    let path = path.strip_prefix("/properties/").unwrap_or(path);
    path.split('/').filter(|s| !s.is_empty())
}

/// A path written as the bundle writes them: names and `*`, joined with `/`.
pub(super) fn normalized(path: &str) -> String {
    let parts: Vec<&str> = segments(path)
        .map(|s| if s.parse::<usize>().is_ok() { "*" } else { s })
        .collect();
    parts.join("/")
}

fn attribute(name: &str, a: &Json) -> Attribute {
    let json_type = |key: &str| {
        a.get(key).and_then(Json::as_str).and_then(|t| {
            [
                JsonType::String,
                JsonType::Number,
                JsonType::Integer,
                JsonType::Boolean,
                JsonType::Array,
                JsonType::Object,
                JsonType::Null,
            ]
            .into_iter()
            .find(|j| j.name() == t)
        })
    };
    let text = |key: &str| a.get(key).and_then(Json::as_str).map(str::to_owned);
    Attribute {
        name: name.to_owned(),
        pointer: str_at(a, "pointer"),
        value_type: json_type("type"),
        format: text("format"),
        items_type: json_type("itemsType"),
        items_format: text("itemsFormat"),
        is_regex: a.get("regex").and_then(Json::as_bool) == Some(true),
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::lookup;

    #[test]
    fn a_queue_knows_its_properties_and_attributes() {
        let q = lookup("AWS::SQS::Queue").unwrap();
        assert_eq!(q.type_name(), "AWS::SQS::Queue");
        let vt = q.property("VisibilityTimeout").unwrap();
        assert_eq!(vt.types().describe(), "integer");
        assert_eq!(vt.bounds().maximum, Some(43200.0));
        assert!(q.attribute("Arn").is_some());
        assert!(q.attribute("QueueUrl").is_some());
        assert!(q.attribute("Nope").is_none());
        assert!(q.is_create_only("FifoQueue"));
        assert!(q.is_create_only("/properties/QueueName"));
        assert!(!q.is_create_only("VisibilityTimeout"));
        assert!(q.is_read_only("Arn"));
        // Tags are a list of the Tag definition, reached through $ref.
        let key = q.property("Tags/*/Key").unwrap();
        assert_eq!(key.types().describe(), "string");
        assert!(key.pattern().is_some());
        let tag = q.property("Tags/0").unwrap();
        assert_eq!(tag.required(), ["Value", "Key"]);
        assert!(tag.refuses_unknown());
        assert_eq!(
            q.format_of("KmsMasterKeyId"),
            [
                "AWS::KMS::Alias.AliasName",
                "AWS::KMS::Key.Arn",
                "AWS::KMS::Key.Id"
            ]
        );
    }

    #[test]
    fn required_enums_and_deprecations() {
        let sm = lookup("AWS::StepFunctions::StateMachine").unwrap();
        assert_eq!(sm.required(), ["RoleArn"]);
        assert_eq!(sm.format_of("RoleArn"), ["AWS::IAM::Role.Arn"]);
        let volume = lookup("AWS::EC2::Volume").unwrap();
        let (values, case_insensitive) = volume.enum_values("VolumeType").unwrap();
        assert!(values.iter().any(|v| v.as_str() == Some("gp3")));
        assert!(case_insensitive);
        let task = lookup("AWS::ECS::TaskDefinition").unwrap();
        assert!(task.is_deprecated("InferenceAccelerators"));
        assert!(!task.is_deprecated("Family"));
        let cf = lookup("AWS::CloudFront::Distribution").unwrap();
        assert!(cf.is_deprecated("DistributionConfig/CustomOrigin"));
        let subnet = lookup("AWS::EC2::Subnet").unwrap();
        assert_eq!(subnet.format_of("VpcId"), ["AWS::EC2::VPC.Id"]);
        assert!(subnet.available_in("eu-west-3"));
        assert!(!subnet.is_deprecated_type());
    }

    #[test]
    fn custom_resources_take_anything() {
        let c = lookup("Custom::Whatever").unwrap();
        assert_eq!(c.type_name(), "AWS::CloudFormation::CustomResource");
        assert!(c.attribute("AnyName").is_some());
        assert!(!c.root().refuses_unknown() || !c.root().shape().pattern_properties.is_empty());
    }
}
