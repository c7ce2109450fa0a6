//! `kdig`: the playground's resolver on the command line, for tutorial authors and tests.
//!
//! ```text
//! kdig [-f FILE]... [-n NAMESPACE] [--json] [--explain] [--not-ready NS/POD]... [+search] [+short] [-x IP] [@SERVER] NAME [TYPE]
//! ```
//! Argument parsing and printing only: the work is `headless_playground::cli`.

use std::io::{Read, Write};
use std::process::ExitCode;

use headless_playground::cli::{self, Input};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |path: &str| -> Result<Vec<u8>, String> {
        if path == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("-: {e}"))?;
            Ok(buf)
        } else {
            std::fs::read(path).map_err(|e| format!("{path}: {e}"))
        }
    };
    let out = cli::run(&args, &mut |p: &str| {
        read(p).map(|bytes| Input {
            name: p.to_string(),
            bytes,
        })
    });
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    ExitCode::from(out.code)
}
