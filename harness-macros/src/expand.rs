//! Code generation: the function as written, followed by an anonymous
//! `const` block that builds its `optbench::__private::Subject` and registers
//! its `Variant` with `optbench::__register!` (an `inventory` submission with
//! optbench's runner, nothing without it).

use crate::ast::Function;
use crate::attr::{CounterAttr, RoleAttr};
use crate::ctxt::Ctxt;
use crate::valid::{self, Validated};
use optbench_claim::{Claim, Expectation, HeapMetric};
use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens as _, quote, quote_spanned};
use syn::ext::IdentExt as _;
use syn::{Ident, Item, LitStr, Type};

/// The whole macro: parse, check, generate. On error, every error found,
/// combined.
pub fn optimize_bench(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let item: Item = syn::parse2(item)?;
    let cx = Ctxt::new();
    let validated = Function::from_syn(&cx, args, &item).and_then(|f| valid::validate(&cx, f));
    cx.check()?;
    match validated {
        Some(validated) => Ok(expand(&validated)),
        // `validate` returns `None` only after reporting an error.
        None => Err(syn::Error::new(
            Span::call_site(),
            "#[optimize_bench] rejected this function without saying why (a bug in optbench-macros)",
        )),
    }
}

/// `LitStr` with the same text, without suffix or raw-string syntax.
fn normalized(lit: &LitStr) -> LitStr {
    LitStr::new(&lit.value(), lit.span())
}

