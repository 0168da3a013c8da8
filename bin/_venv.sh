# Sourced by bin/serve and bin/test (not run on its own).
#
# Puts the shell in the project root with .venv/bin first on PATH, creating .venv with
# Python 3.11 if it is missing and installing the project with its test extras. The install
# runs again only when pyproject.toml is newer than the stamp file, so restarts stay fast.

CASEWORK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$CASEWORK_ROOT"

_venv="$CASEWORK_ROOT/.venv"
_stamp="$_venv/.casework-installed"

if [ ! -x "$_venv/bin/python" ]; then
    _python="${PYTHON:-python3.11}"
    if ! command -v "$_python" >/dev/null 2>&1; then
        echo "Casework needs Python 3.11: install it or set PYTHON=/path/to/python3.11" >&2
        exit 1
    fi
    echo "Creating .venv with $_python" >&2
    "$_python" -m venv "$_venv"
    rm -f "$_stamp"
fi

if [ ! -e "$_stamp" ] || [ pyproject.toml -nt "$_stamp" ]; then
    echo "Installing Casework and its dependencies into .venv" >&2
    "$_venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    touch "$_stamp"
fi

export PATH="$_venv/bin:$PATH"
export VIRTUAL_ENV="$_venv"
unset _venv _stamp _python
