//! One node of a resource schema: what a property (or a definition, a list's items, a branch)
//! allows, with its `$ref` already resolved to another node.

use std::sync::OnceLock;

use super::json::Json;
use super::pattern::{Pattern, compile_pattern};

/// A node's index in its [`TypeSchema`](super::TypeSchema); only meaningful there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(super) u32);

impl NodeId {
    pub(super) fn index(self) -> usize {
        self.0 as usize
    }
}

/// A JSON Schema type name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `integer`.
    Integer,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`.
    Object,
    /// `null`.
    Null,
}

impl JsonType {
    const ALL: [JsonType; 7] = [
        JsonType::String,
        JsonType::Number,
        JsonType::Integer,
        JsonType::Boolean,
        JsonType::Array,
        JsonType::Object,
        JsonType::Null,
    ];

    /// The name as the schema writes it.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The set of types a node allows; empty when the schema says nothing (any type).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Types(u8);

impl Types {
    /// Whether the schema names no type.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether `t` is one of them.
    pub fn contains(self, t: JsonType) -> bool {
        self.0 & t.bit() != 0
    }

    /// The types, in a fixed order (string, number, integer, boolean, array, object, null).
    pub fn iter(self) -> impl Iterator<Item = JsonType> {
        JsonType::ALL.into_iter().filter(move |t| self.contains(*t))
    }

    /// The types as the schema names them, e.g. `"object" or "string"`, for messages.
    pub fn describe(self) -> String {
        let names: Vec<&str> = self.iter().map(JsonType::name).collect();
        names.join(" or ")
    }

    fn insert(&mut self, t: JsonType) {
        self.0 |= t.bit();
    }
}

/// What a node says about keys that are not among its `properties`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Additional {
    /// Allowed (the schema says nothing, or `true`).
    #[default]
    Allowed,
    /// Refused (`additionalProperties: false`): an unknown property, cfn-lint's E3002.
    Refused,
    /// Allowed, each value as this node says.
    Schema(NodeId),
}

/// Numeric, length and count bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum`.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

/// A `relationshipRef`: the value is a property of another resource type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relationship {
    /// The other type, `AWS::EC2::VPCEndpoint`.
    pub type_name: String,
    /// The property there, as a pointer (`/properties/Id`).
    pub property_path: String,
}

