//! The user's editor, opened at a line of a claim file: `$VISUAL`, then `$EDITOR`, then `vi`.
//! The command is run directly, never through a shell, so a file name is only ever a file
//! name.

use std::path::Path;
use std::process::Command;

/// The editor command the user chose, split into the program and its own arguments.
fn configured() -> Vec<String> {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(std::env::var_os)
        .map(|value| value.to_string_lossy().into_owned())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// The command that opens `path` at `line` in `editor` (a program and its arguments): VS Code
/// and its kin take `--goto FILE:LINE`, the rest (vi, vim, nvim, emacs, nano, helix, kakoune,
/// micro) take `+LINE FILE`.
pub fn command_for(editor: &[String], path: &Path, line: usize) -> Option<Command> {
    let (program, args) = editor.split_first()?;
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut command = Command::new(program);
    command.args(args);
    if matches!(name.as_str(), "code" | "codium" | "code-insiders") {
        command
            .arg("--goto")
            .arg(format!("{}:{line}", path.display()));
    } else {
        command.arg(format!("+{line}")).arg(path);
    }
    Some(command)
}

/// Runs the user's editor on `path` at `line` and waits for it; `Err` says why it failed.
pub fn edit_at(path: &Path, line: usize) -> Result<(), String> {
    let editor = configured();
    let mut command = command_for(&editor, path, line).ok_or("no editor configured")?;
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!(
            "the editor `{}` exited with {status}",
            editor.join(" ")
        )),
        Err(e) => Err(format!(
            "cannot run the editor `{}` ({e}); set $VISUAL or $EDITOR",
            editor.join(" ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args_of(editor: &str) -> Vec<String> {
        let editor: Vec<String> = editor.split_whitespace().map(String::from).collect();
        let command = command_for(&editor, Path::new("claims/a b.yaml"), 53).unwrap();
        std::iter::once(command.get_program())
            .chain(command.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn terminal_editors_take_plus_line_then_the_file_as_one_argument() {
        assert_eq!(args_of("vim"), ["vim", "+53", "claims/a b.yaml"]);
        assert_eq!(
            args_of("/usr/bin/nano -w"),
            ["/usr/bin/nano", "-w", "+53", "claims/a b.yaml"]
        );
    }

    #[test]
    fn vs_code_takes_goto_file_colon_line() {
        assert_eq!(
            args_of("code --wait"),
            ["code", "--wait", "--goto", "claims/a b.yaml:53"]
        );
    }
}
