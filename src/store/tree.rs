//! A small located YAML tree built from granit-parser events.
//!
//! The tree tells *where* every node is (byte range, line, column), which the validator needs
//! for precise messages and the writer needs to edit exactly one block; a plain claim's typed
//! fields are read straight from it ([`from_node`]), and serde-saphyr reads the rest. Aliases are kept as leaves and never expanded, so an alias bomb costs
//! nothing here; but what each would expand to is counted, and a file whose aliases would
//! replay far more values than it holds is refused before serde-saphyr replays them.

use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle, Span, StructureStyle};

mod de;
mod straight;
pub use de::{Unfit, from_node};
pub use straight::Item;

/// Deeper nesting than this is not a claim file; refusing it keeps recursion bounded.
const MAX_DEPTH: usize = 128;

/// Values aliases may replay beyond the file's own: this many, or [`REPLAYS_PER_NODE`] per
/// value written in the file, whichever is more. A claim file that shares a source between
/// claims stays far below; an alias bomb, however much padding surrounds it, does not.
const MIN_REPLAYS: u64 = 100_000;
const REPLAYS_PER_NODE: u64 = 4;

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub kind: NodeKind<'a>,
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
    /// True when the node carries a tag (`!!str`, `!custom`), which may change how it reads.
    pub tagged: bool,
}

#[derive(Debug, Clone, PartialEq)]
/// Scalars borrow from the source text where YAML allows (plain scalars mostly), which keeps
/// parsing cheap enough to run before every write.
pub enum NodeKind<'a> {
    Scalar(Cow<'a, str>, ScalarStyle),
    Mapping(Vec<(Node<'a>, Node<'a>)>, StructureStyle),
    Sequence(Vec<Node<'a>>, StructureStyle),
    Alias,
}

/// A syntax error, or a limit the file goes past, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// True when the YAML is well-formed but goes past a limit (nesting, aliases): the
    /// message then says what to do itself.
    pub over_limit: bool,
}

impl<'a> Node<'a> {
    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.entry(key).map(|(_, value)| value)
    }

    /// The key and value nodes of `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&(Node<'a>, Node<'a>)> {
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

    /// True for YAML's null: a plain `~`, `null` (any case YAML allows) or nothing at all.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s, style) if is_null_scalar(s, *style))
    }

    pub fn entries(&self) -> &[(Node<'a>, Node<'a>)] {
        match &self.kind {
            NodeKind::Mapping(entries, _) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node<'a>] {
        match &self.kind {
            NodeKind::Sequence(items, _) => items,
            _ => &[],
        }
    }

    pub fn is_flow(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Mapping(_, StructureStyle::Flow)
                | NodeKind::Sequence(_, StructureStyle::Flow)
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

/// Scalars a claim's text may be that YAML 1.1 would read as something else, or that look
/// like null and are not (for the readers' tests).
#[cfg(test)]
const TEXT_NOT_NULL: &[&str] = &[
    "true",
    "123",
    "0x10",
    ".nan",
    "2023-06-15",
    "nULL",
    "'~'",
    "\"\"",
    "\"tab\\there\"",
];

/// The plain scalars YAML reads as null.
#[cfg(test)]
const NULL_FORMS: &[&str] = &["~", "null", "Null", "NULL", ""];

/// True for a scalar YAML reads as null: a plain `~`, `null` (any case YAML allows) or nothing.
fn is_null_scalar(text: &str, style: ScalarStyle) -> bool {
    style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Parses every document of `text` into located trees.
pub fn parse(text: &str) -> Result<Vec<Node<'_>>, SyntaxError> {
    let mut events = Events::new(text);
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

/// The items of the `claims:` list of a one-document file, located one at a time: a file of
/// a million claims never holds the located tree of more than one of them.
pub struct ClaimItems<'a> {
    events: Events<'a>,
    in_list: bool,
    /// Where the top-level mapping starts, and its entries other than the list.
    top: Option<Place>,
    others: Vec<(Node<'a>, Node<'a>)>,
    /// Room for the keys of an item read straight from its events (`straight`).
    keys: Vec<Cow<'a, str>>,
}

impl<'a> ClaimItems<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            events: Events::new(text),
            in_list: false,
            top: None,
            others: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The next item of the list, `None` after the last. An error when the file does not
    /// start with a plain mapping holding a `claims:` sequence (the whole-file reading
    /// explains).
    pub fn next_item(&mut self) -> Result<Option<Node<'a>>, SyntaxError> {
        self.enter_list()?;
        let (event, span) = self.events.next()?;
        if let Event::SequenceEnd = event {
            return Ok(None);
        }
        self.events.node(event, span, 2).map(Some)
    }

    /// Reads the rest of the file after the last item: the top-level mapping's other entries
    /// (those before the list too), as a mapping, once the file has been read to its end. An
    /// error when anything but the end of the mapping and of the file follows.
    pub fn finish(mut self) -> Result<Node<'a>, SyntaxError> {
        loop {
            let (key, span) = self.events.next()?;
            if let Event::MappingEnd = key {
                break;
            }
            self.read_entry(key, span)?;
        }
        for expected in ["document end", "stream end"] {
            match self.events.next()? {
                (Event::DocumentEnd, _) if expected == "document end" => {}
                (Event::StreamEnd, _) if expected == "stream end" => {}
                (other, span) => return Err(self.events.unexpected(&other, span)),
            }
        }
        let Some(top) = self.top else {
            unreachable!("`finish` follows `next_item`, which found the top-level mapping")
        };
        let end = self.others.last().map_or(0, |(_, value)| value.end);
        let others = NodeKind::Mapping(self.others, StructureStyle::Block);
        Ok(self.events.collection(others, &top, end, 0))
    }

    /// Reads up to the start of the `claims:` sequence the first time.
    fn enter_list(&mut self) -> Result<(), SyntaxError> {
        if !self.in_list {
            self.find_list()?;
            self.in_list = true;
        }
        Ok(())
    }

    /// Reads up to the start of the `claims:` sequence, keeping the entries before it.
    fn find_list(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.events.next()? {
                (Event::StreamStart | Event::DocumentStart(..), _) => {}
                // A plain mapping: no anchor, no tag.
                (Event::MappingStart(_, 0, None), span) => {
                    self.top = Some(span);
                    break;
                }
                (other, span) => return Err(self.events.unexpected(&other, span)),
            }
        }
        loop {
            let (key, span) = self.events.next()?;
            if matches!(&key, Event::Scalar(name, ..) if name == "claims") {
                return match self.events.next()? {
                    (Event::SequenceStart(..), _) => Ok(()),
                    (other, span) => Err(self.events.unexpected(&other, span)),
                };
            }
            if let Event::MappingEnd = key {
                return Err(self.events.unexpected(&key, span));
            }
            self.read_entry(key, span)?;
        }
    }

    fn read_entry(&mut self, key: Event<'a>, span: Place) -> Result<(), SyntaxError> {
        let key = self.events.node(key, span, 1)?;
        let (value, span) = self.events.next()?;
        let value = self.events.node(value, span, 1)?;
        self.others.push((key, value));
        Ok(())
    }
}

/// What the tree keeps of an event's span: a granit `Span` is 144 bytes, and the tree moves
/// one with every event it reads.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// Byte offsets of the first character and (when known) just past the last.
    start: usize,
    end: Option<usize>,
    /// 1-based line and column of `start`.
    line: usize,
    col: usize,
}

impl Place {
    fn of(span: &Span) -> Self {
        Self {
            start: span.start.byte_offset().unwrap_or(0),
            end: span.end.byte_offset(),
            line: span.start.line(),
            col: span.start.col() + 1,
        }
    }
}

struct Events<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    text: &'a str,
    /// Values written in the file so far, and values its aliases would replay.
    nodes: u64,
    replays: u64,
    /// Values each anchor stands for, its own aliases expanded.
    anchor_sizes: HashMap<usize, u64>,
}

