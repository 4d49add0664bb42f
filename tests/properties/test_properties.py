"""Property-based tests (hypothesis): normaliser, linker and renderer never fail on any input."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.actions import render
from knowledge.fields import Field
from knowledge.linking import ItemLinker
from knowledge.normalize import MAX_INPUT_CHARS, clean, compact, mention_of
from knowledge.privacy import mask

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY_TEXT = st.text(alphabet=st.one_of(CHINESE, st.characters()), max_size=2000)


@pytest.fixture(scope="module")
def linker(sqlite_repo):
    return ItemLinker.from_repository(sqlite_repo)


@given(ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_normaliser_total_bounded_idempotent(text):
    cleaned = clean(text)
    assert len(cleaned) <= MAX_INPUT_CHARS
    assert clean(cleaned) == cleaned or len(clean(cleaned)) <= len(cleaned)
    assert all(ch in "\n\t" or ch.isprintable() or ch == " " for ch in cleaned)
    compact(text), mention_of(text)


@given(ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_masking_never_grows_digits(text):
    masked = mask(text)
    assert sum(c.isdigit() for c in masked) <= sum(c.isdigit() for c in text)


@given(text=ANY_TEXT)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_linker_returns_sane_candidates(linker, text):
    result = linker.link(text)
    assert len(result.candidates) <= 5
    scores = [c.score for c in result.candidates]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    if result.confident:
        assert result.best is not None


@given(st.sampled_from(list(Field)), ANY_TEXT)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_renderer_quotes_guide_text_verbatim(sqlite_repo, which, _noise):
    guide = sqlite_repo.get("002014104001")
    reply = render.field_answer(guide, which)
    assert reply.text.startswith(f"【{guide.name}】")
    assert guide.field(which) in reply.text
