//! Where each actor of a DNS timeline is drawn, in a fixed `viewBox` (the SVG scales to its box).
//!
//! Four lanes, left to right: the client pod | the `kube-dns` virtual IP (and any server nobody
//! runs) | the CoreDNS pods | the Service the query is about, with its virtual IP (or "None") on
//! top and its pods below (and the upstream resolver for names outside the cluster). A lane shows at
//! most [`MAX_ROWS`] boxes: past that it shows the actors the timeline involves, topped up in
//! order, and one "+N more" box, so a 5,000-pod cluster is as readable as a 3-pod one. Order is the
//! actors' own (StatefulSet ordinal, then build order), never the IP.

use std::collections::BTreeSet;

use super::timeline::{ActorId, ActorKind, Timeline, What};

pub const WIDTH: f32 = 760.0;
/// Boxes per lane, "+N more" included.
pub const MAX_ROWS: usize = 6;
pub const BOX_W: f32 = 150.0;
pub const BOX_H: f32 = 46.0;
pub const ROW: f32 = 56.0;
/// Space above the first row for the lane titles.
pub const TOP: f32 = 36.0;
/// Replies run this far below requests, so a query and its reply never draw over each other.
pub const REPLY_OFFSET: f32 = 6.0;

const LANE_X: [f32; 4] = [85.0, 278.0, 471.0, 672.0];
const LANE_TITLES: [&str; 4] = ["client pod", "kube-dns VIP", "CoreDNS", "Service"];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub title: String,
    /// Centre of the lane.
    pub x: f32,
}

/// A "+N more" box standing for the hidden actors of a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct More {
    pub lane: usize,
    pub rect: Rect,
    pub hidden: usize,
}

/// The whole static picture: lanes, one optional box per actor (`None`: hidden behind "+N more").
#[derive(Clone, Debug, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub lanes: Vec<Lane>,
    pub boxes: Vec<Option<Rect>>,
    pub more: Vec<More>,
    /// The lane of each actor.
    pub lane_of: Vec<usize>,
}

fn lane(kind: ActorKind) -> usize {
    match kind {
        ActorKind::Client => 0,
        ActorKind::DnsVip | ActorKind::NoServer => 1,
        ActorKind::CoreDns => 2,
        ActorKind::ServiceVip | ActorKind::Pod | ActorKind::Upstream => 3,
    }
}

/// Actors some step touches.
fn involved(tl: &Timeline) -> BTreeSet<ActorId> {
    let mut s = BTreeSet::new();
    for st in &tl.steps {
        match &st.what {
            What::Hop { from, to, .. } => {
                s.insert(*from);
                s.insert(*to);
            }
            What::Mark { actors } => s.extend(actors.iter().copied()),
        }
    }
    s
}

/// Lays out `tl`'s actors (pure: the same timeline, the same picture).
pub fn layout(tl: &Timeline) -> Geometry {
    let used = involved(tl);
    let lane_of: Vec<usize> = tl.actors.iter().map(|a| lane(a.kind)).collect();
    let mut boxes = vec![None; tl.actors.len()];
    let mut more = Vec::new();
    let mut rows_max = 1usize;
    for (l, &x) in LANE_X.iter().enumerate() {
        // The lane's actors in drawing order: virtual IPs first, the upstream last, pods by order.
        let mut members: Vec<ActorId> = (0..tl.actors.len()).filter(|&a| lane_of[a] == l).collect();
        members.sort_by_key(|&a| {
            let rank = match tl.actors[a].kind {
                ActorKind::ServiceVip | ActorKind::DnsVip => 0,
                ActorKind::Upstream => 2,
                _ => 1,
            };
            (rank, tl.actors[a].order, a)
        });
        let shown: Vec<ActorId> = if members.len() <= MAX_ROWS {
            members.clone()
        } else {
            // Involved first (in order), then the rest in order, MAX_ROWS - 1 in all.
            let mut keep: BTreeSet<ActorId> = BTreeSet::new();
            for &a in members.iter().filter(|a| used.contains(a)) {
                if keep.len() < MAX_ROWS - 1 {
                    keep.insert(a);
                }
            }
            for &a in &members {
                if keep.len() < MAX_ROWS - 1 {
                    keep.insert(a);
                }
            }
            members
                .iter()
                .copied()
                .filter(|a| keep.contains(a))
                .collect()
        };
        for (row, &a) in shown.iter().enumerate() {
            boxes[a] = Some(Rect {
                x: x - BOX_W / 2.0,
                y: TOP + row as f32 * ROW,
                w: BOX_W,
                h: BOX_H,
            });
        }
        let mut rows = shown.len();
        if members.len() > shown.len() {
            more.push(More {
                lane: l,
                rect: Rect {
                    x: x - BOX_W / 2.0,
                    y: TOP + rows as f32 * ROW,
                    w: BOX_W,
                    h: BOX_H * 0.6,
                },
                hidden: members.len() - shown.len(),
            });
            rows += 1;
        }
        rows_max = rows_max.max(rows);
    }
    Geometry {
        width: WIDTH,
        height: TOP + rows_max as f32 * ROW,
        lanes: LANE_X
            .iter()
            .zip(LANE_TITLES)
            .map(|(&x, t)| Lane {
                title: t.to_string(),
                x,
            })
            .collect(),
        boxes,
        more,
        lane_of,
    }
}

impl Geometry {
    /// The box an actor is drawn in, or its lane's "+N more" box when it is hidden.
    pub fn rect_of(&self, a: ActorId) -> Option<Rect> {
        self.boxes.get(a).copied().flatten().or_else(|| {
            let l = *self.lane_of.get(a)?;
            self.more.iter().find(|m| m.lane == l).map(|m| m.rect)
        })
    }

    /// The two ends of a hop from `from` to `to`: the facing box edges, replies a little lower.
    pub fn hop_ends(
        &self,
        from: ActorId,
        to: ActorId,
        reply: bool,
    ) -> Option<((f32, f32), (f32, f32))> {
        let (a, b) = (self.rect_of(from)?, self.rect_of(to)?);
        let dy = if reply { REPLY_OFFSET } else { -REPLY_OFFSET };
        let (ac, bc) = (a.x + a.w / 2.0, b.x + b.w / 2.0);
        let (ay, by) = (a.y + a.h / 2.0 + dy, b.y + b.h / 2.0 + dy);
        if (ac - bc).abs() < 1.0 {
            // Same lane: leave from the bottom or top edge.
            let (y1, y2) = if ay < by {
                (a.y + a.h, b.y)
            } else {
                (a.y, b.y + b.h)
            };
            return Some(((ac + dy, y1), (bc + dy, y2)));
        }
        let (x1, x2) = if ac < bc {
            (a.x + a.w, b.x)
        } else {
            (a.x, b.x + b.w)
        };
        Some(((x1, ay), (x2, by)))
    }

    /// Every drawn rectangle (boxes and "+N more"), for overlap checks.
    pub fn rects(&self) -> Vec<Rect> {
        self.boxes
            .iter()
            .flatten()
            .copied()
            .chain(self.more.iter().map(|m| m.rect))
            .collect()
    }

    /// True when no two drawn rectangles overlap and all lie inside the view box.
    pub fn is_clean(&self) -> bool {
        let r = self.rects();
        let inside = r.iter().all(|b| {
            b.x >= 0.0 && b.y >= 0.0 && b.x + b.w <= self.width && b.y + b.h <= self.height
        });
        let apart = r
            .iter()
            .enumerate()
            .all(|(i, a)| r[i + 1..].iter().all(|b| !a.overlaps(b)));
        inside && apart
    }
}
