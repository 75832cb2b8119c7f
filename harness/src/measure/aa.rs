//! The A/A self-check (`--aa`): each `before` is paired against itself, as a
//! variant without claims would be, to show the machine's noise floor (how
//! wide the speedup interval is when nothing differs) and how often a
//! difference is falsely found. Rendered by `report::aa`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::paired;
use crate::plan::PairedConfig;
use crate::registry::Group;
use crate::results::{AaGroup, Failure, Pass};
use crate::text::panic_text;
use crate::verdict;

/// Pairs each selected group's `before` against itself `runs` times per input.
pub(crate) fn run(groups: &[Group], runs: usize, cfg: &PairedConfig) -> Vec<AaGroup> {
    let mut out = Vec::new();
    for g in groups {
        let Some(before) = g.before() else { continue };
        for (i, arg) in g.inputs().into_iter().enumerate() {
            let mut r = AaGroup {
                group: g.name.to_owned(),
                arg: arg.map(str::to_owned),
                before: before.name.to_owned(),
                runs: Vec::new(),
                seconds: Vec::new(),
                failure: None,
            };
            eprint!("optbench: A/A {} ", before.id_at(arg));
            for _ in 0..runs {
                let once = catch_unwind(AssertUnwindSafe(|| {
                    let mut a = before.subject.instantiate(i);
                    let mut b = before.subject.instantiate(i);
                    paired::run(a.as_mut(), b.as_mut(), cfg, &mut |e| {
                        verdict::time_decided(&[], e)
                    })
                }));
                match once {
                    Ok(run) => {
                        eprint!(".");
                        r.runs.push(run.speedup);
                        r.seconds.push(run.elapsed_s);
                    }
                    Err(p) => {
                        r.failure = Some(Failure::Panicked {
                            pass: Pass::Paired,
                            message: panic_text(p.as_ref()),
                        });
                        break;
                    }
                }
            }
            eprintln!();
            out.push(r);
        }
    }
    out
}
