use super::*;
use crate::model::RatingValue;

const PATH: &str = "desk/.claimdesk.yaml";

fn parse(text: &str) -> Result<Desk, DeskError> {
    Desk::parse(Path::new(PATH), text)
}

/// The error `text` gives, as the commands print it.
fn error(text: &str) -> String {
    match parse(text) {
        Ok(desk) => panic!("{text:?} should be refused, not read as {desk:?}"),
        Err(e) => e.to_string(),
    }
}

/// A desk file whose scale has one rating with `fields` (an id and more, indented under it).
fn one_rating(fields: &str) -> String {
    format!("scale:\n  best: 2\n  worst: 1\n  ratings:\n    - {fields}\n")
}

/// A desk scale of five ratings of its own, with every key of the desk file.
pub(crate) const FIVE_RATINGS: &str = include_str!("../../tests/fixtures/desk/five-ratings.yaml");

#[test]
fn a_desk_file_sets_the_scale_organisation_statuses_and_self_approval() {
    let desk = parse(FIVE_RATINGS).unwrap();
    let scale = &desk.scale;
    let ids: Vec<_> = scale.ids().collect();
    assert_eq!(ids, ["correct", "partly", "wrong", "satire", "no-evidence"]);
    assert_eq!(scale.label("partly"), "PARTLY");
    assert_eq!(scale.label("no-evidence"), "NO EVIDENCE");
    assert_eq!(scale.colour("correct"), Some(Colour::LightGreen));
    assert_eq!(scale.colour("wrong"), Some(Colour::Red));
    assert_eq!(scale.colour("satire"), Some(Colour::DarkGray));
    assert_eq!(scale.colour("no-evidence"), None);
    assert_eq!(
        scale.meaning("correct"),
        Some("Right in every way that matters")
    );
    assert_eq!(scale.meaning("partly"), None);
    let value = |rating| scale.claim_review_value(rating);
    assert_eq!(
        value("partly"),
        Some(RatingValue {
            value: 3,
            best: 5,
            worst: 1
        })
    );
    assert_eq!(value("satire"), None);
    assert_eq!(desk.organisation.as_deref(), Some("Example Fact Check"));
    assert_eq!(desk.statuses(), ["inbox", "checking", "published"]);
    assert!(desk.allow_self_approval);
}

#[test]
fn an_empty_desk_file_or_one_without_a_scale_keeps_the_defaults() {
    for text in ["", "# nothing yet\n", "organisation:\n"] {
        assert_eq!(parse(text).unwrap(), Desk::default(), "{text:?}");
    }
    let desk = parse("organisation: Desk\n").unwrap();
    assert_eq!(desk.scale, RatingScale::default());
    assert_eq!(desk.statuses(), DEFAULT_STATUSES);
    assert!(!desk.allow_self_approval);
}

#[test]
fn the_written_default_desk_file_reads_back_as_the_default_desk() {
    assert_eq!(parse(&default_desk_file()).unwrap(), Desk::default());
}

#[test]
fn bad_yaml_is_located() {
    let message = error("scale:\n  ratings: [\n");
    assert!(message.starts_with(&format!("{PATH}:")), "{message}");
    assert!(message.ends_with("fix this in the desk file"), "{message}");
}

#[test]
fn unknown_keys_are_located_and_named() {
    let message = error("organisation: x\norganisaton: y\n");
    assert!(message.starts_with(&format!("{PATH}:2:1: ")), "{message}");
    assert!(message.contains("organisaton"), "{message}");
    let message = error(&one_rating("id: a\n      colur: red"));
    assert!(message.starts_with(&format!("{PATH}:6:7: ")), "{message}");
    assert!(message.contains("colur"), "{message}");
    let message = error("scale:\n  ratings: []\n  middle: 3\n");
    assert!(message.starts_with(&format!("{PATH}:3:3: ")), "{message}");
    assert!(message.contains("middle"), "{message}");
}

#[test]
fn values_of_the_wrong_kind_are_located() {
    let message = error("allow_self_approval: maybe\n");
    assert!(message.starts_with(&format!("{PATH}:1:22: ")), "{message}");
    let message = error(&one_rating("id: a\n      value: 300"));
    assert!(message.starts_with(&format!("{PATH}:6:14: ")), "{message}");
    let message = error("scale:\n  best: 1\n");
    assert!(message.contains("ratings"), "{message}");
}

