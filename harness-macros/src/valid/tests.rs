//! Unit tests of `valid.rs`.

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
            "a generic function is measured once per type: give the types with `types",
        ],
    );
    assert_rejected(
        quote!(group = "g", before),
        quote! { fn f() where u8: Copy {} },
        &["a `where` clause without type parameters is not supported"],
    );
}

#[test]
fn types_need_one_type_parameter() {
    assert_rejected(
        quote!(group = "g", before, types = [u32]),
        quote! { fn f() {} },
        &["`types` is given, but `f` has no type parameter"],
    );
    assert_rejected(
        quote!(group = "g", before, types = [u32]),
        quote! { fn f<T, U>() {} },
        &["`f` has 2 type parameters, expected one"],
    );
    assert_rejected(
        quote!(group = "g", before, types = [u32, u32]),
        quote! { fn f<T>() {} },
        &["`u32` is given twice in `types`"],
    );
    assert_rejected(
        quote!(group = "g", before, types = []),
        quote! { fn f<T>() {} },
        &["`types` is empty"],
    );
    assert_errors(
        quote!(group = "g", after, types = [u32], claim = "2x faster at u8"),
        quote! { fn f<T>() {} },
        &["`at u8` in `2x faster at u8` names none of this attribute's `types`"],
    );
}

#[test]
fn impl_trait_and_borrowed_output() {
    assert_rejected(
        quote!(group = "g", before, input = make),
        quote! { fn f(x: &impl Copy) -> impl Copy { 0 } },
        &[
            "`impl Trait` output types",
            "a generic function is measured once per type",
        ],
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

#[test]
fn silent_successes_are_errors() {
    // A claim on before, a role as a variant's name, a repeated claim.
    assert_errors(
        quote!(group = "g", before, claim = "2x faster"),
        quote!(
            fn f() -> u8 {
                1
            }
        ),
        &["a claim on `before` is never checked"],
    );
    for name in ["before", "after"] {
        assert_rejected(
            quote!(group = "g", variant = #name),
            quote!(
                fn f() -> u8 {
                    1
                }
            ),
            &[&format!("`variant = \"{name}\"` names a role")],
        );
    }
    assert_errors(
        quote!(
            group = "g",
            after,
            claim = "2x faster, no slower",
            claim = "2.0x faster"
        ),
        quote!(
            fn f() -> u8 {
                1
            }
        ),
        &["the claim `2.0x faster` is given twice (also as `2x faster`)"],
    );
    // Repeated args (by value), and args that are not constants.
    assert_rejected(
        quote!(group = "g", before, input = make, args = [0x10, 16, SIZE]),
        quote!(
            fn f(v: &[u8]) -> usize {
                v.len()
            }
        ),
        &["`16` is given twice in `args`"],
    );
    assert_rejected(
        quote!(
            group = "g",
            before,
            input = make,
            args = [N, -1, 1 << 4, v.len(), vec![1]]
        ),
        quote!(
            fn f(v: &[u8]) -> usize {
                v.len()
            }
        ),
        &[
            "`args` takes literals and named constants (like `1_000`, `-1`, `1 << 20` or `SIZE`), found `v . len ()`",
            "`args` takes literals and named constants (like `1_000`, `-1`, `1 << 20` or `SIZE`), found `vec ! [1]`",
        ],
    );
    // A borrow anywhere in the output.
    for (output, part) in [
        (quote!(Option<&str>), "`&str` in `Option<&str>`"),
        (quote!((usize, &[u8])), "`&[u8]` in `(usize, &[u8])`"),
        (
            quote!(std::borrow::Cow<'_, str>),
            "the output borrows from the input,",
        ),
    ] {
        assert_rejected(
            quote!(group = "g", before, input = make),
            quote!(fn f(v: &str) -> #output { todo!() }),
            &[&format!(
                "the output borrows from the input{}",
                if part.starts_with('`') {
                    format!(" ({part})")
                } else {
                    String::new()
                }
            )],
        );
    }
    // Owned and 'static outputs are fine.
    let (passed, errors) = run(
        quote!(group = "g", before, input = make),
        quote!(
            fn f(v: &str) -> (Option<&'static str>, Vec<String>) {
                todo!()
            }
        ),
    );
    assert!(passed && errors.is_empty(), "{errors:?}");
}
