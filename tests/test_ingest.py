"""Tests for reading and decoding inputs (``sourcetrace.ingest``).

Every offset the tool reports indexes ``Document.text``, so the central property is that the
text is exactly the string that was encoded: same characters, same line endings, same offsets.
"""

from __future__ import annotations

import codecs
import io
import os
import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sourcetrace import ingest
from sourcetrace.errors import (
    EmptyDocument,
    InputNotFound,
    InputTooLarge,
    InvalidOption,
    SourcetraceError,
    UnreadableInput,
)
from sourcetrace.ingest import decode, read_document

# Encodable in cp1252: accents, curly quotes, euro sign, dash, guillemets, CRLF and LF.
NEWS_WESTERN = (
    "Café owners said “no” to the new €5 levy on Tuesday.\r\n"
    "The mayor’s office called the decision “final” — a blow to the city’s bistros.\r\n"
    "\r\n"
    "« C’est une décision grave », said Zoë Müller, 43, who runs Le Petit Café.\n"
)
# Beyond Latin-1, including characters outside the Basic Multilingual Plane.
NEWS_UNICODE = NEWS_WESTERN + "Reporters in 東京 and Αθήνα shared the story ☕😀 within minutes.\n"
NEWS_SPANISH = (
    "El alcalde anunció el martes que la decisión es definitiva. Los dueños de cafés dijeron "
    "“no” al nuevo impuesto de 5 €. Año difícil para España."
)
NEWS_RUSSIAN = (
    "Владельцы кафе заявили «нет» новому сбору. Мэр города сообщил во вторник, "
    "что решение окончательное."
)
NEWS_GREEK = (
    "Οι ιδιοκτήτες καφέ είπαν όχι στο νέο τέλος. Ο δήμαρχος ανακοίνωσε την Τρίτη ότι η "
    "απόφαση είναι οριστική."
)
NEWS_POLISH = (
    "Rada miasta zdecydowała w środę o podwyżce opłat. Mieszkańcy są oburzeni, a przedsiębiorcy "
    "zapowiadają protest przed ratuszem."
)
NEWS_LATIN1 = "Ærø søster, façade naïve. Zürich Größe. Les élus ont voté à l'unanimité."

LEGACY_NOTE = "decoded as {} (not valid UTF-8)"
UNDECODABLE = "cannot decode the text (not UTF-8 and no legacy encoding fits); save it as UTF-8"


def write(tmp_path: Path, filename: str, data: bytes) -> Path:
    """Write a fixture file and return its path."""
    path = tmp_path / filename
    path.write_bytes(data)
    return path


def assert_same_offsets(text: str, original: str) -> None:
    """The decoded text equals the original, so every word sits at the same index."""
    assert text == original
    for word in ("Café", "“no”", "€5", "mayor’s", "décision", "Müller", "東京", "😀", "окончательное"):
        if word in original:
            start = original.index(word)
            assert text.index(word) == start
            assert text[start : start + len(word)] == word


# --- Unicode encodings ---------------------------------------------------------------------


