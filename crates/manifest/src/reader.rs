//! Turning `-f` arguments into [`Document`]s.
//!
//! One pass over the parser's events builds the spanned [`Node`] tree of each YAML document; the documents are
//! then checked to be Kubernetes objects and `List`s are flattened. Aliases are expanded into copies (so the
//! tree stays a plain owned tree), which is why their total size is budgeted.

use std::{
    borrow::Cow,
    collections::{HashMap, HashSet},
    hash::{BuildHasherDefault, Hasher},
    io::Read,
    path::{Path, PathBuf},
    sync::Arc,
};

use granit_parser::{ErrorKind, Event, Marker, Options, Parser, ScalarStyle, ScanError, Span, Tag};

use crate::{Document, Error, Node, NodeKind, Position};

/// One `-f` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file or a directory (read recursively: `*.yaml`, `*.yml`, `*.json`, in sorted path order).
    Path(std::path::PathBuf),
    /// Standard input (`-`), reported as `<stdin>`.
    Stdin,
}

/// Limits that protect against hostile input while scaling with honest large inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Maximum nesting depth of any document.
    pub max_depth: usize,
    /// Maximum number of nodes created by alias expansion in one file (in each part of a file of several MB,
    /// which is parsed in parts on several threads). Every alias counts at least one, a
    /// copy of a collection counts every node in it, so a "billion laughs" file fails after this much work.
    pub max_alias_expansions: usize,
    /// Maximum number of scalar bytes copied through aliases in one file (per part, as above). The tree shares
    /// a copied string, but every later stage (JSON values, typed objects, output) holds each copy on its own:
    /// a 1 MiB scalar referenced by 10k aliases is 10 GB there. Counting nodes alone does not see it.
    pub max_alias_bytes: usize,
    /// Maximum size of one input (a file or stdin), in bytes: `-f /dev/zero` or a runaway pipe stops with a
    /// message instead of exhausting memory (`--max-input-size`).
    pub max_input_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_depth: 128,
            max_alias_expansions: 100_000,
            max_alias_bytes: 64 << 20,
            max_input_bytes: 2 << 30,
        }
    }
}

/// Reads every source, in the order given, into one list of documents.
pub fn read_sources(sources: &[Source], options: &ReadOptions) -> Result<Vec<Document>, Error> {
    let mut out = Vec::new();
    for source in sources {
        match source {
            Source::Stdin => {
                let bytes = read_bounded("<stdin>", std::io::stdin().lock(), options.max_input_bytes)?;
                let text = utf8("<stdin>", &bytes)?;
                read_into("<stdin>", text, options, &mut out).map_err(|e| point_at_tab(e, text))?;
            }
            Source::Path(path) => {
                let meta = std::fs::metadata(path).map_err(|source| Error::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                if meta.is_dir() {
                    let mut files = Vec::new();
                    walk(path, &mut files)?;
                    files.sort();
                    for file in &files {
                        read_file(file, options, &mut out)?;
                    }
                } else {
                    read_file(path, options, &mut out)?;
                }
            }
        }
    }
    Ok(out)
}

/// Reads one text (YAML or JSON, one or many documents) that came from `file`.
pub fn read_str(file: &str, text: &str, options: &ReadOptions) -> Result<Vec<Document>, Error> {
    let mut out = Vec::new();
    read_into(file, text, options, &mut out).map_err(|e| point_at_tab(e, text))?;
    Ok(out)
}

/// The parser reports a tab used as indentation at the end of the scalar before it, with a message about
/// scalars; people look for the tab itself, so point there and say what YAML wants.
fn point_at_tab(e: Error, text: &str) -> Error {
    let Error::Syntax { position, message } = e else {
        return e;
    };
    if !message.contains("tab") {
        return Error::Syntax { position, message };
    }
    let first = (position.line as usize).saturating_sub(1);
    for (i, line) in text.lines().enumerate().skip(first).take(3) {
        let indent = &line[..line.len() - line.trim_start().len()];
        if let Some(col) = indent.find('\t') {
            return Error::Syntax {
                position: Position {
                    line: to_u32(i + 1),
                    column: to_u32(col + 1),
                    ..position
                },
                message: "tab character in indentation: YAML indents with spaces only".to_string(),
            };
        }
    }
    Error::Syntax { position, message }
}

fn read_file(path: &Path, options: &ReadOptions, out: &mut Vec<Document>) -> Result<(), Error> {
    let name = path.display().to_string();
    let io = |source| Error::Io {
        path: name.clone(),
        source,
    };
    // A device, FIFO or socket never ends (`/dev/zero`) or blocks until a writer comes (a FIFO, already on
    // open): refuse it before opening. A stream is read with `-f -`.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::Input {
            path: name,
            message: "not a regular file (devices, FIFOs and sockets are not read; pipe a stream to `-f -`)"
                .into(),
        });
    }
    if meta.len() > options.max_input_bytes {
        return Err(too_large(&name, options.max_input_bytes));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let bytes = read_bounded(&name, file, options.max_input_bytes)?;
    let text = utf8(&name, &bytes)?;
    read_into(&name, text, options, out).map_err(|e| point_at_tab(e, text))
}

