"""kombu's filesystem broker keeps every folder it writes under var/, never
in the working directory (it used to leave control/ wherever it ran)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tracker.celery import app


@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("filesystem://"),
    reason="只在默认的文件系统消息代理下检查 / filesystem broker only",
)
def test_publishing_writes_nothing_into_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    control = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"])  # type: ignore[arg-type]
    assert control.is_relative_to(settings.VAR_DIR)
    queue = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_out"])  # type: ignore[arg-type]
    with app.connection_for_write() as connection:
        # A queue of its own, bound to nothing a worker consumes; removed below.
        app.send_task(
            "duban.broker-folder-check", queue="broker-folder-check", connection=connection
        )
    try:
        assert list(tmp_path.iterdir()) == []
        assert (control / "broker-folder-check.exchange").exists()
    finally:
        for leftover in queue.glob("*.broker-folder-check.msg"):
            leftover.unlink()
