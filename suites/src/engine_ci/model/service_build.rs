//! engine-ci's `NewServiceBuild` before and after the change that added
//! memory tracking to it: the walk for `.proto` files, the source packages,
//! the build; and the Go, Maven and Python builds over it.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use walkdir::WalkDir;

use super::memory::DEFAULT_TRACKER;

/// engine-ci's `BuildType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildType {
    /// `GoLang`.
    GoLang,
    /// `Maven`.
    Maven,
    /// `Python`.
    Python,
}

/// engine-ci's `EnvType` as `getEnv()` chooses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvType {
    /// `LocalEnv`: `ENV=local`.
    Local,
    /// `BuildEnv`: anything else.
    Build,
}

/// The fields of `container.Build` that `NewServiceBuild` sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceBuild {
    /// `App`.
    pub app: String,
    /// `Env`.
    pub env: EnvType,
    /// `Image` (the app's name).
    pub image: String,
    /// `ImageTag` (`COMMIT_SHA`, or `local`).
    pub image_tag: String,
    /// `BuildType`.
    pub build_type: BuildType,
    /// `SourcePackages`: the `.proto` files' directories.
    pub source_packages: Vec<String>,
    /// `SourceFiles`: the `.proto` files, relative to the root.
    pub source_files: Vec<String>,
    /// `Folder` (set by `NewMavenServiceBuild`).
    pub folder: String,
}

/// `FindFilesBySuffix(root, suffix)` with the cache off (as engine-ci
/// creates it): a `filepath.Walk` in lexical order collecting the files
/// whose name ends in `suffix`, as paths relative to `root` (Go walks `"."`).
/// A walk error ends the search, as it ends `NewServiceBuild`.
pub fn find_files_by_suffix(root: &Path, suffix: &str) -> walkdir::Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(root).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_dir() && entry.file_name().to_string_lossy().ends_with(suffix) {
            let rel = entry.path().strip_prefix(root).expect("walked under root");
            files.push(rel.to_string_lossy().into_owned());
        }
    }
    Ok(files)
}

/// `filepath.Dir(file)` for a relative path: its directory, `.` for none.
fn dir_of(file: &str) -> &str {
    match file.rfind('/') {
        Some(i) => &file[..i],
        None => ".",
    }
}

/// `getEnv()`.
fn get_env() -> EnvType {
    match std::env::var("ENV") {
        Ok(env) if env == "local" => EnvType::Local,
        _ => EnvType::Build,
    }
}

/// `os.Getenv("COMMIT_SHA")`, `local` when unset or empty.
fn commit_sha() -> String {
    std::env::var("COMMIT_SHA")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "local".to_owned())
}

/// `NewServiceBuild` before the change: the walk, one package per file
/// appended to an empty slice, the build.
pub fn new_service_build_untracked(
    root: &Path,
    app_name: &str,
    build_type: BuildType,
) -> ServiceBuild {
    let files = find_files_by_suffix(root, ".proto").expect("walk the repository");
    let mut packages = Vec::new();
    for file in &files {
        packages.push(dir_of(file).to_owned());
    }
    ServiceBuild {
        app: app_name.to_owned(),
        env: get_env(),
        image: app_name.to_owned(),
        image_tag: commit_sha(),
        build_type,
        source_packages: packages,
        source_files: files,
        folder: String::new(),
    }
}

/// `NewServiceBuild` after the change: `start := time.Now()`, the same walk,
/// the packages in a slice of capacity `len(files)` deduplicated through a
/// set of the same capacity, `memory.TrackAllocation(...)`, and the deferred
/// `memory.TrackOperation(time.Since(start))` as the last step.
pub fn new_service_build_tracked(
    root: &Path,
    app_name: &str,
    build_type: BuildType,
) -> ServiceBuild {
    let start = Instant::now();
    let files = find_files_by_suffix(root, ".proto").expect("walk the repository");
    let mut packages = Vec::with_capacity(files.len());
    {
        let mut package_set: HashSet<&str> = HashSet::with_capacity(files.len());
        for file in &files {
            let pkg = dir_of(file);
            if package_set.insert(pkg) {
                packages.push(pkg.to_owned());
            }
        }
    }
    let commit_sha = commit_sha();
    DEFAULT_TRACKER
        .track_allocation(app_name.len() + commit_sha.len() + packages.len() * 8 + files.len() * 8);
    let build = ServiceBuild {
        app: app_name.to_owned(),
        env: get_env(),
        image: app_name.to_owned(),
        image_tag: commit_sha,
        build_type,
        source_packages: packages,
        source_files: files,
        folder: String::new(),
    };
    DEFAULT_TRACKER.track_operation(start.elapsed());
    build
}

/// `NewGoServiceBuild`, `NewMavenServiceBuild` (with `Folder =
/// "target/quarkus-app"`) and `NewPythonServiceBuild` over one constructor.
pub fn specialized_builds(
    root: &Path,
    app_name: &str,
    new: fn(&Path, &str, BuildType) -> ServiceBuild,
) -> [ServiceBuild; 3] {
    let go = new(root, app_name, BuildType::GoLang);
    let mut maven = new(root, app_name, BuildType::Maven);
    maven.folder = "target/quarkus-app".to_owned();
    let python = new(root, app_name, BuildType::Python);
    [go, maven, python]
}
