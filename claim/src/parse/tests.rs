//! The parser on every accepted form, every misphrasing it suggests a fix for, and every error.
//!
//! Longer than 400 lines: one case per accepted form and per message, as tables.

use super::*;

const ARGS: &[&str] = &["100", "10_000", "1 << 4"];

fn args() -> Vec<String> {
    ARGS.iter().map(|a| (*a).to_owned()).collect()
}

/// The single claim in `text`, which must parse.
fn one(text: &str) -> Claim {
    let args = args();
    let (claims, errors) = parse(text, Args::List(&args));
    assert!(errors.is_empty(), "{text:?}: {errors:?}");
    let [claim] = &claims[..] else {
        panic!("{text:?}: expected one claim, got {claims:?}");
    };
    claim.clone()
}

/// The errors for `text`, which must not parse.
fn errors(text: &str, args: Args<'_>) -> Vec<String> {
    let (claims, errors) = parse(text, args);
    assert!(!errors.is_empty(), "{text:?} parsed: {claims:?}");
    errors
}

/// The one error for `text` (with `ARGS` as the attribute's `args`).
fn error(text: &str) -> String {
    let args = args();
    let errors = errors(text, Args::List(&args));
    assert_eq!(errors.len(), 1, "{text:?}: {errors:?}");
    errors[0].clone()
}

fn assert_has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "{needle:?}\nnot in\n{haystack:?}"
    );
}

use Expectation::*;
use HeapMetric::*;

fn accepted() -> Vec<(&'static str, Expectation, Option<&'static str>)> {
    vec![
        ("3x faster", TimesFaster { factor: 3.0 }, None),
        ("1.5x faster", TimesFaster { factor: 1.5 }, None),
        ("3× faster", TimesFaster { factor: 3.0 }, None),
        ("  3X   Faster ", TimesFaster { factor: 3.0 }, None),
        ("1.01x faster", TimesFaster { factor: 1.01 }, None),
        ("40% faster", PercentFaster { percent: 40.0 }, None),
        ("99.5% faster", PercentFaster { percent: 99.5 }, None),
        ("0.5% faster", PercentFaster { percent: 0.5 }, None),
        ("no slower", NoSlower, None),
        ("No  SLOWER", NoSlower, None),
        (
            "61% fewer bytes",
            PercentLess {
                metric: Bytes,
                percent: 61.0,
            },
            None,
        ),
        (
            "61% less memory",
            PercentLess {
                metric: Bytes,
                percent: 61.0,
            },
            None,
        ),
        (
            "50% fewer allocations",
            PercentLess {
                metric: Allocations,
                percent: 50.0,
            },
            None,
        ),
        (
            "50% fewer allocs",
            PercentLess {
                metric: Allocations,
                percent: 50.0,
            },
            None,
        ),
        (
            "100% fewer allocations",
            PercentLess {
                metric: Allocations,
                percent: 100.0,
            },
            None,
        ),
        (
            "99.998% less peak memory",
            PercentLess {
                metric: PeakBytes,
                percent: 99.998,
            },
            None,
        ),
        (
            "no more allocations",
            NoMore {
                metric: Allocations,
            },
            None,
        ),
        (
            "no more allocs",
            NoMore {
                metric: Allocations,
            },
            None,
        ),
        ("no more bytes", NoMore { metric: Bytes }, None),
        ("no more memory", NoMore { metric: Bytes }, None),
        ("no more peak memory", NoMore { metric: PeakBytes }, None),
        (
            "1.5x faster at 10000",
            TimesFaster { factor: 1.5 },
            Some("10000"),
        ),
        (
            "1.5x faster at 10,000",
            TimesFaster { factor: 1.5 },
            Some("10000"),
        ),
        (
            "1.5x faster AT 10_000",
            TimesFaster { factor: 1.5 },
            Some("10000"),
        ),
        ("no slower at 100", NoSlower, Some("100")),
        (
            "no more bytes at 1<<4",
            NoMore { metric: Bytes },
            Some("1<<4"),
        ),
        (
            "20% less memory at 1 << 4",
            PercentLess {
                metric: Bytes,
                percent: 20.0,
            },
            Some("1<<4"),
        ),
        (
            "30% fewer instructions",
            PercentFewerInstructions { percent: 30.0 },
            None,
        ),
        (
            "12.5% FEWER instrs at 100",
            PercentFewerInstructions { percent: 12.5 },
            Some("100"),
        ),
        ("no more instructions", NoMoreInstructions, None),
        ("no more instrs at 100", NoMoreInstructions, Some("100")),
    ]
}

