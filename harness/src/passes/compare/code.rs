//! What identifies the code of a comparison for history: the build and
//! both arms' exact heap figures, and, where counted, their instruction
//! counts (`crate::history::Code`).

use super::Measured;
use crate::history::{Code, Counted};
use crate::registry::Role;

/// What identifies the code of the comparison of variant `vi` with
/// `before` for history ([`code_in`]).
pub(super) fn code_of(m: &Measured<'_>, vi: usize) -> Code {
    let heap = |i: usize| {
        m.variants[i]
            .heap
            .as_ref()
            .map(|h| format!("{}a{}b", h.allocations, h.bytes))
    };
    let instructions = |i: usize| {
        m.variants[i]
            .instructions
            .as_ref()
            .map(|f| (median_count(&f.counts), spread_of(&f.counts)))
    };
    let arm = |i: usize| Arm {
        heap: heap(i),
        instructions: instructions(i),
    };
    let before = m.case.variants.iter().position(|v| v.role == Role::Before);
    let none = Arm {
        heap: None,
        instructions: None,
    };
    code_in(crate::history::build(), before.map_or(none, arm), arm(vi))
}

/// The median of an arm's counted calls' instructions (the lower middle
/// one of an even number).
pub(super) fn median_count(counts: &[u64]) -> u64 {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    sorted
        .get(sorted.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0)
}

/// How far an arm's counted calls' instructions spread: the largest less
/// the smallest (0 with none).
pub(super) fn spread_of(counts: &[u64]) -> u64 {
    let (lo, hi) = counts
        .iter()
        .fold((u64::MAX, 0), |(lo, hi), &c| (lo.min(c), hi.max(c)));
    hi.saturating_sub(lo)
}

/// One arm's exact figures per call, as far as the run has them: its heap
/// figures, and its calls' median instruction count with their spread.
pub(super) struct Arm {
    pub(super) heap: Option<String>,
    pub(super) instructions: Option<(u64, u64)>,
}

/// The bench executable's build `build` with both arms' exact heap figures
/// per call (the build alone when either has none), and, when both arms
/// also have instruction counts, the heap figures with the counts: the same
/// code in another build.
pub(super) fn code_in(build: &str, before: Arm, candidate: Arm) -> Code {
    let (Some(b), Some(c)) = (before.heap, candidate.heap) else {
        return Code::of_build(build);
    };
    let heap = format!("{b}/{c}");
    let counted = before
        .instructions
        .zip(candidate.instructions)
        .map(|((bi, bs), (ci, cs))| Counted {
            heap: heap.clone(),
            instructions: [bi, ci],
            spread: [bs, cs],
        });
    Code {
        build: format!("{build}:{heap}"),
        counted,
    }
}
