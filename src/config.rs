//! The user's own settings, never shared: `config.yaml` in the platform config folder
//! (`~/.config/claimdesk/` on Linux; `$CLAIMDESK_CONFIG` names another file). The desk's
//! settings are in [`crate::desk`]; where both speak, the user's win for this user's screen.
//!
//! Precedence, lowest first: built-in < desk file < user file < environment < flags.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use unicode_width::UnicodeWidthStr;

use crate::desk::{Desk, Located, SettingsError, check_colour, from_yaml};
use crate::inert::inert;
use crate::keymap::{Action, KeySpec, Keymap};
use crate::model::{Colour, RatingScale};

/// Names the user file instead of the platform's (an empty value: no user file).
pub const CONFIG_ENV: &str = "CLAIMDESK_CONFIG";
/// The name verdicts are tagged with, above the user file's.
pub const NAME_ENV: &str = "CLAIMDESK_NAME";
/// The organisation of exported ClaimReview markup, above the desk file's.
pub const ORGANISATION_ENV: &str = "CLAIMDESK_ORGANISATION";
/// Turns colour off, above the user file's theme (<https://no-color.org>).
pub const NO_COLOR_ENV: &str = "NO_COLOR";

/// How a setting's value is looked up in the environment: the process's, or a test's.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process's environment, a variable set to nothing or to what is not UTF-8 as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// What the user does on the desk: only editors review verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Checker,
    Editor,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Self::Checker => "checker",
            Self::Editor => "editor",
        }
    }
}

/// Where a setting's value came from, for `claimdesk config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    Desk(PathBuf),
    User(PathBuf),
    Env(&'static str),
    Flag(&'static str),
    /// git's `user.name`.
    Git,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BuiltIn => write!(f, "built-in"),
            Self::Desk(path) => write!(f, "desk file {}", path.display()),
            Self::User(path) => write!(f, "user file {}", path.display()),
            Self::Env(name) => write!(f, "environment ${name}"),
            Self::Flag(flag) => write!(f, "flag {flag}"),
            Self::Git => write!(f, "git config user.name"),
        }
    }
}

/// The user file's settings; what it leaves out is `None` (or empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserConfig {
    /// The file read, when there is one.
    pub path: Option<PathBuf>,
    pub name: Option<String>,
    pub role: Option<Role>,
    pub monochrome: Option<bool>,
    /// Rating id → the colour this user sees it in, over the desk's.
    pub colours: BTreeMap<String, Colour>,
    pub mouse: Option<bool>,
    /// The keys in effect: the built-in ones, with those `keys:` rebinds by action name.
    pub keys: Keymap,
}

/// A user file that cannot be used, located like a compiler diagnostic.
pub type ConfigError = SettingsError;

/// The user file, in messages.
const USER_FILE_WORDS: &str = "your settings file";

/// The user file's path: `$CLAIMDESK_CONFIG`, else `config.yaml` in the platform config
/// folder; `None` when `$CLAIMDESK_CONFIG` is set empty or the platform has no home.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_ENV) {
        Some(path) if path.is_empty() => None,
        Some(path) => Some(PathBuf::from(path)),
        None => directories::ProjectDirs::from("", "", "claimdesk")
            .map(|dirs| dirs.config_dir().join("config.yaml")),
    }
}

impl UserConfig {
    /// The user file at [`config_path`]; the defaults when there is none.
    pub fn load() -> Result<Self, ConfigError> {
        config_path().map_or(Ok(Self::default()), |path| Self::load_from(&path))
    }

