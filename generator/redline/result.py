"""The public result type of a redline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChangedSection:
    """A section with changes: the nearest heading above them and the id of its first mark.

    ``heading`` is "" for changes above the first heading.
    """

    heading: str
    anchor: str


@dataclass(frozen=True)
class Redline:
    """A word-level redline between two versions of a page.

    ``html`` is a body fragment meant to sit inside an element with class ``redline``; ``inserted``,
    ``deleted`` and ``moved`` count words (words inside a moved block count as moved unless they
    changed on the way).
    """

    html: str
    inserted: int
    deleted: int
    moved: int
    sections: tuple[ChangedSection, ...]

    @property
    def changed(self) -> bool:
        """True when the redline carries at least one mark (even a punctuation-only one)."""
        return bool(self.sections)

    def changes(self) -> tuple:
        """The redline's list of changes (``changelist.ChangeEntry``), in document order: one per mark,
        except a deletion followed at once by an insertion, which is one replacement."""
        from .changelist import list_changes

        return list_changes(self.html)

    def excerpt(self) -> str:
        """The changed blocks only, with their headings and "…" for what was left out."""
        from .excerpt import excerpt_html

        return excerpt_html(self.html)

    def to_markdown(self, excerpt: bool = True) -> str:
        """Return the redline as HTML that GitHub keeps in a pull-request comment (changes only by default)."""
        from .github import render_github

        return render_github(self.excerpt() if excerpt else self.html)

    def to_terminal(self, color: bool = True, excerpt: bool = True) -> str:
        """Return the redline as text for a terminal (ANSI colours, or [-del-]{+ins+} markers)."""
        from .terminal import render_terminal

        return render_terminal(self.excerpt() if excerpt else self.html, color=color)
