//! DNS: names, records, messages, the resolver and the dig / nslookup / host renderers.
