//! Slips: places where YAML reads something other than what the clerk typed,
//! or fails with an error that points at the wrong line.
//!
//! Clerks type Japanese prose with an IME, and YAML gives meaning to
//! characters prose uses: `#` starts a comment, `[`, `*`, `&`, `!`, `>`, `|`,
//! `"` … open other kinds of node, and an IME gives `：` and U+3000 where YAML
//! needs `:` and spaces. Each rule below names one such slip; what it does not
//! flag is what the annotated example file and the real dataset do on purpose.
//!
//! - `CommentInValue`: a plain value followed by `#` after exactly one blank
//!   (`出前講座 #2 の開催`). Two or more blanks are the deliberate trailing
//!   comment style of the annotated example (`content: 内容        # 内容`);
//!   a comment after a quoted or bracketed value loses no text and is fine.
//! - `ValueEmptiedByComment`: `key:` (or `-`) followed on its line only by a
//!   comment, whatever the blanks, when no nested block or continuation follows:
//!   the value is null and everything typed after `#` is gone.
//! - `Indicator`: a value that starts with `*` `&` `!` `%` `@` `` ` ``, with `?`
//!   and a blank, or with `>`/`|` and text (a block scalar header must end its
//!   line). The dataset uses no aliases, anchors, tags or complex keys.
//!   `[`/`{` only when text follows the closing bracket, when the value of a
//!   text key is a flow collection (`challenges: [重要]` is silently a list), or
//!   when an item directly under `list:` is one: elsewhere (`owners: [甲, 乙]`,
//!   table rows, `{ from: 28, to: 32 }`) flow collections are meant.
//! - `TextAfterQuote`: text after the closing quote of a quoted value.
//! - `FullWidthColon`, `NoSpaceAfterColon`: at the start of a line (after the
//!   indentation and any `- `), a lowercase `snake_case` word followed by `：`, or
//!   by `:` and neither a blank, `/` nor `:` (URLs and `10:30` stay prose).
//!   Only dataset keys look like that: prose such as `R1：10件` does not. A
//!   Japanese sheet label followed by `：` (`評価：B`) is flagged only where a
//!   sibling key would stand, never as a list item, where `課題：…` is prose.
//! - `FullWidthIndent`, `TabIndent`: U+3000 or a tab in a line's indentation.
//!   Inside a block scalar, only within the body's own indentation: past it
//!   they are text (a paragraph may start with U+3000).
//!
//! Block scalar bodies, the inside of multi-line quoted scalars and of flow
//! collections, and comments are never searched for slips. The scan is line by
//! line and keeps its own model of the indentation, so it goes on past the
//! first syntax error and reports every slip, at most one per line (the
//! leftmost), in file order.
//!
//! Each slip's path comes from yaml-rust2's event stream, by the location
//! index's convention (`data::locate`), when the parser reaches the value.
//! Past a syntax error it comes from the indentation model, where U+3000
//! counts two columns and a tab moves to the next multiple of eight, as the
//! clerk saw them. Key and indentation slips always take the model's path:
//! the key the clerk meant, not what YAML made of the line. Time and memory
//! are linear in the text.

use std::fmt::Write as _;

use yaml_rust2::parser::{Event, Parser};

/// One place where the YAML reads something other than what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters, of the character the kind names.
    pub column: usize,
    /// The serde_yaml-style path of the value concerned
    /// (`goals[0].years[2].challenges`), when it can be known.
    pub path: Option<String>,
    pub kind: SlipKind,
}

/// What the slip is; each variant says where [`Slip::column`] points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlipKind {
    /// At the `#` that cut a plain value short.
    CommentInValue,
    /// At the `#` after a `key:` or `-` whose value is therefore null.
    ValueEmptiedByComment,
    /// At the indicator a value starts with (or the `[`/`{` it opens).
    Indicator(char),
    /// At the first character after the closing quote (the quote is given).
    TextAfterQuote(char),
    /// At the `：` after a key.
    FullWidthColon,
    /// At the `:` directly followed by the value.
    NoSpaceAfterColon,
    /// At the first U+3000 of the indentation.
    FullWidthIndent,
    /// At the tab in the indentation.
    TabIndent,
}

/// What the rules need to know about the dataset's keys.
pub struct Keys<'a> {
    /// Whether the value at a path (`goals[0].years[2].challenges`) holds
    /// prose: a flow collection there is a slip, not a list. A path, not a
    /// key: the same key may be prose in one place and a mapping in
    /// another (a goal's `target`, an indicator's `target`).
    pub is_text: &'a dyn Fn(&str) -> bool,
    /// The key whose Japanese sheet label this is (`評価` → `evaluation`), so
    /// that `評価：B` typed in place of a key is caught and named.
    pub for_label: &'a dyn Fn(&str) -> Option<&'a str>,
}

/// Every slip in `text` (a whole file, a byte-order mark allowed), in file
/// order, at most one per line.
#[must_use]
pub fn find_slips(text: &str, keys: &Keys<'_>) -> Vec<Slip> {
    // Editors hide a byte-order mark, so line 1's columns must not count it
    // (and yaml-rust2 would read it into the first key).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut scan = Scan::new(keys);
    for (index, line) in lines(text).enumerate() {
        scan.line(index + 1, line);
    }
    let mut found = scan.finish();

    let mut anchors: Vec<Anchor> = found.iter().filter_map(|f| f.anchor).collect();
    anchors.sort_unstable();
    anchors.dedup();
    if !anchors.is_empty() {
        let paths = event_paths(text, &anchors);
        for f in &mut found {
            if let Some(anchor) = f.anchor
                && let Ok(at) = anchors.binary_search(&anchor)
                && let Some(path) = &paths[at]
            {
                f.slip.path = Some(path.clone());
            }
        }
    }
    found.into_iter().map(|f| f.slip).collect()
}

/// Paths deeper than this are not given (no dataset is near it); it bounds
/// the work per slip.
const MAX_DEPTH: usize = 64;

/// Keys longer than this are named `?` in paths, as the indexer does.
const MAX_KEY_BYTES: usize = 64;

/// Longest Japanese label looked up before a `：`.
const MAX_LABEL_CHARS: usize = 16;

/// The block whose items are bullet-list lines of prose.
const LIST_KEY: &str = "list";

const FULL_WIDTH_SPACE: char = '\u{3000}';

/// The lines of `text`, broken as yaml-rust2 breaks them (LF, CRLF or a lone
/// CR), so that line numbers agree with its markers.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\r', '\n']) {
            None => {
                rest = None;
                Some(text)
            }
            Some(end) => {
                let next = if text[end..].starts_with("\r\n") {
                    end + 2
                } else {
                    end + 1
                };
                rest = Some(&text[next..]);
                Some(&text[..end])
            }
        }
    })
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn skip_blanks(chars: &[char], from: usize) -> usize {
    from + chars
        .get(from..)
        .map_or(0, |rest| rest.iter().take_while(|&&c| is_blank(c)).count())
}

/// The column after `c` when the clerk's editor shows it at `width`.
fn advance(width: usize, c: char) -> usize {
    match c {
        '\t' => (width / 8 + 1) * 8,
        FULL_WIDTH_SPACE => width + 2,
        _ => width + 1,
    }
}

/// The blanks and full-width spaces a line starts with.
struct Indent {
    /// How many characters.
    len: usize,
    /// How wide they look.
    width: usize,
    /// The ASCII spaces they start with: YAML's own indentation.
    spaces: usize,
    /// The first tab or U+3000 among them, as a slip.
    odd: Option<(usize, SlipKind)>,
    /// Whether one is U+3000, which YAML reads as text, not as a blank.
    full_width: bool,
}

