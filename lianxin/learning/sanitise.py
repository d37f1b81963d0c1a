"""Rich text of lessons, cleaned with nh3 (ammonia): a small set of tags, safe links only."""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "h2", "h3", "h4", "blockquote",
    "ul", "ol", "li", "a", "span", "sub", "sup", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def clean_html(text: str) -> str:
    """The HTML with scripts, styles, event handlers and unsafe URLs removed."""
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
