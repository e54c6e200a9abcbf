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

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.reflections or other.reflections,
            self.cpd or other.cpd,
            self.sessions or other.sessions,
            self.supervision or other.supervision,
            self.settings | other.settings,
            self.encryption or other.encryption,
        )

    @property
    def data(self) -> bool:
        """Whether any stored record (not only a setting) changed."""
        return self.reflections or self.cpd or self.sessions or self.supervision


# A whole database replaced (restore from a backup, perhaps encrypted now): every page reads afresh.
EVERYTHING = Changes(reflections=True, cpd=True, sessions=True, supervision=True, encryption=True)
