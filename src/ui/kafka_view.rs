//! The Kafka view: a producer finding each partition's leader through cluster DNS, animated over
//! the brokers of a StatefulSet. The learner picks the StatefulSet, the pattern the brokers
//! advertise, a record key and a broker to fail; Produce plays the routing plan.
//!
//! Everything drawn comes from the pure [`crate::anim::kafka`] (the timeline, the cluster after
//! each step, the layout); the view only keeps the learner's choices and the playback time. The
//! plan and its picture are memoised on the inputs, and their seeds derive from the inputs
//! ([`ViewInputs::seeds`]), so the same choices always play the same story.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::playback::{use_playback, Controls, Rebuild, Twin};
use super::share::KafkaLink;
use super::svg::{arrow_head, fit, hop_class, px};
use crate::anim::kafka::{
    consume_sentence, kafka_layout, kafka_layout_narrow, kafka_still, plan_time, summary_sentence,
    KafkaAnim, KafkaGeometry, Replica, Scene, Story, ViewInputs, FAIL_AT_MS, VIEW_PARTITIONS,
    VIEW_TOPIC,
};
use crate::anim::layout::Rect;
use crate::anim::timeline::ActorState;
use crate::anim::{frame_at, Actor, ActorKind, Timeline, What};
use crate::cluster::{Cluster, Owner};
use crate::kafka::{
    partition_for_key, statefulsets, ConsumePlan, KafkaCluster, Listeners, RoutingPlan,
};

#[derive(Properties, PartialEq)]
pub struct KafkaViewProps {
    /// The simulated cluster, built by the app from the manifests.
    pub cluster: Rc<Cluster>,
    /// The scenario the manifests came from, if any (the Kafka scenario's StatefulSet is picked first).
    #[prop_or_default]
    pub scenario_id: Option<&'static str>,
    /// Show a manifest line in the editor.
    pub on_jump: Callback<u32>,
    /// The choices a share link opened the view with (read once).
    #[prop_or_default]
    pub link: Option<KafkaLink>,
    /// The learner's choices changed (the app keeps them for the share link).
    #[prop_or_default]
    pub on_change: Callback<KafkaLink>,
}

/// The three patterns the view offers, with what each advertises.
const PATTERNS: [(Listeners, &str, &str); 3] = [
    (Listeners::Headless, "headless", "per-pod headless name"),
    (Listeners::Short, "short", "short name (search list)"),
    (
        Listeners::ClusterIp,
        "clusterip",
        "ClusterIP bootstrap Service",
    ),
];

/// What the view shows for one set of inputs.
struct Built {
    kc: KafkaCluster,
    plan: Option<RoutingPlan>,
    /// The consumer's read, when the story has one.
    consume: Option<ConsumePlan>,
    anim: Rc<KafkaAnim>,
    /// The animation's timeline, shared (the playback tells timelines apart by address).
    tl: Rc<Timeline>,
    wide: Rc<KafkaGeometry>,
    narrow: Rc<KafkaGeometry>,
    /// The cluster alone, before anything is produced.
    still: Rc<KafkaAnim>,
    still_tl: Rc<Timeline>,
    still_wide: Rc<KafkaGeometry>,
    still_narrow: Rc<KafkaGeometry>,
}

fn build(cluster: &Cluster, inputs: &ViewInputs, story: Story) -> Result<Built, String> {
    let (kc, plan, consume, anim) = inputs
        .build_story(cluster, story)
        .map_err(|e| e.to_string())?;
    let still = kafka_still(cluster, &kc, VIEW_TOPIC);
    Ok(Built {
        tl: Rc::new(anim.timeline.clone()),
        still_tl: Rc::new(still.timeline.clone()),
        wide: Rc::new(kafka_layout(&anim)),
        narrow: Rc::new(kafka_layout_narrow(&anim)),
        still_wide: Rc::new(kafka_layout(&still)),
        still_narrow: Rc::new(kafka_layout_narrow(&still)),
        still: Rc::new(still),
        anim: Rc::new(anim),
        kc,
        plan,
        consume,
    })
}

