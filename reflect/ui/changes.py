"""What a mutation changed, so each page refreshes only for the kinds of data it shows.

In the spirit of Anki's ``OpChanges``: every change to stored data goes through
``AppContext.mutate`` (or, for work done on a worker thread by ``ops.Operation``,
``AppContext.announce``), which emits one ``Changes`` on ``AppContext.changed``. A page
connects once and asks the change set whether it concerns it, instead of each mutation
remembering which signals and which pages to poke.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """The kinds of data one operation changed."""

    reflections: bool = False
    cpd: bool = False  # goals, activities, accounts, evidence
    sessions: bool = False  # expected sessions (calendar, prompts)
    supervision: bool = False  # comments received, supervisees' packs
    settings: frozenset[str] = field(default_factory=frozenset)  # the names of the settings changed
    encryption: bool = False  # a passphrase set, changed or removed
    # which reflections changed (saved, edited, deleted, put back), when the mutation knows: a page
    # keeping them in memory may read just these again; empty with ``reflections``: any may have
    reflection_ids: frozenset[str] = frozenset()

    def __or__(self, other: Changes) -> Changes:
        known = all(c.reflection_ids or not c.reflections for c in (self, other))
        return Changes(
            self.reflections or other.reflections,
            self.cpd or other.cpd,
            self.sessions or other.sessions,
            self.supervision or other.supervision,
            self.settings | other.settings,
            self.encryption or other.encryption,
            self.reflection_ids | other.reflection_ids if known else frozenset(),
        )

    @classmethod
    def of_reflections(cls, *ids: str | None) -> Changes:
        """These reflections changed (an id of None: not known, so any may have)."""
        named = frozenset(i for i in ids if i is not None)
        return cls(reflections=True, reflection_ids=named if len(named) == len(set(ids)) else frozenset())

    @property
    def data(self) -> bool:
        """Whether any stored record (not only a setting) changed."""
        return self.reflections or self.cpd or self.sessions or self.supervision


# A whole database replaced (restore from a backup, perhaps encrypted now): every page reads afresh.
EVERYTHING = Changes(reflections=True, cpd=True, sessions=True, supervision=True, encryption=True)
