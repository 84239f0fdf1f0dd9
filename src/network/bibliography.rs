//! The bibliography: the sources that a network's citations name, loaded
//! from a `bibliography.toml` (one `[[source]]` per id), and the check that
//! every source id a network cites resolves there.
//!
//! A citation is free text (`"S02: Chaman PK outbound 70.7 h [hours]"`).
//! The ids in it are the S-ids ([`cited_ids`]: `S13`, `S58b`); named
//! sources without an S-id (`gwadarcentral`, `gazetteer`) are recognised by
//! their id appearing in the text, so only S-ids can fail to resolve.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Network;

/// The file name looked for by [`Bibliography::find`].
pub const FILE_NAME: &str = "bibliography.toml";

/// One source, as written in the bibliography.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What citations call it: an S-id (`S58b`) or a name (`gwadarcentral`).
    pub id: String,
    /// Title of the document or page.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Date as precise as the source shows (`n.d.` when none is visible).
    pub date: String,
    /// Where to read it, when it has an address.
    pub url: Option<String>,
    /// Further addresses: mirrors and other outlets.
    #[serde(default)]
    pub also: Vec<String>,
    /// Reliability grade: `A`–`D`, or `method` for a rule of the project.
    pub grade: String,
    /// Gaps and departures (required when there is no `url`).
    pub note: Option<String>,
}

/// The file's layout: a list of `[[source]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBibliography {
    #[serde(default)]
    source: Vec<Source>,
}

/// Why a bibliography could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BibliographyError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid bibliography.
    #[error("{path}: not a valid bibliography")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: toml::de::Error,
    },
    /// Two entries share an id.
    #[error("{path}: source \"{id}\" is listed twice")]
    Duplicate {
        /// The file.
        path: PathBuf,
        /// The repeated id.
        id: String,
    },
}

/// A loaded bibliography: its sources in file order, ids unique.
#[derive(Debug, Clone)]
pub struct Bibliography {
    /// The file it was read from.
    pub path: PathBuf,
    /// Every source, in file order.
    pub sources: Vec<Source>,
    ids: HashSet<String>,
}

/// An S-id cited by a network that the bibliography does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The citing element (`node "x"`, `link "y"`).
    pub element: String,
    /// The field whose source names the id (`km`, `dwell.road.hours`).
    pub field: String,
    /// The id that does not resolve (`S999`).
    pub id: String,
}

impl Bibliography {
    /// Reads and parses a bibliography file; fails on a repeated id.
    pub fn load(path: &Path) -> Result<Bibliography, BibliographyError> {
        let text = std::fs::read_to_string(path).map_err(|source| BibliographyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let raw: RawBibliography =
            toml::from_str(&text).map_err(|source| BibliographyError::Parse {
                path: path.to_path_buf(),
                source,
            })?;
        let mut ids = HashSet::new();
        for s in &raw.source {
            if !ids.insert(s.id.clone()) {
                return Err(BibliographyError::Duplicate {
                    path: path.to_path_buf(),
                    id: s.id.clone(),
                });
            }
        }
        Ok(Bibliography {
            path: path.to_path_buf(),
            sources: raw.source,
            ids,
        })
    }

    /// The nearest [`FILE_NAME`] in the folder of `network_file` or any
    /// folder above it, if there is one.
    pub fn find(network_file: &Path) -> Option<PathBuf> {
        let start = network_file
            .canonicalize()
            .unwrap_or_else(|_| network_file.to_path_buf());
        start
            .ancestors()
            .skip(1)
            .map(|dir| dir.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// The source with this id.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.ids
            .contains(id)
            .then(|| self.sources.iter().find(|s| s.id == id))
            .flatten()
    }

    /// Whether `id` is listed.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Every S-id cited in `net` that is not listed, in element and field
    /// order. O(total citation length).
    pub fn unresolved(&self, net: &Network) -> Vec<Unresolved> {
        let mut out = Vec::new();
        for (element, fields) in &net.citations {
            for (field, text) in fields {
                let Some(text) = text else { continue };
                for id in cited_ids(text) {
                    if !self.contains(&id) {
                        out.push(Unresolved {
                            element: element.clone(),
                            field: field.clone(),
                            id,
                        });
                    }
                }
            }
        }
        out
    }
}

/// The S-ids a citation names, in order: `S` and digits, not preceded by a
/// letter or digit (`S13`; `SWD` is not an id), with one lower-case letter
/// after the digits kept when no further letter follows it (`S58b`; `S1ab`
/// cites `S1`).
///
/// ```
/// use corridor::network::bibliography::cited_ids;
/// assert_eq!(cited_ids("S13; S58b and S08 (CPMM)"), ["S13", "S58b", "S08"]);
/// assert_eq!(cited_ids("SWD 12 km/h, S05"), ["S05"]);
/// assert_eq!(cited_ids("S112..S115 (derived)"), ["S112", "S115"]);
/// ```
pub fn cited_ids(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices('S') {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            continue;
        }
        let end = i + 1 + digits;
        let suffix = usize::from(b.get(end).is_some_and(u8::is_ascii_lowercase));
        let next = b.get(end + suffix);
        let suffix = if next.is_some_and(u8::is_ascii_alphabetic) {
            0
        } else {
            suffix
        };
        out.push(text[i..end + suffix].to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_a_suffix_and_without() {
        assert_eq!(cited_ids("S31b, S28–S31 and RT"), ["S31b", "S28", "S31"]);
        assert_eq!(cited_ids("S1ab xS2 S"), ["S1"]);
        assert_eq!(cited_ids("(S40b)"), ["S40b"]);
    }

    #[test]
    fn a_repeated_id_is_an_error() {
        let dir = std::env::temp_dir().join(format!("corridor-bib-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join(FILE_NAME);
        let entry = "[[source]]\nid = \"S1\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"n.d.\"\ngrade = \"A\"\nnote = \"n\"\n";
        std::fs::write(&f, format!("{entry}{entry}")).unwrap();
        let e = Bibliography::load(&f).unwrap_err();
        assert!(matches!(e, BibliographyError::Duplicate { ref id, .. } if id == "S1"));
        std::fs::write(&f, entry).unwrap();
        let b = Bibliography::load(&f).unwrap();
        assert!(b.contains("S1") && b.get("S1").is_some() && b.get("S2").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
