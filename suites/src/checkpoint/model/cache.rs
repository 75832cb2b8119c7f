//! The checkpoint cache: metadata stored and looked up under a key built on
//! each call, formatted (`f"metadata:{id}"`) before and from a precomputed
//! prefix after.

use std::collections::HashMap;

/// A checkpoint's cached metadata: the cache's values.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointMeta {
    /// Training epoch of the checkpoint.
    pub epoch: u32,
    /// Training step of the checkpoint.
    pub step: u64,
    /// Loss recorded with the checkpoint.
    pub loss: f64,
}

/// The checkpoint cache, as both key schemes see it.
///
/// The report's cache stores metadata under `f"metadata:{id}"` before and
/// under `self._metadata_prefix + id` with `_metadata_prefix = "m:"` after;
/// `set` and `get` use the same scheme, so each scheme has its own map with
/// the same entries. The ids are UUID strings (`str(uuid.uuid4())`-like);
/// three in four of the looked-up ids are cached.
#[derive(Debug)]
pub struct MetadataCache {
    /// Entries keyed `metadata:{id}` (the before's scheme).
    pub(crate) by_formatted_key: HashMap<String, CheckpointMeta>,
    /// Entries keyed `m:{id}` (the after's scheme).
    pub(crate) by_prefixed_key: HashMap<String, CheckpointMeta>,
    /// The precomputed prefix (`self._metadata_prefix = "m:"`).
    pub(crate) metadata_prefix: String,
    /// The ids looked up in one call.
    pub(crate) ids: Vec<String>,
}

impl MetadataCache {
    /// Before: `self.cache.get(f"metadata:{id}")`, the key formatted on each
    /// call.
    pub fn get_metadata_formatted(&self, id: &str) -> Option<&CheckpointMeta> {
        self.by_formatted_key.get(&format!("metadata:{id}"))
    }

    /// After: `self.cache.get(self._metadata_prefix + id)`, one concatenation
    /// of the precomputed prefix (a string of the exact length, as Python's
    /// `str + str`).
    pub fn get_metadata_prefixed(&self, id: &str) -> Option<&CheckpointMeta> {
        self.by_prefixed_key
            .get(&[self.metadata_prefix.as_str(), id].concat())
    }
}
