//! Who is tagging: recorded as the verdict's `by`.

use std::process::Command;

/// `explicit` (from `--by`), else git's `user.name`, else `$USER`.
pub fn reviewer(explicit: Option<&str>) -> Option<String> {
    explicit
        .map(str::to_string)
        .or_else(git_user_name)
        .or_else(|| std::env::var("USER").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
}

fn git_user_name() -> Option<String> {
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
        assert_eq!(reviewer(Some(" asha ")).as_deref(), Some("asha"));
    }
}