/// Reads at most `max` bytes; more is an error rather than memory exhausted.
fn read_bounded(name: &str, source: impl Read, max: u64) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    source
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(too_large(name, max));
    }
    Ok(bytes)
}

fn too_large(name: &str, max: u64) -> Error {
    Error::Input {
        path: name.to_string(),
        message: if max >= 1 << 20 {
            format!(
                "larger than {} MiB; split the input or raise --max-input-size",
                max >> 20
            )
        } else {
            format!("larger than {max} bytes; split the input or raise --max-input-size")
        },
    }
}

/// Decodes UTF-8, pointing at the first bad byte so the user can find it.
fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // `good` is valid UTF-8 by construction, so the lossy conversion never replaces anything.
        let good = String::from_utf8_lossy(good);
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::Invalid {
            position: Position {
                file: file.into(),
                line: to_u32(line),
                column: to_u32(column),
            },
            message: format!(
                "the file is not valid UTF-8 (byte 0x{:02x}); manifests must be UTF-8 text",
                bytes[e.valid_up_to()]
            ),
        }
    })
}

/// Collects the manifest files under `dir`. Like `kubectl apply -R`, symlinked files are read but symlinked
/// directories are not entered, which also rules out symlink loops.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: dir.display().to_string(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let file_type = entry.file_type().map_err(io)?;
        if file_type.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            let is_file = file_type.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file());
            if is_file {
                files.push(path);
            }
        }
    }
    Ok(())
}

/// Below this size a file is parsed on the calling thread; above it, in parts on several threads.
const PARALLEL_MIN_BYTES: usize = 4 << 20;

fn read_into(file: &str, text: &str, options: &ReadOptions, out: &mut Vec<Document>) -> Result<(), Error> {
    let file: Arc<str> = file.into();
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    let parts = if text.len() >= PARALLEL_MIN_BYTES && threads > 1 {
        split(text, threads)
    } else {
        Vec::new()
    };
    if parts.len() < 2 {
        return parse_part(&file, text, 0, options, out);
    }
    read_parts(&file, text, &parts, options, out)
}

