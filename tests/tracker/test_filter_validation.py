"""The API list's two paths validate a request's filters with one validator
(issue #17): the prepared path (``prepared.api_request`` / ``api_filters``)
cleans a lead department, statuses and a 关键词 with the very form fields of
TaskFilter's form (``filters.clean_filters``), and answers only what that form
accepts; everything else goes to the FilterSet, whose errors are the 400.

Property-style: many generated good and bad values (and other parameters
beside them) must get the same verdict and the same values from the form and
from the prepared path, and over HTTP on PostgreSQL the same status code and
body (Chinese and English) with the prepared path on and off.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.tracker.conftest import postgres_only, token_client
from tracker.org.models import Department, User
from tracker.tasks import filters as task_filters
from tracker.tasks import prepared
from tracker.tasks.api import TaskViewSet
from tracker.tasks.api_pagination import TaskKeysetPagination
from tracker.tasks.filters import TaskFilter, caseless, clean_filters
from tracker.tasks.models import Status, Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("list_clock")]

# A department id is put in at run time (the world's departments' ids vary).
EXISTING = "<existing>"
FULL_WIDTH = "<existing, full-width digits>"
PADDED = "<existing, leading zeros>"

weird_text = st.text(
    st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be URL-encoded
    max_size=6,
)
# Good values drawn about as often as bad ones.
status_values = st.one_of(
    st.sampled_from(Status.values),
    st.sampled_from(["", "nonsense", " done", "DONE", "done\x00", "ｄｏｎｅ"]),
    weird_text,
)
department_values = st.one_of(
    st.sampled_from([EXISTING, EXISTING, FULL_WIDTH, PADDED, ""]),
    st.sampled_from(["0", "-1", "999999", "abc", " 1", "1.0", "\x00"]),
    st.sampled_from(["99999999999", "2147483647", "2147483648", "+1", "1e3", "٣"]),
    weird_text,
)
search_values = st.one_of(
    st.sampled_from(["任务", "任", "  落实  ", "\u3000任务\u3000", "%", "_", "\\", "", "a\x00b"]),
    weird_text,
)
# Beside the prepared filters: another filter (good or bad), a parameter that
# is no filter, and the pager's own (which decide whether a request is prepared).
other_params = st.sampled_from(
    [
        *[[]] * 12,
        [("kind", "assigned")],
        [("kind", "nonsense")],
        [("overdue", "true")],
        [("unrelated", "x")],
        [("sort", "priority")],
        [("sort", "updated")],
        [("sort", "nonsense")],
        [("page", "1")],
        [("page", "2")],
        [("page", "0")],
        [("count", "exact")],
        [("cursor", "nonsense")],
    ]
)


@st.composite
def queries(draw: Any) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for value in draw(st.lists(status_values, max_size=2)):
        pairs.append(("status", value))
    for value in draw(st.lists(department_values, max_size=2)):
        pairs.append(("lead_department", value))
    for value in draw(st.lists(search_values, max_size=2)):
        pairs.append(("q", value))
    pairs.extend(draw(other_params))
    return draw(st.permutations(pairs))


def concrete(pairs: list[tuple[str, str]], dept: Department) -> list[tuple[str, str]]:
    named = {
        EXISTING: str(dept.pk),
        FULL_WIDTH: "".join(chr(ord("０") + int(d)) for d in str(dept.pk)),
        PADDED: f"00{dept.pk}",
    }
    return [(name, named.get(value, value)) for name, value in pairs]


def query_dict(pairs: list[tuple[str, str]]) -> QueryDict:
    params = QueryDict(mutable=True)
    for name, value in pairs:
        params.appendlist(name, value)
    return params


def expected_filters(cleaned: dict[str, Any], present: list[str]) -> tuple[Any, list[Any]]:
    """What TaskFilter filters by, from its form's cleaned data: the distinct
    statuses, the stripped 关键词, the department's id (empty: no filter)."""
    spec: list[Any] = []
    values: list[Any] = []
    for name in present:
        if name == "status" and cleaned["status"]:
            chosen = list(dict.fromkeys(cleaned["status"]))
            spec.append(("status", len(chosen)))
            values.extend(chosen)
        elif name == "q" and cleaned["q"].strip():
            term = cleaned["q"].strip()
            spec.append(("q", min(len(term), 3), caseless(term)))
            values.append(cleaned["q"].strip())
        elif name == "lead_department" and cleaned["lead_department"] is not None:
            spec.append(("lead_department",))
            values.append(cleaned["lead_department"].pk)
    return tuple(spec), values


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=queries())
def test_the_form_and_the_prepared_path_agree_on_every_value(
    pairs: list[tuple[str, str]], dept_a: Department
) -> None:
    """For any query: the prepared path's filters are None exactly when the
    FilterSet's form rejects the request or it names a filter not prepared;
    otherwise they are the values the form cleaned, whether the prepared
    path cleans them itself or reads the validated FilterSet's."""
    params = query_dict(concrete(pairs, dept_a))
    filterset = TaskFilter(data=params, queryset=Task.objects.all())
    valid = filterset.is_valid()
    present = [name for name in TaskFilter.base_filters if name in params]
    ours = prepared.api_filters(params, TaskFilter)
    event("prepared" if ours else "not prepared" if ours is None else "no filter")
    if not present:
        assert ours == ((), [])
    elif not set(present) <= prepared.PREPARED_FILTERS:
        assert ours is None
    else:
        assert (clean_filters(TaskFilter, params, present) is not None) == valid, pairs
        if not valid:
            assert ours is None, (pairs, filterset.errors)
        else:
            assert ours == expected_filters(filterset.form.cleaned_data, present), pairs
            assert prepared.api_filters(params, TaskFilter, filterset) == ours


