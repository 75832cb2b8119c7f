//! Instructions per call, exactly: a worker running under valgrind's
//! callgrind counts the instructions (`Ir`) each measured call executes.
//!
//! Only the measured calls are counted. The worker builds each variant's
//! input and makes one warm-up call first (the last counted call gets an
//! input of its own, built and warmed up anew, so that what differs
//! between inputs, such as a hash map's seed, shows as a count that
//! varies); then, for each counted call, it
//! zeroes callgrind's counters (a client request), calls the function and
//! drops its output (as the time pass times it), and asks callgrind to
//! dump the counters under a label of its own (another client request).
//! Building inputs, the harness and the worker's start-up fall outside
//! every dump. The dumps land in one file, which the worker reads back.
//!
//! What is counted is every instruction the process executes in user space
//! between the zeroing and the dump, in every thread: a variant that spawns
//! threads has their instructions counted too (the worker runs no thread of
//! its own there: the per-call watchdog is off under valgrind). System calls
//! and the kernel are not counted: a gain from fewer reads, from I/O or
//! from memory shows in time, not here.
//!
//! A client request is a fixed instruction sequence that does nothing on a
//! real CPU, issued here with `asm!` (x86-64 and AArch64): no valgrind
//! headers, no build-time bindings.

use std::path::Path;

use crate::registry::Variant;

pub(crate) mod layout;
use crate::results::{Failure, InstructionFigures, Pass};

/// The valgrind arguments an instruction worker runs under; the dumps go
/// to `out_file`. Collection starts on (so threads a variant starts are
/// counted too); what counts is only what lies between a zeroing and a
/// dump.
pub(crate) fn valgrind_args(out_file: &Path) -> Vec<std::ffi::OsString> {
    vec![
        layout::on_path("valgrind").into_os_string(),
        "--tool=callgrind".into(),
        "--combine-dumps=yes".into(),
        "--compress-strings=no".into(),
        "--compress-pos=no".into(),
        "--dump-line=no".into(),
        "--dump-instr=no".into(),
        // valgrind's own lines apart from the worker's stderr, which holds
        // what a crash says; not --quiet, so that the log says what ended
        // a process that died (`valgrind_said`).
        format!("--log-file={}.log", out_file.display()).into(),
        format!("--callgrind-out-file={}", out_file.display()).into(),
    ]
}

/// Callgrind's client requests (`callgrind.h`): tool base `'C' 'T'`.
const CALLGRIND_BASE: usize = ((b'C' as usize) << 24) | ((b'T' as usize) << 16);
/// Dump the counters under a label, then zero them.
const DUMP_STATS_AT: usize = CALLGRIND_BASE + 3;
/// Zero the counters.
const ZERO_STATS: usize = CALLGRIND_BASE + 1;
/// valgrind's core request: nonzero when running under valgrind.
const RUNNING_ON_VALGRIND: usize = 0x1001;

/// Issues client request `request` with `arg`; `default` when not running
/// under valgrind (the sequence is a no-op on the CPU).
#[inline(always)]
fn client_request(default: usize, request: usize, arg: usize) -> usize {
    let args: [usize; 6] = [request, arg, 0, 0, 0, 0];
    #[cfg(target_arch = "x86_64")]
    {
        let result: usize;
        // SAFETY: the rotations add up to 128 bits, so `rdi` is unchanged,
        // and `xchg rbx, rbx` swaps a register with itself: on a CPU the
        // sequence changes nothing but the flags. Under valgrind it is the
        // client request marker: valgrind reads `args` through `rax` and
        // writes the answer into `rdx`.
        unsafe {
            std::arch::asm!(
                "rol rdi, 3",
                "rol rdi, 13",
                "rol rdi, 61",
                "rol rdi, 51",
                "xchg rbx, rbx",
                inout("rdx") default => result,
                in("rax") args.as_ptr(),
                options(nostack),
            );
        }
        result
    }
    #[cfg(target_arch = "aarch64")]
    {
        let result: usize;
        // SAFETY: as above: the rotations of `x12` add up to 128 bits and
        // `orr x10, x10, x10` changes nothing; valgrind reads `args` through
        // `x4` and answers in `x3`.
        unsafe {
            std::arch::asm!(
                "ror x12, x12, #3",
                "ror x12, x12, #13",
                "ror x12, x12, #51",
                "ror x12, x12, #61",
                "orr x10, x10, x10",
                inout("x3") default => result,
                in("x4") args.as_ptr(),
                options(nostack),
            );
        }
        result
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let _ = (request, arg, args);
        default
    }
}

