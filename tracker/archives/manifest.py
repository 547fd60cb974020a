"""Checksums of an archive package and their verification (no Django import).

``manifest.json`` at the root of the zip lists every other entry with its
size and SHA-256 (and SM3, the national standard hash GB/T 32905, when the
package was made with ``ARCHIVE_SM3`` on). ``verify_package`` reads the zip
again and reports, in Chinese, every entry that is missing, added, or not
what the manifest says.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

MANIFEST_NAME = "manifest.json"
FORMAT = "duban-archive/1"
CHUNK = 1024 * 1024


def _openssl_sm3() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


OPENSSL_SM3 = _openssl_sm3()


def sm3_available() -> bool:
    """SM3 from OpenSSL (hashlib, fast, streaming), else from gmssl (pure Python)."""
    if OPENSSL_SM3:
        return True
    try:
        import gmssl.sm3  # noqa: F401
    except ImportError:  # pragma: no cover - gmssl is a pinned dependency
        return False
    return True


class Sm3:
    """SM3 with hashlib's update/hexdigest interface.

    OpenSSL's SM3 (Debian's, Kylin's and UOS's OpenSSL have it) hashes about
    60 MB/s here; where OpenSSL lacks it (some FIPS builds), gmssl's pure-Python
    SM3 is used, which needs the whole message and manages about 30 KB/s — so
    ``ARCHIVE_SM3`` is only for such servers with small evidence files.
    """

    def __init__(self) -> None:
        self._openssl = hashlib.new("sm3") if OPENSSL_SM3 else None
        self._parts: list[bytes] = []

    def update(self, data: bytes) -> None:
        if self._openssl is not None:
            self._openssl.update(data)
        else:
            self._parts.append(bytes(data))

    def hexdigest(self) -> str:
        if self._openssl is not None:
            return self._openssl.hexdigest()
        from gmssl import func, sm3

        return str(sm3.sm3_hash(func.bytes_to_list(b"".join(self._parts))))


class Digests:
    """SHA-256 (always) and SM3 (optional) of one stream, fed in chunks."""

    def __init__(self, *, sm3: bool) -> None:
        self.size = 0
        self._sha = hashlib.sha256()
        self._sm3 = Sm3() if sm3 else None

    def update(self, data: bytes) -> None:
        self.size += len(data)
        self._sha.update(data)
        if self._sm3 is not None:
            self._sm3.update(data)

    def entry(self, path: str) -> dict[str, Any]:
        item: dict[str, Any] = {"path": path, "size": self.size, "sha256": self._sha.hexdigest()}
        if self._sm3 is not None:
            item["sm3"] = self._sm3.hexdigest()
        return item


@dataclass
class Verdict:
    ok: bool
    manifest: dict[str, Any] = field(default_factory=dict)
    manifest_sha256: str = ""
    problems: list[str] = field(default_factory=list)
    checked: int = 0


def _digest_member(archive: zipfile.ZipFile, name: str, *, sm3: bool) -> Digests:
    digests = Digests(sm3=sm3)
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digests.update(chunk)
    return digests


def verify_package(source: str | Path | IO[bytes]) -> Verdict:
    """Check every entry of a package against its manifest."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        return Verdict(False, problems=[f"不是有效的归档包（zip）：{error}"])
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        if MANIFEST_NAME not in names:
            return Verdict(False, problems=[f"归档包中没有清单 {MANIFEST_NAME}。"])
        raw = archive.read(MANIFEST_NAME)
        manifest_sha256 = hashlib.sha256(raw).hexdigest()
        try:
            manifest = json.loads(raw)
            listed = {item["path"]: item for item in manifest["files"]}
        except (ValueError, KeyError, TypeError):
            return Verdict(False, problems=["清单 manifest.json 无法读取。"])
        if manifest.get("format") != FORMAT:
            return Verdict(False, manifest, manifest_sha256, ["清单格式不是督办归档包。"])
        problems: list[str] = []
        present = set(names) - {MANIFEST_NAME}
        for extra in sorted(present - set(listed)):
            problems.append(f"清单中没有的文件：{extra}")
        for missing in sorted(set(listed) - present):
            problems.append(f"清单中的文件缺失：{missing}")
        wants_sm3 = any("sm3" in item for item in listed.values())
        if wants_sm3 and not sm3_available():
            problems.append("清单含 SM3 校验值，但本机未安装 gmssl，无法核对 SM3。")
            wants_sm3 = False
        checked = 0
        for path in sorted(present & set(listed)):
            item = listed[path]
            try:
                got = _digest_member(archive, path, sm3=wants_sm3 and "sm3" in item).entry(path)
            except (zipfile.BadZipFile, OSError) as error:
                # A changed byte inside a compressed entry fails zip's own CRC check.
                problems.append(f"文件已损坏：{path}（{error}）")
                continue
            checked += 1
            if got["size"] != item.get("size"):
                problems.append(f"大小不符：{path}（清单 {item.get('size')}，实际 {got['size']}）")
            if got["sha256"] != item.get("sha256"):
                problems.append(f"SHA-256 不符：{path}")
            if "sm3" in got and got["sm3"] != item.get("sm3"):
                problems.append(f"SM3 不符：{path}")
        return Verdict(not problems, manifest, manifest_sha256, problems, checked)