    /// The user file at `path`; the defaults when it does not exist.
    pub fn load_from(path: &Path) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(path, &text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::unreadable(path, USER_FILE_WORDS, source)),
        }
    }

    /// The settings `text`, the user file at `path`, holds.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let invalid = |located| ConfigError::invalid(path, located);
        let raw: RawConfig = from_yaml(text, USER_FILE_WORDS).map_err(invalid)?;
        let theme = raw.theme.unwrap_or_default();
        let colours = theme
            .colours
            .into_iter()
            .map(|(rating, name)| Ok((rating, check_colour(&name)?)))
            .collect::<Result<_, Located>>()
            .map_err(invalid)?;
        let role = raw.role.map(check_role).transpose().map_err(invalid)?;
        let keys = check_keys(raw.keys).map_err(invalid)?;
        Ok(Self {
            path: Some(path.to_path_buf()),
            name: raw
                .name
                .map(|name| name.trim().to_string())
                .filter(|name| !name.is_empty()),
            role,
            monochrome: theme.monochrome,
            colours,
            mouse: raw.mouse,
            keys,
        })
    }

    /// Where the user file's values come from.
    fn source(&self) -> Source {
        self.path.clone().map_or(Source::BuiltIn, Source::User)
    }

    /// Shows the scale's ratings in this user's colours.
    pub fn recolour(&self, scale: &mut RatingScale) {
        for (rating, &colour) in &self.colours {
            scale.recolour(rating, colour);
        }
    }

    /// Whether the screen is in colour: `NO_COLOR` turns it off, else the theme's
    /// `monochrome`, else colour.
    pub fn colour(&self, env: Env) -> (bool, Source) {
        if env(NO_COLOR_ENV).is_some() {
            return (false, Source::Env(NO_COLOR_ENV));
        }
        match self.monochrome {
            Some(monochrome) => (!monochrome, self.source()),
            None => (true, Source::BuiltIn),
        }
    }

    /// Whether the dashboard takes the mouse: `--mouse`, else the user file's, else not.
    pub fn mouse(&self, flag: bool) -> (bool, Source) {
        match (flag, self.mouse) {
            (true, _) => (true, Source::Flag("--mouse")),
            (false, Some(mouse)) => (mouse, self.source()),
            (false, None) => (false, Source::BuiltIn),
        }
    }

    /// The name verdicts are tagged with: `--by`, else `$CLAIMDESK_NAME`, else the user
    /// file's `name`, else git's `user.name`, else `$USER`.
    pub fn name(
        &self,
        flag: Option<&str>,
        env: Env,
        git: impl FnOnce() -> Option<String>,
    ) -> Option<(String, Source)> {
        let usable = |name: String| Some(name.trim().to_string()).filter(|n| !n.is_empty());
        if let Some(name) = flag.map(str::to_string).and_then(usable) {
            return Some((name, Source::Flag("--by")));
        }
        if let Some(name) = env(NAME_ENV).and_then(usable) {
            return Some((name, Source::Env(NAME_ENV)));
        }
        if let Some(name) = self.name.clone() {
            return Some((name, self.source()));
        }
        if let Some(name) = git().and_then(usable) {
            return Some((name, Source::Git));
        }
        env("USER")
            .and_then(usable)
            .map(|name| (name, Source::Env("USER")))
    }
}

fn check_role(role: Spanned<String>) -> Result<Role, Located> {
    match role.value.as_str() {
        "checker" => Ok(Role::Checker),
        "editor" => Ok(Role::Editor),
        other => Err((
            role.referenced,
            format!("unknown role `{other}`: use `checker` or `editor`"),
        )),
    }
}

/// The `keys:` map: each action known, each key a key, no key taken from an action that
/// keeps it.
fn check_keys(keys: BTreeMap<String, Spanned<String>>) -> Result<Keymap, Located> {
    let mut places = Vec::new();
    let mut overrides = Vec::new();
    for (name, key) in keys {
        let action = Action::named(&name).ok_or_else(|| {
            (
                key.referenced,
                format!(
                    "unknown action `{name}` in keys: use one of {}",
                    Action::names()
                ),
            )
        })?;
        let spec = KeySpec::parse(key.value.trim()).ok_or_else(|| {
            (
                key.referenced,
                format!(
                    "`{}` (for {name}) is not a key: write one character (`A`), `Ctrl-` and a \
                     letter, `Space`, `Enter`, `Esc`, `Tab`, `Backspace`, `Del`, `Home`, `End`, \
                     `PgUp`, `PgDn`, an arrow (`Up`) or `F1` to `F12`",
                    key.value
                ),
            )
        })?;
        if let Some((other, _)) = overrides.iter().find(|(_, taken)| *taken == spec) {
            return Err((
                key.referenced,
                format!(
                    "key `{spec}` is bound twice in keys, to {} and {name}: give each action a \
                     key of its own",
                    Action::name(*other)
                ),
            ));
        }
        places.push(key.referenced);
        overrides.push((action, spec));
    }
    Keymap::new(overrides).map_err(|(at, message)| (places[at], message))
}

