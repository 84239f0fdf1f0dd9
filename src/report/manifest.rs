//! The manifest in every output: each report folder carries
//! `manifest.json` beside its CSV files (a sidecar, so the CSVs stay plain
//! tables that any reader opens), and every PNG carries the same facts in
//! iTXt chunks: the program, the command that reproduces it, and the
//! SHA-256 of every input file. A chart that travels alone into a slide
//! deck still says where it came from (`exiftool chart.png`, or any PNG
//! reader's text chunks).

use png::text_metadata::{EncodableTextChunk as _, ITXtChunk};

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use super::error::ReportError;
use crate::montecarlo::Manifest;
use crate::scenario::InputFile;

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

/// PNG text chunks: (keyword, text).
pub type Chunks = Vec<(&'static str, String)>;

/// What an output folder is stamped with: the text chunks of its PNGs and
/// its `manifest.json`.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// The PNGs' iTXt chunks.
    pub chunks: Chunks,
    /// The sidecar's content.
    pub json: Vec<u8>,
}

/// The manifest of an output that is not a simulation run (a comparison,
/// a validation): the program, the command and its input files.
#[derive(Debug, Clone, Serialize)]
pub struct Plain {
    /// Program name and version.
    pub program: String,
    /// The command that reproduces the output.
    pub command: String,
    /// Every input file read, with its SHA-256.
    pub inputs: Vec<InputFile>,
}

impl Plain {
    /// The manifest of `command` over files read as `(path, content)`.
    pub fn new(command: String, inputs: &[(String, &[u8])]) -> Plain {
        let hashed = inputs
            .iter()
            .map(|(path, bytes)| InputFile {
                path: path.clone(),
                sha256: format!("{:x}", Sha256::digest(bytes)),
            })
            .collect();
        Plain::hashed(command, hashed)
    }

    /// The manifest of `command` over files already hashed.
    pub fn hashed(command: String, inputs: Vec<InputFile>) -> Plain {
        Plain {
            program: format!("corridor {}", env!("CARGO_PKG_VERSION")),
            command,
            inputs,
        }
    }
}

impl Stamp {
    /// The stamp of a simulation run (or a sweep, tornado or break-even).
    pub fn of(m: &Manifest) -> Result<Stamp, ReportError> {
        stamp(m, &m.program, &m.command, &m.inputs)
    }

    /// The stamp of another output.
    pub fn plain(m: &Plain) -> Result<Stamp, ReportError> {
        stamp(m, &m.program, &m.command, &m.inputs)
    }
}

fn stamp<T: Serialize>(
    m: &T,
    program: &str,
    command: &str,
    inputs: &[InputFile],
) -> Result<Stamp, ReportError> {
    let inputs = inputs
        .iter()
        .map(|i| format!("{}  {}", i.sha256, i.path))
        .collect::<Vec<_>>()
        .join("\n");
    let chunks = vec![
        (KEY_SOFTWARE, program.to_string()),
        (KEY_COMMAND, command.to_string()),
        (KEY_INPUTS, inputs),
        (KEY_MANIFEST, serde_json::to_string(m)?),
    ];
    let mut json = serde_json::to_string_pretty(m)?;
    json.push('\n');
    Ok(Stamp {
        chunks,
        json: json.into_bytes(),
    })
}

/// `png` with the `chunks` inserted as iTXt chunks right after its
/// `IHDR` chunk, before the image data, where a reader finds them
/// without decoding the image (the PNG specification lets text chunks go
/// anywhere between `IHDR` and `IEND`; the image data is untouched).
pub fn stamp_png(png: &[u8], chunks: &[(&str, String)]) -> Result<Vec<u8>, ReportError> {
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
