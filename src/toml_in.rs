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
/// for the suggestion when a key is unknown. A top-level key whose value
/// is wrong is reported and dropped, and the rest read again, so one typo
/// inside `[cargo]` neither hides the other keys' problems nor makes them
/// look missing. Returns the value and the keys dropped.
pub fn deserialize_rest<T: DeserializeOwned + Default>(
    mut doc: Document<'_>,
    file: FileId,
    top_keys: &[&str],
    diags: &mut Vec<Diag>,
) -> (T, Vec<String>) {
    let mut dropped = Vec::new();
    let span = doc.span();
    // Each round drops one key, so this ends.
    for _ in 0..=doc.get_ref().len() {
        let table = Spanned::new(span.clone(), DeValue::Table(doc.get_ref().clone()));
        match deserialize_at(table, file, "") {
            Ok(v) => return (v, dropped),
            Err((d, first)) => {
                diags.push(top_level(d, top_keys));
                match first {
                    Some(k) if doc.get_mut().remove(k.as_str()).is_some() => dropped.push(k),
                    _ => break,
                }
            }
        }
    }
    (T::default(), dropped)
}

/// An unknown top-level key gets the list of every top-level key.
fn top_level(mut d: Diag, top_keys: &[&str]) -> Diag {
    let unknown = d
        .message
        .strip_prefix("unknown key `")
        .and_then(|r| r.split('`').next())
        .map(str::to_string);
    if let (Some(name), false) = (unknown, top_keys.is_empty())
        && d.key == name
    {
        d.key.clear();
        d.message = unknown_key(&name, top_keys);
    }
    d
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
    deserialize_at(value, file, prefix).map_err(|(d, _)| d)
}

/// [`deserialize`], also giving the first key of the path to the problem.
fn deserialize_at<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    file: FileId,
    prefix: &str,
) -> Result<T, (Diag, Option<String>)> {
    let outer = value.span();
    with_file(file, || {
        let de = value.into_deserializer();
        serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
            let segments = user_path(e.path());
            let first = segments.first().cloned();
            let inner = e.into_inner();
            let key = join_key(prefix, &segments.join("."));
            let d = Diag::in_file(
                file,
                inner.span().or(Some(outer)),
                key,
                plain_message(inner.message()),
            );
            (d, first)
        })
    })
}

/// The path as the user wrote it: serde's private names (the wrapper
/// `Spanned` reads through) left out, array indices as `[i]`.
fn user_path(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    let mut out: Vec<String> = Vec::new();
    for seg in path.iter() {
        match seg {
            Segment::Map { key } | Segment::Enum { variant: key } if key.starts_with("$__") => {}
            Segment::Map { key } | Segment::Enum { variant: key } => out.push(key.clone()),
            Segment::Seq { index } => match out.last_mut() {
                Some(last) => last.push_str(&format!("[{index}]")),
                None => out.push(format!("[{index}]")),
            },
            Segment::Unknown => {}
        }
    }
    out
}

/// serde's message in plain words: a "did you mean" for an unknown key,
/// and no serde internals.
fn plain_message(message: &str) -> String {
    let m = improve_message(message);
    if m.contains("$__") || m.contains("Spanned") {
        return "invalid value here".to_string();
    }
    m
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
