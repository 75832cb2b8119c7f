//! A conversation with a worker: one side of a cross-build pair, a process
//! of some build holding one variant's input and timing batches of calls
//! when asked ([`Server`]), through the same client as every job.

use std::time::Duration;

use super::client::{Launch, WORKER_SLACK, Worker};
use super::protocol::{Job, Outcome, Request, ToParent, ToWorker};
use crate::results::{Failure, Pass, VariantId};

/// One worker of a cross-build pair: a process of some build (this one or
/// the base) holding one variant's input, timing batches when asked.
/// Dropping it ends the process.
pub(crate) struct Server {
    worker: Worker,
    /// What one batch may take at most.
    batch_budget: Duration,
}

impl Server {
    /// Starts a worker as `launch` says, serving `variant` on input
    /// `input_index` with `timeout` per call, and waits until its input is
    /// built.
    pub(crate) fn start(
        launch: &Launch,
        variant: &VariantId,
        input_index: usize,
        timeout: Duration,
    ) -> Result<Server, Failure> {
        let pass = Pass::Paired;
        let mut worker = Worker::start(launch, pass, timeout).map_err(|e| Failure::Worker {
            pass,
            message: e.to_string(),
        })?;
        let request = Request {
            input_index,
            timeout,
            job: Job::Serve {
                variant: variant.clone(),
            },
        };
        worker
            .send(&ToWorker::Request(request))
            .map_err(|d| d.failure)?;
        let budget = timeout * crate::limit::MAX_BATCH_LIMITS + WORKER_SLACK;
        match worker.next(budget).map_err(|d| d.failure)? {
            ToParent::Ready => Ok(Server {
                worker,
                batch_budget: budget,
            }),
            ToParent::Answer {
                outcome: Outcome::Failed { failure },
            } => Err(failure),
            other => Err(worker.unexpected(&other).failure),
        }
    }

    /// Times `iters` calls in the worker.
    pub(crate) fn run(&mut self, iters: u64) -> Result<Duration, Failure> {
        self.worker
            .send(&ToWorker::Run { iters })
            .map_err(|d| d.failure)?;
        match self.worker.next(self.batch_budget).map_err(|d| d.failure)? {
            ToParent::Sample { nanos } => Ok(Duration::from_nanos(nanos)),
            ToParent::Answer {
                outcome: Outcome::Failed { failure },
            } => Err(failure),
            other => Err(self.worker.unexpected(&other).failure),
        }
    }

    /// Ends the conversation; the worker answers and exits.
    pub(crate) fn finish(mut self) {
        if self.worker.send(&ToWorker::Done).is_ok() {
            let _ = self.worker.next(WORKER_SLACK);
        }
        let _ = self.worker.finish();
    }
}
