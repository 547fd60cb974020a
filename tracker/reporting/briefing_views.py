"""每周简报 in the app: the same briefing the Monday e-mail carries, for this
week and from the tasks the reader may see, and the briefings e-mailed before."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.notifications.models import Notification, NotificationKind
from tracker.org.models import User
from tracker.reporting.services import briefing_summary, briefing_text, week_key


def briefing_state(user: User) -> dict[str, Any]:
    today = timezone.localdate()
    summary = briefing_summary(user=user, today=today)
    return {
        "week": week_key(today),
        "as_of": today.isoformat(),
        "text": briefing_text(summary, today),
        "completed": summary["completed"],
        "newly_overdue": [
            {"title": title, "due_on": due.isoformat()} for title, due in summary["newly_overdue"]
        ],
        "most_overdue": [
            {"title": title, "lead_department": dept, "days_overdue": days}
            for title, dept, days in summary["most_overdue"]
        ],
        "ranking": [
            {
                "lead_department": row["lead_department__name"] or "未指定",
                "total": row["total"],
                "done": row["done"],
                "overdue": row["overdue"],
            }
            for row in summary["ranking"]
        ],
    }


def briefing_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    past = Notification.objects.filter(recipient=user, kind=NotificationKind.WEEKLY).order_by(
        "-created_at"
    )[:12]
    return render(request, "reporting/briefing.html", {"state": briefing_state(user), "past": past})


class BriefingView(APIView):
    """每周简报：本周的简报（按本人可见的任务），与周一的邮件同一内容。"""

    @extend_schema(
        responses={
            200: inline_serializer(
                "Briefing",
                {
                    "week": serializers.CharField(),
                    "as_of": serializers.DateField(),
                    "text": serializers.CharField(),
                    "completed": serializers.ListField(),
                    "newly_overdue": serializers.ListField(),
                    "most_overdue": serializers.ListField(),
                    "ranking": serializers.ListField(),
                },
            )
        }
    )
    def get(self, request: Request) -> Response:
        return Response(briefing_state(cast(User, request.user)))
