"""Counter nodes (máy trạm một cửa): intake through an outage, every dossier at the province exactly once.

Issue 8. The same codebase runs in two roles (``MOTCUA_ROLE``):

- **counter-node** — a PC at a commune centre with its own SQLite database. It always receives
  locally through the normal dossier services (codes from its own range, appointments from its
  cached calendar and catalogue), and every committed change is written, in the same transaction,
  to a local **journal** (:class:`~.models.JournalEntry`). A sync worker pushes the journal in
  order to the province, pulls reference data (staff, centres, calendar, catalogue) and the
  province's state of the centre's dossiers.
- **server** — the provincial system. It stores each received entry once (its id is unique),
  applies it in one transaction with the entry's own row (the durable acknowledgement), holds
  entries whose predecessor has not arrived, and keeps every entry it may not apply as a flagged
  :class:`~.models.ConflictRecord` for a supervisor.

Module map: ``journal`` (node: the journal and scans), ``node`` (node: sync cycle, status),
``client`` (HTTP to the province), ``central`` (server: entries, conflicts, dossier feed),
``reference`` (the reference bundle, both sides), ``api`` (the server's endpoints), ``faults``
(crash points for the fault tests). The dossier side of import and replay is
``motcua.dossiers.replication``. Operators: docs/operations.md.
"""
