//! Predict, then reveal: the expected answer of a step's question, computed by running the step's
//! command in the step's cluster, and the verdict on a learner's guess.

use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;

use super::{step_cluster, CommandRun, PredictKind, Step, StepCluster};
use crate::dns::message::ResponseCode;
use crate::dns::rr::RData;

/// How a lookup ends, as the learner picks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// NOERROR with at least one answer record.
    Answer,
    /// NOERROR with an empty answer: the name exists, but has no record of the asked type.
    NoData,
    /// The name does not exist.
    NxDomain,
    /// No usable reply (SERVFAIL, REFUSED, a timeout). No lesson asks for it; it is here so that
    /// every run has an outcome.
    Failed,
}

impl Outcome {
    /// The three choices the UI offers for a [`PredictKind::Rcode`] question.
    pub const CHOICES: [Outcome; 3] = [Outcome::Answer, Outcome::NoData, Outcome::NxDomain];

    /// The choice's label: `NOERROR`, `NODATA`, `NXDOMAIN`.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Answer => "NOERROR",
            Outcome::NoData => "NODATA",
            Outcome::NxDomain => "NXDOMAIN",
            Outcome::Failed => "no answer",
        }
    }

    /// One sentence for the choice.
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Answer => "NOERROR with answers: the name exists and has records",
            Outcome::NoData => {
                "NODATA: NOERROR with an empty answer (the name exists, the record type does not)"
            }
            Outcome::NxDomain => "NXDOMAIN: the name does not exist",
            Outcome::Failed => "no usable reply (SERVFAIL, REFUSED or a timeout)",
        }
    }
}

/// A learner's guess. Typed text is kept as typed; [`reveal`] reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guess {
    /// For [`PredictKind::Addresses`]: addresses separated by anything that is not part of an
    /// address (spaces, commas, semicolons, new lines). `none`, `nothing`, `empty` or `-` mean
    /// "no address".
    Addresses(String),
    /// For [`PredictKind::Rcode`].
    Outcome(Outcome),
    /// For [`PredictKind::Count`] and [`PredictKind::Queries`]: a whole number (`none` means 0).
    Count(String),
}

/// Why a guess could not be judged. The UI shows the message and lets the learner try again;
/// such a guess is neither right nor wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GuessError {
    #[error("this step has no question to answer")]
    NoPrediction,
    #[error("this question asks for the {}", .expected.label())]
    WrongKind { expected: PredictKind },
    #[error("type your answer first")]
    Empty,
    #[error("\"{0}\" is not an IP address; type addresses such as 10.244.1.5 or fd00::5, separated by spaces or commas (or \"none\")")]
    NotAnAddress(String),
    #[error("\"{0}\" is not a whole number; type a number such as 3 (or 0)")]
    NotANumber(String),
}

/// The answer a step's question has, as computed from the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expected {
    /// The addresses of every A and AAAA record in the answers, sorted.
    Addresses(Vec<IpAddr>),
    Outcome(Outcome),
    /// Records in the answer sections.
    Count(usize),
    /// Queries the command sent.
    Queries(usize),
}

impl Expected {
    /// The answer in words, e.g. `3 addresses: 10.244.1.5, 10.244.2.7, 10.244.3.9`.
    pub fn describe(&self) -> String {
        match self {
            Expected::Addresses(a) if a.is_empty() => "no addresses".to_string(),
            Expected::Addresses(a) => format!(
                "{} address{}: {}",
                a.len(),
                if a.len() == 1 { "" } else { "es" },
                join(a)
            ),
            Expected::Outcome(o) => o.describe().to_string(),
            Expected::Count(n) => plural(*n, "record"),
            Expected::Queries(n) => plural(*n, "query"),
        }
    }
}

/// The verdict on a guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    pub right: bool,
    /// The expected answer in words ([`Expected::describe`]).
    pub expected: String,
    /// The tool's text, as the console prints it.
    pub actual_output: String,
    /// The step's authored explanation, then the computed difference (if any) in one paragraph.
    pub why: String,
    /// The computed difference alone, one line per point (empty when right), for the UI to style.
    pub diff: Vec<String>,
}

/// What a run shows, in the terms the questions ask about.
struct Observed {
    outcome: Outcome,
    addresses: BTreeSet<IpAddr>,
    records: usize,
    /// (name asked, rcode or "no reply") per query.
    queries: Vec<(String, String)>,
}

