"""Development-only code around the hoso core: never shipped in the Lambda layer or the OCR image.

* :mod:`hoso_dev.samples`: synthetic, labelled sample dossiers (the demo set, the ``own``
  evaluation corpus, a month of records for the quality report);
* :mod:`hoso_dev.evaluation`: the understanding evaluation harness (``hoso eval``,
  ``make eval``);
* :mod:`hoso_dev.report`: the CSV and HTML quality report (``hoso report``).

Production code (``hoso``, ``hoso_aws``, ``functions/``) never imports this package.
"""
