//! The fields of engine-ci's `container.Build` that `AsFlags` and
//! `ImageURI` read.

/// The fields of engine-ci's `container.Build` that `AsFlags` reads. Go
/// strings are shared `(pointer, length)` headers; `&'static str` is the same
/// 16-byte view, so the flag slice holds exactly what Go's `[]string` held.
#[derive(Debug, Clone)]
pub struct Build {
    /// `App`.
    pub app: &'static str,
    /// `Env` (`EnvType`).
    pub env: &'static str,
    /// `Image`.
    pub image: &'static str,
    /// `ImageTag`.
    pub image_tag: &'static str,
    /// `Registry`.
    pub registry: &'static str,
    /// `File`.
    pub file: &'static str,
    /// `Folder`.
    pub folder: &'static str,
    /// `BuildType`.
    pub build_type: &'static str,
    /// `Verbose`.
    pub verbose: bool,
    /// `SourcePackages`.
    pub source_packages: Vec<&'static str>,
    /// `SourceFiles`.
    pub source_files: Vec<&'static str>,
}

/// An image reference: `Build.Image` and `Build.ImageTag`.
#[derive(Debug, Clone, Copy)]
pub struct ImageRef {
    /// `Image`.
    pub image: &'static str,
    /// `ImageTag`.
    pub tag: &'static str,
}
