"""The referral form: the start page, each page of a draft, check your answers and submit.
Only the referrer who started a draft may see it (draft/common.py: draft_view)."""

from .check import check_answers
from .items import item_add, item_change, item_remove
from .pages import step
from .start import delete, resume, start

__all__ = [
    "check_answers",
    "delete",
    "item_add",
    "item_change",
    "item_remove",
    "resume",
    "start",
    "step",
]
