//! The code's layering, checked from the source text: no file in `src/`
//! imports from a file that imports it back, and the core modules
//! (network, scenario, path, montecarlo, analysis) neither import the
//! report layer nor print, format tables or write CSV.
//!
//! Imports are read from `use` declarations (braces expanded) and from
//! paths written inline (`crate::a::b`, `super::c`); each is resolved to
//! the file that defines the longest matching module prefix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The text without comments, string literals and `#[cfg(test)]` modules
/// (test code may import anything).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            // Keep the string's line breaks so line numbers still match.
            let mut breaks = 0;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\n' || (b[i] == b'\\' && b.get(i + 1) == Some(&b'\n')) {
                    breaks += 1;
                }
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
            out.extend(std::iter::repeat_n('\n', breaks));
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Expands `a::{b, c::{d}}` into `a::b`, `a::c::d`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.trim_end_matches("::").to_string()
            } else {
                format!("{prefix}{p}")
            }
        })
        .collect()
}

/// Module path (`["path", "graph"]`) of a file under src/.
fn module_of(file: &Path, src: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every module path a file refers to, absolute from the crate root.
fn imports(code: &str, module: &[String], is_mod_file: bool) -> BTreeSet<Vec<String>> {
    let mut paths = Vec::new();
    for stmt in code.split(';') {
        if let Some(i) = stmt.find("use ") {
            let before = &stmt[..i];
            if before.trim().is_empty()
                || before.trim_end().ends_with("pub")
                || before.contains('}')
                || before.contains('\n')
            {
                paths.extend(expand(&stmt[i + 4..]));
            }
        }
    }
    // Inline paths.
    for start in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(i) = rest.find(start) {
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            paths.push(tail[..end].to_string());
            rest = &rest[i + start.len()..];
        }
    }
    let mut out = BTreeSet::new();
    for p in paths {
        let segs: Vec<&str> = p.split("::").filter(|s| !s.is_empty()).collect();
        let Some((&first, rest)) = segs.split_first() else {
            continue;
        };
        let mut abs: Vec<String> = match first {
            "crate" => Vec::new(),
            "super" => {
                // The parent of this file's module (a mod.rs file is its
                // folder's module).
                let mut m = module.to_vec();
                m.pop();
                let _ = is_mod_file;
                m
            }
            "self" => module.to_vec(),
            _ => continue,
        };
        let mut rest = rest;
        while let Some((&"super", r)) = rest.split_first() {
            abs.pop();
            rest = r;
        }
        abs.extend(rest.iter().map(|s| s.to_string()));
        out.insert(abs);
    }
    out
}

/// The file that defines the longest prefix of `path` that is a module.
fn resolve(path: &[String], modules: &BTreeMap<Vec<String>, PathBuf>) -> Option<PathBuf> {
    (0..=path.len())
        .rev()
        .find_map(|n| modules.get(&path[..n].to_vec()).cloned())
}

struct Crate {
    /// File → files it imports.
    edges: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    /// File → its comment-free code.
    code: BTreeMap<PathBuf, String>,
}

fn library() -> Crate {
    let src = Path::new("src");
    let mut files = Vec::new();
    rust_files(src, &mut files);
    // The library only: the binary's files are its own crate.
    let bin_only: BTreeSet<PathBuf> = ["main.rs", "cli.rs", "cli", "cmd"]
        .iter()
        .map(|p| src.join(p))
        .collect();
    files.retain(|f| !bin_only.iter().any(|b| f.starts_with(b)));
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_of(f, src), f.clone()))
        .collect();
    let mut edges = BTreeMap::new();
    let mut code = BTreeMap::new();
    for f in &files {
        let text = code_of(&std::fs::read_to_string(f).expect("readable"));
        let is_mod = f.file_name().is_some_and(|n| n == "mod.rs");
        let targets: BTreeSet<PathBuf> = imports(&text, &module_of(f, src), is_mod)
            .iter()
            .filter_map(|p| resolve(p, &modules))
            .filter(|t| t != f)
            .collect();
        edges.insert(f.clone(), targets);
        code.insert(f.clone(), text);
    }
    Crate { edges, code }
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let c = library();
    // Guard: the parser sees imports at all.
    let total: usize = c.edges.values().map(BTreeSet::len).sum();
    assert!(
        total > 50,
        "only {total} imports found: the parser is broken"
    );
    let mut cycles = Vec::new();
    for (a, targets) in &c.edges {
        for b in targets {
            // A folder's mod.rs declaring and re-exporting its children is
            // how Rust modules are built, not a cycle between two ideas;
            // a child reaching back into its mod.rs for shared types is
            // fine only when mod.rs does not import the child's items.
            if a < b && c.edges.get(b).is_some_and(|t| t.contains(a)) {
                cycles.push(format!("{} ⇄ {}", a.display(), b.display()));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "files that import each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_core_does_not_format_or_print() {
    let c = library();
    let core = [
        "network",
        "scenario",
        "path",
        "montecarlo",
        "analysis",
        "dist.rs",
        "cost.rs",
        "units.rs",
    ];
    let mut problems = Vec::new();
    for (f, code) in &c.code {
        let rel = f.strip_prefix("src").expect("under src");
        if !core.iter().any(|m| rel.starts_with(m)) {
            continue;
        }
        for t in &c.edges[f] {
            if t.starts_with("src/report") {
                problems.push(format!("{} imports {}", f.display(), t.display()));
            }
        }
        for needle in [
            "println!",
            "print!(",
            "eprintln!",
            "comfy_table",
            "csv::",
            "std::io::stdout",
            "fn to_table",
            "fn to_csv",
        ] {
            if code.contains(needle) {
                problems.push(format!("{} uses {needle}", f.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the core formats or prints:\n{}",
        problems.join("\n")
    );
}

/// Functions longer than this many lines should be split by step, unless a
/// comment on the line before says why not (`// long: …`).
const MAX_FUNCTION_LINES: usize = 80;

/// (first line, number of lines, name) of every `fn` with a body in `code`
/// (comments already removed, test modules cut off).
fn functions(code: &str) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        let is_fn = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
            "pub const fn ",
        ]
        .iter()
        .any(|p| t.starts_with(p));
        if !is_fn {
            i += 1;
            continue;
        }
        let name = t
            .split("fn ")
            .nth(1)
            .unwrap_or("")
            .split(['(', '<'])
            .next()
            .unwrap_or("")
            .to_string();
        let (mut depth, mut opened, mut j) = (0i32, false, i);
        'scan: while j < lines.len() {
            for ch in lines[j].chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened => break 'scan,
                    _ => {}
                }
            }
            if opened && depth == 0 {
                break;
            }
            j += 1;
        }
        if opened {
            out.push((i + 1, j - i + 1, name));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_it_should_be() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut long = Vec::new();
    let mut seen = 0;
    for f in files {
        let raw = std::fs::read_to_string(&f).expect("readable");
        let code = code_of(&raw);
        let raw_lines: Vec<&str> = raw.lines().collect();
        for (line, n, name) in functions(&code) {
            seen += 1;
            // Comments are removed from `code` but lines are kept, so line
            // numbers match the file.
            let excused = line >= 2 && raw_lines[line - 2].trim_start().starts_with("// long:");
            if n > MAX_FUNCTION_LINES && !excused {
                long.push(format!("{}:{line} {name} ({n} lines)", f.display()));
            }
        }
    }
    assert!(
        seen > 300,
        "only {seen} functions found: the scanner is broken"
    );
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines:\n{}",
        long.join("\n")
    );
}
