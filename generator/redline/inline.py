"""Write a word diff as inline HTML with <ins>/<del> marks that nest properly with formatting.

A mark wraps the widest run of same-op content at each nesting depth: a whole changed link becomes
``<del><a href="old">text</a></del>``, while a change inside a link is marked inside the ``<a>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter

from .htmltree import VOID_TAGS, Node, escape_text, start_tag, with_attrs
from .sequences import WordOp
from .tokens import Piece

NO_ID = frozenset({"id"})
MARK_TAGS = {"-": "del", "+": "ins"}
Stream = list[tuple[str, Piece]]


class InlineWriter:
    """Writes word diffs into ``out``; subclasses number the marks and count the words."""

    out: list[str]

    def next_mark_id(self) -> str:
        raise NotImplementedError

    def count(self, op: str, words: int) -> None:
        raise NotImplementedError

    def write_words(self, words: list[WordOp]) -> None:
        """Write a word diff, counting changed words."""
        stream: Stream = []
        plain = True
        for op, (_, pieces, is_word) in words:
            if op != "=" and is_word:
                self.count(op, 1)
            for piece in pieces:
                plain = plain and not piece[1]
                stream.append((op, piece))
        if plain:
            self.write_plain(stream)
        else:
            self.write_stream(stream, 0, marked=False)

    def write_plain_words(self, words: list[tuple[str, str]]) -> None:
        """Write a word diff of unformatted token strings, counting changed words."""
        for op, group in groupby(words, key=itemgetter(0)):
            texts = [text for _, text in group]
            escaped = escape_text("".join(texts))
            if op == "=":
                self.out.append(escaped)
                continue
            self.count(op, sum(1 for text in texts if text[0].isalnum() or text[0] == "_"))
            tag = MARK_TAGS[op]
            self.out.append(f'<{tag} id="{self.next_mark_id()}">{escaped}</{tag}>')

    def write_plain(self, stream: Stream) -> None:
        """Write a word diff of unformatted text: one mark per run of equal ops (the common case)."""
        for op, group in groupby(stream, key=itemgetter(0)):
            text = escape_text("".join(piece[0] for _, piece in group))
            if op == "=":
                self.out.append(text)
            else:
                tag = MARK_TAGS[op]
                self.out.append(f'<{tag} id="{self.next_mark_id()}">{text}</{tag}>')

    def write_stream(self, stream: Stream, depth: int, marked: bool) -> None:
        """Write pieces at one nesting depth; a mark wraps the widest run of same-op groups."""
        groups = group_stream(stream, depth, split_ops=not marked)
        index = 0
        while index < len(groups):
            op = uniform_op(groups[index])
            end = index + 1
            if not marked and op in MARK_TAGS:
                while end < len(groups) and uniform_op(groups[end]) == op:
                    end += 1
                tag = MARK_TAGS[op]
                self.out.append(f'<{tag} id="{self.next_mark_id()}">')
                for group in groups[index:end]:
                    self.write_group(group, depth, marked=True)
                self.out.append(f"</{tag}>")
            else:
                self.write_group(groups[index], depth, marked)
            index = end

    def write_group(self, group: Stream, depth: int, marked: bool) -> None:
        """Write pieces sharing one inline element at ``depth`` (or plain text)."""
        first = group[0][1]
        if len(first[1]) <= depth:
            self.out.append(escape_text("".join(text for _, (text, _) in group)))
            return
        kept = [piece for op, piece in group if op != "-"]
        tag, attrs = (kept or [first])[0][1][depth]
        if not kept:
            attrs = with_attrs(attrs, drop=NO_ID)
        self.out.append(start_tag(tag, attrs))
        if tag not in VOID_TAGS:
            self.write_stream(group, depth + 1, marked)
            self.out.append(f"</{tag}>")


def group_stream(stream: Stream, depth: int, split_ops: bool) -> list[Stream]:
    """Split a stream into runs sharing the same element at ``depth`` (text runs also by op)."""
    groups: list[Stream] = []
    last: object = None
    for op, piece in stream:
        context = piece[1]
        if len(context) > depth:
            tag, attrs = context[depth]
            key: object = (tag, tuple(a for a in attrs if a[0] != "id"))
            if tag in VOID_TAGS:
                key = object()  # never merge two <br>s
        else:
            key = ("", op if split_ops else "")
        if groups and key == last:
            groups[-1].append((op, piece))
        else:
            groups.append([(op, piece)])
            last = key
    return groups


def uniform_op(group: Stream) -> str:
    """Return the op shared by every piece of the group, or "*" when they differ."""
    first = group[0][0]
    return first if all(op == first for op, _ in group) else "*"


def write_children(children: Sequence[Node | str], out: list[str], drop_ids: bool) -> None:
    """Serialize inline content, optionally without ``id`` attributes."""
    for child in children:
        if isinstance(child, str):
            out.append(escape_text(child))
            continue
        out.append(start_tag(child.tag, with_attrs(child.attrs, drop=NO_ID) if drop_ids else child.attrs))
        if child.tag not in VOID_TAGS:
            write_children(child.children, out, drop_ids)
            out.append(f"</{child.tag}>")
