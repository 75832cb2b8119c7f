//! The registry: every variant `#[optimize_bench]` registered in this binary,
//! grouped, and the whole-program checks that only the full list can make.
//!
//! [`Registry::collect`] gathers the variants in a deterministic order (group,
//! then role, then name) and [`Registry::validate`] finds the mistakes no
//! single attribute can see: two `before`s in a group, a group without
//! `before`, variants of one group with different `args` or `types`, and
//! duplicate names.

#[cfg(feature = "runner")]
mod program;
mod role;
mod subject;
mod variant;

#[cfg(feature = "runner")]
pub use subject::Instance;
pub use subject::{ErasedSubject, Opaque, OutputOps, OutputProbe, PerType, Subject, ViaPartialEq};
pub use variant::{Counter, Location, NotMeasurable, Source, Variant};

#[cfg(feature = "runner")]
pub use program::{Group, Registry, RegistryError};
pub use role::Role;