fn read_parts(
    file: &Arc<str>,
    text: &str,
    parts: &[(usize, usize, usize)],
    options: &ReadOptions,
    out: &mut Vec<Document>,
) -> Result<(), Error> {
    // The parser is the bottleneck on big inputs (tens of MB of `kubectl get -o yaml`), and documents are
    // independent, so parts cut at document markers are parsed side by side.
    let results: Vec<Result<Vec<Document>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|&(start, end, first_line)| {
                scope.spawn(move || {
                    let mut docs = Vec::new();
                    parse_part(file, &text[start..end], first_line, options, &mut docs).map(|()| docs)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    for result in results {
        // The first error in file order wins, as it would when parsing on one thread.
        out.extend(result?);
    }
    Ok(())
}

/// Cuts `text` into about `n` parts `(start, end, lines before start)`, each starting at a `---` line. A
/// document marker at column 0 ends any scalar, so the parts hold exactly the documents of the whole. Files
/// with directives (`%YAML`, `%TAG` apply to the next document) are left whole.
fn split(text: &str, n: usize) -> Vec<(usize, usize, usize)> {
    if text.starts_with('%') || text.contains("\n%") {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let mut parts = Vec::with_capacity(n);
    let (mut start, mut first_line) = (0, 0);
    for i in 1..n {
        let target = (text.len() * i / n).max(start);
        let Some(cut) = next_document_marker(text, target) else {
            break;
        };
        if cut <= start {
            continue;
        }
        parts.push((start, cut, first_line));
        first_line += bytes[start..cut].iter().filter(|&&b| b == b'\n').count();
        start = cut;
    }
    parts.push((start, text.len(), first_line));
    parts
}

/// The byte offset of the first line at or after `from` that is a `---` document marker.
fn next_document_marker(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while !text.is_char_boundary(i) {
        i += 1;
    }
    while let Some(found) = text.get(i..).and_then(|rest| rest.find("\n---")) {
        let line = i + found + 1;
        if matches!(bytes.get(line + 3), None | Some(b' ' | b'\t' | b'\r' | b'\n')) {
            return Some(line);
        }
        i = line;
    }
    None
}

/// Parses `text`, which starts at line `first_line + 1` of `file`.
fn parse_part(
    file: &Arc<str>,
    text: &str,
    first_line: usize,
    options: &ReadOptions,
    out: &mut Vec<Document>,
) -> Result<(), Error> {
    let mut builder = Builder::new(file.clone(), options);
    let mut parser_options = Options::default();
    parser_options.set_emit_comments(false);
    // Where the part of `text` being parsed starts: byte offset, and the line and (0-based) column it is at.
    let (mut offset, mut line, mut column) = (0, first_line, 0);
    'segments: loop {
        builder.line_offset = line;
        builder.column_offset = column;
        for item in Parser::new_from_str_with_options(&text[offset..], parser_options.clone()) {
            let (event, span) = match item {
                Ok(ok) => ok,
                Err(e) => {
                    // Concatenated JSON values (`{...}{...}`, as `kubectl get -o json` in a loop prints) are
                    // not one YAML stream; the parser stops where the next one starts, so continue from there.
                    let marker = e.marker();
                    let next = marker.byte_offset().map(|b| offset + b);
                    if let (ErrorKind::ExpectedDocumentStart, true, Some(next)) =
                        (e.kind(), builder.stack.is_empty(), next)
                        && text[next..].starts_with(['{', '['])
                    {
                        builder.anchors.clear();
                        column = if marker.line() == 1 {
                            column + marker.col()
                        } else {
                            marker.col()
                        };
                        line += marker.line() - 1;
                        offset = next;
                        continue 'segments;
                    }
                    return Err(builder.syntax(&e));
                }
            };
            if let Some(root) = builder.event(event, &span)? {
                objects(file, root, out, 0)?;
            }
        }
        return Ok(());
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes objects
// ---------------------------------------------------------------------------------------------------------------

const OBJECT: &str = "expected a Kubernetes object (a mapping with apiVersion and kind)";

fn invalid(file: &Arc<str>, node: &Node, message: String) -> Error {
    Error::Invalid {
        position: Position {
            file: file.clone(),
            line: node.line,
            column: node.column,
        },
        message,
    }
}

fn describe(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Null => "null",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Number(_) => "a number",
        NodeKind::String(_) => "a string",
        NodeKind::Seq(_) => "a sequence",
        NodeKind::Map(_) => "a mapping",
    }
}

fn field<'a>(entries: &'a [(Node, Node)], name: &str) -> Option<&'a Node> {
    entries
        .iter()
        .find(|(k, _)| matches!(&k.kind, NodeKind::String(s) if **s == *name))
        .map(|(_, v)| v)
}

/// `Ok(None)` when absent, so the caller can decide whether absence is an error (typed list items may omit it).
fn string_field<'a>(
    file: &Arc<str>,
    entries: &'a [(Node, Node)],
    name: &str,
) -> Result<Option<&'a str>, Error> {
    match field(entries, name) {
        None => Ok(None),
        Some(Node {
            kind: NodeKind::String(s),
            ..
        }) if !s.is_empty() => Ok(Some(&**s)),
        Some(
            node @ Node {
                kind: NodeKind::String(_),
                ..
            },
        ) => Err(invalid(file, node, format!("field \"{name}\" must not be empty"))),
        Some(node) => Err(invalid(
            file,
            node,
            format!(
                "field \"{name}\" must be a string, found {}",
                describe(&node.kind)
            ),
        )),
    }
}