/// The ordinals of a StatefulSet's pods, sorted.
fn ordinals(cluster: &Cluster, sts: &(String, String)) -> Vec<i32> {
    let mut v: Vec<i32> = cluster
        .pods
        .iter()
        .filter(|p| *p.namespace == *sts.0)
        .filter_map(|p| match &p.owner {
            Owner::StatefulSet { name, ordinal } if **name == *sts.1 => {
                i32::try_from(*ordinal).ok()
            }
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut v);
    v
}

/// "order-7 → partition 1 (orders-1), leader kafka-1": what the key input shows at once.
fn key_readout(key: Option<&str>, scene: &Scene) -> String {
    let n = scene.partitions.len() as i32;
    let Some(k) = key else {
        return "No key: the sticky partitioner picks one partition per batch.".to_string();
    };
    let Some(p) = partition_for_key(k.as_bytes(), n) else {
        return format!("Topic {VIEW_TOPIC} has no partitions.");
    };
    let ps = scene.partition(p);
    let leader = ps.and_then(|x| x.leader);
    let pref = ps.and_then(|x| x.preferred_leader());
    let who = match leader {
        Some(l) if pref.is_some_and(|x| x != l) => format!(
            "leader {} (preferred leader {})",
            scene.pod(l),
            pref.map(|x| scene.pod(x)).unwrap_or_default()
        ),
        Some(l) => format!("leader {}", scene.pod(l)),
        None => "no leader".to_string(),
    };
    format!(
        "partition {p} ({}), {who}",
        KafkaCluster::partition_name(VIEW_TOPIC, p)
    )
}

#[component]
pub fn KafkaView(props: &KafkaViewProps) -> Html {
    let cluster = props.cluster.clone();
    let ptr = Rc::as_ptr(&cluster) as usize;
    let all = {
        let c = cluster.clone();
        use_memo(ptr, move |_| statefulsets(&c))
    };
    let link = props.link.clone().unwrap_or_default();
    let chosen = use_state(|| link.statefulset.clone());
    let listeners = use_state(|| {
        link.listeners
            .as_deref()
            .and_then(Listeners::parse)
            .unwrap_or(Listeners::Headless)
    });
    let key = use_state(|| link.key.clone().unwrap_or_else(|| "order-7".to_string()));
    let fail = use_state(|| link.fail);
    // Keep the app's copy of the choices (the share link) in step.
    {
        let on_change = props.on_change.clone();
        let choice = KafkaLink {
            statefulset: (*chosen).clone(),
            listeners: Some(
                match &*listeners {
                    Listeners::Headless => "headless",
                    Listeners::Short => "short",
                    Listeners::ClusterIp => "clusterip",
                    Listeners::Custom(p) => p.as_str(),
                }
                .to_string(),
            ),
            key: Some((*key).clone()),
            fail: *fail,
        };
        use_effect_with(choice, move |c| on_change.emit(c.clone()));
    }
    let produced = use_state(|| 0u32);
    let story = use_state(|| Story::Produce);

    // The StatefulSet in use: the learner's choice while it exists, else one named like Kafka.
    let sts: Option<(String, String)> = (*chosen)
        .clone()
        .filter(|c| all.contains(c))
        .or_else(|| all.iter().find(|(_, n)| n.contains("kafka")).cloned())
        .or_else(|| all.first().cloned());
    let ords = {
        let (c, s) = (cluster.clone(), sts.clone());
        use_memo((ptr, sts.clone()), move |_| {
            s.map(|s| ordinals(&c, &s)).unwrap_or_default()
        })
    };
    let inputs = sts.clone().map(|s| ViewInputs {
        statefulset: s,
        listeners: (*listeners).clone(),
        key: Some((*key).clone()).filter(|k| !k.is_empty()),
        fail: (*fail).filter(|f| ords.contains(f)),
    });
    let built = {
        let (c, i, st) = (cluster.clone(), inputs.clone(), *story);
        use_memo((ptr, inputs.clone(), *story), move |_| {
            i.map(|i| crate::ui::timed("kafka-plan", || build(&c, &i, st)))
        })
    };
    let ok = built.as_ref().as_ref().and_then(|b| b.as_ref().ok());
    let live = *produced > 0;
    let empty = use_memo((), |_| Rc::new(Timeline::default()));
    let (anim, tl, wide, narrow) = match ok {
        Some(b) if live => (
            b.anim.clone(),
            b.tl.clone(),
            b.wide.clone(),
            b.narrow.clone(),
        ),
        Some(b) => (
            b.still.clone(),
            b.still_tl.clone(),
            b.still_wide.clone(),
            b.still_narrow.clone(),
        ),
        None => {
            let a = KafkaAnim::default();
            (
                Rc::new(KafkaAnim::default()),
                (*empty).clone(),
                Rc::new(kafka_layout(&a)),
                Rc::new(kafka_layout_narrow(&a)),
            )
        }
    };
    let pb = use_playback(
        tl.clone(),
        format!("kafka|{}", *produced),
        Some(0),
        100,
        Rebuild::Restart,
    );
    let frame = frame_at(&tl, pb.t);
    let step = if live { frame.step } else { None };
    let settled = step.is_some_and(|i| pb.t >= tl.steps[i].end());
    let seek_step = {
        let (seek, tl) = (pb.seek.clone(), tl.clone());
        use_callback((seek, tl), |i: usize, (seek, tl)| {
            seek.emit(tl.steps.get(i).map_or(0, |s| s.end()))
        })
    };

    // ---- no brokers: say so, once --------------------------------------------------------------
    let Some(inputs) = inputs else {
        return html! {
            <section id="kafka" class="kafka-view" aria-labelledby="kafka-h">
                <h2 id="kafka-h">{ "Kafka" }</h2>
                <p class="kafka-none">{ "These manifests have no StatefulSet with pods, so there are no Kafka brokers to route to: load the Kafka scenario or add a StatefulSet." }</p>
            </section>
        };
    };
    let b = match built.as_ref() {
        Some(Ok(b)) => b,
        Some(Err(e)) => {
            return html! {
                <section id="kafka" class="kafka-view" aria-labelledby="kafka-h">
                    <h2 id="kafka-h">{ "Kafka" }</h2>
                    <p class="kafka-none">{ format!("No Kafka view: {e}.") }</p>
                </section>
            }
        }
        None => return html! {},
    };

    // ---- the controls ------------------------------------------------------------------------
    let on_sts = {
        let (chosen, all) = (chosen.clone(), all.clone());
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = all.iter().find(|(ns, n)| format!("{ns}/{n}") == s.value()) {
                chosen.set(Some(v.clone()));
            }
        })
    };
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            key.set(i.value());
        })
    };
    let on_fail = {
        let fail = fail.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            fail.set(s.value().parse::<i32>().ok());
        })
    };
    let on_produce = {
        let (produced, story) = (produced.clone(), story.clone());
        Callback::from(move |_: MouseEvent| {
            story.set(Story::Produce);
            produced.set(produced.wrapping_add(1));
        })
    };
    let on_produce_key = {
        let (produced, story) = (produced.clone(), story.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                story.set(Story::Produce);
                produced.set(produced.wrapping_add(1));
            }
        })
    };
    // Consume reads after the producer's run when one has played, else on its own.
    let on_consume = {
        let (produced, story) = (produced.clone(), story.clone());
        Callback::from(move |_: MouseEvent| {
            let after = *produced > 0 && story.produces();
            story.set(if after {
                Story::ProduceThenConsume
            } else {
                Story::Consume
            });
            produced.set(produced.wrapping_add(1));
        })
    };
    let scene = anim.scene_at(step);
    let readout = key_readout(inputs.key.as_deref(), scene);
    let caption = step
        .map(|i| tl.steps[i].caption.clone())
        .unwrap_or_default();
    let done = live && !pb.playing && !tl.steps.is_empty() && pb.t >= tl.duration();
    let (sns, sname) = &inputs.statefulset;
    let sts_value = format!("{sns}/{sname}");
    let fail_note = inputs.fail.map(|f| {
        format!(
            "{} stops at {}, after the first record; Produce then sends a second record with the same key.",
            b.kc.broker(f).map_or_else(|| format!("broker {f}"), |x| x.pod.clone()),
            plan_time(FAIL_AT_MS)
        )
    });
    let mut label = format!(
        "Kafka routing diagram: {} to topic {VIEW_TOPIC}, brokers advertising the {}",
        match inputs.key.as_deref() {
            Some(k) => format!("key \"{k}\""),
            None => "a null key".to_string(),
        },
        inputs.listeners.label()
    );
    if let Some(cp) = &b.consume {
        label.push_str(&format!(
            ", {} consumer reading {} from offset 0",
            if b.plan.is_some() { "then a" } else { "a" },
            KafkaCluster::partition_name(VIEW_TOPIC, cp.partition)
        ));
    }
    let example = |l: &Listeners| -> String {
        let mut kc = b.kc.clone();
        kc.listeners = l.clone();
        let first = kc.brokers.first();
        let pod = first.map_or("kafka-0", |x| x.pod.as_str());
        let svc = kc.headless_service.clone().unwrap_or_else(|| sname.clone());
        let boot = kc.bootstrap_service.clone().unwrap_or_else(|| svc.clone());
        crate::kafka::cluster::expand(
            &l.pattern(),
            pod,
            &svc,
            sns,
            &kc.zone,
            &boot,
            first.map_or(0, |x| x.id),
        )
    };
    let on_key_fig = pb.on_key(&tl);
    let consume_note = if live && story.produces() {
        format!(
            "reads partition {} after this run",
            inputs.read_partition(b.plan.as_ref())
        )
    } else {
        format!(
            "reads partition {} from offset 0",
            inputs.read_partition(None)
        )
    };
    let summary_line = {
        let end = anim.scene_at(step);
        let mut parts = Vec::new();
        if let Some(p) = &b.plan {
            parts.push(summary_sentence(p, end));
        }
        if let Some(cp) = &b.consume {
            let said = consume_sentence(cp, end);
            parts.push(if b.plan.is_some() {
                format!("Then {said}")
            } else {
                said.replacen("the consumer", "The consumer", 1)
            });
        }
        parts.join(" ")
    };

    html! {
        <section id="kafka" class="kafka-view" aria-labelledby="kafka-h">
            <h2 id="kafka-h">{ "Kafka: why every broker needs its own name" }</h2>
            <p class="kafka-intro">{ "A producer must send each record to its partition's leader. It bootstraps through one Service, then connects to the leader by the address the leader advertises: a per-pod name works, a ClusterIP Service name sends it to whichever broker kube-proxy picks." }</p>
            <div class="kafka-form">
                <div class="kafka-field">
                    <label for="kafka-sts">{ "StatefulSet" }</label>
                    <select id="kafka-sts" onchange={on_sts}>
                        { for all.iter().map(|(ns, n)| {
                            let v = format!("{ns}/{n}");
                            html! { <option key={v.clone()} value={v.clone()} selected={v == sts_value}>{ v.clone() }</option> }
                        }) }
                    </select>
                </div>
                <div class="kafka-field kafka-key">
                    <label for="kafka-key">{ "Record key" }</label>
                    <input id="kafka-key" type="text" value={(*key).clone()} oninput={on_key} onkeydown={on_produce_key}
                        autocomplete="off" spellcheck="false" aria-describedby="kafka-partition" />
                    <output id="kafka-partition" for="kafka-key" class="kafka-partition">{ readout.clone() }</output>
                </div>
                <fieldset class="kafka-field kafka-listeners">
                    <legend>{ "Brokers advertise" }</legend>
                    { for PATTERNS.iter().map(|(l, id, text)| {
                        let checked = *l == inputs.listeners;
                        let set = { let listeners = listeners.clone(); let l = l.clone(); Callback::from(move |_: Event| listeners.set(l.clone())) };
                        let rid = format!("kafka-l-{id}");
                        let did = format!("{rid}-ex");
                        html! {
                            <div class="kafka-radio" key={*id}>
                                <input type="radio" name="kafka-listeners" id={rid.clone()} value={*id} {checked} onchange={set} aria-describedby={did.clone()} />
                                <label for={rid}>{ *text }</label>
                                <code id={did} class="kafka-example">{ example(l) }</code>
                            </div>
                        }
                    }) }
                </fieldset>
                <div class="kafka-field">
                    <label for="kafka-fail">{ "Fail broker" }</label>
                    <select id="kafka-fail" onchange={on_fail}>
                        <option value="" selected={inputs.fail.is_none()}>{ "none" }</option>
                        { for b.kc.brokers.iter().map(|br| html! {
                            <option key={br.id} value={br.id.to_string()} selected={inputs.fail == Some(br.id)}>{ br.pod.clone() }</option>
                        }) }
                    </select>
                </div>
                <div class="kafka-field kafka-go">
                    <button id="kafka-produce" class="btn primary" onclick={on_produce}>{ "Produce" }</button>
                    <button id="kafka-consume" class="btn" onclick={on_consume}
                        aria-describedby="kafka-consume-note">{ "Consume" }</button>
                    <span id="kafka-consume-note" class="kafka-go-note">{ consume_note }</span>
                </div>
            </div>
            if let Some(n) = fail_note {
                <p class="kafka-note">{ n }</p>
            }
            <figure class="diagram kafka-diagram" tabindex="0" onkeydown={on_key_fig}
                aria-label="Kafka diagram: Space plays or pauses, the arrow keys step, Home and End jump">
                <div class="svg-scroll wide">
                    <KafkaDiagram anim={anim.clone()} geometry={wide.clone()} step={step} settled={settled} label={label.clone()} id="kafka-w" />
                    <KafkaPackets anim={anim.clone()} geometry={wide} t={if live { pb.t } else { 0 }} />
                </div>
                <div class="svg-scroll narrow">
                    <KafkaDiagram anim={anim.clone()} geometry={narrow.clone()} step={step} settled={settled} label={label} id="kafka-n" />
                    <KafkaPackets anim={anim.clone()} geometry={narrow} t={if live { pb.t } else { 0 }} />
                </div>
                <figcaption class="caption" aria-hidden="true">
                    { if live { caption.clone() } else { "Press Produce to send the record and watch its way to the leader, or Consume to read its partition.".to_string() } }
                </figcaption>
            </figure>
            <p class="kafka-legend" aria-hidden="true">
                <span class="chip-key leader">{ "L" }</span>{ " leader (filled) " }
                <span class="chip-key follower">{ " " }</span>{ " in-sync follower (outlined) " }
                <span class="chip-key outofsync">{ "✗" }</span>{ " out of sync (dashed) " }
                <span class="chip-key pref">{ "★" }</span>{ " preferred leader" }
            </p>
            if live {
                <Controls timeline={tl.clone()} playback={pb.clone()} label="Kafka playback" />
            }
            <p class="sr-only" aria-live="polite">{ if live { caption } else { String::new() } }</p>
            if done {
                <p class="kafka-summary">{ summary_line }</p>
            }
            <PartitionTable scene={Rc::new(scene.clone())} />
            if live {
                <section class="twin" aria-labelledby="kafka-twin-h">
                    <h3 id="kafka-twin-h">{ "Step by step" }</h3>
                    <Twin timeline={tl.clone()} step={step} on_seek={seek_step} on_jump={props.on_jump.clone()} label="Kafka steps" />
                </section>
            }
            { for b.kc.notes.iter().chain(b.plan.iter().flat_map(|p| &p.notes)).map(|n| html! { <p class="kafka-note">{ format!("Note: {n}.") }</p> }) }
        </section>
    }
}

