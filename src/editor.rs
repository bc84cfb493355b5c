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

/// How an editor is told the line to open a file at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineArgument {
    /// `+LINE FILE`: vi, vim, nvim, emacs, nano, helix, kakoune, micro and most terminal
    /// editors, so the default for any editor not named below.
    PlusLine,
    /// `FILE:LINE`: Sublime Text and Zed.
    FileColonLine,
    /// `--goto FILE:LINE`: VS Code and its builds.
    GotoFileColonLine,
    /// `-l LINE FILE`: TextMate.
    LineOption,
}

impl LineArgument {
    /// How the editor run as `program` (a name or a path) takes a line.
    fn of(program: &str) -> Self {
        let name = Path::new(program)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match name.as_str() {
            "subl" | "sublime_text" | "zed" | "zeditor" => Self::FileColonLine,
            "code" | "codium" | "code-insiders" => Self::GotoFileColonLine,
            "mate" => Self::LineOption,
            _ => Self::PlusLine,
        }
    }
}

/// The command that opens `path` at `line` in `editor` (a program and its arguments), each
/// argument whole: a file name with spaces stays one argument.
pub fn command_for(editor: &[String], path: &Path, line: usize) -> Option<Command> {
    let (program, args) = editor.split_first()?;
    let mut command = Command::new(program);
    command.args(args);
    let file_colon_line = || format!("{}:{line}", path.display());
    match LineArgument::of(program) {
        LineArgument::PlusLine => command.arg(format!("+{line}")).arg(path),
        LineArgument::FileColonLine => command.arg(file_colon_line()),
        LineArgument::GotoFileColonLine => command.arg("--goto").arg(file_colon_line()),
        LineArgument::LineOption => command.arg("-l").arg(line.to_string()).arg(path),
    };
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

    #[test]
    fn sublime_and_zed_take_file_colon_line_and_textmate_a_line_option() {
        assert_eq!(args_of("subl -w"), ["subl", "-w", "claims/a b.yaml:53"]);
        assert_eq!(
            args_of("/usr/bin/zeditor --wait"),
            ["/usr/bin/zeditor", "--wait", "claims/a b.yaml:53"]
        );
        assert_eq!(
            args_of("mate -w"),
            ["mate", "-w", "-l", "53", "claims/a b.yaml"]
        );
    }
}