fn observe(run: &CommandRun) -> Observed {
    let mut addresses = BTreeSet::new();
    let mut records = 0;
    let mut any_noerror = false;
    let mut any_nx = false;
    let mut queries = Vec::new();
    for r in &run.log {
        let Some(m) = &r.reply else {
            queries.push((r.question.name.to_string(), "no reply".to_string()));
            continue;
        };
        let mut code = m.response_code.to_string();
        if m.response_code == ResponseCode::NoError && m.answers.is_empty() {
            code.push_str(" (no answer)");
        }
        queries.push((r.question.name.to_string(), code));
        match m.response_code {
            ResponseCode::NoError => any_noerror = true,
            ResponseCode::NXDomain => any_nx = true,
            _ => {}
        }
        records += m.answers.len();
        for rec in &m.answers {
            match &rec.rdata {
                RData::A(ip) => {
                    addresses.insert(IpAddr::V4(*ip));
                }
                RData::AAAA(ip) => {
                    addresses.insert(IpAddr::V6(*ip));
                }
                _ => {}
            }
        }
    }
    // The tools walk the search list until a reply is not NXDOMAIN, and nslookup asks A then AAAA
    // for the same name: so an answer anywhere is the answer, else an empty NOERROR is NODATA.
    let outcome = if records > 0 {
        Outcome::Answer
    } else if any_noerror {
        Outcome::NoData
    } else if any_nx {
        Outcome::NxDomain
    } else {
        Outcome::Failed
    };
    Observed {
        outcome,
        addresses,
        records,
        queries,
    }
}

/// The step's question, its cluster and the run of its command.
fn prepared(step: &Step) -> Option<(PredictKind, StepCluster, CommandRun)> {
    let p = step.predict?;
    let command = step.predict_command()?;
    let sc = step_cluster(step);
    let run = sc.run(step.client, command);
    Some((p.kind, sc, run))
}

fn expected_of(kind: PredictKind, o: &Observed) -> Expected {
    match kind {
        PredictKind::Addresses => Expected::Addresses(o.addresses.iter().copied().collect()),
        PredictKind::Rcode => Expected::Outcome(o.outcome),
        PredictKind::Count => Expected::Count(o.records),
        PredictKind::Queries => Expected::Queries(o.queries.len()),
    }
}

/// The answer to the step's question, by running its command in its cluster (deterministic).
/// `None` when the step asks nothing.
pub fn expected(step: &Step) -> Option<Expected> {
    let (kind, _, run) = prepared(step)?;
    Some(expected_of(kind, &observe(&run)))
}

/// Read typed addresses: any run of characters that cannot be part of an address separates them.
fn parse_addresses(text: &str) -> Result<BTreeSet<IpAddr>, GuessError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(GuessError::Empty);
    }
    if ["none", "nothing", "empty", "-", "no addresses"].contains(&t.to_ascii_lowercase().as_str())
    {
        return Ok(BTreeSet::new());
    }
    let mut out = BTreeSet::new();
    for word in t.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|')) {
        let w = word.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | '"' | '\'' | '`'));
        if w.is_empty() {
            continue;
        }
        // A zone index (`fe80::1%eth0`) is not part of a DNS answer.
        let bare = w.split('%').next().unwrap_or(w);
        match bare.parse::<IpAddr>() {
            Ok(ip) => {
                out.insert(ip);
            }
            Err(_) => return Err(GuessError::NotAnAddress(w.chars().take(60).collect())),
        }
    }
    if out.is_empty() {
        return Err(GuessError::NotAnAddress(t.chars().take(60).collect()));
    }
    Ok(out)
}

fn parse_count(text: &str) -> Result<usize, GuessError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(GuessError::Empty);
    }
    if t.eq_ignore_ascii_case("none") || t.eq_ignore_ascii_case("zero") {
        return Ok(0);
    }
    t.parse::<usize>()
        .map_err(|_| GuessError::NotANumber(t.chars().take(60).collect()))
}

