"""Pieces every page uses: the layout (navigation, language, title), charts, the page language."""