/// Whether this process runs under valgrind.
pub(crate) fn under_valgrind() -> bool {
    client_request(0, RUNNING_ON_VALGRIND, 0) != 0
}

/// Whether this platform can issue valgrind's client requests.
pub(crate) const SUPPORTED: bool = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));

/// What valgrind said of a process that died under it, from its log
/// beside `out_file`: the line that says why (the signal that ended it, an
/// instruction it cannot run, its own memory running out) and the first
/// `frames` lines of the stack after it, without the `==PID==` prefixes;
/// `None` when the log says nothing of the kind.
pub(crate) fn valgrind_said(out_file: &Path, frames: usize) -> Option<String> {
    let log = std::fs::read_to_string(format!("{}.log", out_file.display())).ok()?;
    let lines: Vec<&str> = log
        .lines()
        .map(|l| match l.strip_prefix("==") {
            Some(rest) => rest.split_once("== ").map_or("", |(_, msg)| msg),
            None => l,
        })
        .map(str::trim)
        .collect();
    const WHY: [&str; 4] = [
        "Process terminating",
        "unhandled instruction",
        "Unrecognised instruction",
        "out of memory",
    ];
    let at = lines
        .iter()
        .position(|l| WHY.iter().any(|w| l.contains(w)))?;
    let said: Vec<&str> = lines[at..]
        .iter()
        .take_while(|l| !l.is_empty())
        .take(frames + 1)
        .copied()
        .collect();
    Some(said.join(" / "))
}

/// The label of the dump of call `call` of the `variant`-th variant.
fn label(variant: usize, call: u32) -> String {
    format!("optbench {variant} {call}")
}

