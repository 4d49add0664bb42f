"""What item linking concludes: ranked candidates, and whether to answer, lean, or ask."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.repository import Candidate

# Linking decisions
SWITCH_ACCEPT, SWITCH_LEAD = 0.6, 0.1  # accepting a switch from the previous item
CONFIDENT = 0.80  # accept the top candidate at or above this score…
MARGIN = 0.06  # …when it leads the next one by at least this much
SURE_LEAD = 0.1  # a confident answer leading by less shows the other candidates beside it
PLAUSIBLE = 0.50  # candidates at or above this score are worth offering in a clarification
TIED_PLAUSIBLE = 0.40  # …or at or above this one, when the top two names both contain what was named
MAX_CANDIDATES = 5
LONE_PLAUSIBLE, LONE_LEAD = 0.60, 0.20  # a lone plausible candidate far ahead is accepted too
EXACT = "名称或别名"  # reason of a guide whose name or alias occurs in the text
AGREED = "+全文一致"
FULL_TEXT_ONLY = "全文检索"
AGREED_ACCEPT, AGREED_LEAD = 0.55, 0.05  # accepting a top candidate both name evidence and full text favour
UNRIVALLED_LEAD = 0.03  # a named guide leading guides that only full text suggests, by this much, is accepted
LEAN_SCORE, LEAN_LEAD = 0.7, 0.03  # answering an agreed top candidate with the alternatives beside it…
FULL_TEXT_LEAN_CHARS = 10  # full text alone is leant on only for a mention longer than this (a story)…
SHORT_LEAN_EXPLAINED = 0.3  # …or one the top guide's names explain this much of ("开具档案存档")
LEAN_EXPLAINED = 0.1  # …when its names explain this much of what the user named
TIED_LEAD = 0.12  # top two names that both hold what was named need this lead to be confident


@dataclass(frozen=True)
class LinkResult:
    """Ranked candidates and what the linker concluded."""

    candidates: tuple[Candidate, ...]
    mention: str
    from_context: bool = False  # ranked as a switch from the previous item
    tied: bool = False  # the top two candidates' names both contain what the user named ("灵活就业")
    verbatim: bool = False  # the top candidate's official name is written out in full
    explained: float = 1.0  # weighted share of the mention the top candidate's names explain

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def top(self) -> Candidate:
        """The top candidate of a result known to have one (``confident``, ``plausible``, or ``best``
        checked): ``best`` without the ``None``. Raises ``LookupError`` on an empty result."""
        if not self.candidates:
            raise LookupError("no candidate")
        return self.candidates[0]

    @property
    def lead(self) -> float:
        """How far the top candidate is ahead of the next one (at the scores' precision)."""
        if not self.candidates:
            return 0.0
        return round(self.candidates[0].score - (self.candidates[1].score if len(self.candidates) > 1 else 0.0), 4)

    @property
    def confident(self) -> bool:
        """Whether the top candidate can be answered about without asking.

        Either it scores high and leads the next one, or it is the only plausible one by far.
        """
        if not self.candidates:
            return False
        top, lead = self.candidates[0].score, self.lead
        if self.from_context:
            return top >= SWITCH_ACCEPT and lead >= SWITCH_LEAD
        if self.verbatim:
            return True
        if self.tied and lead < TIED_LEAD:  # what the user named does not tell the top two apart
            return False
        named = not self.candidates[0].reason.startswith(FULL_TEXT_ONLY)  # full text agreeing with itself
        if named and self.candidates[0].reason.endswith(AGREED) and top >= AGREED_ACCEPT and lead >= AGREED_LEAD:
            return True
        if self.candidates[0].reason.startswith(EXACT) and top >= CONFIDENT and lead >= UNRIVALLED_LEAD and all(
            c.reason.startswith(FULL_TEXT_ONLY) for c in self.plausible[1:]
        ):  # "退休手续有些问题想电话问下": the only guide named at all, the others only full-text guesses
            return True
        # the only plausible one by far, unless what was named is as much in the next one's name ("养老保险")
        return (top >= CONFIDENT and lead >= MARGIN) or (top >= LONE_PLAUSIBLE and lead >= LONE_LEAD and not self.tied)

    @property
    def sure(self) -> bool:
        """Confident beyond doubt: the full name written out, a switch in context, the only guide
        whose name or alias is said, or a clear lead.
        A confident answer that is not sure shows the other candidates beside it."""
        if not self.confident:
            return False
        if self.verbatim or self.from_context:
            return True
        if self.candidates[0].reason.startswith(EXACT) and not any(c.reason.startswith(EXACT) for c in self.plausible[1:]):
            return True  # "失业金" is an alias of one guide only: named, whatever else its words suggest
        # full text may decide, but names explaining almost nothing of the mention ("导游资格考试
        # 要交多少报名费") leave the other candidates worth showing
        return self.candidates[0].score >= CONFIDENT and self.lead >= SURE_LEAD and self.explained >= LEAN_EXPLAINED

    @property
    def leaning(self) -> bool:
        """Not confident, but name evidence and full text agree on a top candidate that leads:
        worth answering with the others offered beside it."""
        if self.confident or self.from_context or self.tied or len(self.candidates) < 2:
            return False
        top = self.candidates[0]
        short = len(self.mention) <= FULL_TEXT_LEAN_CHARS and self.explained < SHORT_LEAN_EXPLAINED
        if top.reason.startswith(FULL_TEXT_ONLY) and short:
            return False  # "导游资格考试要交多少报名费" names little; only a story is read by full text alone
        return (
            top.reason.endswith(AGREED)
            and top.score >= LEAN_SCORE
            and self.lead >= LEAN_LEAD
            # names explain some of what was named; in a story full text alone may tell the service
            and (self.explained >= LEAN_EXPLAINED
                 or (top.reason.startswith(FULL_TEXT_ONLY) and len(self.mention) > FULL_TEXT_LEAN_CHARS))
        )

    @property
    def plausible(self) -> tuple[Candidate, ...]:
        """Candidates good enough to offer when asking the user to choose."""
        # when what was named is in several names alike ("养老保险"), those full text ranks low are offered too
        floor = TIED_PLAUSIBLE if self.tied else PLAUSIBLE
        return tuple(c for c in self.candidates if c.score >= floor)[:MAX_CANDIDATES]
