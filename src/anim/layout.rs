//! Where each actor of a DNS timeline is drawn, in a fixed `viewBox` (the SVG scales to its box).
//!
//! [`layout`] draws four lanes left to right for wide screens; [`layout_narrow`] stacks the same
//! lanes top to bottom, two boxes a row, for phones (375 px and up) where four columns would be
//! unreadably small. The lanes: the client pod | the `kube-dns` virtual IP (and any server nobody
//! runs) | the CoreDNS pods | the Service the query is about, with its virtual IP (or "None") on
//! top and its pods below (and the upstream resolver for names outside the cluster). A lane shows at
//! most [`MAX_ROWS`] boxes: past that it shows the actors the timeline involves, topped up in
//! order, and one "+N more" box, so a 5,000-pod cluster is as readable as a 3-pod one. Order is the
//! actors' own (StatefulSet ordinal, then build order), never the IP.

use std::collections::BTreeSet;

use super::timeline::{ActorId, ActorKind, Timeline, What};

pub const WIDTH: f32 = 760.0;
/// The stacked layout's width, and its two box columns.
pub const NARROW_WIDTH: f32 = 360.0;
const NARROW_COLS: [f32; 2] = [8.0, 187.0];
const NARROW_BOX_W: f32 = 165.0;
/// Space for a lane's title above its boxes in the stacked layout.
const NARROW_TITLE: f32 = 22.0;
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

/// The path a hop is drawn along: a cubic Bézier (a straight line when the controls sit on the
/// ends).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    pub from: (f32, f32),
    pub c1: (f32, f32),
    pub c2: (f32, f32),
    pub to: (f32, f32),
}

impl Curve {
    fn line(from: (f32, f32), to: (f32, f32)) -> Self {
        Curve {
            from,
            c1: from,
            c2: to,
            to,
        }
    }

    /// The point at `t` in 0..=1.
    pub fn point(&self, t: f32) -> (f32, f32) {
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (
            a * self.from.0 + b * self.c1.0 + c * self.c2.0 + d * self.to.0,
            a * self.from.1 + b * self.c1.1 + c * self.c2.1 + d * self.to.1,
        )
    }

    /// Where the arrow head points from: the last control point unless it sits on the end.
    pub fn tail_dir(&self) -> (f32, f32) {
        if self.c2 == self.to {
            self.from
        } else {
            self.c2
        }
    }

    /// SVG path data.
    pub fn path(&self) -> String {
        // Whole view-box units: exact enough, and integer formatting only.
        let p = |v: f32| v.round() as i32;
        format!(
            "M{},{} C{},{} {},{} {},{}",
            p(self.from.0),
            p(self.from.1),
            p(self.c1.0),
            p(self.c1.1),
            p(self.c2.0),
            p(self.c2.1),
            p(self.to.0),
            p(self.to.1)
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub title: String,
    /// Where the lane's title is drawn (its centre and baseline).
    pub x: f32,
    pub y: f32,
}

/// A "+N more" box standing for the hidden actors of a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct More {
    pub lane: usize,
    pub rect: Rect,
    pub hidden: usize,
}

/// A node of the cluster and the drawn pods that run on it (the picture's "where pods live" band).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeGroup {
    pub name: String,
    pub rect: Rect,
    /// One chip per pod shown, in lane order.
    pub chips: Vec<(ActorId, Rect)>,
    /// Drawn pods on this node beyond the chips shown.
    pub hidden: usize,
}

/// Chips a node group shows before "+N".
const NODE_CHIPS: usize = 4;
const CHIP_H: f32 = 18.0;
const NODE_GAP: f32 = 10.0;
/// Height of the band's title line.
const BAND_TITLE: f32 = 20.0;

