//! Message framing, detected per message from its first non-blank byte:
//! `Content-Length: N\r\n\r\n` + N bytes (LSP style), or one JSON value per line (NDJSON).
//! Every read is bounded: a line, a header block or a body over the limit is skipped, not stored.

use std::io::{self, BufRead, BufReader, Read, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    ContentLength,
    Ndjson,
}

#[derive(Debug)]
pub enum Incoming {
    Message { framing: Framing, body: Vec<u8> },
    /// A message over the limit. `head` is its first bytes (at most [`HEAD_BYTES`]), where the
    /// request's id can be read; `to_skip` bytes of it are still unread: the caller answers first
    /// (a declared length can be anything up to 2^64-1), then calls [`FrameReader::skip`].
    Oversize { framing: Framing, size: usize, head: Vec<u8>, to_skip: usize },
    BadHeader { reason: String },
    Eof,
}

const MAX_HEADER_LINE: usize = 1024;
const MAX_HEADER_LINES: usize = 16;
/// How much of an oversize message is kept to find its id in: a client writes `jsonrpc` and `id`
/// first, so the id is within the first few dozen bytes.
pub const HEAD_BYTES: usize = 4096;

pub struct FrameReader<R: Read> {
    inner: BufReader<R>,
    max: usize,
    /// A line read while looking for the end of a header block that turned out to be the next
    /// NDJSON message; served by the next call.
    pending: Option<Vec<u8>>,
    /// The framing of the last well-formed message: a framing error is answered in it, so an
    /// NDJSON client gets an NDJSON line.
    last_framing: Option<Framing>,
}

enum Line {
    Complete(Vec<u8>),
    /// Longer than the limit; the rest was discarded. Carries the length seen and the first
    /// [`HEAD_BYTES`] bytes.
    TooLong(usize, Vec<u8>),
    Eof,
}

impl<R: Read> FrameReader<R> {
    pub fn new(inner: BufReader<R>, max: usize) -> Self {
        FrameReader { inner, max, pending: None, last_framing: None }
    }

    /// True when a further message may already be buffered (so a flush can wait).
    pub fn has_buffered_input(&self) -> bool {
        self.pending.is_some() || !self.inner.buffer().is_empty()
    }

    /// The framing to answer a framing error in: the client's last, else Content-Length.
    pub fn reply_framing(&self) -> Framing {
        self.last_framing.unwrap_or(Framing::ContentLength)
    }

    pub fn next_message(&mut self) -> io::Result<Incoming> {
        let message = self.read_message()?;
        if let Incoming::Message { framing, .. } | Incoming::Oversize { framing, .. } = &message {
            self.last_framing = Some(*framing);
        }
        Ok(message)
    }

    fn read_message(&mut self) -> io::Result<Incoming> {
        let first = match self.pending.take() {
            Some(line) => line,
            None => {
                if !self.skip_blank()? {
                    return Ok(Incoming::Eof);
                }
                match self.read_line(self.max)? {
                    Line::Eof => return Ok(Incoming::Eof),
                    Line::TooLong(size, head) => return Ok(Incoming::Oversize { framing: Framing::Ndjson, size, head, to_skip: 0 }),
                    Line::Complete(line) => line,
                }
            }
        };
        if !looks_like_header(&first) {
            return Ok(Incoming::Message { framing: Framing::Ndjson, body: first });
        }
        // A header block: read lines until the blank one.
        let mut length: Option<usize> = None;
        let mut line = first;
        let mut count = 0;
        loop {
            count += 1;
            if count > MAX_HEADER_LINES {
                return Ok(Incoming::BadHeader { reason: format!("more than {MAX_HEADER_LINES} header lines") });
            }
            if line.len() > MAX_HEADER_LINE + 2 {
                return Ok(Incoming::BadHeader { reason: format!("a header line is longer than {MAX_HEADER_LINE} bytes") });
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    match value.trim().parse::<usize>() {
                        Ok(n) => length = Some(n),
                        Err(_) => return Ok(Incoming::BadHeader { reason: "Content-Length is not a number".into() }),
                    }
                }
            }
            // Lines are read up to the message limit so that a request which follows a stray
            // header-like line is not lost: it ends the block and is served next.
            line = match self.read_line(self.max)? {
                Line::Complete(l) => l,
                Line::TooLong(..) => {
                    return Ok(Incoming::BadHeader { reason: format!("a header line is longer than {MAX_HEADER_LINE} bytes") })
                }
                Line::Eof => return Ok(Incoming::Eof),
            };
            if !is_blank(&line) && !looks_like_header(&line) {
                self.pending = Some(line);
                return Ok(Incoming::BadHeader { reason: "header block not ended by a blank line".into() });
            }
        }
        let Some(n) = length else {
            return Ok(Incoming::BadHeader { reason: "header block without Content-Length".into() });
        };
        if n > self.max {
            // The head is what one read brings (the header's own chunk, as a rule): never wait for
            // more, the declared length may be a lie.
            let available = loop {
                match self.inner.fill_buf() {
                    Ok(b) => break b,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            let head = available[..available.len().min(n).min(HEAD_BYTES)].to_vec();
            self.inner.consume(head.len());
            let to_skip = n - head.len();
            return Ok(Incoming::Oversize { framing: Framing::ContentLength, size: n, head, to_skip });
        }
        let mut body = vec![0u8; n];
        match self.inner.read_exact(&mut body) {
            Ok(()) => Ok(Incoming::Message { framing: Framing::ContentLength, body }),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Incoming::Eof),
            Err(e) => Err(e),
        }
    }

