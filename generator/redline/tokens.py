"""Split the inline content of one block into word, space and punctuation tokens.

A token keeps the inline elements around each of its characters (its *pieces*), so a word that spans
``foo<em>bar</em>`` stays one token and a diff can never cut through it. A token's ``key`` is what the
diff compares: its text (whitespace collapsed outside ``<pre>``) and its inline formatting, with ``id``
attributes ignored, so a changed link target is a change but re-wrapped text is not.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Hashable, Sequence

import budoux

from .htmltree import MARKUP, VOID_TAGS, Attrs, Node, parse_attrs

Frame = tuple[str, Attrs]
Context = tuple[Frame, ...]

# Hyphens, apostrophes and dots between letters/digits keep "third-party", "don't", "l'utilisateur",
# "1.5" whole; a German compound has no space, so it is one word as it is.
_WORD = r"\w+(?:[-.,'\u2019/@:]\w+)*"
_TOKEN = re.compile(rf"{_WORD}|\s+|[^\w\s]")
_WORD_TOKEN = re.compile(_WORD)
_SPACE = re.compile(r"\s+")
# Scripts written without spaces between words: kana, CJK ideographs (with the iteration and
# prolonged-sound marks), Hangul is spaced and stays out. A run of them is cut into phrases.
_CJK_CHARS = "\u3005\u3006\u3031-\u3035\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+|[^{_CJK_CHARS}]+")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")


@functools.cache
def _parsers() -> tuple[budoux.Parser, budoux.Parser]:
    return budoux.load_default_japanese_parser(), budoux.load_default_simplified_chinese_parser()


@functools.lru_cache(maxsize=65536)
def segment_phrases(run: str) -> tuple[str, ...]:
    """Cut text written without spaces into phrases (BudouX: Google's small segmenter for Japanese
    and Chinese, the one browsers' line breaking uses), so a redline marks the changed phrase, not
    the whole sentence. The phrases join back into the run exactly."""
    japanese, chinese = _parsers()
    parser = japanese if _KANA.search(run) else chinese
    phrases = tuple(p for p in parser.parse(run) if p)
    return phrases if "".join(phrases) == run else (run,)


def _split_cjk(token: str) -> list[str]:
    """A word token that holds CJK text -> its Latin parts and CJK phrases, in order."""
    parts: list[str] = []
    for part in _CJK_RUN.findall(token):
        parts.extend(segment_phrases(part) if _CJK.match(part) else (part,))
    return parts


def find_tokens(text: str, pattern: re.Pattern[str] = _TOKEN) -> list[str]:
    """`pattern.findall`, with runs of CJK text cut into phrases."""
    found = pattern.findall(text)
    if not _CJK.search(text):
        return found
    result: list[str] = []
    for token in found:
        result.extend(_split_cjk(token) if _CJK.search(token) else (token,))
    return result


# Plain tuples, not NamedTuples: tokenizing creates two per word and is the engine's hot loop.
Piece = tuple[str, Context]
"""(text, context): a stretch of text (empty for a void element such as ``<br>``) in its elements."""
Token = tuple[Hashable, tuple[Piece, ...], bool]
"""(key, pieces, is_word): one word, run of whitespace, punctuation mark or void element."""


def collect_pieces(children: Sequence[Node | str], context: Context = ()) -> list[Piece]:
    """Flatten inline content into pieces of text, each with the inline elements around it."""
    pieces: list[Piece] = []
    for child in children:
        if isinstance(child, str):
            if child:
                pieces.append((child, context))
        elif child.tag in VOID_TAGS:
            pieces.append(("", (*context, (child.tag, child.attrs))))
        else:
            pieces.extend(collect_pieces(child.children, (*context, (child.tag, child.attrs))))
    return pieces


def scan_pieces(raw: str) -> list[Piece]:
    """Flatten raw inline HTML into pieces directly, without building a tree (faster)."""
    pieces: list[Piece] = []
    stack: list[Frame] = []
    context: Context = ()
    for match in MARKUP.finditer(raw):
        text = match.group("text")
        if text is not None:
            pieces.append((html.unescape(text) if "&" in text else text, context))
            continue
        tag = match.group("start")
        if tag is not None:
            attrs = match.group("attrs")
            frame = (tag.lower(), parse_attrs(attrs) if attrs else ())
            if frame[0] in VOID_TAGS or match.group("selfclose"):
                pieces.append(("", (*context, frame)))
            else:
                stack.append(frame)
                context = tuple(stack)
            continue
        tag = match.group("end")
        if tag is not None:
            names = [name for name, _ in stack]
            if tag.lower() in names:
                del stack[len(names) - 1 - names[::-1].index(tag.lower()) :]
                context = tuple(stack)
    return pieces


def tokenize(content: Sequence[Node | str] | str, preformatted: bool = False) -> tuple[Token, ...]:
    """Tokenize inline content (nodes or raw HTML); outside ``<pre>`` edge whitespace is dropped."""
    tokens: list[Token] = []
    run: list[Piece] = []
    pieces = scan_pieces(content) if isinstance(content, str) else collect_pieces(content)
    for piece in pieces:
        if piece[0]:
            run.append(piece)
            continue
        tokens.extend(split_run(run, preformatted))
        run = []
        tokens.append((("", key_context(piece[1])), (piece,), False))
    tokens.extend(split_run(run, preformatted))
    if not preformatted:
        while tokens and is_space(tokens[0]):
            tokens.pop(0)
        while tokens and is_space(tokens[-1]):
            tokens.pop()
    return tuple(tokens)


def split_run(run: list[Piece], preformatted: bool) -> list[Token]:
    """Return the tokens of consecutive text pieces; a word running across pieces stays one token."""
    tokens: list[Token] = []
    for source, context in run:
        texts = find_tokens(source)
        if tokens and texts and joins(tokens[-1], texts[0]):
            tokens[-1] = extend_token(tokens[-1], (texts[0], context), preformatted)
            texts = texts[1:]
        key = key_context(context)
        # The hot loop of the engine: one comprehension, plain tuples, string keys for plain text.
        if key or preformatted:
            tokens.extend(
                (
                    text_key(text if preformatted or not text[0].isspace() else " ", key),
                    ((text, context),),
                    text[0].isalnum() or text[0] == "_",
                )
                for text in texts
            )
        else:
            tokens += [
                (" ", ((text, context),), False)
                if text[0].isspace()
                else (text, ((text, context),), text[0].isalnum() or text[0] == "_")
                for text in texts
            ]
    return tokens


def text_key(text: str, context_key: Hashable) -> Hashable:
    """A token key: the bare string for unformatted text (hash cached), else (text, formatting)."""
    return (text, context_key) if context_key else text


def joins(token: Token, text: str) -> bool:
    """Tell whether ``text`` continues ``token`` across an element boundary (word or whitespace)."""
    last = token[1][-1][0]
    if not last or not text:
        return False
    if last[-1].isspace():
        return text[0].isspace()
    # CJK text has no spaces: an element boundary inside it is as good a cut as any.
    return is_word_char(last[-1]) and is_word_char(text[0]) and not (_CJK.match(last[-1]) or _CJK.match(text[0]))


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def extend_token(token: Token, piece: Piece, preformatted: bool) -> Token:
    """Append a piece to a token and rebuild its key."""
    pieces = (*token[1], piece)
    text = "".join(part for part, _ in pieces)
    if not preformatted and text.isspace():
        return (text_key(" ", key_context(pieces[0][1])), pieces, False)
    return (tuple((part, key_context(context)) for part, context in pieces), pieces, token[2])


def key_context(context: Context) -> Hashable:
    """Return the comparable form of an inline context: tags and attributes other than ``id``."""
    if not context:
        return ""
    return tuple((tag, tuple(a for a in attrs if a[0] != "id")) for tag, attrs in context)


def is_space(token: Token) -> bool:
    """Tell whether a token is whitespace only."""
    _, pieces, is_word = token
    return not is_word and all(text.isspace() for text, _ in pieces)


def split_words(text: str) -> list[str]:
    """Split whitespace-collapsed plain text into token strings."""
    return find_tokens(text)


def find_words(text: str) -> list[str]:
    """Return the word tokens of plain text."""
    return find_tokens(text, _WORD_TOKEN)


def collapse_space(text: str) -> str:
    """Collapse runs of whitespace to single spaces and strip the ends."""
    return _SPACE.sub(" ", text).strip()
