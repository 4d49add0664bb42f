"""Faults: with the action server down, citizens still get an answer with the consult phone, fast."""

import time
import uuid

import pytest

from bot.launch import free_port, post_json, start_rasa, wait_ready

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory):
    port = free_port()
    dead = free_port()  # nothing listens here: the action server is "down"
    proc = start_rasa(port, f"http://127.0.0.1:{dead}/webhook", tmp_path_factory.mktemp("faults"))
    try:
        wait_ready(f"http://127.0.0.1:{port}", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_action_server_down_still_answers_with_phone(rasa_without_actions):
    started = time.monotonic()
    reply = post_json(f"{rasa_without_actions}/webhooks/rest/webhook",
                      {"sender": f"fault-{uuid.uuid4().hex[:8]}", "message": "失业金要带什么材料"})
    assert time.monotonic() - started < 15
    assert "0312-7318400" in reply[0]["text"]


def test_bad_rest_requests_get_a_reason(rasa_without_actions):
    import urllib.error
    import urllib.request

    for body in (b"{not json", b'{"sender": "x", "message": "   "}', b'{"message": "hi"}'):
        request = urllib.request.Request(f"{rasa_without_actions}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=10)
        assert caught.value.code == 400
        assert "error" in caught.value.read().decode()
