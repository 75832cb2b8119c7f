//! An output type without `PartialEq` or `Debug` still compiles: its outputs
//! are just not compared.

#![deny(warnings)]

use optbench::__internal::Registry;
use optbench::optimize_bench;

pub struct Opaque {
    pub len: usize,
}

fn make() -> String {
    "hello".to_owned()
}

#[optimize_bench(group = "opaque", before, input = make)]
fn wrap(s: &str) -> Opaque {
    Opaque { len: s.len() }
}

fn main() {
    assert_eq!(wrap(&make()).len, 5);

    let registry = Registry::collect();
    let [variant] = registry.variants() else {
        panic!("expected one variant: {registry:?}");
    };
    let mut instance = variant.subject.instantiate(0);
    let (a, b) = (instance.call_once(), instance.call_once());
    assert_eq!(instance.outputs_equal(&*a, &*b), None);
    assert_eq!(instance.output_debug(&*a), None);
    assert_eq!(a.downcast_ref::<Opaque>().map(|o| o.len), Some(5));
}
