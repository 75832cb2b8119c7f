//! Where the attribute stands. An associated function of an `impl` block
//! reaches the attribute as the same tokens as a free function, and the
//! registration generated beside it cannot name it; rustc would then say
//! only "cannot find function". The source file of the call site
//! (`proc_macro::Span::local_file`) tells the two apart: the attribute, with
//! the same arguments, on a function of that name inside an `impl` (or
//! `trait`) block, and on no free function.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use quote::ToTokens as _;
use syn::{ImplItem, Item, TraitItem};

/// One annotated function found in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotated {
    /// Its name.
    pub ident: String,
    /// The attribute's arguments, whitespace removed.
    pub args: String,
    /// The `impl` block's type (or the trait) it belongs to; `None` for a
    /// free function.
    pub owner: Option<String>,
    /// Its `group`, when the attribute names one.
    pub group: Option<String>,
    /// Whether it is its group's `before`.
    pub before: bool,
    /// Its `types`, each whitespace removed; empty without.
    pub types: Vec<String>,
}

thread_local! {
    /// The annotated functions of each file read so far in this
    /// compilation (the attribute runs once per function).
    static FILES: RefCell<HashMap<PathBuf, Rc<Vec<Annotated>>>> = RefCell::new(HashMap::new());
}

/// The type whose `impl` block holds the function `ident` annotated with
/// `args`, when the source file at `file` says so unambiguously.
pub fn owner_in_file(file: &Path, ident: &str, args: &str) -> Option<String> {
    owner(&in_file(file)?, ident, args)
}

/// The annotated functions of the source file at `file`, read once per
/// compilation.
fn in_file(file: &Path) -> Option<Rc<Vec<Annotated>>> {
    FILES.with(|files| {
        if let Some(found) = files.borrow().get(file) {
            return Some(Rc::clone(found));
        }
        let source = std::fs::read_to_string(file).ok()?;
        let found = Rc::new(annotated(&source));
        files
            .borrow_mut()
            .insert(file.to_path_buf(), Rc::clone(&found));
        Some(found)
    })
}

/// The `types` of `group`'s `before` when it is in the source file at
/// `file` and they differ from `types` (whitespace removed): then a
/// variant of that group in that file was given other types than its
/// baseline, which only the runner would see otherwise. The `before` is
/// named by its function.
pub fn types_of_before(
    file: &Path,
    group: &str,
    types: &[String],
) -> Option<(String, Vec<String>)> {
    let found = in_file(file)?;
    let before = found
        .iter()
        .find(|a| a.before && a.group.as_deref() == Some(group))?;
    (before.types != types).then(|| (before.ident.clone(), before.types.clone()))
}

/// The owner of `ident` with `args` among `found`: only when every match is
/// associated (a free function of the same name and arguments leaves it
/// undecided, and the attribute then says nothing).
pub fn owner(found: &[Annotated], ident: &str, args: &str) -> Option<String> {
    let args = squash(args);
    let mut matches = found.iter().filter(|a| a.ident == ident && a.args == args);
    let first = matches.next()?;
    let owner = first.owner.clone()?;
    matches.all(|a| a.owner.is_some()).then_some(owner)
}

/// Every function of `source` carrying `#[optimize_bench(...)]`, free or
/// associated, in modules at any depth.
pub fn annotated(source: &str) -> Vec<Annotated> {
    let Ok(file) = syn::parse_file(source) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    items(&file.items, &mut out);
    out
}

fn items(items: &[Item], out: &mut Vec<Annotated>) {
    for item in items {
        match item {
            Item::Fn(f) => push(out, &f.attrs, &f.sig.ident, None),
            Item::Impl(i) => {
                let owner = squash(&i.self_ty.to_token_stream().to_string());
                for it in &i.items {
                    if let ImplItem::Fn(f) = it {
                        push(out, &f.attrs, &f.sig.ident, Some(owner.clone()));
                    }
                }
            }
            Item::Trait(t) => {
                for it in &t.items {
                    if let TraitItem::Fn(f) = it {
                        push(out, &f.attrs, &f.sig.ident, Some(t.ident.to_string()));
                    }
                }
            }
            Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    self::items(inner, out);
                }
            }
            _ => {}
        }
    }
}

fn push(
    out: &mut Vec<Annotated>,
    attrs: &[syn::Attribute],
    ident: &syn::Ident,
    owner: Option<String>,
) {
    for attr in attrs {
        let is_ours = attr
            .path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "optimize_bench");
        if let (true, Ok(list)) = (is_ours, attr.meta.require_list()) {
            let cx = crate::ctxt::Ctxt::new();
            let attrs = crate::attr::parse(&cx, list.tokens.clone());
            // Its mistakes are reported where it is expanded, not here.
            let _ = cx.check();
            out.push(Annotated {
                ident: ident.to_string(),
                args: squash(&list.tokens.to_string()),
                owner: owner.clone(),
                group: attrs.group.and_then(|g| g.value.ok()).map(|g| g.value()),
                before: matches!(
                    attrs.role.map(|r| r.value),
                    Some(Ok(crate::attr::RoleAttr::Before))
                ),
                types: attrs
                    .types
                    .and_then(|t| t.value.ok())
                    .map(|t| {
                        t.iter()
                            .map(|t| squash(&t.to_token_stream().to_string()))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
}

/// `s` without whitespace.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"
        use optbench::optimize_bench;
        struct Parser;
        impl Parser {
            #[optimize_bench(group = "g", before)]
            fn parse() -> u32 { 1 }
        }
        #[optimize_bench(group = "g", after)]
        fn parse() -> u32 { 2 }
        mod inner {
            #[optbench::optimize_bench(group = "h", before)]
            pub fn free() {}
            impl super::Parser {
                #[optimize_bench(group = "h", after)]
                fn free() {}
            }
        }
    "#;

    #[test]
    fn associated_functions_are_told_from_free_ones() {
        let found = annotated(SOURCE);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(
            owner(&found, "parse", r#"group = "g", before"#),
            Some("Parser".to_owned())
        );
        assert_eq!(owner(&found, "parse", r#"group = "g", after"#), None);
        assert_eq!(owner(&found, "free", r#"group = "h", before"#), None);
        assert_eq!(
            owner(&found, "free", r#"group = "h", after"#),
            Some("super::Parser".to_owned())
        );
        // Unknown: not found, or a source that does not parse.
        assert_eq!(owner(&found, "other", ""), None);
        assert!(annotated("fn (").is_empty());
    }

    #[test]
    fn a_free_twin_with_the_same_arguments_leaves_it_undecided() {
        let found = annotated(
            r#"
            impl T { #[optimize_bench(group = "g", before)] fn f() {} }
            mod m { #[optimize_bench(group = "g", before)] fn f() {} }
            "#,
        );
        assert_eq!(owner(&found, "f", r#"group = "g", before"#), None);
    }
}
