//! The usage text, generated from the table of flags (`super::flags`).

use std::fmt::Write as _;

use super::flags::{FLAGS, Shown};

/// The line printed after a usage error: the shape of a command, and where
/// the options are listed.
pub(crate) const SHORT_USAGE: &str =
    "Usage: cargo bench [-- [OPTIONS] [FILTER]...]  (`cargo bench -- --help` lists the options)";

/// The usage text, printed by `--help`.
pub(crate) fn usage() -> String {
    let mut out = String::from(
        "\
Usage: cargo bench [-- [OPTIONS] [FILTER]...]

Runs every #[optimize_bench] variant of this bench target: a heap pass (an
exact allocation counter), a time pass under criterion, paired comparisons
with before in fresh processes, and one comparison table per group.

Arguments:
  [FILTER]...       Run only variants whose `group/name` contains a FILTER
                    (the group's `before` always runs as the baseline)

Options:
",
    );
    for f in FLAGS.iter().filter(|f| f.shown == Shown::Option) {
        let mut name = match f.short {
            Some(s) => format!("  {s}, {}", f.long),
            None => format!("      {}", f.long),
        };
        if let Some(v) = f.value {
            let _ = write!(name, " {v}");
        }
        let lines = wrap(f.help, 58);
        if name.len() + 2 <= 20 {
            let _ = writeln!(out, "{name:<20}{}", lines[0]);
            for l in &lines[1..] {
                let _ = writeln!(out, "{:20}{l}", "");
            }
        } else {
            let _ = writeln!(out, "{name}");
            for l in &lines {
                let _ = writeln!(out, "{:20}{l}", "");
            }
        }
    }
    let libtest: Vec<String> = FLAGS
        .iter()
        .filter(|f| f.shown == Shown::Libtest)
        .map(|f| match f.value {
            Some(v) => format!("{} {v}", f.long),
            None => f.long.to_owned(),
        })
        .collect();
    let _ = writeln!(
        out,
        "\nAccepted and ignored, for libtest compatibility:\n      {}",
        libtest.join(", ")
    );
    out.push_str(
        "
Exit codes:
  0  everything measured; with --gate, the gate passed
  1  a variant FAILED or is BROKEN; with --gate also: a claim REFUTED that the
     baseline has no verdict on, or worse than the baseline's (CONFIRMED then;
     REFUTED now, or INCONCLUSIVE with a slowdown beyond the threshold); a
     variant slower relative to before than in the baseline significantly
     beyond --max-regression, or with more allocations or bytes; with
     --against, a variant slower than the base build with confidence and not
     shown to stay within --max-regression; more instructions per call than
     the baseline or the base build beyond --max-instr-regression;
     INCONCLUSIVE with --strict. With --gate-on instructions, only what the
     exact measures decide (instructions, allocations, bytes, their claims)
     and FAILED or BROKEN
  2  a usage error, a registry mistake, a filter that selects nothing, a
     baseline that is missing, unreadable, truncated, empty or not optbench's,
     or an --against executable that is not an optbench bench binary of this
     worker protocol version

Output: one table per group on stdout, the results as JSON in
target/optbench/latest.json (with the baseline comparison and the gate's
findings, if any), dhat profiles in target/optbench/dhat/, callgrind's
counts in target/optbench/callgrind/ (when instructions are counted),
criterion's report in target/criterion/.
",
    );
    out
}

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usage_lists_every_shown_flag_and_no_hidden_one() {
        let usage = usage();
        for f in FLAGS {
            let listed = usage.contains(f.long);
            assert_eq!(listed, f.shown != Shown::Hidden, "{}", f.long);
            assert!(listed || !listed_contains(f.long), "{}", f.long);
        }
        assert!(usage.lines().all(|l| l.chars().count() <= 80), "{usage}");
        assert!(usage.contains("  -v, --verbose     Progress as plain lines"));
        assert!(usage.contains("      --replicates <N>\n                    Compare each variant"));
    }

    fn listed_contains(long: &str) -> bool {
        super::super::flags::listed().split(", ").any(|l| l == long)
    }

    #[test]
    fn words_wrap_at_the_width() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("", 6), [""]);
    }
}
