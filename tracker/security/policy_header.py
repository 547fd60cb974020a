"""django-csp's middleware, the Content-Security-Policy header built once per policy.

django-csp builds the header on every response from the settings
(``build_policy``: copies and joins every directive, ~335 function calls of
every request, the API's included, issue #17). For a response that asks for
nothing of its own — no ``@csp_update``/``@csp_replace``/``@csp`` parts, no nonce
drawn — the header depends on the settings alone, so it is built by
django-csp's own ``build_policy`` once per value of the settings and kept:
the same bytes in the same process. Everything else (decorated views, a nonce,
settings holding anything but plain strings, lists and flags — a lazy
``report-uri``, say) goes through django-csp's middleware unchanged, and the
conditions under which the header is set are django-csp 4.0's: not on a 404 or
500 with ``DEBUG``, not on an exempt response, not over a header already set,
not under ``EXCLUDE_URL_PREFIXES``.
"""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a response carries when its view asks for a policy of its own.
_OWN_PARTS = frozenset(
    {
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
    }
)

# (the settings' reprs) -> (header, report-only header, their excluded prefixes).
_BUILT: dict[tuple[str, str], tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {}


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of what ``repr`` names fully (its repr is a
    key for the header built from it): strings, flags, None, the NONCE
    marker, and lists, tuples, sets and dictionaries of them."""
    if value is None or value is NONCE or isinstance(value, str | bool):
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _prefixes(policy: Any) -> tuple[str, ...]:
    return tuple((policy or {}).get("EXCLUDE_URL_PREFIXES", None) or ())


def built_policies() -> tuple[str, str, tuple[str, ...], tuple[str, ...]] | None:
    """The two headers and their excluded prefixes for the settings as they
    are now, built once per value; None if the settings are not plain."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    key = (repr(policy), repr(report_only))
    found = _BUILT.get(key)
    if found is None:
        if not (_plain(policy) and _plain(report_only)):
            return None
        if len(_BUILT) > 16:  # settings changed by tests, one after another
            _BUILT.clear()
        found = _BUILT[key] = (
            build_policy(),
            build_policy(report_only=True),
            _prefixes(policy),
            _prefixes(report_only),
        )
    return found


class PolicyHeaderMiddleware(CSPMiddleware):
    def process_response(self, request: Any, response: Any) -> Any:
        built = None
        if getattr(request, "_csp_nonce", None) is None and _OWN_PARTS.isdisjoint(vars(response)):
            built = built_policies()
        if built is None:
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        csp, csp_ro, prefixes, prefixes_ro = built
        path = request.path_info
        if (
            csp
            and getattr(response, "_csp_exempt", False) is False
            and HEADER not in response
            and not path.startswith(prefixes)
        ):
            response[HEADER] = csp
        if (
            csp_ro
            and getattr(response, "_csp_exempt_ro", False) is False
            and HEADER_REPORT_ONLY not in response
            and not path.startswith(prefixes_ro)
        ):
            response[HEADER_REPORT_ONLY] = csp_ro
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
