//! The shape check: every table of a rule file against the fields it may have, before serde
//! reads it. serde with `deny_unknown_fields` stops at the first unknown or missing field of
//! a file; this pass reads the file into a tree that keeps a span on every key and value,
//! then walks every `[[entity]]`, `[[key]]` and `[[relation]]` table and every example and reports
//! every unknown field, missing field and value of the wrong type, each at its own place.
//! It runs on a file serde refuses, to report every problem, not only serde's first (a file
//! serde reads has none of these problems; a test checks that on variants of every rule
//! file). A TOML syntax error still stops its file: the parser cannot go on past it.
//!
//! The field lists here must match the serde structs in `file.rs`; a test compares them.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

/// A TOML value with a span on every key and array item inside it. (A table's values carry
/// no span of their own: a table made by dotted keys, `label.en = …`, has none in TOML, so
/// a problem with a value is shown at its key.)
#[derive(Debug, Clone)]
pub enum Node {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(Vec<Spanned<Node>>),
    Table(Vec<(Spanned<String>, Node)>),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Str(_) => "a string",
            Node::Int(_) => "an integer",
            Node::Float(_) => "a float",
            Node::Bool(_) => "a boolean",
            Node::Array(_) => "an array",
            Node::Table(_) => "a table",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value::<Node>()?;
            fields.push((key, value));
        }
        Ok(Node::Table(fields))
    }
}

/// What a field's value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Str,
    /// An integer or a float.
    Num,
    /// `["a", "b"]`
    Strs,
    /// `label.en = "…"`: a table of strings by language.
    LangStr,
    /// `noun.en = ["…"]`
    LangStrs,
    /// `require.en = [["…", "…"], ["…"]]`
    LangGroups,
    /// `[[entity]]`, `example = [{ … }]`: an array of tables of this schema.
    Tables(&'static Schema),
}

