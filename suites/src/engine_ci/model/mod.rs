//! engine-ci's Go code reproduced with Rust's standard library: the fields
//! of `container.Build`, the `memory` package's pools and tracker, the
//! checksum, the terminal logger's entries and `NewServiceBuild`.

pub mod build;
pub mod checksum;
pub mod logger;
pub mod memory;
pub mod service_build;
