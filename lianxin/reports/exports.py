"""A briefing as a Word document and as a PDF (numbers in bold)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from lianxin.reports.briefings import is_heading, pieces
from lianxin.reports.models import Briefing

# Song typeface, the one official documents are set in: Word picks it from the reader's
# system; the PDF names Adobe's standard Chinese font, which every PDF reader carries.
WORD_FONT = "宋体"
PDF_FONT = "STSong-Light"


def _footer(briefing: Briefing) -> str:
    when = briefing.issued_at or briefing.updated_at
    state = _("Issued") if briefing.is_issued else _("Draft")
    return f"{briefing.node.name} · {state} · {when:%Y-%m-%d}"


def docx_bytes(briefing: Briefing, numbers: dict[str, str]) -> bytes:
    document = Document()
    normal: Any = document.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), WORD_FONT)
    top = document.add_paragraph()
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = top.add_run(briefing.title)
    title.bold = True
    title.font.size = Pt(20)
    for text in briefing.body.split("\n\n"):
        paragraph = document.add_paragraph()
        section = is_heading(text.strip())
        if not section:
            paragraph.paragraph_format.first_line_indent = Pt(28)
        for piece in pieces(text.strip(), numbers):
            run = paragraph.add_run(piece.text)
            run.bold = bool(piece.key) or section
    foot = document.add_paragraph(_footer(briefing))
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(briefing: Briefing, numbers: dict[str, str]) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    registerFontFamily(PDF_FONT, normal=PDF_FONT, bold=PDF_FONT, italic=PDF_FONT, boldItalic=PDF_FONT)
    body = ParagraphStyle(
        "body", fontName=PDF_FONT, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK"
    )
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=1, firstLineIndent=0)
    section = ParagraphStyle("section", parent=body, firstLineIndent=0, spaceBefore=6)
    foot = ParagraphStyle("foot", parent=body, fontSize=9, alignment=2, firstLineIndent=0)
    story: list[Any] = [Paragraph(escape(briefing.title), title), Spacer(1, 6 * mm)]
    for text in briefing.body.split("\n\n"):
        markup = "".join(
            f"<b>{escape(p.text)}</b>" if p.key else escape(p.text) for p in pieces(text.strip(), numbers)
        )
        story.append(
            Paragraph(f"<b>{markup}</b>", section) if is_heading(text.strip()) else Paragraph(markup, body)
        )
    story += [Spacer(1, 8 * mm), Paragraph(escape(_footer(briefing)), foot)]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, title=briefing.title, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm
    )
    document.build(story)
    return out.getvalue()
