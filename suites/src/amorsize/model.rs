//! amorsize's `check_data_picklability_with_measurements` before and after
//! Iteration 57: the same pickling and timing, the measurement keeping the
//! pickled bytes or not.

use std::time::Instant;

use serde_pickle::{SerOptions, Value};

/// `pickle.dumps(item)`: the item pickled into a growing buffer, returned as
/// a buffer of the exact length (CPython resizes its output to an exact-size
/// `bytes` object). serde-pickle writes protocol 3.
pub fn pickle_dumps(item: &Value) -> Result<Vec<u8>, serde_pickle::Error> {
    let mut pickled = serde_pickle::value_to_vec(item, SerOptions::new())?;
    pickled.shrink_to_fit();
    Ok(pickled)
}

/// Iteration 56's measurements: `List[Tuple[bytes, float, int]]`.
pub type MeasurementsWithBytes = Vec<(Vec<u8>, f64, usize)>;

/// Iteration 57's measurements: `List[Tuple[float, int]]`.
pub type Measurements = Vec<(f64, usize)>;

/// What `check_data_picklability_with_measurements` returns: `(all
/// picklable, index of the first unpicklable item, its error, measurements)`.
#[derive(Debug)]
pub struct PicklabilityCheck<M> {
    /// Whether every item pickled.
    pub all_picklable: bool,
    /// The first item that did not pickle.
    pub unpicklable_index: Option<usize>,
    /// Its error.
    pub error: Option<serde_pickle::Error>,
    /// One measurement per item (empty if one failed).
    pub measurements: Vec<M>,
}

/// Before (Iteration 56): each item pickled and timed, the measurement
/// appended as `(pickled_data, pickle_time, data_size)`: the pickled bytes
/// stay alive in the list.
pub fn check_data_picklability_with_measurements_v56(
    data_items: &[Value],
) -> PicklabilityCheck<(Vec<u8>, f64, usize)> {
    let mut measurements: MeasurementsWithBytes = Vec::new();
    for (idx, item) in data_items.iter().enumerate() {
        let start = Instant::now();
        match pickle_dumps(item) {
            Ok(pickled_data) => {
                let pickle_time = start.elapsed().as_secs_f64();
                let data_size = pickled_data.len();
                measurements.push((pickled_data, pickle_time, data_size));
            }
            Err(e) => {
                return PicklabilityCheck {
                    all_picklable: false,
                    unpicklable_index: Some(idx),
                    error: Some(e),
                    measurements: Vec::new(),
                };
            }
        }
    }
    PicklabilityCheck {
        all_picklable: true,
        unpicklable_index: None,
        error: None,
        measurements,
    }
}

/// After (Iteration 57): the same, the measurement appended as
/// `(pickle_time, data_size)`: each pickled buffer is freed once measured.
pub fn check_data_picklability_with_measurements(
    data_items: &[Value],
) -> PicklabilityCheck<(f64, usize)> {
    let mut measurements: Measurements = Vec::new();
    for (idx, item) in data_items.iter().enumerate() {
        let start = Instant::now();
        match pickle_dumps(item) {
            Ok(pickled_data) => {
                let pickle_time = start.elapsed().as_secs_f64();
                let data_size = pickled_data.len();
                measurements.push((pickle_time, data_size));
            }
            Err(e) => {
                return PicklabilityCheck {
                    all_picklable: false,
                    unpicklable_index: Some(idx),
                    error: Some(e),
                    measurements: Vec::new(),
                };
            }
        }
    }
    PicklabilityCheck {
        all_picklable: true,
        unpicklable_index: None,
        error: None,
        measurements,
    }
}