/// The fields a table may have, in the order serde lists them.
#[derive(Debug)]
pub struct Schema {
    /// `key`, `entity`, `example`: how the table is named in messages.
    pub what: &'static str,
    pub fields: &'static [Field],
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

const fn field(name: &'static str, shape: Shape, required: bool) -> Field {
    Field {
        name,
        shape,
        required,
    }
}

pub static EXAMPLE: Schema = Schema {
    what: "example",
    fields: &[
        field("lang", Shape::Str, true),
        field("text", Shape::Str, true),
        field("value", Shape::Num, false),
        field("hedge", Shape::Str, false),
    ],
};

pub static ENTITY: Schema = Schema {
    what: "entity",
    fields: &[
        field("id", Shape::Str, true),
        field("name", Shape::LangStrs, false),
        field("demonym", Shape::LangStrs, false),
    ],
};

pub static KEY: Schema = Schema {
    what: "key",
    fields: &[
        field("id", Shape::Str, true),
        field("label", Shape::LangStr, true),
        field("unit", Shape::Str, true),
        field("kind", Shape::Str, true),
        field("tolerance", Shape::Num, false),
        field("approx", Shape::Num, false),
        field("slack", Shape::Num, false),
        field("from", Shape::Str, false),
        field("to", Shape::Str, false),
        field("about", Shape::Strs, false),
        field("noun", Shape::LangStrs, false),
        field("require", Shape::LangGroups, false),
        field("exclude", Shape::LangStrs, false),
        field("before", Shape::LangStrs, false),
        field("after", Shape::LangStrs, false),
        field("example", Shape::Tables(&EXAMPLE), false),
        field("counter", Shape::Tables(&EXAMPLE), false),
    ],
};

pub static RELATION_EXAMPLE: Schema = Schema {
    what: "example",
    fields: &[
        field("lang", Shape::Str, true),
        field("text", Shape::Str, true),
        field("published", Shape::Str, false),
    ],
};

pub static RELATION: Schema = Schema {
    what: "relation",
    fields: &[
        field("id", Shape::Str, true),
        field("label", Shape::LangStr, true),
        field("key", Shape::Str, true),
        field("sum", Shape::Strs, false),
        field("difference", Shape::Strs, false),
        field("ratio", Shape::Strs, false),
        field("anniversary", Shape::Str, false),
        field("tolerance", Shape::Num, false),
        field("example", Shape::Tables(&RELATION_EXAMPLE), false),
        field("counter", Shape::Tables(&RELATION_EXAMPLE), false),
    ],
};

pub static FILE: Schema = Schema {
    what: "file",
    fields: &[
        field("entity", Shape::Tables(&ENTITY), false),
        field("key", Shape::Tables(&KEY), false),
        field("relation", Shape::Tables(&RELATION), false),
    ],
};

/// A problem found: where, and what (without the file's path).
pub type Problem = (Range<usize>, String);

/// Check the shape of a whole rule file; empty when serde may read it.
pub fn check(text: &str) -> Vec<Problem> {
    let root: Node = match toml::from_str(text) {
        Ok(root) => root,
        Err(e) => return vec![(e.span().unwrap_or(0..0), toml_message(e.message()))],
    };
    let mut out = Vec::new();
    match &root {
        Node::Table(fields) => table(&FILE, None, fields, 0..0, &mut out),
        other => out.push((0..0, format!("expected a table, found {}", other.kind()))),
    }
    out
}

/// serde's message, on one line and without a trailing period. The TOML parser gives an empty
/// message for some bytes (a NUL in a comment); the error then still says what is wrong.
pub fn toml_message(message: &str) -> String {
    let one_line = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let one_line = one_line.trim_end_matches('.');
    if one_line.is_empty() {
        "not valid TOML: a character TOML does not allow here".to_string()
    } else {
        one_line.to_string()
    }
}

/// `key "trade"`, or `key` when it has no usable id.
fn who(schema: &Schema, fields: &[(Spanned<String>, Node)]) -> Option<String> {
    if schema.what == "file" {
        return None;
    }
    let id = fields.iter().find(|(k, _)| k.get_ref() == "id");
    Some(match id.map(|(_, v)| v) {
        Some(Node::Str(id)) => format!("{} \"{id}\"", schema.what),
        _ => schema.what.to_string(),
    })
}

fn table(
    schema: &Schema,
    parent: Option<&str>,
    fields: &[(Spanned<String>, Node)],
    span: Range<usize>,
    out: &mut Vec<Problem>,
) {
    // Problems inside an example are named by the key they belong to.
    let me = who(schema, fields);
    let prefix = match (&me, parent, schema.what) {
        (_, Some(p), "example") => format!("{p}: "),
        (Some(me), _, _) => format!("{me}: "),
        _ => String::new(),
    };
    let named = me.as_deref().or(parent);
    for (name, value) in fields {
        match schema.fields.iter().find(|f| f.name == name.get_ref()) {
            None => {
                let expected: Vec<String> = schema
                    .fields
                    .iter()
                    .map(|f| format!("`{}`", f.name))
                    .collect();
                out.push((
                    name.span(),
                    format!(
                        "{prefix}unknown field `{}`, expected one of {}",
                        name.get_ref(),
                        expected.join(", ")
                    ),
                ));
            }
            Some(f) => shape(f.shape, f.name, named, &prefix, name.span(), value, out),
        }
    }
    for f in schema.fields.iter().filter(|f| f.required) {
        if !fields.iter().any(|(k, _)| k.get_ref() == f.name) {
            out.push((span.clone(), format!("{prefix}missing field `{}`", f.name)));
        }
    }
}

fn wrong(prefix: &str, name: &str, want: &str, at: Range<usize>, value: &Node) -> Problem {
    (
        at,
        format!("{prefix}`{name}` must be {want}, found {}", value.kind()),
    )
}

/// Check `value` (whose key or item is at `at`) against `shape`.
fn shape(
    shape: Shape,
    name: &str,
    who: Option<&str>,
    prefix: &str,
    at: Range<usize>,
    value: &Node,
    out: &mut Vec<Problem>,
) {
    let mut wrong_here = |want: &str| out.push(wrong(prefix, name, want, at.clone(), value));
    match (shape, value) {
        (Shape::Str, Node::Str(_)) | (Shape::Num, Node::Int(_) | Node::Float(_)) => {}
        (Shape::Str, _) => wrong_here("a string"),
        (Shape::Num, _) => wrong_here("a number"),
        (Shape::Strs, Node::Array(items)) => strings(prefix, name, items, out),
        (Shape::Strs, _) => wrong_here("an array of strings"),
        (Shape::LangStr | Shape::LangStrs | Shape::LangGroups, Node::Table(langs)) => {
            for (code, v) in langs {
                let name = format!("{name}.{}", code.get_ref());
                let mut wrong_lang =
                    |want: &str| out.push(wrong(prefix, &name, want, code.span(), v));
                match (shape, v) {
                    (Shape::LangStr, Node::Str(_)) => {}
                    (Shape::LangStr, _) => wrong_lang("a string"),
                    (Shape::LangStrs, Node::Array(items)) => strings(prefix, &name, items, out),
                    (Shape::LangStrs, _) => wrong_lang("an array of strings"),
                    (_, Node::Array(groups)) => {
                        for g in groups {
                            match g.get_ref() {
                                Node::Array(items) => strings(prefix, &name, items, out),
                                other => out.push(wrong(
                                    prefix,
                                    &name,
                                    "an array of arrays of strings",
                                    g.span(),
                                    other,
                                )),
                            }
                        }
                    }
                    _ => wrong_lang("an array of arrays of strings"),
                }
            }
        }
        (Shape::LangStr, _) => wrong_here(&format!("a table by language ({name}.en = \"…\")")),
        (Shape::LangStrs | Shape::LangGroups, _) => {
            wrong_here(&format!("a table by language ({name}.en = […])"))
        }
        (Shape::Tables(schema), Node::Array(items)) => {
            for item in items {
                match item.get_ref() {
                    Node::Table(fields) => table(schema, who, fields, item.span(), out),
                    other => out.push(wrong(
                        prefix,
                        name,
                        "an array of tables",
                        item.span(),
                        other,
                    )),
                }
            }
        }
        (Shape::Tables(_), _) if prefix.is_empty() => {
            wrong_here(&format!("an array of tables ([[{name}]])"))
        }
        (Shape::Tables(_), _) => wrong_here("an array of tables"),
    }
}

fn strings(prefix: &str, name: &str, items: &[Spanned<Node>], out: &mut Vec<Problem>) {
    for item in items {
        if !matches!(item.get_ref(), Node::Str(_)) {
            out.push(wrong(
                prefix,
                name,
                "a list of strings",
                item.span(),
                item.get_ref(),
            ));
        }
    }
}
