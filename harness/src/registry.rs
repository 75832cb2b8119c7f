//! The registry: what `#[optimize_bench]` records about each annotated function,
//! and the whole-program checks that only the full list of variants can make.
//!
//! Every annotated function becomes one [`Variant`] submitted to `inventory`.
//! [`Registry::collect`] gathers them in a deterministic order (group, then
//! role, then name) and [`Registry::validate`] finds the mistakes no single
//! attribute can see: two `before`s in a group, a group without `before`, and
//! variants of one group whose inputs have different types.

use std::any::{Any, TypeId};

use crate::claim::Claim;
use std::collections::BTreeMap;
use std::fmt;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The role a variant plays in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The baseline every other variant is compared with. Exactly one per group.
    Before,
    /// The optimized version.
    After,
    /// A further alternative, named by the string (`variant = "heap"`).
    Other(&'static str),
}

impl Role {
    /// A short label for tables: `before`, `after`, or the variant's own name.
    pub fn label(&self) -> &'static str {
        match self {
            Role::Before => "before",
            Role::After => "after",
            Role::Other(name) => name,
        }
    }
}

/// Where a variant was written, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// `module_path!()` of the annotated function.
    pub module_path: &'static str,
    /// `file!()` of the annotated function.
    pub file: &'static str,
    /// Line of the function's name.
    pub line: u32,
    /// Column of the function's name.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One annotated function, as registered by `#[optimize_bench]`.
///
/// Built by generated code only; its fields are public so that a `static` can
/// hold it.
pub struct Variant {
    /// The group's name (`group = "..."`).
    pub group: &'static str,
    /// The function's name.
    pub name: &'static str,
    /// The function's doc comment (empty if none): what the variant does.
    pub doc: &'static str,
    /// The variant's role.
    pub role: Role,
    /// The claims written in the attribute, in order (`claim = "..."`),
    /// parsed at compile time.
    pub claims: &'static [Claim],
    /// The report sentence the claim comes from (`reported = "..."`), if any.
    pub reported: Option<&'static str>,
    /// The name of the input function, as written.
    pub input_name: &'static str,
    /// The arguments given with `args = [...]`, as written; empty when the
    /// group is not parameterized.
    pub args: &'static [&'static str],
    /// Whether the function takes its input as `&mut T`.
    pub mutable_input: bool,
    /// Where the function is.
    pub location: Location,
    /// The type-erased way to build inputs and call the function.
    pub bench: &'static dyn ErasedBench,
}

impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("group", &self.group)
            .field("name", &self.name)
            .field("role", &self.role)
            .field("claims", &self.claims)
            .field("input_name", &self.input_name)
            .field("args", &self.args)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl Variant {
    /// `group/name`, the id used by criterion and by name filters.
    pub fn id(&self) -> String {
        format!("{}/{}", self.group, self.name)
    }

    /// The id with the input argument, for progress lines: `group/name [arg]`.
    pub fn id_at(&self, arg: Option<&str>) -> String {
        match arg {
            Some(a) => format!("{} [{a}]", self.id()),
            None => self.id(),
        }
    }
}

inventory::collect!(Variant);

/// A performance report whose optimizations a module reproduces, declared
/// with [`optbench::source!`](crate::source) in that module: the variants
/// registered in the module (or below it) check that report's claims.
#[derive(Debug)]
pub struct Source {
    /// `module_path!()` of the declaring module.
    pub module_path: &'static str,
    /// The report's file name, e.g. `000_cae099105acc34f3.txt`.
    pub file: &'static str,
    /// The report's title.
    pub title: &'static str,
    /// The report's claims that have no measurable meaning, with the reason.
    pub not_measurable: &'static [NotMeasurable],
}

/// A claim of a report that cannot be measured, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotMeasurable {
    /// The report's sentence.
    pub claim: &'static str,
    /// Why it has no measurable meaning.
    pub reason: &'static str,
}

inventory::collect!(Source);

impl Source {
    /// Every source declared in this binary, by file name.
    pub fn all() -> Vec<&'static Source> {
        let mut v: Vec<&'static Source> = inventory::iter::<Source>.into_iter().collect();
        v.sort_by_key(|s| (s.file, s.module_path));
        v
    }

    /// Whether `variant` was registered in this source's module or below it.
    pub fn covers(&self, module_path: &str) -> bool {
        module_path == self.module_path
            || module_path
                .strip_prefix(self.module_path)
                .is_some_and(|rest| rest.starts_with("::"))
    }
}

