"""Departments (a tree) and the people who work in them, with their role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import connections, models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

# Robot keys and tokens are opaque strings from WeCom/DingTalk: letters, digits,
# '-' and '_'. Anything else (a URL, '&', '/') could steer the request.
robot_token_validator = RegexValidator(
    r"^[A-Za-z0-9_-]*$",
    _("只能包含字母、数字、“-”和“_”（请填写机器人的 Key 或 access_token，不是网址）。"),
)


class DepartmentQuerySet(models.QuerySet["Department"]):
    def active(self) -> DepartmentQuerySet:
        return self.filter(is_active=True)


class Department(models.Model):
    """A division of the organisation (处/室/局/中心). Departments form a tree."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    # Words that suggest this department as lead when importing a report
    # (one per line or comma-separated), editable by a supervisor.
    keywords = models.TextField(_("职责关键词"), blank=True)
    # Group robots (企业微信 / 钉钉) for this department's notifications.
    wecom_webhook_key = models.CharField(
        _("企业微信机器人 Key"), max_length=200, blank=True, validators=[robot_token_validator]
    )
    dingtalk_access_token = models.CharField(
        _("钉钉机器人 access_token"),
        max_length=200,
        blank=True,
        validators=[robot_token_validator],
    )
    dingtalk_secret = models.CharField(
        _("钉钉机器人加签密钥"), max_length=200, blank=True, validators=[robot_token_validator]
    )
    robot_disabled_reason = models.CharField(_("机器人停用原因"), max_length=300, blank=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def descendant_ids(self) -> set[int]:
        """This department's id and those of every department below it."""
        return descendant_ids_of(self.pk)

    def keyword_list(self) -> list[str]:
        raw = self.keywords.replace("，", ",").replace("、", ",").replace("\n", ",")
        return [word.strip() for word in raw.split(",") if word.strip()]


# A department's id and those of every department below it, walked by the
# database (UNION, not UNION ALL: a cycle ends the walk); per database alias.
_TREE_SQL: dict[str, str] = {}


def _tree_sql(alias: str) -> str:
    sql = _TREE_SQL.get(alias)
    if sql is None:
        pk = Department._meta.get_field("id")
        template = (
            "with recursive tree(id) as (select cast(%s as {type}) union "
            "select d.{id} from {table} d join tree on d.{parent} = tree.id) select id from tree"
        )
        # Names and the id's type from the model, the department as a parameter.
        sql = _TREE_SQL[alias] = template.format(
            type=pk.rel_db_type(connections[alias]),
            id=pk.column,
            parent=Department._meta.get_field("parent").column,
            table=Department._meta.db_table,
        )
    return sql


def descendant_ids_of(department_id: int) -> set[int]:
    """A department's id and those of every department below it, from the id
    alone (one query: whoever holds only the id need not load the row)."""
    # One fixed statement, the walk in SQL: compiling the ORM's values_list and
    # walking every department's row in Python was ~1,000 function calls of
    # every division user's request (the task list's visibility).
    alias = Department.objects.db
    with connections[alias].cursor() as cursor:
        cursor.execute(_tree_sql(alias), [department_id])
        return {dept_id for (dept_id,) in cursor.fetchall()}


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("督办管理员")
    HEAD = "head", _("处室负责人")
    STAFF = "staff", _("承办人")
    LEADER = "leader", _("厅领导")
    # 三员分立 (GB/T 22239-2019 level 3): three administrators, each with only
    # their own functions and no task data. See tracker/security/permissions.py.
    SYSTEM_ADMIN = "sysadmin", _("系统管理员")
    SECURITY_ADMIN = "secadmin", _("安全管理员")
    AUDIT_ADMIN = "auditadmin", _("审计管理员")


# The three administrators' roles: given and taken only by the security
# administrator in the management site, never on the supervisors' pages.
ADMINISTRATOR_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

# Each role's (lazy) label, for User.get_role_display.
_ROLE_LABELS: dict[str, Any] = dict(Role.choices)


class User(AbstractUser):
    """A person using Duban. Role and department decide what they see and do."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        Department,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    # A division's liaison (联络员) receives its newly assigned tasks.
    is_liaison = models.BooleanField(_("联络员"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["department__order", "id"]

    def __str__(self) -> str:
        return self.display_name

    def get_role_display(self) -> str:  # type: ignore[no-redef]
        """Django's ``get_role_display``, its labels read once per process:
        Django's builds a dict of every choice on each call (~320 function
        calls of every page's header, issue #17). The label is still translated
        when read, in the active language; an unknown value is shown as it is."""
        return force_str(_ROLE_LABELS.get(self.role, self.role), strings_only=True)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR or self.is_superuser

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_head(self) -> bool:
        return self.role == Role.HEAD

    @property
    def is_administrator(self) -> bool:
        """One of the three separate administrators (三员)."""
        return self.role in ADMINISTRATOR_ROLES

    @property
    def can_view_audit(self) -> bool:
        """Who reads the audit trail, on the page, in the CSV and through the API alike."""
        return self.role in (Role.SUPERVISOR, Role.LEADER, Role.AUDIT_ADMIN) or self.is_superuser

    @property
    def sees_everything(self) -> bool:
        """Supervisors and leaders see every department's tasks."""
        return self.is_supervisor or self.is_leader
