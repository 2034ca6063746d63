"""Typed views of the JSON the library returns: the result of faqlite_ask
(docs/result-format.md), and the outputs of the corpus tools (docs/import.md).

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


@dataclass(frozen=True)
class ImportResult:
    """What import_text() made of a document.

    `corpus` is the corpus document (docs/corpus-format.md), ready for json.dump() or
    Engine.index_text(json.dumps(...)); `report` lists what was repaired, left uncertain, dropped
    and counted, as in `faqlite import --report` (docs/import.md).
    """

    corpus: Dict[str, Any]
    report: Dict[str, Any]

    @property
    def entries(self) -> List[Dict[str, Any]]:
        """The corpus's entries (corpus["entries"])."""
        return self.corpus.get("entries", [])


@dataclass(frozen=True)
class Problem:
    """One problem check() found. `severity` is "error" or "warning", `code` its kind
    ("schema", "duplicate_id", "dangling_follow_up", "missing_translation", ...), `line` the line
    of the entry's field in `file` (0 when there is none), and `text` the whole
    "file:line: field: problem" line that `faqlite check` prints."""

    severity: str
    code: str
    file: str
    line: int
    field: str
    message: str
    text: str
    id: Optional[str] = None
    lang: Optional[str] = None

    @classmethod
    def from_json(cls, p: Dict[str, Any]) -> "Problem":
        return cls(
            severity=p["severity"],
            code=p["code"],
            file=p.get("file", ""),
            line=p.get("line", 0),
            field=p.get("field", ""),
            message=p["message"],
            text=p["text"],
            id=p.get("id"),
            lang=p.get("lang"),
        )


@dataclass(frozen=True)
class CheckReport:
    """The report of check(), as `faqlite check --json` prints it.

    `ok` is False when there are errors (warnings alone leave it True); `errors` and `warnings`
    count the problems of each severity; `missing_translations` maps a language to the ids it
    lacks.
    """

    ok: bool
    errors: int
    warnings: int
    problems: List[Problem]
    files: List[str] = field(default_factory=list)
    entries: int = 0
    languages: Dict[str, int] = field(default_factory=dict)
    missing_translations: Dict[str, List[str]] = field(default_factory=dict)
    raw: Dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, r: Dict[str, Any]) -> "CheckReport":
        return cls(
            ok=r["ok"],
            errors=r["errors"],
            warnings=r["warnings"],
            problems=[Problem.from_json(p) for p in r["problems"]],
            files=list(r.get("files", [])),
            entries=r.get("entries", 0),
            languages=dict(r.get("languages", {})),
            missing_translations={k: list(v) for k, v in r.get("missing_translations", {}).items()},
            raw=r,
        )
