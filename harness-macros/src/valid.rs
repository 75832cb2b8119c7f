//! The checks that need the whole attribute or the function: required keys,
//! which keys go together, and the function's shape. A [`Function`] that
//! passes becomes a [`Validated`], whose fields hold only what expansion needs,
//! so that `expand.rs` has nothing left to check.

use crate::ast::{Function, Param, ParamKind, ungroup};
use crate::attr::{Field, ROLES, RoleAttr};
use crate::claim;
use crate::ctxt::{Ctxt, Reported};
use optbench_claim::{Args, Claim};
use proc_macro2::Span;
use quote::ToTokens as _;
use syn::{Expr, ItemFn, LitStr, Path, Receiver, ReturnType, Type};

/// A function that passed every check: what `expand.rs` generates code from.
pub struct Validated<'a> {
    /// The function as written.
    pub item: &'a ItemFn,
    /// `group = "..."`, not empty.
    pub group: LitStr,
    /// The variant's role.
    pub role: RoleAttr,
    /// How to build the input; `None` for a function without parameters.
    pub input: Option<Input<'a>>,
    /// The claims of every `claim = "..."`, parsed, in order.
    pub claims: Vec<Claim>,
    /// `reported = "..."`.
    pub reported: Option<LitStr>,
}

/// The input of a function that takes `&T` or `&mut T`.
pub struct Input<'a> {
    /// `input = path`: the function that builds a `T`.
    pub path: Path,
    /// `args = [...]`; empty when not given.
    pub args: Vec<Expr>,
    /// `T`.
    pub referent: &'a Type,
    /// Whether the function takes `&mut T`.
    pub mutable: bool,
}

const GENERIC: &str = "generic functions are not supported, expected a function without \
                       type, lifetime or const parameters and without a `where` clause \
                       (benchmark a non-generic wrapper that calls it)";

/// Runs every check, reporting each problem to `cx`. Returns `None` when
/// something expansion needs is missing or wrong; the caller must still check
/// `cx` before expanding a `Some` (a malformed claim is left out of
/// `claims`, reported, and does not make this `None`).
pub fn validate<'a>(cx: &Ctxt, function: Function<'a>) -> Option<Validated<'a>> {
    let Function {
        item,
        attrs,
        receiver,
        params,
    } = function;
    let signature = check_signature(cx, item, receiver, &params);
    let group = check_group(cx, attrs.group, attrs.incomplete);
    let role = check_role(cx, attrs.role, attrs.incomplete);
    // What `at ARG` in a claim may name: the `args` as written.
    let args: Option<Vec<String>> = match &attrs.args {
        Some(Field {
            value: Ok(args), ..
        }) => Some(
            args.iter()
                .map(|arg| arg.to_token_stream().to_string())
                .collect(),
        ),
        _ => None,
    };
    let args_in_scope = match (&args, &attrs.args) {
        (Some(list), _) => Args::List(list),
        // Malformed, or perhaps hidden by a syntax error: already reported.
        (None, Some(_)) => Args::Unknown,
        (None, None) if attrs.incomplete => Args::Unknown,
        (None, None) => Args::Absent,
    };
    let input = check_input(cx, item, receiver, &params, attrs.input, attrs.args);
    let claims = attrs
        .claims
        .iter()
        .flat_map(|lit| claim::check(cx, lit, args_in_scope))
        .collect();
    let reported = attrs.reported.map(|f| f.value).transpose();
    signature.ok()?;
    Some(Validated {
        item,
        group: group.ok()?,
        role: role.ok()?,
        input: input.ok()?,
        claims,
        reported: reported.ok()?,
    })
}

