//! Golden files under `tests/golden/`: a test's text is compared with the file, or, when the run
//! has `UPDATE_GOLDEN=1`, written over it (check every rewritten file by eye).

use std::path::{Path, PathBuf};

/// `tests/golden/<sub>/<stem>.txt` in this crate.
pub fn path(sub: &str, stem: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(sub)
        .join(format!("{stem}.txt"))
}

/// Whether this run rewrites the golden files.
pub fn updating() -> bool {
    std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1")
}

/// The golden text at `path`, or `None` when this run is updating: then `actual` is written there
/// (its folder made if need be). A missing file panics and says to run with `UPDATE_GOLDEN=1`.
#[track_caller]
pub fn expected(path: &Path, actual: &str) -> Option<String> {
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(want) => Some(want),
        Err(e) => panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()),
    }
}

/// Asserts that `actual` is the golden text at `path` (or rewrites it when updating).
#[track_caller]
pub fn check(path: &Path, actual: &str) {
    if let Some(want) = expected(path, actual) {
        assert_eq!(
            actual,
            want,
            "{} differs (UPDATE_GOLDEN=1 to accept)",
            path.display()
        );
    }
}
