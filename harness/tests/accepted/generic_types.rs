//! `types = [...]` on a generic function (bounds and `where` allowed, the
//! input function generic over the same parameter or not), `args` with it,
//! claims `at` a type, a different input type per variant, and `bytes =` /
//! `elements =`: each registers what it says, and each type's instance
//! runs that type.

#![deny(warnings)]
// The input exactly as its function builds it (`&Vec<T>`), on purpose: the
// parameter's type is then what `keys::<T>` returns.
#![allow(clippy::ptr_arg)]

use std::collections::{BTreeSet, HashSet};
use std::hash::Hash;

use optbench::__internal::Registry;
use optbench::__private::Counter;
use optbench::optimize_bench;

/// `len` keys of type `T`, generic over the parameter.
fn keys<T: From<u16>>(len: usize) -> Vec<T> {
    (0..len as u16).map(T::from).collect()
}

#[optimize_bench(group = "dedup", before, input = keys, args = [10, 1_000], types = [u32, u64])]
fn dedup_sorted<T: Ord + Clone>(v: &Vec<T>) -> usize {
    let mut v = v.clone();
    v.sort();
    v.dedup();
    v.len()
}

#[optimize_bench(
    group = "dedup",
    after,
    input = keys,
    args = [10, 1_000],
    types = [u32, u64],
    elements = count_keys,
    claim = "2x faster at u64, no more allocations at 1_000"
)]
fn dedup_hashed<T>(v: &Vec<T>) -> usize
where
    T: Hash + Eq,
{
    v.iter().collect::<HashSet<_>>().len()
}

/// Generic counters are instantiated like the input function.
fn count_keys<T>(v: &Vec<T>) -> u64 {
    v.len() as u64
}

/// Bytes of text; the same input for every type (the parameter's type does
/// not mention `T`, so `text` is called as written).
fn text() -> String {
    "a b c a b".to_owned()
}

#[optimize_bench(group = "words", before, input = text, types = [String, Box<str>])]
fn words_owned<S: for<'a> From<&'a str> + Ord>(s: &str) -> usize {
    s.split(' ').map(S::from).collect::<BTreeSet<S>>().len()
}

#[optimize_bench(
    group = "words",
    after,
    input = text,
    types = [String, Box<str>],
    bytes = str_bytes
)]
fn words_borrowed<S>(s: &str) -> usize {
    let _ = std::marker::PhantomData::<S>;
    s.split(' ').collect::<BTreeSet<&str>>().len()
}

fn str_bytes(s: &str) -> u64 {
    s.len() as u64
}

/// Two data structures, each from its own input function.
fn btree() -> BTreeSet<u32> {
    (0..100).collect()
}

fn hashed() -> HashSet<u32> {
    (0..100).collect()
}

#[optimize_bench(group = "contains", before, input = btree)]
fn contains_btree(s: &BTreeSet<u32>) -> usize {
    (0..200).filter(|k| s.contains(k)).count()
}

#[optimize_bench(group = "contains", after, input = hashed, claim = "no slower")]
fn contains_hashed(s: &HashSet<u32>) -> usize {
    (0..200).filter(|k| s.contains(k)).count()
}

fn main() {
    assert_eq!(dedup_sorted(&vec![3u8, 1, 3]), 2);
    assert_eq!(dedup_hashed(&vec![3u8, 1, 3]), 2);
    let registry = Registry::collect();
    assert!(registry.validate().is_empty(), "{:?}", registry.validate());
    let find = |name: &str| *registry.variants().iter().find(|v| v.name == name).unwrap();

    let hashed_dedup = find("dedup_hashed");
    assert_eq!(hashed_dedup.types, ["u32", "u64"]);
    assert_eq!(
        hashed_dedup.cases,
        ["u32 × 10", "u32 × 1_000", "u64 × 10", "u64 × 1_000"]
    );
    assert_eq!(hashed_dedup.counter, Some(Counter::Elements));
    let group = registry
        .groups()
        .into_iter()
        .find(|g| g.name == "dedup")
        .unwrap();
    assert_eq!(group.inputs()[3], Some("u64 × 1_000"));
    assert_eq!(
        (group.type_of(1), group.type_of(2)),
        (Some("u32"), Some("u64"))
    );
    // Input 3 is u64 at 1_000: its output and its count.
    let mut instance = hashed_dedup.subject.instantiate(3);
    assert_eq!(*instance.call_once().downcast::<usize>().unwrap(), 1000);
    assert_eq!(instance.processed(), Some(1000));
    assert!(instance.output_type_name().ends_with("usize"));
    let instance = hashed_dedup.subject.instantiate(0);
    assert_eq!(instance.processed(), Some(10));
    // `at u64` applies to both of u64's inputs and no u32 one.
    let at_u64 = &hashed_dedup.claims[0];
    assert!(at_u64.applies_to(Some("u64 × 10")) && !at_u64.applies_to(Some("u32 × 10")));
    let at_1000 = &hashed_dedup.claims[1];
    assert!(at_1000.applies_to(Some("u32 × 1000")) && !at_1000.applies_to(Some("u64 × 10")));

    let words = find("words_borrowed");
    assert_eq!(words.cases, ["String", "Box<str>"]);
    assert_eq!(words.counter, Some(Counter::Bytes));
    let mut instance = words.subject.instantiate(1);
    assert_eq!(*instance.call_once().downcast::<usize>().unwrap(), 3);
    assert_eq!(instance.processed(), Some(9));
    assert_eq!(find("words_owned").counter, None);

    // Different input types in one group are accepted.
    let (b, a) = (find("contains_btree"), find("contains_hashed"));
    assert_eq!(b.input_name, "btree");
    assert_eq!(a.input_name, "hashed");
    for v in [b, a] {
        let mut i = v.subject.instantiate(0);
        assert_eq!(*i.call_once().downcast::<usize>().unwrap(), 100);
    }
    println!("accepted: generic types, inputs per variant, throughput counters");
}
