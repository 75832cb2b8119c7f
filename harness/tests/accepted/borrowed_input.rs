//! The input function may return any `T: Borrow<U>` for a parameter `&U`
//! (`BorrowMut<U>` for `&mut U`): a `Vec<u8>` for `&[u8]`, a `String` for
//! `&str`.

#![deny(warnings)]

use optbench::__internal::Registry;
use optbench::optimize_bench;

fn bytes() -> Vec<u8> {
    vec![1, 2, 3]
}

fn text() -> String {
    "hello".to_owned()
}

#[optimize_bench(group = "sum", before, input = bytes)]
fn sum_slice(v: &[u8]) -> u32 {
    v.iter().map(|&b| u32::from(b)).sum()
}

#[optimize_bench(group = "sum", after, input = bytes)]
fn zero_slice(v: &mut [u8]) -> u32 {
    v.fill(0);
    0
}

#[optimize_bench(group = "len", before, input = text)]
fn str_len(s: &str) -> usize {
    s.len()
}

fn main() {
    assert_eq!(sum_slice(&[1, 2]), 3);
    assert_eq!(zero_slice(&mut [1]), 0);
    assert_eq!(str_len("ab"), 2);

    let registry = Registry::collect();
    let sum = registry
        .variants()
        .iter()
        .find(|v| v.name == "sum_slice")
        .unwrap();
    let mut instance = sum.subject.instantiate(0);
    assert_eq!(*instance.call_once().downcast::<u32>().unwrap(), 6);
    let len = registry
        .variants()
        .iter()
        .find(|v| v.name == "str_len")
        .unwrap();
    assert_eq!(
        *len.subject
            .instantiate(0)
            .call_once()
            .downcast::<usize>()
            .unwrap(),
        5
    );
    assert!(registry.validate().is_empty());
}
