//! Writing YAML scalars so that every YAML reader gets back exactly the string we meant.

/// Words that YAML 1.1 or 1.2 readers turn into booleans or null when left plain.
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// True when `value` can be written as a plain scalar in block *and* flow context and still
/// read back as that same string (never a bool, null, number or date).
fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    first.is_alphabetic()
        && !value.ends_with(char::is_whitespace)
        && !value.ends_with(':')
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains(['\n', '\r', '\t', ',', '[', ']', '{', '}'])
        && !value.chars().any(char::is_control)
        && !RESERVED.contains(&value.to_ascii_lowercase().as_str())
}

/// A double-quoted scalar: safe for any string, in any context.
pub fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A one-line scalar: plain when that is unambiguous, double-quoted otherwise.
pub fn inline(value: &str) -> String {
    if is_plain_safe(value) {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

/// A scalar as the value of a block-mapping key whose children sit at `child_indent` columns.
/// Multi-line text becomes a literal block scalar (readable in `git diff`); text a block
/// scalar cannot carry exactly (leading spaces, control characters, or several trailing line
/// breaks: `|+` would also keep any blank lines that follow it in the file) is double-quoted.
pub fn block_value(value: &str, child_indent: usize, eol: &str) -> String {
    let block_safe = value.contains('\n')
        && !value.ends_with("\n\n")
        && !value.starts_with([' ', '\n'])
        && !value.contains('\r')
        && !value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        && !value.lines().any(|l| l.starts_with('\t'));
    if !block_safe {
        return inline(value);
    }
    let body = value.trim_end_matches('\n');
    let chomping = if body.len() == value.len() { "-" } else { "" };
    let indent = " ".repeat(child_indent + 2);
    let mut out = format!("|{chomping}");
    for line in body.split('\n') {
        out.push_str(eol);
        if !line.is_empty() {
            out.push_str(&indent);
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_would_read_as_something_else() {
        for value in [
            "false",
            "True",
            "yes",
            "No",
            "null",
            "~",
            "42",
            "3.14",
            "2023-06-15",
            "a: b",
            "a #b",
            "-x",
            "'q",
            "\"q",
            "",
            " lead",
            "trail ",
            "[x]",
            "a,b",
            "key:",
        ] {
            assert!(inline(value).starts_with('"'), "{value} should be quoted");
        }
        for value in ["mostly-true", "asha", "Asha K.", "déjà vu", "मंत्री"] {
            assert_eq!(inline(value), value);
        }
    }

    #[test]
    fn escapes_inside_double_quotes() {
        assert_eq!(double_quoted("a\"b\\c\nd\u{7}"), r#""a\"b\\c\nd\u0007""#);
    }

    #[test]
    fn multi_line_text_becomes_a_literal_block_with_exact_chomping() {
        assert_eq!(block_value("one\ntwo", 2, "\n"), "|-\n    one\n    two");
        assert_eq!(
            block_value("one\n\ntwo\n", 0, "\r\n"),
            "|\r\n  one\r\n\r\n  two"
        );
        assert_eq!(block_value("one\ntwo\n\n", 0, "\n"), "\"one\\ntwo\\n\\n\"");
        assert_eq!(block_value(" indented\nx", 0, "\n"), "\" indented\\nx\"");
    }
}
