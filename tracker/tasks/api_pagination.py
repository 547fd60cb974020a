"""Keyset pages for GET /api/v1/tasks/ (see tracker.tasks.paging).

The response keeps the shape clients know — ``count``, ``next``,
``previous``, ``results`` — and adds ``count_estimated``. ``next`` and
``previous`` carry an opaque ``cursor``: follow them to page on at the cost
of the first page. ``?page=N`` still works for old links (read with OFFSET,
so deep numbered pages cost more); ``?sort=`` takes the task list's orders;
``?count=exact`` counts exactly instead of estimating beyond 2,000 rows.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib import parse

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.tasks import paging
from tracker.tasks.filters import frequent_pair
from tracker.tasks.paging import (
    DEFAULT_SORT,
    PAGE_SIZE,
    SORTS,
    BadCursor,
    KeysetPage,
    keyset_page,
    list_count,
)


class TaskKeysetPagination(BasePagination):
    page_size = PAGE_SIZE

    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        sort = request.query_params.get("sort", DEFAULT_SORT)
        if sort not in SORTS:
            raise ValidationError({"detail": f"排序方式无效，可选：{'、'.join(SORTS)}。"})
        page_param = request.query_params.get("page")
        page_number = None
        if page_param:
            if not page_param.isdigit() or int(page_param) < 1:
                raise ValidationError({"detail": "页码应为正整数。"})
            page_number = int(page_param)
        page, statements, part = self._prepared(queryset, request, view)
        # The count first: a list it puts at TRUSTED_ESTIMATE rows or more (a
        # frequent two-character 关键词, the estimate usually from the count
        # cache) is read without the bigram condition (filters.frequent_pair).
        self.count, self.count_estimated = list_count(
            queryset,
            exact=request.query_params.get("count") == "exact",
            searched=bool(request.query_params.get("q")),
            prepared=statements,
            part=part,
        )
        try:
            with frequent_pair(self.count >= paging.TRUSTED_ESTIMATE):
                self.page: KeysetPage = keyset_page(
                    queryset,
                    sort=sort,
                    cursor=request.query_params.get("cursor") or None,
                    page_number=page_number,
                    size=self.page_size,
                    prepared=page,
                )
        except BadCursor as error:
            raise ValidationError({"detail": str(error.message)}) from None
        return self.page.tasks

    def _prepared(
        self, queryset: QuerySet[Any], request: Request, view: Any
    ) -> tuple[Any, Any, bool]:
        """The view's whole list's page and count statements
        (``paging.Statements``) read by queries compiled once per process
        (``tracker.tasks.prepared``), when the request names no filter (the
        queryset is the view's ``api_rows`` as it is: FilterBackend leaves it)
        or only a lead department, statuses and a 关键词 (``prepared.api_filters``:
        the prepared queries apply TaskFilter's own filters to sentinels); and
        whether the list is known to be a part of the tasks (a filter, or a
        user who does not see everything: list_count then does not look at the
        queryset's conditions). (None, None, False) otherwise."""
        filterset_class = getattr(view, "filterset_class", None)
        if not getattr(view, "prepared_list", False) or filterset_class is None:
            return None, None, False
        from tracker.tasks.prepared import api_filters, api_page, api_statement

        # The view checked them already when it left its queryset unbuilt.
        filters = getattr(view, "prepared_filters", None)
        if filters is None:
            # The FilterSet has validated the request (fields.FilterBackend keeps it).
            filters = api_filters(
                request.query_params, filterset_class, getattr(view, "filterset", None)
            )
        if filters is None:
            return None, None, False
        user = request.user
        return (
            partial(api_page, user, queryset.db, filters=filters),
            partial(api_statement, user, queryset.db, filters),
            bool(filters[0]) or not getattr(user, "sees_everything", False),
        )

    def get_paginated_response(self, data: Any) -> Response:
        next_link, previous_link = cursor_links(
            self.request.build_absolute_uri()
            if self.page.next_cursor or self.page.previous_cursor
            else "",
            self.page.next_cursor,
            self.page.previous_cursor,
        )
        return Response(
            {
                "count": self.count,
                "count_estimated": self.count_estimated,
                "next": next_link,
                "previous": previous_link,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer", "description": "总数；超过 2000 条时为估计值"},
                "count_estimated": {"type": "boolean"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        def param(name: str, description: str, kind: str = "string") -> dict[str, Any]:
            return {
                "name": name,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": kind},
            }

        return [
            param("cursor", "分页游标（取自 next / previous）"),
            param("page", "页码（旧式分页，深页较慢）", "integer"),
            param("sort", f"排序：{', '.join(SORTS)}"),
            param("count", "exact：精确计数"),
        ]


def cursor_links(uri: str, *cursors: str | None) -> list[str | None]:
    """For each cursor, ``uri`` without ``page`` and with that ``cursor``:
    what DRF's ``replace_query_param(remove_query_param(uri, "page"),
    "cursor", cursor)`` writes (the query's parameters sorted, each encoded
    as ``urlencode`` does), the query parsed once for all of them rather than
    twice per link (parsing what urlencode wrote gives the same parameters
    back). None for a None cursor."""
    if not any(cursors):
        return [None for _ in cursors]
    scheme, netloc, path, query, fragment = parse.urlsplit(uri)
    params = parse.parse_qs(query, keep_blank_values=True)
    params.pop("page", None)
    links: list[str | None] = []
    for cursor in cursors:
        if cursor is None:
            links.append(None)
            continue
        params["cursor"] = [cursor]
        encoded = parse.urlencode(sorted(params.items()), doseq=True)
        links.append(parse.urlunsplit((scheme, netloc, path, encoded, fragment)))
    return links