impl<'a> Events<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            parser: Parser::new_from_str(text),
            text,
            nodes: 0,
            replays: 0,
            anchor_sizes: HashMap::new(),
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, Place), SyntaxError> {
        match self.parser.next() {
            Some(Ok((event, span))) => Ok((event, Place::of(&span))),
            Some(Err(e)) => Err(SyntaxError {
                line: e.marker().line(),
                col: e.marker().col() + 1,
                message: e.info(),
                over_limit: false,
            }),
            None => Err(SyntaxError {
                line: 1,
                col: 1,
                message: "unexpected end of YAML stream".into(),
                over_limit: false,
            }),
        }
    }

    fn unexpected(&self, event: &Event<'_>, span: Place) -> SyntaxError {
        SyntaxError {
            line: span.line,
            col: span.col,
            message: format!("unexpected YAML event {event:?}"),
            over_limit: false,
        }
    }

    fn over_limit(span: &Place, message: String) -> SyntaxError {
        SyntaxError {
            line: span.line,
            col: span.col,
            message,
            over_limit: true,
        }
    }

    /// Counts what the alias to `anchor` would replay; refuses once aliases would replay
    /// more than the file's size allows.
    fn replay(&mut self, anchor: usize, span: &Place) -> Result<(), SyntaxError> {
        let size = self.anchor_sizes.get(&anchor).copied().unwrap_or(1);
        self.replays = self.replays.saturating_add(size);
        // Counted in the totals too, so an anchor holding this alias stands for its expansion.
        self.nodes = self.nodes.saturating_add(size);
        let allowed = MIN_REPLAYS.max(REPLAYS_PER_NODE.saturating_mul(self.nodes - self.replays));
        if self.replays > allowed {
            return Err(Self::over_limit(
                span,
                format!(
                    "aliases (`*name`) up to here would repeat {} values, more than the \
                     {allowed} allowed for the {} values written before them; write the \
                     repeated parts out, or split the file",
                    self.replays,
                    self.nodes - self.replays
                ),
            ));
        }
        Ok(())
    }

    fn leaf(&self, kind: NodeKind<'a>, span: &Place, anchored: bool) -> Node<'a> {
        let start = span.start;
        let raw_end = span.end.unwrap_or(start).min(self.text.len());
        let end = match &kind {
            NodeKind::Scalar(value, ScalarStyle::Literal | ScalarStyle::Folded) => {
                block_scalar_end(self.text, start, raw_end, value.ends_with("\n\n"))
            }
            _ => start + self.text[start..raw_end.max(start)].trim_end().len(),
        };
        Node {
            kind,
            start,
            end,
            line: span.line,
            col: span.col,
            anchored,
            tagged: false,
        }
    }

    fn node(
        &mut self,
        event: Event<'a>,
        span: Place,
        depth: usize,
    ) -> Result<Node<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(Self::over_limit(
                &span,
                format!(
                    "values nested deeper than {MAX_DEPTH} levels (a claim needs about 5); \
                     this is not a claim file: flatten it or rename it away from .yaml"
                ),
            ));
        }
        let before = self.nodes;
        let node = self.node_counted(event, span, depth)?;
        if let Some(anchor) = node.1 {
            self.anchor_sizes.insert(anchor, self.nodes - before);
        }
        Ok(node.0)
    }

    /// The node of `event`, counted, and the anchor it defines (0 is granit's "none").
    fn node_counted(
        &mut self,
        event: Event<'a>,
        span: Place,
        depth: usize,
    ) -> Result<(Node<'a>, Option<usize>), SyntaxError> {
        let anchor_of = |id: usize| (id != 0).then_some(id);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                self.nodes += 1;
                let mut node = self.leaf(NodeKind::Scalar(value, style), &span, anchor != 0);
                node.tagged = tag.is_some();
                Ok((node, anchor_of(anchor)))
            }
            Event::Alias(anchor) => {
                self.replay(anchor, &span)?;
                Ok((self.leaf(NodeKind::Alias, &span, false), None))
            }
            Event::UnresolvedAlias(_) => Ok((self.leaf(NodeKind::Alias, &span, false), None)),
            Event::SequenceStart(style, anchor, tag) => {
                self.nodes += 1;
                let mut items = Vec::new();
                loop {
                    let (event, item_span) = self.next()?;
                    if let Event::SequenceEnd = event {
                        let end = self.collection_end(style, &item_span, items.last());
                        let mut node =
                            self.collection(NodeKind::Sequence(items, style), &span, end, anchor);
                        node.tagged = tag.is_some();
                        return Ok((node, anchor_of(anchor)));
                    }
                    items.push(self.node(event, item_span, depth + 1)?);
                }
            }
            Event::MappingStart(style, anchor, tag) => {
                self.nodes += 1;
                // A claim (an item of the top-level list) has about eight keys: room for
                // them at once, rather than growing from four to eight to sixteen.
                let room = if depth == 2 { 8 } else { 0 };
                let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::with_capacity(room);
                loop {
                    let (event, key_span) = self.next()?;
                    if let Event::MappingEnd = event {
                        let end = self.collection_end(
                            style,
                            &key_span,
                            entries.last().map(|(_, value)| value),
                        );
                        let mut node =
                            self.collection(NodeKind::Mapping(entries, style), &span, end, anchor);
                        node.tagged = tag.is_some();
                        return Ok((node, anchor_of(anchor)));
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

    fn collection_end(
        &self,
        style: StructureStyle,
        end_span: &Place,
        last: Option<&Node<'a>>,
    ) -> usize {
        match style {
            StructureStyle::Flow => end_span.end.unwrap_or(0),
            StructureStyle::Block => last.map_or(end_span.start, |node| node.end),
        }
    }

    fn collection(&self, kind: NodeKind<'a>, span: &Place, end: usize, anchor: usize) -> Node<'a> {
        let start = span.start;
        Node {
            kind,
            start,
            end: end.max(start),
            line: span.line,
            col: span.col,
            anchored: anchor != 0,
            tagged: false,
        }
    }
}

/// Where the block scalar whose content starts at `start` ends: at the end of its last content
/// line. Its span runs on over the blank lines that follow it, which are content only when the
/// scalar keeps them (`|+`, `>+`); a line of spaces deeper than its indentation is content
/// either way. Text inserted after the node must not land inside the scalar, and text removed
/// up to it must not leave part of it behind.
fn block_scalar_end(text: &str, start: usize, raw_end: usize, keeps_blank_lines: bool) -> usize {
    // granit-parser starts a block scalar at its content, after the indentation.
    let indent = start - text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut end = start;
    let mut at = start;
    for line in text[start..raw_end.max(start)].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let complete = content.len() < line.len();
        if at == start || content.len() > indent || keeps_blank_lines && complete {
            end = at + content.len();
        }
        at += line.len();
    }
    end
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
        // granit-parser starts a block scalar at its content, after the `|` line.
        assert_eq!(&text[note.start..note.end], "one");
        let tags = claim.get("tags").unwrap();
        assert!(tags.is_flow());
        assert_eq!(&text[tags.start..tags.end], "[x, y]");
        assert_eq!(claim.end, tags.end);
    }

    #[test]
    fn block_scalars_end_at_their_last_line_of_text() {
        let end_of = |text: &str| {
            let docs = parse(text).unwrap();
            let value = docs[0].get("a").unwrap();
            text[value.start..value.end].to_string()
        };
        // Blank lines after a clipped or stripped scalar are not its text.
        assert_eq!(end_of("a: |\n  x\n\n\nb: 1\n"), "x");
        assert_eq!(end_of("a: >-\n  x\n  y\n  \nb: 1\n"), "x\n  y");
        // A kept scalar's are, and so is a line of spaces deeper than the scalar's indentation.
        assert_eq!(end_of("a: |+\n  x\n\n\nb: 1\n"), "x\n\n");
        assert_eq!(end_of("a: |+\r\n  x\r\n\r\nb: 1\r\n"), "x\r\n");
        assert_eq!(end_of("a: |-\n  x\n   \nb: 1\n"), "x\n   ");
        assert_eq!(end_of("a: |\n    x\n\n  \n"), "x");
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
