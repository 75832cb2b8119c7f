use optbench::optimize_bench;

fn make() -> String {
    "abc".to_owned()
}

#[optimize_bench(group = "g", before, input = make)]
fn f<'a>(s: &'a String) -> usize {
    s.len()
}

fn main() {
    f(&make());
}
