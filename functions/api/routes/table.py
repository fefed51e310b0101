"""Every router of the API, in the order app.py includes them (``common.gate`` last: the
request as every route sees it, for the sign-in middleware)."""

from . import actions, applicants, common, console, dossiers, pages, reference, reports

ROUTERS = (
    dossiers.router,
    actions.router,
    applicants.router,
    reports.router,
    console.router,
    reference.router,
    pages.router,
    common.gate,
)