/// The typed core of a variant: the input function and the function under test.
///
/// `T` is the input type (the function takes `&T` or `&mut T`), `O` its output.
/// Generated code builds one in a `static` with [`Bench::new`].
pub struct Bench<T, O> {
    make: fn(usize) -> T,
    call: fn(&mut T) -> O,
    output_ops: fn() -> OutputOps<O>,
}

impl<T, O> Bench<T, O> {
    /// `make(i)` builds the input for the `i`-th argument of `args` (0 when the
    /// group has no `args`); `call` runs the function on it; `output_ops` tells
    /// how outputs compare (see [`OutputProbe`]).
    pub const fn new(
        make: fn(usize) -> T,
        call: fn(&mut T) -> O,
        output_ops: fn() -> OutputOps<O>,
    ) -> Self {
        Bench {
            make,
            call,
            output_ops,
        }
    }
}

/// How a variant's outputs can be compared and shown: known when the output
/// type is `PartialEq + Debug`, absent otherwise.
pub struct OutputOps<O> {
    /// Equality, if the type has it.
    pub eq: Option<fn(&O, &O) -> bool>,
    /// Debug formatting, if the type has it.
    pub debug: Option<fn(&O) -> String>,
}

/// Autoref specialization probe: `(&&&OutputProbe::<O>::new()).output_ops()`
/// picks [`ViaPartialEq`] when `O: PartialEq + Debug` and [`Opaque`] otherwise,
/// decided in the generated code where `O` is concrete.
pub struct OutputProbe<O>(std::marker::PhantomData<fn() -> O>);

impl<O> OutputProbe<O> {
    /// A probe for `O`.
    pub const fn new() -> Self {
        OutputProbe(std::marker::PhantomData)
    }
}

impl<O> Default for OutputProbe<O> {
    fn default() -> Self {
        Self::new()
    }
}

/// Chosen for outputs that are `PartialEq + Debug`.
pub trait ViaPartialEq<O> {
    /// Equality and formatting through the type's own impls.
    fn output_ops(&self) -> OutputOps<O>;
}

impl<O: PartialEq + fmt::Debug> ViaPartialEq<O> for &&OutputProbe<O> {
    fn output_ops(&self) -> OutputOps<O> {
        OutputOps {
            eq: Some(|a, b| a == b),
            debug: Some(|o| format!("{o:?}")),
        }
    }
}

/// Chosen for all other outputs: they cannot be compared.
pub trait Opaque<O> {
    /// No equality, no formatting.
    fn output_ops(&self) -> OutputOps<O>;
}

impl<O> Opaque<O> for &OutputProbe<O> {
    fn output_ops(&self) -> OutputOps<O> {
        OutputOps {
            eq: None,
            debug: None,
        }
    }
}

/// A variant's function with its types erased, as the runner sees it.
pub trait ErasedBench: Sync {
    /// `TypeId` of the input type.
    fn input_type(&self) -> TypeId;
    /// Name of the input type, for messages.
    fn input_type_name(&self) -> &'static str;
    /// `TypeId` of the output type.
    fn output_type(&self) -> TypeId;
    /// Name of the output type, for messages.
    fn output_type_name(&self) -> &'static str;
    /// Builds a fresh input for argument `arg` (setup: never measured).
    fn instantiate(&self, arg: usize) -> Box<dyn Instance>;
}

/// One built input together with the function that runs on it.
pub trait Instance {
    /// Calls the function `iters` times and returns the elapsed wall time.
    /// Outputs are passed through [`black_box`] and dropped inside the loop,
    /// as criterion's `iter` does.
    fn run(&mut self, iters: u64) -> Duration;
    /// Calls the function once and returns its output, type-erased.
    fn call_once(&mut self) -> Box<dyn Any>;
    /// Runs `start`, calls the function once, runs `end` while the output is
    /// still alive, then drops the output. Nothing else allocates in between:
    /// this is what the heap pass profiles.
    fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut());
    /// Compares two outputs of this variant's output type: `None` when the
    /// type is not `PartialEq + Debug` (or the outputs are of another type),
    /// otherwise whether they are equal.
    fn outputs_equal(&self, a: &dyn Any, b: &dyn Any) -> Option<bool>;
    /// `Debug` of an output, if the type has it.
    fn output_debug(&self, o: &dyn Any) -> Option<String>;
}