// ---- the partition table ---------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct TableProps {
    scene: Rc<Scene>,
}

#[component]
fn PartitionTable(props: &TableProps) -> Html {
    let s = &props.scene;
    let names = |ids: &[i32]| ids.iter().map(|b| s.pod(*b)).collect::<Vec<_>>().join(", ");
    html! {
        <div class="kafka-table-scroll" tabindex="0" role="region" aria-label="Partitions">
        <table class="kafka-partitions" id="kafka-partitions">
            <caption>{ format!("Topic {VIEW_TOPIC}: {VIEW_PARTITIONS} partitions, leaders and in-sync replicas as the diagram shows them") }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Partition" }</th>
                    <th scope="col">{ "Leader" }</th>
                    <th scope="col">{ "Preferred leader" }</th>
                    <th scope="col">{ "In sync" }</th>
                    <th scope="col">{ "Out of sync" }</th>
                    <th scope="col">{ "Epoch" }</th>
                </tr>
            </thead>
            <tbody>
                { for s.partitions.iter().map(|p| {
                    let out: Vec<i32> = p.replicas.iter().copied().filter(|r| !p.isr.contains(r)).collect();
                    let leader = p.leader.map_or_else(|| "none".to_string(), |l| s.pod(l));
                    html! {
                        <tr key={p.id} class={classes!(p.leader_moved().then_some("moved"))}>
                            <th scope="row">{ KafkaCluster::partition_name(VIEW_TOPIC, p.id) }</th>
                            <td class="leader">{ leader }
                                if p.leader_moved() { <span class="moved-note">{ " (moved)" }</span> }
                            </td>
                            <td>{ p.preferred_leader().map(|x| s.pod(x)).unwrap_or_default() }</td>
                            <td>{ names(&p.isr) }</td>
                            <td class="oos">{ names(&out) }</td>
                            <td>{ p.leader_epoch }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
        </div>
    }
}

// ---- the static layer ------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct DiagramProps {
    anim: Rc<KafkaAnim>,
    geometry: Rc<KafkaGeometry>,
    step: Option<usize>,
    settled: bool,
    label: String,
    id: AttrValue,
}

/// Characters of `px`-wide text that fit in `w`.
fn chars_in(w: f32, px: f32) -> usize {
    ((w - 8.0) / px).max(3.0) as usize
}

fn actor_box(a: &Actor, r: Rect, st: ActorState, scene: &Scene, id: Option<i32>) -> Html {
    let broker = id.and_then(|i| scene.broker(i));
    let down = broker.is_some_and(|b| !b.alive);
    let kind = match a.kind {
        ActorKind::Client => "client",
        ActorKind::ServiceVip => "vip",
        ActorKind::CoreDns => "coredns",
        ActorKind::NoServer => "noserver",
        _ => "pod",
    };
    let cls = classes!(
        "box",
        kind,
        down.then_some("notready"),
        match st {
            ActorState::Active => Some("active"),
            ActorState::Visited => Some("visited"),
            ActorState::Idle => None,
        }
    );
    let cx = r.x + r.w / 2.0;
    let note = match (a.kind, broker) {
        (_, Some(b)) if b.fenced => "fenced".to_string(),
        (_, Some(b)) if !b.alive => "down".to_string(),
        (_, Some(b)) if scene.controller == Some(b.id) => format!("node.id {} · controller", b.id),
        (_, Some(b)) => format!("node.id {}", b.id),
        (ActorKind::ServiceVip, _) => "virtual IP".into(),
        (ActorKind::CoreDns, _) => "kube-dns".into(),
        (ActorKind::Client, _) => "namespace default".into(),
        _ => String::new(),
    };
    html! {
        <g class={cls}>
            <rect x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="6" />
            <text class="name" x={px(cx)} y={px(r.y + 15.0)}>{ fit(&a.name, chars_in(r.w, 7.6)) }</text>
            <text class="addr" x={px(cx)} y={px(r.y + 29.0)}>{ fit(&a.address, chars_in(r.w, 7.3)) }</text>
            if !note.is_empty() {
                <text class="note" x={px(cx)} y={px(r.y + 41.0)}>{ fit(&note, chars_in(r.w, 6.0)) }</text>
            }
        </g>
    }
}

/// The two ends of a drawn hop.
type Ends = ((f32, f32), (f32, f32));

#[component]
fn KafkaDiagram(props: &DiagramProps) -> Html {
    let anim = &props.anim;
    let tl = &anim.timeline;
    let g = &props.geometry;
    let at = props.step.map_or(0, |i| {
        let s = &tl.steps[i];
        if props.settled {
            s.end()
        } else {
            s.at
        }
    });
    let frame = if props.step.is_some() {
        frame_at(tl, at)
    } else {
        crate::anim::Frame {
            actors: vec![ActorState::Idle; tl.actors.len()],
            ..Default::default()
        }
    };
    let scene = anim.scene_at(props.step);
    let mut trail = frame.trail.clone();
    if let (Some(i), true) = (props.step, props.settled) {
        if matches!(tl.steps[i].what, What::Hop { .. }) && !trail.contains(&i) {
            trail.push(i);
        }
    }
    let broker_of = |a: usize| anim.brokers.iter().find(|(_, x)| *x == a).map(|x| x.0);
    let view_box = format!("0 0 {} {}", g.width, g.height);
    let desc_id = format!("{}-desc", props.id);
    let hops: Vec<(usize, Ends)> = trail
        .iter()
        .filter_map(|&i| match &tl.steps[i].what {
            What::Hop { from, to, .. } => g.hop_ends(*from, *to).map(|e| (i, e)),
            What::Mark { .. } => None,
        })
        .collect();
    html! {
        <svg class="kafka-path" viewBox={view_box} role="img" aria-label={props.label.clone()}
            aria-describedby={desc_id.clone()} preserveAspectRatio="xMidYMin meet">
            <desc id={desc_id}>{ tl.summary.clone() }</desc>
            <g aria-hidden="true">
                { for g.titles.iter().map(|l| html! {
                    <text key={l.title.clone()} class="lane" x={px(l.x)} y={px(l.y)}>{ l.title.clone() }</text>
                }) }
                <text class="lane grid-title" x={px(g.grid_title.x)} y={px(g.grid_title.y)}>{ g.grid_title.title.clone() }</text>
                { for hops.iter().map(|&(i, ((x1, y1), (x2, y2)))| {
                    let s = &tl.steps[i];
                    let What::Hop { kind, .. } = &s.what else { return html! {} };
                    let current = Some(i) == props.step;
                    let cls = classes!("hop", hop_class(*kind), s.outcome.as_str(), s.dim.then_some("dim"), current.then_some("current"));
                    html! {
                        <g key={format!("hop{i}")} class={cls}>
                            <line x1={px(x1)} y1={px(y1)} x2={px(x2)} y2={px(y2)} />
                            <polygon points={arrow_head(x1, y1, x2, y2)} />
                        </g>
                    }
                }) }
                { for tl.actors.iter().enumerate().filter_map(|(i, a)| {
                    let r = g.boxes.get(i).copied().flatten()?;
                    Some(html! { <g key={format!("a{i}")}>{ actor_box(a, r, frame.actors.get(i).copied().unwrap_or_default(), scene, broker_of(i)) }</g> })
                }) }
                { for g.chips.iter().map(|c| {
                    let r = c.rect;
                    let Some(p) = c.partition else {
                        return html! {
                            <g key={format!("more{}", c.broker)} class="chip more">
                                <rect x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="4" />
                                <text x={px(r.x + r.w / 2.0)} y={px(r.y + 14.0)}>{ format!("+{} more", c.hidden) }</text>
                            </g>
                        };
                    };
                    let (role, preferred) = scene.replica(c.broker, p).unwrap_or((Replica::OutOfSync, false));
                    let (cls, glyph) = match role {
                        Replica::Leader => ("leader", "L"),
                        Replica::Follower => ("follower", ""),
                        Replica::OutOfSync => ("outofsync", "✗"),
                    };
                    let name = KafkaCluster::partition_name(&anim.topic, p);
                    let star = if preferred { "★ " } else { "" };
                    html! {
                        <g key={format!("chip{}-{p}", c.broker)} class={classes!("chip", cls, preferred.then_some("pref"))}>
                            <rect x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="4" />
                            <text class="chip-name" x={px(r.x + 6.0)} y={px(r.y + 14.0)}>{ format!("{star}{}", fit(&name, chars_in(r.w - 18.0, 6.6))) }</text>
                            if !glyph.is_empty() {
                                <text class="chip-role" x={px(r.x + r.w - 7.0)} y={px(r.y + 14.5)}>{ glyph }</text>
                            }
                        </g>
                    }
                }) }
                { for hops.iter().filter(|(i, _)| Some(*i) == props.step).map(|&(i, ((x1, y1), (x2, y2)))| {
                    let What::Hop { label, .. } = &tl.steps[i].what else { return html! {} };
                    let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0 - 5.0);
                    html! { <text key={format!("lbl{i}")} class="hop-label" x={px(mx)} y={px(my)}>{ fit(label, 30) }</text> }
                }) }
            </g>
        </svg>
    }
}

// ---- the moving layer ------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct PacketsProps {
    anim: Rc<KafkaAnim>,
    geometry: Rc<KafkaGeometry>,
    t: u32,
}

#[component]
fn KafkaPackets(props: &PacketsProps) -> Html {
    let tl = &props.anim.timeline;
    let g = &props.geometry;
    let frame = frame_at(tl, props.t);
    let view_box = format!("0 0 {} {}", g.width, g.height);
    html! {
        <svg class="packets kafka-packets" viewBox={view_box} aria-hidden="true" preserveAspectRatio="xMidYMin meet">
            { for frame.packets.iter().filter_map(|p| {
                let s = &tl.steps[p.step];
                let What::Hop { kind, label, .. } = &s.what else { return None };
                let ((x1, y1), (x2, y2)) = g.hop_ends(p.from, p.to)?;
                let (x, y) = (x1 + (x2 - x1) * p.progress, y1 + (y2 - y1) * p.progress);
                let cls = classes!("packet", hop_class(*kind), s.outcome.as_str(), s.dim.then_some("dim"));
                Some(html! {
                    <g key={p.step} class={cls} transform={format!("translate({},{})", px(x), px(y))}>
                        <line class="wake" x1={px(x1 - x)} y1={px(y1 - y)} x2="0" y2="0" />
                        <circle r="7" />
                        <text class="hop-label" y="-11">{ fit(label, 30) }</text>
                    </g>
                })
            }) }
        </svg>
    }
}
