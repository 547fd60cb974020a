import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

application = get_wsgi_application()

# Each web worker reads (or generates) the API schema and draws the docs page
# as it starts, not when the first person opens the API docs
# (tracker.api_schema, tracker.api_docs). It waits for that before it takes
# requests (under a second with the schema stored by `manage.py
# api_schema_build`), but no longer than WARM_WAIT seconds: a worker that has
# to generate the schema on a loaded machine serves meanwhile.
from tracker.api_docs import docs_warm_in_background  # noqa: E402

WARM_WAIT = 5.0
schema_warm_thread = docs_warm_in_background()
schema_warm_thread.join(WARM_WAIT)
