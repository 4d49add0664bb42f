"""An action server builds its assistant when it starts, so the first question does not wait for it."""

from knowledge.settings import Settings


def test_the_warm_up_at_start_is_read_from_the_environment():
    assert Settings.from_env({"ACTIONS_WARM_UP": "1"}).warm_up_at_start
    assert not Settings.from_env({}).warm_up_at_start  # tests and scripts importing the actions build nothing


def test_the_launcher_starts_action_servers_that_warm_up(monkeypatch, tmp_path):
    import subprocess

    from bot import launch

    seen = {}
    monkeypatch.setattr(subprocess, "Popen", lambda *args, **kwargs: seen.update(kwargs))
    launch.start_actions(5099, tmp_path)
    assert seen["env"]["ACTIONS_WARM_UP"] == "1"
