//! The whole program's variants (the runner's view of the registry):
//! gathered from `inventory`, grouped, and checked for the mistakes no
//! single attribute can see.

use std::collections::BTreeMap;

use super::{Role, Variant};

/// A problem that only the whole program can see.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// Two or more variants of one group are marked `before`.
    #[error("group `{group}` has {} `before` variants, expected exactly one: {}; keep `before` on the baseline and mark the others `after` (or give a variant a group of its own)", .variants.len(), list(.variants))]
    SeveralBefore {
        /// The group.
        group: String,
        /// The `before` variants, `name (file:line:col)`.
        variants: Vec<String>,
    },
    /// A group has variants but none is `before`.
    #[error("group `{group}` has no `before` variant to compare with, expected exactly one (mark the baseline with `before`): {}", list(.variants))]
    MissingBefore {
        /// The group.
        group: String,
        /// Its variants, `name (file:line:col)`.
        variants: Vec<String>,
    },
    /// Variants of one group give different `args`.
    #[error("variants of group `{group}` give different `args`, expected the same list for the whole group: {}; write one list on every variant (a `const` array the attributes name, or the same literals), so that each input is measured for all of them", list(.variants))]
    ArgsMismatch {
        /// The group.
        group: String,
        /// Each variant with its args.
        variants: Vec<String>,
    },
    /// Variants of one group give different `types`.
    #[error("variants of group `{group}` give different `types`, expected the same list for the whole group: {}; each type's instance is compared with `before`'s of the same type, so give every variant the same `types = [...]`", list(.variants))]
    TypesMismatch {
        /// The group.
        group: String,
        /// Each variant with its types.
        variants: Vec<String>,
    },
    /// Two variants have the same `group/name`.
    #[error("`{id}` is registered twice, expected unique function names within a group: {}", list(.locations))]
    Duplicate {
        /// `group/name`.
        id: String,
        /// Where each one is.
        locations: Vec<String>,
    },
}

fn list(items: &[String]) -> String {
    items.join("; ")
}

/// All registered variants, in a deterministic order.
#[derive(Debug)]
pub struct Registry {
    variants: Vec<&'static Variant>,
}

/// A group's variants: `before` first, then `after`, then the others by name.
#[derive(Debug)]
pub struct Group {
    /// The group's name.
    pub name: &'static str,
    /// Its variants, `before` first.
    pub variants: Vec<&'static Variant>,
}

impl Group {
    /// The group's baseline (validation guarantees there is exactly one).
    pub fn before(&self) -> Option<&'static Variant> {
        self.variants
            .iter()
            .copied()
            .find(|v| v.role == Role::Before)
    }

    /// The type of a generic function that input number `index` is for.
    pub fn type_of(&self, index: usize) -> Option<&'static str> {
        let v = self.variants.first()?;
        let per_type = v.args.len().max(1);
        v.types.get(index / per_type).copied()
    }

    /// The group's inputs, in order: each `args` value as written (for a
    /// generic function each type, or each type with each value,
    /// `u64 × 1000`), or a single `None` when the group has one input. The
    /// position in this list is the index the input is built with.
    pub fn inputs(&self) -> Vec<Option<&'static str>> {
        let cases = self.variants.first().map_or(&[][..], |v| v.cases);
        if cases.is_empty() {
            vec![None]
        } else {
            cases.iter().map(|a| Some(*a)).collect()
        }
    }
}

impl Registry {
    /// Every variant that `inventory` collected in this binary.
    pub fn collect() -> Self {
        Self::from_variants(inventory::iter::<Variant>.into_iter().collect())
    }

    /// A registry over the given variants (used by tests).
    pub fn from_variants(mut variants: Vec<&'static Variant>) -> Self {
        variants.sort_by(|a, b| {
            let key =
                |v: &'static Variant| (v.group, &v.role, v.name, v.location.file, v.location.line);
            key(a).cmp(&key(b))
        });
        Registry { variants }
    }

    /// All variants, sorted by group, role, name.
    pub fn variants(&self) -> &[&'static Variant] {
        &self.variants
    }

    /// The variant with `id`, if this binary registered one.
    pub fn find(&self, id: &crate::results::VariantId) -> Option<&'static Variant> {
        self.variants
            .iter()
            .copied()
            .find(|v| v.group == id.group && v.name == id.name)
    }

    /// The variants grouped, groups in name order.
    pub fn groups(&self) -> Vec<Group> {
        let mut map: BTreeMap<&'static str, Vec<&'static Variant>> = BTreeMap::new();
        for v in &self.variants {
            map.entry(v.group).or_default().push(v);
        }
        map.into_iter()
            .map(|(name, variants)| Group { name, variants })
            .collect()
    }

    /// Every whole-program mistake, all of them, in group order.
    pub fn validate(&self) -> Vec<RegistryError> {
        let mut errors = Vec::new();
        let describe = |v: &Variant| format!("{} ({})", v.name, v.location);
        for group in self.groups() {
            let vs = &group.variants;
            let mut seen: BTreeMap<&str, Vec<&Variant>> = BTreeMap::new();
            for v in vs {
                seen.entry(v.name).or_default().push(v);
            }
            for (name, same) in seen.into_iter().filter(|(_, s)| s.len() > 1) {
                errors.push(RegistryError::Duplicate {
                    id: format!("{}/{}", group.name, name),
                    locations: same.iter().map(|v| v.location.to_string()).collect(),
                });
            }
            let befores: Vec<_> = vs.iter().filter(|v| v.role == Role::Before).collect();
            match befores.len() {
                0 => errors.push(RegistryError::MissingBefore {
                    group: group.name.to_owned(),
                    variants: vs.iter().map(|v| describe(v)).collect(),
                }),
                1 => {}
                _ => errors.push(RegistryError::SeveralBefore {
                    group: group.name.to_owned(),
                    variants: befores.iter().map(|v| describe(v)).collect(),
                }),
            }
            let first_types = vs[0].types;
            if vs.iter().any(|v| v.types != first_types) {
                errors.push(RegistryError::TypesMismatch {
                    group: group.name.to_owned(),
                    variants: vs
                        .iter()
                        .map(|v| {
                            format!(
                                "{} types = [{}] ({})",
                                v.name,
                                v.types.join(", "),
                                v.location
                            )
                        })
                        .collect(),
                });
            }
            let first_args = vs[0].args;
            if vs.iter().any(|v| v.args != first_args) {
                errors.push(RegistryError::ArgsMismatch {
                    group: group.name.to_owned(),
                    variants: vs
                        .iter()
                        .map(|v| {
                            format!("{} args = [{}] ({})", v.name, v.args.join(", "), v.location)
                        })
                        .collect(),
                });
            }
        }
        errors
    }
}
