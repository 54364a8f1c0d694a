"""The explorer's SVG charts, made printable (a thin adapter; the charts are not redrawn).

The chart macros in app/templates/charts/ are made for a web page: bars and zones are links,
numbers hide in <details>, and the styles live in explore.css. WeasyPrint draws inline SVG
with only the styles inside it and treats an SVG <a> as text, so this adapter:
- removes the <a> wrappers (a printed chart has nothing to click);
- puts the print chart styles inside each <svg>;
- prints "<5" in place of a share or count that stands for fewer than 5 stories.
"""

import re
from functools import cache
from pathlib import Path

from flask import get_template_attribute
from markupsafe import Markup, escape

from app.digest.present import Section

SVG_CSS = Path(__file__).resolve().parent / "svg.css"
_LINK = re.compile(r"<a\b[^>]*>|</a>")
_SVG_OPEN = re.compile(r"(<svg\b[^>]*>)")


@cache
def _svg_style() -> str:
    return "<style>" + SVG_CSS.read_text(encoding="utf-8") + "</style>"


def _printable(markup: str) -> str:
    markup = _LINK.sub("", markup)
    return _SVG_OPEN.sub(lambda m: m.group(1) + _svg_style(), markup)


def _replace_text(markup: str, opening: str, text: str) -> str:
    """Replace the content of the <text> element that starts with `opening`."""
    pattern = re.compile(re.escape(opening) + r"[^>]*>[^<]*</text>")
    return pattern.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1] + text + "</text>", markup)


def ternary(section: Section, uid: str) -> Markup:
    macro = get_template_attribute("charts/ternary.html", "ternary")
    markup = str(macro(section.chart, uid, section.title))
    for zone in section.chart.zones:
        if zone.id in section.small_labels:
            x, y = zone.label_at[0], zone.label_at[1] + 4
            markup = _replace_text(
                markup, f'<text x="{x}" y="{y}" class="zone-share"', str(escape("<5"))
            )
    return Markup(_printable(markup))  # noqa: S704 - our macros' output, escaped there


def histogram(section: Section, uid: str) -> Markup:
    macro = get_template_attribute("charts/bars.html", "histogram")
    return Markup(_printable(str(macro(section.chart, uid, section.title))))  # noqa: S704


def choices(section: Section, uid: str, total: int) -> Markup:
    macro = get_template_attribute("charts/bars.html", "choices")
    markup = str(macro(section.chart, uid, section.title, total))
    for bar in section.chart.bars:
        if str(bar.y) in section.small_labels:
            opening = f'<text x="{bar.width + 6}" y="{bar.y + 15}" class="bar-value"'
            markup = _replace_text(markup, opening, str(escape("<5")))
    return Markup(_printable(markup))  # noqa: S704


_EVENT_LIST = re.compile(
    r'<h3 class="visually-hidden">.*?</h3>\s*<ol class="event-list">.*?</ol>', re.S
)


def weekly(chart, uid: str, title: str, marks=()) -> Markup:
    """The explorer's weekly chart with its numbered event lines; the digest's own events
    table (dates in words, partners) replaces the macro's short list under the chart."""
    macro = get_template_attribute("charts/bars.html", "weekly")
    markup = _EVENT_LIST.sub("", str(macro(chart, uid, title, list(marks))))
    return Markup(_printable(markup))  # noqa: S704


def stones(section: Section, uid: str, fewer: str) -> Markup:
    """`fewer`: the translated caption for an item placed by 1 to 4 stories."""
    macro = get_template_attribute("charts/bars.html", "stones")
    markup = str(macro(section.chart, uid, section.title, section.x_label, section.y_label))
    for plot in section.chart:
        if plot.item_id in section.small_labels:
            opening = f"<figcaption><strong>{escape(plot.label)}</strong><br>"
            markup = re.sub(
                re.escape(opening) + r"[^<]*</figcaption>",
                lambda _m, o=opening: o + str(escape(fewer)) + "</figcaption>",
                markup,
            )
    return Markup(_printable(markup))  # noqa: S704
