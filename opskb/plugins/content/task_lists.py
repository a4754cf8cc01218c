"""Accessible names for task-list checkboxes.

pymdownx.tasklist with `custom_checkbox` writes each item as
`<label class="task-list-control"><input type="checkbox" disabled/><span …></span></label> text`:
the checkbox sits in a label without text, so screen readers announce an unnamed checkbox (axe
rule `label`). Each checkbox gets the item's own text as its `aria-label`.
"""

from __future__ import annotations

import html
import re

ITEM = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control"><input type="checkbox"(?: checked)? disabled)'
    r"(/?>)(.*?)(?=<li|</li>|<ul|<ol)",
    re.S,
)
TAG = re.compile(r"<[^>]+>")


def _label(match: re.Match) -> str:
    text = " ".join(html.unescape(TAG.sub("", match.group(3))).split())[:150]
    return f'{match.group(1)} aria-label="{html.escape(text, quote=True)}"{match.group(2)}{match.group(3)}'


def label_task_lists(content: str) -> str:
    return ITEM.sub(_label, content) if 'class="task-list-control"' in content else content
