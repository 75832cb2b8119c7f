//! The `#[optimize_bench]` attribute of optbench. Use it through the
//! `optbench` crate, which re-exports it and provides the types the generated
//! code names.
//!
//! The pipeline, one module per step: `attr` parses the attribute's
//! arguments, `ast` the annotated function, `valid` checks both into a
//! `valid::Validated` (every error collected in a `ctxt::Ctxt`; `claim`
//! reports the errors of the claim strings, which the `optbench-claim` crate
//! parses), and `expand` generates the registration. `context` reads the
//! call site's source file to tell an associated function of an `impl`
//! block from a free one, which its tokens alone cannot.

#![warn(missing_docs)]

mod args;
mod ast;
mod attr;
mod claim;
mod context;
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
    let args = proc_macro2::TokenStream::from(args);
    if let Some(error) = associated_function(&args, &item).or_else(|| types_differ(&args)) {
        let mut out = error.to_compile_error();
        out.extend(item);
        return out.into();
    }
    match expand::optimize_bench(args, item.clone()) {
        Ok(expanded) => expanded.into(),
        Err(errors) => {
            let mut out = errors.to_compile_error();
            out.extend(item);
            out.into()
        }
    }
}

/// The error for a variant whose `types` differ from its group's `before`
/// in the same source file (see `context`), spanned at its `types` (or its
/// `group`, when it has none). Groups spread over several files are
/// checked by the runner, which sees the whole program.
fn types_differ(args: &proc_macro2::TokenStream) -> Option<syn::Error> {
    use quote::ToTokens as _;
    let cx = ctxt::Ctxt::new();
    let attrs = attr::parse(&cx, args.clone());
    // The attribute's own mistakes are reported when it is expanded.
    cx.check().ok()?;
    if matches!(attrs.role.as_ref()?.value, Ok(attr::RoleAttr::Before)) {
        return None;
    }
    let group = attrs.group.as_ref()?.value.as_ref().ok()?.value();
    let types: Vec<String> = match &attrs.types {
        Some(field) => field
            .value
            .as_ref()
            .ok()?
            .iter()
            .map(|t| t.to_token_stream().to_string().split_whitespace().collect())
            .collect(),
        None => Vec::new(),
    };
    let file = proc_macro::Span::call_site().local_file()?;
    let (before, expected) = context::types_of_before(&file, &group, &types)?;
    let at = match &attrs.types {
        Some(field) => field.tokens.clone(),
        None => attrs.group.as_ref()?.tokens.clone(),
    };
    let expected = if expected.is_empty() {
        format!("no `types`, as `{before}` has none")
    } else {
        format!("`types = [{}]`, as `{before}` has", expected.join(", "))
    };
    Some(syn::Error::new_spanned(
        at,
        format!(
            "the variants of group `{group}` must give the same `types` as its `before`, \
             expected {expected}: each type's instance is compared with `before`'s of the \
             same type"
        ),
    ))
}

/// The "free function" error for an associated function of an `impl` block,
/// which the tokens alone do not tell from a free one (see `context`),
/// spanned at its name.
fn associated_function(
    args: &proc_macro2::TokenStream,
    item: &proc_macro2::TokenStream,
) -> Option<syn::Error> {
    let syn::Item::Fn(f) = syn::parse2::<syn::Item>(item.clone()).ok()? else {
        return None;
    };
    // A method (`self`) gets its own message from `valid`.
    if f.sig.receiver().is_some() {
        return None;
    }
    let file = proc_macro::Span::call_site().local_file()?;
    let ident = &f.sig.ident;
    let owner = context::owner_in_file(&file, &ident.to_string(), &args.to_string())?;
    Some(syn::Error::new(
        ident.span(),
        format!(
            "#[optimize_bench] expects a free function, not an associated function of \
             `{owner}`: the registration beside it cannot name `{owner}::{ident}`; move it \
             out of the `impl` block, or benchmark a free function that calls it"
        ),
    ))
}
