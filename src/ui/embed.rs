//! The embed message API: what a page that holds the playground in an `<iframe>` may ask of it,
//! through `postMessage`, and what the playground answers. Version 1.
//!
//! Every message is a plain object with `type` (a string starting `hsp:`) and `v: 1`:
//!
//! | the host sends | the playground does | and answers |
//! |---|---|---|
//! | `{type: "hsp:load", v: 1, preset?, yaml?, command?}` | replaces the manifests (a scenario id or YAML), runs the command | `{type: "hsp:loaded", v: 1}` |
//! | `{type: "hsp:run", v: 1, command}` | runs a console command | `{type: "hsp:ran", v: 1, command, exit}` |
//! | `{type: "hsp:step", v: 1, step}` | shows animation step N (1-based) | `{type: "hsp:stepped", v: 1, step}` |
//! | `{type: "hsp:get-state", v: 1}` | nothing | `{type: "hsp:state", v: 1, fragment}` (a share-link fragment) |
//!
//! The playground also sends `{type: "hsp:height", v: 1, height}` (CSS px) whenever its content
//! height changes, so hosts can size the iframe. Only the page that embeds the playground (the
//! iframe's parent) is listened to, and answers go to that page's origin. A message whose `type`
//! does not start with `hsp:` is ignored; a malformed `hsp:` message gets
//! `{type: "hsp:error", v: 1, message}`. Pure: the browser glue in `mod.rs` reads the fields.

/// A request, read from a message's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Load {
        preset: Option<String>,
        yaml: Option<String>,
        command: Option<String>,
    },
    Run {
        command: String,
    },
    Step {
        step: usize,
    },
    GetState,
}

/// What to do with a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Not for us (no `hsp:` type): stay silent.
    Ignore,
    Do(Request),
    /// For us but malformed: answer with this error.
    Refuse(String),
}

/// The largest YAML a message may load (the editor's own limit is the browser's).
pub const MAX_YAML: usize = 4 << 20;

/// Reads a message from its fields. `field(name)` gives a field as text (`None`: absent or not
/// text), `number(name)` as a number.
pub fn read(
    kind: Option<String>,
    version: Option<f64>,
    field: impl Fn(&str) -> Option<String>,
    number: impl Fn(&str) -> Option<f64>,
) -> Verdict {
    let Some(kind) = kind.filter(|k| k.starts_with("hsp:")) else {
        return Verdict::Ignore;
    };
    if version != Some(1.0) {
        return Verdict::Refuse(format!("{kind}: unsupported version (send v: 1)"));
    }
    match kind.as_str() {
        "hsp:load" => {
            let (preset, yaml, command) = (field("preset"), field("yaml"), field("command"));
            if preset.is_none() && yaml.is_none() {
                return Verdict::Refuse("hsp:load needs a preset (scenario id) or yaml".into());
            }
            if yaml.as_ref().is_some_and(|y| y.len() > MAX_YAML) {
                return Verdict::Refuse(format!(
                    "hsp:load: the yaml is over {} MiB",
                    MAX_YAML >> 20
                ));
            }
            if let Some(p) = &preset {
                if crate::scenarios::by_id(p).is_none() {
                    let ids: Vec<&str> = crate::scenarios::ALL.iter().map(|s| s.id).collect();
                    return Verdict::Refuse(format!(
                        "hsp:load: no scenario {p:?}; the scenarios are {}",
                        ids.join(", ")
                    ));
                }
            }
            Verdict::Do(Request::Load {
                preset,
                yaml,
                command,
            })
        }
        "hsp:run" => match field("command").filter(|c| !c.trim().is_empty()) {
            Some(command) if command.len() <= 4096 => Verdict::Do(Request::Run { command }),
            Some(_) => Verdict::Refuse("hsp:run: the command is over 4096 bytes".into()),
            None => Verdict::Refuse("hsp:run needs a command (text)".into()),
        },
        "hsp:step" => match number("step") {
            Some(n) if (1.0..=100_000.0).contains(&n) && n.fract() == 0.0 => {
                Verdict::Do(Request::Step { step: n as usize })
            }
            _ => Verdict::Refuse("hsp:step needs a whole step number from 1".into()),
        },
        "hsp:get-state" => Verdict::Do(Request::GetState),
        other => Verdict::Refuse(format!(
            "{other}: unknown request; the requests are hsp:load, hsp:run, hsp:step and hsp:get-state"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(kind: &str, v: f64, fields: &[(&str, &str)], step: Option<f64>) -> Verdict {
        let f: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read(
            Some(kind.to_string()),
            Some(v),
            |name| f.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            |name| (name == "step").then_some(step).flatten(),
        )
    }

    #[test]
    fn requests_are_read_and_checked() {
        assert_eq!(
            msg("hsp:run", 1.0, &[("command", "dig web")], None),
            Verdict::Do(Request::Run {
                command: "dig web".into()
            })
        );
        assert_eq!(
            msg("hsp:load", 1.0, &[("preset", "kafka")], None),
            Verdict::Do(Request::Load {
                preset: Some("kafka".into()),
                yaml: None,
                command: None
            })
        );
        assert_eq!(
            msg("hsp:step", 1.0, &[], Some(3.0)),
            Verdict::Do(Request::Step { step: 3 })
        );
        assert_eq!(
            msg("hsp:get-state", 1.0, &[], None),
            Verdict::Do(Request::GetState)
        );
        for (kind, v, fields, step) in [
            ("hsp:run", 1.0, vec![], None),
            ("hsp:run", 2.0, vec![("command", "dig web")], None),
            ("hsp:load", 1.0, vec![], None),
            ("hsp:load", 1.0, vec![("preset", "nope")], None),
            ("hsp:step", 1.0, vec![], Some(0.5)),
            ("hsp:step", 1.0, vec![], Some(-1.0)),
            ("hsp:nuke", 1.0, vec![], None),
        ] {
            assert!(
                matches!(msg(kind, v, &fields, step), Verdict::Refuse(_)),
                "{kind}"
            );
        }
        let big = "a".repeat(MAX_YAML + 1);
        assert!(matches!(
            read(Some("hsp:load".into()), Some(1.0), |k| (k == "yaml").then(|| big.clone()), |_| None),
            Verdict::Refuse(m) if m.contains("over 4 MiB")
        ));
        let long = "dig ".repeat(2000);
        assert!(matches!(
            read(
                Some("hsp:run".into()),
                Some(1.0),
                |k| (k == "command").then(|| long.clone()),
                |_| None
            ),
            Verdict::Refuse(_)
        ));
        assert_eq!(read(None, None, |_| None, |_| None), Verdict::Ignore);
        assert_eq!(
            read(Some("webpackOk".into()), None, |_| None, |_| None),
            Verdict::Ignore
        );
    }
}
