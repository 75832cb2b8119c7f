//! `args = [...]`: each value a literal or a named constant (or operators
//! on those), given once. A call would be evaluated again for each variant,
//! so the variants could get different inputs; a value given twice would be
//! measured twice.

use crate::ctxt::{Ctxt, Reported};
use quote::ToTokens as _;
use syn::Expr;

/// Each `args` value: a literal or a named constant (or an expression of
/// them, like `1 << 20` or `-1`), given once. A call would be evaluated
/// again for each variant, and the variants could get different inputs; a
/// value given twice would be measured twice.
pub fn check(cx: &Ctxt, args: Vec<Expr>) -> Result<Vec<Expr>, Reported> {
    let mut result = Ok(());
    let mut seen: Vec<String> = Vec::new();
    for arg in &args {
        if let Some(bad) = not_constant(arg) {
            result = Err(cx.error_spanned_by(
                bad,
                format!(
                    "`args` takes literals and named constants (like `1_000`, `-1`, \
                     `1 << 20` or `SIZE`), found `{}`: it would be evaluated again for \
                     each variant, so the variants could get different inputs; compute \
                     it once in a `const`",
                    bad.to_token_stream()
                ),
            ));
            continue;
        }
        let key = arg_key(arg);
        if seen.contains(&key) {
            result = Err(cx.error_spanned_by(
                arg,
                format!(
                    "`{}` is given twice in `args`: each input is measured once, so \
                     remove the repetition",
                    arg.to_token_stream()
                ),
            ));
        } else {
            seen.push(key);
        }
    }
    result.map(|()| args)
}

/// The first part of `arg` that is not a literal, a named constant or an
/// operator on those.
fn not_constant(arg: &Expr) -> Option<&Expr> {
    match arg {
        Expr::Lit(_) | Expr::Path(_) => None,
        Expr::Unary(u) => not_constant(&u.expr),
        Expr::Binary(b) => not_constant(&b.left).or_else(|| not_constant(&b.right)),
        Expr::Paren(p) => not_constant(&p.expr),
        Expr::Group(g) => not_constant(&g.expr),
        Expr::Cast(c) => not_constant(&c.expr),
        Expr::Reference(r) => not_constant(&r.expr),
        Expr::Tuple(t) => t.elems.iter().find_map(not_constant),
        Expr::Array(a) => a.elems.iter().find_map(not_constant),
        other => Some(other),
    }
}

/// What makes two `args` values the same input: an integer's value (so
/// `1_000` and `1000` are one), the tokens otherwise.
fn arg_key(arg: &Expr) -> String {
    match arg {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => format!("{}{}", i.base10_digits(), i.suffix()),
        other => other
            .to_token_stream()
            .to_string()
            .split_whitespace()
            .collect(),
    }
}