/// One schema node, as the record writes it; `$ref` is [`Shape::reference`].
#[derive(Debug, Default)]
pub struct Shape {
    /// `type`: the types allowed.
    pub types: Types,
    /// `$ref`: a node whose rules also apply (a definition, usually).
    pub reference: Option<NodeId>,
    /// `properties`, sorted by name.
    pub properties: Vec<(String, NodeId)>,
    /// `patternProperties`: (regex, node).
    pub pattern_properties: Vec<(String, NodeId)>,
    /// `additionalProperties`.
    pub additional_properties: Additional,
    /// `items`: what each item of a list is.
    pub items: Option<NodeId>,
    /// `required`: property names that must be there (cfn-lint E3003).
    pub required: Vec<String>,
    /// `requiredXor`: exactly one of these names (E3014).
    pub required_xor: Vec<String>,
    /// `requiredOr`: at least one of these names (E3058).
    pub required_or: Vec<String>,
    /// `dependentRequired`: name → names required with it (E3021).
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentExcluded`: name → names not allowed with it (E3020).
    pub dependent_excluded: Vec<(String, Vec<String>)>,
    /// `oneOf` branches.
    pub one_of: Vec<NodeId>,
    /// `anyOf` branches.
    pub any_of: Vec<NodeId>,
    /// `allOf` branches.
    pub all_of: Vec<NodeId>,
    /// `enum`, or `enumCaseInsensitive` (see [`Shape::enum_case_insensitive`]).
    pub enum_values: Option<Vec<Json>>,
    /// Whether [`Shape::enum_values`] came from `enumCaseInsensitive`.
    pub enum_case_insensitive: bool,
    /// `const`.
    pub const_value: Option<Json>,
    /// `pattern`, as written (Python `regex` flavour; cfn-lint searches, it does not match
    /// the whole string).
    pub pattern: Option<String>,
    /// `format`: a JSON Schema format (`date-time`) or a cfn-lint resource format
    /// (`AWS::EC2::Subnet.Id`).
    pub format: Option<String>,
    /// `default`.
    pub default: Option<Json>,
    /// Numeric, length and count bounds.
    pub bounds: Bounds,
    /// `relationshipRef`.
    pub relationship: Option<Relationship>,
    /// `insertionOrder`: whether the order of a list matters.
    pub insertion_order: Option<bool>,
    /// Whether the node has `if`, `then`, `else` or `not`, which are not modelled here.
    pub has_conditionals: bool,
    regex: OnceLock<Option<Pattern>>,
    key_regexes: OnceLock<Vec<Option<Pattern>>>,
}

impl Shape {
    /// The node's `pattern`, compiled once; `None` when there is none or when the Rust
    /// `regex` crate cannot express it (look-around, back-references).
    pub fn regex(&self) -> Option<&Pattern> {
        self.regex
            .get_or_init(|| self.pattern.as_deref().and_then(compile_pattern))
            .as_ref()
    }

    /// The node for a key that is not among the properties: the first `patternProperties`
    /// entry whose regex the key matches (searched, as cfn-lint does). A regex that does not
    /// compile matches every key, so that no key is called unknown for want of it.
    pub fn pattern_property(&self, key: &str) -> Option<NodeId> {
        let regexes = self.key_regexes.get_or_init(|| {
            self.pattern_properties
                .iter()
                .map(|(p, _)| compile_pattern(p))
                .collect()
        });
        self.pattern_properties
            .iter()
            .zip(regexes)
            .find(|(_, re)| re.as_ref().is_none_or(|re| re.is_match(key)))
            .map(|((_, id), _)| *id)
    }

    /// The node under property `name`.
    pub fn property(&self, name: &str) -> Option<NodeId> {
        self.properties
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()
            .and_then(|i| self.properties.get(i))
            .map(|(_, id)| *id)
    }
}

/// Builds the nodes of one record; `$ref`s are resolved once everything is built.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) nodes: Vec<Shape>,
    /// (node, `$ref` text) to resolve.
    refs: Vec<(NodeId, String)>,
}

impl Builder {
    /// A node with nothing in it yet, to be filled by [`Builder::fill`].
    pub(super) fn reserve(&mut self) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Shape::default());
        id
    }

    /// A new node built from `json`.
    pub(super) fn node(&mut self, json: &Json) -> NodeId {
        let id = self.reserve();
        self.fill(id, json);
        id
    }

    /// Reads the keywords of `json` into the reserved node `id`.
    pub(super) fn fill(&mut self, id: NodeId, json: &Json) {
        let Some(map) = json.as_object() else {
            return;
        };
        let mut shape = Shape::default();
        for (key, value) in map {
            match key.as_str() {
                "type" => shape.types = types_of(value),
                "$ref" => {
                    if let Some(r) = value.as_str() {
                        self.refs.push((id, r.to_owned()));
                    }
                }
                "properties" => shape.properties = self.named_nodes(value),
                "patternProperties" => shape.pattern_properties = self.named_nodes(value),
                "additionalProperties" => {
                    shape.additional_properties = match value {
                        Json::Bool(false) => Additional::Refused,
                        Json::Object(_) => Additional::Schema(self.node(value)),
                        _ => Additional::Allowed,
                    };
                }
                "items" if matches!(value, Json::Object(_)) => {
                    shape.items = Some(self.node(value));
                }
                "required" => shape.required = strings(value),
                "requiredXor" => shape.required_xor = strings(value),
                "requiredOr" => shape.required_or = strings(value),
                "dependentRequired" => shape.dependent_required = string_lists(value),
                "dependentExcluded" => shape.dependent_excluded = string_lists(value),
                "oneOf" => shape.one_of = self.node_list(value),
                "anyOf" => shape.any_of = self.node_list(value),
                "allOf" => shape.all_of = self.node_list(value),
                "enum" if shape.enum_values.is_none() => {
                    shape.enum_values = value.as_array().map(<[Json]>::to_vec);
                }
                "enumCaseInsensitive" => {
                    shape.enum_values = value.as_array().map(<[Json]>::to_vec);
                    shape.enum_case_insensitive = true;
                }
                "const" => shape.const_value = Some(value.clone()),
                "pattern" => shape.pattern = value.as_str().map(str::to_owned),
                "format" => shape.format = value.as_str().map(str::to_owned),
                "default" => shape.default = Some(value.clone()),
                "minimum" => shape.bounds.minimum = value.as_f64(),
                "maximum" => shape.bounds.maximum = value.as_f64(),
                "exclusiveMinimum" => shape.bounds.exclusive_minimum = value.as_f64(),
                "exclusiveMaximum" => shape.bounds.exclusive_maximum = value.as_f64(),
                "multipleOf" => shape.bounds.multiple_of = value.as_f64(),
                "minLength" => shape.bounds.min_length = value.as_u64(),
                "maxLength" => shape.bounds.max_length = value.as_u64(),
                "minItems" => shape.bounds.min_items = value.as_u64(),
                "maxItems" => shape.bounds.max_items = value.as_u64(),
                "uniqueItems" => shape.bounds.unique_items = value.as_bool() == Some(true),
                "insertionOrder" => shape.insertion_order = value.as_bool(),
                "relationshipRef" => {
                    shape.relationship = Some(Relationship {
                        type_name: str_at(value, "typeName"),
                        property_path: str_at(value, "propertyPath"),
                    });
                }
                "if" | "then" | "else" | "not" => shape.has_conditionals = true,
                _ => {}
            }
        }
        if let Some(slot) = self.nodes.get_mut(id.index()) {
            *slot = shape;
        }
    }

    fn named_nodes(&mut self, value: &Json) -> Vec<(String, NodeId)> {
        let Some(map) = value.as_object() else {
            return Vec::new();
        };
        let mut out: Vec<(String, NodeId)> =
            map.iter().map(|(k, v)| (k.clone(), self.node(v))).collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn node_list(&mut self, value: &Json) -> Vec<NodeId> {
        value
            .as_array()
            .map(|items| items.iter().map(|v| self.node(v)).collect())
            .unwrap_or_default()
    }

    /// Resolves every `$ref` with `resolve` (a JSON pointer inside the record to a node);
    /// one that does not resolve is dropped, as if the node had no `$ref`.
    pub(super) fn finish(
        mut self,
        resolve: impl Fn(&[Shape], &str) -> Option<NodeId>,
    ) -> Vec<Shape> {
        for (id, target) in std::mem::take(&mut self.refs) {
            let found = resolve(&self.nodes, &target);
            if let Some(shape) = self.nodes.get_mut(id.index()) {
                shape.reference = found.filter(|t| *t != id);
            }
        }
        self.nodes
    }
}

fn types_of(value: &Json) -> Types {
    let mut types = Types::default();
    let mut add = |name: &str| {
        if let Some(t) = JsonType::from_name(name) {
            types.insert(t);
        }
    };
    match value {
        Json::String(s) => add(s),
        Json::Array(items) => items.iter().filter_map(Json::as_str).for_each(add),
        _ => {}
    }
    types
}

pub(super) fn strings(value: &Json) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn string_lists(value: &Json) -> Vec<(String, Vec<String>)> {
    value
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), strings(v))).collect())
        .unwrap_or_default()
}

pub(super) fn str_at(value: &Json, key: &str) -> String {
    value
        .get(key)
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned()
}
