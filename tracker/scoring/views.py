"""考评 pages: the league table, one division's breakdown, and the rules (supervisors)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.audit.selectors import deny
from tracker.org.models import Department, User
from tracker.scoring.forms import ScoringRulesForm
from tracker.scoring.models import ScoringRules
from tracker.scoring.periods import parse_period, recent_periods
from tracker.scoring.services import (
    KIND_LABELS,
    KINDS,
    can_see_division,
    league_table_for,
    rules_in_force,
    scoring_rules_save,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # LoginRequiredMiddleware


def _context(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    period, error = parse_period(request.GET.get("period"), today)
    return {
        "period": period,
        "period_error": error,
        "periods": recent_periods(today),
        "rules": rules_in_force(period),
        "kinds": [(kind, KIND_LABELS[kind]) for kind in KINDS],
        "today": today,
    }


def league(request: HttpRequest) -> HttpResponse:
    """考评排名: every division for supervisors and leaders, one's own for the rest."""
    user = _user(request)
    context = _context(request)
    context["rows"] = league_table_for(user=user, period=context["period"])
    return render(request, "scoring/league.html", context)


def division(request: HttpRequest, pk: int) -> HttpResponse:
    """One division's score and the events that produced it, each linking to its task."""
    user = _user(request)
    if not can_see_division(user, pk) or not Department.objects.filter(pk=pk).exists():
        raise Http404(_("没有找到该单位的考评情况。"))
    context = _context(request)
    rows = league_table_for(user=user, period=context["period"])
    context["row"] = next((row for row in rows if row.department_id == pk), None)
    context["department"] = Department.objects.get(pk=pk)
    return render(request, "scoring/division.html", context)


def rules(request: HttpRequest) -> HttpResponse:
    """考评规则: supervisors edit them; every save is a new version."""
    user = _user(request)
    if not user.is_supervisor:
        deny(
            actor=user,
            attempted="rules_page",
            message=_("只有督办管理员可以修改考评规则。"),
            object_type="scoring.scoringrules",
            request=request,
        )
    current = ScoringRules.current()
    form = ScoringRulesForm(request.POST or None, instance=None if request.POST else current)
    if request.method == "POST" and form.is_valid():
        try:
            scoring_rules_save(actor=user, values=form.cleaned_data, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "考评规则已保存为新版本：未结束的期间按新规则计分，已结束的期间仍按当时的规则计分。"
                ),
            )
            return redirect("scoring-rules")
    versions = ScoringRules.objects.select_related("created_by")[:10]
    return render(request, "scoring/rules.html", {"form": form, "versions": versions})