impl Indent {
    fn of(chars: &[char]) -> Indent {
        let len = chars
            .iter()
            .take_while(|&&c| is_blank(c) || c == FULL_WIDTH_SPACE)
            .count();
        let run = &chars[..len];
        Indent {
            len,
            width: run.iter().fold(0, |width, &c| advance(width, c)),
            spaces: run.iter().take_while(|&&c| c == ' ').count(),
            odd: run.iter().position(|&c| c != ' ').map(|i| {
                let kind = if run[i] == '\t' {
                    SlipKind::TabIndent
                } else {
                    SlipKind::FullWidthIndent
                };
                (i, kind)
            }),
            full_width: run.contains(&FULL_WIDTH_SPACE),
        }
    }
}

/// A key that is typed with `：` or without the space after `:` at `pos`:
/// where its colon is and which slip it is.
fn key_slip(chars: &[char], pos: usize) -> Option<(usize, SlipKind)> {
    let first = *chars.get(pos)?;
    if !(first.is_ascii_lowercase() || first == '_') {
        return None;
    }
    let end = pos
        + chars[pos..]
            .iter()
            .take_while(|&&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            .count();
    match *chars.get(end)? {
        '：' => Some((end, SlipKind::FullWidthColon)),
        ':' => {
            let next = *chars.get(end + 1)?;
            (!matches!(next, ' ' | '\t' | '/' | ':')).then_some((end, SlipKind::NoSpaceAfterColon))
        }
        _ => None,
    }
}

fn is_key_colon(chars: &[char], at: usize) -> bool {
    chars.get(at) == Some(&':') && chars.get(at + 1).is_none_or(|&c| is_blank(c))
}

/// A key's name as the indexer keeps it.
fn key_name(chars: &[char]) -> String {
    // Every char takes at least a byte: no more are needed to tell.
    let name: String = chars.iter().take(MAX_KEY_BYTES + 1).collect();
    if name.len() > MAX_KEY_BYTES {
        "?".to_owned()
    } else {
        name
    }
}

/// Whether the node at `pos` starts with an indicator, so is no plain key.
fn starts_node(chars: &[char], pos: usize) -> bool {
    match chars[pos] {
        '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' => true,
        '?' | ':' => chars.get(pos + 1).is_none_or(|&c| is_blank(c)),
        _ => false,
    }
}

/// A `key:` at `pos`: the key and the index just past its colon.
fn key_at(chars: &[char], pos: usize) -> Option<(String, usize)> {
    let quote = chars[pos];
    if quote == '"' || quote == '\'' {
        let close = close_quote(chars, pos + 1, quote)?;
        let colon = skip_blanks(chars, close + 1);
        return is_key_colon(chars, colon).then(|| (key_name(&chars[pos + 1..close]), colon + 1));
    }
    if starts_node(chars, pos) {
        return None;
    }
    let mut at = pos;
    while at < chars.len() {
        if chars[at] == '#' && at > pos && is_blank(chars[at - 1]) {
            return None;
        }
        if is_key_colon(chars, at) {
            let end = pos + chars[pos..at].iter().rposition(|&c| !is_blank(c))? + 1;
            return Some((key_name(&chars[pos..end]), at + 1));
        }
        at += 1;
    }
    None
}

/// The index of the quote that closes a scalar opened before `from`.
fn close_quote(chars: &[char], from: usize, quote: char) -> Option<usize> {
    let mut at = from;
    while let Some(&c) = chars.get(at) {
        if quote == '"' && c == '\\' {
            at += 1;
        } else if c == quote {
            if quote == '\'' && chars.get(at + 1) == Some(&'\'') {
                at += 1;
            } else {
                return Some(at);
            }
        }
        at += 1;
    }
    None
}

/// Whether text stands after a closing quote or bracket at `from - 1`: a
/// comment (after a blank) or a key's colon is not text.
fn stray_text(chars: &[char], from: usize) -> bool {
    let at = skip_blanks(chars, from);
    match chars.get(at) {
        None => false,
        Some('#') => at == from,
        Some(':') => !is_key_colon(chars, at),
        Some(_) => true,
    }
}

/// The `#` that starts a comment in plain text after `from`, and how many
/// blanks stand before it.
fn comment_in(chars: &[char], from: usize) -> Option<(usize, usize)> {
    let hash = (from + 1..chars.len()).find(|&i| chars[i] == '#' && is_blank(chars[i - 1]))?;
    let blanks = chars[from..hash]
        .iter()
        .rev()
        .take_while(|&&c| is_blank(c))
        .count();
    Some((hash, blanks))
}

/// Where a flow collection stands while it is read, possibly over lines.
#[derive(Clone, Copy, Default)]
struct Flow {
    depth: usize,
    quote: Option<char>,
    /// Whether a node may start here, so that a quote opens a quoted scalar
    /// (in `[it's]` it is just a letter).
    node_start: bool,
}

impl Flow {
    /// Reads `chars[from..]`; gives the index of the bracket that closes the
    /// outermost collection, if it is on this line.
    fn scan(&mut self, chars: &[char], from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(&c) = chars.get(at) {
            match self.quote {
                Some(quote) => {
                    if quote == '"' && c == '\\' {
                        at += 1;
                    } else if c == quote {
                        if quote == '\'' && chars.get(at + 1) == Some(&'\'') {
                            at += 1;
                        } else {
                            self.quote = None;
                        }
                    }
                }
                None => match c {
                    '[' | '{' => {
                        self.depth += 1;
                        self.node_start = true;
                    }
                    ']' | '}' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return Some(at);
                        }
                        self.node_start = false;
                    }
                    ',' | ':' | '?' => self.node_start = true,
                    '#' if at == 0 || is_blank(chars[at - 1]) => return None,
                    '"' | '\'' if self.node_start => self.quote = Some(c),
                    ' ' | '\t' => {}
                    _ => self.node_start = false,
                },
            }
            at += 1;
        }
        None
    }
}

/// Line and 0-based column of the event that names a value in the parser's
/// stream (its key, or the value itself).
type Anchor = (usize, usize);

/// A slip on the line being read: its index, kind and anchor.
type Spot = (usize, SlipKind, Option<Anchor>);

/// A value being read: what its slips need after its first line.
#[derive(Clone, Copy)]
struct Value {
    /// How wide a line's indentation must be to belong to the value: one
    /// more than its parent collection's.
    min_width: usize,
    anchor: Option<Anchor>,
    /// Whether the indentation model knows its path.
    located: bool,
}

/// Where a flow collection was opened.
#[derive(Clone, Copy)]
struct Open {
    line: usize,
    index: usize,
    bracket: char,
    /// Whether its line has its slip already.
    flagged: bool,
}

/// What the next line continues.
enum Mode {
    /// Nothing: it is a line of keys, items and values.
    Lines,
    /// A plain scalar, which a more indented line continues.
    Plain(Value),
    /// A block scalar's body; `content` is its indentation once known.
    Block {
        value: Value,
        content: Option<usize>,
    },
    /// A quoted scalar not yet closed.
    Quoted { quote: char, value: Value },
    /// A flow collection not yet closed.
    Flow {
        flow: Flow,
        open: Open,
        value: Value,
    },
}

/// A collection open in the indentation model.
struct Frame {
    indent: usize,
    kind: Kind,
}

