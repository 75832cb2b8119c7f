//! What `#[optimize_bench]` registers about each annotated function (a
//! [`Variant`]) and what `optbench::source!` registers about each module
//! that reproduces a performance report (a [`Source`]). Both are built in
//! `static`s by generated code and collected with `inventory` (by the
//! runner; without it, nothing is registered).

use std::fmt;

use optbench_claim::Claim;

use super::Role;
use super::subject::ErasedSubject;

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
    /// How much slower than the baseline this variant may get before the
    /// gate fails (`max_regression = "10%"`: 0.10); `None` takes the run's
    /// `--max-regression`.
    pub max_regression: Option<f64>,
    /// How many more instructions per call than the baseline this variant
    /// may execute before the gate fails (`max_instr_regression = "2%"`:
    /// 0.02); `None` takes the run's `--max-instr-regression`.
    pub max_instr_regression: Option<f64>,
    /// The name of the input function, as written.
    pub input_name: &'static str,
    /// The arguments given with `args = [...]`, as written; empty when the
    /// group is not parameterized.
    pub args: &'static [&'static str],
    /// The types of a generic function (`types = [...]`), as written; empty
    /// otherwise.
    pub types: &'static [&'static str],
    /// The names of the inputs, in the order the subject builds them: each
    /// type with each `args` value (`u64 × 1000`), each type, or each
    /// `args` value; empty for a single input.
    pub cases: &'static [&'static str],
    /// What one call processes, counted by `bytes = f` or `elements = f`.
    pub counter: Option<Counter>,
    /// Whether the function takes its input as `&mut T`.
    pub mutable_input: bool,
    /// Where the function is.
    pub location: Location,
    /// The type-erased way to build inputs and call the function.
    pub subject: &'static dyn ErasedSubject,
}

/// The unit of a variant's throughput: `bytes = f` or `elements = f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counter {
    /// Bytes per call, shown as MiB/s or GiB/s.
    Bytes,
    /// Elements per call, shown as elements per second.
    Elements,
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
            .field("types", &self.types)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl Variant {
    /// `group/name`, the id used by criterion and by name filters.
    pub fn id(&self) -> String {
        format!("{}/{}", self.group, self.name)
    }

    /// The id as the results and the worker protocol name it.
    #[cfg(feature = "runner")]
    pub fn variant_id(&self) -> crate::results::VariantId {
        crate::results::VariantId::new(self.group, self.name)
    }
}

#[cfg(feature = "runner")]
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

#[cfg(feature = "runner")]
inventory::collect!(Source);

#[cfg(feature = "runner")]
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