/// One line of `claimdesk config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub source: Source,
}

/// What `claimdesk config` is told on its command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags<'a> {
    pub by: Option<&'a str>,
    pub mouse: bool,
}

/// Every setting in effect, its value and where it came from. `desk` is the desk file found
/// and what it holds.
pub fn settings(
    flags: Flags,
    desk: Option<(&Path, &Desk)>,
    user: &UserConfig,
    env: Env,
    git: impl FnOnce() -> Option<String>,
) -> Vec<Setting> {
    let mut settings = Vec::new();
    let mut push = |key: &str, value: String, source: Source| {
        settings.push(Setting {
            key: key.to_string(),
            value,
            source,
        });
    };
    let (name, source) = user
        .name(flags.by, env, git)
        .unwrap_or_else(|| ("(nobody: tagging is refused)".to_string(), Source::BuiltIn));
    push("name", name, source);
    let (role, source) = user.role.map_or(
        ("(none: anyone may review)".to_string(), Source::BuiltIn),
        |role| (role.name().to_string(), user.source()),
    );
    push("role", role, source);
    let (mouse, source) = user.mouse(flags.mouse);
    push("mouse", on_off(mouse), source);
    let (colour, source) = user.colour(env);
    push("theme.monochrome", on_off(!colour), source);

    for (action, key) in user.keys.overrides() {
        let key_name = format!("keys.{}", action.name());
        push(&key_name, key.to_string(), user.source());
    }

    let defaults = Desk::default();
    let from_desk = |differs: bool| match desk {
        Some((path, _)) if differs => Source::Desk(path.to_path_buf()),
        _ => Source::BuiltIn,
    };
    let desk = desk.map_or(&defaults, |(_, desk)| desk);
    for rating in desk.scale.ratings() {
        let key = format!("theme.colours.{}", rating.id);
        if let Some(&colour) = user.colours.get(&rating.id) {
            push(&key, colour.name().to_string(), user.source());
            continue;
        }
        let value = rating.colour.map_or("(none)", Colour::name).to_string();
        let differs = defaults.scale.colour(&rating.id) != rating.colour;
        push(&key, value, from_desk(differs));
    }
    match env(ORGANISATION_ENV) {
        Some(name) => push("organisation", name, Source::Env(ORGANISATION_ENV)),
        None => push(
            "organisation",
            desk.organisation.clone().unwrap_or_else(|| "(none)".into()),
            from_desk(desk.organisation.is_some()),
        ),
    }
    push(
        "statuses",
        desk.statuses().join(", "),
        from_desk(desk.statuses() != defaults.statuses()),
    );
    push(
        "allow_self_approval",
        desk.allow_self_approval.to_string(),
        from_desk(desk.allow_self_approval != defaults.allow_self_approval),
    );
    settings
}

fn on_off(on: bool) -> String {
    (if on { "on" } else { "off" }).to_string()
}

/// The settings as `claimdesk config` prints them: key, value and source in columns, every
/// value (from files and the environment) made inert.
pub fn render(settings: &[Setting]) -> String {
    let rows: Vec<[String; 3]> = settings
        .iter()
        .map(|s| {
            [s.key.clone(), s.value.clone(), s.source.to_string()]
                .map(|text| inert(&text).into_owned())
        })
        .collect();
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].width())
            .max()
            .unwrap_or(0)
    };
    let (key_width, value_width) = (width(0), width(1));
    rows.iter()
        .map(|[key, value, source]| {
            let pad = |text: &str, to: usize| " ".repeat(to.saturating_sub(text.width()));
            format!(
                "{key}{}  {value}{}  {source}\n",
                pad(key, key_width),
                pad(value, value_width)
            )
        })
        .collect()
}

// The shape serde-saphyr fills in.

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    name: Option<String>,
    role: Option<Spanned<String>>,
    theme: Option<RawTheme>,
    mouse: Option<bool>,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    monochrome: Option<bool>,
    #[serde(default, alias = "colors")]
    colours: BTreeMap<String, Spanned<String>>,
}

#[cfg(test)]
mod tests;
