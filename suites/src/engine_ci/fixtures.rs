//! The inputs of the engine-ci groups: the benchmarks' builds, the pools
//! and trackers the optimized versions use, a file to checksum, a build's
//! log stream and a generated service repository to walk. Building them is
//! never measured.

use std::fs;
use std::path::Path;

use tempfile::{NamedTempFile, TempDir};

use super::model::build::{Build, ImageRef};
use super::model::logger::{LogEntryPool, LogMessage};
use super::model::memory::{BufferPool, MemoryTracker, StringBuilderPool};

/// The build of engine-ci's `BenchmarkBuildStringOperations/AsFlags String
/// Building`: verbose, five protobuf packages and five protobuf files (37
/// flags).
pub fn asflags_build() -> Build {
    Build {
        app: "benchmark-app",
        env: "build",
        image: "benchmark-image",
        image_tag: "v2.1.0",
        registry: "registry.example.com",
        file: "/src/main.go",
        folder: "./build/output",
        build_type: "GoLang",
        verbose: true,
        source_packages: vec![
            "github.com/user/repo/pkg/service",
            "github.com/user/repo/pkg/database",
            "github.com/user/repo/pkg/auth",
            "github.com/user/repo/pkg/monitoring",
            "github.com/user/repo/pkg/config",
        ],
        source_files: vec![
            "service.proto",
            "database.proto",
            "auth.proto",
            "monitoring.proto",
            "config.proto",
        ],
    }
}

/// Input of `engine_image_uri`: the four builds of engine-ci's `ImageURI
/// Construction` benchmark (one call builds all four URIs, as one benchmark
/// op did), with the pool and tracker the pooled version uses.
#[derive(Debug)]
pub struct ImageUriBench {
    /// The builds.
    pub builds: Vec<ImageRef>,
    /// The string builder pool (`memory.GetStringBuilder`).
    pub pool: StringBuilderPool,
    /// The operation tracker.
    pub tracker: MemoryTracker,
}

/// The `ImageURI Construction` benchmark's builds.
pub fn image_uri_bench() -> ImageUriBench {
    ImageUriBench {
        builds: vec![
            ImageRef {
                image: "nginx",
                tag: "latest",
            },
            ImageRef {
                image: "postgres",
                tag: "13.4-alpine",
            },
            ImageRef {
                image: "gcr.io/project/service",
                tag: "v1.2.3-beta",
            },
            ImageRef {
                image: "registry.example.com:5000/app",
                tag: "production-2023-12-01",
            },
        ],
        pool: StringBuilderPool::default(),
        tracker: MemoryTracker::default(),
    }
}

/// The pool of `engine_builder_pool` (empty: the first `get` is a miss, as
/// in a fresh `NewStringBuilderPool()`).
pub fn builder_pool() -> StringBuilderPool {
    StringBuilderPool::default()
}

/// Input of `engine_checksum`: a 4 MiB file and the buffer pool.
#[derive(Debug)]
pub struct ChecksumBench {
    file: NamedTempFile,
    /// The buffer pool the streaming version borrows from.
    pub pool: BufferPool,
}

impl ChecksumBench {
    /// A temporary file of `len` deterministic pseudo-random bytes, and an
    /// empty pool.
    pub fn with_len(len: usize) -> std::io::Result<Self> {
        let file = crate::common::random_temp_file(len, 0x9e37_79b9_7f4a_7c15)?;
        Ok(ChecksumBench {
            file,
            pool: BufferPool::default(),
        })
    }

    /// The file's path.
    pub fn path(&self) -> &std::path::Path {
        self.file.path()
    }
}

/// The bytes one checksum reads: the file's length (`bytes = checksum_bytes`).
pub fn checksum_bytes(bench: &ChecksumBench) -> u64 {
    std::fs::metadata(bench.path()).map_or(0, |m| m.len())
}

/// The checksum input: 4 MiB (a few milliseconds of SHA-256).
pub fn checksum_bench() -> ChecksumBench {
    ChecksumBench::with_len(4 << 20).expect("cannot write a 4 MiB temp file")
}

