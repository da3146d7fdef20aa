"""Decode the bytes of a plain-text input (``.txt``, ``.md``) into a document.

The text is exactly the decoded bytes: no newline translation, no Unicode normalisation, no
stripping. The only change is that a leading byte order mark is removed, since it is an
encoding signature and not text.

Decoding, in order:

1. Known binary formats (PDF, ZIP/Office, images, gzip) are refused by their magic number.
2. A byte order mark selects UTF-32, UTF-8 or UTF-16 (UTF-32 first: its little-endian mark
   ``FF FE 00 00`` begins with the UTF-16 one).
3. Otherwise NUL bytes or a high share of control bytes mean binary data.
4. Valid UTF-8 is UTF-8.
5. Otherwise a legacy encoding is detected with charset-normalizer, preferring cp1252 whenever
   it reads the bytes at least as well as the detector's own answer; latin-1 covers the five
   bytes cp1252 leaves undefined.

:func:`read_text` then repairs mojibake (UTF-8 read as cp1252 somewhere upstream, "â€™" for
"’") with ftfy, and says so in ``Document.notes``: offsets then index the repaired text.
"""

from __future__ import annotations

import codecs
from dataclasses import replace
from collections.abc import Iterable
from typing import NamedTuple

import ftfy
from charset_normalizer import CharsetMatch, from_bytes

from sourcetrace.errors import EmptyDocument, UnreadableInput
from sourcetrace.model import Document

# Checked against the start of the data; a text file never begins like these.
_MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive such as .docx or .odt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file such as .doc"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
)

# Longest marks first, so that UTF-32-LE wins over the UTF-16-LE mark it starts with. Each mark
# lists (reported encoding, codec, mark length) to try in turn: a UTF-16-LE text whose first
# character is U+0000 also starts with FF FE 00 00, so UTF-16-LE is the fallback there. The
# codecs never strip a mark themselves ("utf-8-sig" would also eat a second U+FEFF of the text).
_BYTE_ORDER_MARKS: tuple[tuple[bytes, tuple[tuple[str, str, int], ...]], ...] = (
    (codecs.BOM_UTF32_LE, (("utf-32-le", "utf-32-le", 4), ("utf-16-le", "utf-16-le", 2))),
    (codecs.BOM_UTF32_BE, (("utf-32-be", "utf-32-be", 4),)),
    (codecs.BOM_UTF8, (("utf-8-sig", "utf-8", 3),)),
    (codecs.BOM_UTF16_BE, (("utf-16-be", "utf-16-be", 2),)),
    (codecs.BOM_UTF16_LE, (("utf-16-le", "utf-16-le", 2),)),
)

# C0 controls other than the whitespace ones (tab, LF, VT, FF, CR), plus DEL. Text files hold
# a few at most (a stray ESC, a DOS end-of-file ^Z); binary files are full of them.
_CONTROL_CODES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_DELETE = {code: None for code in (0x00, *_CONTROL_CODES)}
_MAX_CONTROL_SHARE = 0.05

# The five bytes cp1252 leaves undefined. In ISO-8859-1 they are C1 controls, which is the only
# place latin-1 differs from "cp1252 extended to every byte" (what browsers call windows-1252).
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_CP1252_SPECIFIC = bytes(b for b in range(0x80, 0xA0) if b not in _CP1252_UNDEFINED)
_BLANK_UNDEFINED = bytes.maketrans(_CP1252_UNDEFINED, b" " * len(_CP1252_UNDEFINED))
# ``surrogateescape`` turns an undecodable byte b into U+DC00+b; map those back to U+00b.
_UNESCAPE_UNDEFINED = {0xDC00 + b: b for b in _CP1252_UNDEFINED}

# charset-normalizer's "chaos" is the share of the decoded text that looks like mojibake.
# Below this the reading is plausible text; its own cut-off (0.2) lets through visible garbage.
_LOW_CHAOS = 0.1
# Scores of two readings that decode most bytes alike are often exactly equal; ties go to cp1252.
_SCORE_EPSILON = 1e-6
# Latin-1 symbols that, between two letters ("W³aœciciele"), are a letter of another code page
# read as cp1252. Left out as legitimate inside words: the middle dot (Catalan "col·legi"), the
# acute accent typed as an apostrophe, and the soft hyphen.
_MOJIBAKE_SYMBOLS = "¡¢£¤¥¦§¨©«¬®¯°±²³¶¸¹»¼½¾¿"
# Only byte order marks select these; without one, the detector must not guess them.
_UNICODE_WITHOUT_BOM = [
    "utf_7",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
]


