//! A view of one node of a [`TypeSchema`]: its getters follow `$ref`, so a property written
//! as `{"$ref": "#/definitions/Tag"}` answers with the definition's types and properties.

use super::json::Json;
use super::shape::{Additional, Bounds, NodeId, Relationship, Shape, Types};
use super::type_schema::TypeSchema;

/// A property (or any node) of a schema: the node and the schema it belongs to.
///
/// Its getters read the node and then what its `$ref` points to, so a property written as
/// `{"$ref": "#/definitions/Tag"}` answers with the definition's types and properties.
#[derive(Clone, Copy, Debug)]
pub struct Property<'a> {
    schema: &'a TypeSchema,
    id: NodeId,
}

/// Most `$ref`s followed from one node (schemas have chains of two or three).
pub(super) const MAX_REF_CHAIN: usize = 16;

impl<'a> Property<'a> {
    /// The node `id` of `schema`.
    pub(super) fn new(schema: &'a TypeSchema, id: NodeId) -> Self {
        Self { schema, id }
    }

    /// The node itself, as written, without following `$ref`.
    pub fn shape(self) -> &'a Shape {
        self.schema.shape(self.id)
    }

    /// The node's id in its schema.
    pub fn id(self) -> NodeId {
        self.id
    }

    /// The node and the nodes its `$ref` leads to, in order.
    pub fn chain(self) -> impl Iterator<Item = Property<'a>> + 'a {
        let schema = self.schema;
        std::iter::successors(Some(self), move |p| {
            p.shape().reference.map(|id| Property { schema, id })
        })
        .take(MAX_REF_CHAIN)
    }

    fn first<T>(self, get: impl Fn(&'a Shape) -> Option<T>) -> Option<T> {
        self.chain().find_map(|p| get(p.shape()))
    }

    /// The types allowed; empty when the schema names none.
    pub fn types(self) -> Types {
        self.first(|s| (!s.types.is_empty()).then_some(s.types))
            .unwrap_or_default()
    }

    /// The values allowed, if the schema lists them, and whether they compare without case.
    pub fn enum_values(self) -> Option<(&'a [Json], bool)> {
        self.first(|s| {
            s.enum_values
                .as_deref()
                .map(|v| (v, s.enum_case_insensitive))
        })
    }

    /// The pattern a string must match (searched, not matched whole), as written.
    pub fn pattern(self) -> Option<&'a str> {
        self.first(|s| s.pattern.as_deref())
    }

    /// The format, `AWS::EC2::Subnet.Id` or `date-time`, when the node itself gives one; see
    /// [`TypeSchema::format_of`] for the alternatives in `anyOf` branches.
    pub fn format(self) -> Option<&'a str> {
        self.first(|s| s.format.as_deref())
    }

    /// The default value, if the schema gives one.
    pub fn default_value(self) -> Option<&'a Json> {
        self.first(|s| s.default.as_ref())
    }

    /// The bounds of the first node in the chain that has any.
    pub fn bounds(self) -> Bounds {
        self.first(|s| (s.bounds != Bounds::default()).then_some(s.bounds))
            .unwrap_or_default()
    }

    /// The names that must be set inside this object.
    pub fn required(self) -> &'a [String] {
        self.first(|s| (!s.required.is_empty()).then_some(s.required.as_slice()))
            .unwrap_or_default()
    }

    /// The properties of this object, sorted by name.
    pub fn properties(self) -> impl Iterator<Item = (&'a str, Property<'a>)> + 'a {
        let schema = self.schema;
        let props = self
            .first(|s| (!s.properties.is_empty()).then_some(s.properties.as_slice()))
            .unwrap_or_default();
        props
            .iter()
            .map(move |(name, id)| (name.as_str(), Property { schema, id: *id }))
    }

    /// One property of this object (looking into `anyOf`/`allOf`/`oneOf` branches too).
    pub fn property(self, name: &str) -> Option<Property<'a>> {
        self.schema.step(self.id, name, 0)
    }

    /// What each item of this list is.
    pub fn items(self) -> Option<Property<'a>> {
        let schema = self.schema;
        self.first(|s| s.items)
            .map(move |id| Property { schema, id })
    }

    /// Whether keys other than the listed properties are refused.
    pub fn refuses_unknown(self) -> bool {
        self.chain()
            .any(|p| p.shape().additional_properties == Additional::Refused)
    }

    /// The `relationshipRef`, if any.
    pub fn relationship(self) -> Option<&'a Relationship> {
        self.first(|s| s.relationship.as_ref())
    }
}
