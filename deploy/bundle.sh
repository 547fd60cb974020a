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

mkdir -p "$STAGE/$NAME/wheelhouse" "$STAGE/built" dist
git archive --format=tar HEAD | tar -x -C "$STAGE/$NAME"
# Packages PyPI has only as source (python-ldap): the bundle carries the sdist (its hash is in
# the lock) and an x86_64 wheel built here, whose hash is added to the bundled lock. Servers
# that cannot use that wheel build the sdist (see deploy/README.md, "信创 servers").
SDIST_ONLY="python-ldap"
split_lock() {  # split_lock KEEP|DROP: requirements.lock with/without the SDIST_ONLY blocks
  python3 - "$1" "$SDIST_ONLY" <<'PYSPLIT'
import re, sys
from pathlib import Path
mode, names = sys.argv[1], set(sys.argv[2].split())
out, keep = [], True
for line in Path("requirements.lock").read_text().splitlines():
    if line and not line[0].isspace() and not line.startswith("#"):
        name = re.split(r"[=\s;\[]", line, maxsplit=1)[0].lower()
        keep = (name in names) == (mode == "KEEP")
    if keep or line.startswith("#"):
        out.append(line)
print("\n".join(out))
PYSPLIT
}
split_lock DROP > "$STAGE/binary.lock"
split_lock KEEP > "$STAGE/source.lock"
cp requirements.lock "$STAGE/$NAME/requirements.lock"
if grep -q '==' "$STAGE/source.lock"; then
  $PIP download -q --require-hashes --no-deps --no-binary=:all: -r "$STAGE/source.lock" \
    -d "$STAGE/$NAME/wheelhouse" 2>&1 | grep -v '^WARNING: Location' || true
  for sdist in "$STAGE/$NAME"/wheelhouse/*.tar.gz; do
    $PIP wheel -q --no-deps "$sdist" -w "$STAGE/built" 2>&1 | grep -v '^WARNING: Location' || true
  done
  for wheel in "$STAGE"/built/*.whl; do
    name="$(basename "$wheel" | cut -d- -f1 | tr '_' '-')"
    digest="$(sha256sum "$wheel" | cut -d' ' -f1)"
    python3 - "$STAGE/$NAME/requirements.lock" "$name" "$digest" <<'PYHASH'
import re, sys
from pathlib import Path
path, name, digest = Path(sys.argv[1]), sys.argv[2].lower(), sys.argv[3]
text = path.read_text()
pattern = re.compile(rf"^({re.escape(name)}==\S+ \\\n)", re.M | re.I)
if not pattern.search(text):
    sys.exit(f"{name} not in the lock")
path.write_text(pattern.sub(lambda m: m[1] + f"    --hash=sha256:{digest} \\\n", text, count=1))
PYHASH
    cp "$wheel" "$STAGE/$NAME/wheelhouse/"
  done
fi
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
          if not m[3] or "win32" not in m[3] and "darwin" not in m[3] and "python_full_version < '3.11.3'" not in m[3]}
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
