"""A dossier's pages for the officers' console: one page at a time, its text with the words to
check marked and short-lived links to its picture and thumbnail."""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from hoso.services import pages
from hoso_aws import bootstrap

from .dossiers import DossierId
from .lookup import dossier_for

router = APIGatewayRouter()


@router.get(
    "/dossiers/<dossier_id>/pages/<n>",
    summary="One of a dossier's pages",
    description=(
        "The n-th page of the record's `pages` (1-based): what the record says of it (file, "
        "index, document type, component, method, confidence, rotation, error), its size in "
        "the reading's units, its `text` and `lines` of words `{text, conf, low}` (`low`: an "
        f"OCR'd word read with a confidence under {pages.LOW_WORD_CONFIDENCE:g} of 100, to "
        "check; text-layer words never are), `low_words`, and presigned links (15 minutes) "
        f"`image` (at most {pages.IMAGE_SIDE} px on the long side) and `thumbnail` "
        f"({pages.THUMBNAIL_SIDE} px): JPEG, turned upright, drawn on the first view. Without a "
        "stored reading the text is empty; without the uploaded file the links are null; "
        "`note` says why."
    ),
    tags=["dossiers"],
)
def get_page(
    dossier_id: DossierId,
    n: Annotated[int, Path(description="The page's number in the record's pages, from 1")],
) -> dict[str, Any]:
    found = dossier_for(router, dossier_id)
    return pages.page_view(bootstrap.services(), found, n)
