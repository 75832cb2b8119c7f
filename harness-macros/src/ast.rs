//! The annotated item and the attribute, parsed into one [`Function`]: the
//! model that `valid.rs` checks.
//!
//! Parsing only classifies; it rejects nothing but an item that is not a
//! function at all.

use crate::attr::{self, Attrs};
use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{FnArg, Item, ItemFn, PatType, Receiver, Type};

/// An annotated function with its attribute.
pub struct Function<'a> {
    /// The function as written.
    pub item: &'a ItemFn,
    /// The attribute's arguments.
    pub attrs: Attrs,
    /// `self`, `&self`, ... if the function is a method.
    pub receiver: Option<&'a Receiver>,
    /// The parameters other than `self`.
    pub params: Vec<Param<'a>>,
}

/// A parameter other than `self`.
pub struct Param<'a> {
    /// The parameter as written (`pattern: Type`).
    pub arg: &'a PatType,
    /// What its type is.
    pub kind: ParamKind<'a>,
}

/// The shapes of parameter type the macro tells apart.
pub enum ParamKind<'a> {
    /// `&T` or `&mut T` (with or without a lifetime).
    Ref {
        /// `T`.
        referent: &'a Type,
        /// Whether it is `&mut T`.
        mutable: bool,
    },
    /// Anything else.
    Other(&'a Type),
}

impl<'a> Function<'a> {
    /// Parses the attribute's `args` and classifies `item`. Returns `None`
    /// (having reported it) when `item` is not a function.
    pub fn from_syn(cx: &Ctxt, args: TokenStream, item: &'a Item) -> Option<Self> {
        let attrs = attr::parse(cx, args);
        let Item::Fn(item) = item else {
            cx.error_spanned_by(
                head(item),
                "#[optimize_bench] expects a free function, like \
                 `fn name(input: &T) -> Output { ... }` or `fn name() -> Output { ... }`",
            );
            return None;
        };
        let mut receiver = None;
        let mut params = Vec::new();
        for arg in &item.sig.inputs {
            match arg {
                FnArg::Receiver(r) => receiver = Some(r),
                FnArg::Typed(arg) => params.push(Param {
                    arg,
                    kind: ParamKind::of(&arg.ty),
                }),
            }
        }
        Some(Function {
            item,
            attrs,
            receiver,
            params,
        })
    }
}

impl<'a> ParamKind<'a> {
    fn of(ty: &'a Type) -> Self {
        match ungroup(ty) {
            Type::Reference(r) => ParamKind::Ref {
                referent: &r.elem,
                mutable: r.mutability.is_some(),
            },
            _ => ParamKind::Other(ty),
        }
    }
}

/// A type's tokens as people write them: `Option<&str>`, not
/// `Option < & str >`.
pub fn tidy(tokens: &str) -> String {
    let mut out = tokens.to_owned();
    for (from, to) in [
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        ("& ", "&"),
        (" :: ", "::"),
        (" ,", ","),
        ("' _", "'_"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// The first part of `ty` that borrows with an elided lifetime (`&T`,
/// `&'_ T`, `Cow<'_, str>`), anywhere in it: what an output borrowing from
/// the input looks like.
pub fn borrowed(ty: &Type) -> Option<proc_macro2::TokenStream> {
    let elided = |l: &Option<syn::Lifetime>| l.as_ref().is_none_or(|l| l.ident == "_");
    match ungroup(ty) {
        Type::Reference(r) if elided(&r.lifetime) => Some(r.to_token_stream()),
        Type::Reference(r) => borrowed(&r.elem),
        Type::Array(a) => borrowed(&a.elem),
        Type::Slice(s) => borrowed(&s.elem),
        Type::Ptr(p) => borrowed(&p.elem),
        Type::Tuple(t) => t.elems.iter().find_map(borrowed),
        Type::Path(p) => {
            let qself = p.qself.as_ref().and_then(|q| borrowed(&q.ty));
            qself.or_else(|| {
                p.path.segments.iter().find_map(|seg| match &seg.arguments {
                    syn::PathArguments::AngleBracketed(a) => {
                        a.args.iter().find_map(|arg| match arg {
                            syn::GenericArgument::Lifetime(l) if l.ident == "_" => {
                                Some(ty.to_token_stream())
                            }
                            syn::GenericArgument::Type(t) => borrowed(t),
                            _ => None,
                        })
                    }
                    _ => None,
                })
            })
        }
        _ => None,
    }
}

/// Looks through parentheses and the invisible groups of `macro_rules!`
/// fragments.
pub fn ungroup(ty: &Type) -> &Type {
    match ty {
        Type::Group(g) => ungroup(&g.elem),
        Type::Paren(p) => ungroup(&p.elem),
        other => other,
    }
}

/// The first few tokens of an item (`struct Name`, `impl`, ...), where an
/// error about the whole item is shown.
fn head(item: &Item) -> TokenStream {
    item_head(item).unwrap_or_else(|| item.to_token_stream())
}

fn item_head(item: &Item) -> Option<TokenStream> {
    Some(match item {
        Item::Const(i) => {
            let (kw, ident) = (&i.const_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Enum(i) => {
            let (kw, ident) = (&i.enum_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::ExternCrate(i) => i.extern_token.to_token_stream(),
        Item::ForeignMod(i) => i.abi.to_token_stream(),
        Item::Impl(i) => i.impl_token.to_token_stream(),
        Item::Macro(i) => i.mac.path.to_token_stream(),
        Item::Mod(i) => {
            let (kw, ident) = (&i.mod_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Static(i) => {
            let (kw, ident) = (&i.static_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Struct(i) => {
            let (kw, ident) = (&i.struct_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Trait(i) => {
            let (kw, ident) = (&i.trait_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::TraitAlias(i) => {
            let (kw, ident) = (&i.trait_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Type(i) => {
            let (kw, ident) = (&i.type_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Union(i) => {
            let (kw, ident) = (&i.union_token, &i.ident);
            quote!(#kw #ident)
        }
        Item::Use(i) => i.use_token.to_token_stream(),
        _ => return None,
    })
}
