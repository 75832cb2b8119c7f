//! The values of the attribute's keys, each checked for its kind: a string
//! literal, a flag, a path, a list of expressions, a list of types.

use super::{Entry, Value};
use crate::ctxt::{Ctxt, Reported};
use quote::ToTokens;
use syn::{Expr, ExprArray, Ident, Lit, LitStr, Path, Type};

/// Looks through the invisible groups that `macro_rules!` puts around an
/// `$x:expr` fragment.
pub(super) fn ungroup(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) if group.attrs.is_empty() => ungroup(&group.expr),
        other => other,
    }
}

/// The value of `key = "..."`; `example` shows the accepted form.
pub(super) fn string_value(cx: &Ctxt, entry: &Entry, example: &str) -> Result<LitStr, Reported> {
    let key = &entry.key;
    let Some(value) = entry.expr() else {
        return Err(cx.error_spanned_by(
            key,
            format!("`{key}` needs a string literal value, like `{example}`"),
        ));
    };
    let value = value.map_err(|v| wrong_kind_string(cx, key, v, example))?;
    match ungroup(value) {
        Expr::Lit(lit) if lit.attrs.is_empty() => match &lit.lit {
            Lit::Str(s) => Ok(s.clone()),
            _ => Err(wrong_kind_string(cx, key, value, example)),
        },
        _ => Err(wrong_kind_string(cx, key, value, example)),
    }
}

pub(super) fn wrong_kind_string(
    cx: &Ctxt,
    key: &Ident,
    value: &dyn ToTokens,
    example: &str,
) -> Reported {
    cx.error_spanned_by(
        value,
        format!("expected a string literal for `{key}`, like `{example}`"),
    )
}

/// A role key that takes no value (`before`, `after`).
pub(super) fn flag_value(cx: &Ctxt, entry: &Entry) -> Result<(), Reported> {
    match &entry.value {
        None => Ok(()),
        Some((_, value)) => {
            let value: &dyn ToTokens = value;
            let key = &entry.key;
            Err(cx.error_spanned_by(
                value,
                format!("`{key}` takes no value, expected `{key}` alone"),
            ))
        }
    }
}

/// The value of `input = path::to::make_input`.
pub(super) fn path_value(cx: &Ctxt, entry: &Entry) -> Result<Path, Reported> {
    path_of(
        cx,
        entry,
        "expected a path to the function that builds the input, \
         like `input = make_input` or `input = inputs::vec_of`",
    )
}

/// The value of `key = path::to::function`.
pub(super) fn path_of(cx: &Ctxt, entry: &Entry, expected: &str) -> Result<Path, Reported> {
    let key = &entry.key;
    let Some(value) = entry.expr() else {
        return Err(cx.error_spanned_by(key, format!("`{key}` needs a value: {expected}")));
    };
    let value = value.map_err(|v| cx.error_spanned_by(v, expected))?;
    match ungroup(value) {
        Expr::Path(path) if path.attrs.is_empty() && path.qself.is_none() => Ok(path.path.clone()),
        _ => Err(cx.error_spanned_by(value, expected)),
    }
}

/// The value of `types = [u32, u64]`.
pub(super) fn types_value(cx: &Ctxt, entry: &Entry) -> Result<Vec<Type>, Reported> {
    let expected = "expected a non-empty bracketed list of types, like `types = [u32, u64]`";
    let Some((_, value)) = &entry.value else {
        return Err(cx.error_spanned_by(&entry.key, format!("`types` needs a value: {expected}")));
    };
    match value {
        Value::Types(_, types) if types.is_empty() => {
            Err(cx.error_spanned_by(value, format!("`types` is empty: {expected}")))
        }
        Value::Types(_, types) => {
            let mut seen: Vec<String> = Vec::new();
            let mut result = Ok(());
            for ty in types {
                let key: String = ty
                    .to_token_stream()
                    .to_string()
                    .split_whitespace()
                    .collect();
                if seen.contains(&key) {
                    result = Err(cx.error_spanned_by(
                        ty,
                        format!(
                            "`{}` is given twice in `types`: each type is measured once, \
                             so remove the repetition",
                            crate::ast::tidy(&ty.to_token_stream().to_string())
                        ),
                    ));
                } else {
                    seen.push(key);
                }
            }
            result.map(|()| types.iter().cloned().collect())
        }
        Value::Expr(_) => Err(cx.error_spanned_by(value, expected)),
    }
}

/// The value of `args = [expr, ...]`.
pub(super) fn list_value(cx: &Ctxt, entry: &Entry) -> Result<Vec<Expr>, Reported> {
    let expected = "expected a non-empty bracketed list of expressions, \
                    like `args = [100, 10_000]`";
    let Some(value) = entry.expr() else {
        return Err(cx.error_spanned_by(&entry.key, format!("`args` needs a value: {expected}")));
    };
    let value = value.map_err(|v| cx.error_spanned_by(v, expected))?;
    match ungroup(value) {
        Expr::Array(ExprArray { attrs, elems, .. }) if attrs.is_empty() => {
            if elems.is_empty() {
                Err(cx.error_spanned_by(value, format!("`args` is empty: {expected}")))
            } else {
                Ok(elems.iter().cloned().collect())
            }
        }
        _ => Err(cx.error_spanned_by(value, expected)),
    }
}
