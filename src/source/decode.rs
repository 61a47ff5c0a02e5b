//! Bytes to text. Owns the decision whether a file is text at all: NUL bytes early on mean
//! binary; a UTF-8 BOM is dropped; a UTF-16 BOM is honoured; anything else must be UTF-8 unless
//! the user named a legacy encoding (`--decode latin1`, `--decode windows-1254`). It refuses to
//! guess an encoding: a silent wrong guess would turn `%3,2` into mojibake and lose the figure.
//! Line endings are left alone (CRLF stays CRLF), so offsets match the file on disk.

use encoding_rs::Encoding;

/// How far into a file we look for NUL bytes before calling it binary.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// The encoding named by a `--decode` label (any WHATWG label: `latin1`, `iso-8859-9`,
/// `windows-1254`, …). `latin1` means windows-1252, as browsers read it.
pub(crate) fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decode a whole file. The error is the message for a one-line `LoadError`.
pub(crate) fn decode(bytes: &[u8], legacy: Option<&'static Encoding>) -> Result<String, String> {
    let Some(bom_len) = plain_utf8(bytes) else {
        return not_plain(bytes);
    };
    let body = &bytes[bom_len..];
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => not_utf8(body, e.valid_up_to(), legacy),
    }
}

/// [`decode`] for bytes the caller gives up: UTF-8 (the usual case) becomes the text in place,
/// where [`decode`] copies it.
pub(crate) fn decode_owned(
    mut bytes: Vec<u8>,
    legacy: Option<&'static Encoding>,
) -> Result<String, String> {
    let Some(bom_len) = plain_utf8(&bytes) else {
        return not_plain(&bytes);
    };
    bytes.drain(..bom_len);
    String::from_utf8(bytes).or_else(|e| {
        let at = e.utf8_error().valid_up_to();
        not_utf8(&e.into_bytes(), at, legacy)
    })
}

/// The one decision [`decode`] and [`decode_owned`] share: whether `bytes` are read as UTF-8
/// (the answer is the length of the UTF-8 BOM to drop, 0 without one), or are not (`None`: a
/// UTF-16 BOM, or a NUL byte early on, which means binary; [`not_plain`] reads those).
fn plain_utf8(bytes: &[u8]) -> Option<usize> {
    let bom_len = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) if encoding == encoding_rs::UTF_8 => bom_len,
        // UTF-16 with a BOM: NUL bytes are expected, so it is decoded before the binary check.
        Some(_) => return None,
        None => 0,
    };
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    memchr::memchr(0, head).is_none().then_some(bom_len)
}

/// Bytes [`plain_utf8`] does not read as UTF-8: UTF-16 after its BOM, or a binary file.
fn not_plain(bytes: &[u8]) -> Result<String, String> {
    match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) if encoding != encoding_rs::UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                return Err(format!("not valid {}", encoding.name()));
            }
            Ok(text.into_owned())
        }
        _ => Err("binary file, skipped".to_string()),
    }
}

