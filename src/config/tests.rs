use std::collections::HashMap;

use super::*;

fn parse(text: &str) -> Result<UserConfig, ConfigError> {
    UserConfig::parse(Path::new("config.yaml"), text)
}

fn error(text: &str) -> String {
    match parse(text) {
        Ok(config) => panic!("{text:?} was accepted as {config:?}"),
        Err(e) => e.to_string(),
    }
}

fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| vars.get(name).cloned()
}

const FULL: &str = "name: priya\nrole: editor\nmouse: true\ntheme:\n  monochrome: false\n  colours:\n    false: magenta\n";

#[test]
fn every_key_is_read() {
    let config = parse(FULL).unwrap();
    assert_eq!(config.name.as_deref(), Some("priya"));
    assert_eq!(config.role, Some(Role::Editor));
    assert_eq!(config.mouse, Some(true));
    assert_eq!(config.monochrome, Some(false));
    assert_eq!(config.colours.get("false"), Some(&Colour::Magenta));
}

#[test]
fn an_empty_or_missing_file_holds_the_defaults() {
    assert_eq!(parse("").unwrap().name, None);
    let dir = tempfile::tempdir().unwrap();
    let config = UserConfig::load_from(&dir.path().join("config.yaml")).unwrap();
    assert_eq!(config, UserConfig::default());
}

#[test]
fn bad_yaml_is_located() {
    let message = error("name: [priya\n");
    assert!(message.starts_with("config.yaml:"), "{message}");
    assert!(
        message.ends_with("fix this in your settings file"),
        "{message}"
    );
}

#[test]
fn an_unknown_key_is_named_and_located() {
    let message = error("name: priya\ncolour: red\n");
    assert!(message.starts_with("config.yaml:2:1: "), "{message}");
    assert!(message.contains("colour"), "{message}");
}

#[test]
fn an_unknown_role_is_named_and_located() {
    assert_eq!(
        error("role: boss\n"),
        "config.yaml:1:7: unknown role `boss`: use `checker` or `editor`"
    );
}

#[test]
fn an_unknown_colour_is_named_and_located() {
    let message = error("theme:\n  colours:\n    true: mauve\n");
    assert!(
        message.starts_with("config.yaml:3:11: unknown colour `mauve`: use one of "),
        "{message}"
    );
}

#[test]
fn an_unreadable_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let message = UserConfig::load_from(dir.path()).unwrap_err().to_string();
    assert!(
        message.contains("cannot read your settings file"),
        "{message}"
    );
}

#[test]
fn name_precedence_is_flag_env_user_git_user() {
    let user = parse("name: from-file\n").unwrap();
    let none = UserConfig::default();
    let env = env_of(&[(NAME_ENV, "from-env"), ("USER", "login")]);
    let git = || Some("from-git".to_string());
    let name = |config: &UserConfig, flag, env: Env| config.name(flag, env, git).unwrap();
    assert_eq!(
        name(&user, Some("flag"), &env),
        ("flag".into(), Source::Flag("--by"))
    );
    assert_eq!(
        name(&user, None, &env),
        ("from-env".into(), Source::Env(NAME_ENV))
    );
    let login_only = env_of(&[("USER", "login")]);
    assert_eq!(
        name(&user, None, &login_only),
        (
            "from-file".into(),
            Source::User(PathBuf::from("config.yaml"))
        )
    );
    assert_eq!(
        name(&none, None, &login_only),
        ("from-git".into(), Source::Git)
    );
    assert_eq!(
        none.name(None, &login_only, || None),
        Some(("login".into(), Source::Env("USER")))
    );
    assert_eq!(none.name(Some("  "), &env_of(&[]), || None), None);
}

