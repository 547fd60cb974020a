"""Start the test CAS server: migrate, create the accounts and the service, serve.

Environment: CAS_TEST_DB (SQLite file), CAS_TEST_ACCOUNTS (JSON {username:
password}), CAS_TEST_SERVICE (regex of allowed service URLs). Prints
"READY <port>" once listening on a free loopback port.
"""

import json
import os
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_test_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class ThreadedServer(WSGIServer):
    daemon_threads = True

    def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        thread.start()

    def process_request_thread(self, request, client_address):  # type: ignore[no-untyped-def]
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


def main() -> None:
    from cas_server.models import ReplaceAttributName, ServicePattern

    call_command("migrate", verbosity=0, interactive=False)
    user_model = get_user_model()
    names = {"lisi": "李四", "newcomer": "新同事"}
    for username, password in json.loads(os.environ["CAS_TEST_ACCOUNTS"]).items():
        user_model.objects.create_user(
            username, f"{username}@yjt.example.gov.cn", password, first_name=names.get(username, "")
        )
    pattern = ServicePattern.objects.create(
        pos=1,
        name="督办",
        pattern=os.environ["CAS_TEST_SERVICE"],
        user_field="",
        single_log_out=True,  # tells Duban (when it can reach it) that the person logged out
    )
    ReplaceAttributName.objects.create(service_pattern=pattern, name="email", replace="")
    ReplaceAttributName.objects.create(service_pattern=pattern, name="first_name", replace="name")
    ReplaceAttributName.objects.create(service_pattern=pattern, name="username", replace="uid")
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=ThreadedServer,
        handler_class=QuietHandler,
    )
    sys.stdout.write(f"READY {server.server_port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
