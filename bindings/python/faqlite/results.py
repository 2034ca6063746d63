"""Typed views of the JSON result of faqlite_ask (docs/result-format.md).

The objects are built from the parsed JSON and nothing else: no field is computed here. `raw`
keeps the whole parsed object, so fields a newer library adds are reachable before this binding
names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class FollowUp:
    """A related entry offered as the next question."""

    id: str
    question: str


@dataclass(frozen=True)
class Correction:
    """A spelling correction the engine made to the question."""

    from_: str
    to: str


@dataclass(frozen=True)
class Answer:
    """One candidate answer, best first in Result.answers.

    `snippet` is HTML-escaped text with <mark> around the matched words; `highlights` are
    (start, end) byte offsets of those words in the UTF-8 encoding of `answer`.
    """

    id: str
    score: float
    confidence: float
    lang: str
    kind: str
    question: str
    answer: str
    snippet: str
    title: str = ""
    section: str = ""
    tags: List[str] = field(default_factory=list)
    highlights: List[Tuple[int, int]] = field(default_factory=list)
    follow_ups: List[FollowUp] = field(default_factory=list)
    meta: Dict[str, Any] = field(default_factory=dict)
    explanation: Optional[Any] = None

    @classmethod
    def from_json(cls, a: Dict[str, Any]) -> "Answer":
        return cls(
            id=a["id"],
            score=a["score"],
            confidence=a["confidence"],
            lang=a["lang"],
            kind=a["kind"],
            question=a["question"],
            answer=a["answer"],
            snippet=a["snippet"],
            title=a.get("title", ""),
            section=a.get("section", ""),
            tags=list(a.get("tags", [])),
            highlights=[(h[0], h[1]) for h in a.get("highlights", [])],
            follow_ups=[FollowUp(f["id"], f["question"]) for f in a.get("follow_ups", [])],
            meta=dict(a.get("meta", {})),
            explanation=a.get("explanation"),
        )


@dataclass(frozen=True)
class Result:
    """The engine's answer to one question.

    `outcome` is "answered", "clarify" (near-tied answers to offer as choices) or "fallback"
    (nothing is confident enough; `fallback` is the corpus's text for that). Pass `context` back
    as the `context` of the next question to continue the conversation.
    """

    query: str
    lang: str
    answered: bool
    outcome: str
    answers: List[Answer]
    fallback: Optional[str] = None
    corrections: List[Correction] = field(default_factory=list)
    context: List[str] = field(default_factory=list)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def top(self) -> Optional[Answer]:
        """The best answer, or None when there is none."""
        return self.answers[0] if self.answers else None

    @classmethod
    def from_json(cls, r: Dict[str, Any]) -> "Result":
        return cls(
            query=r["query"],
            lang=r["lang"],
            answered=r["answered"],
            outcome=r["outcome"],
            answers=[Answer.from_json(a) for a in r["answers"]],
            fallback=r.get("fallback"),
            corrections=[Correction(c["from"], c["to"]) for c in r.get("corrections", [])],
            context=list(r.get("context", [])),
            raw=r,
        )
