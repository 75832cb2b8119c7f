//! Identity: which variant, on which input. A [`VariantKey`] names one
//! variant of one group on one input everywhere a run refers to it (the
//! passes, the worker protocol, the verdicts, the baseline comparison, the
//! gate's findings, the outputs), with one way to show it
//! (`group/name at input`), one way to name its files
//! ([`VariantKey::file_stem`]) and one way to name it in Bencher
//! ([`VariantKey::bmf_name`]).
//!
//! An input is named by its `args` value as written ([`InputKey`]), and two
//! spellings of one value are the same input: `1_000`, `1,000` and `1000`
//! match, across runs and across builds.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

/// A variant of a group, without its input: `group/name`, the id that
/// name filters and criterion use.
///
/// ```
/// use optbench::results::VariantId;
/// let id = VariantId::new("checksum", "checksum_64k");
/// assert_eq!(id.to_string(), "checksum/checksum_64k");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VariantId {
    /// The group (`group = "..."`).
    pub group: String,
    /// The function's name.
    pub name: String,
}

impl VariantId {
    /// The id of `name` in `group`.
    pub fn new(group: impl Into<String>, name: impl Into<String>) -> Self {
        VariantId {
            group: group.into(),
            name: name.into(),
        }
    }

    /// The same variant on `input` (`None`: a group without `args`).
    pub fn at(self, input: Option<InputKey>) -> VariantKey {
        VariantKey { id: self, input }
    }
}

impl fmt::Display for VariantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.group, self.name)
    }
}

/// One variant on one input: what every stage of a run is keyed by.
///
/// ```
/// use optbench::results::{InputKey, VariantId};
/// let key = VariantId::new("intern", "intern_lasso").at(Some(InputKey::new("10_000")));
/// assert_eq!(key.to_string(), "intern/intern_lasso at 10_000");
/// assert_eq!(key, VariantId::new("intern", "intern_lasso").at(Some(InputKey::new("10000"))));
/// assert_eq!(key.bmf_name(), "intern/intern_lasso@10_000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VariantKey {
    /// `group/name`.
    #[serde(flatten)]
    pub id: VariantId,
    /// The input's `args` value; `None` when the group is not
    /// parameterized.
    pub input: Option<InputKey>,
}

impl VariantKey {
    /// The group.
    pub fn group(&self) -> &str {
        &self.id.group
    }

    /// The variant's function name.
    pub fn name(&self) -> &str {
        &self.id.name
    }

    /// The benchmark's name in the Bencher Metric Format: `group/name`, and
    /// `@input` for a parameterized group (unchanged since BMF export began,
    /// so a Bencher history continues).
    pub fn bmf_name(&self) -> String {
        match &self.input {
            Some(a) => format!("{}@{a}", self.id),
            None => self.id.to_string(),
        }
    }

    /// A file name for the variant's files (dhat profiles): a readable part
    /// (`group_name-input`, at most 96 characters of ASCII letters, digits,
    /// `-`, `_` and `.`) and a hash of the exact key, since the readable part
    /// maps several keys to one name.
    ///
    /// ```
    /// use optbench::results::{InputKey, VariantId};
    /// let a = VariantId::new("g", "f").at(Some(InputKey::new("1 << 4")));
    /// let b = VariantId::new("g", "f").at(Some(InputKey::new("1 < 4")));
    /// assert!(a.file_stem().starts_with("g_f-1____4-"));
    /// assert_ne!(a.file_stem(), b.file_stem());
    /// ```
    pub fn file_stem(&self) -> String {
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        let readable: String = match &self.input {
            Some(a) => format!("{}-{}", safe(&self.id.to_string()), safe(a.as_written())),
            None => safe(&self.id.to_string()),
        }
        .chars()
        .take(96)
        .collect();
        let exact = format!(
            "{}\0{}\0{}",
            self.id.group,
            self.id.name,
            self.input.as_ref().map_or("\0", InputKey::as_written)
        );
        format!("{readable}-{:012x}", fnv1a(&exact) >> 16)
    }
}

/// `group/name`, then ` at input` for a parameterized group.
impl fmt::Display for VariantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.input {
            Some(a) => write!(f, "{} at {a}", self.id),
            None => write!(f, "{}", self.id),
        }
    }
}

/// An input of a parameterized group: its `args` value as written
/// (`10_000`, `SYNCHRONOUS_OFF`, `1 << 20`). Shown as written; compared,
/// hashed and ordered by its normalized form (no spaces, `_` or `,`), so two
/// spellings of one number are one input.
///
/// ```
/// use optbench::results::InputKey;
/// assert_eq!(InputKey::new("1_000"), InputKey::new("1000"));
/// assert_eq!(InputKey::new("1_000").to_string(), "1_000");
/// assert_ne!(InputKey::new("1000"), InputKey::new("100"));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InputKey(String);

impl InputKey {
    /// The input built from the `args` value `written`.
    pub fn new(written: impl Into<String>) -> Self {
        InputKey(written.into())
    }

    /// The value as written in `args`.
    pub fn as_written(&self) -> &str {
        &self.0
    }

    /// The form inputs are compared by (the form claims' `at` uses).
    pub fn normalized(&self) -> String {
        optbench_claim::normalize_arg(&self.0)
    }
}

impl PartialEq for InputKey {
    fn eq(&self, other: &Self) -> bool {
        self.normalized() == other.normalized()
    }
}

impl Eq for InputKey {}

impl Hash for InputKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.normalized().hash(state);
    }
}

impl PartialOrd for InputKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InputKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.normalized().cmp(&other.normalized())
    }
}

impl fmt::Display for InputKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// FNV-1a, 64 bits: a stable hash for file names (std's hasher is seeded
/// per process).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_display_one_file_name_one_bmf_name() {
        let plain = VariantId::new("hash", "hash_bytes").at(None);
        assert_eq!(plain.to_string(), "hash/hash_bytes");
        assert_eq!(plain.bmf_name(), "hash/hash_bytes");
        assert!(plain.file_stem().starts_with("hash_hash_bytes-"));
        let at = VariantId::new("db", "batched").at(Some(InputKey::new("SYNCHRONOUS_OFF")));
        assert_eq!(at.to_string(), "db/batched at SYNCHRONOUS_OFF");
        assert_eq!(at.bmf_name(), "db/batched@SYNCHRONOUS_OFF");
    }

    #[test]
    fn spellings_of_one_input_are_one_key() {
        use std::collections::HashMap;
        let key = |a: &str| VariantId::new("g", "f").at(Some(InputKey::new(a)));
        let mut m = HashMap::new();
        m.insert(key("10_000"), 1);
        assert_eq!(m.get(&key("10000")), Some(&1));
        assert_eq!(m.get(&key("10,000")), Some(&1));
        assert_eq!(m.get(&key("1000")), None);
        // Shown as written, whichever spelling it was.
        assert_eq!(key("10_000").to_string(), "g/f at 10_000");
        // The file name tells spellings apart (it names this run's file).
        assert_ne!(key("10_000").file_stem(), key("10000").file_stem());
    }

    #[test]
    fn keys_serialize_flat() {
        let k = VariantId::new("g", "f").at(Some(InputKey::new("1_000")));
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, r#"{"group":"g","name":"f","input":"1_000"}"#);
        assert_eq!(serde_json::from_str::<VariantKey>(&json).unwrap(), k);
    }
}
