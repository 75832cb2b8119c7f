//! The data items of the report's three worked examples.

use serde_pickle::Value;

/// The item sizes of the report's worked examples, in bytes.
///
/// "Small Integers (5 items, ~30 bytes each pickled)": the report's arithmetic
/// uses only that size, so five 30-byte items stand in for them (a real
/// small integer pickles to 5 bytes, an even smaller case). "Medium Strings (5
/// items, 10KB each pickled)" and "Large Strings (5 items, 1MB each
/// pickled)": 10 KiB and 1 MiB, the report's own 10,240 and 1,048,576.
pub const SMALL_ITEM: usize = 30;
/// The medium strings' size (10 KiB).
pub const MEDIUM_ITEM: usize = 10_240;
/// The large strings' size (1 MiB), the report's verification case.
pub const LARGE_ITEM: usize = 1_048_576;

/// Five data items of `size` bytes each, as the report's verification
/// builds them: `b'x' * size` (`b'x' * (1024 * 1024)` for the large case).
pub fn data_items(size: usize) -> Vec<Value> {
    (0..5).map(|_| Value::Bytes(vec![b'x'; size])).collect()
}
