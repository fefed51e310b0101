"""Identity across papers: every person named on any paper checked against the same person
elsewhere in the dossier.

A *mention* is what one paper says about one person (the card's holder, the form's requester,
the birth certificate's mother, the marriage form's partner...): the fields its document type
tags with ``person`` / ``attr``. Mentions are joined into persons by

* the procedure's declared links (``consistency``: the ID card shown belongs to the requester,
  or to the partner on a marriage form; the birth certificate's mother is the form's mother),
* the same 12-digit ID number, or the same full name, on two papers.

Within a person every pair of mentions must agree on ID number, date of birth (or birth year)
and sex, and every 12-digit ID number must fit the person's birth year and sex, whichever paper
gives them. A disagreement that a misreading could explain (a scan, one or two characters
apart, digits read with low confidence) is a doubt for an officer; a clear one makes the
component invalid, with its reason, in the one supplement request. The component to correct is
the one holding the paper the applicant filled in (an authority's paper — card, certificate —
is taken as right), or the one the declared link names.

Modules: ``_mentions`` (mentions and findings), ``_compare`` (two values: one person's or
two people's, misread or not), ``_people`` (mentions joined into persons; ``_thin``: the
declared checks a scan let compare too little), ``_settle`` (unsure readings settled by
surer papers), ``_check`` (the cross-checks).
"""

from hoso.understand.identity._check import cross_check
from hoso.understand.identity._compare import UNSURE_NAME_CONFIDENCE, mentions_differ
from hoso.understand.identity._mentions import (
    ATTR_LABELS,
    CLEAR_READING,
    LOW_VALUE_CONFIDENCE,
    Finding,
    Mention,
    PaperLike,
    mentions_of,
    role_label,
)
from hoso.understand.identity._names import no_word_shared, slipped_in_part
from hoso.understand.identity._people import People, link
from hoso.understand.identity._settle import reconcile, settle_impossible, unchecked_birth_day
from hoso.understand.identity._settle_one import (
    settle_by_other_readings,
    settle_contradicted_birth,
    settle_unread_number,
)

__all__ = [
    "ATTR_LABELS",
    "CLEAR_READING",
    "LOW_VALUE_CONFIDENCE",
    "UNSURE_NAME_CONFIDENCE",
    "Finding",
    "Mention",
    "PaperLike",
    "People",
    "cross_check",
    "link",
    "mentions_differ",
    "mentions_of",
    "no_word_shared",
    "reconcile",
    "role_label",
    "settle_by_other_readings",
    "settle_contradicted_birth",
    "settle_impossible",
    "settle_unread_number",
    "slipped_in_part",
    "unchecked_birth_day",
]
