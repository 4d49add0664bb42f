"""The custom actions named in the domain. Each is a one-line adapter to ``Assistant``."""

from __future__ import annotations

from bot.actions.base import AssistantAction
from bot.actions.constants import (
    ACTION_ANSWER,
    ACTION_BROWSE,
    ACTION_BROWSE_MORE,
    ACTION_CHOOSE,
    ACTION_FALLBACK,
    ACTION_HANDOFF,
    ACTION_INFORM_ITEM,
    ACTION_OPEN_NOW,
    ACTION_SITUATION,
    ACTION_SMALL_TALK,
    CORRECT_ITEM,
    FIELD_INTENTS,
    OUT_OF_SCOPE,
)
from bot.actions.dialogue import Outcome, Turn


class ActionAnswer(AssistantAction):
    """A field question (要什么材料、在哪办…) or an overview question (X怎么办)."""

    def name(self) -> str:
        return ACTION_ANSWER

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.answer(turn, FIELD_INTENTS.get(turn.intent or ""))


class ActionInformItem(AssistantAction):
    """An item on its own, a switch of item ("那企业申请的呢") or a correction."""

    def name(self) -> str:
        return ACTION_INFORM_ITEM

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.inform_item(turn, correction=turn.intent == CORRECT_ITEM)


class ActionChoose(AssistantAction):
    """A choice among offered items: "第二个", "2", "灵活就业那个"."""

    def name(self) -> str:
        return ACTION_CHOOSE

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.choose(turn)


class ActionBrowse(AssistantAction):
    """Items of a category or keyword ("有哪些补贴", "社保类的事项")."""

    reads_context = False

    def name(self) -> str:
        return ACTION_BROWSE

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.browse(turn)


class ActionBrowseMore(AssistantAction):
    """The next page ("更多")."""

    reads_context = False

    def name(self) -> str:
        return ACTION_BROWSE_MORE

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.more(turn)


class ActionHandoff(AssistantAction):
    """How to reach a person ("转人工")."""

    reads_context = False

    def name(self) -> str:
        return ACTION_HANDOFF

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.handoff(turn)


class ActionFallback(AssistantAction):
    """Out of scope or not understood: link if an item is clearly named, else say so honestly."""

    def name(self) -> str:
        return ACTION_FALLBACK

    def decide(self, turn: Turn) -> Outcome:
        if turn.intent == OUT_OF_SCOPE:
            return self.assistant.out_of_scope(turn)
        return self.assistant.fallback(turn)


class ActionOpenNow(AssistantAction):
    """"现在能去办吗", "周六上班吗": open or not at the moment asked, from the guide's hours."""

    reads_context = False

    def name(self) -> str:
        return ACTION_OPEN_NOW

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.open_now(turn)


class ActionSituation(AssistantAction):
    """"我是高校毕业生": only the materials that apply to the user, as a checklist."""

    reads_context = False  # beside an answer, "我是高校毕业生" is the applicant's, for its checklist

    def in_context(self, turn: Turn) -> bool:
        return self.assistant.tells_another_scheme(turn)  # "她是村里种地的" after an 企业 item: its variant

    def name(self) -> str:
        return ACTION_SITUATION

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.situation(turn)


class ActionSmallTalk(AssistantAction):
    """Greetings, thanks, goodbye and "你是谁", unless the turn is really a question."""

    def in_context(self, turn: Turn) -> bool:
        return not self.assistant.small(turn.text)  # "俺一直在村里种地，没单位…" taken for a goodbye is read in context

    def name(self) -> str:
        return ACTION_SMALL_TALK

    def decide(self, turn: Turn) -> Outcome:
        return self.assistant.small_talk(turn)
