//! Everything the user reads: terminal tables, JSON, CSV, the Markdown
//! briefing and PNG charts, written as whole folders that replace the
//! previous report atomically. The core modules return data; this is the only module that formats it, and the only one that
//! knows plotters, comfy-table and the csv crate.

pub mod breakeven;
pub mod briefing;
pub mod charts;
pub mod colours;
pub mod compare;
pub mod compare_out;
pub mod corridors_csv;
pub mod data;
pub mod error;
mod failpoint;
pub mod files;
mod folder;
pub mod format;
pub mod geo;
mod lock;
pub mod manifest;
mod recover;
pub mod routes;
pub mod sensitivity;
pub mod table;
pub mod temps;
pub mod validation;
pub mod write;

pub use error::ReportError;
