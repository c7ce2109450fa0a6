//! The seam between the client tools and whatever answers them.
//!
//! A tool sends one UDP query at a time to one server address (BIND `bin/dig/dighost.c` `start_udp`);
//! the server either replies or stays silent, in which case the tool retries and finally reports a
//! timeout. The resolver (CoreDNS's `kubernetes` plugin, simulated elsewhere) implements this trait;
//! tests use a small table-driven fake.

use std::net::IpAddr;

use super::message::{Edns, Message, Query};

/// Something that answers DNS queries sent to an IP address on port 53.
pub trait DnsServer {
    /// Answers `question` sent to `server` with the RD bit `rd` and the client's OPT `edns`.
    /// `None` means nothing listens there: the client times out.
    fn query(
        &mut self,
        server: IpAddr,
        question: &Query,
        rd: bool,
        edns: Option<&Edns>,
    ) -> Option<Message>;
}
