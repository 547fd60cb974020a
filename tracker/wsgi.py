import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

application = get_wsgi_application()

# Each web worker generates the API schema as it starts, not when the first
# person opens the API docs (tracker.api_schema).
from tracker.api_schema import schema_warm_in_background  # noqa: E402

schema_warm_thread = schema_warm_in_background()
