//! `args` may be literals, named constants and operators on them; each is
//! evaluated once, where the group's inputs are built.

#![deny(warnings)]

use optbench::__internal::Registry;
use optbench::optimize_bench;

const SMALL: usize = 8;

mod sizes {
    pub const LARGE: usize = 1 << 10;
}

fn make(n: usize) -> Vec<u8> {
    vec![1; n]
}

#[optimize_bench(group = "sum", before, input = make, args = [SMALL, SMALL * 2, sizes::LARGE, (3 + 1) as usize])]
fn sum(v: &[u8]) -> u64 {
    v.iter().map(|&b| u64::from(b)).sum()
}

fn main() {
    assert_eq!(sum(&make(SMALL)), 8);
    let registry = Registry::collect();
    let [v] = registry.variants() else {
        panic!("expected one variant: {registry:?}");
    };
    assert_eq!(
        v.args,
        ["SMALL", "SMALL * 2", "sizes :: LARGE", "(3 + 1) as usize"]
    );
}
