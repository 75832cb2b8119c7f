//! Sets `cfg(c_hook)` where the bench binary can define the C allocation
//! functions and forward them to glibc: Linux with glibc, dynamically
//! linked, with the `c-hook` feature (on by default).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(c_hook)");
    println!("cargo::rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if linux_gnu && !static_crt && std::env::var_os("CARGO_FEATURE_C_HOOK").is_some() {
        println!("cargo::rustc-cfg=c_hook");
    }
}