    /// Skips whitespace between messages. Returns false at end of input.
    fn skip_blank(&mut self) -> io::Result<bool> {
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(false);
            }
            let blanks = buf.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')).count();
            let all = blanks == buf.len();
            self.inner.consume(blanks);
            if !all {
                return Ok(true);
            }
        }
    }

    /// Reads one line (through `\n`, or to EOF) holding at most `limit` bytes in memory.
    fn read_line(&mut self, limit: usize) -> io::Result<Line> {
        let mut line = Vec::new();
        let mut seen = 0usize;
        let mut too_long = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                // EOF: a final line without `\n` still counts as a message.
                return Ok(if too_long {
                    Line::TooLong(seen, line)
                } else if line.is_empty() {
                    Line::Eof
                } else {
                    Line::Complete(line)
                });
            }
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..=i], true),
                None => (buf, false),
            };
            let len = chunk.len();
            seen += len;
            if !too_long {
                if seen > limit.saturating_add(2) {
                    too_long = true;
                    line.extend_from_slice(&chunk[..chunk.len().min(HEAD_BYTES.saturating_sub(line.len()))]);
                    line.truncate(HEAD_BYTES);
                    line.shrink_to_fit();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            self.inner.consume(len);
            if done {
                return Ok(if too_long { Line::TooLong(seen, line) } else { Line::Complete(line) });
            }
        }
    }

    /// Skips the unread rest of an oversize message, counting, without storing it.
    pub fn skip(&mut self, n: usize) -> io::Result<()> {
        self.discard(n)
    }

    fn discard(&mut self, mut n: usize) -> io::Result<()> {
        while n > 0 {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            let k = buf.len().min(n);
            self.inner.consume(k);
            n -= k;
        }
        Ok(())
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b'\r' | b'\n'))
}

/// `Name: value` with a token-like name; anything else (JSON, typos) is an NDJSON line.
fn looks_like_header(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else { return false };
    colon > 0 && line[..colon].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// The `id` of a JSON-RPC request read from the first bytes of its message (an oversize one, whose
/// whole text is never held): the top-level object's `id` member when it is complete within
/// `head` and a string or an integer, else None. Nested values are skipped, strings with escapes
/// included, so an `"id"` inside `params` is never taken for the request's.
pub fn id_in_head(head: &[u8]) -> Option<serde_json::Value> {
    let mut i = 0;
    let ws = |i: &mut usize| {
        while head.get(*i).is_some_and(|b| b.is_ascii_whitespace()) {
            *i += 1;
        }
    };
    // The end (exclusive) of the string starting at `i` (a `"`).
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        loop {
            match head.get(i)? {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
    };
    ws(&mut i);
    if head.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        ws(&mut i);
        if head.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(i)?;
        let key = &head[i..key_end];
        i = key_end;
        ws(&mut i);
        if head.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
        ws(&mut i);
        let start = i;
        // Skip one value: a string, or anything up to the `,` or `}` that ends it at this depth.
        let mut depth = 0usize;
        loop {
            match head.get(i)? {
                b'"' => i = string_end(i)?,
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    i += 1;
                }
                b',' | b'}' if depth == 0 => break,
                _ => i += 1,
            }
        }
        if key == b"\"id\"" {
            let value: serde_json::Value = serde_json::from_slice(head[start..i].trim_ascii()).ok()?;
            return match &value {
                serde_json::Value::String(_) => Some(value),
                serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some(value),
                _ => None,
            };
        }
        if head[i] == b'}' {
            return None;
        }
        i += 1;
    }
}

