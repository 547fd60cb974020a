"""The one task filter: used by the task list page, the API and the exports,
so that a number on the dashboard, a filtered list and its export agree."""

from __future__ import annotations

import contextlib
import contextvars
import copy
import datetime as dt
import unicodedata
from collections.abc import Iterator
from functools import partial
from typing import Any, cast

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import FullResultSet, ValidationError
from django.db import connection, connections
from django.db.models import BooleanField, Expression, F, Field, Lookup, Q, QuerySet
from django.db.models.query import MAX_GET_RESULTS
from django.forms.models import ModelChoiceIterator
from django.forms.utils import ErrorDict
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from plans.models import Report
from tracker.org.models import Department
from tracker.tasks.models import UNASSIGNED_STATUSES, Kind, Light, Status, Task, TaskQuerySet
from tracker.tasks.selectors import report_options, reports_visible_to
from tracker.tasks.sentinels import fill, sent, slots_of
from tracker.tasks.widgets import FastSelect


def on_time_q() -> Q:
    """办结 on or before the deadline (the local date of completed_at ≤ due_on);
    a done task without a deadline counts as on time."""
    return Q(status=Status.DONE) & (Q(due_on__isnull=True) | Q(completed_at__date__lte=F("due_on")))


def late_q() -> Q:
    """办结, but after the deadline."""
    return Q(status=Status.DONE, due_on__isnull=False) & ~Q(completed_at__date__lte=F("due_on"))


def like_pattern(value: str) -> str:
    """The ILIKE pattern of a substring match on ``value``: escaped as the
    database's own LIKE lookups escape it (backslashes, ``%`` and ``_``), between
    two ``%``. TrigramContains writes it, and ``tracker.tasks.prepared`` puts a
    request's search term through it."""
    return f"%{connection.ops.prep_for_like_query(value)}%"


