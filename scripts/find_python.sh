#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.8–3.10 only).
# Looks on PATH first, then in pyenv; exits 1 with a clear message when there is none.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }
for candidate in "${PYTHON310:-}" python3.10 python3 python; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in "$root"/versions/3.10*; do
    if [ -x "$dir/bin/python" ] && ok "$dir/bin/python"; then echo "$dir/bin/python"; exit 0; fi
  done
fi
for dir in "$HOME"/.pyenv/versions/3.10* /usr/local/bin /usr/bin; do
  for exe in "$dir/bin/python" "$dir/python3.10"; do
    if [ -x "$exe" ] && ok "$exe"; then echo "$exe"; exit 0; fi
  done
done
cat >&2 <<'MSG'
错误：没有找到 Python 3.10。Rasa 3.6 只能在 Python 3.8–3.10 上运行，本项目使用 3.10。
请安装 Python 3.10（例如 `pyenv install 3.10.13`，或系统包 python3.10 与 python3.10-venv），
或设置环境变量 PYTHON310=/path/to/python3.10 后重试。
MSG
exit 1