/// `async`, `unsafe`, generics, `self`, and output types the runner cannot
/// store.
fn check_signature(
    cx: &Ctxt,
    item: &ItemFn,
    receiver: Option<&Receiver>,
    params: &[Param],
) -> Result<(), Reported> {
    let sig = &item.sig;
    let mut result = Ok(());
    if let Some(asyncness) = &sig.asyncness {
        result = Err(cx.error_spanned_by(
            asyncness,
            "`async fn` is not supported, expected a plain `fn`: the runner calls the \
             function synchronously and measures each call",
        ));
    }
    if let Some(unsafety) = &sig.unsafety {
        result = Err(cx.error_spanned_by(
            unsafety,
            "`unsafe fn` is not supported, expected a safe `fn`: the runner calls it \
             without `unsafe` (put the unsafe code in an `unsafe` block inside it)",
        ));
    }
    if !sig.generics.params.is_empty() {
        result = Err(cx.error_spanned_by(&sig.generics, GENERIC));
    } else if let Some(where_clause) = &sig.generics.where_clause {
        result = Err(cx.error_spanned_by(where_clause, GENERIC));
    }
    if let Some(receiver) = receiver {
        result = Err(cx.error_spanned_by(
            receiver.self_token,
            "#[optimize_bench] expects a free function, not a method: `self` is not \
             accepted (call the method from a free function that takes `&T`)",
        ));
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        match ungroup(ty) {
            Type::ImplTrait(_) => {
                result = Err(cx.error_spanned_by(
                    ty,
                    "`impl Trait` output types are not supported, expected a type the \
                     runner can name (the concrete type, or `Box<dyn Trait>`)",
                ));
            }
            Type::Reference(r) if r.lifetime.is_none() && !params.is_empty() => {
                result = Err(cx.error_spanned_by(
                    ty,
                    "the output borrows from the input, which the runner cannot keep, \
                     expected an owned output type (or a `&'static` reference)",
                ));
            }
            _ => {}
        }
    }
    result
}

fn check_group(
    cx: &Ctxt,
    group: Option<Field<LitStr>>,
    incomplete: bool,
) -> Result<LitStr, Reported> {
    let Some(group) = group else {
        if incomplete {
            return Err(Reported);
        }
        return Err(cx.error_at(
            Span::call_site(),
            "missing `group = \"name\"`: every variant belongs to a group, \
             like `#[optimize_bench(group = \"parse\", before)]`",
        ));
    };
    let group = group.value?;
    if group.value().trim().is_empty() {
        return Err(cx.error_spanned_by(
            &group,
            "`group` is empty, expected a name, like `group = \"parse\"`",
        ));
    }
    Ok(group)
}

fn check_role(
    cx: &Ctxt,
    role: Option<Field<RoleAttr>>,
    incomplete: bool,
) -> Result<RoleAttr, Reported> {
    let Some(role) = role else {
        if incomplete {
            return Err(Reported);
        }
        return Err(cx.error_at(
            Span::call_site(),
            format!("missing role, expected one of {ROLES}"),
        ));
    };
    let role = role.value?;
    if let RoleAttr::Other(name) = &role
        && name.value().trim().is_empty()
    {
        return Err(cx.error_spanned_by(
            name,
            "`variant` is empty, expected a name, like `variant = \"unrolled\"`",
        ));
    }
    Ok(role)
}

/// The parameter, `input` and `args`, which must agree.
fn check_input<'a>(
    cx: &Ctxt,
    item: &ItemFn,
    receiver: Option<&Receiver>,
    params: &[Param<'a>],
    input: Option<Field<Path>>,
    args: Option<Field<Vec<Expr>>>,
) -> Result<Option<Input<'a>>, Reported> {
    let name = &item.sig.ident;
    if receiver.is_some() {
        // Reported by `check_signature`; what the input should be is unclear.
        return Err(Reported);
    }
    match params {
        [] => {
            if let Some(input) = input {
                return Err(cx.error_spanned_by(
                    &input.tokens,
                    format!(
                        "`{name}` takes no parameter, so expected no `input` \
                         (or make `{name}` take `&T`, and `input` a function returning `T`)"
                    ),
                ));
            }
            if let Some(args) = args {
                return Err(args_without_input(cx, &args));
            }
            Ok(None)
        }
        [param] => {
            let referent = match &param.kind {
                ParamKind::Ref { referent, mutable } => {
                    if let Type::ImplTrait(_) = ungroup(referent) {
                        Err(cx.error_spanned_by(referent, GENERIC))
                    } else {
                        Ok((*referent, *mutable))
                    }
                }
                ParamKind::Other(ty) => Err(cx.error_spanned_by(
                    ty,
                    "expected the input as a reference, `&T` or `&mut T`: the runner \
                     builds the input with `input` and lends it to every call",
                )),
            };
            let path = match input {
                Some(input) => input.value,
                None => Err(cx.error_spanned_by(
                    param.arg,
                    format!(
                        "`{name}` takes a parameter, so expected `input = path::to::make_input` \
                         in the attribute, naming a function that builds it"
                    ),
                )),
            };
            // `args` without `input` is covered by the missing `input` above.
            let args = args.map_or(Ok(Vec::new()), |args| args.value);
            let (referent, mutable) = referent?;
            Ok(Some(Input {
                path: path?,
                args: args?,
                referent,
                mutable,
            }))
        }
        [_, second, ..] => Err(cx.error_spanned_by(
            second.arg,
            format!(
                "`{name}` takes {} parameters, expected at most one: the input, as `&T` \
                 or `&mut T` (gather several values in one struct or tuple)",
                params.len()
            ),
        )),
    }
}

