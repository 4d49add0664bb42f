"""Per-channel formatting (bot/channels/format.py) and speech normalisation (bot/channels/speech.py)."""

from __future__ import annotations

import html
import re

import pytest

from bot.actions.render import Button
from bot.channels import format as fmt
from bot.channels.speech import SpeechNormalizer, numerals_to_digits, strip_speech_fillers, vocabulary_from_catalogue
from knowledge.fields import Field

ANSWER = fmt.BotMessage(
    "【失业保险金申领】\n咨询查询途径：\n咨询电话：0312-7318400，查询网址：https://he.12333.gov.cn",
    (Button("申请材料", '/ask_materials{"guide_id": "002014008001"}'), Button("在哪办", '/ask_location{"guide_id": "002014008001"}')),
)
CLARIFY = fmt.BotMessage(
    "您问的可能是以下事项，请回复序号或点选：\n1. 失业登记\n2. 失业保险金申领",
    (Button("1. 失业登记", '/choose{"guide_id": "a"}'), Button("2. 失业保险金申领", '/choose{"guide_id": "b"}')),
)
HOSTILE = '【<img src=x onerror="alert(1)">】\n申请材料：\n<script>alert(document.cookie)</script> & "引号" \'单引号\''


def test_bot_messages_from_rasa_output() -> None:
    messages = fmt.bot_messages([
        {"recipient_id": "u", "text": ANSWER.text, "buttons": [{"title": "t", "payload": "/p"}]},
        {"recipient_id": "u", "custom": {"x": 1}},  # nothing to show: dropped
    ])
    assert messages == [fmt.BotMessage(ANSWER.text, (Button("t", "/p"),))]
    assert messages[0].item == "失业保险金申领"
    assert fmt.BotMessage("您好").item is None


# ----------------------------------------------------------------------------- web
def test_web_html_escapes_everything_from_the_bot_and_the_guides() -> None:
    message = fmt.web_message(fmt.BotMessage(HOSTILE, (Button('"><script>x</script>', '/x{"a": "<b>"}'),)))
    page = message["html"]
    assert "<script>" not in page and "<img" not in page and 'onerror="' not in page
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt; &amp; &quot;引号&quot; &#x27;单引号&#x27;" in page
    assert 'data-payload="/x{&quot;a&quot;: &quot;&lt;b&gt;&quot;}"' in page
    assert "&quot;&gt;&lt;script&gt;x&lt;/script&gt;</button>" in page
    # the only tags are the ones the formatter writes
    tags = set(re.findall(r"<(/?[a-z]+)", page))
    assert tags <= {"div", "/div", "strong", "/strong", "br", "button", "/button", "a", "/a"}


def test_web_html_links_urls_and_phones_and_offers_feedback_on_answers() -> None:
    message = fmt.web_message(ANSWER)
    page = message["html"]
    assert '<a href="https://he.12333.gov.cn" target="_blank" rel="noopener noreferrer">https://he.12333.gov.cn</a>' in page
    assert '<a href="tel:03127318400">0312-7318400</a>' in page
    assert '<strong class="bst-item">【失业保险金申领】</strong>' in page
    assert page.count('class="bst-btn"') == 2 and 'data-title="在哪办"' in page
    assert 'class="bst-fb" data-vote="up" data-item="失业保险金申领"' in page
    assert message["item"] == "失业保险金申领" and message["buttons"][1]["title"] == "在哪办"
    assert "bst-feedback" not in fmt.web_message(CLARIFY)["html"]  # only answers get 有用/没用


def test_linkify_never_puts_an_entity_inside_a_link() -> None:
    escaped = html.escape('见 www.example.gov.cn/a?b=1&c="2" 和 https://x.cn/p<q>', quote=True)
    linked = fmt.linkify_escaped(escaped)
    for href in re.findall(r'href="([^"]*)"', linked):
        assert "&" not in href and "<" not in href and '"' not in href


# -------------------------------------------------------------------------- WeChat
def test_wechat_buttons_become_numbered_lines_and_numbers_pick_them() -> None:
    reply = fmt.wechat_reply([ANSWER])
    assert reply.parts == (ANSWER.text + "\n\n回复序号选择：\n1. 申请材料\n2. 在哪办\n\n" + fmt.FEEDBACK_HINT,)
    assert reply.item == "失业保险金申领"
    assert fmt.pick_choice("2", reply.choices) == ANSWER.buttons[1]
    assert fmt.pick_choice("２", reply.choices) == ANSWER.buttons[1]  # full-width digit
    assert fmt.pick_choice("第一个", reply.choices) == ANSWER.buttons[0]
    assert fmt.pick_choice("在哪办", reply.choices) == ANSWER.buttons[1]  # its title
    assert fmt.pick_choice("3", reply.choices) is None
    assert fmt.pick_choice("2号楼在哪", reply.choices) is None


def test_wechat_clarification_is_not_listed_twice() -> None:
    reply = fmt.wechat_reply([CLARIFY])
    assert reply.parts == ("您问的可能是以下事项，请回复序号选择：\n1. 失业登记\n2. 失业保险金申领",)
    assert reply.item is None  # no answer about an item: nothing to rate
    assert [b.payload for b in reply.choices] == ['/choose{"guide_id": "a"}', '/choose{"guide_id": "b"}']


@pytest.mark.parametrize("text,vote", [
    ("有用", True), (" 有用！", True), ("满意", True), ("有帮助。", True),
    ("没用", False), ("没用。", False), ("不满意", False), ("没有帮助", False),
    ("1", None), ("2", None), ("第一个", None), ("有用吗", None), ("失业金没用完怎么办", None), ("", None),
])
def test_only_a_bare_rating_is_a_vote(text: str, vote: bool | None) -> None:
    assert fmt.feedback_vote(text) is vote