def test_a_department_read_by_the_compiled_query_is_the_orms(
    dept_a: Department,
    dept_a1: Department,  # noqa: F811
) -> None:
    """The form's department, read by the query compiled once, is the
    instance the ORM's get() gives (same fields loaded, same values); a
    department that does not exist is the ORM's own error, and an empty
    choice none; a look-alike (full-width digits) is asked of the ORM."""
    field = TaskFilter().form.fields["lead_department"]
    task_filters._FIXED_GET.clear()
    found = field.clean(str(dept_a1.pk))
    assert task_filters._FIXED_GET  # compiled, not the ORM's get
    orm = field.queryset.get(pk=dept_a1.pk)
    assert type(found) is type(orm) and found.pk == orm.pk
    assert found.__dict__.keys() == orm.__dict__.keys()
    assert {k: v for k, v in found.__dict__.items() if k != "_state"} == {
        k: v for k, v in orm.__dict__.items() if k != "_state"
    }
    assert (found._state.db, found._state.adding) == (orm._state.db, orm._state.adding)
    assert field.clean("") is None and field.clean(None) is None
    full_width = "".join(chr(ord("０") + int(d)) for d in str(dept_a.pk))
    assert field.clean(full_width).pk == dept_a.pk  # the ORM reads int("１２")
    from django.core.exceptions import ValidationError

    for bad in ("999999", "99999999999", "abc", "0"):
        with pytest.raises(ValidationError) as raised:
            field.clean(bad)
        assert raised.value.code == "invalid_choice"


@postgres_only
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=queries(), language=st.sampled_from(["zh-hans", "en"]), role=st.booleans())
def test_both_paths_answer_every_request_alike(
    pairs: list[tuple[str, str]],
    language: str,
    role: bool,
    world: list[Task],  # noqa: F811
    dept_a: Department,
    head_a: User,
    supervisor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over HTTP, with the prepared path on and off: the same status code and
    the same body, a 400's message in Chinese or English included."""
    monkeypatch.setattr(TaskKeysetPagination, "page_size", 3)
    client = token_client(head_a if role else supervisor)
    url = "/api/v1/tasks/?" + "&".join(
        f"{name}={quote(value)}" for name, value in concrete(pairs, dept_a)
    )
    monkeypatch.setattr(TaskViewSet, "prepared_list", True)
    fast = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    monkeypatch.setattr(TaskViewSet, "prepared_list", False)
    plain = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert (fast.status_code, fast.content) == (plain.status_code, plain.content), url
    event(f"HTTP {fast.status_code}")


def test_the_form_adds_no_check_beyond_its_fields() -> None:
    """clean_filters cleans field by field; it answers only while TaskFilter's
    form checks no more than that (no required or disabled field, no form-wide
    clean) — and refuses a FilterSet whose form does."""
    assert task_filters._form_fields(TaskFilter) is not None

    class Stricter(TaskFilter):
        class Meta(TaskFilter.Meta):
            pass

    import django_filters

    Stricter.base_filters["status"] = django_filters.MultipleChoiceFilter(
        choices=Status.choices, required=True
    )
    assert task_filters._form_fields(Stricter) is None
    assert clean_filters(Stricter, query_dict([("q", "任务")]), ["q"]) is None