fn args_without_input(cx: &Ctxt, args: &Field<Vec<Expr>>) -> Reported {
    cx.error_spanned_by(
        &args.tokens,
        "`args` without `input`, expected `args` only together with \
         `input = path::to::make_input`, which is called with each argument",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;
    use quote::quote;
    use syn::Item;

    /// Validates `item` under `#[optimize_bench(args)]`: whether it passed,
    /// and every error message.
    fn run(args: TokenStream, item: TokenStream) -> (bool, Vec<String>) {
        let item: Item = match syn::parse2(item) {
            Ok(item) => item,
            Err(e) => panic!("test item does not parse: {e}"),
        };
        let cx = Ctxt::new();
        let passed = Function::from_syn(&cx, args, &item)
            .and_then(|f| validate(&cx, f))
            .is_some();
        let errors = cx
            .check()
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect();
        (passed, errors)
    }

    /// Asserts that `item` is rejected with errors starting with `expected`,
    /// in order.
    fn assert_rejected(args: TokenStream, item: TokenStream, expected: &[&str]) {
        let (passed, _) = run(args.clone(), item.clone());
        assert!(!passed, "accepted: {args} / {item}");
        assert_errors(args, item, expected);
    }

    /// Asserts that `item` gets errors starting with `expected`, in order
    /// (malformed claims are reported without making `validate` fail).
    fn assert_errors(args: TokenStream, item: TokenStream, expected: &[&str]) {
        let (_, errors) = run(args.clone(), item.clone());
        assert_eq!(errors.len(), expected.len(), "{args} / {item}: {errors:?}");
        for (error, expected) in errors.iter().zip(expected) {
            assert!(error.starts_with(expected), "{error:?} vs {expected:?}");
        }
    }

    #[test]
    fn accepts_valid_shapes() {
        let cases = [
            (
                quote!(group = "g", before, input = make),
                quote! { fn f(x: &Vec<u8>) -> usize { 0 } },
            ),
            (
                quote!(group = "g", variant = "v", input = m::make, args = [1, 2]),
                quote! { pub fn f(x: &'static mut [u8; 4]) {} },
            ),
            (
                quote!(group = "g", after),
                quote! { const fn f() -> u8 { 1 } },
            ),
            (quote!(group = "g", after), quote! { extern "C" fn f() {} }),
            (
                quote!(group = "g", after, input = make),
                quote! { fn f(x: &u8) -> &'static str { "" } },
            ),
        ];
        for (args, item) in cases {
            let (passed, errors) = run(args.clone(), item.clone());
            assert!(passed && errors.is_empty(), "{args} / {item}: {errors:?}");
        }
    }

    #[test]
    fn missing_group_and_role() {
        assert_rejected(
            quote!(),
            quote! { fn f() {} },
            &["missing `group = \"name\"`", "missing role"],
        );
    }

    #[test]
    fn malformed_keys_are_not_also_missing() {
        assert_rejected(
            quote!(group = 1, variant = 2),
            quote! { fn f() {} },
            &[
                "expected a string literal for `group`",
                "expected a string literal for `variant`",
            ],
        );
        // A syntax error may hide keys: none is reported missing.
        assert_rejected(
            quote!(group "g", before),
            quote! { fn f() {} },
            &["`group` needs a string literal value", "expected `,`"],
        );
    }

    #[test]
    fn empty_names() {
        assert_rejected(
            quote!(group = "", variant = " "),
            quote! { fn f() {} },
            &["`group` is empty", "`variant` is empty"],
        );
    }

    #[test]
    fn signature_errors_all_reported() {
        assert_rejected(
            quote!(group = "g", before),
            quote! { async unsafe fn f<T>() where T: Copy {} },
            &[
                "`async fn` is not supported",
                "`unsafe fn` is not supported",
                "generic functions are not supported",
            ],
        );
        assert_rejected(
            quote!(group = "g", before),
            quote! { fn f() where u8: Copy {} },
            &["generic functions are not supported"],
        );
    }

    #[test]
    fn impl_trait_and_borrowed_output() {
        assert_rejected(
            quote!(group = "g", before, input = make),
            quote! { fn f(x: &impl Copy) -> impl Copy { 0 } },
            &["`impl Trait` output types", "generic functions"],
        );
        assert_rejected(
            quote!(group = "g", before, input = make),
            quote! { fn f(x: &String) -> &str { x } },
            &["the output borrows from the input"],
        );
    }

    #[test]
    fn method() {
        assert_rejected(
            quote!(group = "g", before, input = make),
            quote! { fn f(&self, x: &u8) {} },
            &["#[optimize_bench] expects a free function, not a method"],
        );
    }

    #[test]
    fn params_and_input() {
        let args = quote!(group = "g", before, input = make);
        assert_rejected(
            args.clone(),
            quote! { fn f(a: &u8, b: &u8, c: &u8) {} },
            &["`f` takes 3 parameters, expected at most one"],
        );
        assert_rejected(
            args.clone(),
            quote! { fn f(a: u8) {} },
            &["expected the input as a reference"],
        );
        assert_rejected(
            args,
            quote! { fn f() {} },
            &["`f` takes no parameter, so expected no `input`"],
        );
        // Only the missing `input`, not also `args` without `input`.
        assert_rejected(
            quote!(group = "g", before, args = [1]),
            quote! { fn f(a: &u8) {} },
            &["`f` takes a parameter, so expected `input"],
        );
        assert_rejected(
            quote!(group = "g", before, args = [1]),
            quote! { fn f() {} },
            &["`args` without `input`"],
        );
    }

    #[test]
    fn claims_name_the_attributes_own_args() {
        let item = quote! { fn f(x: &u8) {} };
        let (passed, errors) = run(
            quote!(
                group = "g",
                after,
                input = make,
                args = [100, 1_000],
                claim = "2x faster at 1,000, no slower at 100"
            ),
            item.clone(),
        );
        assert!(passed && errors.is_empty(), "{errors:?}");
        assert_errors(
            quote!(
                group = "g",
                after,
                input = make,
                args = [100, 1_000],
                claim = "2x faster at 5"
            ),
            item.clone(),
            &[
                "`at 5` in `2x faster at 5` names none of this attribute's `args`, \
               expected one of `at 100`, `at 1_000`",
            ],
        );
        assert_errors(
            quote!(group = "g", after, input = make, claim = "2x faster at 5"),
            item.clone(),
            &["`2x faster at 5` names an input with `at`, but this attribute has no `args`"],
        );
        // A malformed `args` is reported once, not again by the claim.
        assert_rejected(
            quote!(
                group = "g",
                after,
                input = make,
                args = 5,
                claim = "2x faster at 5"
            ),
            item.clone(),
            &["expected a non-empty bracketed list"],
        );
        // Nor one a syntax error may hide.
        assert_errors(
            quote!(
                group = "g",
                after,
                input = make,
                claim = "2x faster at 5",
                7
            ),
            item,
            &["expected a key"],
        );
    }

    #[test]
    fn malformed_claims_do_not_hide_other_errors() {
        assert_rejected(
            quote!(group = "", after, claim = "3 times faster"),
            quote! { fn f() {} },
            &[
                "`group` is empty",
                "unknown claim `3 times faster`: did you mean `3x faster`?",
            ],
        );
    }

    #[test]
    fn not_a_function() {
        assert_rejected(
            quote!(group = "g", before),
            quote! { struct S; },
            &["#[optimize_bench] expects a free function"],
        );
    }
}
