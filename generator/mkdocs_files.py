"""MkDocs' file list as the core reads it: the one translation the plugin's build and `policy export` share."""

from __future__ import annotations

from mkdocs.structure.files import Files

from .sitefiles import DocFile


def doc_files(files: Files) -> list[DocFile]:
    """Every file MkDocs found (or a plugin added), with the facts the files plan decides from."""
    return [DocFile(f.src_uri, f.abs_src_path, generated=bool(f.generated_by),
                    page=f.is_documentation_page() and f.inclusion.is_included(), in_nav=f.inclusion.is_in_nav(),
                    read=lambda f=f: f.content_string) for f in files]
