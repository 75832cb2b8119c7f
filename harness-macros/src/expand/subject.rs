//! The `Subject` of a variant: its input function, the function and how
//! its outputs compare, for a non-generic function or for one type of a
//! generic one (the type parameter replaced where the code must name it).

use crate::valid::Validated;
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens as _, quote, quote_spanned};
use syn::spanned::Spanned as _;
use syn::visit_mut::VisitMut;
use syn::{Ident, ReturnType, Type};

/// The tokens that build one `Subject`: for a non-generic function, or for
/// one type of a generic one (`ty`, standing for `param`).
pub(super) struct SubjectTokens {
    /// The `Subject` expression.
    pub subject: TokenStream,
    /// The function that tells how the outputs compare, named `ops`.
    pub output_ops: TokenStream,
}

pub(super) fn subject(
    validated: &Validated,
    instance: Option<(&Ident, &Type)>,
    ops: &Ident,
) -> SubjectTokens {
    let item = validated.item;
    let ident = &item.sig.ident;
    let output = match &item.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => {
            let mut ty = (**ty).clone();
            if let Some((param, concrete)) = instance {
                Substitute { param, concrete }.visit_type_mut(&mut ty);
            }
            quote!(#ty)
        }
    };
    // `f::<u64>` for one type of a generic function.
    let function = match instance {
        Some((_, concrete)) => quote!(#ident::<#concrete>),
        None => quote!(#ident),
    };
    let (make_body, call_body, count) = match &validated.input {
        None => (
            quote!(let _ = __optbench_arg;),
            quote!(let _ = __optbench_input; #function()),
            None,
        ),
        Some(input) => {
            let path = instantiated(&input.path, input.referent, instance);
            // Spanned at the `input` path so that a mismatch between what it
            // returns and what the function takes is reported there.
            let span = input.path.span();
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
            let referent = input.referent;
            // The input function may return any `T: Borrow<U>` (or
            // `BorrowMut<U>`) for a parameter `&U` (`&mut U`): a `Vec<u8>`
            // for `&[u8]`, a `String` for `&str`, or `U` itself. Spanned at
            // the `input` path, where a mismatch is reported. For one type of
            // a generic function, `U` is what `f::<u64>` takes.
            let borrow = match instance {
                None => quote_spanned!(span=> ::core::borrow::Borrow::<#referent>::borrow),
                Some(_) => quote_spanned!(span=> ::core::borrow::Borrow::borrow),
            };
            let call = if input.mutable {
                let borrow_mut = match instance {
                    None => {
                        quote_spanned!(span=> ::core::borrow::BorrowMut::<#referent>::borrow_mut)
                    }
                    Some(_) => quote_spanned!(span=> ::core::borrow::BorrowMut::borrow_mut),
                };
                quote_spanned!(span=> #function(#borrow_mut(&mut *__optbench_input)))
            } else {
                quote_spanned!(span=> #function(#borrow(&*__optbench_input)))
            };
            // `bytes = f`: called on what the function takes, `&U`.
            let count = validated.counter.as_ref().map(|(_, counter)| {
                let counter_path = instantiated(counter, referent, instance);
                let span = counter.span();
                let borrowed = match instance {
                    None => quote_spanned!(span=>
                        ::core::borrow::Borrow::<#referent>::borrow(__optbench_input)),
                    Some(_) => quote_spanned!(span=> ::core::borrow::Borrow::borrow(__optbench_input)),
                };
                quote_spanned!(span=> .counting(|__optbench_input| -> u64 { #counter_path(#borrowed) }))
            });
            (make_body, call, count)
        }
    };
    SubjectTokens {
        subject: quote! {
            ::optbench::__private::Subject::new(
                |__optbench_arg: usize| { #make_body },
                |__optbench_input| -> #output { #call_body },
                #ops,
            ) #count
        },
        output_ops: quote! {
            fn #ops() -> ::optbench::__private::OutputOps<#output> {
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
        },
    }
}

/// Replaces a type parameter with one concrete type.
struct Substitute<'a> {
    param: &'a Ident,
    concrete: &'a Type,
}

impl VisitMut for Substitute<'_> {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::Path(p) = ty
            && p.qself.is_none()
            && p.path.is_ident(self.param)
        {
            *ty = self.concrete.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

/// Whether `ty` names the type parameter `param` anywhere.
fn mentions(ty: &Type, param: &Ident) -> bool {
    ty.to_token_stream()
        .into_iter()
        .any(|t| tree_mentions(&t, param))
}

fn tree_mentions(tree: &proc_macro2::TokenTree, param: &Ident) -> bool {
    match tree {
        proc_macro2::TokenTree::Ident(i) => i == param,
        proc_macro2::TokenTree::Group(g) => {
            g.stream().into_iter().any(|t| tree_mentions(&t, param))
        }
        _ => false,
    }
}

/// The path of an input or counting function for one type of a generic
/// function: generic arguments written in it get the type
/// (`keys::<T>` is `keys::<u64>`), and a path without them gets `::<u64>`
/// when the parameter's type mentions `T` (the function then builds or
/// reads a `T`-dependent value, so it is generic over it too).
fn instantiated(
    path: &syn::Path,
    referent: &Type,
    instance: Option<(&Ident, &Type)>,
) -> TokenStream {
    let Some((param, concrete)) = instance else {
        return quote!(#path);
    };
    let mut path = path.clone();
    let written = path
        .segments
        .iter()
        .any(|s| !matches!(s.arguments, syn::PathArguments::None));
    if written {
        Substitute { param, concrete }.visit_path_mut(&mut path);
        quote!(#path)
    } else if mentions(referent, param) {
        quote!(#path::<#concrete>)
    } else {
        quote!(#path)
    }
}