/// Groups the drawn pods by node, in a band starting at `top`, `per_row` groups a row across
/// `width`: returns the groups and the band's bottom.
fn node_band(
    tl: &Timeline,
    boxes: &[Option<Rect>],
    top: f32,
    width: f32,
    per_row: usize,
) -> (Vec<NodeGroup>, f32) {
    let mut by_node: Vec<(String, Vec<ActorId>)> = Vec::new();
    for (a, actor) in tl.actors.iter().enumerate() {
        if actor.node.is_empty() || boxes.get(a).copied().flatten().is_none() {
            continue;
        }
        match by_node.iter_mut().find(|(n, _)| *n == actor.node) {
            Some((_, m)) => m.push(a),
            None => by_node.push((actor.node.clone(), vec![a])),
        }
    }
    if by_node.is_empty() {
        return (Vec::new(), top);
    }
    crate::sort::by(&mut by_node, |a, b| a.0.cmp(&b.0));
    let w = (width - 2.0 * 8.0 - (per_row as f32 - 1.0) * NODE_GAP) / per_row as f32;
    let mut groups = Vec::new();
    let mut y = top + BAND_TITLE;
    for row in by_node.chunks(per_row) {
        let tallest = row
            .iter()
            .map(|(_, m)| m.len().min(NODE_CHIPS) + usize::from(m.len() > NODE_CHIPS))
            .max()
            .unwrap_or(1);
        let h = 22.0 + tallest as f32 * (CHIP_H + 3.0) + 4.0;
        for (i, (name, members)) in row.iter().enumerate() {
            let x = 8.0 + i as f32 * (w + NODE_GAP);
            let chips = members
                .iter()
                .take(NODE_CHIPS)
                .enumerate()
                .map(|(k, &a)| {
                    (
                        a,
                        Rect {
                            x: x + 6.0,
                            y: y + 22.0 + k as f32 * (CHIP_H + 3.0),
                            w: w - 12.0,
                            h: CHIP_H,
                        },
                    )
                })
                .collect();
            groups.push(NodeGroup {
                name: name.clone(),
                rect: Rect { x, y, w, h },
                chips,
                hidden: members.len().saturating_sub(NODE_CHIPS),
            });
        }
        y += h + NODE_GAP;
    }
    (groups, y)
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
    /// Lanes stacked top to bottom (the narrow layout) rather than side by side.
    pub stacked: bool,
    /// The nodes the drawn pods run on, below the lanes (`band_y` is where the band starts).
    pub nodes: Vec<NodeGroup>,
    pub band_y: f32,
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

/// Each lane's drawn actors in order, and how many it hides behind "+N more".
fn lanes(tl: &Timeline) -> (Vec<usize>, [(Vec<ActorId>, usize); 4]) {
    let used = involved(tl);
    let lane_of: Vec<usize> = tl.actors.iter().map(|a| lane(a.kind)).collect();
    let out = std::array::from_fn(|l| {
        // The lane's actors in drawing order: virtual IPs first, the upstream last, pods by order.
        let mut members: Vec<ActorId> = (0..tl.actors.len()).filter(|&a| lane_of[a] == l).collect();
        crate::sort::by_key(&mut members, |&a| {
            let rank = match tl.actors[a].kind {
                ActorKind::ServiceVip | ActorKind::DnsVip => 0,
                ActorKind::Upstream => 2,
                _ => 1,
            };
            (rank, tl.actors[a].order, a)
        });
        if members.len() <= MAX_ROWS {
            return (members, 0);
        }
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
        let hidden = members.len() - keep.len();
        (
            members.into_iter().filter(|a| keep.contains(a)).collect(),
            hidden,
        )
    });
    (lane_of, out)
}

fn lane_list(x: &[f32]) -> Vec<Lane> {
    x.iter()
        .zip(LANE_TITLES)
        .map(|(&x, t)| Lane {
            title: t.to_string(),
            x,
            y: 18.0,
        })
        .collect()
}

/// Lays out `tl`'s actors in four columns (pure: the same timeline, the same picture).
pub fn layout(tl: &Timeline) -> Geometry {
    let (lane_of, lanes) = lanes(tl);
    let mut boxes = vec![None; tl.actors.len()];
    let mut more = Vec::new();
    let mut rows_max = 1usize;
    for (l, ((shown, hidden), &x)) in lanes.iter().zip(LANE_X.iter()).enumerate() {
        for (row, &a) in shown.iter().enumerate() {
            boxes[a] = Some(Rect {
                x: x - BOX_W / 2.0,
                y: TOP + row as f32 * ROW,
                w: BOX_W,
                h: BOX_H,
            });
        }
        let mut rows = shown.len();
        if *hidden > 0 {
            more.push(More {
                lane: l,
                rect: Rect {
                    x: x - BOX_W / 2.0,
                    y: TOP + rows as f32 * ROW,
                    w: BOX_W,
                    h: BOX_H * 0.6,
                },
                hidden: *hidden,
            });
            rows += 1;
        }
        rows_max = rows_max.max(rows);
    }
    let band_y = TOP + rows_max as f32 * ROW;
    let (nodes, bottom) = node_band(tl, &boxes, band_y, WIDTH, 4);
    Geometry {
        width: WIDTH,
        height: bottom,
        lanes: lane_list(&LANE_X),
        boxes,
        more,
        lane_of,
        stacked: false,
        nodes,
        band_y,
    }
}

/// The same lanes stacked top to bottom, two boxes a row, for narrow screens.
pub fn layout_narrow(tl: &Timeline) -> Geometry {
    let (lane_of, lanes) = lanes(tl);
    let mut boxes = vec![None; tl.actors.len()];
    let mut more = Vec::new();
    let mut titles = Vec::new();
    let mut y = 0.0f32;
    for (l, (shown, hidden)) in lanes.iter().enumerate() {
        titles.push(Lane {
            title: LANE_TITLES[l].to_string(),
            x: NARROW_WIDTH / 2.0,
            y: y + 15.0,
        });
        y += NARROW_TITLE;
        let cells = shown.len() + usize::from(*hidden > 0);
        for (i, &a) in shown.iter().enumerate() {
            boxes[a] = Some(Rect {
                x: NARROW_COLS[i % 2],
                y: y + (i / 2) as f32 * ROW,
                w: NARROW_BOX_W,
                h: BOX_H,
            });
        }
        if *hidden > 0 {
            let i = shown.len();
            more.push(More {
                lane: l,
                rect: Rect {
                    x: NARROW_COLS[i % 2],
                    y: y + (i / 2) as f32 * ROW,
                    w: NARROW_BOX_W,
                    h: BOX_H * 0.6,
                },
                hidden: *hidden,
            });
        }
        y += cells.max(1).div_ceil(2) as f32 * ROW;
    }
    let (nodes, bottom) = node_band(tl, &boxes, y, NARROW_WIDTH, 2);
    Geometry {
        width: NARROW_WIDTH,
        height: bottom,
        lanes: titles,
        boxes,
        more,
        lane_of,
        stacked: true,
        nodes,
        band_y: y,
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

    /// The two ends of a hop from `from` to `to`: the facing box edges (left/right when the boxes
    /// sit side by side, top/bottom when one is above the other); replies run a little apart from
    /// requests, so a query and its reply never draw over each other.
    pub fn hop_ends(
        &self,
        from: ActorId,
        to: ActorId,
        reply: bool,
    ) -> Option<((f32, f32), (f32, f32))> {
        let (a, b) = (self.rect_of(from)?, self.rect_of(to)?);
        let d = if reply { REPLY_OFFSET } else { -REPLY_OFFSET };
        let (acx, acy) = (a.x + a.w / 2.0, a.y + a.h / 2.0);
        let (bcx, bcy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let overlap_x = a.x < b.x + b.w && b.x < a.x + a.w;
        let overlap_y = a.y < b.y + b.h && b.y < a.y + a.h;
        // Wide: across lanes unless in the same column; stacked: down the rows unless side by side.
        let horizontal = if self.stacked { overlap_y } else { !overlap_x };
        if horizontal {
            let (x1, x2) = if acx < bcx {
                (a.x + a.w, b.x)
            } else {
                (a.x, b.x + b.w)
            };
            return Some(((x1, acy + d), (x2, bcy + d)));
        }
        let (y1, y2) = if acy < bcy {
            (a.y + a.h, b.y)
        } else {
            (a.y, b.y + b.h)
        };
        Some(((acx + d, y1), (bcx + d, y2)))
    }

    /// The path of a hop. In the wide layout a hop inside one lane (kube-proxy's rewrite from a
    /// Service's virtual IP to one of its pods) leaves the left edges and bows into the gap
    /// before the lane, so it never crosses the boxes between; every other hop is straight.
    pub fn hop_curve(&self, from: ActorId, to: ActorId, reply: bool) -> Option<Curve> {
        let (a, b) = (self.rect_of(from)?, self.rect_of(to)?);
        let same_column = (a.x - b.x).abs() < 1.0;
        if !self.stacked && same_column {
            let d = if reply { REPLY_OFFSET } else { -REPLY_OFFSET };
            let (ay, by) = (a.y + a.h / 2.0 + d, b.y + b.h / 2.0 + d);
            let bow = 34.0f32.min(a.x - 4.0);
            return Some(Curve {
                from: (a.x, ay),
                c1: (a.x - bow, ay),
                c2: (b.x - bow, by),
                to: (b.x, by),
            });
        }
        let (p, q) = self.hop_ends(from, to, reply)?;
        Some(Curve::line(p, q))
    }

    /// Every drawn rectangle (boxes and "+N more"), for overlap checks.
    pub fn rects(&self) -> Vec<Rect> {
        self.boxes
            .iter()
            .flatten()
            .copied()
            .chain(self.more.iter().map(|m| m.rect))
            .chain(self.nodes.iter().map(|n| n.rect))
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
        // Chips sit inside their node's box, apart from each other.
        let chips = self.nodes.iter().all(|n| {
            n.chips.iter().enumerate().all(|(i, (_, c))| {
                c.x >= n.rect.x
                    && c.x + c.w <= n.rect.x + n.rect.w
                    && c.y >= n.rect.y
                    && c.y + c.h <= n.rect.y + n.rect.h
                    && n.chips[i + 1..].iter().all(|(_, d)| !c.overlaps(d))
            })
        });
        inside && apart && chips
    }
}
