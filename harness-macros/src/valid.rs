//! The checks that need the whole attribute or the function: required keys,
//! which keys go together, the function's shape, and what would otherwise
//! pass silently (claims on `before`, a role as a variant's name, repeated
//! claims and `args`, `args` that are not constants, borrowed outputs). A [`Function`] that
//! passes becomes a [`Validated`], whose fields hold only what expansion needs,
//! so that `expand.rs` has nothing left to check.

use crate::ast::{Function, Param, ParamKind, ungroup};
use crate::attr::{CounterAttr, Field, ROLES, RoleAttr};
use crate::claim;
use crate::ctxt::{Ctxt, Reported};
use optbench_claim::{Args, Claim};
use proc_macro2::Span;
use quote::ToTokens as _;
use syn::{Expr, Ident, ItemFn, LitStr, Path, Receiver, ReturnType, Type};

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
    /// `max_regression = "10%"`, as a fraction.
    pub max_regression: Option<f64>,
    /// `max_instr_regression = "2%"`, as a fraction.
    pub max_instr_regression: Option<f64>,
    /// `types = [...]` with the type parameter they stand for.
    pub generic: Option<Generic>,
    /// `bytes = path` or `elements = path`.
    pub counter: Option<(CounterAttr, Path)>,
}

/// A generic function's one type parameter and the types it is measured
/// with.
pub struct Generic {
    /// The type parameter (`T`).
    pub param: Ident,
    /// `types = [...]`, in order.
    pub types: Vec<Type>,
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

const GENERIC: &str = "a generic function is measured once per type: give the types with \
                       `types = [u32, u64]` (one type parameter), or benchmark a non-generic \
                       wrapper that calls it";

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
    let generic = generics::check_generics(cx, item, attrs.types);
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
    let types: Option<Vec<String>> = match &generic {
        Ok(Some(g)) => Some(
            g.types
                .iter()
                .map(|t| t.to_token_stream().to_string())
                .collect(),
        ),
        _ => None,
    };
    let no_args = Vec::new();
    let args_in_scope = match (&args, &attrs.args, &types) {
        (_, _, _) if generic.is_err() => Args::Unknown,
        (Some(list), _, Some(types)) => Args::Typed { types, args: list },
        (None, None, Some(types)) => Args::Typed {
            types,
            args: &no_args,
        },
        (Some(list), _, None) => Args::List(list),
        // Malformed, or perhaps hidden by a syntax error: already reported.
        (None, Some(_), _) => Args::Unknown,
        (None, None, _) if attrs.incomplete => Args::Unknown,
        (None, None, None) => Args::Absent,
    };
    let counter = match attrs.counter {
        Some(field) if params.is_empty() && field.value.is_ok() => Err(cx.error_spanned_by(
            &field.tokens,
            format!(
                "`{}` counts what one call processes from its input, but `{}` takes no \
                 parameter: give it an input (`&T`, with `input = ...`), or remove `{}`",
                field.key, item.sig.ident, field.key
            ),
        )),
        Some(field) => field.value.map(Some),
        None => Ok(None),
    };
    let input = check_input(cx, item, receiver, &params, attrs.input, attrs.args);
    let claims = if matches!(role, Ok(RoleAttr::Before)) {
        for lit in &attrs.claims {
            cx.error_spanned_by(
                lit,
                "a claim on `before` is never checked: `before` is the baseline that the \
                 other variants' claims are measured against; put the claim on the variant \
                 it is about (`after` or `variant = \"...\"`)",
            );
        }
        Vec::new()
    } else {
        claim::check_all(cx, &attrs.claims, args_in_scope)
    };
    let reported = attrs.reported.map(|f| f.value).transpose();
    let percent = |field: Option<Field<LitStr>>, key: &str| {
        field
            .map(|f| {
                let lit = f.value?;
                optbench_claim::parse_percent(&lit.value())
                    .map_err(|e| cx.error_spanned_by(&lit, format!("`{key}`: {e}")))
            })
            .transpose()
    };
    let max_regression = percent(attrs.max_regression, "max_regression");
    let max_instr_regression = percent(attrs.max_instr_regression, "max_instr_regression");
    signature.ok()?;
    Some(Validated {
        generic: generic.ok()?,
        counter: counter.ok()?,
        item,
        group: group.ok()?,
        role: role.ok()?,
        input: input.ok()?,
        claims,
        reported: reported.ok()?,
        max_regression: max_regression.ok()?,
        max_instr_regression: max_instr_regression.ok()?,
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
            _ if !params.is_empty() => {
                if let Some(borrow) = crate::ast::borrowed(ty) {
                    let part = crate::ast::tidy(&borrow.to_token_stream().to_string());
                    let whole = crate::ast::tidy(&ty.to_token_stream().to_string());
                    let inside = if part == whole {
                        String::new()
                    } else {
                        format!(" (`{part}` in `{whole}`)")
                    };
                    result = Err(cx.error_spanned_by(
                        borrow,
                        format!(
                            "the output borrows from the input{inside}, which the runner \
                             cannot keep, expected an owned output type or a `'static` borrow; \
                             for a zero-copy function, return what the borrow tells without \
                             copying it (its length, an index, a range of the input): an owned \
                             copy such as `String` would add an allocation to what is measured"
                        ),
                    ));
                }
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
    if let RoleAttr::Other(name) = &role {
        let value = name.value();
        let value = value.trim();
        if value.is_empty() {
            return Err(cx.error_spanned_by(
                name,
                "`variant` is empty, expected a name, like `variant = \"unrolled\"`",
            ));
        }
        if value == "before" || value == "after" {
            return Err(cx.error_spanned_by(
                name,
                format!(
                    "`variant = \"{value}\"` names a role: write the key `{value}` instead, \
                     or give the variant a name of its own, like `variant = \"unrolled\"`"
                ),
            ));
        }
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
            let args = args
                .map_or(Ok(Vec::new()), |args| args.value)
                .and_then(|args| crate::args::check(cx, args));
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

mod generics;

#[cfg(test)]
mod tests;
