"""The organisation's directory (LDAP / Active Directory): login and sync.

Organisational units under ``LDAP_USER_BASE`` become departments (the OU
tree is the department tree); a person's department is the OU their entry
sits in. The role comes from membership of the groups in
``LDAP_ROLE_GROUPS`` or from the value of ``LDAP_ROLE_ATTR``. People whose
entry disappears, or whom Active Directory marks disabled, are deactivated,
never deleted: their tasks, progress reports and audit trail stay theirs.
Accounts that never came from the directory (the administrators' local
accounts) are never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

try:
    import ldap
    from ldap.controls import SimplePagedResultsControl
    from ldap.dn import explode_dn, str2dn
except ImportError:  # the optional LDAP extra (requirements-ldap.txt) is not installed:
    # the settings refuse LDAP_SERVER_URI without it, and connect() says so.
    ldap = None

from tracker.identity.models import DirectorySyncRun, DirectoryUnit, Source, UserIdentity
from tracker.org.models import Department, Role, User

logger = logging.getLogger(__name__)

# Active Directory's userAccountControl: bit 2 is ACCOUNTDISABLE.
AD_ACCOUNT_DISABLED = 0x2
PAGE_SIZE = 500
ROLE_PRIORITY = [Role.SUPERVISOR, Role.LEADER, Role.HEAD]


class DirectoryError(Exception):
    """The directory could not be read: nothing was changed."""


def directory_enabled() -> bool:
    return bool(getattr(settings, "LDAP_SERVER_URI", ""))


def normalize_dn(dn: str) -> str:
    """One spelling of a DN: attribute names and values lower-cased, no stray spaces."""
    try:
        parts = str2dn(dn)
    except ldap.DECODING_ERROR:
        return dn.strip().lower()
    return ",".join(
        "+".join(f"{attr.lower()}={value.lower()}" for attr, value, _flags in rdn) for rdn in parts
    )


def parent_dn(dn: str) -> str:
    return ",".join(explode_dn(dn)[1:])


def parse_role_map(raw: str) -> dict[str, str]:
    """``supervisor=cn=督办管理员,ou=groups,…;leader=…`` → {role: value}."""
    mapping: dict[str, str] = {}
    for item in raw.replace("；", ";").split(";"):
        if "=" not in item:
            continue
        role, value = item.split("=", 1)
        role = role.strip()
        if role in Role.values and value.strip():
            mapping[role] = value.strip()
    return mapping


def _text(attrs: dict[str, list[bytes]], name: str) -> str:
    if not name:
        return ""
    for key, values in attrs.items():
        if key.lower() == name.lower() and values:
            value = values[0]
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return ""


@dataclass
class DirectoryEntry:
    """One person as the directory describes them."""

    dn: str
    username: str
    full_name: str
    email: str
    phone: str
    title: str
    role: str
    dingtalk_userid: str
    wecom_userid: str
    disabled: bool


@dataclass
class SyncCounts:
    departments_created: int = 0
    departments_updated: int = 0
    departments_deactivated: int = 0
    users_created: int = 0
    users_updated: int = 0
    users_deactivated: int = 0
    users_reactivated: int = 0
    skipped_local: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


# --------------------------------------------------------------------------- reading


def connect() -> Any:
    """A connection bound with the service account (raises DirectoryError)."""
    if ldap is None:
        raise DirectoryError(
            "未安装 LDAP 组件（python-ldap）：见 deploy/README.md“目录（LDAP）”一节。"
        )
    try:
        connection = ldap.initialize(settings.LDAP_SERVER_URI)
        connection.set_option(ldap.OPT_REFERRALS, 0)
        connection.set_option(ldap.OPT_NETWORK_TIMEOUT, settings.LDAP_TIMEOUT)
        connection.set_option(ldap.OPT_TIMEOUT, settings.LDAP_TIMEOUT)
        connection.protocol_version = 3
        if settings.LDAP_START_TLS:
            connection.start_tls_s()
        connection.simple_bind_s(settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD)
    except ldap.LDAPError as exc:
        raise DirectoryError(f"无法连接目录服务器：{_ldap_reason(exc)}") from exc
    return connection


def _ldap_reason(exc: Exception) -> str:
    info = exc.args[0] if exc.args else {}
    if isinstance(info, dict):
        return str(info.get("desc", "")) + (f"（{info['info']}）" if info.get("info") else "")
    return str(exc)


def _search(
    connection: Any, base: str, filterstr: str, attrs: list[str] | None
) -> Iterator[tuple[str, dict[str, list[bytes]]]]:
    """A paged subtree search (Active Directory returns at most 1000 otherwise)."""
    control = SimplePagedResultsControl(True, size=PAGE_SIZE, cookie="")
    while True:
        msgid = connection.search_ext(
            base, ldap.SCOPE_SUBTREE, filterstr, attrs, serverctrls=[control]
        )
        _rtype, results, _msgid, controls = connection.result3(msgid)
        for dn, entry_attrs in results:
            if dn is not None:  # skip referrals
                yield dn, entry_attrs
        cookies = [
            c.cookie for c in controls if c.controlType == SimplePagedResultsControl.controlType
        ]
        if not cookies or not cookies[0]:
            return
        control.cookie = cookies[0]


def read_group_members(connection: Any) -> dict[str, set[str]]:
    """{role: normalised DNs of its group's members} for ``LDAP_ROLE_GROUPS``."""
    members: dict[str, set[str]] = {}
    for role, group_dn in parse_role_map(settings.LDAP_ROLE_GROUPS).items():
        try:
            found = connection.search_s(
                group_dn, ldap.SCOPE_BASE, "(objectClass=*)", ["member", "uniqueMember"]
            )
        except ldap.NO_SUCH_OBJECT:
            logger.warning("role group %s not found in the directory", group_dn)
            members[role] = set()
            continue
        dns: set[str] = set()
        for _dn, attrs in found:
            for name in ("member", "uniqueMember"):
                for value in attrs.get(name, []):
                    dns.add(normalize_dn(value.decode("utf-8", "replace")))
        members[role] = dns
    return members


def role_for(dn: str, attrs: dict[str, list[bytes]], group_members: dict[str, set[str]]) -> str:
    """The highest role a person's groups or role attribute give; staff otherwise."""
    key = normalize_dn(dn)
    attr_value = _text(attrs, settings.LDAP_ROLE_ATTR)
    attr_roles = parse_role_map(settings.LDAP_ROLE_VALUES)
    for role in ROLE_PRIORITY:
        if key in group_members.get(role, set()):
            return role
        if attr_value and attr_roles.get(role) == attr_value:
            return role
    return Role.STAFF


def entry_from(
    dn: str, attrs: dict[str, list[bytes]], group_members: dict[str, set[str]]
) -> DirectoryEntry | None:
    username = _text(attrs, settings.LDAP_LOGIN_ATTR)
    if not username:
        return None
    control = _text(attrs, "userAccountControl")
    disabled = bool(control.isdigit() and int(control) & AD_ACCOUNT_DISABLED)
    return DirectoryEntry(
        dn=dn,
        username=username.strip().lower(),
        full_name=_text(attrs, settings.LDAP_ATTR_NAME)[:50],
        email=_text(attrs, settings.LDAP_ATTR_EMAIL)[:254],
        phone=_text(attrs, settings.LDAP_ATTR_PHONE)[:20],
        title=_text(attrs, settings.LDAP_ATTR_TITLE)[:50],
        role=role_for(dn, attrs, group_members),
        dingtalk_userid=_text(attrs, settings.LDAP_ATTR_DINGTALK)[:64],
        wecom_userid=_text(attrs, settings.LDAP_ATTR_WECOM)[:64],
        disabled=disabled,
    )


def user_attr_list() -> list[str]:
    names = [
        settings.LDAP_LOGIN_ATTR,
        settings.LDAP_ATTR_NAME,
        settings.LDAP_ATTR_EMAIL,
        settings.LDAP_ATTR_PHONE,
        settings.LDAP_ATTR_TITLE,
        settings.LDAP_ATTR_DINGTALK,
        settings.LDAP_ATTR_WECOM,
        settings.LDAP_ROLE_ATTR,
        "userAccountControl",
    ]
    return [name for name in names if name]


# --------------------------------------------------------------------------- writing


def is_local_name(username: str) -> bool:
    """Names reserved for local accounts (LOCAL_ACCOUNTS): never taken from the directory."""
    return username.strip().lower() in {name.lower() for name in settings.LOCAL_ACCOUNTS}


def is_kept_local(user: User) -> bool:
    """Accounts the directory never takes over: superusers and LOCAL_ACCOUNTS."""
    return user.is_superuser or is_local_name(user.username)


def department_for_unit(unit_dn: str, units: dict[str, Department]) -> Department | None:
    return units.get(normalize_dn(unit_dn))


def _unit_name(dn: str) -> str:
    first = str2dn(dn)[0]
    return first[0][1]


def units_sync(
    connection: Any, counts: SyncCounts, now: Any, *, deactivate_missing: bool = True
) -> dict[str, Department]:
    """Create or update one department per OU under the user base; return {dn: department}."""
    base = settings.LDAP_USER_BASE
    found = sorted(
        (
            dn
            for dn, _attrs in _search(connection, base, "(objectClass=organizationalUnit)", ["ou"])
        ),
        key=lambda dn: len(explode_dn(dn)),
    )
    base_key = normalize_dn(base)
    existing = {unit.dn: unit for unit in DirectoryUnit.objects.select_related("department")}
    departments: dict[str, Department] = {}
    for dn in found:
        key = normalize_dn(dn)
        if key == base_key:
            continue  # the base itself is the organisation, not a division
        parent = departments.get(normalize_dn(parent_dn(dn)))
        name = _unit_name(dn)[:100]
        unit = existing.get(key)
        if unit is None:
            department = Department.objects.filter(name=name, directory_unit__isnull=True).first()
            if department is None:
                if Department.objects.filter(name=name).exists():
                    name = f"{name}（{parent.name if parent else _unit_name(parent_dn(dn))}）"[:100]
                department = Department.objects.create(name=name, parent=parent)
                counts.departments_created += 1
            else:
                counts.departments_updated += 1
            DirectoryUnit.objects.create(department=department, dn=key, synced_at=now)
        else:
            department = unit.department
            changed = department.parent_id != (parent.pk if parent else None)
            changed = changed or not department.is_active
            if changed:
                counts.departments_updated += 1
            department.parent = parent
            department.is_active = True
            department.save(update_fields=["parent", "is_active"])
            DirectoryUnit.objects.filter(pk=unit.pk).update(synced_at=now)
        departments[key] = department
    if deactivate_missing:
        gone = DirectoryUnit.objects.exclude(dn__in=list(departments)).filter(
            department__is_active=True
        )
        for unit in gone.select_related("department"):
            unit.department.is_active = False
            unit.department.save(update_fields=["is_active"])
            counts.departments_deactivated += 1
    return departments


def user_apply(
    *, user: User, entry: DirectoryEntry, department: Department | None, now: Any
) -> bool:
    """Write what the directory says about one person onto their account.

    Returns whether anything visible changed. The password is made unusable:
    a directory person logs in against the directory, never locally.
    """
    before = (
        user.full_name,
        user.email,
        user.phone,
        user.title,
        user.role,
        user.department_id,
        user.is_active,
    )
    user.full_name = entry.full_name or user.full_name
    user.email = entry.email or user.email
    user.phone = entry.phone or user.phone
    user.title = entry.title or user.title
    user.role = entry.role
    if department is not None:
        user.department = department
    user.is_active = not entry.disabled
    if user.has_usable_password():
        user.set_unusable_password()
    user.save()
    identity, _created = UserIdentity.objects.get_or_create(
        user=user, defaults={"source": Source.DIRECTORY}
    )
    identity.source = Source.DIRECTORY
    identity.directory_dn = normalize_dn(entry.dn)
    if entry.dingtalk_userid:
        identity.dingtalk_userid = entry.dingtalk_userid
    if entry.wecom_userid:
        identity.wecom_userid = entry.wecom_userid
    if entry.dingtalk_userid or entry.wecom_userid:
        identity.ids_entered_by_user = False  # the directory vouches for them now
    identity.synced_at = now
    identity.left_at = now if entry.disabled else None
    identity.save()
    after = (
        user.full_name,
        user.email,
        user.phone,
        user.title,
        user.role,
        user.department_id,
        user.is_active,
    )
    return before != after


def directory_sync(*, now: Any = None) -> DirectorySyncRun:
    """Read the whole directory and bring departments and people in line with it.

    All changes happen in one transaction after the directory was read in
    full: a directory that fails half-way changes nothing, so nobody is
    deactivated because of a network error.
    """
    now = now or timezone.now()
    run = DirectorySyncRun.objects.create(started_at=now)
    counts = SyncCounts()
    try:
        connection = connect()
        try:
            members = read_group_members(connection)
            people = [
                (dn, attrs)
                for dn, attrs in _search(
                    connection, settings.LDAP_USER_BASE, settings.LDAP_USER_FILTER, user_attr_list()
                )
            ]
            if (
                not people
                and UserIdentity.objects.filter(
                    source=Source.DIRECTORY, user__is_active=True
                ).exists()
            ):
                raise DirectoryError(
                    "目录未返回任何人员，可能是查询条件或权限有误；为防止误停用账号，本次未做任何更改。"
                )
            with transaction.atomic():
                units = units_sync(connection, counts, now)
                seen_users: set[int] = set()
                for dn, attrs in people:
                    entry = entry_from(dn, attrs, members)
                    if entry is None:
                        continue
                    user_id = _entry_sync(entry, units, counts, now)
                    if user_id is not None:
                        seen_users.add(user_id)
                _leavers_deactivate(seen_users, counts, now)
        finally:
            connection.unbind_s()
    except (DirectoryError, ldap.LDAPError) as exc:
        reason = str(exc) if isinstance(exc, DirectoryError) else _ldap_reason(exc)
        run.error = reason
        run.finished_at = timezone.now()
        run.counts = counts.as_dict()
        run.save()
        raise DirectoryError(reason) from exc
    run.counts = counts.as_dict()
    run.finished_at = timezone.now()
    run.save()
    return run


def _entry_sync(
    entry: DirectoryEntry, units: dict[str, Department], counts: SyncCounts, now: Any
) -> int | None:
    key = normalize_dn(entry.dn)
    identity = UserIdentity.objects.select_related("user").filter(directory_dn=key).first()
    user = identity.user if identity else None
    if user is None:
        user = User.objects.filter(username__iexact=entry.username).first()
        if is_local_name(entry.username) or (user is not None and is_kept_local(user)):
            counts.skipped_local.append(entry.username)
            return None
    department = units.get(normalize_dn(parent_dn(entry.dn)))
    if user is None:
        user = User(username=entry.username)
        user.set_unusable_password()
        user_apply(user=user, entry=entry, department=department, now=now)
        counts.users_created += 1
        return user.pk
    was_active = user.is_active
    if user_apply(user=user, entry=entry, department=department, now=now):
        if not was_active and user.is_active:
            counts.users_reactivated += 1
        elif was_active and not user.is_active:
            counts.users_deactivated += 1
        else:
            counts.users_updated += 1
    return user.pk


def _leavers_deactivate(seen_users: set[int], counts: SyncCounts, now: Any) -> None:
    """People from the directory who are no longer in it: deactivated, never deleted."""
    leavers = User.objects.filter(identity__source=Source.DIRECTORY, is_active=True).exclude(
        pk__in=seen_users
    )
    for user in leavers:
        user.is_active = False
        user.save(update_fields=["is_active"])
        UserIdentity.objects.filter(user=user).update(left_at=now)
        counts.users_deactivated += 1