/// Counts `calls` calls of each of `variants` on input `input_index`,
/// after one warm-up call each; `out_file` is where callgrind dumps (the
/// worker's own valgrind argument); `step` is told before each variant's
/// code runs. One result per variant, in order.
pub(crate) fn count(
    variants: &[&'static Variant],
    input_index: usize,
    calls: u32,
    out_file: &Path,
    step: &mut dyn FnMut(&Variant),
) -> Vec<Result<InstructionFigures, Failure>> {
    if !under_valgrind() {
        let failure = Failure::Worker {
            pass: Pass::Instructions,
            message: "the instruction worker is not running under valgrind".to_owned(),
        };
        return variants.iter().map(|_| Err(failure.clone())).collect();
    }
    for (i, v) in variants.iter().enumerate() {
        step(v);
        let mut instance = v.subject.instantiate(input_index);
        instance.call_within(&mut || {}, &mut || {});
        for call in 0..calls {
            if call > 0 && call + 1 == calls {
                // The last call on an input built anew (and warmed up
                // anew): what differs between inputs and not between calls
                // on one (a hash map's random seed, where an allocation
                // lands) then shows as a count that varies, as it would
                // between processes.
                drop(instance);
                instance = v.subject.instantiate(input_index);
                instance.call_within(&mut || {}, &mut || {});
            }
            let name = std::ffi::CString::new(label(i, call)).expect("no NUL in a label");
            instance.call_within(
                &mut || {
                    client_request(0, ZERO_STATS, 0);
                },
                &mut || {
                    client_request(0, DUMP_STATS_AT, name.as_ptr() as usize);
                },
            );
        }
    }
    let dumps = std::fs::read_to_string(out_file)
        .map_err(|e| format!("cannot read callgrind's dumps {}: {e}", out_file.display()))
        .map(|text| parse_dumps(&text));
    (0..variants.len())
        .map(|i| {
            let dumps = dumps.as_ref().map_err(|message| Failure::Worker {
                pass: Pass::Instructions,
                message: message.clone(),
            })?;
            let counts: Vec<u64> = (0..calls)
                .map(|c| {
                    let wanted = label(i, c);
                    dumps
                        .iter()
                        .find(|(l, _)| *l == wanted)
                        .map(|(_, n)| *n)
                        .ok_or_else(|| Failure::Worker {
                            pass: Pass::Instructions,
                            message: format!("callgrind wrote no dump `{wanted}`"),
                        })
                })
                .collect::<Result<_, _>>()?;
            Ok(InstructionFigures::new(counts))
        })
        .collect()
}

/// The dumps of a callgrind output file written with `--combine-dumps=yes`:
/// each part's trigger label (`desc: Trigger: Client Request: LABEL`) and
/// its instructions (the first event of `totals:`, or of `summary:`).
pub(crate) fn parse_dumps(text: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut label: Option<String> = None;
    let mut total: Option<u64> = None;
    let mut flush = |label: &mut Option<String>, total: &mut Option<u64>| {
        if let (Some(l), Some(t)) = (label.take(), total.take()) {
            out.push((l, t));
        }
    };
    for line in text.lines() {
        if line.starts_with("part:") {
            flush(&mut label, &mut total);
        } else if let Some(l) = line.strip_prefix("desc: Trigger: Client Request: ") {
            label = Some(l.trim().to_owned());
        } else if let Some(n) = line
            .strip_prefix("totals:")
            .or_else(|| line.strip_prefix("summary:"))
            .and_then(|n| n.split_whitespace().next())
            .and_then(|n| n.parse().ok())
        {
            total = Some(n);
        }
    }
    flush(&mut label, &mut total);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_valgrind_said_of_a_death_is_read_from_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("g.out");
        assert_eq!(valgrind_said(&out, 2), None);
        let log = dir.path().join("g.out.log");
        std::fs::write(
            &log,
            "==7== Callgrind, a call-graph generating cache profiler\n==7== \n",
        )
        .unwrap();
        assert_eq!(valgrind_said(&out, 2), None);
        std::fs::write(
            &log,
            "==7== Command: bench\n==7== \n==7== Process terminating with default action of signal 6 (SIGABRT)\n==7==    at 0x1: __pthread_kill_implementation (pthread_kill.c:44)\n==7==    by 0x2: raise (raise.c:26)\n==7==    by 0x3: abort (abort.c:79)\n==7== \n==7== Events    : Ir\n",
        )
        .unwrap();
        assert_eq!(
            valgrind_said(&out, 2).as_deref(),
            Some(
                "Process terminating with default action of signal 6 (SIGABRT) / at 0x1: __pthread_kill_implementation (pthread_kill.c:44) / by 0x2: raise (raise.c:26)"
            )
        );
    }

    #[test]
    fn dumps_are_read_by_label() {
        let text = "\
# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 7
cmd:  bench --optbench-worker 6
part: 1

desc: I1 cache:
desc: Trigger: Client Request: optbench 0 0

positions: line
events: Ir
summary: 1234

fn=(1) f
0 1234

totals: 1234
part: 2

desc: Trigger: Client Request: optbench 0 1

events: Ir
summary: 1240
totals: 1240
part: 3

desc: Trigger: Program termination

events: Ir
summary: 99999
totals: 99999
";
        assert_eq!(
            parse_dumps(text),
            [
                ("optbench 0 0".to_owned(), 1234),
                ("optbench 0 1".to_owned(), 1240),
            ]
        );
        assert!(parse_dumps("").is_empty());
    }

    #[test]
    fn the_request_is_a_no_op_on_the_cpu() {
        // Not under valgrind (the tests never are): the default comes back.
        assert_eq!(client_request(7, ZERO_STATS, 0), 7);
        assert!(!under_valgrind());
    }
}
