"""Forms of the settings pages (系统设置)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from tracker.notifications.models import ReminderPolicy
from tracker.org.models import ADMINISTRATOR_ROLES, Department, User
from tracker.setup.models import LightPolicy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LightPolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LightPolicy
        fields = ["yellow_percent", "orange_percent"]


class ReminderPolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReminderPolicy
        fields = [
            "days_before",
            "remind_on_due_day",
            "overdue_every",
            "escalate_head_after",
            "escalate_leader_after",
            "unacknowledged_after",
            "send_at",
        ]
        widgets = {"send_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


_DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


class HolidayArrangementForm(forms.Form):
    """One line of the State Council's 放假安排: days off, and the make-up workdays."""

    name = forms.CharField(label=_("节日名称"), max_length=50)
    first_day = forms.DateField(label=_("放假开始日期"), widget=DATE)
    last_day = forms.DateField(label=_("放假结束日期"), widget=DATE)
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        help_text=_("可填多个，用逗号或空格分隔，例如 2027-02-06, 2027-02-20。"),
    )

    def clean_workdays(self) -> list[dt.date]:
        raw: str = self.cleaned_data.get("workdays") or ""
        days: list[dt.date] = []
        leftover = _DATE_RE.sub("", raw)
        if re.sub(r"[\s,，、;；]", "", leftover):
            raise forms.ValidationError(_("调休上班日期格式不正确，请按 2027-02-06 的格式填写。"))
        for year, month, day in _DATE_RE.findall(raw):
            try:
                days.append(dt.date(int(year), int(month), int(day)))
            except ValueError:
                raise forms.ValidationError(
                    _("%(value)s 不是有效的日期。") % {"value": f"{year}-{month}-{day}"}
                ) from None
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                raise forms.ValidationError(_("放假结束日期不能早于开始日期。"))
            if (last - first).days > 30:
                raise forms.ValidationError(_("一次放假不超过 31 天，请检查日期。"))
            overlap = [d for d in data.get("workdays", []) if first <= d <= last]
            if overlap:
                raise forms.ValidationError(_("调休上班日期不能落在放假期间内。"))
        return data


class DepartmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Department
        fields = [
            "name",
            "short_name",
            "parent",
            "order",
            "is_active",
            "keywords",
            "wecom_webhook_key",
            "dingtalk_access_token",
            "dingtalk_secret",
        ]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "wecom_webhook_key": _("企业微信群机器人密钥"),
            "dingtalk_access_token": _("钉钉群机器人令牌"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].empty_label = _("（无，为顶级单位）")  # type: ignore[attr-defined]

    def clean_parent(self) -> Department | None:
        parent: Department | None = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk is not None:
            if parent.pk in self.instance.descendant_ids():
                raise forms.ValidationError(_("上级单位不能是本单位或其下级单位。"))
        return parent


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    password = forms.CharField(
        label=_("登录密码"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("新建账号时必填；修改账号时留空表示不改密码。"),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "role",
            "department",
            "title",
            "phone",
            "email",
            "is_liaison",
            "is_active",
        ]
        # Django's own wording ("指明用户是否被认为是活跃的…") reads as a translation.
        labels = {"is_active": _("账号在用")}
        help_texts = {
            "is_active": _("取消勾选即停用账号：此人不能再登录，其记录保留。"),
            "is_liaison": _("联络员接收本单位新交办任务的通知。"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active()  # type: ignore[attr-defined]
        # 三员分立: the administrators' roles are the security administrator's to give.
        # (A division head's form has no role field: the person is always 承办人.)
        if "role" in self.fields:
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in self.fields["role"].choices  # type: ignore[attr-defined]
                if value not in ADMINISTRATOR_ROLES
            ]
        self.fields["username"].help_text = _("登录用的账号，只能包含字母、数字和 @/./+/-/_。")

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        if not password and self.instance.pk is None:
            raise forms.ValidationError(_("请为新账号设置登录密码。"))
        if password:
            validate_password(password, self.instance)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role in ("head", "staff") and not data.get("department"):
            raise forms.ValidationError(_("处室负责人和承办人必须选择所在单位。"))
        return data


class DivisionPersonForm(PersonForm):
    """本处人员: what a division head may set for a member of the division.

    The role is always 承办人 and the department one of the head's own; the
    account is stopped or restarted by its own action (停用 needs a handover).
    """

    class Meta(PersonForm.Meta):
        fields = ["username", "full_name", "department", "title", "phone", "email", "is_liaison"]

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = departments  # type: ignore[attr-defined]
        field.required = True
        field.empty_label = None  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.instance.role = "staff"
        return data


class HandoverForm(forms.Form):
    """停用: the open tasks the person holds go to a colleague of the division first."""

    successor = forms.ModelChoiceField(
        label=_("在办任务交给"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("（请选择）"),
    )

    def __init__(self, *args: Any, candidates: Any, needs_successor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = candidates  # type: ignore[attr-defined]
        self.needs_successor = needs_successor

    def clean_successor(self) -> User | None:
        successor: User | None = self.cleaned_data.get("successor")
        if successor is None and self.needs_successor:
            raise forms.ValidationError(_("此人还有在办任务，请选择接手的同事。"))
        return successor
