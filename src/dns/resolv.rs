//! The client pod's resolver configuration and the search-list walk.
//!
//! * `ResolvConf::cluster_first` is what the kubelet writes for `dnsPolicy: ClusterFirst`
//!   (KK `pkg/kubelet/network/dns/dns.go` `generateSearchesForDNSClusterFirst`, `defaultDNSOptions =
//!   ["ndots:5"]`): search `<ns>.svc.<zone> svc.<zone> <zone>`, nameserver = the kube-dns ClusterIP
//!   (10.96.0.10 on kubeadm), `options ndots:5` (k8s-dns.md §7).
//! * [`ResolvConf::candidates`] is the resolv.conf(5) rule as glibc applies it: a trailing dot means
//!   no search; fewer than `ndots` dots → each search domain first, the name as typed last; `ndots` or
//!   more → as typed first, then the search domains.
//! * [`ResolvConf::bind_candidates`] is what BIND's dig (`+search`), nslookup and host actually do
//!   (`bin/dig/dighost.c` `setup_lookup` and `next_origin`): the same order below `ndots`, but a name
//!   with `ndots` or more dots is tried **as typed only** (`next_origin` gives up once the label count
//!   exceeds `ndots`). The tools use this one: where the two differ, the real tool wins.
//! * [`walk`]: the first reply that is not NXDOMAIN ends the walk (`next_origin` runs only on
//!   NXDOMAIN), so NODATA stops it too; a silent server (after all retries) ends it as well.

use std::net::{IpAddr, Ipv4Addr};

use super::message::{Edns, Message, Query, ResponseCode};
use super::name::{Name, NameError};
use super::rr::RecordType;
use super::server::DnsServer;

/// kube-dns Service IP on a kubeadm cluster (10th address of 10.96.0.0/12).
pub const KUBE_DNS_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 96, 0, 10));

/// A pod's `/etc/resolv.conf`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvConf {
    pub search: Vec<Name>,
    pub nameservers: Vec<IpAddr>,
    pub ndots: u8,
}

impl ResolvConf {
    /// The kubelet's file for a `ClusterFirst` pod in `namespace` of cluster domain `zone`.
    pub fn cluster_first(namespace: &str, zone: &str) -> Result<Self, NameError> {
        let zone = Name::parse(zone)?.into_fqdn();
        let svc = Name::parse("svc")?.append(&zone)?;
        let ns = Name::parse(namespace)?.append(&svc)?;
        Ok(ResolvConf {
            search: vec![ns, svc, zone],
            nameservers: vec![KUBE_DNS_IP],
            ndots: 5,
        })
    }

    /// The file as the kubelet writes it (search first, as containerd/minikube captures show).
    pub fn to_file_text(&self) -> String {
        let mut out = String::new();
        if !self.search.is_empty() {
            let domains: Vec<String> = self.search.iter().map(Name::to_dotless).collect();
            out.push_str(&format!("search {}\n", domains.join(" ")));
        }
        for ns in &self.nameservers {
            out.push_str(&format!("nameserver {ns}\n"));
        }
        out.push_str(&format!("options ndots:{}\n", self.ndots));
        out
    }

    /// resolv.conf(5) order (glibc): see the module docs.
    pub fn candidates(&self, typed: &Name) -> Result<Vec<Name>, NameError> {
        if typed.is_fqdn() {
            return Ok(vec![typed.clone()]);
        }
        let as_typed = typed.clone().into_fqdn();
        let searched = self.searched(typed);
        if dots(typed) >= usize::from(self.ndots) {
            Ok(std::iter::once(as_typed).chain(searched).collect())
        } else {
            Ok(searched
                .into_iter()
                .chain(std::iter::once(as_typed))
                .collect())
        }
    }

    /// BIND dig/nslookup/host order: see the module docs.
    pub fn bind_candidates(&self, typed: &Name) -> Vec<Name> {
        let as_typed = typed.clone().into_fqdn();
        if typed.is_fqdn() || dots(typed) >= usize::from(self.ndots) {
            return vec![as_typed];
        }
        let mut out = self.searched(typed);
        out.push(as_typed);
        out
    }

    /// The search walk a BIND tool makes for `typed` against the first nameserver (RD set, no EDNS,
    /// one try per name, IDs from 0): every attempt in order, the last one ending the walk.
    pub fn search_walk(
        &self,
        dns: &mut dyn DnsServer,
        typed: &Name,
        query_type: RecordType,
    ) -> Vec<Attempt> {
        let how = Send {
            server: self.nameservers.first().copied().unwrap_or(KUBE_DNS_IP),
            rd: true,
            edns: None,
            tries: 1,
            id_seed: 0,
        };
        let mut attempts = Vec::new();
        walk(
            dns,
            &how,
            &self.bind_candidates(typed),
            query_type,
            &mut attempts,
        );
        attempts
    }

