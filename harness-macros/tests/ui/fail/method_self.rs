use optbench::optimize_bench;

struct Counter(u32);

impl Counter {
    #[optimize_bench(group = "g", before)]
    fn get(&self) -> u32 {
        self.0
    }
}

fn main() {
    Counter(1).get();
}