/// Input of `engine_log_entry`: one build's log stream (400 messages from
/// five routines, each routine's last message marking it done, one failed)
/// and the entry pool.
#[derive(Debug)]
pub struct LogBench {
    /// The messages, in arrival order.
    pub messages: Vec<LogMessage>,
    /// The entry pool the optimized aggregator uses.
    pub pool: LogEntryPool,
}

/// The log stream: container build output lines, round-robin over five
/// routines (engine-ci's `Multiple Routine Logging` benchmark shape).
pub fn log_bench() -> LogBench {
    const ROUTINES: [&str; 5] = [
        "[golang-build]",
        "[golang-lint]",
        "[golang-test]",
        "[protobuf]",
        "[trivy]",
    ];
    const LINES: [&str; 8] = [
        "Step 1/12 : FROM golang:1.24-alpine",
        " ---> Using cache",
        "Step 4/12 : RUN go mod download",
        "go: downloading github.com/containifyci/engine-ci v0.12.0",
        "Step 7/12 : COPY . .",
        "ok  \tgithub.com/containifyci/engine-ci/pkg/container\t0.412s",
        "Successfully built 3f2a9c1b7d4e",
        "Successfully tagged engine-ci:local",
    ];
    let per_routine = 80;
    let mut messages = Vec::with_capacity(ROUTINES.len() * per_routine);
    for i in 0..per_routine {
        for (r, &routine_id) in ROUTINES.iter().enumerate() {
            let last = i + 1 == per_routine;
            messages.push(LogMessage {
                routine_id,
                message: LINES[(i * 3 + r) % LINES.len()],
                is_done: last,
                is_failed: last && r == 2,
            });
        }
    }
    LogBench {
        messages,
        pool: LogEntryPool::default(),
    }
}

/// The services of the generated repository, one `.proto` file each.
pub const SERVICES: [&str; 12] = [
    "auth",
    "billing",
    "build",
    "cache",
    "config",
    "database",
    "gateway",
    "logging",
    "monitoring",
    "notify",
    "search",
    "storage",
];

/// Go packages beside the protobuf tree: `pkg/<name>` and
/// `internal/<name>`, four Go files each.
const GO_PACKAGES: [&str; 10] = [
    "pkg/container",
    "pkg/filesystem",
    "pkg/logger",
    "pkg/memory",
    "pkg/network",
    "pkg/cri",
    "pkg/build",
    "internal/config",
    "internal/version",
    "internal/testutil",
];

/// A generated service repository in a temporary directory: the tree
/// `NewServiceBuild` walks.
#[derive(Debug)]
pub struct ProtoTree {
    dir: TempDir,
}

impl ProtoTree {
    /// The repository's root, the walk's `"."`.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Writes `path` (under `root`) with a line of content, creating its
/// directories.
pub(crate) fn write(root: &Path, path: &str, content: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().expect("a file has a directory")).expect("create dirs");
    fs::write(path, content).expect("write file");
}

/// The repository: top-level files, `cmd/`, the Go packages, and
/// `protos/<service>/v1/` with `<service>.proto`, `<service>.pb.go` and
/// `<service>_grpc.pb.go`.
pub fn proto_tree() -> ProtoTree {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path();
    for file in ["go.mod", "go.sum", "README.md", "Makefile", "main.go"] {
        write(root, file, "// generated\n");
    }
    for cmd in ["cmd/server/main.go", "cmd/cli/main.go"] {
        write(root, cmd, "package main\n");
    }
    for pkg in GO_PACKAGES {
        let name = pkg.rsplit('/').next().expect("a package name");
        for file in [
            "doc.go",
            "types.go",
            &format!("{name}.go"),
            &format!("{name}_test.go"),
        ] {
            write(root, &format!("{pkg}/{file}"), &format!("package {name}\n"));
        }
    }
    for svc in SERVICES {
        let package = format!("protos/{svc}/v1");
        write(
            root,
            &format!("{package}/{svc}.proto"),
            &format!("syntax = \"proto3\";\npackage {svc}.v1;\n"),
        );
        for generated in [format!("{svc}.pb.go"), format!("{svc}_grpc.pb.go")] {
            write(root, &format!("{package}/{generated}"), "package v1\n");
        }
    }
    ProtoTree { dir }
}
