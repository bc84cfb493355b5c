//! The "changed on disk" check compares typed values: a verdict written by hand (or by another
//! tool) in any shape the loader accepts can be re-tagged with the loaded verdict as the
//! expectation, and a different expectation is refused.

use proptest::prelude::*;
use proptest::sample::select;

use super::*;

/// Claim `a` with the verdict lines given (each without the claim's indent), then claim `b`.
fn file_with_verdict(verdict_lines: &[String]) -> String {
    let mut text = String::from("claims:\n  - id: a\n    assertion: x\n    claimant: y\n");
    for line in verdict_lines {
        text.push_str("    ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("  - id: b\n    assertion: z\n    claimant: w\n");
    text
}

/// The verdict of `a` as the dashboard loads it (warnings, such as an extra key, allowed).
#[track_caller]
fn loaded_verdict(text: &str) -> Option<Verdict> {
    let file = load_text(
        Path::new("c.yaml"),
        text.as_bytes(),
        &RatingScale::default(),
    );
    assert!(
        file.problems.iter().all(|p| !p.is_error()),
        "{:?}\n{text}",
        file.problems
    );
    file.claims
        .into_iter()
        .find(|c| c.id == "a")
        .expect("claim a")
        .verdict
        .map(|v| *v)
}

fn retag(text: &str, expect: Option<Verdict>) -> Result<String, EditError> {
    edit_verdict(
        text,
        &VerdictChange {
            id: "a".into(),
            verdict: Some(verdict("unproven", Some("new"))),
            expect: Some(expect),
        },
    )
}

/// Some other verdict than `v`, as a stale dashboard would expect.
fn different(v: &Option<Verdict>) -> Option<Verdict> {
    match v {
        None => Some(verdict("true", None)),
        Some(v) if v.note.is_some() => Some(Verdict {
            note: None,
            ..v.clone()
        }),
        Some(v) => Some(Verdict {
            note: Some("other".into()),
            ..v.clone()
        }),
    }
}

#[test]
fn hand_written_verdicts_can_be_retagged_with_what_was_loaded() {
    let cases: &[&[&str]] = &[
        &["verdict: ~"],
        &["verdict:"],
        &["verdict: null"],
        &[
            "verdict:",
            "  rating: misleading",
            "  note: null",
            "  by: erin",
        ],
        &[
            "verdict:",
            "  rating: \"false\"",
            "  at: 2026-11-27T16:00:00+05:30",
        ],
        &[
            "verdict:",
            "  rating: \"false\"",
            "  at: 2026-11-27T10:30:00.250Z",
        ],
        &[
            "verdict:",
            "  rating: half-true",
            "  reviewed: yes",
            "  by: erin",
        ],
        &[
            "verdict:",
            "  rating: half-true  # checked twice",
            "  by: 'erin'",
        ],
        &["verdict: {rating: mostly-true, note: ~, at: 2026-11-27T16:00:00.5+05:30}"],
        &[
            "verdict:",
            "  rating: unproven",
            "  note: |-",
            "    two",
            "    lines",
        ],
    ];
    for lines in cases {
        let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let text = file_with_verdict(&lines);
        let loaded = loaded_verdict(&text);
        let edited =
            retag(&text, loaded.clone()).unwrap_or_else(|e| panic!("refused ({e}) for\n{text}"));
        assert_eq!(
            loaded_verdict(&edited),
            Some(verdict("unproven", Some("new")))
        );
        assert!(
            matches!(
                retag(&text, different(&loaded)),
                Err(EditError::Changed { .. })
            ),
            "a stale expectation was accepted for\n{text}"
        );
    }
}

/// A verdict as someone might write it by hand: every shape the loader accepts.
#[derive(Debug, Clone)]
enum HandVerdict {
    /// `verdict: ~` and friends.
    Null(&'static str),
    Fields {
        flow: bool,
        fields: Vec<(&'static str, String)>,
        comment: bool,
    },
}

const NULLS: &[&str] = &["", " ~", " null", " Null", " NULL"];

fn timestamp_text() -> impl Strategy<Value = String> {
    (
        0u32..28,
        0u32..24,
        0u32..60,
        select(&["", ".5", ".250", ".123456789"][..]),
        select(&["Z", "+05:30", "-04:00", "+00:00"][..]),
    )
        .prop_map(|(day, hour, minute, fraction, zone)| {
            format!(
                "2026-11-{:02}T{hour:02}:{minute:02}:07{fraction}{zone}",
                day + 1
            )
        })
}

fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        select(&["asha", "Erin O’Brien", "मंत्री"][..]).prop_map(String::from),
        select(&["'single quoted'", "\"double: quoted\"", "\"\""][..]).prop_map(String::from),
        Just("~".to_string()),
        Just("null".to_string()),
    ]
}

fn hand_verdict() -> impl Strategy<Value = HandVerdict> {
    let rating = select(
        RatingScale::default()
            .ids()
            .map(str::to_string)
            .collect::<Vec<_>>(),
    )
    .prop_flat_map(|r| select(vec![r.clone(), format!("\"{r}\""), format!("'{r}'")]));
    let fields = (
        rating,
        prop::option::of(text_value()),
        prop::option::of(text_value()),
        prop::option::of(timestamp_text()),
        prop::option::of(select(&["reviewed: yes", "source: tip-line"][..])),
    );
    prop_oneof![
        1 => select(NULLS).prop_map(HandVerdict::Null),
        4 => (fields, any::<bool>(), any::<bool>(), any::<u64>()).prop_map(
            |((rating, note, by, at, extra), flow, comment, seed)| {
                let mut fields = vec![("rating", rating)];
                fields.extend(note.map(|n| ("note", n)));
                fields.extend(by.map(|b| ("by", b)));
                fields.extend(at.map(|a| ("at", a)));
                if let Some(extra) = extra {
                    let (key, value) = extra.split_once(": ").expect("key: value");
                    let key = if key == "reviewed" { "reviewed" } else { "source" };
                    fields.push((key, value.to_string()));
                }
                // Any key order: people write what they like.
                let rotate = (seed as usize) % fields.len();
                fields.rotate_left(rotate);
                HandVerdict::Fields { flow, fields, comment }
            }
        ),
    ]
}

impl HandVerdict {
    fn lines(&self) -> Vec<String> {
        match self {
            HandVerdict::Null(form) => vec![format!("verdict:{form}")],
            HandVerdict::Fields {
                flow: true,
                fields,
                comment,
            } => {
                let inner: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                let comment = if *comment { "  # by hand" } else { "" };
                vec![format!("verdict: {{{}}}{comment}", inner.join(", "))]
            }
            HandVerdict::Fields {
                flow: false,
                fields,
                comment,
            } => {
                let mut lines = vec!["verdict:".to_string()];
                if *comment {
                    lines.push("  # written by hand".to_string());
                }
                for (i, (k, v)) in fields.iter().enumerate() {
                    let trailing = if *comment && i == 0 { "  # sure?" } else { "" };
                    lines.push(format!("  {k}: {v}{trailing}"));
                }
                lines
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn a_retag_expecting_the_loaded_verdict_succeeds_and_a_stale_one_is_refused(
        hand in hand_verdict(),
    ) {
        let text = file_with_verdict(&hand.lines());
        let loaded = loaded_verdict(&text);
        let edited = retag(&text, loaded.clone());
        prop_assert!(edited.is_ok(), "refused: {:?}\n{}", edited, text);
        prop_assert_eq!(
            loaded_verdict(&edited.unwrap()),
            Some(verdict("unproven", Some("new")))
        );
        let stale = retag(&text, different(&loaded));
        prop_assert!(matches!(stale, Err(EditError::Changed { .. })), "{:?}\n{}", stale, text);
    }
}
