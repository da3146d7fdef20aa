"""Inputs as newsrooms have them, built by the tests themselves: a web page, a print PDF, a
Word file, legacy-encoded text, a scraped Markdown page. All the text is invented.

Each builder returns bytes; ARTICLE holds the paragraphs that must come out whole, FURNITURE the
strings of page furniture that must never reach the compared text.
"""

from __future__ import annotations

import io
import zipfile

import docx
from fpdf import FPDF

HEADLINE = "Harbour fees to rise by a third"
ARTICLE = (
    "The harbour board voted on Tuesday to raise mooring fees by 33 per cent from April, "
    "the first increase in nine years.",
    "Fishermen said the rise would cost a typical trawler owner about 2,400 pounds a year. "
    "We were not consulted, said Tom Baird, who chairs the local fishermen's association.",
    "The board said the money would pay for dredging the inner basin, which has silted up "
    "since the storms of 2023.",
    "A public meeting will be held at the town hall on 12 March, when members of the board "
    "will answer questions from residents.",
)
HTML_FURNITURE = (
    "Home",
    "Sport",
    "We use cookies",
    "Accept all cookies",
    "Mariner 3000",
    "Share on Facebook",
    "Most read",
    "Lifeboat crew rescue",
    "Disgraceful decision",
    "All rights reserved",
)


def news_page_html() -> bytes:
    """A saved news page: navigation, cookie banner, ad, share bar, most-read box, comments."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE[:3])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | The Coastal Courier</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
</head><body>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience on our
site. <button>Accept all cookies</button></div>
<div class="ad advertisement">Advertisement: buy the new Mariner 3000 boat today!</div>
<main><article>
<h1>{HEADLINE}</h1>
<p class="byline">By Jane Doe</p>
{paragraphs}
<div class="share-bar social-share"><ul><li><a href="#">Share on Facebook</a></li>
<li><a href="#">Share on X</a></li><li><a href="#">Email</a></li></ul></div>
<p>{ARTICLE[3]}</p>
</article></main>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Lifeboat crew rescue two
kayakers</a></li><li><a href="/b">New ferry timetable announced</a></li></ol></aside>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Disgraceful decision by the board, they never listen to anyone.</p></div>
</section>
<footer><p>© 2025 The Coastal Courier. All rights reserved.</p></footer>
</body></html>""".encode()


# The print edition: two columns, one hyphenated line break ("fisher-" / "men's"), a running
# head on each page and a page number at the foot. Lines are placed one by one, as typeset.
PDF_RUNNING_HEAD = "THE COASTAL COURIER   Tuesday 4 March 2025"
_PDF_PAGES = (
    (
        [
            "The harbour board voted on Tuesday to",
            "raise mooring fees by 33 per cent from",
            "April, the first increase in nine years.",
            "",
            "Fishermen said the rise would cost a",
            "typical trawler owner about 2,400 pounds",
            "a year. We were not consulted, said Tom",
        ],
        [
            "Baird, who chairs the local fisher-",
            "men's association.",
            "",
            "The board said the money would pay for",
            "dredging the inner basin, which has",
            "silted up since the storms of 2023.",
        ],
    ),
    (
        [
            "A public meeting will be held at the town",
            "hall on 12 March, when members of the",
            "board will answer questions from residents.",
        ],
        [],
    ),
)