    /// `typed` under each search domain; a combination longer than 255 octets is skipped.
    fn searched(&self, typed: &Name) -> Vec<Name> {
        self.search
            .iter()
            .filter_map(|d| typed.append(&d.clone().into_fqdn()).ok())
            .collect()
    }
}

fn dots(name: &Name) -> usize {
    name.num_labels().saturating_sub(1)
}

/// One query as sent, with what came back (`None`: timed out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub question: Query,
    pub server: IpAddr,
    pub reply: Option<Message>,
}

/// How one query is sent: the server, RD, EDNS, how many tries before giving up, and the ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Send<'a> {
    pub server: IpAddr,
    pub rd: bool,
    pub edns: Option<&'a Edns>,
    pub tries: u8,
    /// ID of the run's first packet; packet `n` gets `id_seed + n` (the reply echoes it).
    pub id_seed: u16,
}

/// Sends `question`, retrying a silent server up to `tries` times; records every packet (appending
/// to `attempts`, whose length numbers the packets). Returns the reply, if any.
pub fn send(
    dns: &mut dyn DnsServer,
    how: &Send<'_>,
    question: &Query,
    attempts: &mut Vec<Attempt>,
) -> Option<Message> {
    for _ in 0..how.tries.max(1) {
        let id = how.id_seed.wrapping_add((attempts.len() % 65536) as u16);
        let reply = dns
            .query(how.server, question, how.rd, how.edns)
            .map(|mut m| {
                m.id = id;
                m
            });
        attempts.push(Attempt {
            question: question.clone(),
            server: how.server,
            reply: reply.clone(),
        });
        if reply.is_some() {
            return reply;
        }
    }
    None
}

/// Tries each name in order until a reply is not NXDOMAIN (or the server stays silent), appending
/// every packet to `attempts`; the last one holds the reply that ended the walk.
pub fn walk(
    dns: &mut dyn DnsServer,
    how: &Send<'_>,
    names: &[Name],
    query_type: RecordType,
    attempts: &mut Vec<Attempt>,
) {
    for name in names {
        let q = Query::new(name.clone(), query_type);
        match send(dns, how, &q, attempts) {
            Some(m) if m.response_code == ResponseCode::NXDomain => continue,
            _ => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Name {
        Name::parse(s).unwrap()
    }

    fn texts(v: &[Name]) -> Vec<String> {
        v.iter().map(Name::to_string).collect()
    }

    #[test]
    fn cluster_first_file() {
        let rc = ResolvConf::cluster_first("test", "cluster.local").unwrap();
        assert_eq!(
            rc.to_file_text(),
            "search test.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
        );
        assert!(ResolvConf::cluster_first("bad..ns", "cluster.local").is_err());
    }

    #[test]
    fn expansion_order_table() {
        let rc = ResolvConf::cluster_first("test", "cluster.local").unwrap();
        // (typed, glibc order, BIND order)
        let table: &[(&str, &[&str], &[&str])] = &[
            (
                "orders-api.prod",
                &[
                    "orders-api.prod.test.svc.cluster.local.",
                    "orders-api.prod.svc.cluster.local.",
                    "orders-api.prod.cluster.local.",
                    "orders-api.prod.",
                ],
                &[
                    "orders-api.prod.test.svc.cluster.local.",
                    "orders-api.prod.svc.cluster.local.",
                    "orders-api.prod.cluster.local.",
                    "orders-api.prod.",
                ],
            ),
            (
                "web.default.svc.cluster.local.",
                &["web.default.svc.cluster.local."],
                &["web.default.svc.cluster.local."],
            ),
            (
                // 5 dots = ndots: as typed first
                "a.b.c.d.e.f",
                &[
                    "a.b.c.d.e.f.",
                    "a.b.c.d.e.f.test.svc.cluster.local.",
                    "a.b.c.d.e.f.svc.cluster.local.",
                    "a.b.c.d.e.f.cluster.local.",
                ],
                &["a.b.c.d.e.f."],
            ),
        ];
        for &(typed, glibc, bind) in table {
            let t = n(typed);
            assert_eq!(texts(&rc.candidates(&t).unwrap()), glibc, "{typed}");
            assert_eq!(texts(&rc.bind_candidates(&t)), bind, "{typed}");
        }
    }

    #[test]
    fn too_long_combinations_are_skipped() {
        let rc = ResolvConf::cluster_first("test", "cluster.local").unwrap();
        let long = n(&[
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(40),
        ]
        .join("."));
        let got = rc.bind_candidates(&long);
        assert_eq!(got.last().map(|x| x.num_labels()), Some(4));
        assert!(got.len() < 4);
    }
}
