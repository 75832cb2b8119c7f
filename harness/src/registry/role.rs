//! The role a variant plays in its group: part of what the attribute
//! registers, so it lives with the registry (in every build, the runner's
//! or not). The results record it as their own `results::Role`, so the
//! schema does not change with the registry.

use std::borrow::Cow;
use std::fmt;

/// The role a variant plays in its group.
///
/// Registered in `static`s by generated code (hence the `Cow`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The role as the results record it.
#[cfg(feature = "runner")]
impl From<&Role> for crate::results::Role {
    fn from(r: &Role) -> Self {
        match r {
            Role::Before => crate::results::Role::Before,
            Role::After => crate::results::Role::After,
            Role::Other(name) => crate::results::Role::Other(name.to_string()),
        }
    }
}
