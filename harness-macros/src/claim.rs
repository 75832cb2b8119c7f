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
