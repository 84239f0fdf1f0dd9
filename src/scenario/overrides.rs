//! `--set key=value`: command-line overrides of any scenario value.
//!
//! Each override becomes a tiny TOML document (`key = value`) registered as
//! a pseudo-file, read by the same serde types as the scenario file (so
//! unknown keys and wrong types get the same messages), then merged in.
//! `hazards.<id>.<field>`, `links.<id>.<field>` and `nodes.<id>.<field>`
//! become `[[changes]]`; `corridors.<id>.<field>` patches that corridor.
//! Which namespace a key is in is decided by [`super::params::ParamKey`].

use crate::diag::{Diag, FileId, Files};
use crate::network::raw::Element;
use crate::toml_in;

use super::params::ParamKey;
use super::raw::{RawCorridor, RawScenario, RawTop, change};

/// Applies every override in order; problems go to `diags`.
pub fn apply(
    files: &mut Files,
    raw: &mut RawScenario,
    overrides: &[String],
    diags: &mut Vec<Diag>,
) {
    let mut closes: Vec<CloseKeys> = Vec::new();
    for o in overrides {
        let Some((key, value)) = o.split_once('=') else {
            diags.push(Diag::bare(
                format!("--set {o}"),
                "expected key=value, e.g. --set risk_weights.security=3",
            ));
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let name = format!("--set {o}");
        match ParamKey::parse(key) {
            ParamKey::Hazard { id, field } => {
                element_change(files, raw, &name, "hazard", (&id, &field), value, diags)
            }
            ParamKey::Link { id, field } => {
                element_change(files, raw, &name, "link", (&id, &field), value, diags)
            }
            ParamKey::Node { id, field } => {
                element_change(files, raw, &name, "node", (&id, &field), value, diags)
            }
            ParamKey::Corridor { id, field } => {
                corridor_patch(files, raw, &name, (&id, &field), value, diags)
            }
            ParamKey::Close { id, field } => {
                let entry = (field, value.to_string(), name);
                match closes.iter_mut().find(|(i, _)| *i == id) {
                    Some((_, fields)) => fields.push(entry),
                    None => closes.push((id, vec![entry])),
                }
            }
            _ => {
                let segments: Vec<&str> = key.split('.').collect();
                if let Some(message) = not_settable(&segments) {
                    diags.push(Diag::bare(name, message));
                    continue;
                }
                top_patch(files, raw, o, &segments, value, diags)
            }
        }
    }
    close_changes(files, raw, closes, diags);
}

/// The `close.<id>…` overrides of one id: the id, then each key's field
/// (`""`, `days`, `from_day`), value and `--set` text.
type CloseKeys = (String, Vec<(String, String, String)>);

/// `close.<id>=true`, `close.<id>.days=N`, `close.<id>.from_day=D`: one
/// `[[changes]] close` per id, read as the scenario file's would be.
fn close_changes(
    files: &mut Files,
    raw: &mut RawScenario,
    closes: Vec<CloseKeys>,
    diags: &mut Vec<Diag>,
) {
    for (id, fields) in closes {
        let mut text = format!("close = [{}]\n", quote(&id));
        let mut ok = true;
        for (field, value, name) in &fields {
            match field.as_str() {
                "" if matches!(value.as_str(), "true" | "1") => {}
                "days" | "from_day" => text.push_str(&format!("{field} = {}\n", toml_value(value))),
                _ => {
                    diags.push(Diag::bare(
                        name.clone(),
                        "expected close.<id>=true (closed for the whole run), close.<id>.days=N \
                         or close.<id>.from_day=D (a window after departure)",
                    ));
                    ok = false;
                }
            }
        }
        if !ok {
            continue;
        }
        let name = fields
            .iter()
            .map(|(_, _, n)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        push_change(files, raw, &name, text, diags);
    }
}

/// Reads `text` (registered as the pseudo-file `name`) as one
/// `[[changes]]` entry, as the scenario file's would be read, and adds it.
fn push_change(
    files: &mut Files,
    raw: &mut RawScenario,
    name: &str,
    text: String,
    diags: &mut Vec<Diag>,
) {
    let file = files.add_pseudo(name, text);
    let mut local = Vec::new();
    if let Some(doc) = toml_in::parse_document(files, file, &mut local) {
        let span = doc.span();
        let table =
            serde_spanned::Spanned::new(span.clone(), toml::de::DeValue::Table(doc.into_inner()));
        match change(table, file, "") {
            Ok(c) => raw.changes.push(Element {
                file,
                span,
                label: name.to_string(),
                raw: c,
            }),
            Err(d) => diags.push(d),
        }
    }
    diags.extend(local);
}

/// `hazards.<id>.<field>`, `links.…`, `nodes.…`: a `[[changes]]` entry
/// patching that element.
fn element_change(
    files: &mut Files,
    raw: &mut RawScenario,
    name: &str,
    singular: &str,
    (id, field): (&str, &str),
    value: &str,
    diags: &mut Vec<Diag>,
) {
    let doc_text = format!(
        "{singular} = {}\nset.{field} = {}",
        quote(id),
        toml_value(value)
    );
    push_change(files, raw, name, doc_text, diags);
}

/// `corridors.<id>.<field>`: patches the corridor with that id.
fn corridor_patch(
    files: &mut Files,
    raw: &mut RawScenario,
    name: &str,
    (id, field): (&str, &str),
    value: &str,
    diags: &mut Vec<Diag>,
) {
    let file = files.add_pseudo(name, format!("{field} = {}", toml_value(value)));
    let Some(target) = raw
        .corridors
        .iter_mut()
        .find(|c| c.raw.id.as_ref().is_some_and(|i| i.value == id))
    else {
        let ids: Vec<String> = raw
            .corridors
            .iter()
            .filter_map(|c| c.raw.id.as_ref().map(|i| i.value.clone()))
            .collect();
        diags.push(Diag::in_file(
            file,
            None,
            "",
            format!(
                "no corridor with id \"{id}\" (corridors with an id: {})",
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            ),
        ));
        return;
    };
    let mut local = Vec::new();
    if let Some(doc) = toml_in::parse_document(files, file, &mut local) {
        let before = local.len();
        let (p, _): (RawCorridor, _) = toml_in::deserialize_rest(doc, file, &[], &mut local);
        if local.len() == before {
            target.raw.patch(p);
        }
    }
    diags.extend(local);
}

/// Why a key naming a whole array (or one element of it) cannot be set:
/// `--set` changes one field of one element.
fn not_settable(segments: &[&str]) -> Option<String> {
    let (array, singular) = match segments.first().copied()? {
        "corridors" => ("corridors", "corridor"),
        "hazards" => ("hazards", "hazard"),
        "links" => ("links", "link"),
        "nodes" => ("nodes", "node"),
        "changes" => {
            return Some(
                "changes can't be given with --set; use hazards.<id>.<field>, \
                 links.<id>.<field> or nodes.<id>.<field>"
                    .into(),
            );
        }
        _ => return None,
    };
    Some(format!(
        "{array} can't be replaced with --set; set one field of one {singular} with \
         {array}.<id>.<field>"
    ))
}

/// Any other key: patches the top level of the scenario file.
fn top_patch(
    files: &mut Files,
    raw: &mut RawScenario,
    original: &str,
    segments: &[&str],
    value: &str,
    diags: &mut Vec<Diag>,
) {
    let file = register(files, original, segments, value);
    let mut local = Vec::new();
    if let Some(doc) = toml_in::parse_document(files, file, &mut local) {
        let before = local.len();
        let (p, _): (RawTop, _) =
            toml_in::deserialize_rest(doc, file, super::raw::TOP_KEYS, &mut local);
        if local.len() == before {
            raw.top.patch(p);
        }
    }
    diags.extend(local);
}

/// Registers the override as a pseudo-file holding `key = value`.
fn register(files: &mut Files, original: &str, segments: &[&str], value: &str) -> FileId {
    let key = segments
        .iter()
        .map(|s| quote_key(s))
        .collect::<Vec<_>>()
        .join(".");
    files.add_pseudo(
        format!("--set {original}"),
        format!("{key} = {}", toml_value(value)),
    )
}

/// The value as TOML: as written if it parses, else as a string.
fn toml_value(value: &str) -> String {
    let probe = format!("v = {value}");
    if toml::from_str::<toml::Table>(&probe).is_ok() {
        value.to_string()
    } else {
        quote(value)
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn quote_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        quote(s)
    }
}
