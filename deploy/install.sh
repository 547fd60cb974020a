#!/bin/sh
# Install Duban from this offline package: ./install.sh [PREFIX] (default /opt/duban).
# Needs only python3.11 (or $PYTHON); no network, no compiler. Re-running upgrades in place.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${1:-/opt/duban}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "需要 Python 3.11 / Python 3.11 is required: set PYTHON=/path/to/python3.11")'
mkdir -p "$PREFIX"
# The source, without the wheelhouse; var/ and .venv/ in PREFIX are kept.
(cd "$HERE" && tar --exclude=./wheelhouse --exclude=./install.sh -cf - .) | (cd "$PREFIX" && tar -xf -)
[ -x "$PREFIX/.venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/.venv"
"$PREFIX/.venv/bin/python" -m pip install --quiet --no-index --find-links "$HERE/wheelhouse" \
  --require-hashes -r "$HERE/requirements.lock"
"$PREFIX/.venv/bin/python" -c 'import django, celery, kombu.transport.redis, psycopg, gunicorn; print("依赖已安装 / dependencies installed")'
echo "Duban 已安装到 $PREFIX。下一步见 $PREFIX/deploy/README.md 第 2 步之后。"
echo "Duban installed in $PREFIX. Continue with $PREFIX/deploy/README.md, step 2 onwards."