def print_edition_pdf(*, password: str | None = None) -> bytes:
    """The article as a two-column, two-page PDF (encrypted when ``password`` is given)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=password)
    for number, columns in enumerate(_PDF_PAGES, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.text(20, 12, PDF_RUNNING_HEAD)
        pdf.text(104, 287, str(number))
        pdf.set_font("Helvetica", size=10)
        for x, lines in zip((20, 110), columns):
            for row, line in enumerate(lines):
                if line:
                    pdf.text(x, 30 + 5 * row, line)
    return bytes(pdf.output())


def word_document() -> bytes:
    """The article as a Word file: a heading, paragraphs, a table and a footnote.

    python-docx cannot write footnotes, so the footnotes part (word/footnotes.xml), its
    relationship and content type, and the reference in the second paragraph are added to the
    saved package by hand, as Word itself writes them.
    """
    word = docx.Document()
    word.add_heading(HEADLINE, level=1)
    word.add_paragraph(ARTICLE[0])
    word.add_paragraph(ARTICLE[1])
    table = word.add_table(rows=3, cols=2)
    for row, (vessel, fee) in enumerate(
        (("Vessel", "Yearly fee"), ("Trawler", "9,600 pounds"), ("Yacht", "3,100 pounds"))
    ):
        table.cell(row, 0).text = vessel
        table.cell(row, 1).text = fee
    word.add_paragraph(ARTICLE[2])
    word.add_paragraph(ARTICLE[3])
    saved = io.BytesIO()
    word.save(saved)
    return _with_footnote(saved.getvalue(), FOOTNOTE)


FOOTNOTE = "Fees are set each year by the harbour board under the Harbours Act."
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{_W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {{note}}</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
_FOOTNOTE_REFERENCE = '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'


def _with_footnote(package: bytes, note: str) -> bytes:
    """Add a footnotes part with one footnote, referenced at the end of the 2nd paragraph."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "word/document.xml":
                text = data.decode("utf-8")
                anchor = text.index(ARTICLE[1][-20:])
                end = text.index("</w:p>", anchor)
                text = text[:end] + _FOOTNOTE_REFERENCE + text[end + len("</w:p>") :]
                data = text.encode("utf-8")
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", _FOOTNOTES_XML.replace("{note}", note))
    return out.getvalue()


SCRAPED_MARKDOWN = """
**Coastal Affairs**

# **Harbour fees to rise by a third**

Board blames storm damage as fishermen protest

**Jane Doe** and **Peter Lund** in Port Ellis, **Ana Ruiz** in Bristol YESTERDAY

---

The harbour board voted on Tuesday to raise mooring fees by 33 per cent from April, the first increase in nine years.

Fishermen said the rise would cost a typical trawler owner about 2,400 pounds a year. "We were not consulted," said Tom Baird, who chairs the local fishermen's association.

![Trawlers in the inner basin](https://example.com/trawlers.jpg)
Trawlers moored in the inner basin at Port Ellis on Monday  
© Kim Olsen/Reuters

The board said the money would pay for [dredging the inner basin](https://example.com/dredging), which has silted up since the storms of 2023.

waving.

A crowd of about forty people gathered outside the board's offices, holding banners and a model trawler made of cardboard © Kim Olsen/Reuters

A public meeting will be held at the town hall on 12 March, when members of the board will answer questions from residents.

Share this article: Facebook | X | Email | Copy link

*Additional reporting by Sam Okafor in Port Ellis and Mia*

*Chen in London*

---

[Copyright](#) The Coastal Courier Ltd 2025. All rights reserved.

### **Follow the topics in this article**

**Fishing**

**Local government**

**Ports**
"""
MARKDOWN_ARTICLE = (
    "Harbour fees to rise by a third",
    "Board blames storm damage as fishermen protest",
    ARTICLE[0],
    'Fishermen said the rise would cost a typical trawler owner about 2,400 pounds a year. "We '
    'were not consulted," said Tom Baird, who chairs the local fishermen\'s association.',
    "The board said the money would pay for ",
    "dredging the inner basin",
    ", which has silted up since the storms of 2023.",
    ARTICLE[3],
)
MARKDOWN_FURNITURE = {
    "**Coastal Affairs**": "label",
    "**Jane Doe** and **Peter Lund** in Port Ellis, **Ana Ruiz** in Bristol YESTERDAY": "byline",
    "---": "markup",
    "![Trawlers in the inner basin](https://example.com/trawlers.jpg)": "markup",
    "Trawlers moored in the inner basin at Port Ellis on Monday": "caption",
    "© Kim Olsen/Reuters": "credit",
    "waving.": "stray",
    "A crowd of about forty people gathered outside the board's offices, holding banners and a "
    "model trawler made of cardboard © Kim Olsen/Reuters": "caption",
    "Share this article: Facebook | X | Email | Copy link": "share",
    "*Additional reporting by Sam Okafor in Port Ellis and Mia*": "byline",
    "*Chen in London*": "byline",
    "[Copyright](#) The Coastal Courier Ltd 2025. All rights reserved.": "footer",
    "### **Follow the topics in this article**": "topics",
    "**Fishing**": "topics",
    "**Local government**": "topics",
    "**Ports**": "topics",
}