/// Checks one document (or `List` item) and appends the objects it holds to `out`.
fn objects(file: &Arc<str>, mut node: Node, out: &mut Vec<Document>, depth: usize) -> Result<(), Error> {
    let NodeKind::Map(entries) = &mut node.kind else {
        if depth == 0 && node.kind == NodeKind::Null {
            // An empty document, e.g. after a trailing `---`.
            return Ok(());
        }
        return Err(invalid(
            file,
            &node,
            format!("{OBJECT}, found {}", describe(&node.kind)),
        ));
    };
    let kind = string_field(file, entries, "kind")?;
    let api_version = string_field(file, entries, "apiVersion")?;
    let (Some(kind), Some(api_version)) = (kind, api_version) else {
        let missing = if kind.is_none() { "kind" } else { "apiVersion" };
        return Err(invalid(
            file,
            &node,
            format!("missing field \"{missing}\": {OBJECT}"),
        ));
    };
    // Owned, because flattening a list below takes its items out of `entries`.
    let (kind, api_version) = (kind.to_owned(), api_version.to_owned());
    if let Some(element_kind) = kind.strip_suffix("List") {
        // `kind: List` and core `v1` lists must be lists; elsewhere a kind ending in `List` may be an ordinary
        // custom resource, so it is only flattened when it looks like a list.
        let strict = element_kind.is_empty() || api_version == "v1";
        let items = entries
            .iter()
            .position(|(k, _)| matches!(&k.kind, NodeKind::String(s) if &**s == "items"));
        let is_list = match items.map(|i| &entries[i].1.kind) {
            Some(NodeKind::Seq(_) | NodeKind::Null) => true,
            Some(other) if strict => {
                let value = &entries[items.unwrap_or_default()].1;
                return Err(invalid(
                    file,
                    value,
                    format!(
                        "field \"items\" of a {kind} must be a sequence, found {}",
                        describe(other)
                    ),
                ));
            }
            None if strict => {
                return Err(invalid(
                    file,
                    &node,
                    format!("missing field \"items\" in a {kind}"),
                ));
            }
            _ => false,
        };
        if let (true, Some(i)) = (is_list, items) {
            let defaults =
                (!element_kind.is_empty()).then(|| (element_kind.to_string(), api_version.to_string()));
            let items = std::mem::replace(&mut entries[i].1.kind, NodeKind::Null);
            if let NodeKind::Seq(items) = items {
                for mut item in items {
                    if let (Some((kind, api_version)), NodeKind::Map(fields)) = (&defaults, &mut item.kind) {
                        // Lists straight from the API server (`IngressList`) leave the type out of their items.
                        let (line, column) = (item.line, item.column);
                        for (name, value) in [("apiVersion", api_version), ("kind", kind)] {
                            if field(fields, name).is_none() {
                                let at = |kind| Node { line, column, kind };
                                let mut grown = std::mem::take(fields).into_vec();
                                grown.push((
                                    at(NodeKind::String(name.into())),
                                    at(NodeKind::String(value.as_str().into())),
                                ));
                                *fields = grown.into_boxed_slice();
                            }
                        }
                    }
                    objects(file, item, out, depth + 1)?;
                }
            }
            return Ok(());
        }
    }
    out.push(Document::new(file.clone(), node));
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Events to nodes
// ---------------------------------------------------------------------------------------------------------------

/// A collection being built.
struct Frame {
    line: u32,
    column: u32,
    anchor: usize,
    /// Nodes in the finished children, for the alias budget.
    size: usize,
    /// Height of the tallest finished child, so copies through aliases respect `max_depth`.
    height: usize,
    /// Scalar bytes in the finished children, for the alias byte budget.
    bytes: usize,
    body: Body,
}

enum Body {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Node, Node)>,
        /// The key waiting for its value; the flag says it is the merge key `<<`.
        key: Option<(Node, bool)>,
        /// Values of `<<` entries, applied when the mapping ends.
        merges: Vec<Node>,
    },
}

