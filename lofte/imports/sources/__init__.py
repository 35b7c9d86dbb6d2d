"""Pure parsers and network clients for the official sources (no Django; see docs/sources.md).

Entry points (each parser takes bytes/text and a ``source_name`` and returns frozen
dataclasses carrying ``source_name`` and ``row_number``; each raises
:class:`~lofte.imports.sources.common.SourceFormatError` with a Swedish message naming file,
row and field):

- Polisen events: :func:`lofte.imports.sources.polisen.parse_events`,
  :func:`~lofte.imports.sources.polisen.latest_by_id`, client
  :class:`lofte.imports.sources.polisen_client.PolisenClient`.
- Kolada v3: :func:`lofte.imports.sources.kolada.parse_kolada_values`, client
  :class:`~lofte.imports.sources.kolada.KoladaClient`, allow-list
  :data:`lofte.imports.sources.config.KOLADA_KPI_ALLOW_LIST`.
- Brå: :func:`lofte.imports.sources.bra.parse_sol_dbfil` (SOL export),
  :func:`lofte.imports.sources.bra_indicators.parse_bra_indicator_workbook` (xlsx).
- Templates: :func:`lofte.imports.sources.surveys.parse_survey_results`,
  :func:`lofte.imports.sources.dialogues.parse_dialogue_results` (needs ``mask=``).
- Shared: :mod:`~lofte.imports.sources.common` (errors, gzip, and the CSV-or-XLSX table
  reader), :mod:`~lofte.imports.sources.spreadsheets` (xlsx worksheets); both read through the
  shared pure upload reader :mod:`lofte.tabular` (format by content, zip-bomb checks, limits),
  :mod:`~lofte.imports.sources.geography` (kommun/län names ↔ SCB codes),
  :mod:`~lofte.imports.sources.categories` (platform categories, Polisen type mapping),
  :mod:`~lofte.imports.sources.net` (rate limiter, retries, fetch errors).
"""