enum Kind {
    Map { key: String },
    Seq { items: usize },
}

/// A slip as found, before the parser gives its exact path.
struct Found {
    slip: Slip,
    anchor: Option<Anchor>,
}

/// A slip found on a line; its path is taken once the line is read.
struct Hit {
    line: usize,
    index: usize,
    kind: SlipKind,
    anchor: Option<Anchor>,
    located: bool,
}

/// A `key: # …` whose verdict waits for the next line.
struct Pending {
    found: Found,
    /// A line at least this wide gives the key a nested value.
    min_width: usize,
    /// A `- ` at this width is an indentless sequence under the key.
    indentless: Option<usize>,
}

/// The line-by-line reader: the indentation model, and what the next line
/// continues.
struct Scan<'s, 'k> {
    keys: &'s Keys<'k>,
    stack: Vec<Frame>,
    mode: Mode,
    pending: Option<Pending>,
    found: Vec<Found>,
    number: usize,
    chars: Vec<char>,
}

impl<'s, 'k> Scan<'s, 'k> {
    fn new(keys: &'s Keys<'k>) -> Scan<'s, 'k> {
        Scan {
            keys,
            stack: Vec::new(),
            mode: Mode::Lines,
            pending: None,
            found: Vec::new(),
            number: 0,
            chars: Vec::new(),
        }
    }

    fn finish(mut self) -> Vec<Found> {
        if let Some(pending) = self.pending.take() {
            self.push(pending.found);
        }
        self.found
    }

    fn push(&mut self, found: Found) {
        // At most one slip a line, in file order.
        if self
            .found
            .last()
            .is_none_or(|f| f.slip.line < found.slip.line)
        {
            self.found.push(found);
        }
    }

    fn line(&mut self, number: usize, text: &str) {
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        chars.extend(text.chars());
        self.number = number;
        let hit = match std::mem::replace(&mut self.mode, Mode::Lines) {
            Mode::Lines => self.structure(&chars),
            Mode::Plain(value) => self.continuation(&chars, value),
            Mode::Block { value, content } => self.body(&chars, value, content),
            Mode::Quoted { quote, value } => self.quoted(&chars, quote, value),
            Mode::Flow { flow, open, value } => self.flow(&chars, flow, open, value),
        };
        if let Some(hit) = hit {
            let path = if hit.located { self.path() } else { None };
            self.push(Found {
                slip: Slip {
                    line: hit.line,
                    column: hit.index + 1,
                    path,
                    kind: hit.kind,
                },
                anchor: hit.anchor,
            });
        }
        self.chars = chars;
    }

    fn path(&self) -> Option<String> {
        (self.stack.len() <= MAX_DEPTH).then(|| {
            render(self.stack.iter().map(|frame| match &frame.kind {
                Kind::Map { key } => Segment::Key(key),
                Kind::Seq { items } => Segment::Index(items - 1),
            }))
        })
    }

    fn pop_while(&mut self, pop: impl Fn(&Frame) -> bool) {
        while self.stack.last().is_some_and(&pop) {
            self.stack.pop();
        }
    }

    /// A `- ` at `width`: the next item of the sequence there, or its first.
    fn dash(&mut self, width: usize) {
        self.pop_while(|f| f.indent > width);
        match self.stack.last_mut() {
            Some(Frame {
                indent,
                kind: Kind::Seq { items },
            }) if *indent == width => *items += 1,
            _ => self.stack.push(Frame {
                indent: width,
                kind: Kind::Seq { items: 1 },
            }),
        }
    }

    /// A `key:` at `width`: the next key of the mapping there, or its first.
    fn key(&mut self, width: usize, name: String) {
        self.pop_while(|f| {
            f.indent > width || (f.indent == width && matches!(f.kind, Kind::Seq { .. }))
        });
        match self.stack.last_mut() {
            Some(Frame {
                indent,
                kind: Kind::Map { key },
            }) if *indent == width => *key = name,
            _ => self.stack.push(Frame {
                indent: width,
                kind: Kind::Map { key: name },
            }),
        }
    }

    /// Whether a key at `width` would be the sibling of a key already read.
    fn is_sibling_key(&self, width: usize) -> bool {
        self.stack
            .iter()
            .rev()
            .find(|f| {
                !(f.indent > width || (f.indent == width && matches!(f.kind, Kind::Seq { .. })))
            })
            .is_some_and(|f| f.indent == width && matches!(f.kind, Kind::Map { .. }))
    }

    /// Whether the item just opened is directly under `list:`.
    fn under_list(&self) -> bool {
        let n = self.stack.len();
        n >= 2 && matches!(&self.stack[n - 2].kind, Kind::Map { key } if key == LIST_KEY)
    }

    /// A Japanese sheet label and `：` at `pos`: the colon and the key meant.
    fn label_slip(&self, chars: &[char], pos: usize) -> Option<(usize, &'k str)> {
        let end = chars.len().min(pos + MAX_LABEL_CHARS + 1);
        let colon = (pos + 1..end).find(|&i| chars[i] == '：')?;
        let label: String = chars[pos..colon].iter().collect();
        (self.keys.for_label)(&label).map(|key| (colon, key))
    }

    /// A `key: # …` or `- # …` with its `#` at `index`: a slip unless the
    /// next line gives the key or item a value.
    fn hold_emptied(
        &mut self,
        index: usize,
        anchor: Option<Anchor>,
        min_width: usize,
        indentless: Option<usize>,
    ) {
        let slip = Slip {
            line: self.number,
            column: index + 1,
            path: self.path(),
            kind: SlipKind::ValueEmptiedByComment,
        };
        self.pending = Some(Pending {
            found: Found { slip, anchor },
            min_width,
            indentless,
        });
    }

    fn resolve_pending(&mut self, width: usize, rest: &[char]) {
        if let Some(pending) = self.pending.take() {
            let dash = rest.first() == Some(&'-') && rest.get(1).is_none_or(|&c| is_blank(c));
            let nested = width >= pending.min_width || (dash && pending.indentless == Some(width));
            if !nested {
                self.push(pending.found);
            }
        }
    }

