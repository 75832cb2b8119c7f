use optbench::optimize_bench;

fn text() -> String {
    "a b".to_owned()
}

#[optimize_bench(group = "g", before, input = text)]
fn first_word(s: &str) -> Option<&str> {
    s.split(' ').next()
}

fn main() {
    first_word(&text());
}
