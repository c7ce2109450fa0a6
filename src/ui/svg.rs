//! Small helpers both diagrams draw with (the DNS query path and Kafka): coordinates as SVG text,
//! labels cut to fit, hop classes and arrow heads.

use crate::anim::timeline::HopKind;

/// A coordinate as SVG text: whole view-box units are exact enough, and integer formatting keeps
/// the float formatter out of the bundle.
pub fn px(v: f32) -> String {
    (v.round() as i32).to_string()
}

/// Cut `s` to `n` characters with an ellipsis.
pub fn fit(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The CSS class of a hop (its colour and dash).
pub fn hop_class(kind: HopKind) -> &'static str {
    match kind {
        HopKind::Query => "query",
        HopKind::Reply => "reply",
        HopKind::Rewrite => "rewrite",
        HopKind::Connect => "connect",
    }
}

/// An arrow head at `(x, y)` pointing along the direction from `(fx, fy)`, as polygon points.
pub fn arrow_head(fx: f32, fy: f32, x: f32, y: f32) -> String {
    let (dx, dy) = (x - fx, y - fy);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let (bx, by) = (x - ux * 9.0, y - uy * 9.0);
    let (nx, ny) = (-uy * 4.5, ux * 4.5);
    format!(
        "{},{} {},{} {},{}",
        px(x),
        px(y),
        px(bx + nx),
        px(by + ny),
        px(bx - nx),
        px(by - ny)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(px(12.49), "12");
        assert_eq!(px(-0.6), "-1");
        assert_eq!(fit("kafka-bootstrap", 6), "kafka…");
        assert_eq!(fit("web", 6), "web");
        assert_eq!(arrow_head(0.0, 0.0, 10.0, 0.0), "10,0 1,5 1,-5");
    }
}
