"""Pinyin typed instead of characters is written in the guides' own words."""

import pytest

from knowledge.pinyin_input import hanzi_of


@pytest.mark.parametrize(("typed", "meant"), [
    ("chuangye butie zenme shenqing", "创业补贴怎么申请"),  # spaced by word
    ("shebaokadiulezenmeban", "社保卡丢了怎么办"),  # run together
    ("tuixiu shouxu 在哪办", "退休手续 在哪办"),  # mixed with characters
    ("电子shebaoka", "电子社保卡"),
    ("Dangan ZhuanDi", "档案转递"),  # capitals, a word whose second syllable starts with a vowel
    ("yao duojiu", "要多久"),  # one syllable is its common word, not 呀 + 哦
])
def test_pinyin_is_read_as_the_words_it_spells(typed, meant):
    assert hanzi_of(typed) == meant


@pytest.mark.parametrize("typed", ["app上能办吗", "QQ群", "ok", "wifi密码", "12333", "失业金怎么领",
                                   '/choose{"guide_id": "002014003022"}'])
def test_what_is_not_pinyin_is_left_as_typed(typed):
    assert hanzi_of(typed) == typed


def test_the_weights_file_is_the_fit_of_the_current_training_questions():
    """data/pinyin_weights.yml records how its weights read the training questions; when nlu.yml or
    the vocabulary changed, the figures no longer match: run `python -m knowledge pinyin-fit`."""
    import yaml

    from knowledge.pinyin_fit import START, report, training_questions
    from knowledge.pinyin_input import WEIGHTS_FILE, fitted_weights

    recorded = yaml.safe_load(WEIGHTS_FILE.read_text(encoding="utf-8"))
    questions = training_questions()
    assert report(fitted_weights(), questions) == recorded, "stale: run python -m knowledge pinyin-fit"
    # the fitted weights read unseen questions better than the ones first set by hand
    assert recorded["accuracy"]["held_out"]["characters"] > report(START, questions)["accuracy"]["held_out"]["characters"]


def test_erhua_and_a_word_that_is_no_pinyin_leave_the_rest_readable():
    assert hanzi_of("shebaoka zai nar ban") == "社保卡在哪儿办"  # 哪儿 typed "nar"
    assert hanzi_of("wifi mima shi duoshao") == "wifi 密码是多少"  # "wifi" stays, the rest is read
