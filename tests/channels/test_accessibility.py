"""Accessibility of the chat page, the widget and the agent console in headless Chromium, against the real bot.

axe-core (web/vendor/axe-core, MPL-2.0, from npm) is injected with Selenium and must find no serious or
critical violation; axe walks open shadow roots, so the deep-chat component's inside is checked too (the
tests assert that it was). Elder mode (长辈模式) must enlarge text and buttons, everything must work with
the keyboard alone, new answers are announced and can be read aloud. The axe counts go to reports/axe.json,
the screenshots to reports/screenshots/ (both gitignored)."""

from __future__ import annotations

import functools
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.channels.conftest import PROJECT_ROOT, ChannelBot, chromium
from tests.channels.test_browser import ChatPage, console_errors, wait

pytestmark = [pytest.mark.model, pytest.mark.slow]

AXE_FILE = PROJECT_ROOT / "web" / "vendor" / "axe-core" / "axe.min.js"
REPORTS = PROJECT_ROOT / "reports"
SHOTS = REPORTS / "screenshots"
PHONE = (390, 800)
DESKTOP = (1280, 800)
BLOCKING = ("serious", "critical")
QUESTION = "失业金要带什么材料"
ANSWER_START = "【失业保险金申领】"


# ------------------------------------------------------------------------------ axe
@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    return AXE_FILE.read_text(encoding="utf-8")


RUN_AXE = """
const options = arguments[0], done = arguments[arguments.length - 1];
axe.run(document, options).then(
  (r) => done({
    violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))})),
    passes: r.passes.map((p) => ({id: p.id, targets: p.nodes.map((n) => n.target)})),
  }),
  (e) => done({error: String(e)}));
"""


def inject_axe(driver: Any, origins: tuple[str, ...] = ()) -> None:
    """axe into the current document; ``origins``: the other origins whose frames it may ask (the widget's)."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source())
    if origins:
        driver.execute_script("axe.configure({allowedOrigins: arguments[0]})", ["<same_origin>", *origins])


def run_axe(driver: Any, options: dict | None = None, origins: tuple[str, ...] = ()) -> dict:
    inject_axe(driver, origins)
    driver.set_script_timeout(120)
    result = driver.execute_async_script(RUN_AXE, options or {})
    assert "error" not in result, result
    return result


def blocking(result: dict) -> list[str]:
    """The serious and critical violations, readable in an assertion message."""
    return [
        f"{v['impact']} {v['id']} ({v['help']}): "
        + " | ".join(f"{json.dumps(n['target'], ensure_ascii=False)} {n['summary']}" for n in v["nodes"][:4])
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def checked_inside(result: dict, first: str | None = None) -> bool:
    """Whether axe checked nodes inside a shadow root (a target part that is a list) or inside the frame ``first``."""
    targets = [t for p in result["passes"] for t in p["targets"]]
    if first:
        return any(len(t) > 1 and t[0] == first for t in targets)
    return any(any(isinstance(part, list) for part in t) for t in targets)


@pytest.fixture(scope="module")
def axe_log() -> Iterator[list[dict]]:
    """Each page's axe counts by impact, written to reports/axe.json after the module."""
    log: list[dict] = []
    yield log
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "axe.json").write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")


def record(log: list[dict], page: str, result: dict) -> None:
    counts: Counter[str] = Counter()
    for v in result["violations"]:
        counts[v["impact"]] += len(v["nodes"])
    log.append({"page": page, "by_impact": dict(counts), "rules": sorted({v["id"] for v in result["violations"]})})


