//! Reading what valgrind saw, for the heap self-check (`heapcheck`):
//! the allocation trace of `--trace-malloc=yes` and the totals of a DHAT
//! profile.
//!
//! From the trace, [`window`] takes the calls between optbench's replay
//! markers (`REPLAY_MARKERS`: a block allocated and freed at once before a
//! call, after it, and after its output is dropped) and computes the same
//! four figures optbench's counter reports, with the same conventions: a
//! `realloc` is one allocation of its full new size (and frees the old
//! block), the peak is the highest live level above the level at the call's
//! start, and blocks allocated before the call count when it frees them. The
//! live level follows every block since the process started, so no free is
//! of a block of unknown size.

use std::collections::HashMap;

/// One allocator event of the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A block of `size` bytes at `addr` (malloc, calloc, memalign, new).
    Alloc { addr: u64, size: u64 },
    /// The block at `addr` freed (free, delete).
    Free { addr: u64 },
    /// The block at `old` resized to `size` bytes at `new` (0 when it
    /// failed or freed).
    Realloc { old: u64, new: u64, size: u64 },
}

fn hex(s: &str) -> Option<u64> {
    let s = s.trim();
    if s == "(nil)" {
        return Some(0);
    }
    u64::from_str_radix(s.strip_prefix("0x").unwrap_or(s), 16).ok()
}

fn num(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

/// Reads one line of valgrind's `--trace-malloc=yes` output, e.g.
/// `--123-- malloc(100) = 0x4A5F030`, `--123-- calloc(10,10) = 0x…`,
/// `--123-- realloc(0x0,32)malloc(32) = 0x…`, `--123-- memalign(al 64,
/// size 100) = 0x…`, `--123-- free(0x…)`. Other lines give `None`.
pub fn parse_line(line: &str) -> Option<Event> {
    let rest = line.strip_prefix("--")?;
    let (pid, rest) = rest.split_once("-- ")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (call, result) = match rest.split_once(" = ") {
        Some((c, r)) => (c, Some(r)),
        None => (rest, None),
    };
    let open = call.find('(')?;
    let name = &call[..open];
    let args_end = call[open..].find(')')? + open;
    let args = &call[open + 1..args_end];
    let result = result.and_then(hex);
    match name {
        "free" | "cfree" | "__builtin_delete" | "__builtin_vec_delete" => {
            Some(Event::Free { addr: hex(args)? })
        }
        n if n.starts_with("_Zdl") || n.starts_with("_Zda") => {
            Some(Event::Free { addr: hex(args)? })
        }
        "realloc" => {
            let (old, size) = args.split_once(',')?;
            Some(Event::Realloc {
                old: hex(old)?,
                new: result?,
                size: num(size)?,
            })
        }
        "calloc" => {
            let (n, size) = args.split_once(',')?;
            Some(Event::Alloc {
                addr: result?,
                size: num(n)?.checked_mul(num(size)?)?,
            })
        }
        "memalign" => {
            let size = args.split_once("size ")?.1;
            Some(Event::Alloc {
                addr: result?,
                size: num(size)?,
            })
        }
        "malloc" | "__builtin_new" | "__builtin_vec_new" => Some(Event::Alloc {
            addr: result?,
            size: num(args)?,
        }),
        n if n.starts_with("_Znw") || n.starts_with("_Zna") => {
            let size = args.split(',').next()?.trim_start_matches("size ");
            Some(Event::Alloc {
                addr: result?,
                size: num(size)?,
            })
        }
        _ => None,
    }
}

/// The figures of one call, from the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub allocations: u64,
    pub bytes: u64,
    pub peak_bytes: u64,
    pub retained_bytes: i64,
}

/// Why a trace could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceError {
    /// The markers were not found, in order, exactly once per call.
    Markers(String),
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TraceError::Markers(m) => write!(f, "replay markers: {m}"),
        }
    }
}

/// The figures of the first call between the markers `[start, end,
/// dropped]` in `events`.
pub fn window(events: &[Event], markers: [u64; 3]) -> Result<Figures, TraceError> {
    // A marker is an allocation of its size freed by the very next event.
    let marker_at = |size: u64| {
        events.windows(2).position(|w| {
            matches!((w[0], w[1]),
                (Event::Alloc { addr, size: s }, Event::Free { addr: f }) if s == size && f == addr)
        })
    };
    let [start, end, dropped] =
        markers.map(|m| marker_at(m).ok_or_else(|| TraceError::Markers(format!("{m} not found"))));
    let (start, end, dropped) = (start?, end?, dropped?);
    if !(start < end && end < dropped) {
        return Err(TraceError::Markers(format!(
            "out of order: {start}, {end}, {dropped}"
        )));
    }
    let mut walk = Walk::default();
    let mut base = 0i64;
    let mut out = Figures::default();
    for (i, e) in events.iter().enumerate() {
        if i == start + 2 {
            base = walk.live;
            walk.peak = walk.live;
        }
        if i == end {
            out.allocations = walk.allocations;
            out.bytes = walk.bytes;
            out.peak_bytes = (walk.peak - base).max(0) as u64;
        }
        if i == dropped {
            out.retained_bytes = walk.live - base;
            break;
        }
        let counting = i > start + 1 && i < end;
        match *e {
            Event::Alloc { addr, size } => walk.alloc(addr, size, counting),
            Event::Free { addr } => walk.free(addr),
            Event::Realloc { old, new, size } => {
                if old != 0 && (new != 0 || size == 0) {
                    walk.free(old);
                }
                walk.alloc(new, size, counting);
            }
        }
    }
    Ok(out)
}

