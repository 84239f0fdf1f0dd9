//! Everything the user reads: tables, JSON, and atomically written report
//! files. (Charts arrive with the report issue; this module is the only
//! place that will know plotters.)

pub mod routes;
pub mod write;
