//! A conversation with a worker: one side of a cross-build pair, a process
//! of some build holding one variant's input and timing batches of calls
//! when asked ([`Server`]), through the same client as every job.

use std::time::Duration;

use super::client::{Launch, WORKER_SLACK, Worker};
use super::protocol::{Job, Outcome, Request, ToParent, ToWorker};
use crate::measure::paired::{Arms, replicate_with};
use crate::plan::ReplicateConfig;
use crate::results::{Failure, Pass, Replicate, Side, VariantId};

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

/// The two builds' workers of a cross-build replicate, and the first
/// failure of either.
struct Servers<'a> {
    reference: &'a mut Server,
    candidate: &'a mut Server,
    failed: Option<(Failure, Side)>,
}

impl Arms for Servers<'_> {
    fn run(&mut self, side: Side, iters: u64) -> Option<Duration> {
        let server = match side {
            Side::Reference => &mut *self.reference,
            Side::Candidate => &mut *self.candidate,
        };
        server
            .run(iters)
            .map_err(|f| self.failed = Some((f, side)))
            .ok()
    }

    /// Each worker built its input once, when it started.
    fn renew(&mut self) -> bool {
        false
    }
}

/// One replicate of `variant` in the base build started as `base` (input
/// `base_index` there) paired with the same variant of this build (input
/// `input_index`): a fresh worker of each, inputs built once per worker,
/// batches alternating A B B A between the two processes. The speedup is
/// the base's time over this build's: above 1, this build is faster. On
/// failure, the side whose worker died: [`Side::Reference`] for the base.
pub(crate) fn cross_replicate(
    base: &Launch,
    base_index: usize,
    variant: &VariantId,
    input_index: usize,
    cfg: &ReplicateConfig,
    timeout: Duration,
) -> Result<Replicate, (Failure, Side)> {
    let this = super::jobs::this(Pass::Paired).map_err(|f| (f, Side::Candidate))?;
    let mut reference =
        Server::start(base, variant, base_index, timeout).map_err(|f| (f, Side::Reference))?;
    let mut candidate =
        Server::start(&this, variant, input_index, timeout).map_err(|f| (f, Side::Candidate))?;
    let mut arms = Servers {
        reference: &mut reference,
        candidate: &mut candidate,
        failed: None,
    };
    let sampled = replicate_with(cfg, &mut arms);
    let failed = arms.failed;
    match (sampled, failed) {
        (Some(replicate), _) => {
            reference.finish();
            candidate.finish();
            Ok(replicate)
        }
        (None, Some(failed)) => Err(failed),
        (None, None) => Err((
            Failure::Worker {
                pass: Pass::Paired,
                message: "a cross-build replicate stopped without a failure".to_owned(),
            },
            Side::Candidate,
        )),
    }
}
