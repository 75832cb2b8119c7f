//! Mistakes on the command line: each a usage error that says what was
//! expected (exit 2), never a panic or a flag swallowed as a value.

use super::*;

#[test]
fn gate_flag_mistakes_are_usage_errors() {
    let err = |args: &[&str]| parse(args).unwrap_err().to_string();
    assert_eq!(
        err(&["--baseline", "a", "--baseline-file", "b"]),
        "`--baseline` and `--baseline-file` both name a baseline; give one"
    );
    assert_eq!(
        err(&["--strict"]),
        "`--strict` applies to `--gate`; add `--gate`"
    );
    assert!(err(&["--max-regression", "5%"]).starts_with("`--max-regression` applies"));
    assert!(
        err(&["--bench", "--against", "x", "--baseline", "m"]).starts_with("`--against` compares")
    );
    assert!(err(&["--against", "x"]).ends_with("not as a smoke test"));
    assert!(err(&["--bench", "--against", "x", "--aa"]).starts_with("`--against` and `--aa`"));
    assert_eq!(
        err(&["--bench", "--against"]),
        "flag `--against` expects a value"
    );
    assert_eq!(
        err(&["--baseline", "x", "--max-regression", "ten"]),
        "flag `--max-regression` expects a percentage above 0% and at most 1000%, like 10%, got `ten`"
    );
    assert!(err(&["--baseline", "../etc/passwd"]).starts_with("flag `--baseline` expects a name"));
    assert!(err(&["--save-baseline", ".hidden"]).starts_with("flag `--save-baseline`"));
    assert_eq!(
        err(&["--format", "xml"]),
        "flag `--format` expects one of table, markdown, json, got `xml`"
    );
    assert_eq!(err(&["--out"]), "flag `--out` expects a value");
    // A missing value never swallows the next flag.
    assert_eq!(
        err(&["--bench", "--save-baseline", "--gate"]),
        "flag `--save-baseline` expects a value, got the flag `--gate` (write `--save-baseline=VALUE` for a value that starts with `-`)"
    );
    assert!(err(&["--out", "-v"]).starts_with("flag `--out` expects a value, got the flag `-v`"));
    assert_eq!(err(&["--quick=yes"]), "flag `--quick` takes no value");
}

#[test]
fn unknown_flag_is_an_error_not_a_panic() {
    assert_eq!(
        parse(&["--frobnicate"]),
        Err(UsageError::UnknownFlag("--frobnicate".into()))
    );
    assert_eq!(parse(&["-x"]), Err(UsageError::UnknownFlag("-x".into())));
}

#[test]
fn a_near_miss_of_a_flag_gets_a_suggestion() {
    let said = |args: &[&str]| parse(args).unwrap_err().to_string();
    assert_eq!(
        said(&["--quik"]),
        "unknown flag `--quik`: did you mean `--quick`?"
    );
    assert_eq!(
        said(&["--basline", "main"]),
        "unknown flag `--basline`: did you mean `--baseline`?"
    );
    assert_eq!(
        said(&["--gate-onn=instructions"]),
        "unknown flag `--gate-onn=instructions`: did you mean `--gate-on`?"
    );
    // Far from every flag: the list of them.
    assert!(
        said(&["--frobnicate"]).starts_with("unknown flag `--frobnicate`, expected one of --exact"),
        "{}",
        said(&["--frobnicate"])
    );
}
