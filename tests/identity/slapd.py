"""A real OpenLDAP server (Debian's slapd) for the directory tests.

Started in a temporary folder on a free loopback port, filled from LDIF with
python-ldap, stopped when the test session ends.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import ldap
import ldap.modlist

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")
SUFFIX = "dc=example,dc=gov,dc=cn"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "slapd-admin-secret"
BIND_DN = f"cn=duban,{SUFFIX}"
BIND_PASSWORD = "duban-bind-secret"


AD_SCHEMA = """
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
    EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
    SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
    EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
"""


def slapd_available() -> bool:
    return Path(SLAPD).exists() and (SCHEMA_DIR / "inetorgperson.schema").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Slapd:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        schemas = [SCHEMA_DIR / f"{name}.schema" for name in ("core", "cosine", "inetorgperson")]
        # Active Directory's two attributes Duban reads, with AD's OIDs and the
        # matching rules AD applies (Debian's msuser.schema declares none).
        ad_schema = self.folder / "ad.schema"
        ad_schema.write_text(AD_SCHEMA, encoding="utf-8")
        config = "\n".join(
            [*(f"include {path}" for path in [*schemas, ad_schema])]
            + [
                f"modulepath {MODULE_DIR}",
                "moduleload back_mdb",
                f"pidfile {self.folder / 'slapd.pid'}",
                # The service account may read everything; people may bind.
                "access to attrs=userPassword by anonymous auth by * none",
                f'access to * by dn.exact="{BIND_DN}" read by self read by * none',
                "database mdb",
                f'suffix "{SUFFIX}"',
                f'rootdn "{ADMIN_DN}"',
                f"rootpw {ADMIN_PASSWORD}",
                f"directory {data}",
                "maxsize 10485760",
                "index objectClass eq",
                "",
            ]
        )
        conf = self.folder / "slapd.conf"
        conf.write_text(config, encoding="utf-8")
        self.log = open(self.folder / "slapd.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", self.uri + "/", "-d", "0"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "slapd exited: " + (self.folder / "slapd.log").read_text(errors="replace")
                )
            try:
                conn = self.admin()
                conn.unbind_s()
                return
            except ldap.SERVER_DOWN:
                time.sleep(0.1)
        raise RuntimeError("slapd did not start in 15 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def admin(self) -> ldap.ldapobject.LDAPObject:
        conn = ldap.initialize(self.uri)
        conn.simple_bind_s(ADMIN_DN, ADMIN_PASSWORD)
        return conn

    def add(self, dn: str, **attrs: str | list[str]) -> None:
        entry = {
            name: [v.encode() for v in (value if isinstance(value, list) else [value])]
            for name, value in attrs.items()
        }
        conn = self.admin()
        try:
            conn.add_s(dn, ldap.modlist.addModlist(entry))
        finally:
            conn.unbind_s()

    def delete(self, dn: str) -> None:
        conn = self.admin()
        try:
            conn.delete_s(dn)
        finally:
            conn.unbind_s()

    def replace(self, dn: str, name: str, values: list[str]) -> None:
        conn = self.admin()
        try:
            conn.modify_s(dn, [(ldap.MOD_REPLACE, name, [v.encode() for v in values])])
        finally:
            conn.unbind_s()

    def wipe(self) -> None:
        """Remove every entry below the suffix (deepest first), keeping the server."""
        conn = self.admin()
        try:
            try:
                found = conn.search_s(SUFFIX, ldap.SCOPE_SUBTREE, "(objectClass=*)", ["1.1"])
            except ldap.NO_SUCH_OBJECT:
                return
            for dn, _attrs in sorted(found, key=lambda item: -item[0].count(",")):
                conn.delete_s(dn)
        finally:
            conn.unbind_s()