def decode(data: bytes, name: str) -> Document:
    """Decode raw bytes into a document, refusing binary data and empty text.

    Args:
        data: The bytes of the input.
        name: The document's name, which also starts every error message.

    Returns:
        The document; ``notes`` says so when a legacy (non-Unicode) encoding was used.

    Raises:
        UnreadableInput: The data is binary or in no recognisable encoding.
        EmptyDocument: The decoded text is empty or only whitespace.
    """
    _refuse_magic_numbers(data, name)
    decoded = _decode_with_bom(data, name)
    if decoded is None:
        _refuse_binary_bytes(data, name)
        decoded = _decode_without_bom(data, name)
    text, encoding, notes = decoded
    if not text.strip():
        raise EmptyDocument(f"{name}: the text is empty")
    return Document(name=name, text=text, encoding=encoding, notes=notes)

# Only the encoding repairs: quotes, ligatures, widths, line breaks and normal forms are the
# author's, and changing them would move offsets for no reason.
_MOJIBAKE_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
MOJIBAKE_NOTE = (
    "repaired mojibake (text that had been decoded with the wrong encoding, such as \u00e2\u20ac\u2122"
    " for \u2019) with ftfy; offsets refer to the repaired text"
)


def read_text(data: bytes, name: str, *, text_format: str = "text") -> Document:
    """Decode a plain-text or Markdown input and repair any mojibake in it.

    Args:
        data: The bytes of the input.
        name: The document's name.
        text_format: The format recorded in the document (``"text"`` or ``"markdown"``).

    Returns:
        The document; ``notes`` says when a legacy encoding was used or mojibake was repaired.

    Raises:
        UnreadableInput: The data is binary or in no recognisable encoding.
        EmptyDocument: The decoded text is empty or only whitespace.
    """
    document = decode(data, name)
    repaired = repair_mojibake(document.text)
    notes = document.notes if repaired == document.text else (*document.notes, MOJIBAKE_NOTE)
    return replace(document, text=repaired, notes=notes, format=text_format)


def repair_mojibake(text: str) -> str:
    """The text with mojibake undone (``"mayorâ€™s"`` becomes ``"mayor’s"``), else unchanged."""
    return ftfy.fix_text(text, _MOJIBAKE_ONLY)


# --- binary detection ----------------------------------------------------------------------


def _refuse_magic_numbers(data: bytes, name: str) -> None:
    """Refuse data that starts like a known binary format."""
    for magic, what in _MAGIC_NUMBERS:
        if data.startswith(magic):
            raise _binary(name, what)


def _refuse_binary_bytes(data: bytes, name: str) -> None:
    """Refuse data without a byte order mark that holds NUL bytes or many control bytes.

    Without a byte order mark the text is in an ASCII-compatible encoding, where NUL never
    appears and control bytes stand for themselves.
    """
    if b"\x00" in data:
        raise _binary(name, "it contains NUL bytes")
    controls = len(data) - len(data.translate(None, _CONTROL_CODES))
    _refuse_control_share(controls, len(data), name)


def _refuse_control_text(text: str, name: str) -> None:
    """Refuse decoded text in which control characters (NUL included) are frequent."""
    controls = len(text) - len(text.translate(_CONTROL_DELETE))
    _refuse_control_share(controls, len(text), name)


def _refuse_control_share(controls: int, total: int, name: str) -> None:
    if total and controls / total > _MAX_CONTROL_SHARE:
        raise _binary(name, f"{controls / total:.0%} control characters")


def _binary(name: str, what: str) -> UnreadableInput:
    return UnreadableInput(f"{name}: looks like binary data ({what}), not text")


# --- decoding ------------------------------------------------------------------------------

# (text, encoding, notes)
_Decoded = tuple[str, str, tuple[str, ...]]


class _Reading(NamedTuple):
    """A detector's candidate encoding, with our own strict decoding of the data."""

    text: str
    encoding: str
    chaos: float
    coherence: float


def _decode_with_bom(data: bytes, name: str) -> _Decoded | None:
    """Decode data that starts with a Unicode byte order mark, removing the mark.

    Returns:
        ``(text, encoding, notes)``, or None when the data has no byte order mark.

    Raises:
        UnreadableInput: The data is not valid in the encoding its mark announces.
    """
    for mark, candidates in _BYTE_ORDER_MARKS:
        if not data.startswith(mark):
            continue
        for encoding, codec, mark_length in candidates:
            try:
                text = data[mark_length:].decode(codec)
            except UnicodeDecodeError:
                continue
            _refuse_control_text(text, name)
            return text, encoding, ()
        announced = candidates[0][0].upper()
        raise UnreadableInput(
            f"{name}: starts with a {announced} byte order mark but is not valid {announced};"
            " save it as UTF-8"
        )
    return None


