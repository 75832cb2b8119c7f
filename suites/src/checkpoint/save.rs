//! `ckpt_save`: `torch.save` behind an `if`/`else` vs one call with the
//! compression flag passed through.

use optbench::optimize_bench;

use super::fixtures::{SaveJob, save_job, saved_bytes};
use super::model::torch::torch_save;

/// Before: `if self.compression: torch.save(data, path, pickle_protocol=4)
/// else: torch.save(data, path, pickle_protocol=4,
/// _use_new_zipfile_serialization=False)`.
#[optimize_bench(group = "ckpt_save", before, input = save_job, bytes = saved_bytes)]
pub fn save_with_branch(job: &SaveJob) -> u64 {
    if job.compression {
        torch_save(&job.data, &job.path, 4, true).expect("save")
    } else {
        torch_save(&job.data, &job.path, 4, false).expect("save")
    }
}

/// After: `torch.save(data, path, pickle_protocol=4,
/// _use_new_zipfile_serialization=self.compression)`. The same call does the
/// same work; only the `if`/`else` around it is gone. The report ties "Save
/// operations 40% faster" and "Memory usage 20% lower" to this change (the
/// storage backend section); checked as they are.
#[optimize_bench(
    group = "ckpt_save",
    after,
    input = save_job,
    bytes = saved_bytes,
    claim = "40% faster, 20% less peak memory",
    reported = "Save operations 40% faster; Memory usage 20% lower"
)]
pub fn save_single_call(job: &SaveJob) -> u64 {
    torch_save(&job.data, &job.path, 4, job.compression).expect("save")
}
