"""Detect several warning signs of suicide told across one post, in English and Spanish.

Someone close to acting often says nothing of suicide. They put their affairs in order, give
away things they value, leave letters, arrange who keeps the pets, thank people, say goodbye,
and may seem suddenly calm. Each of these alone is everyday life: a will for a new baby, a
goodbye at a leaving do. Read a sentence at a time, a post made of them looks ordinary too.
Several families of them in one post is the pattern safeguarding training teaches staff to see.

Three families or more, one of them a leaving sign (things given away, goodbyes, calm), is
HIGH; a post that names an ordinary reason (a new baby, a new job, a move) reads MEDIUM
instead, and so do three families without a leaving sign. A sign told as the past or as
recovery does not count.
"""

from __future__ import annotations

import re
from collections import Counter

from hearth.lib.text import fold
from hearth.safety.detectors._rules import load_rules, sentence_bounds
from hearth.safety.detectors.crisis_language import recovery_context
from hearth.safety.types import AssessContext, Finding

_NAME = "warning_signs"
_ENOUGH = 3
# The signs must be told together, within the length of one real post: a 5,000-character text
# gathers unrelated everyday sentences ("my pension", "I feel calm after yoga") by chance.
_TOGETHER = 3_000
_LEAVING = frozenset({"given_away", "farewell", "calm"})
_WORDS = {
    "given_away": "things given away",
    "letters_left": "letters left",
    "affairs": "affairs put in order",
    "care_arranged": "care arranged",
    "farewell": "goodbyes",
    "calm": "a sudden calm",
}
# Reasons people give things away, write wills and say goodbye in ordinary life: a baby, a
# leaving do, a move, a wedding, a clear-out, a death in the family. With one of them a post
# still reaches a reviewer (MEDIUM), so "since my wife died" cannot hide a plan.
_ORDINARY_REASON = re.compile(
    r"\b(?:(?:new|our|my first) (?:baby|born)|(?:she|he|baby|daughter|son) was born|newborn|"
    r"pregnan\w*|maternity|paternity|"
    r"last day (?:at|of) (?:work|the job|school)|leaving (?:do|card|party|present)|"
    r"handed in my notice|new job|retir(?:e|ed|ing|ement)|moving (?:house|out|abroad|away|to)|"
    r"(?:we|i)(?:'re| are|'m| am) moving|emigrat\w*|wedding|"
    r"(?:we|i)(?:'re| are|'m| am) getting married|"
    r"declutter\w*|clear(?:ed|ing)? out|spring clean\w*|"
    r"passed away|(?:mum|mom|dad|nan|gran|wife|husband|brother|sister|partner) died|"
    r"(?:mum|mom|dad|nan|gran)'?s (?:things|will|house|flat|funeral|estate)|bereave\w*|"
    r"bebe|embarazada|me jubilo|jubilacion|nos mudamos|me mudo|mudanza|boda|trabajo nuevo|"
    r"fallecio|murio mi|el funeral)\b"
)


class WarningSigns:
    """Count families of warning signs in one text; report one finding when there are enough."""

    name = _NAME

    def detect(self, text: str, ctx: AssessContext) -> list[Finding]:
        """Return one suicide and self-harm finding when three families of signs or more are
        told in the present, else nothing."""
        folded = fold(text)
        t = folded.text
        found = self._signs_together(t)
        if len(found) < _ENOUGH:
            return []
        alarm = bool(found.keys() & _LEAVING) and not _ORDINARY_REASON.search(t)
        names = ", ".join(_WORDS[f] for f in _WORDS if f in found)
        return [
            Finding(
                detector=_NAME,
                category="suicide_self_harm",
                level="high" if alarm else "medium",
                score=round(len(found) / len(_WORDS), 2),
                spans=sorted(folded.to_source(s, e) for s, e in found.values()),
                message=f"Several warning signs of suicide in one text: {names}",
            )
        ]

    @staticmethod
    def _signs_together(t: str) -> dict[str, tuple[int, int]]:
        """Return the first span of each family within the best stretch of `_TOGETHER`
        characters of folded `t`, counting only signs told in the present."""
        past: dict[tuple[int, int], bool] = {}  # per sentence: one check however many signs

        def told_as_past(start: int, end: int) -> bool:
            bounds = sentence_bounds(t, start, end)
            if bounds not in past:
                past[bounds] = recovery_context(t[slice(*bounds)])
            return past[bounds]

        signs = sorted(
            (m.start(), m.end(), rule.category)
            for rule, m in load_rules("warning_signs.txt").matches(t)
            if not told_as_past(m.start(), m.end())
        )
        # One pass with a sliding window, so a pasted wall of "pension pension…" stays linear.
        counts: Counter[str] = Counter()
        best, best_families, left = (0, 0), 0, 0
        for right, (_, end, family) in enumerate(signs):
            counts[family] += 1
            while end - signs[left][0] > _TOGETHER:
                counts[signs[left][2]] -= 1
                left += 1
            families = sum(1 for n in counts.values() if n)  # at most six
            if families > best_families:
                best, best_families = (left, right + 1), families
        found: dict[str, tuple[int, int]] = {}
        for start, end, family in signs[best[0] : best[1]]:
            found.setdefault(family, (start, end))
        return found
