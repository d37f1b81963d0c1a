"""The volunteer service certificate (志愿服务证明) as a PDF, with a QR code to its public
verification page. Set in Song (STSong-Light), the font every PDF reader carries."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from lianxin.reports.exports import PDF_FONT
from lianxin.volunteers.models import Certificate


class QR(Flowable):
    """A QR code drawn as vector squares."""

    def __init__(self, text: str, size: float = 32 * mm) -> None:
        super().__init__()
        self.matrix = [list(row) for row in segno.make(text, error="m").matrix]
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        cells = len(self.matrix) + 8
        unit = self.size / cells
        drawing = Drawing(self.size, self.size)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    drawing.add(
                        Rect(
                            (x + 4) * unit,
                            self.size - (y + 5) * unit,
                            unit,
                            unit,
                            fillColor="black",
                            strokeWidth=0,
                        )
                    )
        renderPDF.draw(drawing, self.canv, 0, 0)


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=13, leading=24, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=24, leading=36, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=14)
    person = certificate.person
    lines = [
        (_("Certificate number"), certificate.number),
        (_("Name"), person.name),
        (_("ID number"), person.id_number_masked or "—"),
        (_("Service period"), f"{certificate.period_from:%Y-%m-%d} — {certificate.period_to:%Y-%m-%d}"),
        (_("Services"), str(certificate.services)),
        (_("Service hours"), f"{certificate.hours:g}"),
        (_("Service content"), certificate.content),
        (_("Issued by"), certificate.issuer.name),
        (_("Issued on"), f"{timezone.localtime(certificate.created_at):%Y-%m-%d}"),
    ]
    story: list[Any] = [Paragraph(escape(_("Volunteer service certificate")), title), Spacer(1, 10 * mm)]
    story += [Paragraph(f"{escape(label)}：{escape(value)}", body) for label, value in lines]
    if not certificate.is_valid:
        story.append(Paragraph(escape(_("This certificate has been revoked.")), body))
    story += [
        Spacer(1, 10 * mm),
        QR(verify_url),
        Paragraph(escape(_("Scan to verify, or open: %(url)s") % {"url": verify_url}), small),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, title=certificate.number, leftMargin=25 * mm, rightMargin=25 * mm
    ).build(story)
    return out.getvalue()


def qr_svg(text: str, scale: int = 6) -> str:
    """A QR code as an inline SVG for a page."""
    return str(segno.make(text, error="m").svg_inline(scale=scale, border=2))