#[test]
fn colour_and_mouse_precedence() {
    let user = parse("mouse: false\ntheme:\n  monochrome: true\n").unwrap();
    let file = Source::User(PathBuf::from("config.yaml"));
    assert_eq!(user.colour(&env_of(&[])), (false, file.clone()));
    assert_eq!(
        UserConfig::default().colour(&env_of(&[(NO_COLOR_ENV, "1")])),
        (false, Source::Env(NO_COLOR_ENV))
    );
    assert_eq!(
        UserConfig::default().colour(&env_of(&[])),
        (true, Source::BuiltIn)
    );
    assert_eq!(user.mouse(false), (false, file));
    assert_eq!(user.mouse(true), (true, Source::Flag("--mouse")));
    assert_eq!(UserConfig::default().mouse(false), (false, Source::BuiltIn));
}

#[test]
fn settings_name_their_sources_built_in_desk_user_environment() {
    let desk_path = Path::new(".claimdesk.yaml");
    let desk = Desk::parse(
        desk_path,
        "organisation: The Desk\nscale:\n  ratings:\n    - id: true\n      colour: blue\n    - id: false\n      colour: red\n",
    )
    .unwrap();
    let user = parse(FULL).unwrap();
    let env = env_of(&[(ORGANISATION_ENV, "Env Org")]);
    let settings = settings(
        Flags::default(),
        Some((desk_path, &desk)),
        &user,
        &env,
        || None,
    );
    let find = |key: &str| settings.iter().find(|s| s.key == key).unwrap().clone();
    let user_file = Source::User(PathBuf::from("config.yaml"));
    assert_eq!(find("name").source, user_file);
    assert_eq!(find("role").value, "editor");
    assert_eq!(find("theme.colours.false").value, "magenta");
    assert_eq!(find("theme.colours.false").source, user_file);
    assert_eq!(find("theme.colours.true").value, "blue");
    assert_eq!(
        find("theme.colours.true").source,
        Source::Desk(desk_path.into())
    );
    assert_eq!(find("organisation").source, Source::Env(ORGANISATION_ENV));
    assert_eq!(find("statuses").source, Source::BuiltIn);
    let text = render(&settings);
    assert!(text.contains("user file config.yaml"), "{text}");
}

#[test]
fn the_user_colours_win_over_the_desk_scale() {
    let user = parse(FULL).unwrap();
    let mut scale = RatingScale::default();
    user.recolour(&mut scale);
    assert_eq!(scale.colour("false"), Some(Colour::Magenta));
}

#[test]
fn keys_are_read_by_action_name() {
    let config = parse("keys:\n  approve: Z\n  quit: Ctrl-q\n").unwrap();
    assert_eq!(
        config.keys.overrides(),
        [
            (Action::Approve, KeySpec::parse("Z").unwrap()),
            (Action::Quit, KeySpec::parse("Ctrl-q").unwrap()),
        ]
    );
    let settings = settings(Flags::default(), None, &config, &env_of(&[]), || None);
    let approve = settings.iter().find(|s| s.key == "keys.approve").unwrap();
    assert_eq!(approve.value, "Z");
}

#[test]
fn an_unknown_action_is_named_and_located() {
    let message = error("keys:\n  aprove: A\n");
    assert!(
        message.starts_with("config.yaml:2:11: unknown action `aprove` in keys: use one of "),
        "{message}"
    );
    assert!(message.contains("approve"), "{message}");
}

#[test]
fn a_duplicate_binding_names_the_key() {
    assert_eq!(
        error("keys:\n  approve: Z\n  quit: Z\n"),
        "config.yaml:3:9: key `Z` is bound twice in keys, to approve and quit: give each action \
         a key of its own"
    );
}

#[test]
fn a_key_that_is_not_a_key_is_named() {
    let message = error("keys:\n  quit: Hyper-q\n");
    assert!(
        message.starts_with("config.yaml:2:9: `Hyper-q` (for quit) is not a key: "),
        "{message}"
    );
}

#[test]
fn a_key_another_action_keeps_is_named_and_located() {
    assert_eq!(
        error("keys:\n  approve: v\n"),
        "config.yaml:2:12: key `v` (for approve) is already tag's: choose another key, or give \
         tag one too"
    );
}
