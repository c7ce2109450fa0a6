//! The lessons themselves. Every answer a question expects is computed from the simulation; the
//! texts only explain. Where the seed article and real CoreDNS disagree (k8s-dns.md §9), the text
//! says what CoreDNS does.

use super::{Lesson, Predict, PredictKind, Step};
use crate::cluster::CLIENT_POD;
use crate::scenarios;

const STATEFULSET_HEADLESS: &str = include_str!("statefulset-headless.yaml");
const READINESS: &str = include_str!("readiness.yaml");
const SRV: &str = include_str!("srv.yaml");

/// The fields most steps share; each step overrides what it needs.
const BASE: Step = Step {
    title: "",
    text: "",
    yaml: "",
    not_ready: &[],
    scale: &[],
    client: CLIENT_POD,
    commands: &[],
    predict: None,
    kafka: false,
};

const fn ask(
    command: usize,
    kind: PredictKind,
    question: &'static str,
    why: &'static str,
) -> Option<Predict> {
    Some(Predict {
        command,
        kind,
        question,
        why,
    })
}

use PredictKind::{Addresses, Count, Queries, Rcode};

/// Every lesson, in the order the UI lists them (the article's journey, then further).
pub static ALL: &[Lesson] = &[
    Lesson {
        id: "clusterip-vs-headless",
        title: "ClusterIP vs headless",
        summary: "Two Services over the same three pods: an ordinary one answers with one virtual IP, a headless one with every ready pod.",
        steps: &[
            Step {
                title: "An ordinary Service: one virtual IP",
                text: "Both Services here select the same three pods. `test-headful` is an ordinary Service, so it was given a ClusterIP, and CoreDNS answers its name with that single virtual address however many pods stand behind it. Spreading connections over the pods is kube-proxy's job, not DNS's.",
                yaml: scenarios::SEED.yaml,
                commands: &["dig +search +short test-headful", "kubectl get svc"],
                predict: ask(0, Count, "How many A records will `dig +search +short test-headful` print?",
                    "An ordinary Service has one A record per ClusterIP; its pods never show up in the answer for its name."),
                ..BASE
            },
            Step {
                title: "A headless Service: one address per ready pod",
                text: "`test-headless` sets `clusterIP: None`, so there is no virtual address to give out. CoreDNS answers with the IP of every ready pod behind the Service instead, shuffled on each query. `kubectl get pods -o wide` shows the pod IPs.",
                yaml: scenarios::SEED.yaml,
                commands: &["dig +search +short test-headless", "kubectl get pods -o wide", "nslookup test-headless"],
                predict: ask(0, Addresses, "Which addresses will `dig +search +short test-headless` print? (The order does not matter.)",
                    "A headless name resolves straight to the pods: one A record per ready endpoint, in a different order from one query to the next."),
                ..BASE
            },
            Step {
                title: "Pods without a hostname get dashed-IP names",
                text: "These are bare Pods with no `hostname` or `subdomain`, so `test-1.test-headless` means nothing to CoreDNS. Each pod behind a Service still has a name of its own, made from its IP with dashes, and the SRV records of the `http` port list those names. So pods behind a Service can be resolved one by one even without a StatefulSet, contrary to what the article suggests.",
                yaml: scenarios::SEED.yaml,
                commands: &["dig +search test-1.test-headless", "dig SRV _http._tcp.test-headless.default.svc.cluster.local +short"],
                predict: ask(0, Rcode, "How does `dig +search test-1.test-headless` end?",
                    "An endpoint is named after its pod's `hostname`, not the pod's name; without a hostname CoreDNS uses the dashed IP (such as `10-244-1-5`), so `test-1` matches no endpoint and every search domain answers NXDOMAIN."),
                ..BASE
            },
        ],
    },
    Lesson {
        id: "statefulset-clusterip",
        title: "A StatefulSet behind an ordinary Service",
        summary: "A StatefulSet whose serviceName is a ClusterIP Service: the pods' own names resolve, but the Service name still hides them behind one virtual IP.",
        steps: &[
            Step {
                title: "Per-pod names through a ClusterIP Service",
                text: "The StatefulSet `test` names the ordinary Service `test-headful` as its `serviceName`. The controller gives each pod the hostname `test-N` and the subdomain `test-headful`, and CoreDNS serves a name for every endpoint of a Service, headless or not. The Kubernetes DNS specification only promises these names for headless Services; CoreDNS goes further.",
                yaml: scenarios::STATEFULSET.yaml,
                commands: &["dig +search +short test-0.test-headful", "kubectl get pods -o wide"],
                predict: ask(0, Rcode, "Does `dig +search +short test-0.test-headful` find an address?",
                    "CoreDNS takes a name with one label more than the Service name as an endpoint name, whatever the Service's type, and this endpoint carries the hostname `test-0` because the pod's subdomain is the Service's name."),
                ..BASE
            },
            Step {
                title: "The Service name is still one virtual IP",
                text: "The article says that with a StatefulSet it does not matter whether the Service is headless. Only half of that holds: `test-headful` still answers with its single ClusterIP, and its SRV record names the Service, not the pods. You cannot count the replicas through this name.",
                yaml: scenarios::STATEFULSET.yaml,
                commands: &["dig +search +short test-headful", "dig SRV test-headful.default.svc.cluster.local +short"],
                predict: ask(0, Count, "How many A records does `dig +search +short test-headful` print now that a StatefulSet stands behind it?",
                    "The kind of workload behind a Service changes nothing for the Service's own name: a ClusterIP Service answers with its ClusterIP."),
                ..BASE
            },
            Step {
                title: "A second, headless Service gets no hostnames",
                text: "`test-headless` selects the same pods, so it lists all three addresses. But the pods' subdomain is `test-headful`, and a pod's hostname only names it under the Service called like its subdomain. Under `test-headless` the SRV targets are dashed IPs, and `test-0.test-headless` does not exist.",
                yaml: scenarios::STATEFULSET.yaml,
                commands: &["dig +search test-0.test-headless", "dig SRV test-headless.default.svc.cluster.local +short", "dig +search +short test-headless"],
                predict: ask(0, Rcode, "How does `dig +search test-0.test-headless` end?",
                    "Endpoints get their pod's hostname only in the Service whose name equals the pod's subdomain (`test-headful` here); in any other Service they are named by their dashed IP."),
                ..BASE
            },
        ],
    },
    Lesson {
        id: "statefulset-headless",
        title: "A StatefulSet with a headless Service",
        summary: "The usual setup: count the replicas through SRV or A records, then reach each pod by its stable name.",
        steps: &[
            Step {
                title: "Count the replicas with SRV",
                text: "Now the StatefulSet's `serviceName` is the headless Service `test-headless`. One SRV query for the named port `http` returns a record per ready pod, each giving the pod's stable name and the port it listens on.",
                yaml: STATEFULSET_HEADLESS,
                commands: &["dig SRV _http._tcp.test-headless.default.svc.cluster.local +short"],
                predict: ask(0, Count, "How many SRV records will `dig SRV _http._tcp.test-headless.default.svc.cluster.local +short` print?",
                    "Each ready endpoint with a port named `http` gives one SRV record, so the count is the number of ready replicas."),
                ..BASE
            },
            Step {
                title: "…or count them with A records",
                text: "An A query for the Service name gives the same count, as addresses. Compare them with the pod IPs that `kubectl get pods -o wide` prints.",
                yaml: STATEFULSET_HEADLESS,
                commands: &["dig +search +short test-headless", "kubectl get pods -o wide"],
                predict: ask(0, Addresses, "Which addresses will `dig +search +short test-headless` print?",
                    "A headless Service answers with one A record per ready pod."),
                ..BASE
            },
            Step {
                title: "Reach each pod by name",
                text: "Each pod also has a name of its own, `test-N.test-headless`, which follows that pod when it is recreated with a new IP. Clients that need one particular member, such as a database primary or a Kafka broker, dial these names.",
                yaml: STATEFULSET_HEADLESS,
                commands: &["dig +search +short test-2.test-headless", "dig +search +short test-0.test-headless", "host test-1.test-headless"],
                predict: ask(0, Addresses, "Which address does `dig +search +short test-2.test-headless` print?",
                    "A per-pod name has exactly the address of its pod."),
                ..BASE
            },
            Step {
                title: "Ordinals start at 0",
                text: "A StatefulSet with 3 replicas runs `test-0`, `test-1` and `test-2`. The article lists `test-3` as one of three instances, but ordinals count from 0, so that name does not exist.",
                yaml: STATEFULSET_HEADLESS,
                commands: &["dig +search test-3.test-headless", "kubectl get pods"],
                predict: ask(0, Rcode, "How does `dig +search test-3.test-headless` end?",
                    "There is no pod `test-3` and so no endpoint with that hostname: the name does not exist under any search domain."),
                ..BASE
            },
            Step {
                title: "Scale down",
                text: "This step scales the StatefulSet to 2 replicas. The controller removes the highest ordinal first, so `test-2` goes away, and its name and records with it.",
                yaml: STATEFULSET_HEADLESS,
                scale: &[("default/test", 2)],
                commands: &["dig SRV _http._tcp.test-headless.default.svc.cluster.local +short", "dig +search test-2.test-headless"],
                predict: ask(0, Count, "After scaling to 2, how many SRV records does `dig SRV _http._tcp.test-headless.default.svc.cluster.local +short` print?",
                    "The SRV records follow the endpoints, and a scaled-down StatefulSet keeps the lowest ordinals."),
                ..BASE
            },
        ],
    },
    Lesson {
        id: "readiness",
        title: "Readiness and publishNotReadyAddresses",
        summary: "Pods that are not ready vanish from a headless Service's answers unless the Service publishes them anyway.",
        steps: &[
            Step {
                title: "A pod that is not ready drops out",
                text: "This step marks `test-1` not ready, as if its readiness probe failed. The pod keeps running and keeps its IP; its endpoint stays in the EndpointSlice flagged not ready, and CoreDNS leaves it out of the headless answer.",
                yaml: READINESS,
                not_ready: &["default/test-1"],
                commands: &["dig +search +short test-headless", "kubectl get pods -o wide"],
                predict: ask(0, Addresses, "With `test-1` not ready, which addresses does `dig +search +short test-headless` print?",
                    "A headless Service lists only ready endpoints, unless it sets `publishNotReadyAddresses`."),
                ..BASE
            },
            Step {
                title: "Its own name goes too",
                text: "The per-pod name of a pod that is not ready disappears as well: anything that dials `test-1.test-headless` gets NXDOMAIN until the probe passes again.",
                yaml: READINESS,
                not_ready: &["default/test-1"],
                commands: &["dig +search test-1.test-headless"],
                predict: ask(0, Rcode, "How does `dig +search test-1.test-headless` end while `test-1` is not ready?",
                    "CoreDNS serves a per-pod name only for a ready endpoint (or for any endpoint when the Service publishes not-ready addresses)."),
                ..BASE
            },
            Step {
                title: "publishNotReadyAddresses keeps every pod",
                text: "`test-all` selects the same pods with `publishNotReadyAddresses: true`, so every pod is listed whether it is ready or not. Clustered software that must find its peers before it can serve, such as a database or Kafka's controllers, uses a Service like this one.",
                yaml: READINESS,
                not_ready: &["default/test-1"],
                commands: &["dig +search +short test-all", "dig +search +short test-headless"],
                predict: ask(0, Count, "How many addresses does `dig +search +short test-all` print while `test-1` is not ready?",
                    "With `publishNotReadyAddresses: true` the EndpointSlice controller marks every selected pod's endpoint ready, so CoreDNS lists them all."),
                ..BASE
            },
            Step {
                title: "No ready pod at all",
                text: "With all three pods not ready, the headless name has no address left, and CoreDNS answers NXDOMAIN rather than an empty answer. The ordinary Service `test-headful` still answers with its ClusterIP, so clients keep connecting to it and find no pod behind it.",
                yaml: READINESS,
                not_ready: &["default/test-0", "default/test-1", "default/test-2"],
                commands: &["dig +search test-headless", "dig +search +short test-headful"],
                predict: ask(0, Rcode, "With no pod ready, how does `dig +search test-headless` end?",
                    "A headless Service without a single ready endpoint has no records at all, and CoreDNS treats such a name as missing: NXDOMAIN, not NODATA."),
                ..BASE
            },
        ],
    },
    Lesson {
        id: "search-list",
        title: "The search list and ndots:5",
        summary: "Why a short name such as kafka-0.kafka-hs can take several queries, or fail, depending on the asking pod's namespace.",
        steps: &[
            Step {
                title: "Read the pod's resolv.conf",
                text: "A pod with the default DNS policy gets three search domains and `options ndots:5`. A name with fewer than five dots is tried under each search domain in turn, and as written only last. `dig` skips the search list unless given `+search`; `nslookup` and `host` always use it.",
                yaml: scenarios::KAFKA.yaml,
                commands: &["cat /etc/resolv.conf", "dig +search kafka-0.kafka-hs.kafka"],
                predict: ask(1, Queries, "From namespace `default`, how many queries does `dig +search kafka-0.kafka-hs.kafka` send?",
                    "The name has two dots, fewer than five, so `default.svc.cluster.local` is appended first (no Service `kafka-hs` in `default`: NXDOMAIN), then `svc.cluster.local`, which completes the name."),
                ..BASE
            },
            Step {
                title: "A name that leaves out the namespace",
                text: "`kafka-0.kafka-hs` does not say which namespace it is in. From `default`, every search domain misses and the name as written is tried last, with no better luck.",
                yaml: scenarios::KAFKA.yaml,
                commands: &["dig +search kafka-0.kafka-hs", "nslookup kafka-0.kafka-hs"],
                predict: ask(0, Queries, "From namespace `default`, how many queries does `dig +search kafka-0.kafka-hs` send before it gives up?",
                    "Three search domains and then the name as written: four tries, each NXDOMAIN, because only the asking pod's own namespace is in the search list."),
                ..BASE
            },
            Step {
                title: "The same name from inside the namespace",
                text: "This step runs the commands from a pod in namespace `kafka`, whose first search domain is `kafka.svc.cluster.local`. The short name now resolves at the first try, which is why per-broker names work without a namespace inside the brokers' own namespace.",
                yaml: scenarios::KAFKA.yaml,
                client: ("kafka", "dnsutils"),
                commands: &["dig +search kafka-0.kafka-hs", "cat /etc/resolv.conf"],
                predict: ask(0, Queries, "From namespace `kafka`, how many queries does `dig +search kafka-0.kafka-hs` send?",
                    "The first search domain of a pod in `kafka` is `kafka.svc.cluster.local`, which completes the name at once."),
                ..BASE
            },
            Step {
                title: "Even longer names walk the list",
                text: "Strimzi advertises brokers as `<pod>.<service>.<namespace>.svc`, without `cluster.local`. That name has three dots, still fewer than five, so it also walks the search list and fails twice before `cluster.local` completes it. A trailing dot marks a name as complete and skips the list: compare `dig +search kafka-0.kafka-hs.kafka.svc.cluster.local.`.",
                yaml: scenarios::KAFKA.yaml,
                commands: &["dig +search kafka-0.kafka-hs.kafka.svc", "dig +search kafka-0.kafka-hs.kafka.svc.cluster.local."],
                predict: ask(0, Queries, "From namespace `default`, how many queries does `dig +search kafka-0.kafka-hs.kafka.svc` send?",
                    "With three dots the name is tried under `default.svc.cluster.local` and `svc.cluster.local` first (both NXDOMAIN), and `cluster.local` then completes it."),
                ..BASE
            },
        ],
    },
    Lesson {
        id: "srv-records",
        title: "SRV records from named ports",
        summary: "Where SRV records come from: named ports, the right protocol, and a different answer for headless and ordinary Services.",
        steps: &[
            Step {
                title: "One record per pod and named port",
                text: "The headless Service `web` names two ports, `http` and `metrics`. Each named port gets an SRV name `_<port>._<protocol>.<service>`, whose records give every ready pod's name and port. No CNAME is involved: the SRV records sit next to the Service's A records.",
                yaml: SRV,
                commands: &["dig SRV _http._tcp.web.default.svc.cluster.local +short", "dig SRV _metrics._tcp.web.default.svc.cluster.local +short"],
                predict: ask(0, Count, "How many records does `dig SRV _http._tcp.web.default.svc.cluster.local +short` print?",
                    "One SRV record per ready endpoint that has the named port; the StatefulSet runs 2 pods."),
                ..BASE
            },
            Step {
                title: "The pod's port, and the right protocol",
                text: "For a headless Service the SRV port is the port on the pod (9113 for `metrics`), not the Service's 9100, because clients connect to the pods directly. The protocol label has to match the port's protocol too.",
                yaml: SRV,
                commands: &["dig SRV _metrics._tcp.web.default.svc.cluster.local +short", "dig SRV _metrics._udp.web.default.svc.cluster.local"],
                predict: ask(1, Rcode, "The `metrics` port is TCP. How does `dig SRV _metrics._udp.web.default.svc.cluster.local` end?",
                    "No port of `web` is named `metrics` with protocol UDP, and CoreDNS answers a `_port._proto` name that matches no port with NXDOMAIN."),
                ..BASE
            },
            Step {
                title: "An ordinary Service's SRV points at itself",
                text: "`web-lb` is an ordinary Service with one unnamed port, so it has no `_port._proto` name at all. CoreDNS still answers SRV for the bare Service name: one record per port, pointing at the Service's own name with the Service port.",
                yaml: SRV,
                commands: &["dig SRV web-lb.default.svc.cluster.local +short", "dig SRV _http._tcp.web-lb.default.svc.cluster.local"],
                predict: ask(0, Count, "How many records does `dig SRV web-lb.default.svc.cluster.local +short` print?",
                    "For a ClusterIP Service the SRV target is the Service name itself, once per port, whatever the number of pods."),
                ..BASE
            },
        ],
    },
    Lesson {
        id: "kafka",
        title: "Kafka brokers by name",
        summary: "Clients bootstrap through an ordinary Service, then talk to each partition leader by the broker's own name.",
        steps: &[
            Step {
                title: "Bootstrap through an ordinary Service",
                text: "A Kafka client starts from its `bootstrap.servers`, here the ordinary Service `kafka-bootstrap`. Its name is one virtual IP, so the first connection reaches whichever broker kube-proxy picks. Any broker can answer that first metadata request.",
                yaml: scenarios::KAFKA.yaml,
                commands: &["dig +search +short kafka-bootstrap.kafka"],
                predict: ask(0, Count, "How many addresses does `dig +search +short kafka-bootstrap.kafka` print?",
                    "`kafka-bootstrap` is an ordinary Service: one ClusterIP, whatever the number of brokers."),
                ..BASE
            },
            Step {
                title: "Every broker has a name",
                text: "The brokers are a StatefulSet whose `serviceName` is the headless `kafka-hs`, so broker N is `kafka-N.kafka-hs.kafka.svc.cluster.local`. The metadata answer lists every broker under the name it advertises, and the client must resolve those names to reach each partition's leader.",
                yaml: scenarios::KAFKA.yaml,
                commands: &["dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local +short", "dig +search +short kafka-1.kafka-hs.kafka"],
                predict: ask(0, Count, "How many brokers does `dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local +short` list?",
                    "One SRV record per broker endpoint, each naming the broker by its stable hostname."),
                ..BASE
            },
            Step {
                title: "A broker that is not ready keeps its name",
                text: "`kafka-hs` sets `publishNotReadyAddresses: true`, as the Bitnami and Strimzi setups do, so brokers and controllers can find one another while they start. Here `kafka-1` is not ready, yet its name still resolves.",
                yaml: scenarios::KAFKA.yaml,
                not_ready: &["kafka/kafka-1"],
                commands: &["dig +search +short kafka-1.kafka-hs.kafka", "dig +search +short kafka-bootstrap.kafka"],
                predict: ask(0, Rcode, "With `kafka-1` not ready, how does `dig +search +short kafka-1.kafka-hs.kafka` end?",
                    "With `publishNotReadyAddresses: true` every selected pod is an endpoint, ready or not, so the per-broker name stays."),
                ..BASE
            },
            Step {
                title: "Scale down, and a broker's name is gone",
                text: "With 2 replicas `kafka-2` is gone and its name with it: a client still holding metadata that lists broker 2 fails to resolve it until it fetches fresh metadata. Open the Kafka view to follow a producer from the bootstrap Service to each partition leader.",
                yaml: scenarios::KAFKA.yaml,
                scale: &[("kafka/kafka", 2)],
                commands: &["dig +search kafka-2.kafka-hs.kafka", "dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local +short"],
                predict: ask(0, Rcode, "After scaling to 2 brokers, how does `dig +search kafka-2.kafka-hs.kafka` end?",
                    "The StatefulSet removed `kafka-2`, so no endpoint has that hostname any more."),
                kafka: true,
                ..BASE
            },
        ],
    },
];