/// A body (after any UTF-8 BOM) that is not UTF-8 from byte `at` on: read in the legacy
/// encoding the user named, or refused with the bad byte and its line.
fn not_utf8(body: &[u8], at: usize, legacy: Option<&'static Encoding>) -> Result<String, String> {
    match legacy {
        Some(encoding) => Ok(encoding.decode_without_bom_handling(body).0.into_owned()),
        None => {
            let line = 1 + memchr::memchr_iter(b'\n', &body[..at]).count();
            let byte = body.get(at).copied().unwrap_or(0);
            Err(format!(
                "not valid UTF-8 (byte 0x{byte:02x} at line {line}); pass --decode latin1 \
                 or --decode windows-1254 to read legacy encodings"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`decode`] as it was before it shared [`plain_utf8`] with [`decode_owned`]: the oracle
    /// both are checked against.
    fn decode_oracle(bytes: &[u8], legacy: Option<&'static Encoding>) -> Result<String, String> {
        if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
            if encoding != encoding_rs::UTF_8 {
                let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
                if had_errors {
                    return Err(format!("not valid {}", encoding.name()));
                }
                return Ok(text.into_owned());
            }
        }
        let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
        if memchr::memchr(0, head).is_some() {
            return Err("binary file, skipped".to_string());
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(body) {
            Ok(text) => Ok(text.to_string()),
            Err(e) => match legacy {
                Some(encoding) => Ok(encoding.decode_without_bom_handling(body).0.into_owned()),
                None => {
                    let at = e.valid_up_to();
                    let line = 1 + memchr::memchr_iter(b'\n', &body[..at]).count();
                    let byte = body.get(at).copied().unwrap_or(0);
                    Err(format!(
                        "not valid UTF-8 (byte 0x{byte:02x} at line {line}); pass --decode \
                         latin1 or --decode windows-1254 to read legacy encodings"
                    ))
                }
            },
        }
    }

    /// Bytes that reach every branch: a BOM (UTF-8 or UTF-16) or a NUL in front or not, then
    /// random bytes (rarely UTF-8) or text with a few random bytes after it (often UTF-8).
    fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
        let prefix = prop_oneof![
            Just(&b""[..]),
            Just(&b"\xEF\xBB\xBF"[..]),
            Just(&b"\xFF\xFE"[..]),
            Just(&b"\xFE\xFF"[..]),
            Just(&b"\0"[..]),
            Just(&b"\xEF\xBB\xBF\0"[..]),
        ];
        let body = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..64),
            ("\\PC{0,24}", proptest::collection::vec(any::<u8>(), 0..3))
                .prop_map(|(text, tail)| [text.into_bytes(), tail].concat()),
        ];
        (prefix, body).prop_map(|(prefix, body)| [prefix, &body[..]].concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn owned_and_borrowed_bytes_decode_as_before(bytes in file_bytes(), legacy in any::<bool>()) {
            let legacy = if legacy { encoding_for("windows-1254") } else { None };
            let expected = decode_oracle(&bytes, legacy);
            prop_assert_eq!(&decode(&bytes, legacy), &expected, "{:?}", bytes);
            prop_assert_eq!(&decode_owned(bytes.clone(), legacy), &expected, "{:?}", bytes);
        }
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let legacy = encoding_for("windows-1254");
        let cases: [&[u8]; 10] = [
            b"",
            b"\xEF\xBB\xBF\xFF\xFE4\x002\x00",
            b"plain 3,5",
            b"\xEF\xBB\xBFa\r\nb",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB\xBFcaf\xE9",
            &[0xFF, 0xFE, b'4', 0, b'2', 0],
            b"bin\0ary",
            b"ok\nstill ok\ncaf\xE9",
            "İstanbul'da %3,2".as_bytes(),
        ];
        for bytes in cases {
            for enc in [None, legacy] {
                assert_eq!(
                    decode_owned(bytes.to_vec(), enc),
                    decode(bytes, enc),
                    "{bytes:?}"
                );
            }
        }
    }

    #[test]
    fn a_utf8_bom_is_dropped_and_crlf_kept() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb", None).unwrap(), "a\r\nb");
    }

    #[test]
    fn utf16_with_a_bom_is_text_not_binary() {
        let bytes = [0xFF, 0xFE, b'4', 0, b'2', 0];
        assert_eq!(decode(&bytes, None).unwrap(), "42");
    }

    #[test]
    fn the_bad_byte_and_its_line_are_named() {
        let err = decode(b"ok\nstill ok\ncaf\xE9", None).unwrap_err();
        assert!(
            err.starts_with("not valid UTF-8 (byte 0xe9 at line 3)"),
            "{err}"
        );
    }

    #[test]
    fn utf8_files_are_read_as_utf8_even_when_a_legacy_encoding_is_named() {
        let text = "İstanbul'da %3,2";
        let legacy = encoding_for("windows-1254");
        assert_eq!(decode(text.as_bytes(), legacy).unwrap(), text);
    }
}
