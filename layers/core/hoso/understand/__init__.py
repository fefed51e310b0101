"""Dossier understanding: classify pages, split papers, read fields, check against the procedure.

Public API::

    from hoso.understand import assess, Assessment
    a = assess(procedure, pages, catalog=catalog, manifest=manifest, today=date)
    a.status  # "received" | "supplement_requested" | "needs_review"
    a.to_dict()
"""

from hoso.understand.assess import Assessment, ComponentResult, PaperResult, assess
from hoso.understand.classify import Classifier, PageClass, Paper

__all__ = [
    "Assessment",
    "Classifier",
    "ComponentResult",
    "PageClass",
    "Paper",
    "PaperResult",
    "assess",
]
