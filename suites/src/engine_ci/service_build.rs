//! `engine_new_service_build` and `engine_specialized_build`: engine-ci's
//! `NewServiceBuild` before and after the change that added memory tracking
//! to it (commit ff3f1c4, "Issue #196").
//!
//! `NewServiceBuild(appName, buildType)` walks the working directory for
//! `.proto` files (`filesystem.NewFileCache(...).FindFilesBySuffix(".",
//! ".proto")`, a `filepath.Walk`), takes each file's directory as a source
//! package, reads `COMMIT_SHA` and `ENV` and returns the `Build`. The change
//! wrapped it in `start := time.Now()` / `defer memory.TrackOperation(...)`,
//! added `memory.TrackAllocation(...)`, and built the package list with a
//! pre-allocated slice and a set that drops repeated directories. The report
//! lists it as "41.6ms -> 42.8ms, Maintained performance with tracking" (and
//! three builds, `NewGoServiceBuild`, `NewMavenServiceBuild`,
//! `NewPythonServiceBuild`, as "123ms -> 127ms"): a claim that the tracking
//! costs nothing measurable, checked here as `no slower`.
//!
//! The Go benchmark walked the package's own directory. The input here is a
//! generated service repository: 12 services under `protos/<name>/v1/`, each
//! with one `.proto` file and its two generated Go files, beside `cmd/`,
//! `pkg/` and `internal/` packages of Go files (83 files in 40 directories).
//! Each `.proto` file has a directory of its own, so the set removes nothing
//! and both versions return the same `Build`; where several `.proto` files
//! share a directory, the new code lists it once and the old one repeatedly,
//! a change of output this group leaves out on purpose.

use optbench::optimize_bench;

use super::fixtures::{ProtoTree, proto_tree};
use super::model::service_build::{
    BuildType, ServiceBuild, new_service_build_tracked, new_service_build_untracked,
    specialized_builds,
};

/// Before: `NewServiceBuild("benchmark-service", GoLang)` without tracking.
#[optimize_bench(group = "engine_new_service_build", before, input = proto_tree)]
pub fn service_build_untracked(tree: &ProtoTree) -> ServiceBuild {
    new_service_build_untracked(tree.root(), "benchmark-service", BuildType::GoLang)
}

/// After: the same with the tracking calls and the deduplicating set.
#[optimize_bench(
    group = "engine_new_service_build",
    after,
    input = proto_tree,
    claim = "no slower",
    reported = "New Service Build Creation | 41.6ms, 4,093B, 59 allocs | 42.8ms, 4,092B, 59 allocs | Maintained performance with tracking; Memory operations: Maintained performance while adding comprehensive tracking; Metrics integration: Comprehensive tracking without performance impact"
)]
pub fn service_build_tracked(tree: &ProtoTree) -> ServiceBuild {
    new_service_build_tracked(tree.root(), "benchmark-service", BuildType::GoLang)
}

/// Before: the benchmark's `Specialized Build Creation`, the Go, Maven and
/// Python builds of `specialized-service` without tracking.
#[optimize_bench(group = "engine_specialized_build", before, input = proto_tree)]
pub fn specialized_builds_untracked(tree: &ProtoTree) -> [ServiceBuild; 3] {
    specialized_builds(
        tree.root(),
        "specialized-service",
        new_service_build_untracked,
    )
}

/// After: the same three builds with tracking.
#[optimize_bench(
    group = "engine_specialized_build",
    after,
    input = proto_tree,
    claim = "no slower",
    reported = "Specialized Build Creation | 123ms, 12,276B, 177 allocs | 127ms, 12,278B, 177 allocs | Maintained performance with tracking"
)]
pub fn specialized_builds_tracked(tree: &ProtoTree) -> [ServiceBuild; 3] {
    specialized_builds(
        tree.root(),
        "specialized-service",
        new_service_build_tracked,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use walkdir::WalkDir;

    use crate::engine_ci::fixtures::{SERVICES, write};
    use crate::engine_ci::model::memory::DEFAULT_TRACKER;
    use crate::engine_ci::model::service_build::find_files_by_suffix;

    /// The tracker is a process-wide static, as engine-ci's is, and the test
    /// harness runs tests in parallel threads: a test that counts the
    /// tracker's operations must not see another test's tracked build. Every
    /// test here that runs a tracked build holds this lock.
    static TRACKER: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn tracker_to_ourselves() -> std::sync::MutexGuard<'static, ()> {
        TRACKER
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[test]
    fn the_walk_finds_one_proto_per_service_in_order() {
        let tree = proto_tree();
        let files = find_files_by_suffix(tree.root(), ".proto").unwrap();
        let expected: Vec<String> = SERVICES
            .iter()
            .map(|s| format!("protos/{s}/v1/{s}.proto"))
            .collect();
        assert_eq!(files, expected);
        let all = WalkDir::new(tree.root()).into_iter().count();
        // The root, 40 directories below it and 83 files.
        assert_eq!(all, 1 + 40 + 83);
    }

    #[test]
    fn both_versions_build_the_same_and_only_after_tracks() {
        let _tracker = tracker_to_ourselves();
        let tree = proto_tree();
        let before_ops = DEFAULT_TRACKER.operations();
        let untracked = service_build_untracked(&tree);
        assert_eq!(DEFAULT_TRACKER.operations(), before_ops);
        let tracked = service_build_tracked(&tree);
        assert!(DEFAULT_TRACKER.operations() > before_ops);
        assert_eq!(untracked, tracked);
        assert_eq!(untracked.source_packages.len(), SERVICES.len());
        assert_eq!(untracked.source_packages[0], "protos/auth/v1");
        let [go, maven, python] = specialized_builds_tracked(&tree);
        assert_eq!(maven.folder, "target/quarkus-app");
        assert_eq!(
            (go.build_type, python.build_type),
            (BuildType::GoLang, BuildType::Python)
        );
        assert_eq!(specialized_builds_untracked(&tree), [go, maven, python]);
    }

    #[test]
    fn the_new_code_lists_a_shared_directory_once() {
        let _tracker = tracker_to_ourselves();
        let tree = proto_tree();
        write(
            tree.root(),
            "protos/auth/v1/auth_admin.proto",
            "syntax = \"proto3\";\n",
        );
        let untracked = new_service_build_untracked(tree.root(), "x", BuildType::GoLang);
        let tracked = new_service_build_tracked(tree.root(), "x", BuildType::GoLang);
        assert_eq!(untracked.source_files, tracked.source_files);
        assert_eq!(untracked.source_packages.len(), SERVICES.len() + 1);
        assert_eq!(tracked.source_packages.len(), SERVICES.len());
    }
}
