"""Names and notes are shown as the plain text they are: Streamlit renders Markdown in titles,
captions and messages, so a name like `![x](https://…)` would otherwise load an outside image."""

import re

MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$>])")


def plain(text: str) -> str:
    """Text with every Markdown character escaped, for any element that renders Markdown."""
    return MARKDOWN.sub(r"\\\1", text)
