"""Independent evaluation corpus for hoso: scanned Vietnamese dossiers with ground truth.

It shares nothing with hoso's understanding code: the papers' wording comes from the official
forms, the only inputs read from the project are ``schemas/procedures/*.json`` (component and
one_of group ids for the truth) and the station manifest contract. Nothing here imports
``hoso`` (checked by ``tests/unit/test_corpus.py``).

Usage::

    python -m tests.corpus.fonts                     # once: fonts (make corpus-fonts)
    python -m tests.corpus --split dev --n 240 --out .hoso/indep-dev --jobs 2

Dossier ``i`` of ``dev`` uses seed 10000+i (``holdout``: 90000+i) and nothing else: procedure
``PROCEDURES[i % 6]``, tier ``TIERS[(i // 6) % 3]``; the scenario, people, papers, layouts,
fonts, degradations and file names are drawn from the seed. Output per dossier::

    DIR/ind-<split>-<seed>/        uploadable files + manifest.json (station contract)
    DIR/ind-<split>-<seed>.truth.json

Truth fields: dossier_id, procedure_code, split, seed, tier (ordinary | harder | handwritten),
scenario (complete | alternative | missing | identity | expired), received_on,
expected_status (received | supplement_requested), missing_components (component ids; the
one_of group id when no member is present), invalid_components, invalid_reasons,
present_components (component ids and one_of group ids present), has_unknown_paper,
applicant (full_name, id_number, date_of_birth of the requester named on the form),
description, pages (one per page of every file, in order: file, index, doc_type or null,
scanned, mode, defect_level 0-3, layout, font, handwritten, rotation, papers_on_page,
blank_back). ``rotation`` is the clockwise angle by which the page content appears turned in
the stored image (turn it back counter-clockwise to read it).

Modules: people (names, IDs, addresses), vn (Vietnamese numbers and dates), papers (the forms'
texts and layouts), cards (ID cards and passports), render (layout engine, pixel and PDF
canvases, handwriting, seals, signatures), imaging (scans, photocopies, phone photos),
dossier (scenario and truth), output (rendering modes, files, manifest, truth), fonts.
"""
