//! The manifest in every output: each report folder carries
//! `manifest.json` beside its CSV files (a sidecar, so the CSVs stay plain
//! tables that any reader opens), and every PNG carries the same facts in
//! iTXt chunks: the program, the command that reproduces it, and the
//! SHA-256 of every input file. A chart that travels alone into a slide
//! deck still says where it came from (`exiftool chart.png`, or any PNG
//! reader's text chunks).

use png::text_metadata::{EncodableTextChunk as _, ITXtChunk};

use super::error::ReportError;
use crate::montecarlo::Manifest;

/// The sidecar's file name.
pub const FILE_NAME: &str = "manifest.json";

/// iTXt keyword of the program name and version (a standard PNG keyword).
pub const KEY_SOFTWARE: &str = "Software";
/// iTXt keyword of the command that reproduces the output.
pub const KEY_COMMAND: &str = "corridor.command";
/// iTXt keyword of the input files, one `sha256  path` line each.
pub const KEY_INPUTS: &str = "corridor.inputs";
/// iTXt keyword of the whole manifest as JSON.
pub const KEY_MANIFEST: &str = "corridor.manifest";

/// Where a PNG's `IHDR` chunk ends: the 8-byte signature, then the chunk
/// (length, type, 13 bytes of data, CRC).
const IHDR_END: usize = 8 + 4 + 4 + 13 + 4;

/// The sidecar `manifest.json`: the manifest as pretty JSON.
pub fn sidecar(m: &Manifest) -> Result<Vec<u8>, ReportError> {
    let mut json = serde_json::to_string_pretty(m)?;
    json.push('\n');
    Ok(json.into_bytes())
}

/// The text chunks of a manifest: (keyword, text).
pub fn chunks(m: &Manifest) -> Result<Vec<(&'static str, String)>, ReportError> {
    let inputs: Vec<(&str, &str)> = m
        .inputs
        .iter()
        .map(|i| (i.path.as_str(), i.sha256.as_str()))
        .collect();
    Ok(chunks_of(
        &m.program,
        &m.command,
        &inputs,
        serde_json::to_string(m)?,
    ))
}

/// The text chunks of any output: its program, command, inputs as
/// (path, SHA-256) and the whole manifest as JSON.
pub fn chunks_of(
    program: &str,
    command: &str,
    inputs: &[(&str, &str)],
    json: String,
) -> Vec<(&'static str, String)> {
    let inputs = inputs
        .iter()
        .map(|(path, sha256)| format!("{sha256}  {path}"))
        .collect::<Vec<_>>()
        .join("\n");
    vec![
        (KEY_SOFTWARE, program.to_string()),
        (KEY_COMMAND, command.to_string()),
        (KEY_INPUTS, inputs),
        (KEY_MANIFEST, json),
    ]
}

/// `png` with the manifest's iTXt chunks inserted right after its `IHDR`
/// chunk, before the image data, where a reader finds them without
/// decoding the image (the PNG specification lets text chunks go anywhere
/// between `IHDR` and `IEND`; the image data is untouched).
pub fn stamp_png(png: &[u8], m: &Manifest) -> Result<Vec<u8>, ReportError> {
    stamp_png_with(png, &chunks(m)?)
}

/// [`stamp_png`] with given (keyword, text) chunks.
pub fn stamp_png_with(png: &[u8], chunks: &[(&str, String)]) -> Result<Vec<u8>, ReportError> {
    if png.get(12..16) != Some(b"IHDR".as_slice()) || png.len() < IHDR_END {
        return Err(ReportError::Draw(
            "a chart's PNG does not start with IHDR".into(),
        ));
    }
    let mut out = Vec::with_capacity(png.len() + 4096);
    out.extend_from_slice(&png[..IHDR_END]);
    for (key, text) in chunks {
        ITXtChunk::new(*key, text.as_str())
            .encode(&mut out)
            .map_err(|e| ReportError::Draw(format!("cannot add the manifest to a PNG: {e}")))?;
    }
    out.extend_from_slice(&png[IHDR_END..]);
    Ok(out)
}
