//! Where another run here would measure, shown beside the interval in the
//! markdown cell and the terminal table, and only when history gave it.

use super::super::table;
use super::{candidate_row, paired_at_1_09, results};
use crate::results::*;

#[test]
fn where_another_run_would_measure_is_shown_beside_the_interval() {
    let mut r = results();
    let between = BetweenRuns {
        runs: 2,
        other_code: 0,
        var: 0.0001,
        raw: 0.0002,
        df: 5.0,
        lo: Some(1.08),
        hi: Some(1.1),
        next: Some((1.07, 1.11)),
    };
    paired_at_1_09(&mut r, None, Some(between));
    let row = candidate_row(&r);
    assert!(
        row.ends_with("| 1.09x [1.08x, 1.10x] another run here: 1.07x–1.11x |"),
        "{row}"
    );
    let text = table::render(&r);
    assert!(text.contains("next run 1.07–1.11x"), "{text}");
    // Without history there is no such range.
    r.groups[0].variants[1].paired.as_mut().unwrap().between = None;
    assert!(!table::render(&r).contains("next run"));
}
