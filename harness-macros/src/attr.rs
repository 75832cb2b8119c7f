//! The attribute's arguments: `#[optimize_bench(key, key = value, ...)]`
//! parsed into [`Attrs`], one field per key.
//!
//! This module reports what one entry alone gets wrong: syntax errors, unknown
//! keys, values of the wrong kind, keys given twice and a second role. What
//! needs the whole attribute or the function (a missing `group`, `args`
//! without `input`, ...) is checked in `valid.rs`.

use crate::ctxt::{Ctxt, Reported};
use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::ext::IdentExt as _;
use syn::parse::{Parse as _, ParseStream, Parser as _};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, LitStr, Path, Token, Type};
use values::{flag_value, list_value, path_of, path_value, string_value, types_value};

/// The keys the attribute accepts, in the order error messages list them.
pub const KEYS: &str = "`group`, `before`, `after`, `variant`, `input`, `args`, `types`, `bytes`, `elements`, `claim`, `reported`, `max_regression`, `max_instr_regression`";

/// The accepted roles, for messages.
pub const ROLES: &str = "`before`, `after` or `variant = \"name\"`";

/// One key as written, with its value once checked.
///
/// `value` is `Err` when the value was missing or of the wrong kind: that
/// error has been reported already, and later checks must neither report it
/// again nor report the key as absent.
pub struct Field<T> {
    /// The key.
    pub key: Ident,
    /// The whole entry (`key = value`), for spans.
    pub tokens: TokenStream,
    /// The checked value.
    pub value: Result<T, Reported>,
}

/// The role a variant plays in its group, as written.
pub enum RoleAttr {
    /// `before`.
    Before,
    /// `after`.
    After,
    /// `variant = "name"`.
    Other(LitStr),
}

/// The unit of `bytes = path` / `elements = path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterAttr {
    /// `bytes = path`.
    Bytes,
    /// `elements = path`.
    Elements,
}

/// Everything the attribute says, one field per key.
#[derive(Default)]
pub struct Attrs {
    /// `group = "name"`.
    pub group: Option<Field<LitStr>>,
    /// `before`, `after` or `variant = "name"`: the first one given.
    pub role: Option<Field<RoleAttr>>,
    /// `input = path::to::make_input`.
    pub input: Option<Field<Path>>,
    /// `args = [expr, ...]`.
    pub args: Option<Field<Vec<Expr>>>,
    /// `types = [Type, ...]`.
    pub types: Option<Field<Vec<Type>>>,
    /// `bytes = path` or `elements = path`: what one call processes.
    pub counter: Option<Field<(CounterAttr, Path)>>,
    /// Every `claim = "..."`, in order (only the well-formed ones).
    pub claims: Vec<LitStr>,
    /// `reported = "..."`.
    pub reported: Option<Field<LitStr>>,
    /// `max_regression = "10%"`.
    pub max_regression: Option<Field<LitStr>>,
    /// `max_instr_regression = "2%"`.
    pub max_instr_regression: Option<Field<LitStr>>,
    /// Whether a syntax error kept some entries from being read: then a key
    /// that looks absent may just be unreadable, and must not be reported
    /// missing.
    pub incomplete: bool,
}

/// One `key` or `key = value` entry, before its value is checked.
struct Entry {
    key: Ident,
    value: Option<(Token![=], Value)>,
}

/// A value as written: an expression, or for `types` a bracketed list of
/// types (`HashMap<u64, u64>` is no expression).
enum Value {
    Expr(Expr),
    Types(syn::token::Bracket, Punctuated<Type, Token![,]>),
}

impl ToTokens for Value {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Value::Expr(e) => e.to_tokens(tokens),
            Value::Types(bracket, types) => bracket.surround(tokens, |t| types.to_tokens(t)),
        }
    }
}

impl Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if !input.peek(Ident::peek_any) {
            return Err(input.error(format!("expected a key, one of {KEYS}")));
        }
        let key = input.call(Ident::parse_any)?;
        let value = if input.peek(Token![=]) {
            let eq: Token![=] = input.parse()?;
            let value = if key == "types" && input.peek(syn::token::Bracket) {
                let content;
                let bracket = syn::bracketed!(content in input);
                Value::Types(bracket, content.parse_terminated(Type::parse, Token![,])?)
            } else {
                Value::Expr(input.parse()?)
            };
            Some((eq, value))
        } else {
            None
        };
        Ok(Entry { key, value })
    }

    fn tokens(&self) -> TokenStream {
        let key = &self.key;
        match &self.value {
            Some((eq, value)) => quote!(#key #eq #value),
            None => key.to_token_stream(),
        }
    }

    /// The value as an expression; `Err` with its tokens when it is a list
    /// of types (only `types` takes one).
    fn expr(&self) -> Option<Result<&Expr, &Value>> {
        self.value.as_ref().map(|(_, v)| match v {
            Value::Expr(e) => Ok(e),
            other => Err(other),
        })
    }
}

/// Parses the attribute's arguments, reporting every problem to `cx`.
pub fn parse(cx: &Ctxt, args: TokenStream) -> Attrs {
    let mut attrs = Attrs::default();
    let parser = |input: ParseStream| {
        parse_entries(cx, input, &mut attrs);
        Ok(())
    };
    if let Err(error) = parser.parse2(args) {
        cx.syn_error(error);
        attrs.incomplete = true;
    }
    attrs
}

