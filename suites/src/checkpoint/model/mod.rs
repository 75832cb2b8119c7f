//! The model-checkpoint library's own code, reproduced in Rust: each
//! component's functions as the report shows them before and after its
//! optimization. The groups call them from the variant modules beside this
//! one.

pub mod cache;
pub mod checksum;
pub mod experiment;
pub mod torch;