def test_utf8_without_bom_round_trips(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", NEWS_UNICODE.encode("utf-8"))
    doc = read_document(path)
    assert_same_offsets(doc.text, NEWS_UNICODE)
    assert doc.encoding == "utf-8"
    assert doc.notes == ()
    assert doc.name == str(path)
    assert doc.language is None


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", codecs.BOM_UTF8 + NEWS_UNICODE.encode("utf-8"))
    doc = read_document(path)
    assert not doc.text.startswith("\ufeff")
    assert_same_offsets(doc.text, NEWS_UNICODE)
    assert doc.encoding == "utf-8-sig"


def test_only_the_first_bom_is_stripped() -> None:
    # A second U+FEFF belongs to the text; removing it would shift every offset.
    doc = decode(codecs.BOM_UTF8 + "\ufeffCafé owners".encode("utf-8"), "x.txt")
    assert doc.text == "\ufeffCafé owners"


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom_round_trip(
    tmp_path: Path, bom: bytes, codec: str, encoding: str
) -> None:
    path = write(tmp_path, "story.txt", bom + NEWS_UNICODE.encode(codec))
    doc = read_document(path)
    assert_same_offsets(doc.text, NEWS_UNICODE)
    assert doc.encoding == encoding
    assert doc.notes == ()


def test_utf16_le_text_starting_with_nul_is_not_mistaken_for_utf32() -> None:
    # FF FE 00 00 is also the UTF-32-LE mark; this data is not valid UTF-32-LE.
    text = "\x00" + "Café owners said “no” to the levy. " * 3
    doc = decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x.txt")
    assert doc.text == text
    assert doc.encoding == "utf-16-le"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_line_endings_are_kept(codec: str) -> None:
    text = "Café owners said “no”.\r\nThe mayor’s plan\rfailed.\n\r\nEnd."
    doc = decode(text.encode(codec), "x.txt")
    assert doc.text == text
    assert doc.text.count("\r\n") == 2


# --- legacy encodings ----------------------------------------------------------------------


def test_cp1252_with_curly_quotes_and_euro(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", NEWS_WESTERN.encode("cp1252"))
    doc = read_document(path)
    assert_same_offsets(doc.text, NEWS_WESTERN)
    assert doc.encoding == "cp1252"
    assert doc.notes == (LEGACY_NOTE.format("cp1252"),)


def test_cp1252_wins_over_a_sibling_code_page_scoring_the_same() -> None:
    # The detector ranks cp1250 first here, which reads "ñ" as "ń".
    doc = decode(NEWS_SPANISH.encode("cp1252"), "x.txt")
    assert doc.text == NEWS_SPANISH
    assert doc.encoding == "cp1252"


def test_short_cp1252_text() -> None:
    doc = decode("Café “no”".encode("cp1252"), "x.txt")
    assert doc.text == "Café “no”"
    assert doc.encoding == "cp1252"


def test_latin1_text_without_cp1252_punctuation_reads_the_same() -> None:
    # Bytes A0-FF mean the same in latin-1 and cp1252; without a byte cp1252 leaves undefined,
    # the text is read (and named) as cp1252, the common case of Western legacy text.
    doc = decode(NEWS_LATIN1.encode("latin-1"), "x.txt")
    assert doc.text == NEWS_LATIN1
    assert doc.encoding == "cp1252"
    assert doc.notes == (LEGACY_NOTE.format(doc.encoding),)


def test_latin1_for_bytes_cp1252_cannot_decode() -> None:
    data = "Café owners said no. ".encode("latin-1") + b"\x81" + NEWS_LATIN1.encode("latin-1")
    doc = decode(data, "x.txt")
    assert doc.encoding == "latin-1"
    assert doc.text == data.decode("latin-1")
    assert doc.text.index("\x81") == len("Café owners said no. ")
    assert doc.notes == (LEGACY_NOTE.format("latin-1"),)


def test_cp1252_punctuation_with_an_undefined_byte_keeps_both() -> None:
    data = "The mayor said “no” to the café plan.".encode("cp1252") + b"\x8d"
    doc = decode(data, "x.txt")
    assert doc.encoding == "cp1252"
    assert doc.text == "The mayor said “no” to the café plan.\x8d"
    assert doc.notes == (
        "decoded as cp1252 (not valid UTF-8); bytes undefined in cp1252 kept as in latin-1:"
        " 0x8D as U+008D",
    )


def test_cp1251_russian(tmp_path: Path) -> None:
    path = write(tmp_path, "novosti.txt", NEWS_RUSSIAN.encode("cp1251"))
    doc = read_document(path)
    assert_same_offsets(doc.text, NEWS_RUSSIAN)
    assert doc.encoding == "cp1251"
    assert doc.notes == (LEGACY_NOTE.format("cp1251"),)


def test_iso_8859_7_greek() -> None:
    doc = decode(NEWS_GREEK.encode("iso-8859-7"), "x.txt")
    assert doc.text == NEWS_GREEK
    # The two Greek code pages agree on every byte of this text: the detector's pick of the
    # two, cp1253, reads it exactly.
    assert doc.encoding == "cp1253"
    assert doc.notes == (LEGACY_NOTE.format(doc.encoding),)


def test_cp1250_polish_is_not_read_as_cp1252_mojibake() -> None:
    doc = decode(NEWS_POLISH.encode("cp1250"), "x.txt")
    assert doc.text == NEWS_POLISH
    assert doc.encoding == "cp1250"


def test_shift_jis() -> None:
    text = "東京の喫茶店のオーナーは新しい料金に反対した。市長は火曜日に発表した。"
    doc = decode(text.encode("shift_jis"), "x.txt")
    assert doc.text == text
    assert doc.encoding == "cp932"


def test_no_legacy_encoding_fits() -> None:
    rng = random.Random(0)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(300))
    with pytest.raises(UnreadableInput) as caught:
        decode(data, "noise.txt")
    assert str(caught.value) == f"noise.txt: {UNDECODABLE}"


# --- standard input ------------------------------------------------------------------------


def test_stdin() -> None:
    doc = read_document("-", stdin=io.BytesIO(NEWS_UNICODE.encode("utf-8")))
    assert doc.name == "<stdin>"
    assert doc.text == NEWS_UNICODE


def test_stdin_legacy_with_custom_name() -> None:
    doc = read_document("-", stdin=io.BytesIO(NEWS_WESTERN.encode("cp1252")), name="wire")
    assert doc.name == "wire"
    assert doc.text == NEWS_WESTERN
    assert doc.encoding == "cp1252"


def test_stdin_over_the_limit_reads_at_most_one_byte_more() -> None:
    stream = io.BytesIO(b"Cafe owners said no. " * 100)
    with pytest.raises(InputTooLarge) as caught:
        read_document("-", stdin=stream, max_bytes=50)
    assert str(caught.value) == "<stdin>: the input is over the 50 B limit"
    assert stream.tell() == 51


def test_a_path_named_dash_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "-", b"Cafe owners said no.")
    assert read_document(Path("-")).text == "Cafe owners said no."


# --- errors --------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(InputNotFound) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: no such file"