/// An `::optbench::__private::Claim` expression: a `const` call of
/// `Claim::from_static(text, expect, at)`, as it is built in a `static`.
fn claim(claim: &Claim) -> TokenStream {
    let metric = |metric: &HeapMetric| match metric {
        HeapMetric::Bytes => quote!(::optbench::__private::HeapMetric::Bytes),
        HeapMetric::Allocations => quote!(::optbench::__private::HeapMetric::Allocations),
        HeapMetric::PeakBytes => quote!(::optbench::__private::HeapMetric::PeakBytes),
    };
    let expect = match &claim.expect {
        Expectation::TimesFaster { factor } => {
            let factor = Literal::f64_unsuffixed(*factor);
            quote!(TimesFaster { factor: #factor })
        }
        Expectation::PercentFaster { percent } => {
            let percent = Literal::f64_unsuffixed(*percent);
            quote!(PercentFaster { percent: #percent })
        }
        Expectation::NoSlower => quote!(NoSlower),
        Expectation::PercentLess { metric: m, percent } => {
            let (m, percent) = (metric(m), Literal::f64_unsuffixed(*percent));
            quote!(PercentLess { metric: #m, percent: #percent })
        }
        Expectation::PercentFewerInstructions { percent } => {
            let percent = Literal::f64_unsuffixed(*percent);
            quote!(PercentFewerInstructions { percent: #percent })
        }
        Expectation::NoMoreInstructions => quote!(NoMoreInstructions),
        Expectation::NoMore { metric: m } => {
            let m = metric(m);
            quote!(NoMore { metric: #m })
        }
    };
    let text: &str = &claim.text;
    let at = match claim.at.as_deref() {
        Some(at) => quote!(::core::option::Option::Some(#at)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::optbench::__private::Claim::from_static(
            #text,
            ::optbench::__private::Expectation::#expect,
            #at,
        )
    }
}

/// The function's doc comment as one text: the `///` lines, trimmed of
/// their leading space, joined with newlines.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned())
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

fn expand(validated: &Validated) -> TokenStream {
    use subject::{SubjectTokens, subject};
    let item = validated.item;
    let ident = &item.sig.ident;
    let types: Vec<(&Ident, &Type)> = match &validated.generic {
        Some(g) => g.types.iter().map(|t| (&g.param, t)).collect(),
        None => Vec::new(),
    };
    let type_names: Vec<String> = types
        .iter()
        .map(|(_, t)| crate::ast::tidy(&t.to_token_stream().to_string()))
        .collect();
    let (input_name, args, mutable) = match &validated.input {
        None => (String::new(), Vec::new(), false),
        Some(input) => {
            let path = &input.path;
            let input_name: String = quote!(#path)
                .to_string()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let args: Vec<String> = input.args.iter().map(|a| quote!(#a).to_string()).collect();
            (input_name, args, input.mutable)
        }
    };
    // The inputs' names, in the order of their index: each type with each
    // `args` value (`u64 × 1000`), each type, or each `args` value.
    let separator = optbench_claim::CASE_SEPARATOR;
    let cases: Vec<String> = match (type_names.is_empty(), args.is_empty()) {
        (true, _) => args.clone(),
        (false, true) => type_names.clone(),
        (false, false) => type_names
            .iter()
            .flat_map(|t| args.iter().map(move |a| format!("{t} {separator} {a}")))
            .collect(),
    };
    let (subject, output_ops) = if types.is_empty() {
        let ops = syn::Ident::new("__optbench_output_ops", Span::call_site());
        let SubjectTokens {
            subject,
            output_ops,
        } = subject(validated, None, &ops);
        (quote!(&#subject), output_ops)
    } else {
        let per_type = Literal::usize_unsuffixed(args.len().max(1));
        let built: Vec<SubjectTokens> = types
            .iter()
            .enumerate()
            .map(|(i, instance)| {
                let ops = syn::Ident::new(&format!("__optbench_output_ops_{i}"), Span::call_site());
                subject(validated, Some(*instance), &ops)
            })
            .collect();
        let subjects = built.iter().map(|b| &b.subject);
        let ops = built.iter().map(|b| &b.output_ops);
        (
            quote! {
                &::optbench::__private::PerType::new(
                    &[#(&#subjects as &dyn ::optbench::__private::ErasedSubject),*],
                    #per_type,
                )
            },
            quote!(#(#ops)*),
        )
    };
    let counter = match &validated.counter {
        Some((CounterAttr::Bytes, _)) => {
            quote!(::core::option::Option::Some(
                ::optbench::__private::Counter::Bytes
            ))
        }
        Some((CounterAttr::Elements, _)) => {
            quote!(::core::option::Option::Some(
                ::optbench::__private::Counter::Elements
            ))
        }
        None => quote!(::core::option::Option::None),
    };

    let group = normalized(&validated.group);
    let name = ident.unraw().to_string();
    let doc = doc_text(&item.attrs);
    let role = match &validated.role {
        RoleAttr::Before => quote!(::optbench::__private::Role::Before),
        RoleAttr::After => quote!(::optbench::__private::Role::After),
        RoleAttr::Other(name) => {
            let name = normalized(name);
            quote!(::optbench::__private::Role::Other(::optbench::__private::Cow::Borrowed(#name)))
        }
    };
    let claims = validated.claims.iter().map(claim);
    let reported = match &validated.reported {
        Some(reported) => {
            let reported = normalized(reported);
            quote!(::core::option::Option::Some(#reported))
        }
        None => quote!(::core::option::Option::None),
    };
    let fraction = |f: Option<f64>| match f {
        Some(fraction) => quote!(::core::option::Option::Some(#fraction)),
        None => quote!(::core::option::Option::None),
    };
    let max_regression = fraction(validated.max_regression);
    let max_instr_regression = fraction(validated.max_instr_regression);
    let register = syn::Ident::new(
        &format!("__optbench_register_{}", ident.unraw()),
        ident.span(),
    );
    let line = quote_spanned!(ident.span()=> ::core::line!());
    let column = quote_spanned!(ident.span()=> ::core::column!());

    quote! {
        #item

        // Named, not `const _`: where the attribute cannot see that it is
        // on an associated function (code without a source file, see
        // `context`), the `impl` block then gets one error at its name,
        // rustc's "cannot find function", and not "`const` items in this
        // context need a name" first.
        #[doc(hidden)]
        #[allow(
            non_upper_case_globals,
            dead_code,
            unused_qualifications,
            clippy::all,
            clippy::pedantic,
            clippy::nursery,
            clippy::restriction,
        )]
        const #register: () = {
            #output_ops

            ::optbench::__register! {
                ::optbench::__private::Variant {
                    group: #group,
                    name: #name,
                    doc: #doc,
                    role: #role,
                    claims: &[#(#claims),*],
                    reported: #reported,
                    max_regression: #max_regression,
                    max_instr_regression: #max_instr_regression,
                    input_name: #input_name,
                    args: &[#(#args),*],
                    types: &[#(#type_names),*],
                    cases: &[#(#cases),*],
                    counter: #counter,
                    mutable_input: #mutable,
                    location: ::optbench::__private::Location {
                        module_path: ::core::module_path!(),
                        file: ::core::file!(),
                        line: #line,
                        column: #column,
                    },
                    // The input type is inferred from what the input
                    // function returns; the closures are plain `fn` pointers.
                    subject: #subject,
                }
            }
        };
    }
}

mod subject;

#[cfg(test)]
mod tests;
