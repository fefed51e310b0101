"""hoso's application services: one module per use case, each a set of functions over a
:class:`Services` context (ports, catalog, clock, settings).

- :mod:`.intake`         an upload registers a part or starts a dossier
- :mod:`.ocr_stage`      every page read, one artefact per page (fan-out for large dossiers)
- :mod:`.understanding`  pages classified, fields checked, completeness judged
- :mod:`.decision`       the final record, its dossier code, due date and notice
- :mod:`.officer`        officers' actions after intake
- :mod:`.review`         officers' corrections: page labels, a supplement at the counter
- :mod:`.housekeeping`   failures, dead letters, stale uploads, overdue dossiers
- :mod:`.handoff`        the reading job sent after the write that starts a run, and again
- :mod:`.restart`        a stalled dossier started again once; a failed one by an operator
- :mod:`.relay`          the outbox: audit entries' events to the bus
- :mod:`.messaging`      officers and applicants told of events (words: :mod:`.message_texts`)
- :mod:`.queries`        what officers, agencies and reports ask
- :mod:`.pages`          a dossier's pages for the console: text, unsure words, pictures
- :mod:`.keys`           every bucket key, in one place
"""

from hoso.services.context import Services, Settings
from hoso.services.writes import BadRequest, InvalidAction, NotFound

__all__ = ["BadRequest", "InvalidAction", "NotFound", "Services", "Settings"]
