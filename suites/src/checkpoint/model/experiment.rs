//! The database models' experiment record, as a dataclass whose `Optional`
//! fields `__post_init__` fills in (before) and with
//! `field(default_factory=...)` defaults (after).

use std::time::{SystemTime, UNIX_EPOCH};

/// `time.time()`: seconds since the epoch, as a float.
pub fn current_time() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Before: the experiment dataclass with `Optional` defaults that
/// `__post_init__` fills in.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentPostInit {
    /// Experiment name.
    pub name: String,
    /// `start_time: Optional[float] = None`.
    pub start_time: Option<f64>,
    /// `tags: Optional[List[str]] = None`.
    pub tags: Option<Vec<String>>,
    /// `status: str = "running"`.
    pub status: &'static str,
}

impl ExperimentPostInit {
    /// The generated `__init__(name, start_time=None, tags=None)`, which ends
    /// by calling `__post_init__`.
    pub fn new(name: String, start_time: Option<f64>, tags: Option<Vec<String>>) -> Self {
        let mut e = ExperimentPostInit {
            name,
            start_time,
            tags,
            status: "running",
        };
        e.post_init();
        e
    }

    /// `__post_init__`: fills the fields left `None`.
    fn post_init(&mut self) {
        if self.start_time.is_none() {
            self.start_time = Some(current_time());
        }
        if self.tags.is_none() {
            self.tags = Some(Vec::new());
        }
    }
}

/// After: the dataclass with `field(default_factory=...)` defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// Experiment name.
    pub name: String,
    /// `start_time: float = field(default_factory=_current_time)`.
    pub start_time: f64,
    /// `tags: List[str] = field(default_factory=list)`.
    pub tags: Vec<String>,
    /// `status: str = "running"`.
    pub status: &'static str,
}

impl Experiment {
    /// The generated `__init__(name)`, the defaults made by their factories.
    pub fn new(name: String) -> Self {
        Experiment {
            name,
            start_time: current_time(),
            tags: Vec::new(),
            status: "running",
        }
    }
}
