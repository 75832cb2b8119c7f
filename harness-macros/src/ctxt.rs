//! Error collection: every check reports into one [`Ctxt`], and the macro
//! stops only once all of them have run, so one attribute with three mistakes
//! gets three errors in one compile (modelled on serde_derive's
//! `internals/ctxt.rs`).

use proc_macro2::Span;
use quote::ToTokens;
use std::cell::RefCell;
use std::fmt::Display;
use std::thread;

/// The errors found so far.
///
/// Must be consumed with [`Ctxt::check`]; dropping it unchecked is a bug in
/// this crate and panics, so that no error is silently lost.
pub struct Ctxt {
    // `None` once checked.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

/// Proof that an error has been reported to a [`Ctxt`]: checks return
/// `Result<T, Reported>` so that callers can go on without reporting again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

impl Ctxt {
    /// An empty collection.
    pub fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Reports `msg` spanning the tokens of `obj` (first to last token).
    pub fn error_spanned_by<A: ToTokens, M: Display>(&self, obj: A, msg: M) -> Reported {
        self.syn_error(syn::Error::new_spanned(obj.into_token_stream(), msg))
    }

    /// Reports `msg` at `span`.
    pub fn error_at<M: Display>(&self, span: Span, msg: M) -> Reported {
        self.syn_error(syn::Error::new(span, msg))
    }

    /// Reports an error syn produced (a syntax error in the attribute).
    pub fn syn_error(&self, error: syn::Error) -> Reported {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
        Reported
    }

    /// Consumes the collection: `Ok` if nothing was reported, otherwise all
    /// errors combined into one, in the order they were reported.
    pub fn check(self) -> syn::Result<()> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for rest in errors {
            combined.combine(rest);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !thread::panicking() && self.errors.borrow().is_some() {
            panic!("optbench-macros: Ctxt dropped without `check`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combines_errors_in_order() {
        let cx = Ctxt::new();
        cx.error_at(Span::call_site(), "first");
        cx.error_spanned_by(quote::quote!(a b), "second");
        let messages: Vec<String> = cx
            .check()
            .err()
            .into_iter()
            .flatten()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(messages, ["first", "second"]);
    }

    #[test]
    fn empty_is_ok() {
        let cx = Ctxt::new();
        assert!(cx.check().is_ok());
    }
}
