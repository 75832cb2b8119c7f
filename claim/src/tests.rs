//! The claim model's own tests: bounds, the canonical text, thresholds.

use super::*;

#[test]
fn bounds_follow_the_grammar() {
    let speed = |e: Expectation| match e.bound() {
        Bound::MinSpeedup(s) => s,
        Bound::MaxHeapFraction(..) | Bound::MaxInstructionFraction(_) => {
            panic!("time claim expected")
        }
    };
    assert_eq!(speed(Expectation::TimesFaster { factor: 3.0 }), 3.0);
    assert!((speed(Expectation::PercentFaster { percent: 50.0 }) - 2.0).abs() < 1e-12);
    assert!((speed(Expectation::PercentFaster { percent: 99.0 }) - 100.0).abs() < 1e-9);
    assert!((speed(Expectation::NoSlower) - 1.0 / 1.02).abs() < 1e-12);
    assert_eq!(
        Expectation::PercentLess {
            metric: HeapMetric::Allocations,
            percent: 50.0
        }
        .bound(),
        Bound::MaxHeapFraction(HeapMetric::Allocations, 0.5)
    );
    assert_eq!(
        Expectation::NoMore {
            metric: HeapMetric::Bytes
        }
        .bound(),
        Bound::MaxHeapFraction(HeapMetric::Bytes, 1.0)
    );
}

#[test]
fn display_is_canonical_claim_text() {
    let c = Claim {
        text: Cow::Borrowed("61% less memory"),
        expect: Expectation::PercentLess {
            metric: HeapMetric::Bytes,
            percent: 61.0,
        },
        at: None,
    };
    assert_eq!(c.to_string(), "61% fewer bytes");
    let c = Claim {
        text: Cow::Borrowed("1.5x faster at 10_000"),
        expect: Expectation::TimesFaster { factor: 1.5 },
        at: Some(Cow::Borrowed("10000")),
    };
    assert_eq!(c.to_string(), "1.5x faster at 10000");
    assert_eq!(Expectation::NoSlower.to_string(), "no slower");
    assert_eq!(
        Expectation::NoMore {
            metric: HeapMetric::PeakBytes
        }
        .to_string(),
        "no more peak memory"
    );
}

#[test]
fn args_are_normalized() {
    assert_eq!(normalize_arg("10_000"), "10000");
    assert_eq!(normalize_arg("1 << 4"), "1<<4");
}

#[test]
fn applies_to_compares_normalized_args() {
    let every = Claim::from_static("no slower", Expectation::NoSlower, None);
    assert!(every.applies_to(None));
    assert!(every.applies_to(Some("1 << 4")));
    let one = Claim::from_static("no slower at 1<<4", Expectation::NoSlower, Some("1<<4"));
    assert!(one.applies_to(Some("1 << 4")));
    assert!(!one.applies_to(Some("1 << 5")));
    assert!(!one.applies_to(None));
    // Owned and borrowed text are the same claim.
    let owned = Claim {
        text: Cow::Owned("no slower at 1<<4".to_owned()),
        expect: Expectation::NoSlower,
        at: Some(Cow::Owned("1<<4".to_owned())),
    };
    assert_eq!(owned, one);
}

/// The names in the data: `snake_case` variants, and the expectation's
/// variant in a `kind` field (as in optbench's JSON reports).
#[cfg(feature = "serde")]
#[test]
fn serde_names() {
    use serde::Deserialize as _;
    use serde::de::IntoDeserializer as _;
    use serde::de::value::{Error, MapDeserializer};

    fn both<T: serde::Serialize + serde::de::DeserializeOwned>() {}
    both::<HeapMetric>();
    both::<Expectation>();

    let metric = |name: &str| HeapMetric::deserialize(name.into_deserializer());
    assert_eq!(metric("peak_bytes"), Ok::<_, Error>(HeapMetric::PeakBytes));
    assert_eq!(metric("allocations"), Ok(HeapMetric::Allocations));
    assert!(metric("PeakBytes").is_err());
    let expectation = |fields: &[(&'static str, &'static str)]| {
        Expectation::deserialize(MapDeserializer::<_, Error>::new(fields.iter().copied()))
    };
    assert_eq!(
        expectation(&[("kind", "no_slower")]),
        Ok(Expectation::NoSlower)
    );
    assert_eq!(
        expectation(&[("kind", "no_more"), ("metric", "peak_bytes")]),
        Ok(Expectation::NoMore {
            metric: HeapMetric::PeakBytes
        })
    );
    assert!(expectation(&[("kind", "NoSlower")]).is_err());
}

#[test]
fn instruction_claims_bound_the_count() {
    assert_eq!(
        Expectation::PercentFewerInstructions { percent: 30.0 }.bound(),
        Bound::MaxInstructionFraction(0.7)
    );
    assert_eq!(
        Expectation::NoMoreInstructions.bound(),
        Bound::MaxInstructionFraction(1.0)
    );
    assert!(Expectation::NoMoreInstructions.is_instructions());
    assert!(!Expectation::NoMoreInstructions.is_time());
    assert_eq!(
        Expectation::PercentFewerInstructions { percent: 30.0 }.to_string(),
        "30% fewer instructions"
    );
    assert!(
        !Expectation::NoMoreInstructions.same_meaning(&Expectation::NoMore {
            metric: HeapMetric::Bytes
        })
    );
}
