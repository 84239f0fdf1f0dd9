//! A what-if written back as a scenario file: the served scenario's text
//! with each override put where `--set` puts it — top-level keys, cargo
//! and risk weights edited in place (comments kept), a corridor's field in
//! that corridor, and `hazards.…`, `links.…`, `nodes.…` as `[[changes]]`
//! appended after the file's own, in the order the overrides are applied.
//! `[montecarlo]` gets the run's trials and seed, so `corridor run` of the
//! saved file reproduces the run's `summary.json` (all but its manifest,
//! which names the file it read).

use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use corridor::scenario::params::ParamKey;
use corridor::scenario::{effective_overrides, what_if_tag};

/// What the saved file needs besides the scenario's text.
pub struct SaveInput<'a> {
    /// The served scenario file's text.
    pub text: &'a str,
    /// The scenario file's path, for the header.
    pub scenario_file: &'a str,
    /// The network file, as the saved file should name it.
    pub network: &'a Path,
    /// The overrides, as `--set` takes them.
    pub overrides: &'a [String],
    /// Trials and seed of the run.
    pub trials: u64,
    /// Seed of the run.
    pub seed: u64,
}

/// A saved what-if: its suggested file name and its text.
pub struct Saved {
    /// `<id>--what-if-<tag>.toml` (the scenario id when nothing is set).
    pub file_name: String,
    /// The scenario file.
    pub text: String,
}

/// Writes the what-if as a scenario file. The loader has already accepted
/// the overrides, so a failure here is a value TOML cannot hold.
pub fn what_if_scenario(input: &SaveInput<'_>) -> Result<Saved, String> {
    let mut doc: DocumentMut = input.text.parse().map_err(|e| format!("{e}"))?;
    let effective = effective_overrides(input.overrides);
    let mut closes: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for (key, value) in &effective {
        let value = toml_value(value)?;
        match ParamKey::parse(key) {
            ParamKey::Close { id, field } => match closes.iter_mut().find(|(i, _)| *i == id) {
                Some((_, fields)) => fields.push((field, value)),
                None => closes.push((id, vec![(field, value)])),
            },
            ParamKey::Hazard { id, field } => push_change(&mut doc, "hazard", &id, &field, value)?,
            ParamKey::Link { id, field } => push_change(&mut doc, "link", &id, &field, value)?,
            ParamKey::Node { id, field } => push_change(&mut doc, "node", &id, &field, value)?,
            ParamKey::Corridor { id, field } => {
                let corridor = corridor_table(&mut doc, &id)
                    .ok_or_else(|| format!("{key}: no corridor \"{id}\" in the file"))?;
                set_path(corridor, &segments(&field), value)?;
            }
            other => set_path(doc.as_table_mut(), &segments(&other.name()), value)?,
        }
    }
    for (id, fields) in closes {
        push_close(&mut doc, &id, fields)?;
    }
    let id = doc
        .get("id")
        .and_then(Item::as_str)
        .unwrap_or("scenario")
        .to_string();
    let id = match what_if_tag(input.overrides) {
        Some(tag) => format!("{id}--what-if-{tag}"),
        None => id,
    };
    set_path(doc.as_table_mut(), &["id"], Value::from(id.as_str()))?;
    let network = input.network.display().to_string();
    set_path(doc.as_table_mut(), &["network"], Value::from(network))?;
    let mc = ["montecarlo"];
    set_path(
        doc.as_table_mut(),
        &[mc[0], "trials"],
        Value::from(to_i64(input.trials)?),
    )?;
    set_path(
        doc.as_table_mut(),
        &[mc[0], "seed"],
        Value::from(to_i64(input.seed)?),
    )?;
    let mut header = format!(
        "# A what-if of {}, saved by `corridor serve`.\n",
        input.scenario_file
    );
    for (k, v) in &effective {
        header.push_str(&format!("#   {k} = {v}\n"));
    }
    header.push_str(&format!("# Reproduce the run: corridor run {id}.toml\n\n"));
    Ok(Saved {
        file_name: format!("{id}.toml"),
        text: format!("{header}{doc}"),
    })
}

/// A TOML integer for a count or seed (seeds above `i64::MAX` cannot be
/// written in TOML).
fn to_i64(v: u64) -> Result<i64, String> {
    i64::try_from(v).map_err(|_| format!("{v} is too large for a TOML integer"))
}

/// A dotted field path split into its keys.
fn segments(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

/// The value as the loader reads it: TOML if it parses as TOML, else text
/// (as `--set` does).
fn toml_value(text: &str) -> Result<Value, String> {
    let doc: Result<DocumentMut, _> = format!("v = {text}").parse();
    match doc
        .ok()
        .and_then(|d| d.get("v").and_then(Item::as_value).cloned())
    {
        Some(mut v) => {
            v.decor_mut().clear();
            Ok(v)
        }
        None => Ok(Value::from(text)),
    }
}

/// Sets `path` below `table` to `value`, creating tables on the way and
/// keeping the comments around a value it replaces.
fn set_path(table: &mut Table, path: &[&str], mut value: Value) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        return Err("empty key".into());
    };
    let mut here = table;
    for (i, key) in parents.iter().enumerate() {
        let item = here.entry(key).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        if let Some(inline) = item.as_inline_table() {
            *item = Item::Table(inline.clone().into_table());
        }
        here = item
            .as_table_mut()
            .ok_or_else(|| format!("{} is not a table", path[..=i].join(".")))?;
    }
    if let Some(old) = here.get(last).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    here.insert(last, Item::Value(value));
    Ok(())
}

