//! Prints every sheet of a workbook as JSON, `{"Tổng hợp": [[cell, …], …], …}`
//! in sheet order: numbers as JSON numbers, text as strings, dates as ISO
//! strings (`2023-06-30`), blank cells as null. Read with calamine, not with
//! the writer, so that the end-to-end test compares what the collector page
//! exports with what `pdti aggregate --format xlsx` writes, cell by cell.
//!
//! ```text
//! cargo run --example xlsx_cells -- tong-hop.xlsx
//! ```

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use serde_json::{Map, Value};

    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("xlsx_cells: cần tên tệp .xlsx (usage: xlsx_cells FILE.xlsx)");
        std::process::exit(2);
    };
    let mut book: Xlsx<_> = match open_workbook(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("xlsx_cells: {}: {e}", path.to_string_lossy());
            std::process::exit(2);
        }
    };
    let mut sheets = Map::new();
    for (name, range) in book.worksheets() {
        let rows = range
            .rows()
            .map(|row| {
                Value::Array(
                    row.iter()
                        .map(|cell| match cell {
                            Data::Empty => Value::Null,
                            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Value::from(s.as_str()),
                            Data::Int(n) => Value::from(*n),
                            Data::Float(x) => Value::from(*x),
                            Data::Bool(b) => Value::from(*b),
                            Data::DateTime(d) => Value::from(iso_date(d.as_f64())),
                            Data::Error(e) => Value::from(e.to_string()),
                        })
                        .collect(),
                )
            })
            .collect();
        sheets.insert(name, Value::Array(rows));
    }
    println!("{}", Value::Object(sheets));
}

/// An Excel date serial (1900 system) as an ISO date.
#[cfg(not(target_arch = "wasm32"))]
fn iso_date(serial: f64) -> String {
    // Day 0 is 1899-12-30 for every serial after Excel's phantom 1900-02-29.
    let days = serial.floor() as i64 - 25_569; // days since 1970-01-01
                                               // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(target_arch = "wasm32")]
fn main() {}
