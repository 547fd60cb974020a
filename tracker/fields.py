"""Form fields shared by pages and API filters.

``IdsField`` is Django's ``ModelMultipleChoiceField`` that refuses an id past
the range of a 64-bit integer column as an invalid choice (Django's own
message: a 400 or the form again). Django checks the ids with one
``pk__in`` query, which SQLite cannot even bind for such a number
(``OverflowError``: a 500, found by schemathesis on ``?tasks=21101144547161364496384``);
PostgreSQL answers it with no rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError

INTEGER_RANGE = range(-(2**63), 2**63)


class IdRangeMixin:
    queryset: Any
    to_field_name: str | None
    error_messages: dict[str, Any]

    def _check_values(self, value: Iterable[Any]) -> Any:
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        for pk in value:
            try:
                key = field.to_python(pk)
            except (ValidationError, TypeError, ValueError):
                continue  # Django's own check names it
            if isinstance(key, int) and key not in INTEGER_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class IdsField(IdRangeMixin, forms.ModelMultipleChoiceField):
    """For forms: a ModelMultipleChoiceField safe from out-of-range ids."""


class IdsFilterField(IdRangeMixin, django_filters.fields.ModelMultipleChoiceField):
    pass


class IdsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdsFilterField


class FilterSet(django_filters.rest_framework.FilterSet):
    """The API's base FilterSet (``filterset_fields``): many-valued id filters
    (a many-to-many field such as ``archives?tasks=``) use ``IdsFilter``."""

    FILTER_DEFAULTS = {
        db_field: (
            {**options, "filter_class": IdsFilter}
            if options.get("filter_class") is django_filters.ModelMultipleChoiceFilter
            else options
        )
        for db_field, options in django_filters.rest_framework.FilterSet.FILTER_DEFAULTS.items()
    }


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    filterset_base = FilterSet

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        # A view's own FilterSet (the task list's has eighteen filters) is not built
        # when no parameter names one of its filters: each would pass the queryset
        # through unchanged, and building the FilterSet and its form cost ~1.5 ms a
        # request (the task list's page 1 and its cursor pages ask for none).
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and request.query_params.keys().isdisjoint(
            filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        # Kept on the view: the task list's pager reads the values the form
        # cleaned (tracker.tasks.prepared.api_filters) instead of cleaning them again.
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset
