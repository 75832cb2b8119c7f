//! Rendering results: the terminal table and the JSON file. Both read only
//! [`RunResults`](crate::results::RunResults), so a saved run can be rendered
//! again without measuring anything.

pub mod format;
pub mod json;
pub mod markdown;
pub mod table;
