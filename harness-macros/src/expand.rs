//! Code generation: the function as written, followed by an anonymous
//! `const` block that builds its `optbench::__private::Subject` and registers
//! its `Variant` with `optbench::__register!` (an `inventory` submission with
//! optbench's runner, nothing without it).

use crate::ast::Function;
use crate::attr::RoleAttr;
use crate::ctxt::Ctxt;
use crate::valid::{self, Validated};
use optbench_claim::{Claim, Expectation, HeapMetric};
use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::ext::IdentExt as _;
use syn::spanned::Spanned as _;
use syn::{Item, LitStr, ReturnType};

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
    let item = validated.item;
    let ident = &item.sig.ident;
    let output = match &item.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };

    let (make_body, call_body, input_name, args, mutable) = match &validated.input {
        None => (
            quote!(let _ = __optbench_arg;),
            quote!(let _ = __optbench_input; #ident()),
            String::new(),
            Vec::new(),
            false,
        ),
        Some(input) => {
            let path = &input.path;
            // Spanned at the `input` path so that a mismatch between what it
            // returns and what the function takes is reported there.
            let span = path.span();
            let make_body = if input.args.is_empty() {
                let call = quote_spanned!(span=> #path());
                quote!(let _ = __optbench_arg; #call)
            } else {
                let arms = input.args.iter().enumerate().map(|(i, arg)| {
                    let i = Literal::usize_unsuffixed(i);
                    let call = quote_spanned!(span=> #path(#arg));
                    quote!(#i => #call,)
                });
                quote! {
                    match __optbench_arg {
                        #(#arms)*
                        _ => ::core::unreachable!(),
                    }
                }
            };
            let input_name: String = quote!(#path)
                .to_string()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let args = input.args.iter().map(|a| quote!(#a).to_string()).collect();
            let referent = input.referent;
            // The input function may return any `T: Borrow<U>` (or
            // `BorrowMut<U>`) for a parameter `&U` (`&mut U`): a `Vec<u8>`
            // for `&[u8]`, a `String` for `&str`, or `U` itself. Spanned at
            // the `input` path, where a mismatch is reported.
            let call = if input.mutable {
                quote_spanned!(span=> #ident(::core::borrow::BorrowMut::<#referent>::borrow_mut(&mut *__optbench_input)))
            } else {
                quote_spanned!(span=> #ident(::core::borrow::Borrow::<#referent>::borrow(&*__optbench_input)))
            };
            (make_body, call, input_name, args, input.mutable)
        }
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
            fn __optbench_output_ops() -> ::optbench::__private::OutputOps<#output> {
                #[allow(unused_imports)]
                use ::optbench::__private::{Opaque as _, ViaPartialEq as _};
                // Three `&`: method lookup first tries the receiver's own
                // type, `&&&OutputProbe`, which is the `self` of
                // `ViaPartialEq` (implemented for `&&OutputProbe`) when its
                // bounds hold, and only then `&&OutputProbe`, the `self` of
                // `Opaque` (implemented for `&OutputProbe`). With two `&`,
                // `Opaque` would match first for every type.
                (&&&::optbench::__private::OutputProbe::<#output>::new()).output_ops()
            }

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
                    mutable_input: #mutable,
                    location: ::optbench::__private::Location {
                        module_path: ::core::module_path!(),
                        file: ::core::file!(),
                        line: #line,
                        column: #column,
                    },
                    // The input type is inferred from what the input
                    // function returns; the closures are plain `fn` pointers.
                    subject: &::optbench::__private::Subject::new(
                        |__optbench_arg: usize| { #make_body },
                        |__optbench_input| -> #output { #call_body },
                        __optbench_output_ops,
                    ),
                }
            }
        };
    }
}

#[cfg(test)]
mod tests;
