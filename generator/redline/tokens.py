"""Split the inline content of one block into word, space and punctuation tokens.

A token keeps the inline elements around each of its characters (its *pieces*), so a word that spans
``foo<em>bar</em>`` stays one token and a diff can never cut through it. A token's ``key`` is what the
diff compares: its text (whitespace collapsed outside ``<pre>``) and its inline formatting, with ``id``
attributes ignored, so a changed link target is a change but re-wrapped text is not.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import partial
from typing import NamedTuple

from .htmltree import VOID_TAGS, Attrs, Node

Frame = tuple[str, Attrs]
Context = tuple[Frame, ...]

# Hyphens, apostrophes and dots between letters/digits keep "third-party", "don't", "1.5" whole.
_TOKEN = re.compile(r"\w+(?:[-.,'\u2019/@:]\w+)*|\s+|[^\w\s]")
_WORD_TOKEN = re.compile(r"\w+(?:[-.,'\u2019/@:]\w+)*")
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


# NamedTuple.__new__ is a Python-level call; building through tuple.__new__ halves tokenizing time.
_new_piece = partial(tuple.__new__, Piece)
_new_token = partial(tuple.__new__, Token)


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


def split_run(run: list[Piece], preformatted: bool) -> list[Token]:
    """Return the tokens of consecutive text pieces, cutting each token at piece boundaries."""
    if not run:
        return []
    keys = [key_context(piece.context) for piece in run]
    if len(run) == 1:
        return [single_piece_token(text, run[0].context, keys[0], preformatted) for text in _TOKEN.findall(run[0].text)]
    tokens: list[Token] = []
    ends = []
    offset = 0
    for piece in run:
        offset += len(piece.text)
        ends.append(offset)
    index, start = 0, 0
    for text in _TOKEN.findall("".join(piece.text for piece in run)):
        end = start + len(text)
        if end <= ends[index]:
            tokens.append(single_piece_token(text, run[index].context, keys[index], preformatted))
        else:
            tokens.append(multi_piece_token(run, keys, ends, index, start, end, text, preformatted))
        start = end
        while index < len(run) - 1 and ends[index] <= start:
            index += 1
    return tokens


def single_piece_token(text: str, context: Context, key: Hashable, preformatted: bool) -> Token:
    """A token inside one piece (the common case, kept cheap)."""
    first = text[0]
    if first.isspace():
        return _new_token(((text if preformatted else " ", key), (_new_piece((text, context)),), False))
    return _new_token(((text, key), (_new_piece((text, context)),), first.isalnum() or first == "_"))


def multi_piece_token(
    run: list[Piece],
    keys: list[Hashable],
    ends: list[int],
    index: int,
    start: int,
    end: int,
    text: str,
    preformatted: bool,
) -> Token:
    """A token spanning several pieces, e.g. ``foo<em>bar</em>``."""
    parts: list[Piece] = []
    key_parts = []
    piece_start = ends[index] - len(run[index].text)
    while True:
        piece = run[index]
        part = piece.text[max(start, piece_start) - piece_start : min(end, ends[index]) - piece_start]
        parts.append(Piece(part, piece.context))
        key_parts.append((part, keys[index]))
        if ends[index] >= end or index == len(run) - 1:
            break
        piece_start = ends[index]
        index += 1
    if not preformatted and text.isspace():
        return Token((" ", key_parts[0][1]), tuple(parts), False)
    return Token(tuple(key_parts), tuple(parts), text[0].isalnum() or text[0] == "_")


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
    return len(_WORD_TOKEN.findall(text))


def collapse_space(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip the ends."""
    return _SPACE.sub(" ", text).strip()
