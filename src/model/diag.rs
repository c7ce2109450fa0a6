//! Diagnostics: every problem found in the manifests, located by `line:column` and a field path.
//!
//! Problems accumulate instead of aborting: one bad field or document never hides the rest
//! (the idea behind kube-rs's `DeserializeGuard`). Messages follow the API server's wording where
//! one exists (`spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`).

use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The API server would reject this object (or the YAML does not parse): it is not simulated.
    Error,
    /// Accepted by Kubernetes but almost certainly not what was meant, or it changes DNS behaviour.
    Warning,
    /// A note: something is not simulated, or a DNS consequence worth knowing.
    Info,
}

impl Severity {
    /// The lower-case word compilers print (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in the source text, both 1-based.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// Line `line` moved `by` lines further down (up, when negative), for a document that moved.
pub fn moved_line(line: u32, by: i64) -> u32 {
    u32::try_from(i64::from(line) + by).unwrap_or(0)
}

impl Pos {
    /// This position `by` lines further down (up, when negative); columns stay.
    pub fn move_lines(&mut self, by: i64) {
        self.line = moved_line(self.line, by);
    }

    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// One problem, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line and column in the whole input text.
    pub line: u32,
    pub col: u32,
    /// Field path inside the object, e.g. `spec.ports[0].targetPort`; empty for syntax errors.
    pub path: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub hint: Option<String>,
    /// Other places this diagnostic is about (e.g. the Service a StatefulSet names), as `(pos, label)`.
    pub related: Vec<(Pos, String)>,
}

impl Diagnostic {
    /// This diagnostic, and the places it relates to, `by` lines further down.
    pub fn move_lines(&mut self, by: i64) {
        self.line = moved_line(self.line, by);
        for (r, _) in &mut self.related {
            r.move_lines(by);
        }
    }

    pub fn new(
        severity: Severity,
        pos: Pos,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            line: pos.line,
            col: pos.col,
            path: path.into(),
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn error(pos: Pos, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pos, path, message)
    }

    pub fn warning(pos: Pos, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pos, path, message)
    }

    pub fn info(pos: Pos, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, pos, path, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(mut self, pos: Pos, label: impl Into<String>) -> Self {
        self.related.push((pos, label.into()));
        self
    }

    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    /// `FILE:LINE:COL: severity: message` (plus an indented hint line), the compiler style kdig prints.
    pub fn render(&self, file: &str) -> String {
        let mut s = format!("{file}:{}:{}: {}: ", self.line, self.col, self.severity);
        if !self.path.is_empty() {
            s.push_str(&self.path);
            s.push_str(": ");
        }
        s.push_str(&self.message);
        if let Some(h) = &self.hint {
            s.push_str("\n  hint: ");
            s.push_str(h);
        }
        for (p, label) in &self.related {
            s.push_str(&format!("\n  note: {file}:{p}: {label}"));
        }
        s
    }
}

/// Sort by position, then severity, so output reads top to bottom.
pub fn sort(diags: &mut [Diagnostic]) {
    crate::sort::by_key(diags, |d| (d.line, d.col, d.severity));
}
