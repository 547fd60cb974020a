"""The kinds of background work, declared once.

Another module adds a kind by calling ``batch_kind`` at import time (from its
app's ``ready()`` or a module imported by it)::

    batch_kind(
        name="circular.zip",
        label=_("通报材料包"),
        run=circular_package_write,   # (job, target, progress) -> file name
        content_type="application/zip",
    )

``run`` receives the job (its ``params`` and ``requested_by``), a binary file
to write the result into, and ``progress(done, total)`` to call now and then;
it returns the file name offered for download. It must stream: read in
chunks and write as it goes, so memory stays flat at any size. A
``BatchRefused`` it raises becomes the job's Chinese error message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.batch.models import BatchJob

Progress = Callable[[int, int | None], None]
Runner = Callable[["BatchJob", IO[bytes], Progress], str]


class BatchRefused(ValueError):
    """The work cannot be done (message in Chinese, shown to the user)."""


@dataclass(frozen=True)
class BatchKind:
    name: str
    label: Any
    run: Runner
    content_type: str
    # Work whose result is a page rather than a file (a report read for its
    # import preview): where the finished job leads, and the link's text.
    next_url: Callable[[BatchJob], str | None] | None = None
    next_label: Any = None


KINDS: dict[str, BatchKind] = {}


def batch_kind(
    *,
    name: str,
    label: Any,
    run: Runner,
    content_type: str,
    next_url: Callable[[BatchJob], str | None] | None = None,
    next_label: Any = None,
) -> BatchKind:
    kind = BatchKind(
        name=name,
        label=label,
        run=run,
        content_type=content_type,
        next_url=next_url,
        next_label=next_label,
    )
    KINDS[name] = kind
    return kind
