//! Reading input files as text: the one reader of every input (scenario,
//! network, observations, shard files), with the limits that keep hostile
//! input from hanging or exhausting the program, and errors that name the
//! file (and, for text that is not UTF-8, the line and column).

/// Largest input file read, in bytes (16 MiB): far above any real network,
/// scenario or shard file, and small enough to hold in memory.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Why an input file cannot be read as text. The message names the file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Not a regular file: a directory, FIFO, device or socket (reading
    /// `/dev/zero` or a FIFO would never end).
    #[error("{path}: cannot read: not a regular file ({kind})")]
    NotRegular {
        /// The path as given.
        path: String,
        /// What it is instead (`a directory`, `a FIFO`, …).
        kind: &'static str,
    },
    /// Larger than [`MAX_INPUT_BYTES`].
    #[error("{path}: cannot read: larger than the {} MiB limit for input files", MAX_INPUT_BYTES >> 20)]
    TooLarge {
        /// The path as given.
        path: String,
    },
    /// Not UTF-8: where the first bad byte is.
    #[error("{path}:{line}:{col}: not UTF-8 text (byte 0x{byte:02x})")]
    NotUtf8 {
        /// The path as given.
        path: String,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        col: usize,
        /// The byte.
        byte: u8,
    },
    /// The file system refused (missing file, permissions, …).
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

impl InputError {
    /// Whether the message points inside the file (`file:line:col:`).
    pub fn is_located(&self) -> bool {
        matches!(self, InputError::NotUtf8 { .. })
    }

    /// What is wrong, without the path (`not a regular file (a FIFO)`).
    pub fn reason(&self) -> String {
        let full = self.to_string();
        match self {
            InputError::NotRegular { path, .. }
            | InputError::TooLarge { path }
            | InputError::Io { path, .. } => full
                .strip_prefix(&format!("{path}: cannot read: "))
                .map_or(full.clone(), str::to_string),
            InputError::NotUtf8 { .. } => full,
        }
    }
}

/// Reads an input file as text: the one reader of every input (scenario,
/// network, observations, shard files). Refuses what is not a regular file
/// before opening it (a FIFO would block, `/dev/zero` never ends), files
/// over [`MAX_INPUT_BYTES`], and text that is not UTF-8 (saying where).
pub fn read_input(path: &std::path::Path) -> Result<String, InputError> {
    use std::io::Read as _;
    let shown = path.display().to_string();
    let io = |source| InputError::Io {
        path: shown.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular {
            path: shown,
            kind: file_kind(&meta.file_type()),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { path: shown });
    }
    text_of(&shown, bytes)
}

/// The bytes as text, or where the first byte that is not UTF-8 is.
pub fn text_of(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = std::str::from_utf8(&bytes[..good]).expect("valid up to here");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        InputError::NotUtf8 {
            path: path.to_string(),
            line: before.matches('\n').count() + 1,
            col: before[line_start..].chars().count() + 1,
            byte: bytes[good],
        }
    })
}

fn file_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}