    /// A line of keys, items and values.
    fn structure(&mut self, chars: &[char]) -> Option<Hit> {
        let indent = Indent::of(chars);
        let mut pos = indent.len;
        match chars.get(pos) {
            None | Some('#') if !indent.full_width => return None,
            _ => {}
        }
        self.resolve_pending(indent.width, &chars[pos..]);
        if is_document_marker(chars) {
            self.stack.clear();
            return None;
        }
        if chars.first() == Some(&'%') {
            // A directive.
            return None;
        }
        let line = self.number;
        let mut first = indent.odd.map(|(index, kind)| (index, kind, None));
        let mut width = indent.width;
        let mut dash = None;
        while chars.get(pos) == Some(&'-') && chars.get(pos + 1).is_none_or(|&c| is_blank(c)) {
            self.dash(width);
            dash = Some(width);
            pos += 1;
            width += 1;
            while let Some(&c) = chars.get(pos)
                && is_blank(c)
            {
                width = advance(width, c);
                pos += 1;
            }
        }
        let hit = |first: Option<Spot>, located| {
            first.map(|(index, kind, anchor)| Hit {
                line,
                index,
                kind,
                anchor,
                located,
            })
        };
        let Some(&c) = chars.get(pos) else {
            return hit(first, true);
        };
        if c == '#' {
            if let Some(dash) = dash
                && first.is_none()
            {
                self.hold_emptied(pos, None, dash + 1, None);
            }
            return hit(first, true);
        }

        let slipped_key = key_slip(chars, pos)
            .map(|(colon, kind)| (colon, kind, key_name(&chars[pos..colon])))
            .or_else(|| {
                if dash.is_none() && self.is_sibling_key(width) {
                    self.label_slip(chars, pos)
                        .map(|(colon, key)| (colon, SlipKind::FullWidthColon, key.to_owned()))
                } else {
                    None
                }
            });
        let keyed = match slipped_key {
            Some((colon, kind, key)) => {
                first.get_or_insert((colon, kind, None));
                Some((key, colon + 1))
            }
            None => key_at(chars, pos),
        };
        if let Some((key, after)) = keyed {
            self.key(width, key);
            let flag_flow = self.path().is_some_and(|path| (self.keys.is_text)(&path));
            let anchor = Some((line, pos));
            let at = skip_blanks(chars, after);
            match chars.get(at) {
                None => {}
                Some('#') if first.is_none() => {
                    self.hold_emptied(at, anchor, width + 1, Some(width));
                }
                Some('#') => {}
                Some(_) => {
                    let value = Value {
                        min_width: width + 1,
                        anchor,
                        located: true,
                    };
                    if let Some((index, kind)) = self.value(chars, at, value, flag_flow) {
                        first.get_or_insert((index, kind, anchor));
                    }
                }
            }
            return hit(first, true);
        }

        let (value, flag_flow) = match dash {
            Some(dash) => (
                Value {
                    min_width: dash + 1,
                    anchor: Some((line, pos)),
                    located: true,
                },
                self.under_list(),
            ),
            None => {
                // A value on the line after its key (or a stray line).
                self.pop_while(|f| f.indent > width);
                let top = self.stack.last();
                let located = top.is_none_or(|f| f.indent < width);
                let flag_flow = located
                    && top.is_some_and(|f| matches!(&f.kind, Kind::Map { .. }))
                    && self.path().is_some_and(|path| (self.keys.is_text)(&path));
                let value = Value {
                    // A dataset file is a mapping: a line at column 0 never
                    // continues a scalar at the root.
                    min_width: top.map_or(1, |f| f.indent + 1),
                    anchor: Some((line, pos)),
                    located,
                };
                (value, flag_flow)
            }
        };
        if let Some((index, kind)) = self.value(chars, pos, value, flag_flow) {
            first.get_or_insert((index, kind, value.anchor));
        }
        hit(first, value.located)
    }

    /// A value starting at `pos`, with any anchors and tags before it.
    fn value(
        &mut self,
        chars: &[char],
        mut pos: usize,
        value: Value,
        flag_flow: bool,
    ) -> Option<(usize, SlipKind)> {
        let mut property = None;
        while let Some(&c @ ('&' | '!')) = chars.get(pos) {
            property.get_or_insert((pos, SlipKind::Indicator(c)));
            let end = pos + chars[pos..].iter().take_while(|&&c| !is_blank(c)).count();
            pos = skip_blanks(chars, end);
        }
        let node = match chars.get(pos) {
            // The node the properties name is on the next lines.
            None | Some('#') => None,
            Some(_) => self.node(chars, pos, value, flag_flow),
        };
        property.or(node)
    }

    /// A node (no anchor or tag) starting at `pos`; sets what the next line
    /// continues.
    fn node(
        &mut self,
        chars: &[char],
        pos: usize,
        value: Value,
        flag_flow: bool,
    ) -> Option<(usize, SlipKind)> {
        let c = chars[pos];
        let indicator = Some((pos, SlipKind::Indicator(c)));
        match c {
            '|' | '>' => {
                // Chomping and indentation indicators, in either order.
                let after = pos
                    + 1
                    + chars[pos + 1..]
                        .iter()
                        .take(2)
                        .take_while(|&&m| matches!(m, '+' | '-' | '1'..='9'))
                        .count();
                let at = skip_blanks(chars, after);
                if at == chars.len() || (at > after && chars[at] == '#') {
                    let explicit = chars[pos + 1..after].iter().find_map(|m| m.to_digit(10));
                    self.mode = Mode::Block {
                        value,
                        content: explicit.map(|d| (value.min_width + d as usize).saturating_sub(1)),
                    };
                    None
                } else {
                    // YAML fails here; read the rest as the prose it is.
                    self.mode = Mode::Plain(value);
                    indicator
                }
            }
            '*' | '%' | '@' | '`' => {
                self.mode = Mode::Plain(value);
                indicator
            }
            '?' if chars.get(pos + 1).is_none_or(|&c| is_blank(c)) => {
                self.mode = Mode::Plain(value);
                indicator
            }
            '[' | '{' => {
                let mut flow = Flow::default();
                match flow.scan(chars, pos) {
                    Some(close) => {
                        let stray = stray_text(chars, close + 1);
                        if stray {
                            self.mode = Mode::Plain(value);
                        }
                        (flag_flow || stray).then_some((pos, SlipKind::Indicator(c)))
                    }
                    None => {
                        let open = Open {
                            line: self.number,
                            index: pos,
                            bracket: c,
                            flagged: flag_flow,
                        };
                        self.mode = Mode::Flow { flow, open, value };
                        flag_flow.then_some((pos, SlipKind::Indicator(c)))
                    }
                }
            }
            '"' | '\'' => match close_quote(chars, pos + 1, c) {
                Some(close) => self.after_quote(chars, close, c, value),
                None => {
                    self.mode = Mode::Quoted { quote: c, value };
                    None
                }
            },
            _ => match comment_in(chars, pos) {
                Some((hash, blanks)) => (blanks == 1).then_some((hash, SlipKind::CommentInValue)),
                None => {
                    self.mode = Mode::Plain(value);
                    None
                }
            },
        }
    }

    fn after_quote(
        &mut self,
        chars: &[char],
        close: usize,
        quote: char,
        value: Value,
    ) -> Option<(usize, SlipKind)> {
        stray_text(chars, close + 1).then(|| {
            self.mode = Mode::Plain(value);
            (close + 1, SlipKind::TextAfterQuote(quote))
        })
    }

    /// A line after a plain scalar's line.
    fn continuation(&mut self, chars: &[char], value: Value) -> Option<Hit> {
        let indent = Indent::of(chars);
        let pos = indent.len;
        match chars.get(pos) {
            // Blank lines fold into the scalar; a comment line ends it.
            None if !indent.full_width => {
                self.mode = Mode::Plain(value);
                return None;
            }
            Some('#') if !indent.full_width => return None,
            _ => {}
        }
        if indent.width < value.min_width {
            return self.structure(chars);
        }
        let mut first = indent
            .odd
            .map(|(index, kind)| (index, kind, None))
            .or_else(|| key_slip(chars, pos).map(|(index, kind)| (index, kind, None)));
        match comment_in(chars, pos) {
            Some((hash, 1)) => {
                first.get_or_insert((hash, SlipKind::CommentInValue, value.anchor));
            }
            Some(_) => {}
            None => self.mode = Mode::Plain(value),
        }
        first.map(|(index, kind, anchor)| Hit {
            line: self.number,
            index,
            kind,
            anchor,
            located: value.located,
        })
    }

