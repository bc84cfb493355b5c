//! Who is tagging: recorded as the verdict's `by`.

use std::process::Command;

use crate::config::{UserConfig, process_env};

/// `explicit` (from `--by`), else `$CLAIMDESK_NAME`, else the user file's `name`, else git's
/// `user.name`, else `$USER` (see [`UserConfig::name`]).
pub fn reviewer(explicit: Option<&str>, config: &UserConfig) -> Option<String> {
    config
        .name(explicit, &process_env, git_user_name)
        .map(|(name, _)| name)
}

/// git's `user.name`, when it is set.
pub fn git_user_name() -> Option<String> {
    let output = Command::new("git")
        .args(["config", "user.name"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_name_wins_and_is_trimmed() {
        assert_eq!(
            reviewer(Some(" asha "), &UserConfig::default()).as_deref(),
            Some("asha")
        );
    }
}
