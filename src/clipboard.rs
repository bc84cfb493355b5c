//! The clipboard, through the terminal: OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`). The sequence goes
//! to the terminal the dashboard draws in, so the text lands on the clipboard of the machine
//! in front of the user, over ssh too, and through tmux when its `set-clipboard` option is
//! `on`. Nothing comes back: a terminal that does not take OSC 52 ignores it, unseen.

use crate::inert::inert_multiline;

/// Bytes of text copied at most. Terminals cap what they take (xterm and tmux at about 100 KB
/// of base64 by default, others at a few MB), and a claim's field is rarely a tenth of this.
pub const LIMIT: usize = 100 * 1024;

/// How much of the text an OSC 52 sequence carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    Whole,
    /// The first [`LIMIT`] bytes (to a character) of `total`.
    Cut {
        total: usize,
    },
}

/// The sequence that puts `text` on the clipboard, and how much of it that is.
///
/// The text is made inert first (line breaks and tabs kept): the sequence itself cannot act
/// on the terminal whatever it holds, as base64, but text from a file pasted into a terminal
/// later could, with an escape sequence inside that ends a bracketed paste early.
pub fn osc52(text: &str) -> (String, Carried) {
    let text = inert_multiline(text);
    let (copied, carried) = if text.len() > LIMIT {
        let mut end = LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let total = text.len();
        (&text[..end], Carried::Cut { total })
    } else {
        (text.as_ref(), Carried::Whole)
    };
    (
        format!("\x1b]52;c;{}\x07", base64(copied.as_bytes())),
        carried,
    )
}

/// Standard base64 with padding (RFC 4648), which OSC 52 takes.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0_u32, |group, (i, &byte)| {
            group | u32::from(byte) << (16 - 8 * i)
        });
        // A chunk of n bytes fills n + 1 sextets; `=` pads the group to four.
        for sextet in 0..4 {
            if sextet <= chunk.len() {
                let index = (group >> (18 - 6 * sextet)) & 0x3f;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_test_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (text, encoded) in vectors {
            assert_eq!(base64(text.as_bytes()), encoded, "{text:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x3e]), "//4+");
    }

    #[test]
    fn the_sequence_carries_the_text_as_utf8_base64() {
        let (sequence, carried) = osc52("कोविन");
        assert_eq!(sequence, "\x1b]52;c;4KSV4KWL4KS14KS/4KSo\x07");
        assert_eq!(carried, Carried::Whole);
    }

    #[test]
    fn escapes_in_the_text_are_copied_as_visible_text() {
        let (sequence, _) = osc52("a\x1b[201~b\nc");
        // `a\u{1b}[201~b` and a line break, then `c`.
        assert_eq!(sequence, "\x1b]52;c;YVx1ezFifVsyMDF+Ygpj\x07");
    }

    #[test]
    fn long_text_is_cut_at_the_limit_on_a_character_boundary() {
        // Three bytes a character, so the limit falls inside one.
        let text = "क".repeat(LIMIT);
        let (sequence, carried) = osc52(&text);
        assert_eq!(carried, Carried::Cut { total: 3 * LIMIT });
        let payload = sequence.len() - "\x1b]52;c;\x07".len();
        let copied = LIMIT / 3 * 3;
        assert_eq!(payload, copied.div_ceil(3) * 4);
    }
}
