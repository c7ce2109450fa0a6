//! Step text with inline code: plain pieces, code pieces and click-to-run commands.

/// A piece of a step's text (or a question), borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Prose, shown as it is.
    Plain(&'a str),
    /// Backticked text that is not a command (a field, a name, a value): shown as code.
    Code(&'a str),
    /// Backticked text that is a command the console runs: shown as code, click-to-run.
    Command(&'a str),
}

/// The programs a click-to-run command may start with.
const PROGRAMS: &[&str] = &["dig", "nslookup", "host", "kubectl"];

/// True when `code` is a command line the console runs: one of `dig`, `nslookup`, `host`,
/// `kubectl`, followed by at least one argument (a bare `dig` is a program name, not a command).
pub fn is_command(code: &str) -> bool {
    let mut words = code.split_whitespace();
    matches!(words.next(), Some(p) if PROGRAMS.contains(&p)) && words.next().is_some()
}

/// Cut `text` at its backticks. Text between a pair of backticks becomes [`Segment::Code`] or,
/// if [`is_command`], [`Segment::Command`]; the rest is [`Segment::Plain`]. A backtick without a
/// partner stays in the plain text. Empty pieces are left out; joining the pieces (with the
/// backticks put back around code) gives the text again.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('`') else {
            break;
        };
        if open > 0 {
            out.push(Segment::Plain(&rest[..open]));
        }
        let code = &after[..close];
        if !code.is_empty() {
            out.push(if is_command(code) {
                Segment::Command(code)
            } else {
                Segment::Code(code)
            });
        }
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Segment::Plain(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_code_and_commands() {
        let s = segments("Run `dig +short web` and look at `clusterIP: None`, or `dig`.");
        assert_eq!(
            s,
            vec![
                Segment::Plain("Run "),
                Segment::Command("dig +short web"),
                Segment::Plain(" and look at "),
                Segment::Code("clusterIP: None"),
                Segment::Plain(", or "),
                Segment::Code("dig"),
                Segment::Plain("."),
            ]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        assert_eq!(segments(""), vec![]);
        assert_eq!(segments("`"), vec![Segment::Plain("`")]);
        assert_eq!(segments("``"), vec![]);
        assert_eq!(
            segments("a `b` `c"),
            vec![
                Segment::Plain("a "),
                Segment::Code("b"),
                Segment::Plain(" `c")
            ]
        );
        assert_eq!(
            segments("é`ü`ß"),
            vec![Segment::Plain("é"), Segment::Code("ü"), Segment::Plain("ß")]
        );
        assert!(is_command("kubectl get pods"));
        assert!(!is_command("kubectl"));
        assert!(!is_command("hostname"));
        assert!(!is_command(""));
    }
}
