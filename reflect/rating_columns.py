"""Reflections as flat columns: what the trend charts and the supervision report are computed from (Qt-free).

Why columns and not records: at 20,000 reflections, building a ``ReflectionRecord`` (and
ten ``RatingEntry`` objects) for each took 1–2 s on a busy 2-core machine before any
analysis — the whole of the first-open freeze of Trends. The charts need only a few fields
per reflection (id, time, setting, contact type, modality, checklist, tags) and per rating
(item, points, position), so ``reflection_columns.load_columns`` reads exactly those
straight into numpy arrays: 0.27–0.4 s at 20,000 reflections (200,000 ratings) on the same
machine, most of it SQLite walking the rating table, and on a worker thread.

The alternative the issue offered, per-period aggregates kept up to date on save, was
measured and rejected: SQLite alone takes about 0.4 s at 20,000 to group the ratings by day,
setting and tip (more than the whole column read), the dashboard's other questions (filters
on contact type, modality, tag and checklist; rolling windows of k sessions; a dot per
session; group means per session; the reflections behind a cell) cannot be answered from
such aggregates, and every save, delete, undo and import would have to keep them right.

A ``RatingColumns`` knows nothing of checklists: ``RatingTable.from_columns`` turns it
into the per-tip table for one reference checklist. Records already in memory (the CPD
portfolio, tests) become columns with ``from_records``, so both ways in give the same table.

After a save, edit or delete, ``patched`` takes those few reflections out and puts their fresh
read (``reflection_columns.load_reflections``) in where a whole read would have them, in
milliseconds where the whole read takes 2 s at 100,000 reflections.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from reflect.records import ReflectionRecord

_EPOCH = datetime(1970, 1, 1)


def object_array(values: Iterable[object]) -> np.ndarray:
    """A 1-D object array (``np.array`` would make a 2-D array from a list of tuples)."""
    items = list(values)
    result = np.empty(len(items), dtype=object)
    result[:] = items
    return result


@dataclass(frozen=True, eq=False)
class RatingColumns:
    """Reflections oldest first (one entry per reflection) and their ratings (one entry per rating)."""

    ids: np.ndarray  # (R,) str, fixed width: no Python string per reflection outlives the read (see ``build``)
    moments: np.ndarray  # (R,) datetime64[s], local wall-clock time
    setting: np.ndarray  # (R,) str
    contact_type: np.ndarray  # (R,) str
    modality: np.ndarray  # (R,) str
    framework_id: np.ndarray  # (R,) str
    tags: np.ndarray  # (R,) tuple of str, sorted
    rating_row: np.ndarray  # (K,) int64: the reflection each rating belongs to
    rating_item: np.ndarray  # (K,) int64: index into `items`
    rating_position: np.ndarray  # (K,) int64: the rating's place in its reflection's checklist
    points: np.ndarray  # (K,) float64, NaN for Not applicable
    items: tuple[str, ...]  # item ids, by the codes in `rating_item`

    def __len__(self) -> int:
        return len(self.ids)

    def tag_names(self) -> list[str]:
        """Every tag used, sorted (the Trends tag filter's choices)."""
        return sorted({tag for tags in self.tags for tag in tags})

    @classmethod
    def build(
        cls,
        reflections: Sequence[tuple[str, datetime | int, str, str, str, str]],
        ratings: tuple[Sequence[int] | np.ndarray, Sequence[str], Sequence[float | None] | np.ndarray,
                       Sequence[int] | np.ndarray],
        tags: Iterable[tuple[int, str]] = (),
    ) -> RatingColumns:
        """From reflection tuples (id, moment or epoch seconds, setting, contact type, modality,
        checklist) and parallel rating sequences (row, item id, points or None for N/A, position).

        Ratings with row -1 (a draft's, say) are left out; the result is sorted oldest first.
        """
        count = len(reflections)
        ids, moments, setting, contact, modality, framework = (
            zip(*reflections, strict=True) if reflections else ((),) * 6
        )
        seconds = np.fromiter(
            (m if isinstance(m, int) else int((m - _EPOCH).total_seconds()) for m in moments),
            dtype=np.int64, count=count,
        )
        rows, items, points, positions = ratings
        names = tuple(dict.fromkeys(items))
        code = {name: index for index, name in enumerate(names)}
        row_array = np.asarray(rows, dtype=np.int64).reshape(-1)
        kept = row_array >= 0
        # no draft's ratings: the arrays are kept as they are, not copied
        keep: np.ndarray | slice = slice(None) if kept.all() else kept
        per_row: dict[int, list[str]] = {}
        same: dict[str, str] = {}  # each tag kept once
        for row, tag in tags:
            per_row.setdefault(row, []).append(same.setdefault(tag, tag))
        tag_tuples: list[tuple[str, ...]] = [()] * count  # most reflections have no tag: share one empty tuple
        for row, found in per_row.items():
            tag_tuples[row] = tuple(sorted(found))
        # The ids as one fixed-width array, not 100,000 strings: kept for as long as the columns, those strings
        # were scattered among the read's short-lived rows, and kept about 25 MB of freed memory from being
        # given back at 100,000 reflections.
        columns = cls(
            ids=np.array(ids, dtype=str),
            moments=seconds.astype("datetime64[s]"),
            setting=object_array(setting),
            contact_type=object_array(contact),
            modality=object_array(modality),
            framework_id=object_array(framework),
            tags=object_array(tag_tuples),
            rating_row=row_array[keep],
            rating_item=np.fromiter(map(code.__getitem__, items), dtype=np.int64, count=len(row_array))[keep],
            rating_position=np.asarray(positions, dtype=np.int64).reshape(-1)[keep],
            points=np.asarray(points, dtype=np.float64).reshape(-1)[keep],  # None becomes NaN
            items=names,
        )
        return columns.oldest_first()

    @classmethod
    def from_records(cls, records: Iterable[ReflectionRecord]) -> RatingColumns:
        """The same columns from records already in memory."""
        ordered = list(records)
        counts = [len(r.ratings) for r in ordered]
        every = [rating for r in ordered for rating in r.ratings]
        return cls.build(
            [(r.id or "", r.occurred_at, r.setting, r.contact_type, r.modality, r.framework_id) for r in ordered],
            (
                np.repeat(np.arange(len(ordered)), counts),
                [rating.item_id for rating in every],
                [rating.points for rating in every],
                [position for count in counts for position in range(count)],
            ),
            [(row, tag) for row, r in enumerate(ordered) for tag in r.tags],
        )

    def oldest_first(self) -> RatingColumns:
        """The same columns with reflections in time order (stable, so equal times keep their order)."""
        if not np.any(self.moments[1:] < self.moments[:-1]):
            return self
        order = np.argsort(self.moments, kind="stable")
        new_row = np.empty(len(order), dtype=np.int64)
        new_row[order] = np.arange(len(order))
        return RatingColumns(
            ids=self.ids[order],
            moments=self.moments[order],
            setting=self.setting[order],
            contact_type=self.contact_type[order],
            modality=self.modality[order],
            framework_id=self.framework_id[order],
            tags=self.tags[order],
            rating_row=new_row[self.rating_row],
            rating_item=self.rating_item,
            rating_position=self.rating_position,
            points=self.points,
            items=self.items,
        )

    def patched(self, changed: Collection[str], fresh: RatingColumns) -> RatingColumns | None:
        """These columns with the reflections `changed` replaced by `fresh` (those of them that still match,
        read anew), as a whole read would give them; None when only a whole read knows where one goes.

        A whole read orders reflections by their stored time, to the microsecond, then id; the columns keep
        whole seconds, so a reflection in the same second as one kept cannot be placed (rare: 19 of 100,000
        demo reflections share one). The reflections and their order come out the same as a whole read's,
        and each reflection's ratings in the same order, so every figure built from them is the same; only
        the item codes and the order of the ratings between reflections (which nothing reads) may differ.
        """
        kept = np.fromiter((i not in changed for i in self.ids.tolist()), dtype=bool, count=len(self))
        moments = self.moments[kept]
        left = np.searchsorted(moments, fresh.moments, side="left")
        if np.any(left != np.searchsorted(moments, fresh.moments, side="right")):
            return None
        total = len(moments) + len(fresh)
        placed = left + np.arange(len(fresh))  # fresh is oldest first, so each lands after the one before
        is_fresh = np.zeros(total, dtype=bool)
        is_fresh[placed] = True
        old_row = np.full(len(self), -1, dtype=np.int64)
        old_row[kept] = np.flatnonzero(~is_fresh)

        def merged(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
            out = np.empty(total, dtype=np.result_type(mine, theirs))  # the wider of two ids' widths
            out[~is_fresh] = mine[kept]
            out[is_fresh] = theirs
            return out

        code = {name: index for index, name in enumerate(self.items)}
        for name in fresh.items:
            code.setdefault(name, len(code))
        recoded = np.array([code[name] for name in fresh.items], dtype=np.int64)
        rated = kept[self.rating_row]
        return RatingColumns(
            ids=merged(self.ids, fresh.ids),
            moments=merged(self.moments, fresh.moments),
            setting=merged(self.setting, fresh.setting),
            contact_type=merged(self.contact_type, fresh.contact_type),
            modality=merged(self.modality, fresh.modality),
            framework_id=merged(self.framework_id, fresh.framework_id),
            tags=merged(self.tags, fresh.tags),
            rating_row=np.concatenate([old_row[self.rating_row[rated]], placed[fresh.rating_row]]),
            rating_item=np.concatenate([self.rating_item[rated], recoded[fresh.rating_item]]),
            rating_position=np.concatenate([self.rating_position[rated], fresh.rating_position]),
            points=np.concatenate([self.points[rated], fresh.points]),
            items=tuple(code),
        )
