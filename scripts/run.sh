#!/usr/bin/env bash
# Starts the bot. Called by `make run` after set-up.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "知识库已就绪：$(.venv/bin/python -m knowledge stats | head -2 | tr '\n' ' ')"
