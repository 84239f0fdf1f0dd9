//! `corridors.csv`: one row per corridor (and the free choice), the
//! statistics as columns. One [`Row`] struct is the layout: its fields, in
//! order, are the columns.

use serde::Serialize;

use super::error::ReportError;
use crate::cost::CostPart;
use crate::montecarlo::summary::{CorridorSummary, MetricSummary, Probability, Summary};

/// A number written as Rust's `Display` writes it (`0.5`, `12`, `1e-7`),
/// which the file has always used; the csv crate's own float format
/// differs (`12.0`, `1e-7` vs `0.0000001`).
#[derive(Debug, Clone, Copy, Default)]
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A probability's point estimate, or an empty cell.
fn p(x: Option<&Probability>) -> Option<Num> {
    x.map(|x| Num(x.p))
}

/// One row of `corridors.csv`; the field names are the column names.
#[derive(Debug, Default, Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    reached: Num,
    days_mean: Num,
    days_sd: Num,
    days_p5: Num,
    days_p10: Num,
    days_p50: Num,
    days_p90: Num,
    days_p95: Num,
    days_p99: Num,
    days_cvar95: Num,
    usd_mean: Num,
    usd_sd: Num,
    usd_p5: Num,
    usd_p10: Num,
    usd_p50: Num,
    usd_p90: Num,
    usd_p95: Num,
    usd_p99: Num,
    usd_cvar95: Num,
    gc_mean: Num,
    gc_p50: Num,
    gc_p90: Num,
    gc_cvar95: Num,
    p_on_time: Option<Num>,
    p_loss: Num,
    p_waited: Num,
    p_detoured: Num,
    p_cheapest: Option<Num>,
    p_fastest: Option<Num>,
    p_lowest_gc: Option<Num>,
    free_choice_share: Option<Num>,
    /// Mean USD by cost part: `usd_` + [`CostPart::key`], in
    /// [`CostPart`] order (a unit test holds the names to the enum).
    usd_line_haul: Num,
    usd_borders: Num,
    usd_transfers_ports: Num,
    usd_risk_events: Num,
    usd_holding: Num,
    planned_km: Option<Num>,
    planned_expected_gc: Option<Num>,
}

/// The nine statistics of a metric, in column order: mean, sd, P5, P10,
/// P50, P90, P95, P99, CVaR95.
fn stats(m: &MetricSummary) -> [Num; 9] {
    [
        m.mean, m.sd, m.p5, m.p10, m.p50, m.p90, m.p95, m.p99, m.cvar95,
    ]
    .map(Num)
}

impl<'a> Row<'a> {
    fn new(c: &'a CorridorSummary, share: Option<&Probability>) -> Row<'a> {
        let [
            days_mean,
            days_sd,
            days_p5,
            days_p10,
            days_p50,
            days_p90,
            days_p95,
            days_p99,
            days_cvar95,
        ] = stats(&c.days);
        let [
            usd_mean,
            usd_sd,
            usd_p5,
            usd_p10,
            usd_p50,
            usd_p90,
            usd_p95,
            usd_p99,
            usd_cvar95,
        ] = stats(&c.usd);
        let part = |part| Num(c.part_usd(part));
        let gc = &c.generalized_cost;
        Row {
            id: &c.id,
            name: &c.name,
            group: &c.group,
            reached: Num(c.reached.p),
            days_mean,
            days_sd,
            days_p5,
            days_p10,
            days_p50,
            days_p90,
            days_p95,
            days_p99,
            days_cvar95,
            usd_mean,
            usd_sd,
            usd_p5,
            usd_p10,
            usd_p50,
            usd_p90,
            usd_p95,
            usd_p99,
            usd_cvar95,
            gc_mean: Num(gc.mean),
            gc_p50: Num(gc.p50),
            gc_p90: Num(gc.p90),
            gc_cvar95: Num(gc.cvar95),
            p_on_time: p(c.on_time.as_ref()),
            p_loss: Num(c.loss.p),
            p_waited: Num(c.waited_out_closure.p),
            p_detoured: Num(c.detoured.p),
            p_cheapest: p(c.cheapest.as_ref()),
            p_fastest: p(c.fastest.as_ref()),
            p_lowest_gc: p(c.lowest_generalized_cost.as_ref()),
            free_choice_share: p(share),
            usd_line_haul: part(CostPart::LineHaul),
            usd_borders: part(CostPart::Borders),
            usd_transfers_ports: part(CostPart::TransfersPorts),
            usd_risk_events: part(CostPart::RiskEvents),
            usd_holding: part(CostPart::Holding),
            planned_km: c.planned.as_ref().map(|p| Num(p.km)),
            planned_expected_gc: c.planned.as_ref().map(|p| Num(p.expected_generalized_cost)),
        }
    }
}

/// Writes `rows` as CSV with a header line.
fn write<'a>(rows: impl IntoIterator<Item = Row<'a>>) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        w.serialize(row)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}

