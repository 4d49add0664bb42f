"""Generate the NLU training data and the jieba user dictionary from the guides.

Inputs: the guide document, curated aliases and example questions (``data/``) and the
hand-written phrasings in ``bot/generate/templates.yml``; each example question becomes a
training example of the intent that asks its field. Outputs (committed, checked for staleness by
a test): ``bot/data/nlu.yml`` and ``bot/jieba/userdict.txt``.

Deterministic and stable: every draw (which item fills a template slot, which examples are also
given in speech style or after a situation) depends only on the seed, the intent, the slot and
the candidates themselves, not on a shared random sequence. Adding an alias or an example
question therefore changes only the few examples it wins, and the diff stays reviewable.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.actions.constants import ASK_OVERVIEW, INTENT_FOR_FIELD
from knowledge.aliases import aliases_for, load_curated
from knowledge.examples import OVERVIEW, load_examples
from knowledge.fields import Field
from knowledge.parser import parse_file
from knowledge.settings import Settings

BOT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES = BOT_DIR / "generate" / "templates.yml"
NLU_PATH = BOT_DIR / "data" / "nlu.yml"
USERDICT_PATH = BOT_DIR / "jieba" / "userdict.txt"
EVAL_DIR = BOT_DIR.parent / "eval"
GENERIC_CHARS = 4  # a turn this short ("要多久") is generic, not a dev-set question
SEED = 20261127
FILLED_PER_TEMPLATE = 4  # how many items fill each {item} template of the other intents…
# …while every question intent gets as many item-filled examples as the others, its templates
# cycled with items drawn at random: the words of an item (认证, 证书, 退休…) then occur in every
# question intent alike, and only the question words tell the intents apart.
QUESTION_EXAMPLES = 150
MAX_FILLS = 10  # …but no template filled more often than this
SPEECH_SHARE = 0.25  # share of examples also given in kiosk speech style
SITUATION_SHARE = 0.3  # share of question examples also given after a life situation
FILLERS = ("嗯", "那个", "就是", "我想问一下", "请问", "嗯那个", "呃我想问", "麻烦问下")
FIELD_WORDS = (
    "申请材料", "受理条件", "办结时限", "结果送达", "收费标准", "办事时间", "办事地点", "咨询电话", "投诉电话",
    "社会保障卡", "社保卡", "身份证", "户口本", "营业执照", "工作日", "网上办", "转人工", "失业金", "养老金",
)
HEADER = "# 由 `python -m bot.generate` 从办事指南与 bot/generate/templates.yml 生成，请勿手工修改。\n"


@dataclass(frozen=True)
class Generated:
    """The generated files' contents."""

    nlu: str
    userdict: str


def _surfaces(settings: Settings) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Official names and all aliases of the guides, and the example questions by intent."""
    parsed = parse_file(settings.source_path)
    names = [g.name for g in parsed.guides]
    curated = load_curated(settings.aliases_path, set(names))
    aliases = [a.alias for name in names for a in aliases_for(name, curated)]
    asked: dict[str, list[str]] = {}
    for example in load_examples(settings.examples_path, set(names)):
        intent = ASK_OVERVIEW if example.field == OVERVIEW else INTENT_FOR_FIELD[Field.from_label(example.field)]
        asked.setdefault(intent, []).append(example.text)
    return names, aliases, asked


def _dev_questions() -> set[str]:
    """Every evaluation question and dialogue turn (dev and fresh sets): a template filled by chance
    with the same words is left out, so that they are never trained on (short generic turns such as
    "谢谢" are kept)."""
    texts: set[str] = set()
    for path in [EVAL_DIR / "dev_single.yml", EVAL_DIR / "dev_dialogues.yml", *sorted(EVAL_DIR.glob("fresh_*.yml"))]:
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            texts |= {q["text"] for q in data.get("questions", [])}
            texts |= {t["text"] for d in data.get("dialogues", []) for t in d["turns"]}
    return texts


def _key(*parts: str) -> int:
    """A stable 64-bit number for the parts (``hash()`` changes between runs)."""
    return int.from_bytes(hashlib.blake2b("\x1f".join((str(SEED), *parts)).encode(), digest_size=8).digest(), "big")


def _chance(*parts: str) -> float:
    """A stable number in [0, 1) for the parts."""
    return _key(*parts) / 2**64


class _Draws:
    """Draws of surfaces for template slots by rendezvous hashing: a slot takes the surfaces
    ranking highest for it, so a surface added later wins only the slots it ranks first in."""

    def __init__(self, surfaces: list[str]) -> None:
        self._keys = [(_key("surface", s), s) for s in dict.fromkeys(surfaces)]

    def best(self, slot: str, count: int = 1) -> list[str]:
        mix = _key("slot", slot)
        ranked = heapq.nlargest(count, self._keys, key=lambda k: ((k[0] ^ mix) * 0x9E3779B97F4A7C15) % 2**64)
        return [s for _, s in ranked]


def _speech(text: str, intent: str) -> str:
    """The example as a kiosk would send it: a filler in front, no punctuation."""
    bare = "".join(ch for ch in text if ch not in "，。？！、,.?! ")
    return FILLERS[_key(intent, "filler", text) % len(FILLERS)] + bare


def _filled(templates: list[str], draws: _Draws, intent: str) -> list[str]:
    """The ``{item}`` templates filled with names: ``QUESTION_EXAMPLES`` in all for a question
    intent, ``FILLED_PER_TEMPLATE`` per template otherwise."""
    if not templates:
        return []
    if not intent.startswith("ask_"):
        return [t.replace("{item}", item) for t in templates for item in draws.best(f"{intent}:{t}", FILLED_PER_TEMPLATE)]
    count = min(QUESTION_EXAMPLES, len(templates) * MAX_FILLS)
    return [templates[i % len(templates)].replace("{item}", draws.best(f"{intent}:{i}")[0]) for i in range(count)]


def generate(settings: Settings | None = None) -> Generated:
    """Build the training data and user dictionary texts."""
    settings = settings or Settings.from_env()
    names, aliases, asked = _surfaces(settings)
    surfaces = names + aliases
    templates = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    situations = templates.pop("situations")
    held_out = _dev_questions()
    draws = _Draws(surfaces)
    blocks = []
    for intent, spec in templates.items():
        examples = _filled(spec.get("with_item", []), draws, intent)
        if intent.startswith("ask_"):  # "我刚从原单位辞职，失业登记要带什么"
            examples += [f"{situations[_key(intent, 'situation', e) % len(situations)]}，{e}"
                         for e in examples if _chance(intent, "situation?", e) < SITUATION_SHARE]
        examples += spec.get("without_item", []) + asked.get(intent, [])
        examples += [_speech(e, intent) for e in examples if _chance(intent, "speech?", e) < SPEECH_SHARE]
        unique = [e for e in sorted(set(examples), key=examples.index) if len(e) <= GENERIC_CHARS or e not in held_out]
        blocks.append(f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {e}\n" for e in unique))
    nlu = HEADER + 'version: "3.1"\nnlu:\n' + "".join(blocks)
    words = sorted(set(surfaces) | set(FIELD_WORDS))
    userdict = "".join(f"{w} 2000\n" for w in words if " " not in w)
    return Generated(nlu=nlu, userdict=userdict)


def write(generated: Generated) -> None:
    """Write the generated files."""
    NLU_PATH.parent.mkdir(parents=True, exist_ok=True)
    USERDICT_PATH.parent.mkdir(parents=True, exist_ok=True)
    NLU_PATH.write_text(generated.nlu, encoding="utf-8")
    USERDICT_PATH.write_text(generated.userdict, encoding="utf-8")