/// The live heap, block by block, while walking a trace.
#[derive(Default)]
struct Walk {
    sizes: HashMap<u64, u64>,
    live: i64,
    peak: i64,
    allocations: u64,
    bytes: u64,
}

impl Walk {
    fn alloc(&mut self, addr: u64, size: u64, counting: bool) {
        if addr == 0 {
            return;
        }
        self.sizes.insert(addr, size);
        self.live += size as i64;
        if counting {
            self.allocations += 1;
            self.bytes += size;
            self.peak = self.peak.max(self.live);
        }
    }

    fn free(&mut self, addr: u64) {
        self.live -= self.sizes.remove(&addr).unwrap_or(0) as i64;
    }
}

/// Total blocks and bytes of a DHAT profile (`dhat.out` JSON): the sums of
/// `tbk` and `tb` over its program points.
pub fn dhat_totals(json: &str) -> Result<(u64, u64), String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let pps = v["pps"].as_array().ok_or("no `pps` array")?;
    let sum = |k: &str| pps.iter().filter_map(|p| p[k].as_u64()).sum::<u64>();
    Ok((sum("tbk"), sum("tb")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_valgrinds_trace_lines() {
        let e = |l: &str| parse_line(l);
        assert_eq!(
            e("--17852-- malloc(472) = 0x4A5F030"),
            Some(Event::Alloc {
                addr: 0x4A5F030,
                size: 472
            })
        );
        assert_eq!(
            e("--1-- calloc(152,1) = 0x4A5F070"),
            Some(Event::Alloc {
                addr: 0x4A5F070,
                size: 152
            })
        );
        assert_eq!(
            e("--1-- realloc(0x4A5F230,240) = 0x4A5F6F0"),
            Some(Event::Realloc {
                old: 0x4A5F230,
                new: 0x4A5F6F0,
                size: 240
            })
        );
        assert_eq!(
            e("--1-- realloc(0x0,32)malloc(32) = 0x4A5F030"),
            Some(Event::Realloc {
                old: 0,
                new: 0x4A5F030,
                size: 32
            })
        );
        assert_eq!(
            e("--1-- memalign(al 64, size 100) = 0x4A60040"),
            Some(Event::Alloc {
                addr: 0x4A60040,
                size: 100
            })
        );
        assert_eq!(
            e("--1-- free(0x4A5F2D0)"),
            Some(Event::Free { addr: 0x4A5F2D0 })
        );
        assert_eq!(e("--1-- free(0x0)"), Some(Event::Free { addr: 0 }));
        assert_eq!(e("--1-- malloc_usable_size(0x4A5F030) = 40"), None);
        assert_eq!(e("==17852== DHAT, a dynamic heap analysis tool"), None);
        assert_eq!(e("box 1 strdup 0"), None);
    }

    fn alloc(addr: u64, size: u64) -> Event {
        Event::Alloc { addr, size }
    }
    fn free(addr: u64) -> Event {
        Event::Free { addr }
    }

    /// A call that frees a block of its input (made before the call) and
    /// allocates a new one, then keeps a 16-byte block.
    #[test]
    fn figures_between_markers_follow_older_blocks() {
        let m = [11, 12, 13];
        let events = [
            alloc(0x100, 1000), // the input's buffer
            alloc(0x900, 11),   // start marker
            free(0x900),
            free(0x100),        // the call frees the input's buffer...
            alloc(0x200, 1000), // ...and allocates a new one
            alloc(0x300, 16),   // kept
            Event::Realloc {
                old: 0x300,
                new: 0x400,
                size: 32,
            },
            alloc(0x900, 12), // end marker
            free(0x900),
            alloc(0x900, 13), // dropped marker
            free(0x900),
        ];
        let f = window(&events, m).unwrap();
        assert_eq!(
            f,
            Figures {
                allocations: 3,
                bytes: 1048,
                peak_bytes: 32,
                retained_bytes: 32,
            }
        );
        assert!(window(&events[..7], m).is_err());
    }

    #[test]
    fn dhat_totals_sum_program_points() {
        let json = r#"{"pps": [{"tb": 100, "tbk": 2}, {"tb": 28, "tbk": 1}]}"#;
        assert_eq!(dhat_totals(json), Ok((3, 128)));
        assert!(dhat_totals("{}").is_err());
    }
}
