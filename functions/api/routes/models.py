"""The API's request bodies, as pydantic models: the resolver validates each body against its
model (400 naming the field and the reason) and the OpenAPI document describes them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ID_NUMBER = r"^(\d{12}|\d{9})$"


class Strict(BaseModel):
    """A body with unknown fields refused (a typo is an error, not silently ignored; nor is
    who acts said in the body: it is the authenticated officer)."""

    model_config = ConfigDict(extra="forbid")


class MissingItem(Strict):
    name: str = Field(
        min_length=1, description="The missing or invalid paper, as the notice names it"
    )
    reason: str | None = Field(None, description="Why (default: 'Thiếu <name>')")
    id: str | None = Field(None, description="The procedure's component id, when it is one")


class DecisionBody(Strict):
    status: Literal["received", "supplement_requested"] = Field(
        description="Accept the dossier, or request a supplement"
    )
    missing: list[MissingItem] = Field(
        default_factory=list,
        description="With supplement_requested: every missing or invalid item with its reason",
    )
    note: str | None = Field(
        None, description="A note for the audit trail; required for a further supplement request"
    )


class PageLabel(Strict):
    file: str = Field(min_length=1, description="The file's name in the dossier")
    index: int = Field(ge=1, description="The page's number in the file (from 1)")
    doc_type: str = Field(min_length=1, description="The document type the page is (catalog id)")


class ClassificationBody(Strict):
    pages: list[PageLabel] = Field(
        min_length=1, description="Pages whose paper type the officer corrects"
    )


class SupplementRequestBody(Strict):
    missing: list[MissingItem] = Field(
        min_length=1, description="The items to request, as the officer confirmed or edited them"
    )
    note: str | None = Field(
        None, description="A note for the audit trail; required for a further supplement request"
    )


class CounterSupplementBody(Strict):
    complete: bool = Field(description="Does the supplement complete the dossier?")
    note: str = Field(min_length=1, description="What was handed in at the counter")
    missing: list[MissingItem] | None = Field(
        None, description="When not complete: what is still missing (default: as requested)"
    )


class EmptyBody(Strict):
    pass


class ReprocessBody(Strict):
    note: str | None = Field(
        default=None, max_length=500, description="Why it is started again (for the audit trail)"
    )


class WithdrawalBody(Strict):
    reason: str = Field(min_length=1, description="Why the applicant withdraws the dossier")


class ApologyBody(Strict):
    reason: str = Field(min_length=1, description="The reason for the delay")
    new_due_at: str = Field(
        description="The new appointment, ISO 8601 date-time with a time-zone offset",
        examples=["2026-03-20T17:00:00+07:00"],
    )


class ApplicantSearchBody(Strict):
    id_number: str = Field(
        pattern=ID_NUMBER, description="The applicant's ID number (12 or 9 digits)"
    )


class DossierSearchBody(Strict):
    text: str = Field(
        min_length=1,
        max_length=200,
        description="An ID number, a dossier id or code, or (part of) the applicant's name",
    )
    agency: str | None = Field(None, description="Only this handling agency's (code)")
