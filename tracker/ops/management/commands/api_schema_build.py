"""manage.py api_schema_build: generate the OpenAPI schema now (at deploy time).

The schema is stored under VAR_DIR/cache/ with a fingerprint of the code
(tracker.api_schema), so web workers started after this read it instead of
generating it (2–4 s of CPU each on a loaded 2-core server).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tracker import api_schema


class Command(BaseCommand):
    help = "生成接口描述（OpenAPI）并存入 VAR_DIR/cache/，供网页进程启动时直接读取。"

    def handle(self, *args: Any, **options: Any) -> None:
        for language, _name in settings.LANGUAGES:
            api_schema.forget()
            seconds = api_schema.schema_warm(language, stored=False)
            self.stdout.write(
                f"接口描述已生成（{language}，{seconds:.2f} 秒）：{api_schema.stored_path(language)}"
            )