pub fn write_frame<W: Write>(out: &mut W, framing: Framing, body: &[u8]) -> io::Result<()> {
    match framing {
        Framing::ContentLength => {
            write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
            out.write_all(body)
        }
        Framing::Ndjson => {
            out.write_all(body)?;
            out.write_all(b"\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(input: &[u8], max: usize) -> FrameReader<&[u8]> {
        FrameReader::new(BufReader::with_capacity(16, input), max)
    }

    fn body(m: Incoming) -> (Framing, String) {
        match m {
            Incoming::Message { framing, body } => (framing, String::from_utf8(body).unwrap()),
            other => panic!("expected a message, got {other:?}"),
        }
    }

    #[test]
    fn both_framings_in_one_stream() {
        let input = b"Content-Length: 2\r\n\r\n{}\n\n  {\"a\":1}\ncontent-length:3\r\nContent-Type: x\r\n\r\n[1]{\"b\":2}";
        let mut r = reader(input, 100);
        assert_eq!(body(r.next_message().unwrap()), (Framing::ContentLength, "{}".into()));
        assert_eq!(body(r.next_message().unwrap()), (Framing::Ndjson, "{\"a\":1}\n".into()));
        assert_eq!(body(r.next_message().unwrap()), (Framing::ContentLength, "[1]".into()));
        assert_eq!(body(r.next_message().unwrap()), (Framing::Ndjson, "{\"b\":2}".into()));
        assert!(matches!(r.next_message().unwrap(), Incoming::Eof));
    }

    #[test]
    fn oversize_is_skipped_and_reading_goes_on() {
        let long = format!("{{\"x\":\"{}\"}}\n{{}}\n", "a".repeat(500));
        let mut r = reader(long.as_bytes(), 100);
        assert!(matches!(r.next_message().unwrap(), Incoming::Oversize { framing: Framing::Ndjson, .. }));
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
        let framed = format!("Content-Length: 500\r\n\r\n{}{{}}\n", "b".repeat(500));
        let mut r = reader(framed.as_bytes(), 100);
        match r.next_message().unwrap() {
            Incoming::Oversize { framing: Framing::ContentLength, size: 500, head, to_skip } => {
                assert_eq!(head.len() + to_skip, 500);
                r.skip(to_skip).unwrap();
            }
            other => panic!("expected an oversize message, got {other:?}"),
        }
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
    }

    #[test]
    fn garbage_is_an_ndjson_line_and_bad_headers_are_reported() {
        let mut r = reader(b"hello world\nX-Foo: 1\r\n\r\n{}\n", 100);
        assert_eq!(body(r.next_message().unwrap()).1, "hello world\n");
        assert!(matches!(r.next_message().unwrap(), Incoming::BadHeader { .. }));
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
    }

    #[test]
    fn a_stray_header_line_does_not_swallow_the_next_request() {
        let mut r = reader(b"Foo: bar\n{\"a\":1}\nX-A: 1\r\nX-B: 2\r\n[1]\n", 100);
        assert!(matches!(r.next_message().unwrap(), Incoming::BadHeader { .. }));
        assert_eq!(body(r.next_message().unwrap()), (Framing::Ndjson, "{\"a\":1}\n".into()));
        assert!(matches!(r.next_message().unwrap(), Incoming::BadHeader { .. }));
        assert_eq!(body(r.next_message().unwrap()), (Framing::Ndjson, "[1]\n".into()));
        assert!(matches!(r.next_message().unwrap(), Incoming::Eof));
    }

    #[test]
    fn header_lines_are_bounded_in_length_and_number() {
        let long = format!("X-Long: {}\r\n\r\n{{}}\n", "a".repeat(MAX_HEADER_LINE + 10));
        let mut r = reader(long.as_bytes(), 1 << 20);
        assert!(matches!(r.next_message().unwrap(), Incoming::BadHeader { reason } if reason.contains("longer than")));
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
        let many = format!("{}\r\n{{}}\n", "X-A: 1\r\n".repeat(MAX_HEADER_LINES + 1));
        let mut r = reader(many.as_bytes(), 1 << 20);
        assert!(matches!(r.next_message().unwrap(), Incoming::BadHeader { reason } if reason.contains("header lines")));
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
    }

    /// The id of an oversize request is read from its head: the top-level `id` only, a string or an
    /// integer, complete within the head.
    #[test]
    fn the_id_is_read_from_a_message_head() {
        let id = |s: &str| id_in_head(s.as_bytes());
        assert_eq!(id(r#"{"jsonrpc":"2.0","id":42,"method":"transformResponse","params":{"x":"#), Some(serde_json::json!(42)));
        assert_eq!(id(r#" { "jsonrpc" : "2.0" , "id" : "a\"b" , "#), Some(serde_json::json!("a\"b")));
        assert_eq!(id(r#"{"method":"m","params":{"id":7,"s":"\"id\":9 }"},"id":3,"#), Some(serde_json::json!(3)));
        assert_eq!(id(r#"{"method":"m","params":{"id":7,"body":"xxxxxxxx"#), None);
        assert_eq!(id(r#"{"jsonrpc":"2.0","id":4"#), None, "a number cut at the head's end may be longer");
        assert_eq!(id(r#"{"id":1.5,"#), None);
        assert_eq!(id(r#"{"id":null,"#), None);
        assert_eq!(id(r#"[{"id":1}]"#), None);
        assert_eq!(id("not json"), None);
    }

    /// Hands out its input in chunks of the given sizes, so messages straddle every read boundary.
    struct Chunked {
        data: Vec<u8>,
        pos: usize,
        sizes: Vec<usize>,
        turn: usize,
    }

    impl Read for Chunked {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let want = self.sizes[self.turn % self.sizes.len()].max(1);
            self.turn += 1;
            let n = want.min(buf.len()).min(self.data.len() - self.pos);
            buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }

    fn chunked(data: Vec<u8>, sizes: Vec<usize>, capacity: usize, max: usize) -> FrameReader<Chunked> {
        FrameReader::new(BufReader::with_capacity(capacity, Chunked { data, pos: 0, sizes, turn: 0 }), max)
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// One message as a client frames it, and the body the reader must hand back.
        fn arb_frame() -> impl Strategy<Value = (Vec<u8>, Framing, Vec<u8>)> {
            let ndjson = "[{\\[][ -~]{0,60}".prop_map(|line| {
                let body = format!("{line}\n").into_bytes();
                (body.clone(), Framing::Ndjson, body)
            });
            let content_length = prop::collection::vec(any::<u8>(), 0..80).prop_map(|body| {
                let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                framed.extend_from_slice(&body);
                (framed, Framing::ContentLength, body)
            });
            prop_oneof![ndjson, content_length]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            /// Any bytes, any read sizes, any limit: the reader ends, every call consumes input,
            /// and nothing it returns or holds exceeds the limit.
            #[test]
            fn arbitrary_bytes_end_in_eof_within_bounds(
                data in prop::collection::vec(any::<u8>(), 0..600),
                sizes in prop::collection::vec(1usize..40, 1..8),
                capacity in 1usize..64,
                max in 1usize..200,
            ) {
                let len = data.len();
                let mut r = chunked(data, sizes, capacity, max);
                let mut calls = 0;
                loop {
                    calls += 1;
                    prop_assert!(calls <= len + 2, "the reader does not make progress");
                    match r.next_message().unwrap() {
                        Incoming::Eof => break,
                        Incoming::Message { body, .. } => prop_assert!(body.len() <= max + 2, "a {}-byte body under a {max}-byte limit", body.len()),
                        Incoming::Oversize { size, head, to_skip, .. } => {
                            prop_assert!(size > max && head.len() <= HEAD_BYTES);
                            r.skip(to_skip).unwrap();
                        }
                        Incoming::BadHeader { reason } => prop_assert!(!reason.is_empty()),
                    }
                    prop_assert!(r.pending.as_ref().map_or(0, Vec::len) <= max + 2);
                }
            }

            /// Well-formed messages of both framings, separated by blank lines and split at any
            /// read boundary, come back exactly, in order, each with its framing.
            #[test]
            fn framed_messages_round_trip_across_read_boundaries(
                frames in prop::collection::vec((arb_frame(), "[ \r\n\t]{0,3}"), 0..12),
                sizes in prop::collection::vec(1usize..50, 1..8),
                capacity in 1usize..64,
            ) {
                let mut input = Vec::new();
                let mut expected = Vec::new();
                for ((framed, framing, body), gap) in &frames {
                    input.extend_from_slice(gap.as_bytes());
                    input.extend_from_slice(framed);
                    expected.push((*framing, body.clone()));
                }
                let mut r = chunked(input, sizes, capacity, 100);
                let mut got = Vec::new();
                loop {
                    match r.next_message().unwrap() {
                        Incoming::Eof => break,
                        Incoming::Message { framing, body } => got.push((framing, body)),
                        other => prop_assert!(false, "unexpected {other:?}"),
                    }
                }
                prop_assert_eq!(got, expected);
            }
        }
    }
}
