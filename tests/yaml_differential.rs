#![cfg(not(target_arch = "wasm32"))]
//! The block fast path against serde_yaml: whenever the fast path answers, serde_yaml must accept
//! the same text and give the same tree. Inputs: every fixture and scenario, generated kubectl
//! output, and many deterministic mutations of them (a line re-indented, a character swapped for a
//! YAML indicator, lines dropped or doubled). `./dev.sh fuzz` checks the same promise on random
//! bytes.

#[path = "support/gen.rs"]
#[allow(dead_code)]
mod gen;

use headless_playground::model::yaml::{load_general, parse_block};
use headless_playground::scenarios;

fn documents(text: &str) -> Vec<String> {
    let mut docs = vec![String::new()];
    for line in text.split('\n') {
        if line == "---" || line.starts_with("--- ") {
            docs.push(String::new());
        } else {
            let d = docs.last_mut().expect("one document");
            d.push_str(line);
            d.push('\n');
        }
    }
    docs
}

/// The promise, for one text. Returns whether the fast path answered.
fn check(doc: &str) -> bool {
    let Some(fast) = parse_block(doc) else {
        return false;
    };
    match load_general(doc) {
        Ok(general) => assert_eq!(fast, general, "the fast path differs on:\n{doc}"),
        Err(e) => panic!("the fast path accepted what serde_yaml rejects ({e}):\n{doc}"),
    }
    true
}

#[test]
fn agrees_with_serde_yaml_on_the_subset() {
    let accepted = [
        "a: b\n",
        "a: 1\nb: -2\nc: 1.5\nd: 0x1f\ne: 0o17\nf: 0b101\ng: +7\nh: 007\ni: -0\nj: 1e3\nk: .inf\nl: -.inf\nm: .nan\nn: +.5\no: 12abc\np: 1_000\nq: 0.\nr: .5.\n",
        "a: ~\nb: null\nc: Null\nd:\ne: true\nf: False\ng: TRUE\nh: yes\ni: no\nj: on\n",
        "metadata:\n  name: web   # the name\n  labels:\n    app: web\n    app.kubernetes.io/name: x\n",
        "spec:\n  ports:\n  - name: http\n    port: 80\n  - port: 81\n    targetPort: http\n  selector:\n    app: x\n",
        "items:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - name: c\n      ports:\n      - containerPort: 80\n",
        "list:\n  - a\n  - 'b'\n  - \"c\"\n  -\n    d: 1\n  - {}\n  - []\n",
        "f:metadata:\n  f:labels:\n    .: {}\n    f:app: {}\n  k:{\"port\":80,\"protocol\":\"TCP\"}:\n    .: {}\n",
        "s: 'it''s'\nt: \"x: y # not a comment\"\nu: 'a # b' # comment\nv: a#b\nw: -x\nx: :y\nz: ?q\n",
        "note: |\n  {\"a\": 1}\n  second line\n\n    indented\nafter: x\n",
        "keep: |-\n  text\n\n\nnext: y\n",
        "empty: |\nnext: y\n",
        "last: |\n  no final break",
        "last: |-\n  no final break",
        "nested:\n- - a\n",
        "- a\n- b\n",
        "# only a comment\n",
        "",
        "key with spaces: value with spaces\n",
        "a:\n  b:\n    c:\n      d: deep\n  e: back\n",
        "unicode: żółw ☸\n",
        "ports: []\nannotations: {}\n",
    ];
    let mut fast = 0;
    for doc in accepted {
        fast += check(doc) as usize;
    }
    // All but the `- - a` line ride the fast path.
    assert!(fast >= accepted.len() - 1, "{fast} of {}", accepted.len());
}

