//! The role a variant plays in its group: part of what the attribute
//! registers, so it lives with the registry (in every build, the runner's
//! or not); `results` serializes it.

use std::borrow::Cow;
use std::fmt;

/// The role a variant plays in its group.
///
/// Registered in `static`s by generated code (hence the `Cow`), and
/// serialized as `"before"`, `"after"` or `{"other": "name"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "runner", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "runner", serde(rename_all = "snake_case"))]
pub enum Role {
    /// The baseline every other variant is compared with. Exactly one per group.
    Before,
    /// The optimized version.
    After,
    /// A further alternative, named by the string (`variant = "heap"`).
    Other(Cow<'static, str>),
}

impl Role {
    /// A short label for tables: `before`, `after`, or the variant's own name.
    ///
    /// ```
    /// use optbench::__private::Role;
    /// assert_eq!(Role::Other("heap".into()).label(), "heap");
    /// assert_eq!(Role::Before.label(), "before");
    /// ```
    pub fn label(&self) -> &str {
        match self {
            Role::Before => "before",
            Role::After => "after",
            Role::Other(name) => name,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
