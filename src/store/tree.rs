//! A small located YAML tree built from granit-parser events.
//!
//! serde-saphyr gives us typed values; this tree tells us *where* every node is (byte range,
//! line, column), which the validator needs for precise messages and the writer needs to edit
//! exactly one block. Aliases are kept as leaves and never expanded, so an alias bomb costs
//! nothing here.

use granit_parser::{Event, Parser, ScalarStyle, Span, StructureStyle};

/// Deeper nesting than this is not a claim file; refusing it keeps recursion bounded.
const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// Byte offset of the node's first character.
    pub start: usize,
    /// Byte offset just past the node's last content character (trailing blank lines of block
    /// scalars are not content).
    pub end: usize,
    /// 1-based line and column of `start`.
    pub line: usize,
    pub col: usize,
    /// True when the node defines an anchor (`&name`): other nodes may share it.
    pub anchored: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(String, ScalarStyle),
    Mapping(Vec<(Node, Node)>, StructureStyle),
    Sequence(Vec<Node>, StructureStyle),
    Alias,
}

/// A syntax error with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Node {
    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, value)| value)
    }

    /// The key and value nodes of `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&(Node, Node)> {
        match &self.kind {
            NodeKind::Mapping(entries, _) => entries.iter().find(|(k, _)| k.as_str() == Some(key)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Mapping(entries, _) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Sequence(items, _) => items,
            _ => &[],
        }
    }

    pub fn is_flow(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Mapping(_, StructureStyle::Flow) | NodeKind::Sequence(_, StructureStyle::Flow)
        )
    }

    /// True when this node or anything inside it defines an anchor or is an alias.
    pub fn shares_nodes(&self) -> bool {
        self.anchored
            || match &self.kind {
                NodeKind::Alias => true,
                NodeKind::Scalar(..) => false,
                NodeKind::Mapping(entries, _) => entries
                    .iter()
                    .any(|(k, v)| k.shares_nodes() || v.shares_nodes()),
                NodeKind::Sequence(items, _) => items.iter().any(Node::shares_nodes),
            }
    }
}

/// Parses every document of `text` into located trees.
pub fn parse(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        text,
    };
    let mut documents = Vec::new();
    loop {
        let (event, span) = events.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::DocumentStart(..) => {
                let (first, span) = events.next()?;
                documents.push(events.node(first, span, 0)?);
            }
            Event::StreamEnd => return Ok(documents),
            other => return Err(events.unexpected(&other, span)),
        }
    }
}

struct Events<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    text: &'a str,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), SyntaxError> {
        match self.parser.next() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(e)) => Err(SyntaxError {
                line: e.marker().line(),
                col: e.marker().col() + 1,
                message: e.info(),
            }),
            None => Err(SyntaxError {
                line: 1,
                col: 1,
                message: "unexpected end of YAML stream".into(),
            }),
        }
    }

    fn offset(&self, span: &Span) -> usize {
        span.start.byte_offset().unwrap_or(0)
    }

    fn unexpected(&self, event: &Event<'_>, span: Span) -> SyntaxError {
        SyntaxError {
            line: span.start.line(),
            col: span.start.col() + 1,
            message: format!("unexpected YAML event {event:?}"),
        }
    }

    fn leaf(&self, kind: NodeKind, span: &Span, anchored: bool) -> Node {
        let start = self.offset(span);
        let raw_end = span.end.byte_offset().unwrap_or(start).min(self.text.len());
        // Block scalars' spans run on over the blank lines that follow them.
        let end = start + self.text[start..raw_end.max(start)].trim_end().len();
        Node {
            kind,
            start,
            end,
            line: span.start.line(),
            col: span.start.col() + 1,
            anchored,
        }
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError {
                line: span.start.line(),
                col: span.start.col() + 1,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        match event {
            Event::Scalar(value, style, anchor, _) => Ok(self.leaf(
                NodeKind::Scalar(value.into_owned(), style),
                &span,
                anchor != 0,
            )),
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                Ok(self.leaf(NodeKind::Alias, &span, false))
            }
            Event::SequenceStart(style, anchor, _) => {
                let mut items = Vec::new();
                loop {
                    let (event, item_span) = self.next()?;
                    if let Event::SequenceEnd = event {
                        let end = self.collection_end(style, &item_span, items.last());
                        return Ok(self.collection(
                            NodeKind::Sequence(items, style),
                            &span,
                            end,
                            anchor,
                        ));
                    }
                    items.push(self.node(event, item_span, depth + 1)?);
                }
            }
            Event::MappingStart(style, anchor, _) => {
                let mut entries: Vec<(Node, Node)> = Vec::new();
                loop {
                    let (event, key_span) = self.next()?;
                    if let Event::MappingEnd = event {
                        let end = self.collection_end(
                            style,
                            &key_span,
                            entries.last().map(|(_, value)| value),
                        );
                        return Ok(self.collection(
                            NodeKind::Mapping(entries, style),
                            &span,
                            end,
                            anchor,
                        ));
                    }
                    let key = self.node(event, key_span, depth + 1)?;
                    let (event, value_span) = self.next()?;
                    let value = self.node(event, value_span, depth + 1)?;
                    entries.push((key, value));
                }
            }
            other => Err(self.unexpected(&other, span)),
        }
    }

    fn collection_end(&self, style: StructureStyle, end_span: &Span, last: Option<&Node>) -> usize {
        match style {
            StructureStyle::Flow => end_span.end.byte_offset().unwrap_or(0),
            StructureStyle::Block => last.map_or(self.offset(end_span), |node| node.end),
        }
    }

    fn collection(&self, kind: NodeKind, span: &Span, end: usize, anchor: usize) -> Node {
        let start = self.offset(span);
        Node {
            kind,
            start,
            end: end.max(start),
            line: span.start.line(),
            col: span.start.col() + 1,
            anchored: anchor != 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_values_and_block_ends() {
        let text = "claims:\n  - id: a  # c\n    note: |\n      one\n\n    tags: [x, y]\n# end\n";
        let docs = parse(text).unwrap();
        let claim = &docs[0].get("claims").unwrap().items()[0];
        let (key, id) = claim.entry("id").unwrap();
        assert_eq!((key.line, key.col), (2, 5));
        assert_eq!(id.as_str(), Some("a"));
        let note = claim.get("note").unwrap();
        assert_eq!(&text[note.start..note.end], "|\n      one");
        let tags = claim.get("tags").unwrap();
        assert!(tags.is_flow());
        assert_eq!(&text[tags.start..tags.end], "[x, y]");
        assert_eq!(claim.end, tags.end);
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = parse("claims:\n  - id: a\n    x: [1\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("unclosed bracket"), "{}", err.message);
    }

    #[test]
    fn aliases_are_leaves_and_anchors_are_flagged() {
        let docs = parse("a: &v {r: 1}\nb: *v\n").unwrap();
        assert!(docs[0].get("a").unwrap().anchored);
        assert_eq!(docs[0].get("b").unwrap().kind, NodeKind::Alias);
    }

    #[test]
    fn parses_every_document() {
        let docs = parse("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].get("b").and_then(Node::as_str), Some("2"));
    }
}
