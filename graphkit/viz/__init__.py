"""Interactive, self-contained, offline HTML views (pyvis and inline SVG)."""
