#!/usr/bin/env bash
# make bundle: build dist/duban-<version>-offline.tar.gz on a connected machine.
# Source (the committed tree), a wheelhouse for x86_64 and aarch64 checked against
# requirements.lock's hashes, and install.sh. BUNDLE_PYTHON (default 3.11) picks the CPython
# the wheels are for. A stale lock is re-locked first (it needs the index anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${BUNDLE_PYTHON:-3.11}"
ABI="cp${PY/./}"
PIP="${PIP:-.venv/bin/python -m pip}"
VERSION="$(python3 -c 'exec(open("tracker/version.py").read()); print(__version__)')"
NAME="duban-$VERSION"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

if ! python3 deploy/lockcheck.py; then
  echo "锁文件过期，先重新生成 / stale lock: running make lock"
  make lock
fi
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "注意：打包的是已提交的版本，未提交的改动不在其中 / note: uncommitted changes are not bundled"
fi

mkdir -p "$STAGE/$NAME/wheelhouse" "$STAGE/$NAME/wheelhouse-ldap" "$STAGE/built" dist
git archive --format=tar HEAD | tar -x -C "$STAGE/$NAME"
# pip download evaluates environment markers against the Python running it, not the target:
# a package needed only below some patch release (async-timeout for redis on Python < 3.11.3,
# which is Debian 12's python3.11) would be left out. Drop version-only markers so the
# wheelhouse serves every 3.11.x; platform markers (win32, darwin) stay.
sed -E "s/^([A-Za-z0-9._-]+==[^ ]+) ; python(_full)?_version [<>=!]+ '[0-9.]+' \\\\$/\\1 \\\\/" \
  requirements.lock > "$STAGE/binary.lock"

# The optional LDAP extra (requirements-ldap.lock; install.sh --with-ldap) in its own
# wheelhouse. PyPI has python-ldap only as source: the bundle carries that source (its hash
# is in the lock), a wheel built here (its hash is added to the bundled lock; it runs on
# servers like this one: same architecture, glibc and OpenLDAP libraries), and setuptools,
# so a server that cannot use the wheel builds the source offline (compiler + OpenLDAP
# headers: deploy/README.md, "目录（LDAP）").
LDAP_BUILD_REQUIRES="setuptools==84.2.1"
python3 - requirements-ldap.lock requirements.lock > "$STAGE/ldap-only.lock" <<'PYSPLIT'
import re, sys
from pathlib import Path
name = lambda line: re.split(r"[=\s;\[]", line, maxsplit=1)[0].lower()
top = lambda line: line and not line[0].isspace() and not line.startswith("#")
base = {name(l) for l in Path(sys.argv[2]).read_text().splitlines() if top(l)}
out, keep = [], False
for line in Path(sys.argv[1]).read_text().splitlines():
    if top(line):
        keep = name(line) not in base
    if keep:
        out.append(line)
print("\n".join(out))
PYSPLIT
LDAP_HOUSE="$STAGE/$NAME/wheelhouse-ldap"
cp requirements-ldap.lock "$STAGE/$NAME/requirements-ldap.lock"
$PIP download -q --require-hashes --no-deps --no-binary=python-ldap \
  -r "$STAGE/ldap-only.lock" -d "$LDAP_HOUSE" 2>&1 | grep -v '^WARNING: Location' || true
$PIP download -q --no-deps --only-binary=:all: "$LDAP_BUILD_REQUIRES" -d "$LDAP_HOUSE" 2>&1 \
  | grep -v '^WARNING: Location' || true
ls "$LDAP_HOUSE"/python_ldap-*.tar.gz >/dev/null || { echo "python-ldap 源码包下载失败 / could not download python-ldap's source"; exit 1; }
for sdist in "$LDAP_HOUSE"/python_ldap-*.tar.gz; do
  $PIP wheel -q --no-deps "$sdist" -w "$STAGE/built" >"$STAGE/ldap-build.log" 2>&1 || {
    grep -v '^WARNING: Location' "$STAGE/ldap-build.log"
    echo "python-ldap 编译失败：打包机需要 gcc、libldap-dev、libsasl2-dev（make sysdeps）/ building python-ldap failed: install gcc libldap-dev libsasl2-dev"
    exit 1; }
done
for wheel in "$STAGE"/built/*.whl; do
  name="$(basename "$wheel" | cut -d- -f1 | tr '_' '-')"
  digest="$(sha256sum "$wheel" | cut -d' ' -f1)"
  python3 - "$STAGE/$NAME/requirements-ldap.lock" "$name" "$digest" <<'PYHASH'
import re, sys
from pathlib import Path
path, name, digest = Path(sys.argv[1]), sys.argv[2].lower(), sys.argv[3]
text = path.read_text()
pattern = re.compile(rf"^({re.escape(name)}==\S+ \\\n)", re.M | re.I)
if not pattern.search(text):
    sys.exit(f"{name} not in the lock")
path.write_text(pattern.sub(lambda m: m[1] + f"    --hash=sha256:{digest} \\\n", text, count=1))
PYHASH
  cp "$wheel" "$LDAP_HOUSE/"
done
for arch in x86_64 aarch64; do
  $PIP download -q --require-hashes --only-binary=:all: --no-deps \
    --platform "manylinux2014_$arch" --platform "manylinux_2_17_$arch" \
    --platform "manylinux_2_28_$arch" --platform "linux_$arch" \
    --python-version "$PY" --implementation cp --abi "$ABI" --abi abi3 --abi none \
    -r "$STAGE/binary.lock" -d "$STAGE/$NAME/wheelhouse" 2>&1 | grep -v '^WARNING: Location' || true
  # pip download exits 0 on success; verify every locked package has a wheel for $arch.
  python3 - "$STAGE/$NAME/wheelhouse" "$arch" "$STAGE/binary.lock" <<'PYCHECK'
import re, sys
from pathlib import Path
house, arch = Path(sys.argv[1]), sys.argv[2]
norm = lambda n: re.sub(r"[-_.]+", "_", n).lower()
locked = {norm(m[1]) for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?: ; (.*?))? \\$", Path(sys.argv[3]).read_text(), re.M)
          if not m[3] or "win32" not in m[3] and "darwin" not in m[3]}
wheels = {}
for w in house.glob("*.whl"):
    parts = w.name.split("-")
    if w.name.endswith("any.whl") or arch in w.name:
        wheels[norm(parts[0])] = w.name
missing = sorted(locked - set(wheels))
if missing:
    sys.exit(f"没有 {arch} 的 wheel / no {arch} wheel for: {missing}")
print(f"{arch}: {len(locked)} packages have wheels")
PYCHECK
done
cp deploy/install.sh "$STAGE/$NAME/install.sh"
chmod 0755 "$STAGE/$NAME/install.sh"
tar -C "$STAGE" -czf "dist/$NAME-offline.tar.gz" "$NAME"
(cd dist && sha256sum "$NAME-offline.tar.gz" > "$NAME-offline.tar.gz.sha256")
ls -l "dist/$NAME-offline.tar.gz"