/// `corridors.csv`: one row per corridor, then the free choice.
pub fn corridors_csv(s: &Summary) -> Result<Vec<u8>, ReportError> {
    write(
        s.corridors
            .iter()
            .map(|c| Row::new(c, s.free_choice_shares.get(&c.id)))
            .chain([Row::new(&s.free_choice, None)]),
    )
}

/// How `corridors.csv` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// Plain CSV (RFC 4180, UTF-8, numbers in full precision): what
    /// scripts and the tests read. The default.
    #[default]
    Plain,
    /// For spreadsheets ([`excel`]): a UTF-8 byte-order mark, a first line
    /// `sep=,` and rounded numbers.
    Excel,
}

/// The text columns of `corridors.csv`; every other column is a number.
const TEXT_COLUMNS: [&str; 3] = ["id", "name", "group"];

/// Decimals kept in the Excel dialect: 4 for probabilities and shares
/// (a hundredth of a percent), 2 for days, USD and km.
fn decimals(column: &str) -> usize {
    if column.starts_with("p_") || column == "reached" || column == "free_choice_share" {
        4
    } else {
        2
    }
}

/// The Excel dialect of a plain `corridors.csv`: the same columns and
/// rows, preceded by a UTF-8 byte-order mark (so Excel reads the names as
/// UTF-8, not the system code page) and a line `sep=,` (so Excel splits on
/// commas whatever the locale's list separator), with numbers rounded.
/// The decimal point stays `.`; the file is for reading, not for scripts.
pub fn excel(plain: &[u8]) -> Result<Vec<u8>, ReportError> {
    let mut reader = csv::Reader::from_reader(plain);
    let header = reader.headers()?.clone();
    let mut out = "\u{feff}sep=,\n".as_bytes().to_vec();
    let mut w = csv::Writer::from_writer(&mut out);
    w.write_record(&header)?;
    for record in reader.records() {
        let record = record?;
        let cells =
            record
                .iter()
                .zip(header.iter())
                .map(|(cell, column)| match cell.parse::<f64>() {
                    Ok(x) if !TEXT_COLUMNS.contains(&column) => {
                        format!("{x:.*}", decimals(column))
                    }
                    _ => cell.to_string(),
                });
        w.write_record(cells)?;
    }
    w.flush().map_err(csv::Error::from)?;
    drop(w);
    Ok(out)
}

/// The column names of `corridors.csv`, in order.
pub fn columns() -> Vec<String> {
    let bytes = write([Row::default()]).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let header = text.lines().next().unwrap_or_default();
    header.split(',').map(String::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator as _;

    #[test]
    fn excel_dialect_rounds_numbers_and_keeps_text() {
        let plain = b"id,name,group,reached,usd_mean,p_loss\nw,\"Western, road\",southern,0.98765,1234.5678,0.000123\n";
        let out = String::from_utf8(excel(plain).unwrap()).unwrap();
        assert_eq!(
            out,
            "\u{feff}sep=,\nid,name,group,reached,usd_mean,p_loss\nw,\"Western, road\",southern,0.9877,1234.57,0.0001\n"
        );
    }

    #[test]
    fn part_columns_follow_the_cost_parts() {
        let columns = columns();
        let at = columns.iter().position(|c| c == "usd_line_haul").unwrap();
        let want: Vec<String> = CostPart::iter()
            .map(|p| format!("usd_{}", p.key()))
            .collect();
        assert_eq!(columns[at..at + want.len()], want[..]);
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        let bytes = write([Row {
            reached: Num(1.0),
            days_mean: Num(0.1 + 0.2),
            days_sd: Num(1e-7),
            days_p5: Num(1e21),
            id: "a,\"b\"",
            ..Row::default()
        }])
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert!(
            row.starts_with(&format!(
                "\"a,\"\"b\"\"\",,,1,{},{},{},",
                0.1 + 0.2,
                1e-7,
                1e21
            )),
            "{row}"
        );
        assert!(row.ends_with(",,"), "empty cells stay empty: {row}");
    }
}