@pytest.mark.parametrize("limit", [2048, 600, 100])
def test_split_keeps_every_piece_within_the_byte_limit(limit: int) -> None:
    text = "\n".join(["短行"] * 50 + ["很长的一行没有换行" * 200] + ["结尾。"])
    parts = fmt.split_utf8(text, limit)
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= limit for p in parts)
    stripped = [re.sub(r"\n（\d+/\d+）$", "", p) for p in parts]
    assert "".join(stripped).replace("\n", "") == text.replace("\n", "")
    assert fmt.split_utf8("短消息", limit) == ["短消息"]


# --------------------------------------------------------------------------- speech
def test_speech_text_reads_well() -> None:
    spoken = fmt.speech_text([ANSWER])
    assert spoken.startswith("关于失业保险金申领，咨询查询途径：")
    assert "【" not in spoken and "】" not in spoken and "http" not in spoken
    assert "0 3 1 2，7 3 1 8 4 0 0" in spoken
    assert fmt.speech_text([fmt.BotMessage("请访问 http://x.cn 。")]) == "请访问 网址 x 点 cn。"
    assert "查询网址：he 点 1 2 3 3 3 点 gov 点 cn" in spoken
    assert spoken.endswith("您可以说：申请材料、在哪办。")
    hours = fmt.speech_text([fmt.BotMessage("【X】\n办事时间：\n上午8:30~12:00，下午13:30~17:30。")])
    assert "上午8点30分到12点，下午13点30分到17点30分。" in hours


def test_speech_text_of_a_clarification_asks_for_a_number() -> None:
    spoken = fmt.speech_text([CLARIFY])
    assert "第1个，失业登记。第2个，失业保险金申领。" in spoken
    assert "请说序号" in spoken and "点选" not in spoken and "您可以说" not in spoken


def test_long_speech_is_cut_for_the_screen() -> None:
    spoken = fmt.speech_text([fmt.BotMessage("【X】\n申请材料：\n" + "材料一份。" * 200)])
    assert len(spoken) <= fmt.SPEECH_MAX_CHARS + 20 and spoken.endswith("更多内容请看屏幕。")


# ---------------------------------------------------------------------- agent assist
def test_sms_is_short_and_has_the_phone(sqlite_repo) -> None:
    for guide in sqlite_repo.get_many([e.guide.id for e in sqlite_repo.catalogue()]):
        for which in (None, Field.MATERIALS, Field.CONDITIONS):
            sms = fmt.sms_text(guide, which)
            assert len(sms) <= fmt.SMS_LIMIT and sms.endswith("详询0312-7318400"), sms
    guide = sqlite_repo.by_name("失业保险金申领")
    assert fmt.sms_text(guide, Field.MATERIALS) == "【涞源人社】失业保险金申领：申请材料：本人社会保障卡或居民身份证。详询0312-7318400"
    assert fmt.assist_answer(guide, Field.MATERIALS) == "失业保险金申领，申请材料：本人社会保障卡或居民身份证。"
    card = fmt.guide_card(guide)
    assert card["name"] == "失业保险金申领" and len(card["fields"]) == 11


# ------------------------------------------------------------------ speech normalising
def test_fillers_and_numerals() -> None:
    assert strip_speech_fillers("嗯那个我想问一下就是失业金") == "失业金"
    assert strip_speech_fillers("额补贴额度是多少啊") == "补贴额度是多少"  # 额 of 额度 stays
    assert numerals_to_digits("第二个") == "第2个"
    assert numerals_to_digits("二号窗口") == "2号窗口"
    assert numerals_to_digits("社保才交了十三年，六十岁，两个月") == "社保才交了13年，60岁，2个月"
    assert numerals_to_digits("一次性工伤医疗补助金，一级建造师") == "一次性工伤医疗补助金，一级建造师"  # names untouched


def test_homophones_are_corrected_against_item_names_only() -> None:
    normalizer = SpeechNormalizer(["失业保险金申领", "失业登记", "工伤认定申请", "机关事业单位养老保险关系转移接续",
                                   "养老金领取", "社保卡补领", "社保卡挂失", "社保卡申领", "劳动能力鉴定"])
    assert normalizer.normalize("嗯那个实业登记在哪办") == "失业登记在哪办"
    assert normalizer.normalize("工上认定要多久") == "工伤认定要多久"
    assert normalizer.normalize("养老今怎么领啊") == "养老金怎么领"
    assert normalizer.normalize("劳动能力坚定") == "劳动能力鉴定"
    assert normalizer.normalize("事业单位养老保险") == "事业单位养老保险"  # a name's own words stay
    assert normalizer.normalize("以前的地方") == "以前的地方"  # everyday words are not "misheard"
    assert normalizer.normalize("嗯") == "嗯"  # never empty


def test_normalizer_on_the_real_vocabulary(sqlite_repo) -> None:
    normalizer = SpeechNormalizer(vocabulary_from_catalogue(sqlite_repo.catalogue()))
    assert normalizer.normalize("那个我想问一下实业金在哪里领") == "失业金在哪里领"
    assert normalizer.normalize("嗯电子设保卡在哪申请啊") == "电子社保卡在哪申请"
    assert normalizer.normalize("那个一级见造师嗯报名费多少钱") == "一级建造师报名费多少钱"
    assert normalizer.normalize("事业单位病退需要什么条件") == "事业单位病退需要什么条件"
