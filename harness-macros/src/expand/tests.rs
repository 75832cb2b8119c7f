//! Unit tests of `expand.rs`.

use super::*;

/// Expands and returns the generated code as text (whitespace removed,
/// to compare with expected snippets).
fn expanded(args: TokenStream, item: TokenStream) -> String {
    let tokens = match optimize_bench(args, item) {
        Ok(tokens) => tokens,
        Err(e) => panic!("unexpected error: {e}"),
    };
    if let Err(e) = syn::parse2::<syn::File>(tokens.clone()) {
        panic!("expansion does not parse: {e}\n{tokens}");
    }
    tokens.to_string().split_whitespace().collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn assert_contains(haystack: &str, needle: &str) {
    let needle = squash(needle);
    assert!(haystack.contains(&needle), "{needle}\nnot in\n{haystack}");
}

#[test]
fn full_example() {
    let out = expanded(
        quote!(
            group = "g",
            after,
            input = inputs::make,
            args = [10, 1 << 4],
            claim = "3x faster",
            claim = "61% less memory, 1.5x faster at 1<<4, no more allocations",
            claim = "99.998% less peak memory",
            reported = "300% faster"
        ),
        quote! {
            #[inline]
            pub fn f(x: &Vec<u8>) -> usize { x.len() }
        },
    );
    assert!(out.starts_with(&squash(
        "#[inline] pub fn f(x: &Vec<u8>) -> usize { x.len() }"
    )));
    assert_contains(
        &out,
        "|__optbench_arg: usize| {
            match __optbench_arg {
                0 => inputs::make(10),
                1 => inputs::make(1 << 4),
                _ => ::core::unreachable!(),
            }
        },",
    );
    assert_contains(
        &out,
        "|__optbench_input| -> usize {
            f(::core::borrow::Borrow::<Vec<u8> >::borrow(&*__optbench_input))
        },",
    );
    assert_contains(
        &out,
        "(&&&::optbench::__private::OutputProbe::<usize>::new()).output_ops()",
    );
    assert_contains(&out, "group: \"g\", name: \"f\"");
    assert_contains(&out, "role: ::optbench::__private::Role::After,");
    assert_contains(
        &out,
        "claims: &[
            ::optbench::__private::Claim::from_static(
                \"3x faster\",
                ::optbench::__private::Expectation::TimesFaster { factor: 3.0 },
                ::core::option::Option::None,
            ),
            ::optbench::__private::Claim::from_static(
                \"61% less memory\",
                ::optbench::__private::Expectation::PercentLess {
                    metric: ::optbench::__private::HeapMetric::Bytes,
                    percent: 61.0
                },
                ::core::option::Option::None,
            ),
            ::optbench::__private::Claim::from_static(
                \"1.5x faster at 1<<4\",
                ::optbench::__private::Expectation::TimesFaster { factor: 1.5 },
                ::core::option::Option::Some(\"1<<4\"),
            ),
            ::optbench::__private::Claim::from_static(
                \"no more allocations\",
                ::optbench::__private::Expectation::NoMore {
                    metric: ::optbench::__private::HeapMetric::Allocations
                },
                ::core::option::Option::None,
            ),
            ::optbench::__private::Claim::from_static(
                \"99.998% less peak memory\",
                ::optbench::__private::Expectation::PercentLess {
                    metric: ::optbench::__private::HeapMetric::PeakBytes,
                    percent: 99.998
                },
                ::core::option::Option::None,
            )
        ],",
    );
    assert_contains(
        &out,
        "reported: ::core::option::Option::Some(\"300% faster\"),",
    );
    assert_contains(&out, "input_name: \"inputs::make\",");
    assert_contains(&out, "args: &[\"10\", \"1 << 4\"],");
    assert_contains(&out, "mutable_input: false,");
    assert_contains(&out, "line: ::core::line!(), column: ::core::column!(),");
    assert_contains(&out, "subject: &::optbench::__private::Subject::new(");
}

