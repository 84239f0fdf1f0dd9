//! Reading TOML with every problem reported: syntax errors (all of them, by
//! the recovering parser), then each top-level section and each array
//! element deserialized on its own, so one bad element does not hide the
//! problems of the next.

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diag, FileId, Files, improve_message, unknown_key, with_file};

/// A parsed document: its top-level table and the table's span.
pub type Document<'i> = Spanned<DeTable<'i>>;

/// Parses a document, reporting every syntax error. Returns `None` when the
/// file has syntax errors (what follows them would only be noise).
pub fn parse_document<'i>(
    files: &'i Files,
    file: FileId,
    diags: &mut Vec<Diag>,
) -> Option<Document<'i>> {
    let text = &files.get(file).text;
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // The recovering parser often reports follow-on errors on the line
        // of the first one; keep the first per line.
        let mut lines_seen = std::collections::HashSet::new();
        for e in errors {
            let line = e.span().map(|s| files.line_col(file, s.start).0);
            if lines_seen.insert(line) {
                diags.push(Diag::in_file(
                    file,
                    e.span(),
                    "",
                    syntax_message(e.message()),
                ));
            }
        }
        return None;
    }
    Some(root)
}

/// Removes a top-level key from a document, returning its value.
pub fn take<'i>(doc: &mut Document<'i>, key: &str) -> Option<Spanned<DeValue<'i>>> {
    doc.get_mut().remove(key)
}

/// Deserializes what is left of a document (after [`take`]) into `T`.
/// `top_keys` are all keys the document may have (including those taken),
/// for the suggestion when a key is unknown.
pub fn deserialize_rest<T: DeserializeOwned>(
    doc: Document<'_>,
    file: FileId,
    top_keys: &[&str],
) -> Result<T, Diag> {
    let span = doc.span();
    let table = Spanned::new(span, DeValue::Table(doc.into_inner()));
    deserialize(table, file, "").map_err(|mut d| {
        let unknown = d
            .message
            .strip_prefix("unknown key `")
            .and_then(|r| r.split('`').next());
        if let (Some(name), false) = (unknown, top_keys.is_empty()) {
            if d.key != name {
                return d;
            }
            d.key.clear();
            d.message = unknown_key(name, top_keys);
        }
        d
    })
}

fn syntax_message(m: &str) -> String {
    format!("TOML syntax: {}", m.lines().next().unwrap_or(m).trim())
}

/// Deserializes one value into `T`, turning a failure into a [`Diag`] whose
/// key is `prefix` followed by the path inside the value.
pub fn deserialize<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    file: FileId,
    prefix: &str,
) -> Result<T, Diag> {
    let outer = value.span();
    with_file(file, || {
        let de = value.into_deserializer();
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let key = join_key(prefix, &path);
            Diag::in_file(
                file,
                inner.span().or(Some(outer)),
                key,
                improve_message(inner.message()),
            )
        })
    })
}

/// Joins a key prefix and a serde path (`.` means the value itself).
pub fn join_key(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path == "." || path.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => path.to_string(),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// The elements of an array of tables, each with a display prefix built
/// from its `id` (`node "torkham"`) or its index (`nodes[3]`).
pub fn elements<'i>(
    key: &str,
    value: Spanned<DeValue<'i>>,
    file: FileId,
    singular: &str,
    diags: &mut Vec<Diag>,
) -> Vec<(String, Spanned<DeValue<'i>>)> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let id = v
                    .get_ref()
                    .as_table()
                    .and_then(|t| t.get("id"))
                    .and_then(|id| id.get_ref().as_str().map(str::to_string));
                let prefix = match id {
                    Some(id) => format!("{singular} \"{id}\""),
                    None => format!("{key}[{i}]"),
                };
                (prefix, v)
            })
            .collect(),
        other => {
            diags.push(Diag::in_file(
                file,
                Some(span),
                key,
                format!(
                    "expected an array of tables ([[{key}]]), found {}",
                    other.type_str()
                ),
            ));
            Vec::new()
        }
    }
}
