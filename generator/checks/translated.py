"""The `translation-behind` rule: a pull request that changes a controlling policy's text and not
its translations leaves readers of those translations behind; say so before it is merged."""

from __future__ import annotations

from collections.abc import Iterator

from .base import CheckContext, Finding


def check_translation_behind(context: CheckContext) -> Iterator[Finding]:
    changed = {document.path for document, before in context.changed_documents() if before is not None}
    translations: dict[str, list[str]] = {}
    for path, document in context.head.documents.items():
        if document.translation is not None and document.translation[0] in context.head.documents:
            translations.setdefault(document.translation[0], []).append(path)
    for path in sorted(changed):
        for translation in sorted(translations.get(path, [])):
            if translation in changed:
                continue
            yield Finding(translation, 1,
                          f"{path} changes its text but this translation does not: once merged it is behind "
                          "and its pages say so; update it in this pull request, or later with "
                          "`translation_of:` naming the version it matches")
