//! Claims: the text of `claim = "..."`, parsed at compile time by
//! `optbench_claim::parse` (the grammar, the model and the messages live in
//! the `optbench-claim` crate, shared with the runtime); this module only
//! reports the parse errors, spanned on the string.

use crate::ctxt::Ctxt;
use optbench_claim::{Args, Claim};
use syn::LitStr;

/// Parses one `claim = "..."` string, reporting each malformed claim in it
/// to `cx`, spanned on the string. Returns the well-formed claims.
pub fn check(cx: &Ctxt, lit: &LitStr, args: Args<'_>) -> Vec<Claim> {
    let (claims, errors) = optbench_claim::parse(&lit.value(), args);
    for error in errors {
        cx.error_spanned_by(lit, error);
    }
    claims
}

/// Parses every `claim = "..."` and reports a claim given twice (the same
/// expectation on the same input), which would be checked and counted
/// twice.
pub fn check_all(cx: &Ctxt, lits: &[LitStr], args: Args<'_>) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    for lit in lits {
        for c in check(cx, lit, args) {
            match claims.iter().find(|k| k.expect == c.expect && k.at == c.at) {
                Some(first) => {
                    cx.error_spanned_by(
                        lit,
                        format!(
                            "the claim `{}` is given twice (also as `{}`): each claim is \
                             checked and counted once, so remove the repetition",
                            c.text, first.text
                        ),
                    );
                }
                None => claims.push(c),
            }
        }
    }
    claims
}