# Characters no case mapping touches, in any Unicode version: other letters
# (CJK ideographs, kana, Hangul), private use, decimal digits, punctuation and
# spaces. None of them is changed by lower() and none is what lower() makes of
# another character (tests/tracker/test_caseless_search.py checks every code
# point against Python's tables).
_CASELESS_CATEGORIES = frozenset({"Lo", "Co", "Nd", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Zs"})


def caseless(value: str) -> bool:
    """Whether ``value`` has no character a case mapping involves: then the
    text holds it as it is exactly when the lower-cased text holds it, and
    LIKE answers what ILIKE answers. ILIKE lower-cases every row's title and
    description before matching (in a UTF-8 database: the whole text, per
    row), 3-7× LIKE's cost on Chinese text; a Chinese term needs none of it."""
    return all(unicodedata.category(char) in _CASELESS_CATEGORIES for char in value)


@Field.register_lookup
class TrigramContains(Lookup):
    """``field__trgm_contains=value``: case-insensitive substring match.

    On PostgreSQL it is written ``field ILIKE '%value%'``, the form the pg_trgm
    GIN indexes (migration tasks 0004) answer — Django's ``icontains`` wraps
    both sides in UPPER() and no index matches that — or ``LIKE`` for a
    ``caseless`` value (the same rows; the indexes answer it too), except
    inside ``estimating``: the counts shown stay the planner's estimate of
    the ILIKE. Elsewhere it is Django's own ``icontains``.
    """

    lookup_name = "trgm_contains"

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        value = str(self.rhs)
        operator = "LIKE" if caseless(value) and not _ESTIMATING.get() else "ILIKE"
        return f"{lhs} {operator} %s", [*lhs_params, like_pattern(value)]

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lookup = self.lhs.output_field.get_lookup("icontains")(self.lhs, self.rhs)
        return lookup.as_sql(compiler, connection)


# While a count is estimated (``estimating``), the ILIKE beside a two-character
# search's bigram condition is written TRUE.
_ESTIMATING: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "duban_estimating", default=False
)


@contextlib.contextmanager
def estimating() -> Iterator[None]:
    """The queries compiled inside are the planner's estimate of a count
    (``paging``), not a query whose rows are read: a two-character search is
    written as its bigram condition alone. For two characters the pair is in
    the text exactly when the text holds them, so the set is the same; but the
    planner multiplies the two conditions' selectivities as if independent and
    put 地震 at ~14,000 rows of its 100,001 at a million tasks. A term's
    match stays ILIKE here (not LIKE, ``caseless``): the estimates lists show
    are the ones they showed before."""
    token = _ESTIMATING.set(True)
    try:
        yield
    finally:
        _ESTIMATING.reset(token)


# While a page of a list whose count is known to be large is compiled
# (``frequent_pair``), a two-character search is written as its match alone.
_FREQUENT: contextvars.ContextVar[bool] = contextvars.ContextVar("duban_frequent", default=False)


class frequent_pair:  # noqa: N801 - used as a function, like contextlib's
    """``with frequent_pair(frequent):`` the page queries compiled inside read a
    list the count (usually the count cache's estimate) puts at
    ``paging.TRUSTED_ESTIMATE`` rows or more: a two-character search's bigram
    condition is left out (BigramMatch), its LIKE/ILIKE alone decides. The same
    rows: for two characters the match implies the pair (the bigram condition
    is true of every row the match keeps, see ``estimating``). The condition
    is there for a rare pair, whose page the GIN index answers; a frequent
    pair's page walks the list's order and checked it on every matching row
    (a plpgsql loop over the title and the description, ~20 µs a row, ~1 ms a
    page at 200,000 tasks). Counts and their cache keys are compiled outside:
    unchanged. (A class, not contextlib's generator: ~10 fewer calls a request.)"""

    __slots__ = ("frequent", "token")

    def __init__(self, frequent: bool = True) -> None:
        self.frequent = frequent

    def __enter__(self) -> None:
        self.token = _FREQUENT.set(self.frequent)

    def __exit__(self, *exc: object) -> None:
        _FREQUENT.reset(self.token)


def pair_left_out() -> bool:
    """Whether a two-character search compiled now leaves its bigram condition out."""
    return _FREQUENT.get() and not _ESTIMATING.get()


@Field.register_lookup
class PairContains(TrigramContains):
    """``field__pair_contains=value``: ``trgm_contains`` beside a BigramMatch of
    the same two characters (text_search_q); TRUE inside ``estimating``."""

    lookup_name = "pair_contains"

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        if _ESTIMATING.get():
            return "TRUE", []
        return super().as_postgresql(compiler, connection)


class BigramMatch(Expression):
    """On PostgreSQL: the title or description holds the two-character
    ``value`` among its character pairs — ``duban_bigrams(title) ||
    duban_bigrams(description) @> ARRAY[lower(value)]``, the expression of
    the GIN index task_text_bigrams (migration tasks 0007). A two-character
    query has no trigram, so without it the match read the whole table
    (a rare word: every row). Elsewhere it is TRUE: the ILIKE beside it
    decides alone."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, value: str) -> None:
        super().__init__()
        self.value = value
        self.title: Any = F("title")
        self.description: Any = F("description")

    def get_source_expressions(self) -> list[Any]:
        return [self.title, self.description]

    def set_source_expressions(self, exprs: Any) -> None:
        self.title, self.description = exprs

    def as_postgresql(self, compiler: Any, connection: Any) -> Any:
        if pair_left_out():
            raise FullResultSet  # the WHERE keeps the match alone (frequent_pair)
        title, title_params = compiler.compile(self.title)
        description, description_params = compiler.compile(self.description)
        sql = f"(duban_bigrams({title}) || duban_bigrams({description})) @> ARRAY[lower(%s)]"
        return sql, [*title_params, *description_params, self.value]

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return "1 = 1", []


def text_search_q(value: str) -> Q:
    """关键词: the words in the title or the description. Three characters
    or more: the pg_trgm indexes answer the ILIKE. Exactly two: the bigram
    index narrows the rows and the ILIKE (cheap, evaluated first) keeps the
    result exactly the substring match. One character: the plain match."""
    if len(value) == 2:
        pair = Q(title__pair_contains=value) | Q(description__pair_contains=value)
        return Q(BigramMatch(value)) & pair
    return Q(title__trgm_contains=value) | Q(description__trgm_contains=value)


def _reports(request: HttpRequest | None) -> QuerySet[Report]:
    """The reports offered as a filter: those the user may see. Without a
    request (exports) the tasks are already the visible ones."""
    # The options and the chosen report need id and title only: a report's
    # paragraphs (its whole text, JSON) were read for every report on every list page.
    if request is None:
        return Report.objects.only("id", "title")
    return reports_visible_to(request.user).only("id", "title")


class FilterCopies(dict[str, Any]):
    """A FilterSet's ``base_filters`` whose deep copy is a copy of each filter
    and of the dict it writes into (``extra``), its method re-bound to the copy.

    django-filter deep-copies every filter for every FilterSet it builds; with
    the querysets, choices and lazy labels inside them that was a fifth of the
    task list's Python time (two FilterSets per page, ~28,000 deepcopy calls).
    What a filter changes per request (``parent``, ``model``, the ``queryset``
    and ``choices`` it puts in ``extra``, its cached ``_field``) is its own in
    the copy (a queryset is cloned, never shared); the rest is read only."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        copies: dict[str, Any] = {}
        for name, original in self.items():
            twin = copy.copy(original)
            twin.extra = dict(original.extra)
            twin.__dict__.pop("_field", None)
            if isinstance(getattr(original, "queryset", None), QuerySet):
                twin.queryset = twin.extra["queryset"] = original.queryset.all()
            if original.method is not None:
                twin.method = original.method  # a FilterMethod bound to the twin
            copies[name] = twin
        return copies


class _OwnFields(dict[str, Any]):
    """A FilterSet form's ``base_fields`` whose deep copy is a plain copy of the dict.

    Django's form deep-copies its class's fields for every form, because a
    form class is usually shared. django-filter makes a form class for each
    FilterSet from that FilterSet's own filters, whose fields were built for
    it (``Filter.field``; FilterCopies gives each FilterSet its own filters):
    nothing else holds them, so the one form made of that class can use them
    as they are. The copy (~20 fields, their widgets and choices, per
    FilterSet) was a tenth of the task list's Python time."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


class _OneQueryChoices(ModelChoiceIterator):
    """The options from one ordinary query: Django's iterator() opens a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE) for 200 rows.
    With the field's ``label_field`` the options are (id, that column) rows,
    not model instances (200 departments on every task list page), as a list
    (iterated without a Python call per option); with its ``fixed`` name as
    well, read by SQL compiled once per process and database under that name."""

    def __iter__(self) -> Any:
        options = self.options()
        return self._instances() if options is None else iter(options)

    def options(self) -> list[Any] | None:
        """The options as a list with ``label_field`` (None without), read
        once: a select asks for its first option (the required attribute),
        then for all."""
        if not hasattr(self, "_options"):
            self._options = self._read()
        return self._options

    def _read(self) -> list[Any] | None:
        label_field = getattr(self.field, "label_field", None)
        if label_field is None:
            return None
        prepared = getattr(self.field, "prepared", None)
        statement = prepared() if prepared is not None else None
        if statement is not None:
            # The same query compiled once per shape of user (ModelOptionsFilter).
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(*statement)
                options = cursor.fetchall()
        else:
            fixed = getattr(self.field, "fixed", None)
            db = self.queryset.db
            if fixed and (fixed, db) in _FIXED_SQL:
                # Compiled already: the queryset's values_list is not built again.
                with connections[db].cursor() as cursor:
                    cursor.execute(*_FIXED_SQL[fixed, db])
                    options = cursor.fetchall()
            else:
                rows = self.queryset.values_list("pk", label_field)
                options = _fixed_rows(fixed, rows) if fixed else list(rows)
        if self.field.empty_label is not None:
            options.insert(0, ("", self.field.empty_label))
        return options

    def _instances(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


# (name, database alias) -> the SQL and parameters of a ``fixed`` option list.
_FIXED_SQL: dict[tuple[str, str], tuple[str, tuple[Any, ...]]] = {}


def _fixed_rows(name: str, rows: QuerySet[Any]) -> list[Any]:
    """``list(rows)``, its SQL compiled once (a queryset the same for every
    request; read as plain rows, so no column may need a converter)."""
    key = (name, rows.db)
    if key not in _FIXED_SQL:
        compiler = rows.query.get_compiler(using=rows.db)
        sql, params = compiler.as_sql()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.get_converters(fields):
            return list(rows)
        _FIXED_SQL[key] = (sql, params)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(*_FIXED_SQL[key])
        return cursor.fetchall()


# (name, database alias) -> the SQL, parameter slots and loaded attributes of
# ``queryset.get(pk=…)`` on a ``fixed`` queryset, or None: asked through the ORM.
_FIXED_GET: dict[tuple[str, str], tuple[str, Any, list[str]] | None] = {}
_PK_SENTINEL = 2_100_000_701


def _fixed_get(name: str, queryset: QuerySet[Any], pk: int) -> Any:
    """``queryset.get(pk=pk)`` — the statement the ORM sends for it, captured
    once per process and database, its row made an instance as the ORM makes
    it (``from_db`` with the loaded attributes) — or None where the ORM must
    answer: no single row (it raises DoesNotExist, the form's message), or a
    query that cannot be captured so."""
    db = queryset.db
    key = (name, db)
    if key not in _FIXED_GET:
        _FIXED_GET[key] = _compile_get(queryset, db)
    compiled = _FIXED_GET[key]
    if compiled is None:
        return None
    sql, slots, attnames = compiled
    with connections[db].cursor() as cursor:
        cursor.execute(sql, fill(slots, [pk]))
        rows = cursor.fetchall()
    if len(rows) != 1:
        return None
    return queryset.model.from_db(db, attnames, rows[0])


def _compile_get(queryset: QuerySet[Any], db: str) -> tuple[str, Any, list[str]] | None:
    captured = sent(db, lambda: queryset.get(pk=_PK_SENTINEL))
    if captured is None:
        return None
    # What get() reads, compiled here as well: the loaded columns, no converter.
    clone = queryset.filter(pk=_PK_SENTINEL).order_by()[:MAX_GET_RESULTS]
    compiler = clone.query.get_compiler(using=db)
    sql, params = compiler.as_sql()
    klass_info = compiler.klass_info
    if (sql, tuple(params)) != (captured[0], tuple(captured[1])) or klass_info is None:
        return None
    selected = [compiler.select[i][0] for i in klass_info["select_fields"]]
    if len(selected) != compiler.col_count or compiler.get_converters(selected):
        return None
    slots = slots_of(sql, params, [_PK_SENTINEL], {0})
    if slots is None:
        return None
    return sql, slots, [column.target.attname for column in selected]


class _Choices(django_filters.fields.ModelChoiceIterator, _OneQueryChoices):
    """django-filter's options (its null choice) over one ordinary query."""

    def __iter__(self) -> Any:
        options = self.options()
        return super().__iter__() if options is None else iter(options)

    def _read(self) -> list[Any] | None:
        options = super()._read()
        field: Any = self.field  # django-filter's, with the null choice
        if options is not None and field.null_label is not None:
            # After the empty choice, before the rest (as django-filter's iterator).
            at = 1 if field.empty_label is not None else 0
            options.insert(at, (field.null_value, field.null_label))
        return options


class _ChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _Choices

    def __init__(
        self, *args: Any, label_field: str | None = None, fixed: str | None = None, **kwargs: Any
    ) -> None:
        # The column that is str() of the model (Department.name, Report.title):
        # the option's text, read without building the instance.
        self.label_field = label_field
        # A name for a queryset that is the same for every request (_fixed_rows).
        self.fixed = fixed
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        # A choice of a ``fixed`` list given as its id (a select's value, digits):
        # read by the query queryset.get(pk=…) sends, compiled once (_fixed_get).
        # Anything else, or an id not found, asks the ORM: its answer or its error.
        if value in self.empty_values and (self.null_label is None or value != self.null_value):
            return None  # what django-filter's and Django's to_python answer (no choice)
        if (
            self.fixed is not None
            and self.to_field_name is None
            and type(value) is str
            and value.isascii()
            and value.isdigit()
            and int(value) < 2**31
        ):
            found = _fixed_get(self.fixed, self.queryset, int(value))
            if found is not None:
                return found
        return super().to_python(value)


class ModelOptionsFilter(django_filters.ModelChoiceFilter):
    """ModelChoiceFilter whose select is read with one ordinary query; with
    ``label_field`` (the column the model's str() returns) from plain rows.
    ``prepared(request)`` may give that query's (SQL, parameters) — the
    options ``values_list("pk", label_field)`` of the queryset reads, compiled
    once per process — or None (then the queryset's are read)."""

    field_class = _ChoiceField

    def __init__(self, *args: Any, prepared: Any = None, **kwargs: Any) -> None:
        self.prepared = prepared
        super().__init__(*args, **kwargs)

    @property
    def field(self) -> Any:
        field = super().field
        request = getattr(self.parent, "request", None)
        if self.prepared is not None and request is not None:
            field.prepared = partial(self.prepared, request)
        return field

    def request_field(self, shared: Any, request: HttpRequest | None) -> Any:
        """The field ``field`` builds for ``request``, from ``shared`` (the field
        built once per process without a request, ``TaskFilter.form``): its own
        widget and options (read once per request, never kept between requests),
        its own queryset — built only if read: a request's queryset (the visible
        reports) is needed only to check a chosen report or where no prepared
        statement gives the options."""
        field = copy.copy(shared)
        field.widget = copy.copy(shared.widget)
        if callable(self.queryset):
            built = shared.queryset
            field._queryset = _LazyQuerySet(partial(self.queryset, request), built.model, built.db)
        else:
            field._queryset = shared.queryset.all()
        if self.prepared is not None and request is not None:
            field.prepared = partial(self.prepared, request)
        field.widget.choices = field.choices  # an iterator of this field's, as Django's setter
        return field


class _LazyQuerySet(SimpleLazyObject):
    """A queryset built on first use; its ``model`` and ``db`` answer without
    building it (what an option list read by a prepared statement asks)."""

    def __init__(self, build: Any, model: Any, db: str) -> None:
        super().__init__(build)
        self.__dict__["model"] = model
        self.__dict__["db"] = db


class _FilterForm(forms.Form):
    """TaskFilter's form: a bound form whose data names none of its fields (a
    list without a filter: ``?scope=…``, ``?sort=…``, a cursor) has the cleaned
    data of an empty form, the same every time: kept from the first such form
    in the process (each field's clean of nothing was ~400 function calls of
    every task list page). Any field named in the data: Django's full_clean."""

    def full_clean(self) -> None:
        if (
            not self.is_bound
            or self.prefix
            or self.empty_permitted
            or not self.data.keys().isdisjoint(self.fields)
        ):
            super().full_clean()
            return
        key = tuple(self.fields)
        kept = _EMPTY_CLEANED.get(key)
        if not kept:
            super().full_clean()
            if kept is None and not self.errors:
                # A widget of several inputs (name_0, name_1) is named otherwise: never kept.
                several = any(isinstance(f.widget, forms.MultiWidget) for f in self.fields.values())
                _EMPTY_CLEANED[key] = {} if several else _fresh(self.cleaned_data)
            return
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = _fresh(kept)


def _fresh(cleaned: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``cleaned`` with a fresh list for each list value (a multiple
    choice's []): nothing of one form's cleaned data is another's."""
    return {name: list(value) if type(value) is list else value for name, value in cleaned.items()}


# The fields' names -> the cleaned data of a form whose data names none of them.
_EMPTY_CLEANED: dict[tuple[str, ...], dict[str, Any]] = {}


class _KnownChoicesField(django_filters.fields.MultipleChoiceField):
    """django-filter's MultipleChoiceField whose ``valid_value`` looks a value
    up among the choices' keys, gathered once per field, instead of walking the
    normalised choices again for each value. The same answer for flat choices:
    after ``to_python`` a value is a string, and Django's ``value == k or
    str(value) == str(k)`` is then ``value in {str(k), …}``. Grouped choices or
    another value are walked as Django walks them."""

    def valid_value(self, value: Any) -> bool:
        known = self.__dict__.get("_known")
        if known is None or known[0] is not self._choices:
            flat = list(self.choices)
            keys = None
            if not any(isinstance(label, (list, tuple)) for _, label in flat):
                keys = frozenset(str(key) for key, _ in flat)
            known = self._known = (self._choices, keys)
        if known[1] is None or type(value) is not str:
            return bool(super().valid_value(value))
        return value in known[1]


class KnownChoicesFilter(django_filters.MultipleChoiceFilter):
    field_class = _KnownChoicesField


class TaskFilter(django_filters.FilterSet):
    # distinct=False: a status is a column of the task, so no row can repeat; with
    # DISTINCT PostgreSQL computed the API's per-row subqueries for every matching
    # task before sorting (430 instead of 51 for one division's 办理中 at 1M).
    status = KnownChoicesFilter(label=_("状态"), choices=Status.choices, distinct=False)
    kind = django_filters.ChoiceFilter(
        label=_("任务类型"), choices=Kind.choices, empty_label=_("全部"), widget=FastSelect
    )
    lead_department = ModelOptionsFilter(
        label=_("牵头单位"),
        queryset=Department.objects.only("id", "name"),
        label_field="name",
        fixed="departments",
        empty_label=_("全部"),
        widget=FastSelect,
    )
    # Lead or co-operating: "the tasks this department has a part in".
    department = ModelOptionsFilter(
        label=_("涉及单位"),
        queryset=Department.objects.only("id", "name"),
        label_field="name",
        fixed="departments",
        method="filter_department",
        widget=FastSelect,
    )
    report = ModelOptionsFilter(
        label=_("来源报告"),
        queryset=lambda request: _reports(request),
        prepared=lambda request: report_options(request.user),
        label_field="title",
        empty_label=_("全部"),
        widget=FastSelect,
    )
    overdue = django_filters.BooleanFilter(label=_("是否逾期"), method="filter_overdue")
    # 归档: archived tasks (read-only, with a package in tracker.archives) or the others.
    archived = django_filters.BooleanFilter(
        label=_("是否归档"), field_name="archived_at", lookup_expr="isnull", exclude=True
    )
    due_after = django_filters.DateFilter(
        label=_("完成时限不早于"), field_name="due_on", lookup_expr="gte"
    )
    due_before = django_filters.DateFilter(
        label=_("完成时限不晚于"), field_name="due_on", lookup_expr="lte"
    )
    responsible = django_filters.NumberFilter(label=_("责任人"), field_name="responsible_id")
    # Chinese has no word boundaries for PostgreSQL's text search parsers, so a
    # substring match on title and description is the search users expect;
    # on PostgreSQL it is served by pg_trgm indexes (text_search_q).
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    # 已交办: false lists the tasks not yet with a division (待交办, 退办) — the
    # dashboard's links keep them out of, and give them a row apart from, the divisions'.
    assigned = django_filters.BooleanFilter(label=_("已交办"), method="filter_assigned")
    # 领导驾驶舱: today's warning light (as the list shows it), and red since a day.
    light = django_filters.ChoiceFilter(
        label=_("预警灯"),
        choices=[(c, label) for c, label in Light.choices if c != Light.NONE],
        method="filter_light",
    )
    red_since = django_filters.DateFilter(label=_("转为红灯不早于"), method="filter_red_since")
    # For the dashboard's links (done on time, done in a given week).
    on_time = django_filters.BooleanFilter(label=_("按期办结"), method="filter_on_time")
    completed_after = django_filters.DateFilter(
        label=_("办结日期不早于"), field_name="completed_at", lookup_expr="date__gte"
    )
    completed_before = django_filters.DateFilter(
        label=_("办结日期不晚于"), field_name="completed_at", lookup_expr="date__lte"
    )
    # For the dashboard's 催办 table: the tasks urged at least once.
    urged = django_filters.BooleanFilter(
        label=_("被催办过"), field_name="urge_count", method="filter_urged"
    )

    class Meta:
        model = Task
        fields: list[str] = []
        form = _FilterForm

    def __init__(
        self,
        data: Any = None,
        queryset: Any = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
    ) -> None:
        # django-filter's, but the filters are copied when first read (``filters``):
        # the form (``form``) does not need them; only filtering does (``qs``).
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix

    @property  # type: ignore[override]
    def filters(self) -> dict[str, Any]:
        """This FilterSet's own copies of the filters (FilterCopies), made on first use."""
        filters = self.__dict__.get("_filters")
        if filters is None:
            filters = self.__dict__["_filters"] = copy.deepcopy(self.base_filters)
            model = self.queryset.model
            for filter_ in filters.values():
                filter_.model = model
                filter_.parent = self
        return filters

    @filters.setter
    def filters(self, value: dict[str, Any]) -> None:
        self.__dict__["_filters"] = value

    def get_form_class(self) -> Any:
        form_class = super().get_form_class()
        form_class.base_fields = _OwnFields(form_class.base_fields)
        return form_class

    @property
    def form(self) -> Any:
        """The filter form: its class and fields built once per process
        (``_shared_form_class``: building ~20 fields, their widgets and choices
        was ~1,300 function calls of every task list page), the fields that
        read options or a queryset per request (``ModelOptionsFilter``) copied
        for this request. Fields are read only while a form validates and
        renders, so the others are shared."""
        if type(self) is not TaskFilter:  # a subclass's own filters: django-filter's form
            return super().form
        form = self.__dict__.get("_form")
        if form is None:
            form_class, per_request = _shared_form_class()
            if self.is_bound:
                form = form_class(self.data, prefix=self.form_prefix)
            else:
                form = form_class(prefix=self.form_prefix)
            for name in per_request:
                form.fields[name] = self.base_filters[name].request_field(
                    form.fields[name], self.request
                )
            self.__dict__["_form"] = form
        return form

    def filter_department(
        self, queryset: QuerySet[Task], name: str, value: Department
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        return queryset.filter(
            Q(lead_department=value)
            | Q(
                pk__in=Task.cooperating_departments.through.objects.filter(department=value).values(
                    "task_id"
                )
            )
        )

    def filter_overdue(
        self, queryset: QuerySet[Task], name: str, value: bool | None
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return cast(TaskQuerySet, queryset).overdue(today)
        return cast(TaskQuerySet, queryset).not_overdue(today)

    def filter_urged(
        self, queryset: QuerySet[Task], name: str, value: bool | None
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        return queryset.filter(urge_count__gt=0) if value else queryset.filter(urge_count=0)

    def filter_assigned(
        self, queryset: QuerySet[Task], name: str, value: bool | None
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        if value:
            return queryset.exclude(status__in=UNASSIGNED_STATUSES)
        return queryset.filter(status__in=UNASSIGNED_STATUSES)

    def filter_light(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        if not value:
            return queryset
        return queryset.lit(value, timezone.localdate())  # type: ignore[attr-defined]

    def filter_red_since(
        self, queryset: QuerySet[Task], name: str, value: dt.date | None
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        return queryset.red_since(value, timezone.localdate())  # type: ignore[attr-defined]

    def filter_text(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(text_search_q(value))

    def filter_on_time(
        self, queryset: QuerySet[Task], name: str, value: bool | None
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        return queryset.filter(on_time_q() if value else late_q())


TaskFilter.base_filters = FilterCopies(TaskFilter.base_filters)

# (form class, names of its fields copied per request), built on first use.
_SHARED_FORM: list[tuple[Any, tuple[str, ...]]] = []


def _shared_form_class() -> tuple[Any, tuple[str, ...]]:
    """TaskFilter's form class as django-filter builds it for a FilterSet
    without a request, built once per process, and the names of the fields
    that ``TaskFilter.form`` replaces per request (``ModelOptionsFilter``)."""
    if not _SHARED_FORM:
        # As django-filter's get_form_class, from copies of the filters with
        # no FilterSet around them (no request: the reports' field reads them all).
        filters = copy.deepcopy(TaskFilter.base_filters)
        fields = {}
        for name, filter_ in filters.items():
            filter_.model = Task
            filter_.parent = None
            fields[name] = filter_.field
        form_class: Any = type("TaskFilterForm", (TaskFilter._meta.form,), fields)
        form_class.base_fields = _OwnFields(form_class.base_fields)
        per_request = tuple(
            name
            for name, filter_ in TaskFilter.base_filters.items()
            if isinstance(filter_, ModelOptionsFilter)
        )
        _SHARED_FORM.append((form_class, per_request))
    return _SHARED_FORM[0]


# FilterSet class -> its filters' form fields by name, or None: its form checks
# more than each parameter's own field (clean_filters).
_FORM_FIELDS: dict[type[django_filters.FilterSet], dict[str, Any] | None] = {}


def clean_filters(
    filterset: type[django_filters.FilterSet], data: Any, names: list[str]
) -> dict[str, Any] | None:
    """The parameters ``names`` of ``data`` (the request's query) cleaned as
    ``filterset``'s form cleans them, for a request that gives no other of its
    filters: each filter's own form field reads its value (its widget) and
    cleans it (its validators, choices, a model choice's query) — the fields
    the FilterSet's form is made of, so the same values and the same verdict.
    None if one is invalid, or where the form checks more than each field
    alone (a required or disabled field, the form's own clean): the FilterSet
    is then built and validates, and its errors are the 400, as always.

    ``tracker.tasks.prepared`` reads the API list's filters through it
    without building the FilterSet; the FilterSet's form runs the same fields
    (tests/tracker/test_filter_validation.py compares the two on generated values)."""
    if filterset not in _FORM_FIELDS:
        _FORM_FIELDS[filterset] = _form_fields(filterset)
    fields = _FORM_FIELDS[filterset]
    if fields is None:
        return None
    cleaned: dict[str, Any] = {}
    for name in names:
        field = fields[name]
        try:
            cleaned[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
        except ValidationError:
            return None
    return cleaned


def _form_fields(filterset: type[django_filters.FilterSet]) -> dict[str, Any] | None:
    """The form fields of ``filterset``'s form (an unbound FilterSet's: the
    fields its filters make, as every FilterSet's form has them), or None if
    that form checks more than each field alone."""
    form = filterset().form
    form_class = type(form)
    if form_class.clean is not forms.Form.clean or form_class._post_clean is not (
        forms.Form._post_clean  # type: ignore[attr-defined]
    ):
        return None
    fields = dict(form.fields)
    if any(
        field.required or field.disabled or hasattr(form_class, f"clean_{name}")
        for name, field in fields.items()
    ):
        return None
    return fields