def _decode_without_bom(data: bytes, name: str) -> _Decoded:
    """Decode data as UTF-8, or else in the legacy encoding that reads it best."""
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    decoded = _decode_legacy(data)
    if decoded is None:
        raise UnreadableInput(
            f"{name}: cannot decode the text (not UTF-8 and no legacy encoding fits);"
            " save it as UTF-8"
        )
    text, encoding, note = decoded
    return text, encoding, (note,)


def _decode_legacy(data: bytes) -> tuple[str, str, str] | None:
    """Pick a legacy single- or multi-byte encoding for data that is not UTF-8.

    cp1252 (or latin-1) wins whenever it reads the bytes at least as well as the detector's
    best guess: Western European news is by far the most common legacy input, and the detector
    often names a sibling code page (cp1250, cp775) that reads most bytes alike but garbles a
    few letters (Spanish ``ñ`` becomes ``ń`` in cp1250). A sibling wins only when its reading
    scores strictly better (Czech, Turkish) or when cp1252 shows mojibake (Polish ``ł`` read
    as ``³``), which the detector's own scores miss.

    Returns:
        ``(text, encoding, note)``, or None when no encoding gives plausible text.
    """
    guess = _best_plausible(data, from_bytes(data, cp_exclusion=_UNICODE_WITHOUT_BOM))
    if _cp1252_reads_as_well(data, guess):
        return _decode_western(data)
    if guess is None:
        return None
    return guess.text, guess.encoding, _legacy_note(guess.encoding)


def _best_plausible(data: bytes, matches: Iterable[CharsetMatch]) -> _Reading | None:
    """The detector's best candidate that decodes strictly, with low chaos and no mojibake."""
    for match in matches:
        if match.chaos > _LOW_CHAOS:
            continue
        encoding = codecs.lookup(match.encoding).name
        try:
            # Decode ourselves, strictly: the detector may have judged only samples of the data.
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _has_mojibake(text):
            return _Reading(text, encoding, match.chaos, match.coherence)
    return None


def _cp1252_reads_as_well(data: bytes, guess: _Reading | None) -> bool:
    """Whether cp1252 gives plausible text scoring no worse than the detector's guess.

    The bytes cp1252 leaves undefined are blanked before scoring, so that a stray one in
    otherwise Western text does not hand the decision to a code page that garbles the rest.
    """
    probe = data.translate(_BLANK_UNDEFINED)
    western = from_bytes(probe, cp_isolation=["cp1252"]).best()
    if western is None or western.chaos > _LOW_CHAOS or _has_mojibake(str(western)):
        return False
    if guess is None:
        return True
    return (
        western.chaos <= guess.chaos + _SCORE_EPSILON
        and western.coherence >= guess.coherence - _SCORE_EPSILON
    )


def _has_mojibake(text: str) -> bool:
    """Whether a Latin-1 symbol stands between two letters, as code-page mix-ups leave them.

    ``str.find`` per symbol keeps this fast on tens of megabytes, where a regular expression
    tried at every position is not; legitimate text holds few of these symbols.
    """
    for symbol in _MOJIBAKE_SYMBOLS:
        index = text.find(symbol, 1)
        while 0 < index < len(text) - 1:
            if text[index - 1].isalpha() and text[index + 1].isalpha():
                return True
            index = text.find(symbol, index + 1)
    return False


def _decode_western(data: bytes) -> tuple[str, str, str]:
    """Decode as cp1252, keeping any byte it leaves undefined as the latin-1 character.

    Without undefined bytes this is plain cp1252. With them but without cp1252's own
    punctuation (0x80-0x9F), it is exactly latin-1, the last resort. With both, cp1252 is kept
    for the punctuation and the undefined bytes pass through as C1 control characters.
    """
    undefined = [byte for byte in _CP1252_UNDEFINED if bytes([byte]) in data]
    if not undefined:
        return data.decode("cp1252"), "cp1252", _legacy_note("cp1252")
    if len(data.translate(None, _CP1252_SPECIFIC)) == len(data):
        return data.decode("latin-1"), "latin-1", _legacy_note("latin-1")
    text = data.decode("cp1252", errors="surrogateescape").translate(_UNESCAPE_UNDEFINED)
    kept = ", ".join(f"0x{byte:02X} as U+{byte:04X}" for byte in undefined)
    note = f"{_legacy_note('cp1252')}; bytes undefined in cp1252 kept as in latin-1: {kept}"
    return text, "cp1252", note


def _legacy_note(encoding: str) -> str:
    return f"decoded as {encoding} (not valid UTF-8)"
