//! The messages round-trip, the hello keeps its shape, older builds are named.

use super::*;
use crate::results::Pass;

fn id(s: &str) -> VariantId {
    let (g, n) = s.split_once('/').unwrap();
    VariantId::new(g, n)
}

fn round_trip_to_worker(m: ToWorker) {
    assert_eq!(decode::<ToWorker>(&encode(&m)), Ok(m));
}

fn round_trip_to_parent(m: ToParent) {
    assert_eq!(decode::<ToParent>(&encode(&m)), Ok(m));
}

#[test]
fn requests_round_trip() {
    let heap = Request {
        input_index: 2,
        timeout: Duration::from_secs(10),
        job: Job::Heap {
            variant: id("g/f"),
            calls: 3,
            dhat_file: Some("/tmp/x.json".into()),
        },
    };
    round_trip_to_worker(ToWorker::Request(heap.clone()));
    let paired = Request {
        job: Job::Paired {
            before: id("g/a"),
            candidate: id("g/b"),
            config: ReplicateConfig {
                warm_up: Duration::from_millis(50),
                sample_time: Duration::from_millis(2),
                duration: Duration::from_millis(200),
                min_pairs: 3,
                deadline: Duration::from_secs(20),
                instances: 1,
            },
        },
        ..heap.clone()
    };
    round_trip_to_worker(ToWorker::Request(paired));
    for job in [Job::Describe, Job::Serve { variant: id("g/f") }] {
        round_trip_to_worker(ToWorker::Request(Request {
            job,
            ..heap.clone()
        }));
    }
    round_trip_to_worker(ToWorker::Run { iters: 12 });
    round_trip_to_worker(ToWorker::Done);
}

#[test]
fn worker_messages_round_trip() {
    round_trip_to_parent(ToParent::Hello {
        version: PROTOCOL_VERSION,
    });
    round_trip_to_parent(ToParent::Step { variant: id("g/b") });
    round_trip_to_parent(ToParent::Ready);
    round_trip_to_parent(ToParent::Sample { nanos: 1234 });
    round_trip_to_parent(ToParent::Answer {
        outcome: Outcome::Described {
            variants: vec![Described {
                id: id("g/f"),
                role: Role::Other("simd".into()),
                inputs: vec![Some(InputKey::new("10")), Some(InputKey::new("1 << 4"))],
            }],
        },
    });
    round_trip_to_parent(ToParent::Answer {
        outcome: Outcome::Failed {
            failure: Failure::Panicked {
                pass: Pass::Heap,
                message: "boom".into(),
            },
        },
    });
}

#[test]
fn the_hello_keeps_its_shape() {
    // Every version reads another's hello by this shape: changing it
    // would make an older or newer build unnameable.
    assert_eq!(
        encode(&ToParent::Hello { version: 7 }),
        r#"{"kind":"hello","version":7}"#
    );
}

#[test]
fn legacy_answers_are_named_by_their_version() {
    let old = r#"optbench-worker-answer: {"version":3,"outcome":{"kind":"bad_request"}}"#;
    assert_eq!(legacy_version(old), Some(Some(3)));
    let bare = r#"optbench-worker-answer: {"outcome":{"kind":"described","variants":[]}}"#;
    assert_eq!(legacy_version(bare), Some(None));
    assert_eq!(legacy_version("running 0 tests"), None);
    // What this build says to an older parent, read as that parent reads it.
    assert_eq!(
        legacy_version(&legacy_refusal("{}")),
        Some(Some(u64::from(PROTOCOL_VERSION)))
    );
    assert!(decode::<ToParent>("user output").is_err());
}
