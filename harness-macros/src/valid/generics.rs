//! A generic function's parameters and its `types = [...]`, which must
//! agree: one type parameter for the list to stand for, no lifetime or
//! const parameter.

use super::{GENERIC, Generic};
use crate::attr::Field;
use crate::ctxt::{Ctxt, Reported};
use syn::{GenericParam, ItemFn, Type};

/// The generic parameters and `types`, which must agree: no `types` and no
/// parameters, or `types` and exactly one type parameter (bounds and a
/// `where` clause allowed; no lifetime or const parameter).
pub(super) fn check_generics(
    cx: &Ctxt,
    item: &ItemFn,
    types: Option<Field<Vec<Type>>>,
) -> Result<Option<Generic>, Reported> {
    let generics = &item.sig.generics;
    let name = &item.sig.ident;
    let mut result = Ok(());
    let mut params = Vec::new();
    for param in &generics.params {
        match param {
            GenericParam::Type(t) => params.push(t),
            GenericParam::Lifetime(l) => {
                result = Err(cx.error_spanned_by(
                    l,
                    "lifetime parameters are not supported, expected a function without \
                     them: the runner lends the input for each call (`&T` needs no named \
                     lifetime)",
                ));
            }
            GenericParam::Const(c) => {
                result = Err(cx.error_spanned_by(
                    c,
                    "const parameters are not supported, expected at most one type \
                     parameter (with `types = [...]`); pass the value as an input with \
                     `args = [...]`",
                ));
            }
        }
    }
    let Some(types) = types else {
        if let Some(first) = params.first() {
            result = Err(cx.error_spanned_by(first, GENERIC));
        } else if let (Ok(()), Some(where_clause)) = (&result, &generics.where_clause) {
            result = Err(cx.error_spanned_by(
                where_clause,
                "a `where` clause without type parameters is not supported, expected it only \
                 on a generic function measured with `types = [...]`",
            ));
        }
        return result.map(|()| None);
    };
    if let Some(second) = params.get(1) {
        result = Err(cx.error_spanned_by(
            second,
            format!(
                "`{name}` has {} type parameters, expected one with `types = [...]`: each \
                 type in the list stands for it",
                params.len()
            ),
        ));
    }
    let Some(param) = params.first() else {
        let _ = result;
        return Err(cx.error_spanned_by(
            &types.tokens,
            format!(
                "`types` is given, but `{name}` has no type parameter: expected a generic \
                 function, like `fn {name}<T: Ord>(input: &Vec<T>) -> usize`, or remove `types`"
            ),
        ));
    };
    let types = types.value?;
    result.map(|()| {
        Some(Generic {
            param: param.ident.clone(),
            types,
        })
    })
}