#[test]
fn accepts_every_form() {
    for (text, expect, at) in accepted() {
        let claim = one(text);
        assert_eq!(claim.text, text.trim(), "{text:?}");
        assert_eq!(claim.expect, expect, "{text:?}");
        assert_eq!(claim.at.as_deref(), at, "{text:?}");
    }
}

#[test]
fn canonical_text_parses_back_to_the_same_claim() {
    for (text, ..) in accepted() {
        let claim = one(text);
        let canonical = claim.to_string();
        let again = one(&canonical);
        assert_eq!(
            (again.expect, &again.at),
            (claim.expect, &claim.at),
            "{text:?} -> {canonical:?}"
        );
        // The canonical text is a fixed point.
        assert_eq!(again.to_string(), canonical);
    }
}

/// The macro parses, the runtime checks: the parsed claim must be the
/// one the generated code builds with `Claim::from_static` (in a
/// `static`, as there), and show as the canonical text.
#[test]
fn parsed_claims_are_the_runtime_claims() {
    static GENERATED: &[Claim] = &[
        Claim::from_static(
            "61% less memory",
            PercentLess {
                metric: Bytes,
                percent: 61.0,
            },
            None,
        ),
        Claim::from_static("3X  faster", TimesFaster { factor: 3.0 }, None),
        Claim::from_static("3× faster", TimesFaster { factor: 3.0 }, None),
        Claim::from_static(
            "1.5x faster at 10,000",
            TimesFaster { factor: 1.5 },
            Some("10000"),
        ),
        Claim::from_static(
            "50% fewer allocs",
            PercentLess {
                metric: Allocations,
                percent: 50.0,
            },
            None,
        ),
        Claim::from_static(
            "99.998% less peak memory",
            PercentLess {
                metric: PeakBytes,
                percent: 99.998,
            },
            None,
        ),
        Claim::from_static("no more memory", NoMore { metric: Bytes }, None),
        Claim::from_static("no more peak memory", NoMore { metric: PeakBytes }, None),
        Claim::from_static("40.0% faster", PercentFaster { percent: 40.0 }, None),
        Claim::from_static("no slower at 1 << 4", NoSlower, Some("1<<4")),
    ];
    let canonical = [
        "61% fewer bytes",
        "3x faster",
        "3x faster",
        "1.5x faster at 10000",
        "50% fewer allocations",
        "99.998% less peak memory",
        "no more bytes",
        "no more peak memory",
        "40% faster",
        "no slower at 1<<4",
    ];
    assert_eq!(GENERATED.len(), canonical.len());
    for (generated, canonical) in GENERATED.iter().zip(canonical) {
        let parsed = one(&generated.text);
        assert_eq!(&parsed, generated, "{:?}", generated.text);
        assert_eq!(parsed.to_string(), canonical, "{:?}", generated.text);
        assert_eq!(generated.to_string(), canonical);
    }
}

