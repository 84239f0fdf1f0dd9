//! Everything the user reads: tables, JSON, CSV, the Markdown briefing and
//! PNG charts, written atomically. The only module that knows plotters.

pub mod briefing;
pub mod charts;
pub mod data;
pub mod files;
pub mod routes;
pub mod sensitivity;
pub mod write;