#[test]
fn every_check_of_the_scale_points_at_its_value() {
    let cases = [
        (
            one_rating("id: Big"),
            "5:11: rating id `Big` is not an id: use lowercase letters, digits, `.`, `_` and \
             `-`; choose another",
        ),
        (
            one_rating("id: untagged"),
            "5:11: rating id `untagged` names claims without a verdict; choose another",
        ),
        (
            one_rating("id: a\n    - id: b\n    - id: a"),
            "7:11: rating `a` is already on the scale (line 5): give each rating an id of its own",
        ),
        (
            one_rating("id: a\n      label: MUCH TOO LONG"),
            "6:14: label `MUCH TOO LONG` does not fit a badge: give it 1 to 10 columns of text \
             on one line",
        ),
        (
            one_rating("id: a\n      label: ''"),
            "6:14: label `` does not fit a badge: give it 1 to 10 columns of text on one line",
        ),
        (
            one_rating("id: a\n      colour: pink"),
            "6:15: unknown colour `pink`: use one of black, red, green, yellow, blue, magenta, \
             cyan, gray, dark-gray, light-red, light-green, light-yellow, light-blue, \
             light-magenta, light-cyan, white",
        ),
        (
            one_rating("id: a\n      value: 3"),
            "6:14: value 3 is off the meter, which runs from 1 (worst) to 2 (best)",
        ),
        (
            "scale:\n  ratings:\n    - id: a\n      value: 3\n".to_string(),
            "4:14: a value needs the meter's ends: give the scale `best` and `worst`",
        ),
        (
            "scale:\n  best: 4\n  worst: 4\n  ratings:\n    - id: a\n".to_string(),
            "3:10: `best` and `worst` are both 4: a meter needs two ends",
        ),
        (
            "scale:\n  best: 4\n  ratings:\n    - id: a\n".to_string(),
            "2:9: the meter needs both ends: give the scale `best` and `worst`, or neither",
        ),
        (
            "scale:\n  ratings: []\n".to_string(),
            "2:12: the scale has no ratings: list at least one under `ratings:`",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(error(&text), format!("{PATH}:{expected}"), "{text}");
    }
}

#[test]
fn every_check_of_the_statuses_points_at_its_value() {
    let cases = [
        (
            "statuses: []\n",
            "1:11: no statuses: list at least one, the first for new claims",
        ),
        (
            "statuses: [new, In Progress]\n",
            "1:17: status `In Progress` is not an id: use lowercase letters, digits, `.`, `_` \
             and `-`",
        ),
        (
            "statuses:\n  - new\n  - done\n  - new\n",
            "4:5: status `new` is listed twice: keep one",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(error(text), format!("{PATH}:{expected}"), "{text}");
    }
}

#[test]
fn an_unreadable_desk_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DESK_FILE);
    let message = Desk::load(&path).unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "{}: cannot read the desk file: no such file or folder",
            path.display()
        )
    );
}

#[test]
fn the_nearest_desk_file_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let nested = root.join("team/claims");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(nested.join("a.yaml"), "claims: []\n").unwrap();
    assert_eq!(find(std::slice::from_ref(&nested)).unwrap(), None);
    std::fs::write(root.join(DESK_FILE), "organisation: Root\n").unwrap();
    std::fs::write(root.join("team").join(DESK_FILE), "organisation: Team\n").unwrap();
    let organisation = |paths: &[PathBuf]| find(paths).unwrap().and_then(|d| d.organisation);
    assert_eq!(
        organisation(&[nested.join("a.yaml")]).as_deref(),
        Some("Team")
    );
    assert_eq!(
        organisation(std::slice::from_ref(&nested)).as_deref(),
        Some("Team")
    );
    assert_eq!(organisation(&[root.to_path_buf()]).as_deref(), Some("Root"));
    std::fs::write(root.join("team").join(DESK_FILE), "organisation: [\n").unwrap();
    let message = find(&[nested]).unwrap_err().to_string();
    assert!(message.contains("team/.claimdesk.yaml:1:"), "{message}");
}

#[test]
fn a_bad_desk_file_is_a_located_problem() {
    let problem = parse("statuses: []\n").unwrap_err().problem();
    assert_eq!((problem.line, problem.col), (1, 11));
    assert!(problem.is_error());
    assert_eq!(problem.path, Path::new(PATH));
}
