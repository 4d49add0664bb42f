"""The chat page, the embeddable widget and the agent console in real headless Chromium, against the
real bot. Screenshots go to tests/screenshots/ (gitignored)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.channels.conftest import ChannelBot, chromium, screenshot

pytestmark = [pytest.mark.model, pytest.mark.slow]
WAIT = 40


def wait(driver: Any, condition: Callable[[Any], Any], timeout: float = WAIT) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: condition(d))


class ChatPage:
    """The deep-chat component inside the page (its shadow DOM)."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    @property
    def root(self) -> Any:
        host = wait(self.driver, lambda d: d.find_elements(By.CSS_SELECTOR, "deep-chat"))[0]
        return wait(self.driver, lambda d: host.shadow_root)

    def ready(self) -> ChatPage:
        wait(self.driver, lambda d: self.root.find_elements(By.CSS_SELECTOR, "#text-input"))
        wait(self.driver, lambda d: self.root.find_elements(By.CSS_SELECTOR, ".bst-btn"))  # the intro's buttons
        return self

    def bubbles(self) -> list[str]:
        """The text of every message bubble, read in one step (the list changes while the bot answers)."""
        return self.driver.execute_script(
            "const host = document.querySelector('deep-chat');"
            "if (!host || !host.shadowRoot) return [];"
            "return Array.from(host.shadowRoot.querySelectorAll('.message-bubble'), b => b.innerText.trim());"
        )

    def ask(self, text: str) -> None:
        before = len(self.bubbles())
        box = self.root.find_element(By.CSS_SELECTOR, "#text-input")
        box.click()
        box.send_keys(text)
        if self.driver.execute_script("return /Android|iPhone/.test(navigator.userAgent)"):
            # phones: Enter is a new line, the send button sends
            wait(self.driver, lambda d: self.root.find_elements(By.CSS_SELECTOR, ".submit-button"))[0].click()
        else:
            box.send_keys(Keys.ENTER)
        self._settled(before)

    def _settled(self, before: int) -> None:
        wait(self.driver, lambda d: len(self.bubbles()) >= before + 2 and not self.loading() and self.bubbles()[-1])

    def loading(self) -> bool:
        return bool(self.root.find_elements(By.CSS_SELECTOR, ".loading-message-dots, .loading-message-dots-container"))

    def click_button(self, title_prefix: str) -> str:
        before = len(self.bubbles())
        buttons = [b for b in self.root.find_elements(By.CSS_SELECTOR, ".bst-btn") if b.text.startswith(title_prefix)]
        assert buttons, f"no button {title_prefix!r}"
        title = buttons[-1].text
        buttons[-1].click()
        self._settled(before)
        return title


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_chat_page(channel_bot: ChannelBot) -> None:
    with chromium(390, 800, mobile=True) as driver:  # a phone
        driver.get(f"{channel_bot.url}/webhooks/web/")
        chat = ChatPage(driver).ready()
        assert driver.find_element(By.ID, "new-chat").text == "新对话"
        sender = driver.execute_script("return localStorage.getItem('baishitong.web.sender')")
        assert sender and sender.startswith("web-")

        # a typing indicator shows while the bot answers
        driver.execute_script(
            "const root = document.querySelector('deep-chat').shadowRoot; window.__sawTyping = false;"
            "new MutationObserver(() => { if (root.querySelector('.loading-message-dots')) window.__sawTyping = true; })"
            ".observe(root, {childList: true, subtree: true});"
        )
        # an ambiguous question: a clarification with buttons; clicking one shows its title, sends its payload
        chat.ask("养老保险怎么办")
        assert "可能是以下事项" in chat.bubbles()[-1]
        assert driver.execute_script("return window.__sawTyping") is True
        title = chat.click_button("2. ")
        name = title.split(". ", 1)[1]
        assert chat.bubbles()[-2] == name  # the title (without its number), not /choose{…}
        assert chat.bubbles()[-1].startswith(f"【{name}】")
        screenshot(driver, "web_chat_clarified")

        chat.ask("失业金要带什么材料")
        answer = chat.bubbles()[-1]
        assert answer.startswith("【失业保险金申领】\n申请材料：") and "有用" in answer
        assert chat.bubbles()[-2] == "失业金要带什么材料"
        screenshot(driver, "web_chat_answer")

        # feedback on the answer is stored
        chat.root.find_elements(By.CSS_SELECTOR, '.bst-fb[data-vote="up"]')[-1].click()
        wait(driver, lambda d: channel_bot.feedback_path.exists() and channel_bot.feedback_path.read_text(encoding="utf-8"))
        record = json.loads(channel_bot.feedback_path.read_text(encoding="utf-8").splitlines()[-1])
        assert record["useful"] is True and record["item"] == "失业保险金申领" and record["question"] == "失业金要带什么材料"
        wait(driver, lambda d: "谢谢您的反馈" in chat.bubbles()[-1])

        # links are clickable and safe
        chat.ask("失业保险金申领的咨询电话")
        link = chat.root.find_elements(By.CSS_SELECTOR, 'a[href="https://he.12333.gov.cn"]')
        assert link and link[-1].get_attribute("target") == "_blank" and "noopener" in link[-1].get_attribute("rel")
        assert chat.root.find_elements(By.CSS_SELECTOR, 'a[href="tel:03127318400"]')

        # nothing the user types becomes HTML
        chat.ask('<img src=x onerror="window.__pwned=1">社保卡丢了')
        assert driver.execute_script("return window.__pwned === undefined")
        assert not chat.root.find_elements(By.CSS_SELECTOR, 'img[src="x"]')
        history = chat.bubbles()

        # the conversation survives a reload
        driver.refresh()
        chat = ChatPage(driver).ready()
        wait(driver, lambda d: any(b.startswith("【失业保险金申领】\n申请材料") for b in chat.bubbles()))
        restored = chat.bubbles()
        same = lambda texts: [t.replace("谢谢您的反馈！", "已收到您的反馈。") for t in texts]  # noqa: E731
        assert same(restored[-len(history) + 1:]) == same(history[-len(history) + 1:])
        assert sum("已收到您的反馈。" in t for t in restored) == 1  # the vote is remembered
        assert driver.execute_script("return localStorage.getItem('baishitong.web.sender')") == sender
        screenshot(driver, "web_chat_after_reload")
        chat.click_button("多久办好")  # buttons of restored messages still work
        assert "办结时限" in chat.bubbles()[-1]

        # 新对话: a new sender id and an empty conversation
        driver.find_element(By.ID, "new-chat").click()
        chat = ChatPage(driver).ready()
        assert not any("【失业保险金申领】" in b for b in chat.bubbles())
        assert driver.execute_script("return localStorage.getItem('baishitong.web.sender')") != sender
        driver.refresh()
        chat = ChatPage(driver).ready()
        assert not any("【失业保险金申领】" in b for b in chat.bubbles())
        screenshot(driver, "web_chat_new")
        assert console_errors(driver) == []


