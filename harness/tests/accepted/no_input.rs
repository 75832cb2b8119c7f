//! A function without parameters needs no `input`.

#![deny(warnings)]

use optbench::__internal::Registry;
use optbench::optimize_bench;

#[optimize_bench(group = "build", before)]
fn build_vec() -> Vec<u8> {
    vec![0; 64]
}

#[optimize_bench(group = "build", after, claim = "100% fewer allocations")]
const fn build_array() -> [u8; 64] {
    [0; 64]
}

#[optimize_bench(group = "nothing", before)]
fn do_nothing() {}

fn main() {
    assert_eq!(build_vec(), build_array());
    do_nothing();

    let registry = Registry::collect();
    assert_eq!(registry.variants().len(), 3);
    for variant in registry.variants() {
        assert_eq!(variant.input_name, "");
        assert!(variant.args.is_empty());
        assert!(!variant.mutable_input);
        let mut instance = variant.subject.instantiate(0);
        let (a, b) = (instance.call_once(), instance.call_once());
        assert_eq!(instance.outputs_equal(&*a, &*b), Some(true));
    }
}