    /// A line after a block scalar's header or body line.
    fn body(&mut self, chars: &[char], value: Value, content: Option<usize>) -> Option<Hit> {
        let indent = Indent::of(chars);
        let hit = |index, kind| Hit {
            line: self.number,
            index,
            kind,
            anchor: None,
            located: value.located,
        };
        if indent.len == chars.len() {
            // Blank lines belong to the body; U+3000 is text to YAML, which
            // ends the body unless it stands past the body's indentation.
            self.mode = Mode::Block { value, content };
            let inside = content.unwrap_or(value.min_width);
            let full_width = chars.iter().position(|&c| c == FULL_WIDTH_SPACE);
            return full_width
                .filter(|_| indent.spaces < inside)
                .map(|index| hit(index, SlipKind::FullWidthIndent));
        }
        // YAML takes the body's indentation from spaces. A line the clerk
        // lined up with tabs or U+3000 ends the body for YAML but not for the
        // clerk: it is flagged and read on as body.
        let content = match content {
            Some(content) => content,
            None if indent.spaces >= value.min_width => indent.spaces,
            None if indent.width >= value.min_width => indent.width,
            None => return self.structure(chars),
        };
        if indent.spaces >= content {
            self.mode = Mode::Block {
                value,
                content: Some(content),
            };
            return None;
        }
        if indent.width >= content {
            self.mode = Mode::Block {
                value,
                content: Some(content),
            };
            let kind = if chars[indent.spaces] == '\t' {
                SlipKind::TabIndent
            } else {
                SlipKind::FullWidthIndent
            };
            return Some(hit(indent.spaces, kind));
        }
        self.structure(chars)
    }

    /// A line inside a quoted scalar.
    fn quoted(&mut self, chars: &[char], quote: char, value: Value) -> Option<Hit> {
        let Some(close) = close_quote(chars, 0, quote) else {
            self.mode = Mode::Quoted { quote, value };
            return None;
        };
        self.after_quote(chars, close, quote, value)
            .map(|(index, kind)| Hit {
                line: self.number,
                index,
                kind,
                anchor: value.anchor,
                located: value.located,
            })
    }

    /// A line inside a flow collection.
    fn flow(&mut self, chars: &[char], mut flow: Flow, open: Open, value: Value) -> Option<Hit> {
        let Some(close) = flow.scan(chars, 0) else {
            self.mode = Mode::Flow { flow, open, value };
            return None;
        };
        let stray = stray_text(chars, close + 1);
        if !stray {
            return None;
        }
        self.mode = Mode::Plain(value);
        (!open.flagged).then_some(Hit {
            line: open.line,
            index: open.index,
            kind: SlipKind::Indicator(open.bracket),
            anchor: value.anchor,
            located: value.located,
        })
    }
}

fn is_document_marker(chars: &[char]) -> bool {
    (chars.starts_with(&['-', '-', '-']) || chars.starts_with(&['.', '.', '.']))
        && chars.get(3).is_none_or(|&c| is_blank(c))
}

/// One step of a path.
enum Segment<'s> {
    Key(&'s str),
    Index(usize),
}

/// A path as the indexer writes it: `.` for the root, keys joined by `.`,
/// items as `[i]`.
fn render<'s>(segments: impl IntoIterator<Item = Segment<'s>>) -> String {
    let mut path = String::from(".");
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if path == "." {
                    path.clear();
                } else {
                    path.push('.');
                }
                path.push_str(key);
            }
            Segment::Index(index) => {
                let _ = write!(path, "[{index}]");
            }
        }
    }
    path
}

/// What an open collection of the event stream waits for.
enum Awaits {
    /// The next item, and its index.
    Item(usize),
    Key,
    Value(String),
}

struct Node {
    /// How the parent names it; `None` for the root.
    name: Option<Name>,
    awaits: Awaits,
}

enum Name {
    Key(String),
    Index(usize),
}

impl Name {
    fn segment(&self) -> Segment<'_> {
        match self {
            Name::Key(key) => Segment::Key(key),
            Name::Index(index) => Segment::Index(*index),
        }
    }
}

