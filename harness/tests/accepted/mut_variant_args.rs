//! `&mut T` input, `variant = "..."`, and `args`, with a raw string and an
//! expression among them.

#![deny(warnings)]
// The input taken as `&mut T`, exactly the type its function builds, is
// the shape under test.
#![allow(clippy::ptr_arg)]

use optbench::__internal::Registry;
use optbench::__private::Role;
use optbench::optimize_bench;

fn make(len: usize) -> Vec<u32> {
    (0..len as u32).rev().collect()
}

#[optimize_bench(group = "sort", before, input = make, args = [10, 10 * 100])]
fn sort_stable(v: &mut Vec<u32>) {
    v.sort();
}

#[optimize_bench(
    group = "sort",
    variant = r"unstable",
    input = make,
    args = [10, 10 * 100],
    claim = "no slower at 10 * 100"
)]
fn sort_unstable(v: &mut Vec<u32>) -> usize {
    v.sort_unstable();
    v.len()
}

fn main() {
    let mut a = make(3);
    let mut b = make(3);
    sort_stable(&mut a);
    assert_eq!(sort_unstable(&mut b), 3);
    assert_eq!(a, b);

    let registry = Registry::collect();
    let [stable, unstable] = registry.variants() else {
        panic!("expected two variants: {registry:?}");
    };
    assert_eq!(stable.role, Role::Before);
    assert_eq!(
        (unstable.name, &unstable.role),
        ("sort_unstable", &Role::Other("unstable".into()))
    );
    assert!(stable.mutable_input && unstable.mutable_input);
    assert_eq!(unstable.args, ["10", "10 * 100"]);
    // `at` names an argument as written, compared without spaces.
    let [claim] = unstable.claims else {
        panic!("expected one claim: {:?}", unstable.claims);
    };
    assert_eq!(
        (claim.text.as_ref(), claim.at.as_deref()),
        ("no slower at 10 * 100", Some("10*100"))
    );
    assert!(claim.applies_to(Some(unstable.args[1])));
    assert!(!claim.applies_to(Some(unstable.args[0])));
    assert_eq!(unstable.input_name, "make");
    // `args[i]` builds the input with `make(args[i])`.
    for (arg, len) in [(0, 10), (1, 1000)] {
        let mut instance = unstable.subject.instantiate(arg);
        let out = instance.call_once();
        assert_eq!(out.downcast_ref::<usize>(), Some(&len));
    }
}
