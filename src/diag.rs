//! Diagnostics: a problem in what the user wrote, located by file, line and
//! column, plus the registry of input files those locations point into.
//!
//! Every loader collects [`Diag`]s instead of stopping at the first one, so a
//! user sees every problem at once, rendered as `file:line:col: key: message`.

use std::cell::Cell;
use std::ops::Range;

use serde::{Deserialize, Deserializer};

/// Index of an input file in [`Files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub u32);

/// One input: a TOML file, or a pseudo-file such as a `--set` override.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// How the file is shown in messages (the path as given, or `--set ...`).
    pub name: String,
    /// The full text.
    pub text: String,
    /// Pseudo-files (command-line overrides) are shown without line:col.
    pub pseudo: bool,
}

/// All inputs read by one command, so diagnostics can name file, line, column.
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    /// Registers a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(name.into(), text.into(), false)
    }

    /// Registers a pseudo-file (e.g. one `--set key=value`).
    pub fn add_pseudo(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.push(name.into(), text.into(), true)
    }

    fn push(&mut self, name: String, text: String, pseudo: bool) -> FileId {
        self.files.push(SourceFile { name, text, pseudo });
        FileId(self.files.len() as u32 - 1)
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every registered file, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.get(id).text;
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// Renders one diagnostic as `file:line:col: key: message`.
    pub fn render(&self, d: &Diag) -> String {
        let mut out = String::new();
        if let Some(file) = d.file {
            let f = self.get(file);
            out.push_str(&f.name);
            match &d.span {
                Some(span) if !f.pseudo => {
                    let (line, col) = self.line_col(file, span.start);
                    out.push_str(&format!(":{line}:{col}"));
                }
                _ => {}
            }
            out.push_str(": ");
        }
        if !d.key.is_empty() {
            out.push_str(&d.key);
            out.push_str(": ");
        }
        out.push_str(&d.message);
        out
    }

    /// Renders a list of diagnostics, sorted by file and position.
    pub fn render_all(&self, diags: &[Diag]) -> Vec<String> {
        let mut sorted: Vec<&Diag> = diags.iter().collect();
        sorted.sort_by_key(|d| (d.file.map(|f| f.0), d.span.as_ref().map(|s| s.start)));
        let mut lines: Vec<String> = sorted.iter().map(|d| self.render(d)).collect();
        lines.dedup();
        lines
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    /// The file it is in, if any.
    pub file: Option<FileId>,
    /// Byte range of what the user wrote.
    pub span: Option<Range<usize>>,
    /// Key path as the user would name it: `link "termez-mazar".to`.
    pub key: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Diag {
    /// A diagnostic pointing at a located value.
    pub fn at<T>(loc: &Loc<T>, key: impl Into<String>, message: impl Into<String>) -> Diag {
        Diag {
            file: Some(loc.file),
            span: Some(loc.span.clone()),
            key: key.into(),
            message: message.into(),
        }
    }

    /// A diagnostic pointing at a byte range of a file.
    pub fn in_file(
        file: FileId,
        span: Option<Range<usize>>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Diag {
        Diag {
            file: Some(file),
            span,
            key: key.into(),
            message: message.into(),
        }
    }

    /// `unknown {what} "x"` at a located name, with a "did you mean" hint
    /// from the `known` names.
    pub fn unknown<'a>(
        at: &Loc<String>,
        key: &str,
        what: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Diag {
        let hint = did_you_mean(&at.value, known);
        Diag::at(at, key, format!("unknown {what} \"{}\"{hint}", at.value))
    }

    /// A diagnostic with no location (e.g. an unreadable file).
    pub fn bare(key: impl Into<String>, message: impl Into<String>) -> Diag {
        Diag {
            file: None,
            span: None,
            key: key.into(),
            message: message.into(),
        }
    }
}

/// The error of loading or checking input: every problem found, already
/// rendered for the user as `file:line:col: key: message`, one per line
/// (sorted by file and position). Display joins the lines with newlines.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct Diagnostics(pub Vec<String>);

impl Diagnostics {
    /// The rendered lines, one per problem.
    pub fn lines(&self) -> &[String] {
        &self.0
    }

    /// The rendered lines, owned.
    pub fn into_lines(self) -> Vec<String> {
        self.0
    }
}

/// A number as messages show it: as written for everyday sizes, in
/// exponent form (`1e308`) from ten million up, so an absurd value does
/// not print as 309 digits.
pub fn number(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e7 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

thread_local! {
    static CURRENT_FILE: Cell<FileId> = const { Cell::new(FileId(0)) };
}

/// Runs `f` with `file` as the file that [`Loc`] values deserialized inside
/// it belong to. Deserialization cannot carry context, so the loader sets it
/// here around each file it reads.
pub fn with_file<R>(file: FileId, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT_FILE.with(|c| c.replace(file));
    let out = f();
    CURRENT_FILE.with(|c| c.set(previous));
    out
}

/// A value with the file and byte range it was read from.
///
/// Values merged from several files (a network element patched by a
/// scenario change) keep pointing at the file each value came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Loc<T> {
    /// The file the value was read from.
    pub file: FileId,
    /// Byte range in that file.
    pub span: Range<usize>,
    /// The value itself.
    pub value: T,
}

impl<T> Loc<T> {
    /// A value with no real location (a built-in default).
    pub fn synthetic(value: T) -> Loc<T> {
        Loc {
            file: FileId(u32::MAX),
            span: 0..0,
            value,
        }
    }

    /// Whether the value was read from a file.
    pub fn is_synthetic(&self) -> bool {
        self.file.0 == u32::MAX
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loc<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_spanned::Spanned::<T>::deserialize(d)?;
        Ok(Loc {
            file: CURRENT_FILE.with(|c| c.get()),
            span: spanned.span(),
            value: spanned.into_inner(),
        })
    }
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" into a
/// short message with a "did you mean" suggestion.
pub fn improve_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message).trim();
    let Some(rest) = first_line.strip_prefix("unknown field `") else {
        return first_line.to_string();
    };
    let Some((field, tail)) = rest.split_once('`') else {
        return first_line.to_string();
    };
    let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    unknown_key(field, &expected)
}

/// `unknown key `x``, with the "did you mean" hint or the list of the
/// keys that exist.
pub fn unknown_key(key: &str, expected: &[&str]) -> String {
    let hint = did_you_mean_or_list(key, expected, Quote::Key, Some(Quote::Key));
    format!("unknown key `{key}`{hint}")
}

/// How a "did you mean" hint quotes the suggestion: values as written in
/// files are quoted `"x"`, TOML keys are quoted `` `x` ``.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `"x"`: a value (an id, a mode, a category name).
    Value,
    /// `` `x` ``: a key.
    Key,
}

impl Quote {
    /// `word` in this quoting style.
    pub fn quote(self, word: &str) -> String {
        match self {
            Quote::Value => format!("\"{word}\""),
            Quote::Key => format!("`{word}`"),
        }
    }
}

/// The hint appended to an "unknown X" message: `; did you mean "x"?` when
/// a candidate is close enough to be a typo of `word`, else `""`.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean_quoted(word, candidates, Quote::Value)
}