/// The path of the node at each of `anchors` (sorted line and 0-based
/// column), as far as the parser reads. Where several events share a place
/// (a block sequence and its first item), the innermost, which comes last,
/// names it.
fn event_paths(text: &str, anchors: &[Anchor]) -> Vec<Option<String>> {
    let mut paths = vec![None; anchors.len()];
    let mut open: Vec<Node> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    // The parser stops at the first syntax error; slips after it keep the
    // indentation model's path.
    while let Ok((event, mark)) = parser.next_token() {
        let opens = match &event {
            Event::StreamEnd => break,
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
                continue;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => true,
            Event::Scalar(..) | Event::Alias(_) => false,
            _ => continue,
        };
        if open.len() >= MAX_DEPTH {
            break;
        }
        let name = open.last_mut().map(|node| {
            match std::mem::replace(&mut node.awaits, Awaits::Key) {
                Awaits::Item(index) => {
                    node.awaits = Awaits::Item(index + 1);
                    Name::Index(index)
                }
                Awaits::Key => {
                    // This node is a key; the value after it takes its name.
                    let key = match &event {
                        Event::Scalar(key, ..) if key.len() <= MAX_KEY_BYTES => key.clone(),
                        _ => "?".to_owned(),
                    };
                    node.awaits = Awaits::Value(key.clone());
                    Name::Key(key)
                }
                Awaits::Value(key) => Name::Key(key),
            }
        });
        let place = (mark.line(), mark.col());
        if let Ok(at) = anchors.binary_search(&place) {
            let names = open.iter().filter_map(|node| node.name.as_ref());
            paths[at] = Some(render(names.chain(name.as_ref()).map(Name::segment)));
        }
        if opens {
            let awaits = if matches!(event, Event::SequenceStart(..)) {
                Awaits::Item(0)
            } else {
                Awaits::Key
            };
            open.push(Node { name, awaits });
        }
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use SlipKind::*;

    /// Some of the sheet labels (`model::field_label`).
    const LABELS: &[(&str, &str)] = &[
        ("content", "内容"),
        ("target", "目標"),
        ("notes", "特記事項"),
        ("direction", "方向性・ねらい"),
        ("city", "市"),
        ("year", "年度"),
        ("activities", "取組の内容"),
        ("results", "内容と成果"),
        ("challenges", "課題"),
        ("evaluation", "評価"),
        ("remarks", "意見等"),
    ];

    fn check(text: &str) -> Vec<Slip> {
        let is_text = |path: &str| crate::data::sheet::Sheet::default_sheet().is_text_path(path);
        let for_label = |label: &str| {
            LABELS
                .iter()
                .find(|(_, l)| *l == label)
                .map(|(key, _)| *key)
        };
        find_slips(
            text,
            &Keys {
                is_text: &is_text,
                for_label: &for_label,
            },
        )
    }

    /// A goal whose third year (`goals[0].years[2]`, keys at column 9) is
    /// continued from line 10 on by the lines a test gives.
    const HEAD: &str = "goals:
  - no: 1
    content: 内容
    years:
      - year: 28
        activities: 活動
      - year: 29
        activities: 活動
      - year: 30
";

    fn year(lines: &str) -> Vec<Slip> {
        check(&format!("{HEAD}{lines}"))
    }

    fn slip(line: usize, column: usize, path: &str, kind: SlipKind) -> Slip {
        Slip {
            line,
            column,
            path: Some(path.to_owned()),
            kind,
        }
    }

    fn at(field: &str) -> String {
        format!("goals[0].years[2].{field}")
    }

    #[track_caller]
    fn clean(text: &str) {
        assert_eq!(check(text), [], "{text}");
    }

    // The slips.

    #[test]
    fn a_hash_after_one_space_cuts_the_value() {
        assert_eq!(
            year("        challenges: 出前講座 #2 の開催\n"),
            [slip(10, 26, &at("challenges"), CommentInValue)]
        );
        assert_eq!(
            year("        challenges: 出前講座\t#2 の開催\n"),
            [slip(10, 26, &at("challenges"), CommentInValue)]
        );
    }

    #[test]
    fn a_hash_after_one_space_on_a_continuation_line() {
        assert_eq!(
            year(concat!(
                "        challenges: 地域の\n",
                "          見守り #2 の開催\n",
                "        remarks: 特になし\n",
            )),
            [slip(11, 15, &at("challenges"), CommentInValue)]
        );
    }

    #[test]
    fn a_hash_in_list_items() {
        assert_eq!(
            year(concat!(
                "        results:\n",
                "          - 出前講座 #2 の開催\n",
            )),
            [slip(11, 18, &at("results[0]"), CommentInValue)]
        );
        assert_eq!(
            year(concat!(
                "        results:\n",
                "          - 概要\n",
                "          - list:\n",
                "              - 甲\n",
                "              - 乙 #1\n",
            )),
            [slip(14, 19, &at("results[1].list[1]"), CommentInValue)]
        );
    }

    #[test]
    fn a_hash_in_a_value_on_the_line_after_its_key() {
        assert_eq!(
            year(concat!(
                "        challenges:\n",
                "          課題 #2 の開催\n",
            )),
            [slip(11, 14, &at("challenges"), CommentInValue)]
        );
    }

    #[test]
    fn a_comment_right_after_the_key_empties_the_value() {
        let emptied = [slip(10, 21, &at("challenges"), ValueEmptiedByComment)];
        assert_eq!(year("        challenges: #1 回目は…\n"), emptied);
        assert_eq!(
            year(concat!(
                "        challenges: #1 回目は…\n",
                "\n",
                "        # 意見等\n",
                "        remarks: 特になし\n",
            )),
            emptied
        );
        assert_eq!(
            year("        challenges:   #1 回目は…\n"),
            [slip(10, 23, &at("challenges"), ValueEmptiedByComment)]
        );
        assert_eq!(
            year(concat!(
                "        results:\n",
                "          - #1 回目は…\n",
                "          - 二つ目\n",
            )),
            [slip(11, 13, &at("results[0]"), ValueEmptiedByComment)]
        );
    }

    #[test]
    fn values_that_start_with_an_indicator() {
        for (value, indicator) in [
            ("*重要", '*'),
            ("&印 文", '&'),
            ("!重要 文", '!'),
            ("> 続き", '>'),
            ("| 文", '|'),
            (">続き", '>'),
            ("|- 文", '|'),
            ("%5 増", '%'),
            ("@市民", '@'),
            ("`重要`", '`'),
            ("? 質問", '?'),
            ("[重要] 会議の開催", '['),
            ("[重要]", '['),
            ("{重要}", '{'),
            ("{a: b} 続き", '{'),
            ("[重要,\n          会議]", '['),
        ] {
            assert_eq!(
                year(&format!("        challenges: {value}\n")),
                [slip(10, 21, &at("challenges"), Indicator(indicator))],
                "{value}"
            );
        }
    }

    #[test]
    fn text_after_a_flow_collection_that_spans_lines() {
        assert_eq!(
            year(concat!(
                "        owners: [高齢福祉課,\n",
                "          社会福祉課] 担当\n",
            )),
            [slip(10, 17, &at("owners"), Indicator('['))]
        );
    }

    #[test]
    fn an_anchor_before_a_nested_block_is_flagged_once() {
        assert_eq!(
            year(concat!("        results: &印\n", "          - 一つ目 #1\n")),
            [
                slip(10, 18, &at("results"), Indicator('&')),
                slip(11, 17, &at("results[0]"), CommentInValue),
            ]
        );
    }

    #[test]
    fn indicators_on_list_items() {
        assert_eq!(
            year(concat!(
                "        results:\n",
                "          - *重要\n",
                "          - [重要] 会議の開催\n",
                "          - \"重要\" は\n",
            )),
            [
                slip(11, 13, &at("results[0]"), Indicator('*')),
                slip(12, 13, &at("results[1]"), Indicator('[')),
                slip(13, 17, &at("results[2]"), TextAfterQuote('"')),
            ]
        );
    }

    #[test]
    fn flow_collections_directly_under_list() {
        assert_eq!(
            year(concat!(
                "        results:\n",
                "          - list:\n",
                "              - [重要]\n",
                "              - { 重要 }\n",
                "              - 普通\n",
            )),
            [
                slip(12, 17, &at("results[0].list[0]"), Indicator('[')),
                slip(13, 17, &at("results[0].list[1]"), Indicator('{')),
            ]
        );
    }

    #[test]
    fn text_after_a_closing_quote() {
        assert_eq!(
            year("        challenges: \"重要\" は…\n"),
            [slip(10, 25, &at("challenges"), TextAfterQuote('"'))]
        );
        assert_eq!(
            year("        challenges: '重要'は…\n"),
            [slip(10, 25, &at("challenges"), TextAfterQuote('\''))]
        );
        assert_eq!(
            year("        challenges: '重要' は…\n"),
            [slip(10, 25, &at("challenges"), TextAfterQuote('\''))]
        );
        assert_eq!(
            year(concat!(
                "        challenges: \"一行目\n",
                "          二行目\" は…\n",
            )),
            [slip(11, 15, &at("challenges"), TextAfterQuote('"'))]
        );
    }

    #[test]
    fn a_full_width_colon_after_a_key() {
        assert_eq!(
            year("        results：内容\n"),
            [slip(10, 16, &at("results"), FullWidthColon)]
        );
        assert_eq!(
            year(concat!("      - year：R1\n", "        activities: 活動\n")),
            [slip(10, 13, "goals[0].years[3].year", FullWidthColon)]
        );
        assert_eq!(
            year(concat!(
                "        challenges: 課題\n",
                "         results：内容\n",
            )),
            [slip(11, 17, &at("challenges"), FullWidthColon)]
        );
    }

    #[test]
    fn a_full_width_colon_after_a_sheet_label() {
        assert_eq!(
            year(concat!("        challenges: 課題\n", "        評価：B\n")),
            [slip(11, 11, &at("evaluation"), FullWidthColon)]
        );
    }

    #[test]
    fn no_space_after_the_colon() {
        assert_eq!(
            year("        results:内容\n"),
            [slip(10, 16, &at("results"), NoSpaceAfterColon)]
        );
        assert_eq!(
            year("        results:\u{3000}内容\n"),
            [slip(10, 16, &at("results"), NoSpaceAfterColon)]
        );
        assert_eq!(
            year("        challenges:#1 回目\n"),
            [slip(10, 19, &at("challenges"), NoSpaceAfterColon)]
        );
    }

    #[test]
    fn full_width_spaces_as_indentation() {
        assert_eq!(
            year("\u{3000}\u{3000}\u{3000}\u{3000}challenges: 課題\n"),
            [slip(10, 1, &at("challenges"), FullWidthIndent)]
        );
        assert_eq!(
            year("    \u{3000}\u{3000}challenges: 課題\n"),
            [slip(10, 5, &at("challenges"), FullWidthIndent)]
        );
        assert_eq!(
            year(concat!(
                "        remarks: 特になし\n",
                "\u{3000}\n",
                "        challenges: 課題\n",
            )),
            [slip(11, 1, &at("remarks"), FullWidthIndent)]
        );
        assert_eq!(
            year("        \u{3000}# 取組の結果\n"),
            [slip(10, 9, &at("year"), FullWidthIndent)]
        );
    }

    #[test]
    fn full_width_spaces_as_a_block_body_indentation() {
        assert_eq!(
            year(concat!(
                "        challenges: |-\n",
                "        \u{3000}地域福祉\n",
                "          続き\n",
                "        remarks: 特になし\n",
            )),
            [slip(11, 9, &at("challenges"), FullWidthIndent)]
        );
        assert_eq!(
            year(concat!(
                "        challenges: |-\n",
                "          地域福祉\n",
                "        \u{3000}続き #1\n",
            )),
            [slip(12, 9, &at("challenges"), FullWidthIndent)]
        );
    }

    #[test]
    fn tabs_as_indentation() {
        assert_eq!(
            year("\tchallenges: 課題\n"),
            [slip(10, 1, &at("challenges"), TabIndent)]
        );
        assert_eq!(
            year(concat!(
                "        challenges: |-\n",
                "          地域福祉\n",
                "        \t続き\n",
            )),
            [slip(12, 9, &at("challenges"), TabIndent)]
        );
        assert_eq!(
            year(concat!("        results:\n", "    \t  - 一つ目\n")),
            [slip(11, 5, &at("results[0]"), TabIndent)]
        );
    }

    #[test]
    fn every_line_of_a_broken_file_is_checked() {
        assert_eq!(
            year(concat!(
                "\tchallenges: 課題 #1\n",
                "        remarks: 特になし #2\n",
                "      - year：R1\n",
                "        challenges: \"重要\" は\n",
                "        remarks: [重要] 会議\n",
            )),
            [
                slip(10, 1, &at("challenges"), TabIndent),
                slip(11, 23, &at("remarks"), CommentInValue),
                slip(12, 13, "goals[0].years[3].year", FullWidthColon),
                slip(13, 25, "goals[0].years[3].challenges", TextAfterQuote('"')),
                slip(14, 18, "goals[0].years[3].remarks", Indicator('[')),
            ]
        );
    }

    // What must not be flagged.

    #[test]
    fn block_scalars() {
        let body = concat!(
            "          出前講座 #2 の開催\n",
            "          [重要] 会議：10時 *重要 #1\n",
            "\n",
            "          \u{3000}段落の字下げ\n",
            "            \u{3000}\n",
            "        # 取組の結果：課題\n",
            "        challenges: 課題\n",
        );
        for header in ["|-", "|", ">-", ">", "|+", "|2", "|-  # 複数行"] {
            clean(&format!("{HEAD}        results: {header}\n{body}"));
        }
    }

    #[test]
    fn flow_collections_that_are_meant() {
        clean(concat!(
            "goals:\n",
            "  - owners: [高齢福祉課, 社会福祉課]\n",
            "    schedule:\n",
            "      segments:\n",
            "        - { from: 28, to: 32 }\n",
            "        - {\n",
            "            from: 28, to: 32 }   # 複数行\n",
            "    programmes:\n",
            "      city:\n",
            "        - name: 聞いて得するふるさと講座\n",
            "          sections: [障害福祉課]\n",
            "    years:\n",
            "      - year: R1\n",
            "        results:\n",
            "          - list: [甲, 乙]\n",
            "          - table:\n",
            "              - [① 自立相談支援事業, 相談件数8,080件, \"\"]\n",
            "              - [\"a]\", 'it''s', it's]\n",
            "plan:\n",
            "  period: { from: H28, to: H32 } # five years\n",
        ));
    }

    #[test]
    fn quoted_values() {
        clean(concat!(
            "plan:\n",
            "  title: '[重要] 会議'\n",
            "  packet_label: \"a: b\"\n",
            "  issued: \"a \\\"b\\\" c\" # 発行日\n",
            "  legend: \"一行目\n",
            "    二行目 #1 [ \\\" ]\"\n",
            "  \"quoted key\": 値\n",
            "  measures: '一行目 ''引用''\n",
            "    二行目'\n",
        ));
    }

    #[test]
    fn comments() {
        clean(concat!(
            "# yaml-language-server: $schema=../schema.json\n",
            "# 実施目標 No.1 — データの書き方の見本\n",
            "goals:\n",
            "  - no: 1   # 実施目標 No.\n",
            "    plan_code:   # 実施目標計画CD\n",
            "      basic_goal: I           #   基本目標\n",
            "    content: 地域の見守り        # 内容\n",
            "    # owners: [高齢福祉課]     # 担当\n",
            "    notes: 特記事項  # 特記事項\n",
            "    years:\n",
            "      \t# 年度ごとの表\n",
            "      - year: 28\n",
            "        challenges: # 課題（下の行に続く）\n",
            "          続き\n",
            "        results:   # 内容と成果\n",
            "          - 一つ目\n",
            "        remarks: |-   # 意見等\n",
            "          特になし\n",
        ));
    }

    #[test]
    fn nested_blocks_after_a_key() {
        clean(concat!(
            "goals:\n",
            "  - no: 1\n",
            "    years:\n",
            "    - year: R1\n",
            "      activities: 活動\n",
            "    - year: R2\n",
            "    programmes:\n",
            "      council:\n",
            "        - 小地域ネットワーク事業\n",
        ));
    }

    #[test]
    fn colons_inside_prose() {
        clean(concat!(
            "goals:\n",
            "  - content: https://example.jp の案内\n",
            "    target: 10:30 開始、時間：10時\n",
            "    notes:\n",
            "      取組の内容：出前講座\n",
            "    years:\n",
            "      - year: R1\n",
            "        results:\n",
            "          - https://example.jp\n",
            "          - 10:30 開始\n",
            "          - R1：10件\n",
            "          - 課題：担い手の不足\n",
            "          - 内容：出前講座\n",
        ));
    }

    #[test]
    fn multi_line_plain_values() {
        clean(concat!(
            "goals:\n",
            "  - content: 地域福祉に関する\n",
            "      出前講座の実施 > 続き [重要] *重要\n",
            "\n",
            "      三行目#1\n",
            "    target: 目標\n",
        ));
    }

    #[test]
    fn indicators_later_in_a_value() {
        clean(concat!(
            "goals:\n",
            "  - content: 説明 > 続き | 文 [重要] &印 *重要 !重要 \"重要\" は\n",
            "    target: ?質問 と-記号\n",
        ));
    }

    #[test]
    fn byte_order_mark_and_line_breaks() {
        clean(concat!(
            "\u{feff}goals:\r\n",
            "  - no: 1\r\n",
            "    content: 内容\r\n",
        ));
        assert_eq!(
            check(concat!(
                "\u{feff}goals:\r\n",
                "  - content: 内容 #1\r  - content: 内容 #2\n",
            )),
            [
                slip(2, 17, "goals[0].content", CommentInValue),
                slip(3, 17, "goals[1].content", CommentInValue),
            ]
        );
    }

    #[test]
    fn directives_and_document_markers() {
        clean(concat!(
            "%YAML 1.2\n",
            "---\n",
            "goals:\n",
            "  - no: 1\n",
            "...\n",
        ));
    }

    // Paths, limits and hostile input.

    #[test]
    fn paths_past_a_syntax_error_come_from_the_indentation() {
        // The tab stops yaml-rust2 at line 10; line 13's path is the model's.
        assert_eq!(
            year(concat!(
                "\tchallenges: 課題\n",
                "        remarks: 特になし\n",
                "        results:\n",
                "          - 出前講座 #2\n",
            )),
            [
                slip(10, 1, &at("challenges"), TabIndent),
                slip(13, 18, &at("results[0]"), CommentInValue),
            ]
        );
    }

    #[test]
    fn the_parser_names_what_it_read() {
        // The model keeps a quoted key as typed; yaml-rust2 reads the escape.
        assert_eq!(
            check(concat!("goals:\n", "  - \"con\\x74ent\": 内容 #1\n")),
            [slip(2, 22, "goals[0].content", CommentInValue)]
        );
    }

    #[test]
    fn a_value_on_a_stray_line_has_no_path() {
        assert_eq!(
            year(concat!("        challenges: 課題\n", "      出前講座 #2\n")),
            [Slip {
                line: 11,
                column: 12,
                path: None,
                kind: CommentInValue
            }]
        );
    }

    /// A tiny xorshift generator: the crate has no dependency for this.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Every slip names a character of the kind it says, in file order.
    #[track_caller]
    fn assert_consistent(text: &str, slips: &[Slip]) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<Vec<char>> = lines(text).map(|l| l.chars().collect()).collect();
        let mut previous = 0;
        for slip in slips {
            assert!(slip.line > previous, "{slip:?} in {text:?}");
            previous = slip.line;
            let line = &lines[slip.line - 1];
            let c = line[slip.column - 1];
            let expected = match slip.kind {
                CommentInValue | ValueEmptiedByComment => c == '#',
                Indicator(i) => c == i,
                TextAfterQuote(q) => line[slip.column - 2] == q,
                FullWidthColon => c == '：',
                NoSpaceAfterColon => c == ':',
                FullWidthIndent => c == FULL_WIDTH_SPACE,
                TabIndent => c == '\t',
            };
            assert!(expected, "{slip:?} at {c:?} in {text:?}");
        }
    }

    #[test]
    fn random_yaml_like_text_never_panics() {
        const PIECES: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\u{3000}",
            "\n",
            "\r\n",
            "\r",
            "- ",
            ": ",
            ":",
            "：",
            "#",
            " #",
            "[",
            "]",
            "{",
            "}",
            ",",
            "\"",
            "'",
            "\\",
            "|",
            ">",
            "&",
            "*",
            "!",
            "%",
            "@",
            "`",
            "?",
            "a",
            "list",
            "results",
            "_",
            "1",
            "あ",
            "重要",
            "\u{feff}",
            "\0",
            "---",
            "\n  ",
            "\n    ",
            "|-\n",
            "\u{3000}\u{3000}",
        ];
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        for _ in 0..5000 {
            let len = random.below(60);
            let text: String = (0..len)
                .map(|_| PIECES[random.below(PIECES.len())])
                .collect();
            let slips = check(&text);
            assert_consistent(&text, &slips);
        }
    }

    #[test]
    fn a_mebibyte_line() {
        let prose = "地域の見守り、".repeat(1 << 16);
        let text = format!("goals:\n  - content: {prose} #1\n");
        let column = "  - content: ".chars().count() + prose.chars().count() + 2;
        assert_eq!(
            check(&text),
            [slip(2, column, "goals[0].content", CommentInValue)]
        );
    }

    #[test]
    fn hostile_shapes_of_a_mebibyte() {
        const MIB: usize = 1 << 20;
        for text in [
            "[".repeat(MIB),
            "{".repeat(MIB),
            "- ".repeat(MIB / 2),
            "&a ".repeat(MIB / 3),
            "\"".repeat(MIB),
            "a".repeat(MIB) + ": b #c\n",
            "a: b #c\n".repeat(MIB / 8),
            "- [x] y\n".repeat(MIB / 8),
            "k:\n".repeat(MIB / 3),
            (0..1400).map(|i| " ".repeat(i) + "- a #b\n").collect(),
            (0..1400).map(|i| " ".repeat(i) + "k: #b\n").collect(),
        ] {
            let slips = check(&text);
            assert_consistent(&text, &slips);
        }
    }

    // The real files.

    fn yaml_files(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                yaml_files(&path, files);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }

    fn root() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    /// The dataset's files, and each one's text.
    fn dataset() -> Vec<(std::path::PathBuf, String)> {
        let mut files = Vec::new();
        yaml_files(&root().join("data/goals"), &mut files);
        files.push(root().join("data/plan.yaml"));
        files
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap();
                (path, text)
            })
            .collect()
    }

    #[test]
    fn the_dataset_has_no_slips() {
        let files = dataset();
        assert!(files.len() > 2);
        for (path, text) in files {
            assert_eq!(check(&text), [], "{}", path.display());
        }
    }

    #[test]
    fn the_fixtures_have_only_their_deliberate_slips() {
        let mut files = Vec::new();
        yaml_files(&root().join("tests/fixtures"), &mut files);
        let mut found = Vec::new();
        for path in files {
            // Files in other encodings are refused before any YAML is read.
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            found.extend(check(&text).into_iter().map(|slip| (name.clone(), slip)));
        }
        let laughs = "tests/fixtures/data/billion_laughs.yaml".to_owned();
        let mut expected = vec![(
            laughs.clone(),
            slip(6, 12, "goals[0].notes", Indicator('&')),
        )];
        for (year, line) in (1..=9).zip((9..).step_by(2)) {
            expected.push((
                laughs.clone(),
                slip(
                    line,
                    18,
                    &format!("goals[0].years[{}].results", year - 1),
                    Indicator('&'),
                ),
            ));
        }
        assert_eq!(found, expected);
    }

    /// The indentation model gives the parser's path for every value of the
    /// dataset: a `#` after one space is put after each one-line plain value,
    /// and both paths of each slip are compared.
    #[test]
    fn the_indentation_model_agrees_with_the_parser() {
        let is_text = |path: &str| crate::data::sheet::Sheet::default_sheet().is_text_path(path);
        let for_label = |_: &str| None;
        let keys = Keys {
            is_text: &is_text,
            for_label: &for_label,
        };
        let mut compared = 0;
        for (path, text) in dataset() {
            let mut lines_cut = 0;
            let text: String = text
                .lines()
                .map(|line| {
                    let item = line.trim_start().trim_start_matches("- ");
                    let plain = item.split_once(": ").is_some_and(|(key, value)| {
                        key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                            && value
                                .chars()
                                .next()
                                .is_some_and(|c| !"|>[{\"'&*!#".contains(c))
                    });
                    if plain && !line.contains('#') {
                        lines_cut += 1;
                        format!("{line} #x\n")
                    } else {
                        format!("{line}\n")
                    }
                })
                .collect();
            let mut scan = Scan::new(&keys);
            for (index, line) in lines(&text).enumerate() {
                scan.line(index + 1, line);
            }
            let found = scan.finish();
            assert_eq!(found.len(), lines_cut, "{}", path.display());
            let anchors: Vec<_> = found.iter().map(|f| f.anchor.unwrap()).collect();
            let parsed = event_paths(&text, &anchors);
            for (f, parsed) in found.iter().zip(parsed) {
                assert_eq!(f.slip.kind, CommentInValue);
                assert_eq!(f.slip.path, parsed, "{} {:?}", path.display(), f.slip);
                compared += 1;
            }
        }
        assert!(compared > 800, "{compared}");
    }
}
