//! The Bencher Metric Format (`--export-bmf FILE`): one benchmark per
//! variant (`group/name`, `@arg` for a parameterized input) with the
//! measures `latency` (nanoseconds per call: the median with its 95%
//! interval as `lower_value`/`upper_value`), `allocations`, `bytes` and
//! `peak-bytes`, and `instructions` (per call, exact: the range of the
//! counted calls as its bounds) when they were counted, and `throughput`
//! (bytes or elements per second at the latency, its bounds from the
//! latency's) for a variant with `bytes = f` or `elements = f`. History then lives in Bencher, not in a store of ours.
//! With `--against`, `time-vs-base`: this build's time over the base
//! build's, paired process against process (below 1: faster), with its
//! interval.

use serde_json::{Map, Value, json};

use crate::results::{RunResults, TimeBasis};

/// The run as a BMF JSON object.
pub(crate) fn render(results: &RunResults) -> Value {
    let mut benches = Map::new();
    let changes = results.changes();
    for g in &results.groups {
        for v in &g.variants {
            let key = g.key(v);
            let mut measures = Map::new();
            if let Some(t) = &v.time {
                let e = &t.per_call_ns;
                measures.insert(
                    "latency".into(),
                    json!({"value": e.point, "lower_value": e.lo, "upper_value": e.hi}),
                );
            }
            if let Some(e) = v.throughput.as_ref().and_then(|t| t.per_second.as_ref()) {
                measures.insert(
                    "throughput".into(),
                    json!({"value": e.point, "lower_value": e.lo, "upper_value": e.hi}),
                );
            }
            if let Some(h) = &v.heap {
                measures.insert("allocations".into(), json!({"value": h.allocations}));
                measures.insert("bytes".into(), json!({"value": h.bytes}));
                measures.insert("peak-bytes".into(), json!({"value": h.peak_bytes}));
            }
            if let Some(i) = &v.instructions {
                measures.insert(
                    "instructions".into(),
                    json!({"value": i.per_call, "lower_value": i.lo(), "upper_value": i.hi()}),
                );
            }
            let against = changes
                .get(&key)
                .and_then(|c| c.time)
                .filter(|t| t.basis == TimeBasis::AgainstBuild);
            if let Some(t) = against {
                let e = &t.ratio;
                measures.insert(
                    "time-vs-base".into(),
                    json!({"value": e.point, "lower_value": e.lo, "upper_value": e.hi}),
                );
            }
            if measures.is_empty() {
                continue;
            }
            benches.insert(key.bmf_name(), Value::Object(measures));
        }
    }
    Value::Object(benches)
}

#[cfg(test)]
mod tests {
    use crate::results::fixtures::{est, group, run_of, variant};
    use crate::results::{InputKey, Role, Throughput, ThroughputUnit, TimeFigures};

    #[test]
    fn a_counted_variant_has_a_throughput_measure_under_its_typed_name() {
        let mut v = variant("scan", Role::Before, Vec::new());
        let time = est(1e6, 0.8e6, 1.25e6);
        v.throughput = Some(Throughput::at(ThroughputUnit::Bytes, 1 << 20, Some(&time)));
        v.time = Some(TimeFigures {
            per_call_ns: time,
            samples: Vec::new(),
            from_pairs: false,
        });
        let mut g = group("lines", vec![v, variant("plain", Role::After, Vec::new())]);
        g.arg = Some(InputKey::new("u64 × 1_000"));
        g.ty = Some("u64".into());
        let bmf = super::render(&run_of(vec![g]));
        let scan = &bmf["lines/scan@u64 × 1_000"];
        assert_eq!(scan["throughput"]["value"], 1048576000.0);
        assert_eq!(scan["throughput"]["lower_value"], 838860800.0);
        assert_eq!(scan["throughput"]["upper_value"], 1310720000.0);
        assert_eq!(scan["latency"]["value"], 1e6);
        assert!(bmf["lines/plain@u64 × 1_000"].get("throughput").is_none());
    }
}
