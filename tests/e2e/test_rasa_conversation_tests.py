"""`rasa test core` over bot/tests: every conversation test story predicts its actions."""

import subprocess
import sys
from pathlib import Path

import pytest

from bot.launch import MODEL, PROJECT_ROOT, _env

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_rasa_conversation_tests_pass(tmp_path):
    rasa = Path(sys.executable).parent / "rasa"
    proc = subprocess.run(
        [str(rasa), "test", "core", "--model", str(MODEL), "--stories", "bot/tests",
         "--endpoints", "endpoints.yml", "--out", str(tmp_path), "--fail-on-prediction-errors"],
        cwd=PROJECT_ROOT, env=_env({"ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook"}),
        capture_output=True, text=True, timeout=600,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    detail = failed.read_text(encoding="utf-8") if failed.exists() else proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.returncode == 0, detail