/// A finished node with the bookkeeping its parent needs.
struct Built {
    node: Node,
    size: usize,
    height: usize,
    /// Scalar bytes in the node (keys and values).
    bytes: usize,
}

struct Builder<'o> {
    file: Arc<str>,
    options: &'o ReadOptions,
    /// Short strings already read in this part, shared instead of allocated again: Kubernetes objects repeat
    /// the same keys and many values (`name`, `port`, `Prefix`, a host in rules and tls) thousands of times.
    strings: HashSet<Arc<str>, BuildHasherDefault<FxHasher>>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Built>,
    /// Nodes created by alias expansion so far in this file.
    expanded: usize,
    /// Scalar bytes copied through aliases so far in this file.
    expanded_bytes: usize,
    /// Lines before the part of the file being parsed (see concatenated JSON in `read_into`).
    line_offset: usize,
    /// Columns before the part being parsed, on its first line.
    column_offset: usize,
}

impl<'o> Builder<'o> {
    fn new(file: Arc<str>, options: &'o ReadOptions) -> Self {
        Builder {
            file,
            options,
            strings: HashSet::default(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            expanded: 0,
            expanded_bytes: 0,
            line_offset: 0,
            column_offset: 0,
        }
    }

    /// 1-based line and column in the whole file.
    fn position(&self, marker: &Marker) -> (u32, u32) {
        let column = if marker.line() == 1 {
            self.column_offset + marker.col()
        } else {
            marker.col()
        };
        (to_u32(self.line_offset + marker.line()), to_u32(column + 1))
    }

    fn syntax(&self, e: &ScanError) -> Error {
        let (line, column) = self.position(e.marker());
        Error::Syntax {
            position: Position {
                file: self.file.clone(),
                line,
                column,
            },
            message: e.info(),
        }
    }

    fn error(&self, line: u32, column: u32, message: String) -> Error {
        Error::Invalid {
            position: Position {
                file: self.file.clone(),
                line,
                column,
            },
            message,
        }
    }

    /// Feeds one event; returns the root of a document when one is complete.
    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<Option<Node>, Error> {
        let (line, column) = self.position(&span.start);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let merge = style == ScalarStyle::Plain && tag.is_none() && value == "<<";
                let bytes = value.len();
                let kind = self.scalar(value, style, tag.as_deref(), line, column)?;
                let built = Built {
                    node: Node { line, column, kind },
                    size: 1,
                    height: 0,
                    bytes,
                };
                self.finish(built, anchor, merge)
            }
            Event::SequenceStart(_, anchor, _) => {
                self.open(line, column, anchor, Body::Seq(Vec::new()))?;
                Ok(None)
            }
            Event::MappingStart(_, anchor, _) => {
                let body = Body::Map {
                    entries: Vec::new(),
                    key: None,
                    merges: Vec::new(),
                };
                self.open(line, column, anchor, body)?;
                Ok(None)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(None);
                };
                let kind = match frame.body {
                    Body::Seq(items) => NodeKind::Seq(items.into_boxed_slice()),
                    Body::Map { entries, merges, .. } => {
                        NodeKind::Map(self.mapping(entries, merges)?.into_boxed_slice())
                    }
                };
                let built = Built {
                    node: Node {
                        line: frame.line,
                        column: frame.column,
                        kind,
                    },
                    size: frame.size + 1,
                    height: frame.height + 1,
                    bytes: frame.bytes,
                };
                self.finish(built, frame.anchor, false)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.error(line, column, "alias to an unknown anchor".into()));
                };
                self.expanded = self.expanded.saturating_add(target.size);
                if self.expanded > self.options.max_alias_expansions {
                    return Err(self.error(
                        line,
                        column,
                        format!(
                            "too many alias expansions (more than {} nodes copied through aliases)",
                            self.options.max_alias_expansions
                        ),
                    ));
                }
                self.expanded_bytes = self.expanded_bytes.saturating_add(target.bytes);
                if self.expanded_bytes > self.options.max_alias_bytes {
                    return Err(self.error(
                        line,
                        column,
                        format!(
                            "aliases copy more than {} MiB of text; expand them or raise the limit",
                            self.options.max_alias_bytes >> 20
                        ),
                    ));
                }
                if self.stack.len() + target.height > self.options.max_depth {
                    return Err(self.too_deep(line, column));
                }
                let mut node = target.node.clone();
                // The copy's own position is the alias, so a finding about it points where it is used.
                node.line = line;
                node.column = column;
                let built = Built {
                    node,
                    size: target.size,
                    height: target.height,
                    bytes: target.bytes,
                };
                self.finish(built, 0, false)
            }
            Event::DocumentStart(..) => {
                self.stack.clear();
                Ok(None)
            }
            Event::DocumentEnd => {
                // Anchors do not cross documents; freeing them keeps memory flat over long streams.
                self.anchors.clear();
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    fn too_deep(&self, line: u32, column: u32) -> Error {
        self.error(
            line,
            column,
            format!("nesting deeper than {} levels", self.options.max_depth),
        )
    }

    fn open(&mut self, line: u32, column: u32, anchor: usize, body: Body) -> Result<(), Error> {
        if self.stack.len() >= self.options.max_depth {
            return Err(self.too_deep(line, column));
        }
        self.stack.push(Frame {
            line,
            column,
            anchor,
            size: 0,
            height: 0,
            bytes: 0,
            body,
        });
        Ok(())
    }

    /// Hands a finished node to its parent, or returns it when it is a document root.
    fn finish(&mut self, built: Built, anchor: usize, merge: bool) -> Result<Option<Node>, Error> {
        if anchor != 0 {
            let copy = Built {
                node: built.node.clone(),
                size: built.size,
                height: built.height,
                bytes: built.bytes,
            };
            self.anchors.insert(anchor, copy);
        }
        let Some(frame) = self.stack.last_mut() else {
            return Ok(Some(built.node));
        };
        frame.size += built.size;
        frame.height = frame.height.max(built.height);
        frame.bytes = frame.bytes.saturating_add(built.bytes);
        match &mut frame.body {
            Body::Seq(items) => items.push(built.node),
            Body::Map { entries, key, merges } => match key.take() {
                None => *key = Some((built.node, merge)),
                Some((_, true)) => merges.push(built.node),
                Some((k, false)) => entries.push((k, built.node)),
            },
        }
        Ok(None)
    }

    /// Checks for duplicate keys and applies merge keys.
    fn mapping(&self, mut entries: Vec<(Node, Node)>, merges: Vec<Node>) -> Result<Vec<(Node, Node)>, Error> {
        if let Some(i) = first_duplicate(&entries) {
            let key = &entries[i].0;
            return Err(self.error(key.line, key.column, format!("duplicate key {:?}", key_text(key))));
        }
        if merges.is_empty() {
            return Ok(entries);
        }
        // Explicit keys win over merged ones, and among merged mappings the earlier one wins (YAML merge spec).
        let mut seen: HashSet<String> = entries.iter().map(|(k, _)| key_text(k).into_owned()).collect();
        for value in merges {
            let maps = match value.kind {
                NodeKind::Map(map) => vec![map],
                NodeKind::Seq(items) => {
                    let mut maps = Vec::with_capacity(items.len());
                    for item in items {
                        match item.kind {
                            NodeKind::Map(map) => maps.push(map),
                            other => return Err(self.merge_error(item.line, item.column, &other)),
                        }
                    }
                    maps
                }
                other => return Err(self.merge_error(value.line, value.column, &other)),
            };
            for map in maps {
                for (k, v) in map {
                    if seen.insert(key_text(&k).into_owned()) {
                        entries.push((k, v));
                    }
                }
            }
        }
        Ok(entries)
    }

    fn merge_error(&self, line: u32, column: u32, found: &NodeKind) -> Error {
        self.error(
            line,
            column,
            format!(
                "the merge key \"<<\" needs a mapping or a sequence of mappings, found {}",
                describe(found)
            ),
        )
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        line: u32,
        column: u32,
    ) -> Result<NodeKind, Error> {
        let core = tag.and_then(Tag::core_suffix);
        let kind = match core {
            Some("str") => None,
            Some("null") => Some(NodeKind::Null),
            Some(expected @ ("bool" | "int" | "float")) => {
                let kind = match expected {
                    "bool" => parse_bool(&value).map(NodeKind::Bool),
                    "int" => parse_int(&value).map(NodeKind::Number),
                    _ => parse_float(&value)
                        .or_else(|| {
                            parse_int(&value)
                                .and_then(|n| n.as_f64())
                                .and_then(serde_json::Number::from_f64)
                        })
                        .map(NodeKind::Number),
                };
                if kind.is_none() && !(expected == "float" && is_special_float(&value)) {
                    return Err(self.error(line, column, format!("{value:?} is not a valid !!{expected}")));
                }
                kind
            }
            // Application tags (`!Ref`) say nothing about the core type, but the non-specific `!` means "a string".
            _ if style == ScalarStyle::Plain && tag.is_none_or(|t| (t.handle(), t.suffix()) != ("", "!")) => {
                resolve_plain(&value)
            }
            _ => None,
        };
        Ok(kind.unwrap_or_else(|| NodeKind::String(self.intern(&value))))
    }

    fn intern(&mut self, value: &str) -> Arc<str> {
        // Long strings (certificates, embedded JSON) rarely repeat: not worth hashing or keeping in the table.
        if value.len() > 64 {
            return value.into();
        }
        if let Some(shared) = self.strings.get(value) {
            return shared.clone();
        }
        let shared: Arc<str> = value.into();
        self.strings.insert(shared.clone());
        shared
    }
}

