//! Unit tests of `attr.rs`.

use super::*;

/// Parses `args` and returns the attributes and every error message.
fn run(args: TokenStream) -> (Attrs, Vec<String>) {
    let cx = Ctxt::new();
    let attrs = parse(&cx, args);
    let errors = cx
        .check()
        .err()
        .into_iter()
        .flatten()
        .map(|e| e.to_string())
        .collect();
    (attrs, errors)
}

#[test]
fn reads_every_key() {
    let (attrs, errors) = run(quote!(
        group = "g",
        before,
        input = inputs::make,
        args = [1, 2 + 3],
        claim = "a",
        claim = "b",
        reported = "r"
    ));
    assert!(errors.is_empty(), "{errors:?}");
    let group = attrs.group.map(|f| f.value.map(|g| g.value()));
    assert_eq!(group, Some(Ok("g".to_owned())));
    assert!(matches!(
        attrs.role.map(|f| f.value),
        Some(Ok(RoleAttr::Before))
    ));
    let input = attrs.input.map(|f| f.value.map(|p| quote!(#p).to_string()));
    assert_eq!(input, Some(Ok("inputs :: make".to_owned())));
    let args = attrs.args.map(|f| f.value.map(|a| a.len()));
    assert_eq!(args, Some(Ok(2)));
    let claims: Vec<String> = attrs.claims.iter().map(LitStr::value).collect();
    assert_eq!(claims, ["a", "b"]);
    assert!(attrs.reported.is_some());
    assert!(!attrs.incomplete);
}

#[test]
fn variant_role_and_trailing_comma() {
    let (attrs, errors) = run(quote!(group = "g", variant = "heap",));
    assert!(errors.is_empty(), "{errors:?}");
    match attrs.role.map(|f| f.value) {
        Some(Ok(RoleAttr::Other(name))) => assert_eq!(name.value(), "heap"),
        _ => panic!("expected variant role"),
    }
}

#[test]
fn unknown_key_lists_accepted_keys() {
    let (_, errors) = run(quote!(group = "g", before, colour = "red"));
    assert_eq!(
        errors,
        [format!("unknown key `colour`, expected one of {KEYS}")]
    );
}

#[test]
fn wrong_kinds() {
    let (attrs, errors) = run(quote!(
        group = 3,
        before = 1,
        input = "f",
        args = 5,
        claim = x,
        reported = r
    ));
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(errors[0].starts_with("expected a string literal for `group`"));
    assert!(errors[1].starts_with("`before` takes no value"));
    assert!(errors[2].starts_with("expected a path to the function"));
    assert!(errors[3].starts_with("expected a non-empty bracketed list"));
    assert!(errors[4].starts_with("expected a string literal for `claim`"));
    assert!(errors[5].starts_with("expected a string literal for `reported`"));
    // The keys still count as given.
    assert!(attrs.group.is_some() && attrs.role.is_some() && attrs.input.is_some());
}

#[test]
fn missing_values() {
    let (_, errors) = run(quote!(group, variant, input, args));
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("`group` needs a string literal value"));
    assert!(errors[1].starts_with("`variant` needs a string literal value"));
    assert!(errors[2].starts_with("`input` needs a value"));
    assert!(errors[3].starts_with("`args` needs a value"));
}

#[test]
fn empty_args() {
    let (_, errors) = run(quote!(args = []));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("`args` is empty"));
}

#[test]
fn duplicates_and_second_role() {
    let (_, errors) = run(quote!(
        group = "a",
        group = "b",
        before,
        before,
        after,
        claim = "x",
        claim = "y"
    ));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("duplicate `group`"));
    assert!(errors[1].starts_with("duplicate `before`"));
    assert!(errors[2].starts_with("a variant has exactly one role, and `before`"));
}

#[test]
fn recovers_from_syntax_errors() {
    let (attrs, errors) = run(quote!(group "g", before, 7, after));
    assert!(attrs.incomplete);
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("expected `,`")));
    assert!(errors.iter().any(|e| e.starts_with("expected a key")));
    // `before` was still read, and `after` is a second role.
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("a variant has exactly one role"))
    );
}

#[test]
fn generic_input_path() {
    let (attrs, errors) = run(quote!(input = make::<u32, u64>));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(matches!(attrs.input.map(|f| f.value), Some(Ok(_))));
}
