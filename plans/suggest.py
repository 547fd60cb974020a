"""Which department should lead an item: suggestions with their reasons, never a silent guess.

Two sources, both maintained by the office itself:

- the keywords the supervisor keeps per department (单位管理 › 职责关键词);
- what the office chose before: every task that has a lead department (and was not sent back,
  退办) is a past choice, so a
  correction in the preview or on the assign page (the supervisor picked another department)
  is learnt the moment it is saved. Similar text is measured on character pairs (bigrams),
  the usual way to compare short Chinese texts without a word segmenter; pairs that occur in
  many past tasks ('工作', '推进') weigh little.

``DepartmentSuggester`` is built once per preview (one query each for departments and past
tasks) and then answers per item in memory.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from tracker.org.models import Department
from tracker.tasks.models import Status, Task

HISTORY_LIMIT = 5000  # the most recent past choices considered
SIMILAR_AT_LEAST = 0.34  # weighted overlap below which a past task is not "similar"
TOP = 3

_NOT_TEXT = re.compile(r"[\W_\d]+")
_RECTIFICATION = re.compile(r"^整改[:：]")


def _bigrams(text: str) -> set[str]:
    text = _RECTIFICATION.sub("", text or "")
    parts = [p for p in _NOT_TEXT.split(text) if p]
    return {part[i : i + 2] for part in parts for i in range(len(part) - 1)}


@dataclass
class Suggestion:
    department: int
    name: str
    reason: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"department": self.department, "name": self.name, "reason": self.reason}


class DepartmentSuggester:
    def __init__(self) -> None:
        active = list(Department.objects.active().order_by("order", "id"))
        self.names = {d.pk: d.name for d in active}
        self.order = {d.pk: i for i, d in enumerate(active)}
        self.keywords = {d.pk: d.keyword_list() for d in active if d.keywords}
        past = list(
            Task.objects.filter(lead_department__in=list(self.names))
            # 退办: the division sent it back — that lead was the wrong choice, not one to repeat.
            .exclude(status=Status.DECLINED)
            .order_by("-id")
            .values_list("id", "title", "lead_department")[:HISTORY_LIMIT]
        )
        self.past: list[tuple[str, int, set[str]]] = [
            (title, lead, _bigrams(title)) for _pk, title, lead in past
        ]
        self.past_ids = [pk for pk, _title, _lead in past]
        self._cooperating: dict[int, list[int]] | None = None
        self.index: dict[str, list[int]] = defaultdict(list)
        for position, (_title, _lead, grams) in enumerate(self.past):
            for gram in grams:
                self.index[gram].append(position)
        total = max(len(self.past), 1)
        # Inverse document frequency: a pair found in most past tasks says little.
        self.weight = {
            gram: math.log((total + 1) / (len(hits) + 0.5)) for gram, hits in self.index.items()
        }
        self.past_weight = [sum(self.weight[g] for g in grams) for _t, _l, grams in self.past]
        self.common = max(50, total // 10)

    def _weight(self, gram: str) -> float:
        return self.weight.get(gram, math.log(len(self.past) + 2))

    def _similar(self, text: str) -> list[tuple[float, int]]:
        """(similarity 0..1, past position) of the past tasks most like ``text``."""
        grams = _bigrams(text)
        if not grams or not self.past:
            return []
        shared: Counter[int] = Counter()
        for gram in grams:
            hits = self.index.get(gram, ())
            # A pair found in a tenth of all past tasks ('工作', '推进') weighs little and
            # would cost a walk over thousands of tasks: it counts for the score below but
            # does not make a task a candidate.
            if len(hits) > self.common:
                continue
            w = self._weight(gram)
            for position in hits:
                shared[position] += w  # type: ignore[assignment]
        mine = sum(self._weight(g) for g in grams)
        found = []
        for position, overlap in shared.items():
            theirs = self.past_weight[position]
            similarity = 2 * overlap / (mine + theirs) if mine + theirs else 0.0
            if similarity >= SIMILAR_AT_LEAST:
                found.append((similarity, position))
        found.sort(key=lambda pair: (-pair[0], pair[1]))
        return found[:10]

    def _cooperating_of(self) -> dict[int, list[int]]:
        """past task id → its co-operating departments (read once, when first asked)."""
        if self._cooperating is None:
            through = Task.cooperating_departments.through
            self._cooperating = defaultdict(list)
            rows = through.objects.filter(
                task_id__in=self.past_ids, department_id__in=list(self.names)
            ).values_list("task_id", "department_id")
            for task_id, department_id in rows:
                self._cooperating[task_id].append(department_id)
        return self._cooperating

    def _keyword_hits(self, title: str, body: str) -> dict[int, tuple[int, list[str]]]:
        """department → (score, words) for the departments whose duty keywords occur in the
        text; a word in the title counts twice."""
        found: dict[int, tuple[int, list[str]]] = {}
        for pk, words in self.keywords.items():
            hits = [w for w in words if w in title or w in body]
            score = sum(len(w) * (2 * title.count(w) + body.count(w)) for w in hits)
            if score:
                found[pk] = (score, hits)
        return found

    def suggest_cooperating(self, title: str, lead: int | None, body: str = "") -> list[Suggestion]:
        """Up to three co-operating departments (never the lead), never preselected: shown with
        the reason for the supervisor to pick. From the similar tasks the office chose them for
        (weighing most), and from the duty keywords of departments other than the lead that
        the text names."""
        scores: dict[int, float] = defaultdict(float)
        reasons: dict[int, list[str]] = defaultdict(list)
        similar = self._similar(title)
        cooperating = self._cooperating_of() if similar else {}
        for similarity, position in similar:
            past_title = self.past[position][0]
            for pk in cooperating.get(self.past_ids[position], ()):
                if pk == lead:
                    continue
                scores[pk] += 2 * similarity
                if not reasons[pk]:
                    shown = past_title if len(past_title) <= 24 else past_title[:23] + "…"
                    reasons[pk].append(f"以往类似任务“{shown}”由其配合")
        keyword_scores = {
            pk: hit for pk, hit in self._keyword_hits(title, body).items() if pk != lead
        }
        best_keyword = max((s for s, _ in keyword_scores.values()), default=0)
        for pk, (score, hits) in keyword_scores.items():
            # Below any past choice: a keyword says the matter touches the department's duties,
            # not that the office has had it co-operate.
            scores[pk] += 0.5 * score / best_keyword
            reasons[pk].append("职责关键词“" + "、".join(hits[:3]) + "”")
        ranked = sorted(scores, key=lambda pk: (-scores[pk], self.order[pk]))[:TOP]
        return [
            Suggestion(pk, self.names[pk], "；".join(reasons[pk]), round(scores[pk], 3))
            for pk in ranked
        ]

    def suggest(self, title: str, body: str = "") -> list[Suggestion]:
        """Up to three departments, best first, each with the reason in Chinese."""
        scores: dict[int, float] = defaultdict(float)
        reasons: dict[int, list[str]] = defaultdict(list)
        # Past choices weigh most: they are the office's own decisions on similar text.
        seen: dict[int, int] = defaultdict(int)
        for similarity, position in self._similar(title):
            past_title, lead, _grams = self.past[position]
            if seen[lead] >= 3:
                continue
            seen[lead] += 1
            scores[lead] += 2 * similarity
            if seen[lead] == 1:
                shown = past_title if len(past_title) <= 24 else past_title[:23] + "…"
                reasons[lead].append(f"以往类似任务“{shown}”由其牵头")
        keyword_scores = self._keyword_hits(title, body)
        best_keyword = max((s for s, _ in keyword_scores.values()), default=0)
        for pk, (score, hits) in keyword_scores.items():
            scores[pk] += score / best_keyword
            reasons[pk].append("职责关键词“" + "、".join(hits[:3]) + "”")
        ranked = sorted(scores, key=lambda pk: (-scores[pk], self.order[pk]))[:TOP]
        return [
            Suggestion(pk, self.names[pk], "；".join(reasons[pk]), round(scores[pk], 3))
            for pk in ranked
        ]