#[test]
fn mutable_input_without_args() {
    let out = expanded(
        quote!(group = "g", variant = r"heap", input = make),
        quote! { fn r#try(x: &'static mut [u8; 4]) {} },
    );
    assert_contains(
        &out,
        "|__optbench_arg: usize| { let _ = __optbench_arg; make() },",
    );
    assert_contains(
        &out,
        "|__optbench_input| -> () {
            r#try(::core::borrow::BorrowMut::<[u8; 4]>::borrow_mut(&mut *__optbench_input))
        },",
    );
    assert_contains(&out, "name: \"try\"");
    assert_contains(
        &out,
        "role: ::optbench::__private::Role::Other(::optbench::__private::Cow::Borrowed(\"heap\")),",
    );
    assert_contains(&out, "claims: &[],");
    assert_contains(&out, "reported: ::core::option::Option::None,");
    assert_contains(&out, "args: &[],");
    assert_contains(&out, "mutable_input: true,");
}

#[test]
fn no_input() {
    let out = expanded(quote!(group = "g", after), quote! { fn f() -> u8 { 1 } });
    assert_contains(&out, "|__optbench_arg: usize| { let _ = __optbench_arg; },");
    assert_contains(
        &out,
        "|__optbench_input| -> u8 { let _ = __optbench_input; f() },",
    );
    assert_contains(&out, "role: ::optbench::__private::Role::After,");
    assert_contains(&out, "input_name: \"\",");
}

#[test]
fn claim_errors_are_combined_with_the_others() {
    let errors: Vec<String> = optimize_bench(
        quote!(
            group = "g",
            after,
            colour = "red",
            claim = "3 times faster, no slower at 5",
            claim = "300% faster"
        ),
        quote! { fn f() {} },
    )
    .err()
    .into_iter()
    .flatten()
    .map(|e| e.to_string())
    .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("unknown key `colour`"));
    assert!(errors[1].starts_with("unknown claim `3 times faster`"));
    assert!(errors[2].starts_with("`no slower at 5` names an input with `at`"));
    assert!(errors[3].starts_with("`300% faster` is ambiguous"));
}

#[test]
fn errors_are_combined() {
    let errors: Vec<String> = optimize_bench(
        quote!(group = 3, before, after, colour = "red"),
        quote! { fn f(a: &u8, b: &u8) {} },
    )
    .err()
    .into_iter()
    .flatten()
    .map(|e| e.to_string())
    .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
}

#[test]
fn types_make_one_subject_per_type() {
    let out = expanded(
        quote!(
            group = "g",
            after,
            input = keys,
            args = [10, 1_000],
            types = [u32, HashMap<u64, u64>],
            bytes = sizes::of
        ),
        quote! {
            fn f<T: Ord>(v: &Vec<T>) -> Option<T> where T: Clone { v.first().cloned() }
        },
    );
    // The input and counting functions over `T` get the type, the function
    // is called with it, and the output names it.
    assert_contains(&out, "keys::<u32>(10)");
    assert_contains(&out, "keys::<HashMap<u64, u64>>(1_000)");
    assert_contains(
        &out,
        "f::<u32>(::core::borrow::Borrow::borrow(&*__optbench_input))",
    );
    assert_contains(
        &out,
        "sizes::of::<u32>(::core::borrow::Borrow::borrow(__optbench_input))",
    );
    assert_contains(&out, "OutputOps<Option<HashMap<u64, u64>>>");
    assert_contains(&out, "::optbench::__private::PerType::new(");
    assert_contains(&out, "types: &[\"u32\", \"HashMap<u64, u64>\"],");
    assert_contains(
        &out,
        "cases: &[\"u32 × 10\", \"u32 × 1_000\", \"HashMap<u64, u64> × 10\", \"HashMap<u64, u64> × 1_000\"],",
    );
    assert_contains(
        &out,
        "counter: ::core::option::Option::Some(::optbench::__private::Counter::Bytes),",
    );
}

#[test]
fn an_input_function_is_called_as_written_when_the_parameter_does_not_name_the_type() {
    let out = expanded(
        quote!(group = "g", before, input = text, types = [String]),
        quote! { fn f<S: From<String>>(s: &str) -> usize { s.len() } },
    );
    assert_contains(&out, "let _ = __optbench_arg; text()");
    // Generic arguments written in the path get the type.
    let out = expanded(
        quote!(group = "g", before, input = make::<T, 4>, types = [u8]),
        quote! { fn f<T>(s: &str) -> usize { s.len() } },
    );
    assert_contains(&out, "make::<u8, 4>()");
}