#[test]
fn hands_over_what_it_does_not_cover() {
    let long_key = format!("{}: x\n", "\u{fffd}".repeat(400));
    for doc in [
        "a: {b: 1}\n",
        "a: [1, 2]\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: \"esc\\n\"\n",
        "a: plain\n  continued\n",
        "a: 'open\n  quote'\n",
        "a: >\n  folded\n",
        "a: |+\n  keep\n",
        "a: |2\n   x\n",
        "a: 1\na: 2\n",
        "? complex\n: key\n",
        "a:\tb\n",
        "\ta: b\n",
        "a: b: c\n",
        "a: b\n c: d\n",
        "  a: b\nc: d\n",
        "%YAML 1.2\n---\na: b\n",
        "1: x\n",
        "true: x\n",
        "big: 123456789012345678901234567890\n",
        "\u{feff}a: b\n",
        "scalar at root\n",
        "a: - b\n",
        "a: |\n    x\n  y\n",
        long_key.as_str(),
    ] {
        assert!(parse_block(doc).is_none(), "fast path took:\n{doc}");
    }
}

/// xorshift64*: deterministic, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&str] = &[
    " ", "  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "|", "|-", ">", "&a ", "*a", "!", "{",
    "}", "[", "]", "{}", "[]", ",", "?", "%", "@", "`", "\\", "~", "null", "true", "0x1f", "007",
    "1e3", ".inf", "-", "\t", "é", "\u{feff}", "\u{2028}", "---", "...", "\n", "\n  ", "\n- ",
];

fn mutate(doc: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = doc.split('\n').map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            1 if lines.len() > 1 => {
                lines.remove(i);
            }
            2 => {
                let l = &lines[i];
                lines[i] = if rng.below(2) == 0 {
                    format!(" {l}")
                } else {
                    l.strip_prefix(' ').unwrap_or(l).to_string()
                };
            }
            _ => {
                let l = &lines[i];
                let cuts: Vec<usize> = (0..=l.len()).filter(|&c| l.is_char_boundary(c)).collect();
                let at = cuts[rng.below(cuts.len())];
                let ins = INSERTS[rng.below(INSERTS.len())];
                let mut m = l[..at].to_string();
                m.push_str(ins);
                // Sometimes replace the character there instead of inserting.
                let rest = &l[at..];
                let rest = if rng.below(2) == 0 {
                    rest.char_indices().nth(1).map_or("", |(j, _)| &rest[j..])
                } else {
                    rest
                };
                m.push_str(rest);
                lines[i] = m;
            }
        }
    }
    lines.join("\n")
}

fn corpus() -> Vec<String> {
    let mut texts: Vec<String> = vec![
        include_str!("fixtures/kafka.yaml").into(),
        include_str!("fixtures/kubectl-list.yaml").into(),
        include_str!("fixtures/spec/cluster.yaml").into(),
        include_str!("fixtures/kdig/web.yaml").into(),
        include_str!("fixtures/kdig/other-ns.yaml").into(),
        include_str!("fixtures/kdig/typo.yaml").into(),
        include_str!("fixtures/kdig/broken.yaml").into(),
        gen::statefulsets(3, 2),
        gen::kubectl_list(20_000),
    ];
    texts.extend(scenarios::ALL.iter().map(|s| s.yaml.to_string()));
    texts.iter().flat_map(|t| documents(t)).collect()
}

#[test]
fn fixtures_ride_the_fast_path_and_agree() {
    let docs = corpus();
    let fast = docs.iter().filter(|d| check(d)).count();
    // Block style everywhere but a few flow-style lines in scenarios and rule fixtures.
    assert!(
        fast * 10 >= docs.len() * 8,
        "only {fast} of {} documents took the fast path",
        docs.len()
    );
}

#[test]
fn mutations_agree_or_hand_over() {
    let docs = corpus();
    // More rounds for a longer hunt: `YAML_DIFF_ROUNDS=5000 cargo test --test yaml_differential`.
    let rounds: usize = std::env::var("YAML_DIFF_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(40);
    let seed: u64 = std::env::var("YAML_DIFF_SEED")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed | 1);
    let (mut fast, mut total) = (0, 0);
    for _ in 0..rounds {
        for d in &docs {
            let m = mutate(d, &mut rng);
            total += 1;
            if check(&m) {
                fast += 1;
            }
        }
    }
    eprintln!(
        "{fast} of {total} mutants took the fast path and agreed; the rest went to serde_yaml"
    );
    // Both outcomes must be common, or the mutations test nothing.
    assert!(
        fast > total / 10 && fast < total * 9 / 10,
        "{fast} of {total} mutants took the fast path"
    );
}