#[test]
fn splits_lists_at_commas_between_claims() {
    assert_eq!(
        split("56% faster, 61% less memory,50% fewer allocations"),
        ["56% faster", "61% less memory", "50% fewer allocations"]
    );
    assert_eq!(
        split("2x faster at 10,000, no slower at 1,000,000"),
        ["2x faster at 10,000", "no slower at 1,000,000"]
    );
    assert_eq!(split("3x faster"), ["3x faster"]);
    assert_eq!(split("3x faster,"), ["3x faster", ""]);
    assert_eq!(
        split("2x faster at Vec<Vec<u8>>, no slower at 1<<4, 3x faster at N<<2, no slower"),
        [
            "2x faster at Vec<Vec<u8>>",
            "no slower at 1<<4",
            "3x faster at N<<2",
            "no slower"
        ]
    );
    assert_eq!(
        split("x at [u8; 4], y at (u8, u16), z"),
        ["x at [u8; 4]", "y at (u8, u16)", "z"]
    );
    let args = args();
    let (claims, errors) = parse(
        " 56% faster, 61% less memory , 2x faster at 10,000 ",
        Args::List(&args),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let texts: Vec<&str> = claims.iter().map(|c| &*c.text).collect();
    assert_eq!(
        texts,
        ["56% faster", "61% less memory", "2x faster at 10,000"]
    );
    assert_eq!(claims[2].at.as_deref(), Some("10000"));
}

#[test]
fn every_bad_part_of_a_list_is_reported() {
    let args = args();
    let (claims, errors) = parse(
        "56% faster, 61% less memery, 3 times faster",
        Args::List(&args),
    );
    assert_eq!(claims.len(), 1);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_has(
        &errors[0],
        "unknown claim `61% less memery`: did you mean `61% less memory`?",
    );
    assert_has(&errors[1], "did you mean `3x faster`?");
}

#[test]
fn suggestions() {
    let cases = [
        ("3 times faster", "3x faster"),
        ("3 TIMES faster at 100", "3x faster at 100"),
        ("2.5x", "2.5x faster"),
        ("50% smaller", "50% fewer bytes"),
        ("50% less bytes", "50% fewer bytes"),
        ("50% less allocations", "50% fewer allocations"),
        ("50% less peak", "50% less peak memory"),
        ("61% less memery", "61% less memory"),
        ("10% fewer byte", "10% fewer bytes"),
        ("no more alocations", "no more allocations"),
        ("no slowr", "no slower"),
        ("fewer bytes", "P% fewer bytes"),
        ("20% less instructions", "20% fewer instructions"),
        ("20% fewer cycles", "20% fewer instructions"),
        ("no more instuctions", "no more instructions"),
        ("fewer instructions", "P% fewer instructions"),
    ];
    for (text, suggestion) in cases {
        let e = error(text);
        assert_has(
            &e,
            &format!("unknown claim `{text}`: did you mean `{suggestion}`?"),
        );
        assert_has(&e, "Expected one of `Nx faster`, `P% faster`, `no slower`");
    }
}

#[test]
fn explanations() {
    let e = error("faster");
    assert_has(
        &e,
        "unknown claim `faster`: say by how much: `Nx faster` or `P% faster`",
    );
    for text in ["2x slower", "10% slower", "slower"] {
        let e = error(text);
        assert_has(
            &e,
            "claims state what `after` gains over `before`, not what it loses",
        );
        assert_has(&e, "write `no slower`");
    }
    assert_has(&error("10% more memory"), "write `no more bytes`");
    assert_has(
        &error("10% more instructions"),
        "write `no more instructions`",
    );
}

#[test]
fn unknown_without_suggestion_lists_the_forms() {
    assert_eq!(
        error("allocates nothing"),
        "unknown claim `allocates nothing`, expected one of `Nx faster`, `P% faster`, \
         `no slower`, `P% fewer bytes`, `P% less memory`, `P% fewer allocations`, \
         `P% less peak memory`, `no more allocations`, `no more bytes`, `no more memory`, \
         `no more peak memory`, `P% fewer instructions`, `no more instructions`, each \
         optionally followed by `at ARG`"
    );
    assert_has(&error(""), "empty claim, expected one of `Nx faster`");
    assert_has(&error("at 100"), "empty claim");
}

#[test]
fn numbers_out_of_range() {
    assert_eq!(
        error("300% faster"),
        "`300% faster` is ambiguous (3x or 4x?): write `Nx faster`, e.g. `4x faster` \
         if after takes a quarter of before's time"
    );
    assert_has(
        &error("100% faster"),
        "`100% faster` is ambiguous (1x or 2x?): write `Nx faster`, e.g. `2x faster` \
         if after takes half of before's time",
    );
    assert_has(&error("150% faster"), "(1.5x or 2.5x?)");
    assert_has(&error("150% faster"), "takes 1/2.5 of before's time");
    for text in ["1x faster", "0.5x faster", "1.0x faster"] {
        assert_has(&error(text), &format!("`{text}` promises no speedup"));
    }
    assert_has(&error("0% faster"), "`0% faster` promises no speedup");
    assert_has(
        &error("101% fewer bytes"),
        "`101% fewer bytes` is impossible",
    );
    assert_has(&error("0% less memory"), "or `no more bytes`");
    assert_has(
        &error("101% fewer instructions"),
        "`101% fewer instructions` is impossible",
    );
    assert_has(&error("0% fewer instructions"), "or `no more instructions`");
    assert_has(
        &error("1.2.3x faster"),
        "`1.2.3` in `1.2.3x faster` is not a number",
    );
    assert_has(&error("3.x faster"), "is not a number");
    let huge = format!("{}x faster", "9".repeat(400));
    assert_has(&error(&huge), "is not a number");
}

#[test]
fn at_names_one_of_the_args() {
    assert_eq!(
        error("3x faster at 5"),
        "`at 5` in `3x faster at 5` names none of this attribute's `args`, \
         expected one of `at 100`, `at 10_000`, `at 1 << 4`"
    );
    assert_has(
        &error("3x faster at"),
        "`3x faster at` ends in `at` without an input",
    );
    let e = errors("3x faster at 100", Args::Absent);
    assert_eq!(
        e,
        [
            "`3x faster at 100` names an input with `at`, but this attribute has no \
          `args` to name: remove `at 100`, or give the inputs with `args = [...]`"
        ]
    );
    // Both the claim and its input can be wrong.
    let e = errors("3 times faster at 5", Args::Absent);
    assert_eq!(e.len(), 2, "{e:?}");
    // `args` could not be read: `at` is taken as written.
    let (claims, e) = parse("3x faster at 5_0", Args::Unknown);
    assert!(e.is_empty());
    assert_eq!(claims[0].at.as_deref(), Some("50"));
}

#[test]
fn shapes() {
    assert_eq!(shape("3x faster"), (Some("3"), "Nx faster".to_owned()));
    assert_eq!(shape("3 x faster"), (Some("3"), "Nx faster".to_owned()));
    assert_eq!(shape("3× faster"), (Some("3"), "Nx faster".to_owned()));
    assert_eq!(shape("50 %fewer"), (Some("50"), "N% fewer".to_owned()));
    assert_eq!(shape("3xfaster"), (Some("3"), "N xfaster".to_owned()));
    assert_eq!(shape("no slower"), (None, "no slower".to_owned()));
}

#[test]
fn at_names_a_type_or_an_args_value_of_a_generic_function() {
    let types = vec!["u32".to_owned(), "HashMap < u64 , u64 >".to_owned()];
    let args = vec!["1_000".to_owned()];
    let typed = Args::Typed {
        types: &types,
        args: &args,
    };
    let (claims, errors) = parse(
        "2x faster at u32, no more bytes at HashMap<u64,u64>, no slower at 1000",
        typed,
    );
    assert!(errors.is_empty(), "{errors:?}");
    let at: Vec<Option<&str>> = claims.iter().map(|c| c.at.as_deref()).collect();
    assert_eq!(at, [Some("u32"), Some("HashMap<u64u64>"), Some("1000")]);
    // The claims apply to the inputs of that type, or at that value.
    assert!(claims[0].applies_to(Some("u32 × 1_000")));
    assert!(!claims[0].applies_to(Some("HashMap<u64, u64> × 1_000")));
    assert!(claims[1].applies_to(Some("HashMap<u64, u64> × 1_000")));
    assert!(claims[2].applies_to(Some("u32 × 1,000")));
    let (_, errors) = parse("2x faster at u16", typed);
    assert_eq!(
        errors,
        [
            "`at u16` in `2x faster at u16` names none of this attribute's `types` or `args`, \
          expected one of `at u32`, `at HashMap < u64 , u64 >`, `at 1_000`"
        ]
    );
    let no_args = Vec::new();
    let (_, errors) = parse(
        "2x faster at",
        Args::Typed {
            types: &types,
            args: &no_args,
        },
    );
    assert!(
        errors[0].contains("expected one of this attribute's `types`"),
        "{errors:?}"
    );
}
