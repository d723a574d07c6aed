"""Split the inline content of one block into word, space and punctuation tokens.

A token keeps the inline elements around each of its characters (its *pieces*), so a word that spans
``foo<em>bar</em>`` stays one token and a diff can never cut through it. A token's ``key`` is what the
diff compares: its text (whitespace collapsed outside ``<pre>``) and its inline formatting, with ``id``
attributes ignored, so a changed link target is a change but re-wrapped text is not.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Sequence
from typing import NamedTuple

from .htmltree import VOID_TAGS, Attrs, Node

Frame = tuple[str, Attrs]
Context = tuple[Frame, ...]

# Hyphens, apostrophes and dots between letters/digits keep "third-party", "don't", "1.5" whole.
_TOKEN = re.compile(r"\w+(?:[-.,'\u2019/@:]\w+)*|\s+|[^\w\s]")
_WORD = re.compile(r"\w")
_SPACE = re.compile(r"\s+")


class Piece(NamedTuple):
    """A stretch of text (empty for a void element such as ``<br>``) inside its inline elements."""

    text: str
    context: Context


class Token(NamedTuple):
    """One word, run of whitespace, punctuation mark or void element."""

    key: Hashable
    pieces: tuple[Piece, ...]
    is_word: bool


def collect_pieces(children: Sequence[Node | str], context: Context = ()) -> list[Piece]:
    """Flatten inline content into pieces of text, each with the inline elements around it."""
    pieces: list[Piece] = []
    for child in children:
        if isinstance(child, str):
            if child:
                pieces.append(Piece(child, context))
        elif child.tag in VOID_TAGS:
            pieces.append(Piece("", (*context, (child.tag, child.attrs))))
        else:
            pieces.extend(collect_pieces(child.children, (*context, (child.tag, child.attrs))))
    return pieces


def tokenize(children: Sequence[Node | str], preformatted: bool = False) -> tuple[Token, ...]:
    """Tokenize inline content; outside ``<pre>`` leading and trailing whitespace is dropped."""
    tokens: list[Token] = []
    run: list[Piece] = []
    for piece in collect_pieces(children):
        if piece.text:
            run.append(piece)
            continue
        tokens.extend(split_run(run, preformatted))
        run = []
        tokens.append(Token(("", key_context(piece.context)), (piece,), False))
    tokens.extend(split_run(run, preformatted))
    if not preformatted:
        while tokens and is_space(tokens[0]):
            tokens.pop(0)
        while tokens and is_space(tokens[-1]):
            tokens.pop()
    return tuple(tokens)


def split_run(run: list[Piece], preformatted: bool) -> Iterator[Token]:
    """Yield the tokens of consecutive text pieces, cutting each token at piece boundaries."""
    if not run:
        return
    text = "".join(piece.text for piece in run)
    index, piece_start = 0, 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        parts: list[Piece] = []
        while True:
            piece = run[index]
            piece_end = piece_start + len(piece.text)
            parts.append(Piece(text[max(start, piece_start) : min(end, piece_end)], piece.context))
            if piece_end >= end:
                if piece_end == end and index + 1 < len(run):
                    index, piece_start = index + 1, piece_end
                break
            index, piece_start = index + 1, piece_end
        yield make_token(tuple(parts), match.group(), preformatted)


def make_token(parts: tuple[Piece, ...], text: str, preformatted: bool) -> Token:
    """Build a token and its comparison key."""
    is_word = bool(_WORD.match(text))
    if len(parts) == 1:
        only = parts[0]
        norm = only.text if preformatted or not only.text.isspace() else " "
        return Token((norm, key_context(only.context)), parts, is_word)
    if not preformatted and text.isspace():
        return Token((" ", key_context(parts[0].context)), parts, False)
    key = tuple((part.text, key_context(part.context)) for part in parts)
    return Token(key, parts, is_word)


def key_context(context: Context) -> Hashable:
    """Return the comparable form of an inline context: tags and attributes other than ``id``."""
    if not context:
        return ()
    return tuple((tag, tuple(a for a in attrs if a[0] != "id")) for tag, attrs in context)


def is_space(token: Token) -> bool:
    """Tell whether a token is whitespace only."""
    return not token.is_word and all(p.text.isspace() for p in token.pieces)


def count_words(text: str) -> int:
    """Count the word tokens in plain text."""
    return sum(1 for match in _TOKEN.finditer(text) if _WORD.match(match.group()))


def collapse_space(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip the ends."""
    return _SPACE.sub(" ", text).strip()