impl<T: 'static, O: 'static> ErasedBench for Bench<T, O> {
    fn input_type(&self) -> TypeId {
        TypeId::of::<T>()
    }
    fn input_type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
    fn output_type(&self) -> TypeId {
        TypeId::of::<O>()
    }
    fn output_type_name(&self) -> &'static str {
        std::any::type_name::<O>()
    }
    fn instantiate(&self, arg: usize) -> Box<dyn Instance> {
        Box::new(TypedInstance {
            input: (self.make)(arg),
            call: self.call,
            ops: (self.output_ops)(),
        })
    }
}

struct TypedInstance<T, O> {
    input: T,
    call: fn(&mut T) -> O,
    ops: OutputOps<O>,
}

impl<T, O: 'static> Instance for TypedInstance<T, O> {
    #[inline(never)]
    fn run(&mut self, iters: u64) -> Duration {
        let call = self.call;
        let input = &mut self.input;
        let start = Instant::now();
        for _ in 0..iters {
            black_box(call(black_box(&mut *input)));
        }
        start.elapsed()
    }

    fn call_once(&mut self) -> Box<dyn Any> {
        Box::new((self.call)(&mut self.input))
    }

    fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
        start();
        let output = black_box((self.call)(black_box(&mut self.input)));
        end();
        drop(output);
    }

    fn outputs_equal(&self, a: &dyn Any, b: &dyn Any) -> Option<bool> {
        let eq = self.ops.eq?;
        Some(eq(a.downcast_ref::<O>()?, b.downcast_ref::<O>()?))
    }

    fn output_debug(&self, o: &dyn Any) -> Option<String> {
        let debug = self.ops.debug?;
        Some(debug(o.downcast_ref::<O>()?))
    }
}

/// A problem that only the whole program can see.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// Two or more variants of one group are marked `before`.
    #[error("group `{group}` has {} `before` variants, expected exactly one: {}", .variants.len(), list(.variants))]
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
    /// Variants of one group take different input types.
    #[error("variants of group `{group}` take different input types, expected one type for the whole group: {}", list(.variants))]
    InputTypeMismatch {
        /// The group.
        group: String,
        /// Each variant with its input type, `name gets Type from `make` (file:line:col)`.
        variants: Vec<String>,
    },
    /// Variants of one group give different `args`.
    #[error("variants of group `{group}` give different `args`, expected the same list for the whole group: {}", list(.variants))]
    ArgsMismatch {
        /// The group.
        group: String,
        /// Each variant with its args.
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
pub struct Group<'a> {
    /// The group's name.
    pub name: &'static str,
    /// Its variants, `before` first.
    pub variants: Vec<&'a Variant>,
}

impl Group<'_> {
    /// The group's baseline (validation guarantees there is exactly one).
    pub fn before(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .copied()
            .find(|v| v.role == Role::Before)
    }

    /// The group's `args`, as written (empty if not parameterized).
    pub fn args(&self) -> &'static [&'static str] {
        self.variants.first().map_or(&[], |v| v.args)
    }

    /// The group's inputs, in order: each `args` value as written, or a
    /// single `None` when the group is not parameterized. The position is the
    /// index the input function is built with.
    pub fn inputs(&self) -> Vec<Option<&'static str>> {
        if self.args().is_empty() {
            vec![None]
        } else {
            self.args().iter().map(|a| Some(*a)).collect()
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
            (a.group, a.role, a.name, a.location.file, a.location.line).cmp(&(
                b.group,
                b.role,
                b.name,
                b.location.file,
                b.location.line,
            ))
        });
        Registry { variants }
    }

    /// All variants, sorted by group, role, name.
    pub fn variants(&self) -> &[&'static Variant] {
        &self.variants
    }

    /// The variants grouped, groups in name order.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut map: BTreeMap<&'static str, Vec<&Variant>> = BTreeMap::new();
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
            let first = vs[0].bench.input_type();
            if vs.iter().any(|v| v.bench.input_type() != first) {
                errors.push(RegistryError::InputTypeMismatch {
                    group: group.name.to_owned(),
                    variants: vs
                        .iter()
                        .map(|v| {
                            format!(
                                "{} gets {} from `{}` ({})",
                                v.name,
                                v.bench.input_type_name(),
                                v.input_name,
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