/// Reads entries until the end, recovering from a syntax error in one entry
/// by skipping to the next top-level comma.
fn parse_entries(cx: &Ctxt, input: ParseStream, attrs: &mut Attrs) {
    while !input.is_empty() {
        match Entry::parse(input) {
            Ok(entry) => attrs.add(cx, entry),
            Err(error) => {
                cx.syn_error(error);
                attrs.incomplete = true;
                skip_to_comma(input);
            }
        }
        if input.is_empty() {
            break;
        }
        if input.parse::<Token![,]>().is_err() {
            cx.error_at(input.span(), "expected `,` between the attribute's entries");
            attrs.incomplete = true;
            skip_to_comma(input);
            // The comma itself, if there is one.
            let _ = input.parse::<Option<Token![,]>>();
        }
    }
}

fn skip_to_comma(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    });
}

impl Attrs {
    fn add(&mut self, cx: &Ctxt, entry: Entry) {
        let name = entry.key.to_string();
        match name.as_str() {
            "group" => {
                if not_given(cx, self.group.as_ref(), &entry) {
                    let value = string_value(cx, &entry, "group = \"parse\"");
                    self.group = Some(field(entry, value));
                }
            }
            "before" | "after" | "variant" => {
                let keep = format!("keep one of {ROLES}");
                if !first_of_kind(
                    cx,
                    self.role.as_ref(),
                    &entry,
                    "has exactly one role",
                    &keep,
                ) {
                    return;
                }
                let value = match name.as_str() {
                    "before" => flag_value(cx, &entry).map(|()| RoleAttr::Before),
                    "after" => flag_value(cx, &entry).map(|()| RoleAttr::After),
                    _ => string_value(cx, &entry, "variant = \"unrolled\"").map(RoleAttr::Other),
                };
                self.role = Some(field(entry, value));
            }
            "input" => {
                if not_given(cx, self.input.as_ref(), &entry) {
                    let value = path_value(cx, &entry);
                    self.input = Some(field(entry, value));
                }
            }
            "args" => {
                if not_given(cx, self.args.as_ref(), &entry) {
                    let value = list_value(cx, &entry);
                    self.args = Some(field(entry, value));
                }
            }
            "types" => {
                if not_given(cx, self.types.as_ref(), &entry) {
                    let value = types_value(cx, &entry);
                    self.types = Some(field(entry, value));
                }
            }
            "bytes" | "elements" => {
                let keep = "keep `bytes = ...` or `elements = ...`";
                if !first_of_kind(
                    cx,
                    self.counter.as_ref(),
                    &entry,
                    "counts one thing per call",
                    keep,
                ) {
                    return;
                }
                let unit = if name == "bytes" {
                    CounterAttr::Bytes
                } else {
                    CounterAttr::Elements
                };
                let expected = format!(
                    "expected a path to a function `fn(&Input) -> u64` that tells how many \
                     {name} one call processes, like `{name} = {name}_of`"
                );
                let value = path_of(cx, &entry, &expected).map(|p| (unit, p));
                self.counter = Some(field(entry, value));
            }
            "claim" => {
                if let Ok(claim) = string_value(cx, &entry, "claim = \"2x faster\"") {
                    self.claims.push(claim);
                }
            }
            "reported" => {
                if not_given(cx, self.reported.as_ref(), &entry) {
                    let value = string_value(cx, &entry, "reported = \"...\"");
                    self.reported = Some(field(entry, value));
                }
            }
            "max_regression" => {
                if not_given(cx, self.max_regression.as_ref(), &entry) {
                    let value = string_value(cx, &entry, "max_regression = \"10%\"");
                    self.max_regression = Some(field(entry, value));
                }
            }
            "max_instr_regression" => {
                if not_given(cx, self.max_instr_regression.as_ref(), &entry) {
                    let value = string_value(cx, &entry, "max_instr_regression = \"2%\"");
                    self.max_instr_regression = Some(field(entry, value));
                }
            }
            _ => {
                cx.error_spanned_by(
                    &entry.key,
                    format!("unknown key `{name}`, expected one of {KEYS}"),
                );
            }
        }
    }
}

fn field<T>(entry: Entry, value: Result<T, Reported>) -> Field<T> {
    Field {
        tokens: entry.tokens(),
        key: entry.key,
        value,
    }
}

/// `true` if no key of this kind (the roles; `bytes` and `elements`) is
/// given yet; otherwise reports the entry, as a duplicate of the same key
/// or as a second of its kind: "a variant {what}, and `before` is already
/// given; {keep}".
fn first_of_kind<T>(
    cx: &Ctxt,
    first: Option<&Field<T>>,
    entry: &Entry,
    what: &str,
    keep: &str,
) -> bool {
    let Some(first) = first else {
        return true;
    };
    if first.key == entry.key {
        duplicate(cx, entry);
    } else {
        cx.error_spanned_by(
            entry.tokens(),
            format!(
                "a variant {what}, and `{}` is already given; {keep}",
                first.key
            ),
        );
    }
    false
}

/// `true` if the key is new; otherwise reports the entry as a duplicate.
fn not_given<T>(cx: &Ctxt, field: Option<&Field<T>>, entry: &Entry) -> bool {
    if field.is_some() {
        duplicate(cx, entry);
        false
    } else {
        true
    }
}

fn duplicate(cx: &Ctxt, entry: &Entry) {
    cx.error_spanned_by(
        entry.tokens(),
        format!(
            "duplicate `{}`, expected it at most once (only `claim` may be repeated)",
            entry.key
        ),
    );
}

mod values;

#[cfg(test)]
mod tests;
