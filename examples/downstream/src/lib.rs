//! A small text library whose production functions carry
//! `#[optimize_bench]` in place: optbench's example for library authors.
//!
//! The old version of each function stays beside the new one, marked
//! `before`; the new one carries the claim. In the library's normal build
//! the attribute adds nothing but a compile-time check (optbench is a
//! dependency with `default-features = false`); `cargo bench` in this
//! package measures them.

use optbench::optimize_bench;

/// About 64 KiB of words and lines, the same on every call: the input the
/// benches measure with (building it is never measured).
pub fn sample_text() -> String {
    let words = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    ];
    let mut x = 0x9e37_79b9_u32;
    let mut text = String::new();
    while text.len() < 64 * 1024 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        text.push_str(words[(x % 8) as usize]);
        text.push(if x.is_multiple_of(11) { '\n' } else { ' ' });
    }
    text
}

/// The word count, as it used to be: the words collected into a `Vec`
/// first.
#[optimize_bench(group = "word_count", before, input = sample_text)]
pub fn word_count_collected(text: &str) -> usize {
    text.split_whitespace().collect::<Vec<_>>().len()
}

/// The word count without collecting anything.
#[optimize_bench(
    group = "word_count",
    after,
    input = sample_text,
    claim = "no slower, 100% fewer allocations"
)]
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// `n` copies of a short line, for the line-joining benches.
pub fn lines(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("line {i}: some text")).collect()
}

/// Lines joined with `\n`, as it used to be: the string grows as it goes.
#[optimize_bench(group = "join", before, input = lines, args = [10, 1_000])]
pub fn join_growing(lines: &[String]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Lines joined with `\n` into a string sized once.
#[optimize_bench(
    group = "join",
    after,
    input = lines,
    args = [10, 1_000],
    claim = "50% fewer allocations at 1000"
)]
pub fn join_sized(lines: &[String]) -> String {
    let len = lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1);
    let mut out = String::with_capacity(len);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_versions_agree() {
        let text = sample_text();
        assert_eq!(word_count(&text), word_count_collected(&text));
        let l = lines(5);
        assert_eq!(join_sized(&l), join_growing(&l));
        assert_eq!(join_sized(&l), l.join("\n"));
    }
}