/// The `[[corridors]]` entry with this id.
fn corridor_table<'d>(doc: &'d mut DocumentMut, id: &str) -> Option<&'d mut Table> {
    doc.get_mut("corridors")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
}

/// Appends `[[changes]]` with `close = ["<id>"]` and its window
/// (`close.<id>.days`, `close.<id>.from_day`; `close.<id>=true` alone:
/// the whole run).
fn push_close(doc: &mut DocumentMut, id: &str, fields: Vec<(String, Value)>) -> Result<(), String> {
    let mut change = Table::new();
    let mut ids = toml_edit::Array::new();
    ids.push(id);
    change.insert("close", Item::Value(Value::Array(ids)));
    for (field, value) in fields {
        if !field.is_empty() {
            change.insert(&field, Item::Value(value));
        }
    }
    append_change(doc, change)
}

/// Appends one table to `[[changes]]`.
fn append_change(doc: &mut DocumentMut, change: Table) -> Result<(), String> {
    let changes = doc
        .entry("changes")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    match changes {
        Item::ArrayOfTables(a) => a.push(change),
        Item::Value(Value::Array(a)) => a.push(change.into_inline_table()),
        _ => return Err("changes: neither [[changes]] nor a list".into()),
    }
    Ok(())
}

/// Appends `[[changes]]` with `<kind> = "<id>"` and `set.<field> = value`.
fn push_change(
    doc: &mut DocumentMut,
    kind: &str,
    id: &str,
    field: &str,
    value: Value,
) -> Result<(), String> {
    let mut set = Table::new();
    set.set_dotted(true);
    set_path(&mut set, &segments(field), value)?;
    let mut change = Table::new();
    change.insert(kind, Item::Value(Value::from(id)));
    change.insert("set", Item::Table(set));
    append_change(doc, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"id = "s"
network = "../networks/n.toml"
origin = "a"

[cargo]
value_usd = 100 # assumption

[risk_weights]
political = 1.0   # face value

[[corridors]]
id = "c"
via = ["x"]

[[changes]]
close = ["y"]

[montecarlo]
trials = 10
"#;

    fn save(overrides: &[&str]) -> Saved {
        let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
        what_if_scenario(&SaveInput {
            text: TEXT,
            scenario_file: "scenarios/s.toml",
            network: Path::new("/data/networks/n.toml"),
            overrides: &overrides,
            trials: 2000,
            seed: 7,
        })
        .unwrap()
    }

    #[test]
    fn overrides_land_where_set_puts_them() {
        let saved = save(&[
            "risk_weights.political=3",
            "hazards.h.probability=0.4",
            "links.l.hours.mean=5",
            "corridors.c.via=[\"x\",\"z\"]",
            "origin=b",
            "cargo.deadline_days=20",
        ]);
        let doc: toml::Table = toml::from_str(&saved.text).unwrap();
        assert_eq!(doc["risk_weights"]["political"].as_integer(), Some(3));
        assert_eq!(doc["origin"].as_str(), Some("b"));
        assert_eq!(doc["cargo"]["deadline_days"].as_integer(), Some(20));
        assert_eq!(doc["cargo"]["value_usd"].as_integer(), Some(100));
        assert_eq!(doc["corridors"][0]["via"].as_array().unwrap().len(), 2);
        let changes = doc["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 3, "{}", saved.text);
        assert!(
            changes[0].get("close").is_some(),
            "the file's own come first"
        );
        assert_eq!(changes[1]["hazard"].as_str(), Some("h"));
        assert_eq!(changes[1]["set"]["probability"].as_float(), Some(0.4));
        assert_eq!(changes[2]["set"]["hours"]["mean"].as_integer(), Some(5));
        assert_eq!(doc["montecarlo"]["trials"].as_integer(), Some(2000));
        assert_eq!(doc["montecarlo"]["seed"].as_integer(), Some(7));
        assert_eq!(doc["network"].as_str(), Some("/data/networks/n.toml"));
        assert!(doc["id"].as_str().unwrap().starts_with("s--what-if-"));
        assert_eq!(
            saved.file_name,
            format!("{}.toml", doc["id"].as_str().unwrap())
        );
        assert!(
            saved.text.contains("political = 3   # face value"),
            "{}",
            saved.text
        );
    }

    #[test]
    fn nothing_set_keeps_the_id() {
        let saved = save(&[]);
        assert_eq!(saved.file_name, "s.toml");
    }
}