/// [`did_you_mean`] with the suggestion quoted as `quote` says.
pub fn did_you_mean_quoted<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    quote: Quote,
) -> String {
    suggest(word, candidates).map_or(String::new(), |s| {
        format!("; did you mean {}?", quote.quote(s))
    })
}

/// The hint for an unknown name from a short closed list: the close
/// candidate as [`did_you_mean_quoted`] gives it, else
/// `; expected one of a, b, c` (each name quoted as `list_quote` says, or
/// bare when it is `None`).
pub fn did_you_mean_or_list(
    word: &str,
    candidates: &[&str],
    quote: Quote,
    list_quote: Option<Quote>,
) -> String {
    let hint = did_you_mean_quoted(word, candidates.iter().copied(), quote);
    if !hint.is_empty() || candidates.is_empty() {
        return hint;
    }
    let names: Vec<String> = candidates
        .iter()
        .map(|c| list_quote.map_or_else(|| c.to_string(), |q| q.quote(c)))
        .collect();
    format!("; expected one of {}", names.join(", "))
}

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut files = Files::default();
        let id = files.add("a.toml", "x = 1\nnamé = \"é\" # y\n");
        assert_eq!(files.line_col(id, 0), (1, 1));
        assert_eq!(files.line_col(id, 6), (2, 1));
        let off = files.get(id).text.find('#').unwrap();
        assert_eq!(files.line_col(id, off), (2, 12));
    }

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let m = improve_message("unknown field `lattitude`, expected one of `lat`, `latitude`");
        assert_eq!(m, "unknown key `lattitude`; did you mean `latitude`?");
        let m = improve_message("unknown field `zzz`, expected `lat` or `lon`");
        assert!(m.starts_with("unknown key `zzz`; expected one of"), "{m}");
    }
}
