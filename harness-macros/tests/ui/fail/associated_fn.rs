use optbench::optimize_bench;

struct Parser;

impl Parser {
    #[optimize_bench(group = "g", before)]
    fn parse() -> u32 {
        1
    }
}

fn main() {
    Parser::parse();
}
