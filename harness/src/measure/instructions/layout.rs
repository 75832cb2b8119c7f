//! The same process layout for every count. A hash table whose seed comes
//! from addresses (foldhash, `lru`'s default, seeds itself from where things
//! lie in memory, and valgrind turns address randomization off) executes a
//! different number of instructions when the process's stack starts
//! elsewhere, and where it starts depends on the environment's size and the
//! executable's path, which the kernel copies onto the stack above it
//! (Mytkowicz et al., *Producing Wrong Data Without Doing Anything
//! Obviously Wrong!*, ASPLOS 2009). Measured on the suites'
//! `users_cached`: 3,975 instructions a call, 4,050–4,069 with one more
//! environment variable of 57 bytes, 4,787–5,054 from the same executable
//! copied to a longer path; a stored-baseline gate was red on unchanged
//! code in every run whose environment differed from the baseline's by one
//! empty variable. So an instruction worker starts from a path of fixed
//! length with an environment of one variable of fixed length, which names
//! a file holding the real environment: the worker sets it again before any
//! user code runs ([`restore_env`]), on the heap, where the stack does not
//! see it, and a variant reads the same variables as in every other pass.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable that names the file of the real environment.
pub(crate) const ENV_FILE: &str = "OPTBENCH_WORKER_ENV";

/// A link of fixed-length path to the executable, and the file of this
/// process's environment beside it; removed when dropped.
#[derive(Debug)]
pub(crate) struct FixedPath {
    dir: PathBuf,
    /// The link: `/tmp/optbench-PPPPPPPPPP-NNNNNN/worker`.
    pub exe: PathBuf,
    /// The environment, `KEY=value` entries each ended by a NUL byte.
    pub env: PathBuf,
}

impl FixedPath {
    /// A link to `exe` at a path of fixed length; `None` where it cannot
    /// be made (no `/tmp`, not Unix): the executable's own path then.
    pub(crate) fn new(exe: &Path) -> Option<FixedPath> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed) % 1_000_000;
        let dir = PathBuf::from(format!("/tmp/optbench-{:010}-{n:06}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).ok()?;
        let link = dir.join("worker");
        let env = dir.join("env");
        #[cfg(unix)]
        let made = std::os::unix::fs::symlink(exe, &link).is_ok()
            && std::fs::write(&env, encode(std::env::vars_os())).is_ok();
        #[cfg(not(unix))]
        let made = false;
        if !made {
            let _ = std::fs::remove_dir_all(&dir);
            return None;
        }
        Some(FixedPath {
            dir,
            exe: link,
            env,
        })
    }
}

/// `vars` as `KEY=value` entries each ended by a NUL byte (as
/// `/proc/PID/environ` has them).
#[cfg(unix)]
fn encode(vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let mut out = Vec::new();
    for (k, v) in vars {
        out.extend_from_slice(k.as_bytes());
        out.push(b'=');
        out.extend_from_slice(v.as_bytes());
        out.push(0);
    }
    out
}

/// The entries of an environment file.
#[cfg(unix)]
fn decode(bytes: &[u8]) -> Vec<(std::ffi::OsString, std::ffi::OsString)> {
    use std::os::unix::ffi::OsStrExt;
    bytes
        .split(|&b| b == 0)
        .filter_map(|entry| {
            let at = entry.iter().position(|&b| b == b'=')?;
            let (k, v) = (&entry[..at], &entry[at + 1..]);
            (!k.is_empty()).then(|| {
                (
                    std::ffi::OsStr::from_bytes(k).to_owned(),
                    std::ffi::OsStr::from_bytes(v).to_owned(),
                )
            })
        })
        .collect()
}

/// In a worker started with [`ENV_FILE`]: sets the environment that file
/// holds and removes the variable, before any user code runs (the worker
/// is one thread then), but for what the wrapper set itself. A file that
/// cannot be read leaves the environment empty.
pub(crate) fn restore_env() {
    let Some(file) = std::env::var_os(ENV_FILE) else {
        return;
    };
    // SAFETY: called at the worker's start, before it starts any thread
    // or runs user code; nothing else reads or writes the environment.
    unsafe { std::env::remove_var(ENV_FILE) };
    #[cfg(unix)]
    if let Ok(bytes) = std::fs::read(file) {
        // What the wrapper set for its own (valgrind's `LD_PRELOAD`) stays.
        for (k, v) in decode(&bytes) {
            if std::env::var_os(&k).is_none() {
                // SAFETY: as above.
                unsafe { std::env::set_var(k, v) };
            }
        }
    }
}

impl Drop for FixedPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `program` found on this process's `PATH` (the worker's environment is
/// empty, so the wrapper is started by its full path); `program` itself
/// when it is not found there.
pub(crate) fn on_path(program: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(program))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_has_one_length_and_goes_away() {
        let exe = std::env::current_exe().unwrap();
        let (a, b) = (FixedPath::new(&exe).unwrap(), FixedPath::new(&exe).unwrap());
        assert_ne!(a.exe, b.exe);
        assert_eq!(a.exe.as_os_str().len(), b.exe.as_os_str().len());
        assert_eq!(
            std::fs::canonicalize(&a.exe).unwrap(),
            std::fs::canonicalize(&exe).unwrap()
        );
        // The environment comes back as it was.
        let saved = decode(&std::fs::read(&a.env).unwrap());
        let path = std::env::var_os("PATH").unwrap();
        assert!(saved.iter().any(|(k, v)| k == "PATH" && *v == path));
        assert_eq!(
            decode(b"A=1\0B=x=y\0=skipped\0C=\0"),
            [("A", "1"), ("B", "x=y"), ("C", "")].map(|(k, v)| (k.into(), v.into()))
        );
        let dir = a.dir.clone();
        drop(a);
        assert!(!dir.exists());
        assert!(on_path("sh").is_absolute());
    }
}