/// Judge a guess against the step's computed answer. Errors ([`GuessError`]) are for guesses that
/// cannot be judged (empty, not an address, not a number, the wrong kind for the question, a step
/// without a question); the learner should be told and asked again.
pub fn reveal(step: &Step, guess: &Guess) -> Result<Reveal, GuessError> {
    let p = step.predict.ok_or(GuessError::NoPrediction)?;
    // Check the guess before running anything.
    enum Read {
        Addresses(BTreeSet<IpAddr>),
        Outcome(Outcome),
        Number(usize),
    }
    let read = match (p.kind, guess) {
        (PredictKind::Addresses, Guess::Addresses(t)) => Read::Addresses(parse_addresses(t)?),
        (PredictKind::Rcode, Guess::Outcome(o)) => Read::Outcome(*o),
        (PredictKind::Count | PredictKind::Queries, Guess::Count(t)) => {
            Read::Number(parse_count(t)?)
        }
        (expected, _) => return Err(GuessError::WrongKind { expected }),
    };
    let (kind, sc, run) = prepared(step).ok_or(GuessError::NoPrediction)?;
    let o = observe(&run);
    let expected = expected_of(kind, &o);
    let mut diff = Vec::new();
    let right = match read {
        Read::Addresses(g) => {
            for ip in o.addresses.difference(&g) {
                diff.push(format!("you left out {ip} ({})", sc.describe_ip(*ip)));
            }
            for ip in g.difference(&o.addresses) {
                diff.push(format!(
                    "extra: {ip} ({}), which the answer does not list",
                    sc.describe_ip(*ip)
                ));
            }
            if o.addresses.is_empty() && !g.is_empty() {
                diff.push(format!("the lookup ended {}", o.outcome.label()));
            }
            g == o.addresses
        }
        Read::Outcome(g) => {
            if g != o.outcome {
                diff.push(format!(
                    "you picked {}, but the lookup ended {}",
                    g.label(),
                    o.outcome.describe()
                ));
                if let Some((name, code)) = o.queries.last() {
                    diff.push(format!("last query: {name} → {code}"));
                }
            }
            g == o.outcome
        }
        Read::Number(n) => {
            let actual = match kind {
                PredictKind::Queries => o.queries.len(),
                _ => o.records,
            };
            if n != actual {
                if kind == PredictKind::Queries {
                    diff.push(format!(
                        "you expected {}, the tool sent {}:",
                        plural(n, "query"),
                        plural(actual, "query")
                    ));
                } else {
                    diff.push(format!(
                        "you expected {}, the answer has {}",
                        plural(n, "record"),
                        plural(actual, "record")
                    ));
                }
            }
            n == actual
        }
    };
    if kind == PredictKind::Queries {
        for (i, (name, code)) in o.queries.iter().enumerate() {
            diff.push(format!("{}. {name} → {code}", i + 1));
        }
        if right {
            // The walk is worth seeing even when the count was right.
            diff.insert(0, "the queries, in order:".to_string());
        }
    }
    let mut why = p.why.to_string();
    if !diff.is_empty() {
        why.push(' ');
        why.push_str(&capitalise(&diff.join("; ")));
        why.push('.');
    }
    Ok(Reveal {
        right,
        expected: expected.describe(),
        actual_output: run.text,
        why,
        diff,
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn plural(n: usize, what: &str) -> String {
    match (n, what) {
        (1, w) => format!("1 {w}"),
        (n, "query") => format!("{n} queries"),
        (n, w) => format!("{n} {w}s"),
    }
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_any_separators_and_normalise() {
        let a = parse_addresses(" 10.0.0.1,10.0.0.2;\n fd00:0:0::1  ").unwrap();
        assert_eq!(a.len(), 3);
        assert!(a.contains(&"fd00::1".parse().unwrap()));
        assert_eq!(parse_addresses("10.0.0.1 10.0.0.1").unwrap().len(), 1);
        assert_eq!(parse_addresses("None").unwrap().len(), 0);
        assert_eq!(parse_addresses("  "), Err(GuessError::Empty));
        assert!(matches!(
            parse_addresses("test-1"),
            Err(GuessError::NotAnAddress(_))
        ));
        assert!(matches!(
            parse_addresses("10.0.0.256"),
            Err(GuessError::NotAnAddress(_))
        ));
        assert!(matches!(
            parse_addresses(",,,"),
            Err(GuessError::NotAnAddress(_))
        ));
        assert!(matches!(
            parse_addresses("10.0.0.1, abc"),
            Err(GuessError::NotAnAddress(_))
        ));
        assert!(parse_addresses(&"9".repeat(100_000)).is_err());
        assert_eq!(
            parse_addresses("test-1"),
            Err(GuessError::NotAnAddress("test-1".into()))
        );
        assert_eq!(parse_addresses("[fd00::1] (10.0.0.1)").unwrap().len(), 2);
        let _ = parse_addresses("💥 10.0.0.1 %%% []");
    }

    #[test]
    fn counts_read_whole_numbers() {
        assert_eq!(parse_count(" 3 "), Ok(3));
        assert_eq!(parse_count("none"), Ok(0));
        assert_eq!(parse_count(""), Err(GuessError::Empty));
        assert!(matches!(parse_count("-1"), Err(GuessError::NotANumber(_))));
        assert!(matches!(
            parse_count("three"),
            Err(GuessError::NotANumber(_))
        ));
        assert!(matches!(
            parse_count("99999999999999999999999999"),
            Err(GuessError::NotANumber(_))
        ));
    }
}
