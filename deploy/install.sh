#!/bin/sh
# Install Duban from this offline package: ./install.sh [--with-ldap] [PREFIX]
# (default PREFIX /opt/duban). Needs only python3.11 (or $PYTHON): no network, no compiler.
# --with-ldap adds the optional directory (LDAP/AD) extra, needed only with LDAP_SERVER_URI:
# on a server like the bundling machine it installs a ready wheel; elsewhere pip builds
# python-ldap from the bundled source (needs gcc and OpenLDAP's headers, deploy/README.md).
# Re-running upgrades in place.
set -eu
# Only the bundle's wheels: no pip.conf (an index, find-links) of this machine takes part.
export PIP_CONFIG_FILE=/dev/null
HERE="$(cd "$(dirname "$0")" && pwd)"
WITH_LDAP=0
if [ "${1:-}" = "--with-ldap" ]; then WITH_LDAP=1; shift; fi
PREFIX="${1:-/opt/duban}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
# Upgrading in place keeps the virtualenv and the Python it was made with.
[ -x "$PREFIX/.venv/bin/python" ] && PYTHON="$PREFIX/.venv/bin/python"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "需要 Python 3.11 / Python 3.11 is required: set PYTHON=/path/to/python3.11")'
# The services run as the duban user: the interpreter the virtualenv links to must be
# runnable by others (not a pyenv under /root, for instance).
"$PYTHON" - <<'PYCHECK'
import os, stat, sys
path = os.path.realpath(sys.executable)
blocked = [] if os.stat(path).st_mode & stat.S_IXOTH else [path]
parent = os.path.dirname(path)
while parent != os.path.dirname(parent):
    if not os.stat(parent).st_mode & stat.S_IXOTH:
        blocked.append(parent)
    parent = os.path.dirname(parent)
if blocked:
    sys.exit(f"{path} 不能被其他用户运行（{blocked[0]} 无 o+x），duban 用户将无法启动；请用 PYTHON=/usr/bin/python3.11 ./install.sh …\n"
             f"{path} cannot be run by other users ({blocked[0]} lacks o+x): the duban user could not start it. Use PYTHON=/usr/bin/python3.11 ./install.sh ...")
PYCHECK
mkdir -p "$PREFIX"
# The source, without the wheelhouses; var/ and .venv/ in PREFIX are kept.
(cd "$HERE" && tar --exclude=./wheelhouse --exclude=./wheelhouse-ldap --exclude=./install.sh -cf - .) | (cd "$PREFIX" && tar -xf -)
[ -x "$PREFIX/.venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/.venv"
"$PREFIX/.venv/bin/python" -m pip install --quiet --no-index --find-links "$HERE/wheelhouse" \
  --require-hashes -r "$HERE/requirements.lock"
"$PREFIX/.venv/bin/python" -c 'import django, celery, kombu.transport.redis, psycopg, gunicorn; print("依赖已安装 / dependencies installed")'
if [ "$WITH_LDAP" = 1 ]; then
  "$PREFIX/.venv/bin/python" -m pip install --quiet --no-index \
    --find-links "$HERE/wheelhouse" --find-links "$HERE/wheelhouse-ldap" \
    --require-hashes -r "$HERE/requirements-ldap.lock" || {
    echo "LDAP 组件安装失败：本机不能用打包机编译的 python-ldap，需从源码编译。请先安装 gcc、python3 开发包和 OpenLDAP 开发包" >&2
    echo "（Debian/UOS：libldap-dev libsasl2-dev python3-dev；麒麟/RPM：openldap-devel cyrus-sasl-devel python3-devel），再运行 install.sh --with-ldap。" >&2
    echo "Installing the LDAP extra failed: build python-ldap from source here (gcc, Python and OpenLDAP headers), then re-run install.sh --with-ldap." >&2
    exit 1; }
  "$PREFIX/.venv/bin/python" -c 'import ldap, django_auth_ldap; print("LDAP 组件已安装 / LDAP extra installed: python-ldap", ldap.__version__)'
fi
echo "Duban 已安装到 $PREFIX。下一步见 $PREFIX/deploy/README.md 第 2 步之后。"
echo "Duban installed in $PREFIX. Continue with $PREFIX/deploy/README.md, step 2 onwards."
