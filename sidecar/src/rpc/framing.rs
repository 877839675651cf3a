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
    Oversize { framing: Framing, size: usize },
    BadHeader { reason: String },
    Eof,
}

const MAX_HEADER_LINE: usize = 1024;
const MAX_HEADER_LINES: usize = 16;

pub struct FrameReader<R: Read> {
    inner: BufReader<R>,
    max: usize,
}

enum Line {
    Complete(Vec<u8>),
    /// Longer than the limit; the rest was discarded. Carries the length seen.
    TooLong(usize),
    Eof,
}

impl<R: Read> FrameReader<R> {
    pub fn new(inner: BufReader<R>, max: usize) -> Self {
        FrameReader { inner, max }
    }

    /// True when a further message may already be buffered (so a flush can wait).
    pub fn has_buffered_input(&self) -> bool {
        !self.inner.buffer().is_empty()
    }

    pub fn next_message(&mut self) -> io::Result<Incoming> {
        if !self.skip_blank()? {
            return Ok(Incoming::Eof);
        }
        let first = match self.read_line(self.max)? {
            Line::Eof => return Ok(Incoming::Eof),
            Line::TooLong(size) => return Ok(Incoming::Oversize { framing: Framing::Ndjson, size }),
            Line::Complete(line) => line,
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
                return Ok(Incoming::BadHeader { reason: "too many header lines".into() });
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
            line = match self.read_line(MAX_HEADER_LINE)? {
                Line::Complete(l) => l,
                Line::TooLong(_) => return Ok(Incoming::BadHeader { reason: "header line too long".into() }),
                Line::Eof => return Ok(Incoming::Eof),
            };
        }
        let Some(n) = length else {
            return Ok(Incoming::BadHeader { reason: "header block without Content-Length".into() });
        };
        if n > self.max {
            self.discard(n)?;
            return Ok(Incoming::Oversize { framing: Framing::ContentLength, size: n });
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
                    Line::TooLong(seen)
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
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            self.inner.consume(len);
            if done {
                return Ok(if too_long { Line::TooLong(seen) } else { Line::Complete(line) });
            }
        }
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

/// `Name: value` with a token-like name; anything else (JSON, typos) is an NDJSON line.
fn looks_like_header(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else { return false };
    colon > 0 && line[..colon].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
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
        assert!(matches!(r.next_message().unwrap(), Incoming::Oversize { framing: Framing::ContentLength, size: 500 }));
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
    }

    #[test]
    fn garbage_is_an_ndjson_line_and_bad_headers_are_reported() {
        let mut r = reader(b"hello world\nX-Foo: 1\r\n\r\n{}\n", 100);
        assert_eq!(body(r.next_message().unwrap()).1, "hello world\n");
        assert!(matches!(r.next_message().unwrap(), Incoming::BadHeader { .. }));
        assert_eq!(body(r.next_message().unwrap()).1, "{}\n");
    }
}
