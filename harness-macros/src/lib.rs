//! The `#[optimize_bench]` attribute of optbench. Use it through the
//! `optbench` crate, which re-exports it and provides the types the generated
//! code names.
//!
//! The pipeline, one module per step: `attr` parses the attribute's
//! arguments, `ast` the annotated function, `valid` checks both into a
//! `valid::Validated` (every error collected in a `ctxt::Ctxt`; `claim`
//! reports the errors of the claim strings, which the `optbench-claim` crate
//! parses), and `expand` generates the registration.

#![warn(missing_docs)]

mod args;
mod ast;
mod attr;
mod claim;
mod ctxt;
mod expand;
mod valid;

use proc_macro::TokenStream;

/// Registers a function as one variant of a benchmark group.
///
/// ```ignore
/// #[optimize_bench(group = "sum", before, input = numbers)]
/// fn sum_loop(v: &Vec<u64>) -> u64 { v.iter().sum() }
/// ```
///
/// Keys: `group = "name"` (required); exactly one role, `before`, `after` or
/// `variant = "name"`; `input = path::to::make_input` (required iff the
/// function takes `&T` or `&mut T`); `args = [expr, ...]` (with `input`:
/// `make_input` is then called with each); `claim = "..."` (repeatable; one
/// string may hold several claims separated by commas, each parsed at compile
/// time, see the `optbench-claim` crate for the grammar); `reported = "..."`
/// (at most once).
///
/// On error the function is emitted unchanged next to the errors, so that
/// its callers still compile.
#[proc_macro_attribute]
pub fn optimize_bench(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match expand::optimize_bench(args.into(), item.clone()) {
        Ok(expanded) => expanded.into(),
        Err(errors) => {
            let mut out = errors.to_compile_error();
            out.extend(item);
            out.into()
        }
    }
}