def shot(driver: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


# ------------------------------------------------------------------------------ page helpers
def open_chat(driver: Any, bot: ChannelBot, elder: bool = False) -> ChatPage:
    driver.get(f"{bot.url}/webhooks/web/")
    chat = ChatPage(driver).ready()
    if elder:
        driver.find_element(By.ID, "elder-mode").click()
        wait(driver, lambda d: d.execute_script("return document.documentElement.classList.contains('elder')"))
    return chat


SIZES_JS = """
const root = document.querySelector('deep-chat').shadowRoot;
const px = (el) => parseFloat(getComputedStyle(el).fontSize);
const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const texts = [];
for (const top of [document.body, root]) {
  const walker = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (n.textContent.trim() && el && shown(el) && !el.closest('.visually-hidden, style, script'))
      texts.push([n.textContent.trim().slice(0, 20), px(el)]);
  }
}
const controls = [...document.querySelectorAll('button'), ...root.querySelectorAll('button, [role=button]')].filter(shown);
return {
  body: px(document.body),
  bubbles: [...root.querySelectorAll('.message-bubble')].map(px),
  input: px(root.getElementById('text-input')),
  texts: texts,
  buttons: controls.map((b) => [b.innerText.trim(), b.getBoundingClientRect().height, px(b)]),
  optionColumns: new Set([...root.querySelectorAll('.bst-btn')].filter(shown).map((b) => Math.round(b.getBoundingClientRect().left))).size,
};
"""


def sizes(driver: Any) -> dict:
    return driver.execute_script(SIZES_JS)


FAKE_SPEECH = """
(() => {
  const mode = %s;
  if (mode === 'missing') { Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true}); return; }
  const voices = mode === 'voices' ? [{name: 'Fake English', lang: 'en-US'}, {name: 'Fake 普通话', lang: 'zh-CN'}] : [];
  const fake = {
    spoken: [], cancelled: 0,
    getVoices: () => voices,
    speak(u) { this.spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null}); },
    cancel() { this.cancelled += 1; },
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
})();
"""


def fake_speech(driver: Any, mode: str) -> None:
    """Before any page script: a speechSynthesis with a zh-CN voice ("voices"), without voices ("none"), or none."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_SPEECH % json.dumps(mode)})


# ------------------------------------------------------------------------------ the chat page
@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chat_page_has_no_serious_axe_violations(channel_bot: ChannelBot, axe_log: list[dict],
                                                 size: tuple[int, int], mode: str) -> None:
    where = "phone" if size == PHONE else "desktop"
    with chromium(*size, mobile=size == PHONE) as driver:
        fake_speech(driver, "voices")  # the read-aloud buttons are shown, and checked
        chat = open_chat(driver, channel_bot, elder=mode == "elder")
        chat.ask(QUESTION)  # an answer with option buttons and 有用 / 没用
        assert chat.bubbles()[-1].startswith(ANSWER_START)
        result = run_axe(driver)
        record(axe_log, f"chat {mode} {where}", result)
        assert checked_inside(result), "axe did not look inside deep-chat's shadow root"
        assert blocking(result) == []
        measured = sizes(driver)
        if mode == "elder":
            check_elder_sizes(measured)
            # more than required: AAA contrast (7:1) and WCAG 2.2 target sizes
            strict = run_axe(driver, {"runOnly": {"type": "rule", "values": ["color-contrast-enhanced", "target-size"]}})
            assert [v["id"] for v in strict["violations"]] == []
        else:
            assert min(measured["bubbles"]) < 18 and measured["optionColumns"] > 1  # the normal look stays compact
        if size == PHONE:
            shot(driver, f"a11y_chat_{mode}_phone")
        assert console_errors(driver) == []


def check_elder_sizes(measured: dict) -> None:
    """Elder mode: body and every visible text at least 18 px (no small print), every button at least 44 px high."""
    assert measured["body"] >= 18
    assert min(measured["bubbles"]) >= 20 and measured["input"] >= 18
    small = [t for t in measured["texts"] if t[1] < 18]
    assert small == [], f"small print in elder mode: {small}"
    low = [b for b in measured["buttons"] if b[1] < 44 or b[2] < 18]
    assert low == [], f"buttons under 44 px high or 18 px text: {low}"
    assert len(measured["buttons"]) >= 8  # header, options, feedback and the send button were measured
    assert measured["optionColumns"] == 1  # one column: the options under each other


def test_elder_mode_is_remembered_and_plainer(channel_bot: ChannelBot) -> None:
    with chromium(*PHONE, mobile=True) as driver:
        chat = open_chat(driver, channel_bot)
        toggle = driver.find_element(By.ID, "elder-mode")
        assert toggle.get_attribute("aria-pressed") == "false" and toggle.get_attribute("aria-label").startswith("长辈模式")
        normal = sizes(driver)
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        assert driver.find_element(By.ID, "new-chat").text == "重新开始"  # plainer wording
        elder = sizes(driver)
        assert min(elder["bubbles"]) >= 1.3 * min(normal["bubbles"])  # the component's messages really grow
        assert driver.execute_script("return localStorage.getItem('baishitong.web.elder')") == "1"
        driver.refresh()
        chat = ChatPage(driver).ready()
        assert driver.find_element(By.ID, "elder-mode").get_attribute("aria-pressed") == "true"
        assert driver.execute_script("return document.documentElement.classList.contains('elder')")
        placeholder = chat.root.find_element(By.CSS_SELECTOR, "#text-input").get_attribute("aria-label")
        assert placeholder == "请在这里输入您要办的事"
        driver.find_element(By.ID, "elder-mode").click()  # and back
        assert driver.find_element(By.ID, "new-chat").text == "新对话"
        driver.refresh()
        ChatPage(driver).ready()
        assert driver.find_element(By.ID, "elder-mode").get_attribute("aria-pressed") == "false"


def test_text_follows_the_browser_font_size_and_media_preferences(channel_bot: ChannelBot, axe_log: list[dict]) -> None:
    with chromium(*DESKTOP) as driver:
        open_chat(driver, channel_bot)
        base = sizes(driver)
        driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 24}})  # the user's "very large"
        driver.refresh()
        ChatPage(driver).ready()
        larger = sizes(driver)
        assert larger["bubbles"][0] == pytest.approx(base["bubbles"][0] * 1.5, rel=0.02)
        assert larger["body"] == pytest.approx(base["body"] * 1.5, rel=0.02)
        driver.execute_cdp_cmd("Page.setFontSizes", {"fontSizes": {"standard": 16}})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-contrast", "value": "more"}, {"name": "prefers-reduced-motion", "value": "reduce"}]})
        driver.refresh()
        chat = ChatPage(driver).ready()
        bubble = chat.root.find_elements(By.CSS_SELECTOR, ".message-bubble")[0]
        assert bubble.value_of_css_property("border-top-width") == "2px"  # outlined answers
        assert bubble.value_of_css_property("color") in ("rgba(0, 0, 0, 1)", "rgb(0, 0, 0)")
        option = chat.root.find_elements(By.CSS_SELECTOR, ".bst-btn")[0]
        assert option.value_of_css_property("animation-duration") == "0.001s"  # no motion, inside the shadow root too
        result = run_axe(driver)
        record(axe_log, "chat prefers-contrast more", result)
        assert blocking(result) == []


# ------------------------------------------------------------------------------ read aloud and announcements
def test_answers_are_announced_and_read_aloud(channel_bot: ChannelBot) -> None:
    with chromium(*DESKTOP) as driver:
        fake_speech(driver, "voices")
        chat = open_chat(driver, channel_bot)
        region = driver.find_element(By.ID, "announcer")
        assert region.get_attribute("aria-live") == "polite"
        chat.ask(QUESTION)
        wait(driver, lambda d: ANSWER_START in region.get_attribute("textContent"))
        assert "可以选择" in region.get_attribute("textContent")  # the options are announced too

        last = chat.root.find_elements(By.CSS_SELECTOR, ".message-bubble")[-1]
        read = last.find_element(By.CSS_SELECTOR, ".bst-read")
        assert read.is_displayed() and read.text == "朗读" and read.get_attribute("aria-label") == "朗读这条回答"
        read.click()
        spoken = driver.execute_script("return window.speechSynthesis.spoken")
        assert len(spoken) == 1 and spoken[0]["lang"] == "zh-CN" and spoken[0]["voice"] == "Fake 普通话"
        # the answer as the kiosk speaks it (its spoken form), not the controls
        assert spoken[0]["text"].startswith("关于失业保险金申领，申请材料：") and "有用" not in spoken[0]["text"]
        assert read.text == "停止" and read.get_attribute("aria-label") == "停止朗读"
        read.click()  # a second press stops
        assert read.text == "朗读" and read.get_attribute("aria-label") == "朗读这条回答"
        assert driver.execute_script("return window.speechSynthesis.cancelled") >= 2
        assert len(driver.execute_script("return window.speechSynthesis.spoken")) == 1
        # the feedback buttons say what they rate
        labels = [b.get_attribute("aria-label") for b in last.find_elements(By.CSS_SELECTOR, ".bst-fb")]
        assert labels == ["这个回答有用", "这个回答没用"]


@pytest.mark.parametrize("mode", ["none", "missing"])
def test_read_aloud_hides_without_a_voice(channel_bot: ChannelBot, mode: str) -> None:
    with chromium(*DESKTOP) as driver:
        fake_speech(driver, mode)
        chat = open_chat(driver, channel_bot)
        buttons = chat.root.find_elements(By.CSS_SELECTOR, ".bst-read")
        assert buttons and not any(b.is_displayed() for b in buttons)  # the intro has one, hidden
        assert console_errors(driver) == []


# ------------------------------------------------------------------------------ keyboard only
FOCUSED_JS = """
let el = document.activeElement;
while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
if (!el) return {};
const ring = el.id === 'text-input' ? el.parentElement : el;  // the text box shows focus on its frame
const style = getComputedStyle(ring);
const bubbles = document.querySelector('deep-chat') ? document.querySelector('deep-chat').shadowRoot.querySelectorAll('.message-bubble') : [];
const last = bubbles[bubbles.length - 1];
return {id: el.id, tag: el.tagName, cls: String(el.className), text: (el.innerText || '').trim().slice(0, 30),
        vote: (el.dataset || {}).vote || '', inLast: !!(last && last.contains(el)),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
"""


def focused(driver: Any) -> dict:
    return driver.execute_script(FOCUSED_JS)


def press(driver: Any, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def tab_to(driver: Any, found: Callable[[dict], bool], back: bool = False, limit: int = 60) -> dict:
    """Tab (Shift+Tab with ``back``) until the focused element is ``found``; each stop must show its focus."""
    seen = []
    for _ in range(limit):
        if back:
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            press(driver, Keys.TAB)
        now = focused(driver)
        seen.append(now)
        assert now.get("outline"), f"no visible focus on {now} after {seen}"
        if found(now):
            return now
    raise AssertionError("not reached by the keyboard")


def settle(driver: Any, chat: ChatPage, before: int) -> None:
    wait(driver, lambda d: len(chat.bubbles()) >= before + 2 and not chat.loading() and chat.bubbles()[-1])


def test_keyboard_only(channel_bot: ChannelBot) -> None:
    with chromium(*DESKTOP) as driver:
        chat = open_chat(driver, channel_bot)
        stops = [tab_to(driver, lambda f: True) for _ in range(2)]
        assert [s["id"] for s in stops] == ["elder-mode", "new-chat"]  # the header first
        tab_to(driver, lambda f: f["id"] == "text-input")

        before = len(chat.bubbles())  # ask: type, Enter
        press(driver, QUESTION, Keys.ENTER)
        settle(driver, chat, before)
        assert chat.bubbles()[-1].startswith(ANSWER_START)

        option = tab_to(driver, lambda f: "bst-btn" in f["cls"] and f["inLast"], back=True)  # back into the answer
        before = len(chat.bubbles())
        press(driver, Keys.ENTER)  # pick a button
        settle(driver, chat, before)
        assert chat.bubbles()[-2] == option["text"]

        votes = len(channel_bot.feedback_path.read_text(encoding="utf-8").splitlines()) if channel_bot.feedback_path.exists() else 0
        assert focused(driver)["id"] == "text-input"  # deep-chat: after sending, the text box; the answer is just above
        tab_to(driver, lambda f: f["vote"] == "up" and f["inLast"], back=True)  # the new answer's 有用
        press(driver, Keys.SPACE)  # rate it
        wait(driver, lambda d: "谢谢您的反馈" in chat.bubbles()[-1])
        lines = channel_bot.feedback_path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == votes + 1 and json.loads(lines[-1])["useful"] is True
        assert "bst-feedback" in focused(driver)["cls"]  # the focus stays at the answer

        tab_to(driver, lambda f: f["id"] == "text-input")  # the send button, by keyboard: one message
        press(driver, "社保卡丢了")
        tab_to(driver, lambda f: "input-button" in f["cls"] and f["text"] == "发送")
        before = len(chat.bubbles())
        press(driver, Keys.ENTER)
        settle(driver, chat, before)
        assert chat.bubbles()[-2] == "社保卡丢了" and len(chat.bubbles()) == before + 2

        tab_to(driver, lambda f: f["id"] == "new-chat", back=True, limit=120)  # a new conversation
        press(driver, Keys.ENTER)
        chat = ChatPage(driver).ready()
        wait(driver, lambda d: not any(ANSWER_START in b for b in chat.bubbles()))
        wait(driver, lambda d: d.find_element(By.ID, "announcer").get_attribute("textContent") == "已开始新的对话。")
        assert focused(driver)["id"] == "new-chat"

        tab_to(driver, lambda f: f["id"] == "elder-mode", back=True)  # elder mode by keyboard
        press(driver, Keys.SPACE)
        assert driver.find_element(By.ID, "elder-mode").get_attribute("aria-pressed") == "true"
        press(driver, Keys.SPACE)
        assert driver.find_element(By.ID, "elder-mode").get_attribute("aria-pressed") == "false"
        assert console_errors(driver) == []


# ------------------------------------------------------------------------------ the widget on a strict-CSP page
class StrictHostPage:
    """Somebody's page on another port that allows scripts and frames from the bot's origin only, no inline styles."""

    def __init__(self, bot_url: str) -> None:
        page = (
            '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>涞源县人社局</title></head>'
            "<body><main><h1>涞源县人力资源和社会保障局</h1><p>政务公开 · 办事指南</p></main>"
            f'<script src="{bot_url}/webhooks/web/widget.js" defer></script></body></html>'
        ).encode()
        csp = f"default-src 'none'; script-src {bot_url}; frame-src {bot_url}; style-src 'none'; img-src 'none'"

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Security-Policy", csp)
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def strict_host(channel_bot: ChannelBot) -> Iterator[StrictHostPage]:
    page = StrictHostPage(channel_bot.url)
    yield page
    page.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_widget_on_a_strict_csp_page(channel_bot: ChannelBot, strict_host: StrictHostPage, axe_log: list[dict],
                                     size: tuple[int, int]) -> None:
    where = "phone" if size == PHONE else "desktop"
    with chromium(*size, mobile=size == PHONE) as driver:
        driver.get(strict_host.url)
        launcher = wait(driver, lambda d: d.find_elements(By.ID, "baishitong-launcher"))[0]
        result = run_axe(driver)
        record(axe_log, f"widget closed {where}", result)
        assert blocking(result) == []

        stop = tab_to(driver, lambda f: f["id"] == "baishitong-launcher", limit=5)  # the keyboard reaches it
        assert stop and launcher.get_attribute("aria-label") == "打开办事通在线咨询"
        assert launcher.get_attribute("aria-expanded") == "false"
        press(driver, Keys.ENTER)
        frame = wait(driver, lambda d: d.find_elements(By.ID, "baishitong-frame"))[0]
        assert frame.is_displayed() and launcher.get_attribute("aria-expanded") == "true"
        assert driver.execute_script("return document.activeElement.id") == "baishitong-frame"  # focus moved in

        driver.switch_to.frame(frame)
        ChatPage(driver).ready()
        inject_axe(driver, (strict_host.url.rstrip("/"),))
        driver.switch_to.default_content()
        result = run_axe(driver, origins=(channel_bot.url,))
        record(axe_log, f"widget open {where}", result)
        assert checked_inside(result, "#baishitong-frame"), "axe did not look inside the chat's frame"
        assert blocking(result) == []
        shot(driver, f"a11y_widget_{where}")

        driver.switch_to.frame(frame)  # Esc in the chat closes it; the focus is back on the launcher
        press(driver, Keys.TAB)
        assert focused(driver)["id"] == "elder-mode"  # the chat's first control
        press(driver, Keys.ESCAPE)
        driver.switch_to.default_content()
        wait(driver, lambda d: not d.find_element(By.ID, "baishitong-frame").is_displayed())
        assert driver.execute_script("return document.activeElement.id") == "baishitong-launcher"
        press(driver, Keys.SPACE)  # and Space opens it again
        wait(driver, lambda d: d.find_element(By.ID, "baishitong-frame").is_displayed())
        assert console_errors(driver) == []  # nothing the host's CSP refused


# ------------------------------------------------------------------------------ the agent console
def test_agent_console_accessibility(channel_bot: ChannelBot, axe_log: list[dict]) -> None:
    with chromium(*DESKTOP) as driver:
        driver.get(f"{channel_bot.url}/webhooks/assist/")
        question = wait(driver, lambda d: d.find_elements(By.ID, "question"))[0]
        result = run_axe(driver)
        record(axe_log, "agent console empty", result)
        assert blocking(result) == []

        press(driver, "失业了怎么领钱", Keys.ENTER)  # the question box has the focus
        wait(driver, lambda d: d.find_element(By.ID, "answer").text.startswith("失业保险金申领"))
        assert "已找到" in driver.find_element(By.ID, "status").text  # role=status: announced
        result = run_axe(driver)
        record(axe_log, "agent console answered", result)
        assert blocking(result) == []

        # keyboard: every control on the way shows its focus; a field chosen with Enter
        chosen = tab_to(driver, lambda f: f["text"] == "申请材料")
        assert chosen["tag"] == "BUTTON"
        press(driver, Keys.ENTER)
        wait(driver, lambda d: d.find_element(By.ID, "answer").text.startswith("失业保险金申领，申请材料：")
             and d.find_element(By.ID, "status").text != "查询中…")
        again = focused(driver)  # the buttons were rebuilt: the focus stays on the one pressed
        assert again["text"] == "申请材料" and again["outline"]
        pressed = driver.execute_script(
            "return Array.from(document.querySelectorAll('#fields button[aria-pressed=true]'), (b) => b.textContent)")
        assert pressed == ["申请材料"]
        copy = tab_to(driver, lambda f: f["cls"] == "copy")  # forward: the answer's copy button
        assert copy["text"] == "复制"
        press(driver, Keys.ENTER)
        wait(driver, lambda d: d.find_element(By.ID, "status").text in ("已复制到剪贴板。", "无法自动复制，请手动选择文字复制。"))
        labels = [b.get_attribute("aria-label") for b in driver.find_elements(By.CSS_SELECTOR, "button.copy")]
        assert labels[:2] == ["复制答复口径", "复制短信"] and all(labels)
        assert question.get_attribute("aria-describedby") == "keys-hint"
        shot(driver, "a11y_agent_console")
        assert console_errors(driver) == []
