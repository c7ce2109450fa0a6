//! Name rules the API server enforces (`k8s.io/apimachinery/pkg/util/validation`), with its wording.

/// DNS-1123 label: what namespaces, pod `hostname`/`subdomain`, StatefulSet `serviceName` and Service
/// port names must be.
pub fn dns1123_label(s: &str) -> Result<(), String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s, |c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')".to_string());
    }
    join(errs)
}

/// DNS-1035 label: what Service names must be (they must start with a letter).
pub fn dns1035_label(s: &str) -> Result<(), String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s, |c| c.is_ascii_lowercase()) {
        errs.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')".to_string());
    }
    join(errs)
}

/// DNS-1123 subdomain: names of Pods, StatefulSets, Deployments, EndpointSlices.
pub fn dns1123_subdomain(s: &str) -> Result<(), String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    let ok = !s.is_empty()
        && s.split('.')
            .all(|l| is_label(l, |c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    if !ok {
        errs.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string());
    }
    join(errs)
}

/// IANA_SVC_NAME (RFC 6335): container port names and string `targetPort`s.
pub fn iana_svc_name(s: &str) -> Result<(), String> {
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    join(errs)
}

fn is_label(s: &str, first: impl Fn(char) -> bool) -> bool {
    let ok_inner = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    match (s.chars().next(), s.chars().last()) {
        (Some(f), Some(l)) => {
            first(f) && (l.is_ascii_lowercase() || l.is_ascii_digit()) && s.chars().all(ok_inner)
        }
        _ => false,
    }
}

fn join(errs: Vec<String>) -> Result<(), String> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join(", "))
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`: a case-insensitive match first, else edit distance ≤ 1/3 of the length.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(c);
    }
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| {
            (
                edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()),
                *c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_rules() {
        assert!(dns1123_label("kafka-0").is_ok());
        assert!(dns1123_label("0kafka").is_ok());
        assert!(dns1035_label("0kafka").is_err());
        assert!(dns1035_label("web").is_ok());
        assert!(dns1035_label("Web").is_err());
        assert!(dns1035_label("web-").is_err());
        assert!(dns1035_label("").is_err());
        assert!(dns1123_label(&"a".repeat(64))
            .unwrap_err()
            .contains("63 characters"));
        assert!(dns1123_subdomain("a.b-c.d").is_ok());
        assert!(dns1123_subdomain("a..b").is_err());
        assert!(dns1123_subdomain(&"a".repeat(300)).is_err());
    }

    #[test]
    fn iana_names() {
        assert!(iana_svc_name("http").is_ok());
        assert!(iana_svc_name("http-metrics").is_ok());
        assert!(iana_svc_name("8080")
            .unwrap_err()
            .contains("at least one letter"));
        assert!(iana_svc_name("a--b").is_err());
        assert!(iana_svc_name("abcdefghijklmnop")
            .unwrap_err()
            .contains("15"));
    }

    #[test]
    fn suggestions() {
        let c = ["clusterIP", "clusterIPs", "selector", "ports"];
        assert_eq!(suggest("clusterIp", &c), Some("clusterIP"));
        assert_eq!(suggest("selecter", &c), Some("selector"));
        assert_eq!(suggest("port", &c), Some("ports"));
        assert_eq!(suggest("zzz", &c), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
