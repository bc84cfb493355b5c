//! Urls from claim files that may leave the dashboard: only `http` and `https`. A url in a file
//! is data like any other field, and `javascript:`, `file:` or a custom scheme handed to the
//! desktop's opener can run something; so the browser gets a [`WebUrl`] or nothing.

use std::fmt;

/// A url that starts with `http://` or `https://` (in any case), names something after that,
/// and holds no whitespace and nothing that acts on a terminal ([`crate::inert::is_hazard`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// `text` (as in the file, blanks around it ignored) when it is a web url.
    pub fn parse(text: &str) -> Option<Self> {
        let url = text.trim();
        let rest = ["http://", "https://"].into_iter().find_map(|scheme| {
            let head = url.get(..scheme.len())?;
            head.eq_ignore_ascii_case(scheme)
                .then(|| &url[scheme.len()..])
        })?;
        let clean = !url
            .chars()
            .any(|c| c.is_whitespace() || crate::inert::is_hazard(c));
        (clean && !rest.is_empty() && !rest.starts_with('/')).then(|| Self(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_urls_are_web_urls() {
        for url in [
            "https://example.org/a?b=c&d=e#f",
            "http://example.org",
            "HTTPS://EXAMPLE.ORG/",
            "https://hi.wikipedia.org/wiki/कोविन",
        ] {
            assert_eq!(WebUrl::parse(url).map(|u| u.0), Some(url.to_string()));
        }
        assert_eq!(
            WebUrl::parse("  https://example.org \n")
                .map(|u| u.0)
                .as_deref(),
            Some("https://example.org")
        );
    }

    #[test]
    fn other_schemes_and_broken_urls_are_not() {
        for text in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org",
            "vscode://file/x",
            "example.org",
            "https://",
            "https:///etc/passwd",
            "http:example.org",
            "https://example.org/a b",
            "https://example.org/\x1b]0;x\x07",
            "https://example.org/\u{202e}gpj.exe",
            "ｈttps://example.org",
        ] {
            assert_eq!(WebUrl::parse(text), None, "{text:?}");
        }
    }
}
