"""Word cutting is the same in every process, whether or not a Rasa model loaded its user dictionary.

Rasa's ``JiebaTokenizer`` adds ``bot/jieba/userdict.txt`` to jieba's global dictionary. Before
``knowledge/segment.py``, the action code and the pinyin vocabulary cut through that global, so the
offline evaluation answered the same question differently depending on whether its NLU cache was
complete (and the action server differently from the Rasa process).
"""

from __future__ import annotations

import ast
from pathlib import Path

import jieba

from knowledge import pinyin_input, segment
from knowledge.settings import PROJECT_ROOT

SAMPLES = ("就业创业证申领要带啥", "养老保险待遇暂停了咋恢复", "工伤职工劳动能力鉴定")


def test_the_cutting_and_the_pinyin_vocabulary_do_not_change_when_a_model_loads_its_dictionary():
    cuts = [segment.cut(text) for text in SAMPLES]
    guided = [segment.cut(text, guides=True) for text in SAMPLES]
    sources = pinyin_input._sources.__wrapped__()
    jieba.load_userdict(str(segment.USERDICT))  # what loading a trained model does to the global
    assert [segment.cut(text) for text in SAMPLES] == cuts
    assert [segment.cut(text, guides=True) for text in SAMPLES] == guided
    assert pinyin_input._sources.__wrapped__() == sources


def test_the_guides_words_are_cut_whole_only_with_the_guides_dictionary():
    assert "失业保险金申领" in segment.cut("失业保险金申领要带啥", guides=True)
    assert "失业保险金申领" not in segment.cut("失业保险金申领要带啥")


def test_the_tagger_tags_as_jiebas_own():
    import jieba.posseg

    text = "俺想问问失业金在哪领"
    assert [tuple(p) for p in segment.tagger().cut(text)] == [tuple(p) for p in jieba.posseg.POSTokenizer(jieba.Tokenizer()).cut(text)]


def _global_cuts(path: Path) -> list[str]:
    """Calls of jieba's module-level cutters (``jieba.cut``, ``jieba.posseg.cut``…) in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr.startswith(("cut", "lcut")):
            owner = ast.unparse(node.func.value)
            if owner in ("jieba", "jieba.posseg", "pseg"):
                found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    return found


def test_no_code_outside_the_nlu_pipeline_cuts_with_the_global_dictionary():
    files = [*(PROJECT_ROOT / "knowledge").glob("*.py"), *(PROJECT_ROOT / "bot").rglob("*.py")]
    assert [hit for path in files for hit in _global_cuts(path)] == []
