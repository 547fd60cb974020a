"""API: /api/v1/scoring/league/ and /api/v1/scoring/rules/ — the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.org.models import User
from tracker.scoring.forms import ScoringRulesForm
from tracker.scoring.models import ScoringRules
from tracker.scoring.periods import parse_period
from tracker.scoring.services import (
    RULE_FIELDS,
    league_table_for,
    rules_in_force,
    scoring_rules_save,
)


def _rules_dict(rules: ScoringRules) -> dict[str, object]:
    data: dict[str, object] = {name: str(getattr(rules, name)) for name in RULE_FIELDS}
    data["early_days"] = rules.early_days
    data["version"] = rules.pk
    data["saved_at"] = rules.created_at.isoformat() if rules.pk else None
    return data


class LeagueView(APIView):
    """考评排名 of a period (?period=2022Q3 or 2022): each row with its events.
    Supervisors and leaders get every division, others their own division."""

    @extend_schema(
        parameters=[OpenApiParameter("period", str), OpenApiParameter("as_of", str)],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        period, error = parse_period(request.query_params.get("period"), timezone.localdate())
        if error:
            raise ValidationError({"period": error})
        as_of = None
        if request.query_params.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(request.query_params["as_of"])
            except ValueError:
                raise ValidationError({"as_of": "日期格式应为 2022-07-15。"}) from None
        rows = league_table_for(user=user, period=period, as_of=as_of)
        return Response(
            {
                "period": period.key,
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "rules": _rules_dict(rules_in_force(period)),
                "rows": [row.as_dict() for row in rows],
            }
        )


class RulesView(APIView):
    """考评规则: GET the version in force now; POST a new version (supervisors)."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response(_rules_dict(ScoringRules.current()))

    @extend_schema(request=dict, responses={201: dict})
    def post(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        if not user.is_supervisor:
            raise PermissionDenied("只有督办管理员可以修改考评规则。")
        current = _rules_dict(ScoringRules.current())
        data = request.data if isinstance(request.data, dict) else {}
        merged = {name: data.get(name, current[name]) for name in RULE_FIELDS}
        form = ScoringRulesForm(merged)
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        try:
            rules = scoring_rules_save(actor=user, values=form.cleaned_data, request=request)
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from exc
        return Response(_rules_dict(rules), status=201)
