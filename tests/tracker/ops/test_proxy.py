"""Behind nginx: the client's address and protocol come from a trusted proxy only; CSRF,
the audit trail and the login lockout all see the real client."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from tests.conftest import PASSWORD
from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_record
from tracker.org.models import User
from tracker.proxy import client_address

pytestmark = pytest.mark.django_db
SITE = "duban.example.gov.cn"
PROXY = "10.9.0.2"


@pytest.fixture
def behind_proxy(settings: object) -> None:
    settings.TRUSTED_PROXIES = [PROXY, "10.8.0.0/24"]  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = [SITE]  # type: ignore[attr-defined]
    settings.CSRF_TRUSTED_ORIGINS = [f"https://{SITE}"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),
        (PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the last untrusted hop
        (PROXY, "203.0.113.7, 10.8.0.9", "203.0.113.7"),  # skipping a second trusted proxy
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        ("198.51.100.50", "203.0.113.7", "198.51.100.50"),  # a client writing the header itself
    ],
)
def test_client_address(behind_proxy: None, peer: str, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_forwarded_proto_only_from_a_trusted_proxy(behind_proxy: None, settings: object) -> None:
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    via_proxy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=SITE)
    assert via_proxy.get("/login/").status_code == 200
    spoofed = Client(REMOTE_ADDR="198.51.100.50", HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=SITE)
    response = spoofed.get("/login/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{SITE}/login/"
    # Health probes are not redirected.
    assert spoofed.get("/healthz").status_code == 200


def test_login_through_the_proxy_passes_csrf_and_is_audited_with_the_client_address(
    behind_proxy: None, staff_a: User
) -> None:
    client = Client(
        enforce_csrf_checks=True,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_HOST=SITE,
    )
    page = client.get("/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {"username": staff_a.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN=f"https://{SITE}",
        HTTP_REFERER=f"https://{SITE}/login/",
    )
    assert response.status_code == 302, response.content[:300]
    # An audited action on that request carries the client's address, not the proxy's.
    event = audit_record(action="probe", request=response.wsgi_request)
    assert event.ip_address == "203.0.113.7"
    assert AuditEvent.objects.get(pk=event.pk).ip_address == "203.0.113.7"


def test_csrf_from_another_origin_is_refused(behind_proxy: None, staff_a: User) -> None:
    client = Client(
        enforce_csrf_checks=True, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=SITE
    )
    token = client.get("/login/").cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {"username": staff_a.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="https://evil.example.com",
    )
    assert response.status_code == 403


def test_lockout_counts_the_forwarded_client_not_the_proxy(
    behind_proxy: None, staff_a: User, settings: object
) -> None:
    settings.AXES_FAILURE_LIMIT = 3  # type: ignore[attr-defined]

    def attempt(client_ip: str, password: str) -> int:
        client = Client(
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_ip,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_HOST=SITE,
        )
        return client.post(
            "/login/", {"username": staff_a.username, "password": password}
        ).status_code

    for _ in range(2):
        assert attempt("203.0.113.66", "wrong-password") == 200  # the form again, with an error
    assert attempt("203.0.113.66", "wrong-password") == 429  # the third: locked out
    assert attempt("203.0.113.66", PASSWORD) == 429  # even with the right password
    assert attempt("203.0.113.77", PASSWORD) == 302  # another client behind the same proxy
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
