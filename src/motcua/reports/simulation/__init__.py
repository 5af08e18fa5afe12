"""Province simulation (issue 7 §5): a deterministic, seeded workload for Vĩnh Long.

- :mod:`.profile` — the calibration profile(s): target figures with their sources, and the shape of
  the workload (procedure mix, channels, arrival patterns, outcomes) — framework-free;
- :mod:`.planner` — turns a profile and a seed into one plan per dossier (its events, to the
  minute) and calibrates the outcomes to the targets — framework-free;
- :mod:`.setup` — what the plans need in the database: countable time limits for the demo
  procedures (an officer's confirmation, recorded as new published versions), simulated staff and
  their postings, Saturday sessions, simulated staffing figures;
- :mod:`.driver` — plays the plans through the real dossier services (the reference path);
- :mod:`.bulk` — writes exactly the rows the services would write, in bulk (the fast path used by
  ``motcua simulate`` and ``make demo``); ``tests/test_simulation_bulk.py`` proves both equal.
"""