class HostPage:
    """Somebody's web page on another port of 127.0.0.1 that embeds the widget with one tag."""

    def __init__(self, bot_url: str, responsive: bool = True) -> None:
        viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">' if responsive else ""
        page = (
            f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">{viewport}<title>涞源县人社局</title></head>'
            '<body style="font-family:sans-serif"><h1>涞源县人力资源和社会保障局</h1><p>政务公开 · 办事指南</p>'
            f'<script src="{bot_url}/webhooks/web/widget.js" defer></script></body></html>'
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
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
def host_page(channel_bot: ChannelBot) -> Iterator[HostPage]:
    page = HostPage(channel_bot.url)
    yield page
    page.close()


def test_widget_on_a_desktop_only_site_opens_the_chat_page_on_phones(channel_bot: ChannelBot) -> None:
    page = HostPage(channel_bot.url, responsive=False)
    try:
        with chromium(390, 780, mobile=True) as driver:
            driver.get(page.url)
            wait(driver, lambda d: d.find_elements(By.ID, "baishitong-launcher"))[0].click()
            wait(driver, lambda d: len(d.window_handles) == 2)
            driver.switch_to.window(driver.window_handles[1])
            wait(driver, lambda d: d.current_url.endswith("/webhooks/web/"))
            ChatPage(driver).ready()
    finally:
        page.close()


@pytest.mark.parametrize("size", [(1280, 800), (390, 780)], ids=["desktop", "mobile"])
def test_widget_on_another_site(host_page: HostPage, size: tuple[int, int]) -> None:
    with chromium(*size, mobile=size[0] < 500) as driver:
        driver.get(host_page.url)
        launcher = wait(driver, lambda d: d.find_elements(By.ID, "baishitong-launcher"))[0]
        assert "办事通" in launcher.text
        assert not driver.find_elements(By.ID, "baishitong-frame")  # nothing loaded before it is opened
        launcher.click()
        frame = wait(driver, lambda d: d.find_elements(By.ID, "baishitong-frame"))[0]
        assert frame.is_displayed()
        driver.switch_to.frame(frame)
        chat = ChatPage(driver).ready()
        chat.ask("失业金要带什么材料")
        assert chat.bubbles()[-1].startswith("【失业保险金申领】")
        driver.switch_to.default_content()
        width = driver.execute_script("return window.innerWidth")
        if size[0] < 500:  # a phone: the chat fills the screen
            assert frame.size["width"] == width and frame.location["y"] == 44
        else:
            assert frame.size["width"] == 380
        screenshot(driver, f"widget_{'desktop' if size[0] > 500 else 'mobile'}")
        driver.find_element(By.ID, "baishitong-launcher").click()  # close
        assert not driver.find_element(By.ID, "baishitong-frame").is_displayed()


def test_agent_console(channel_bot: ChannelBot) -> None:
    with chromium(1280, 900) as driver:
        driver.get(f"{channel_bot.url}/webhooks/assist/")
        question = wait(driver, lambda d: d.find_elements(By.ID, "question"))[0]
        assert driver.switch_to.active_element == question  # ready to type
        question.send_keys("失业了怎么领钱")
        question.send_keys(Keys.ENTER)  # Enter submits
        wait(driver, lambda d: d.find_element(By.ID, "answer").text.startswith("失业保险金申领"))
        candidates = driver.find_elements(By.CSS_SELECTOR, "#candidates li")
        assert len(candidates) >= 2 and "失业保险金申领" in candidates[0].text and "chosen" in candidates[0].get_attribute("class")
        assert "0312-7318400" in driver.find_element(By.ID, "sms").text
        card = driver.find_element(By.ID, "card").text
        assert "事项编码 002014008001" in card and "监督投诉渠道" in card and "本人社会保障卡或居民身份证" in card
        screenshot(driver, "assist_console")

        # Alt+2 takes the second candidate
        second = candidates[1].find_element(By.CSS_SELECTOR, ".name").text.split("\n")[0]
        question.send_keys(Keys.ALT, "2")
        wait(driver, lambda d: d.find_element(By.ID, "answer").text.startswith(second))

        # a field button asks that field of the chosen item
        next(b for b in driver.find_elements(By.CSS_SELECTOR, "#fields button") if b.text == "申请材料").click()
        wait(driver, lambda d: d.find_element(By.ID, "answer").text.startswith(f"{second}，申请材料："))

        # Shift+Enter is a new line, not a query; Ctrl+Enter queries
        question = driver.find_element(By.ID, "question")
        question.clear()
        question.send_keys("社保卡丢了")
        question.send_keys(Keys.SHIFT, Keys.ENTER)
        question.send_keys("怎么办")
        assert driver.find_element(By.ID, "question").get_attribute("value") == "社保卡丢了\n怎么办"
        question.send_keys(Keys.CONTROL, Keys.ENTER)
        # the new answer (the materials shown before also name the 社会保障卡), and the query done
        wait(driver, lambda d: "挂失" in d.find_element(By.ID, "answer").text
             and d.find_element(By.ID, "status").text != "查询中…")

        # copy buttons
        driver.find_element(By.CSS_SELECTOR, 'button.copy[data-copy="answer"]').click()
        wait(driver, lambda d: d.find_element(By.ID, "status").text in ("已复制到剪贴板。", "无法自动复制，请手动选择文字复制。"))
        screenshot(driver, "assist_console_materials")

        # 新来电 clears everything
        driver.find_element(By.ID, "new-call").click()
        assert driver.find_element(By.ID, "answer").text == "" and not driver.find_elements(By.CSS_SELECTOR, "#candidates li")
        assert console_errors(driver) == []
