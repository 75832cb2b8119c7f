//! `torch.save`'s analog: what the storage backend calls to write a
//! checkpoint.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use serde_pickle::{HashableValue, SerOptions, Value};

/// `torch.save(data, path, pickle_protocol=..., _use_new_zipfile_serialization=...)`
/// analog: pickles `data` into the file (serde-pickle writes protocol 3, the
/// highest it has; `pickle_protocol` is taken for the signature). The legacy
/// (non-zipfile) format is preceded, as in torch, by a small header pickle.
/// Returns the file's length.
pub fn torch_save(
    data: &Value,
    path: &Path,
    pickle_protocol: u8,
    use_new_zipfile_serialization: bool,
) -> Result<u64, serde_pickle::Error> {
    let _ = pickle_protocol;
    let mut w = BufWriter::new(File::create(path)?);
    if !use_new_zipfile_serialization {
        let mut header = BTreeMap::new();
        header.insert(
            HashableValue::String("protocol_version".into()),
            Value::I64(1001),
        );
        header.insert(
            HashableValue::String("little_endian".into()),
            Value::Bool(true),
        );
        serde_pickle::value_to_writer(&mut w, &Value::Dict(header), SerOptions::new())?;
    }
    serde_pickle::value_to_writer(&mut w, data, SerOptions::new())?;
    let f = w.into_inner().map_err(|e| e.into_error())?;
    Ok(f.metadata()?.len())
}
