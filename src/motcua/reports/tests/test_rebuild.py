"""Rebuild = incremental: replaying the stored histories gives exactly the rows the services wrote."""

from __future__ import annotations

from django.core.management import call_command

from motcua.reports.aggregates import rebuild
from motcua.reports.models import DailyFigure, DossierStat, MonthlyFigure, PendingFigure, StockTotal

from .story import fortnight


def rows():
    """Every aggregate row, without surrogate ids, in a comparable order."""
    return {
        model.__name__: sorted(
            tuple(sorted((k, v) for k, v in row.items() if k != "id"))
            for row in model.objects.values()
        )
        for model in (DailyFigure, MonthlyFigure, PendingFigure, StockTotal, DossierStat)
    }


def test_rebuild_gives_the_rows_the_incremental_path_wrote(world):
    fortnight(world).run()
    incremental = rows()
    assert incremental["DossierStat"] and incremental["DailyFigure"] and incremental["PendingFigure"]
    summary = rebuild()
    assert summary["dossiers"] == 15
    assert rows() == incremental


def test_rebuild_command_reports_what_it_did(world, capsys):
    fortnight(world).run()
    before = rows()
    DailyFigure.objects.all().delete()  # damage: the command puts everything back
    call_command("reports_rebuild")
    assert rows() == before
    assert "15" in capsys.readouterr().out