def test_missing_file_with_str_path_keeps_it_as_given() -> None:
    with pytest.raises(InputNotFound) as caught:
        read_document("no/such/dir/story.txt")
    assert str(caught.value) == "no/such/dir/story.txt: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput) as caught:
        read_document(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a file"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"Cafe owners said no.")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    # Simulated, since a test running as root may read a file whatever its mode.
    monkeypatch.setattr(ingest, "open", refuse, raising=False)
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"Cafe owners said no.")
    path.chmod(0)
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: permission denied"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \r\n\t \n",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"),
        "\u00a0\u2003\n".encode("utf-8"),
    ],
)
def test_empty_text(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "empty.txt", data)
    with pytest.raises(EmptyDocument) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the text is empty"


def test_too_large_is_refused_from_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(123_000_000)  # sparse: no disk space used

    def must_not_open(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be read")

    monkeypatch.setattr(ingest, "open", must_not_open, raising=False)
    with pytest.raises(InputTooLarge) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: 123 MB is over the 50 MB limit"


def test_too_large_with_a_small_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", b"Cafe owners said no.")
    with pytest.raises(InputTooLarge) as caught:
        read_document(path, max_bytes=10)
    assert str(caught.value) == f"{path}: 20 B is over the 10 B limit"
    assert read_document(path, max_bytes=20).text == "Cafe owners said no."


def test_too_large_by_one_byte_shows_exact_sizes() -> None:
    message = ingest._too_large_message("x.txt", 50_000_001, 50_000_000)
    assert message == "x.txt: 50,000,001 B is over the 50,000,000 B limit"


def test_max_bytes_must_be_positive() -> None:
    with pytest.raises(InvalidOption):
        read_document("-", stdin=io.BytesIO(b"text"), max_bytes=0)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a ZIP archive such as .docx or .odt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip-compressed data"),
        (b"Cafe owners\x00said no.", "it contains NUL bytes"),
        (b"Cafe\x01\x02\x03\x04 owners\x05\x06said", "29% control characters"),
    ],
)
def test_binary_data_is_refused_as_text(tmp_path: Path, data: bytes, what: str) -> None:
    # Read as text on purpose: sniffing would hand PDF and ZIP data to their own readers.
    path = write(tmp_path, "upload.bin", data)
    with pytest.raises(UnreadableInput) as caught:
        read_document(path, input_format="text")
    assert str(caught.value) == f"{path}: looks like binary data ({what}), not text"


def test_utf16_with_nul_bytes_is_text() -> None:
    data = codecs.BOM_UTF16_LE + "Cafe owners said no.".encode("utf-16-le")
    assert b"\x00" in data
    assert decode(data, "x.txt").text == "Cafe owners said no."


def test_a_few_control_characters_are_kept() -> None:
    text = "Cafe owners said no.\x1b The mayor\x0c agreed. " * 3 + "\x1a"
    assert decode(text.encode("utf-8"), "x.txt").text == text


def test_invalid_text_after_a_bom() -> None:
    with pytest.raises(UnreadableInput) as caught:
        decode(codecs.BOM_UTF16_BE + b"\xd8\x00\x00A", "x.txt")
    assert str(caught.value) == (
        "x.txt: starts with a UTF-16-BE byte order mark but is not valid UTF-16-BE;"
        " save it as UTF-8"
    )


def test_errors_are_one_line_domain_errors_named_after_the_input(tmp_path: Path) -> None:
    cases = [
        lambda: read_document(tmp_path / "missing.txt", name="original"),
        lambda: read_document(tmp_path, name="original"),
        lambda: read_document("-", stdin=io.BytesIO(b"%PDF-1.4"), name="original"),
        lambda: read_document("-", stdin=io.BytesIO(b" \n"), name="original"),
    ]
    for case in cases:
        with pytest.raises(SourcetraceError) as caught:
            case()
        message = str(caught.value)
        assert message.startswith("original: ")
        assert "\n" not in message
        assert caught.value.__suppress_context__ or caught.value.__context__ is None


# --- property: any text survives a Unicode encoding exactly ---------------------------------

_WHITESPACE_CONTROLS = set("\t\n\x0b\x0c\r")


def _is_plain_text(text: str) -> bool:
    """Non-empty text without NUL or other control characters, and not starting like a binary."""
    if not text.strip():
        return False
    if text.startswith(("%PDF", "GIF87a", "GIF89a")):
        return False
    return not any(unicodedata.category(c) == "Cc" and c not in _WHITESPACE_CONTROLS for c in text)


@settings(deadline=None)
@given(
    text=st.text(max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]),
)
def test_unicode_round_trip(text: str, encoding: str) -> None:
    assume(_is_plain_text(text))
    # Without a byte order mark, a leading U+FEFF is read as one and removed.
    assume(not (encoding == "utf-8" and text.startswith("\ufeff")))
    data = text.encode(encoding)
    if encoding in {"utf-16-le", "utf-16-be"}:
        data = "\ufeff".encode(encoding) + data
    assert decode(data, "x.txt").text == text
