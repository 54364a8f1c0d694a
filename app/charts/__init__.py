"""SVG charts shared by the explorer and the PDF digests.

Each module here is a set of pure functions (no Flask, no database) that turn numbers already
aggregated in SQL into geometry; the templates in app/templates/charts/ draw that geometry as
SVG. Labels come in already translated, links as a function, so the same chart serves a web
page (with links) and a PDF (without).
"""