/// The Firefox/rustc hash: the interning table hashes every short scalar, and SipHash's protection against
/// collision attacks costs more than the table saves; a hostile input can at worst slow its own reading.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn key_text(key: &Node) -> Cow<'_, str> {
    match &key.kind {
        NodeKind::String(s) => Cow::Borrowed(&**s),
        // The same spelling `Node::to_json` gives a non-string key, so duplicates are judged as JSON sees them.
        _ => Cow::Owned(
            Node {
                line: 0,
                column: 0,
                kind: key.kind.clone(),
            }
            .to_json()
            .to_string(),
        ),
    }
}

/// The index of the earliest entry whose key already appeared.
fn first_duplicate(entries: &[(Node, Node)]) -> Option<usize> {
    if entries.len() <= 16 {
        return (1..entries.len()).find(|&j| {
            let kj = key_text(&entries[j].0);
            entries[..j].iter().any(|(k, _)| key_text(k) == kj)
        });
    }
    // Sorting keeps big mappings (a ConfigMap with thousands of keys) away from quadratic work.
    let mut keys: Vec<(Cow<'_, str>, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (key_text(k), i))
        .collect();
    keys.sort_unstable();
    keys.windows(2).filter(|w| w[0].0 == w[1].0).map(|w| w[1].1).min()
}

// ---------------------------------------------------------------------------------------------------------------
// YAML 1.2 core schema
// ---------------------------------------------------------------------------------------------------------------

fn resolve_plain(s: &str) -> Option<NodeKind> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Some(NodeKind::Null),
        _ => parse_bool(s)
            .map(NodeKind::Bool)
            .or_else(|| parse_int(s).map(NodeKind::Number))
            // An integer too large for 64 bits stays text rather than silently losing digits as a float.
            .or_else(|| {
                if is_decimal_int(s) {
                    None
                } else {
                    parse_float(s).map(NodeKind::Number)
                }
            }),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn is_decimal_int(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn parse_int(s: &str) -> Option<serde_json::Number> {
    let radix = |digits: &str, radix: u32| {
        // `from_str_radix` would also accept a sign, which the core schema does not allow here.
        if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
            u64::from_str_radix(digits, radix)
                .ok()
                .map(serde_json::Number::from)
        } else {
            None
        }
    };
    if let Some(hex) = s.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return radix(oct, 8);
    }
    if !is_decimal_int(s) {
        return None;
    }
    if s.starts_with('-') {
        s.parse::<i64>().ok().map(serde_json::Number::from)
    } else {
        s.strip_prefix('+')
            .unwrap_or(s)
            .parse::<u64>()
            .ok()
            .map(serde_json::Number::from)
    }
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`; infinities and NaN are left to the
/// caller because JSON cannot hold them.
fn parse_float(s: &str) -> Option<serde_json::Number> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let whole = digits(&mut i);
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        fraction = digits(&mut i);
    }
    if whole == 0 && fraction == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
}

fn is_special_float(s: &str) -> bool {
    matches!(
        s,
        ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
            | ".nan"
            | ".NaN"
            | ".NAN"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(docs: &[Document]) -> Vec<String> {
        docs.iter()
            .map(|d| {
                format!(
                    "{}@{}",
                    d.type_meta().1.unwrap_or("?"),
                    d.position_of(&Default::default())
                )
            })
            .collect()
    }

    #[test]
    fn parts_parse_like_the_whole() {
        let mut text = String::from("apiVersion: v1\nkind: A0\nx: |\n  ---\n  text\n");
        for i in 1..40 {
            text.push_str(&format!(
                "--- \napiVersion: v1\nkind: A{i}\nname: caf\u{e9}\n---\n# empty\n"
            ));
        }
        let file: Arc<str> = "f".into();
        let options = ReadOptions::default();
        let mut whole = Vec::new();
        parse_part(&file, &text, 0, &options, &mut whole).unwrap();
        for n in [2, 3, 7, 100] {
            let parts = split(&text, n);
            assert!(parts.len() > 1);
            assert!(
                parts
                    .windows(2)
                    .all(|w| w[0].1 == w[1].0 && text[w[1].0..].starts_with("---"))
            );
            let mut docs = Vec::new();
            read_parts(&file, &text, &parts, &options, &mut docs).unwrap();
            assert_eq!(kinds(&docs), kinds(&whole));
            assert_eq!(
                docs.iter().map(Document::to_json).collect::<Vec<_>>(),
                whole.iter().map(Document::to_json).collect::<Vec<_>>()
            );
        }
        text.push_str("---\napiVersion: v1\nkind: [\n");
        let parts = split(&text, 4);
        let mut docs = Vec::new();
        let e = read_parts(&file, &text, &parts, &options, &mut docs).unwrap_err();
        assert_eq!(
            e.to_string(),
            parse_part(&file, &text, 0, &options, &mut Vec::new())
                .unwrap_err()
                .to_string()
        );
        assert!(split("%YAML 1.2\n---\na: 1\n---\nb: 2\n", 2).is_empty());
    }
}
