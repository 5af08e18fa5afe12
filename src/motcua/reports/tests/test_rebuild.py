"""Rebuild = incremental: replaying the stored histories gives exactly the rows the services wrote."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models import Sum

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


def test_rebuild_check_says_identical_and_changes_nothing(world, capsys):
    fortnight(world).run()
    before = rows()
    call_command("reports_rebuild", "--check", "--no-progress")
    call_command("reports_rebuild", "--check", "--no-progress")  # twice: the copies it compares with are gone
    assert "khớp" in capsys.readouterr().out
    assert rows() == before


def test_rebuild_check_names_the_tables_that_differ_and_repairs_nothing(world):
    import pytest
    from django.core.management.base import CommandError
    from django.db.models import F

    fortnight(world).run()
    wrong = DailyFigure.objects.filter(received__gt=0).first()
    DailyFigure.objects.filter(pk=wrong.pk).update(received=F("received") + 1)  # one row off
    DossierStat.objects.filter(pk=DossierStat.objects.order_by("pk").first().pk).delete()  # one row missing
    damaged = rows()
    with pytest.raises(CommandError) as raised:
        call_command("reports_rebuild", "--check", "--no-progress")
    message = str(raised.value)
    # the stored row and the rebuilt one are each in one table only: 2 rows for the changed counter
    assert "DailyFigure (2 dòng)" in message and "DossierStat (1 dòng)" in message
    assert "MonthlyFigure" not in message and "PendingFigure" not in message
    assert rows() == damaged  # a check repairs nothing: the run without --check does


# --- with complaints and ratings (the 766 satisfaction's "disliked") ------------------------------------


def test_rebuild_with_complaints_and_ratings_gives_the_incremental_rows(world):
    """The citizens use the portal's pages (the complaint form with the dossier's code and lookup secret,
    the receipt's rating form); quan, the administrator, rejects one complaint in the admin. Flags come
    before, while and after each dossier is resolved; the rebuild must find exactly what the portal's
    refreshes wrote. (Through HTTP and the app registry: the reports never import the portal.)"""
    from django.apps import apps
    from django.test import Client

    from motcua.reports import periods, queries
    from motcua.reports.naive import naive_figures

    from .conftest import at

    feedback_model = apps.get_model("feedback", "Feedback")
    st = fortnight(world)
    citizen, admin = Client(), Client()

    def complain(name, moment):
        def act():
            d = st.d[name]
            response = citizen.post("/phan-anh-kien-nghi/gui/", {
                "kind": "complaint", "subject": f"Phản ánh về hồ sơ {d.code}", "content": "Hẹn nhiều lần.",
                "name": "Nguyễn Thị Mai", "phone": "0912345678",
                "dossier_code": d.code, "dossier_secret": d.lookup_secret,
            })
            assert response.status_code == 302, name
        st.on(moment, act)

    def dislike(name, moment):
        def act():
            d = st.d[name]
            response = citizen.post(f"/tra-cuu/{d.code}/danh-gia/", {"s": d.lookup_secret, "score": 1})
            assert response.status_code == 302, name
        st.on(moment, act)

    def reject(name, moment):
        def act():
            feedback = feedback_model.objects.get(dossier=st.d[name])
            admin.force_login(world.p.quan)
            response = admin.post(f"/admin/feedback/feedback/{feedback.pk}/change/",
                                  {"handling": "reject", "text": "Trùng với phản ánh đã trả lời."})
            assert response.status_code == 302
        st.on(moment, act)

    dislike("d1", at(5, 10))  # returned Wed 4 (ended Tue 3): a dislike after the result …
    complain("d1", at(6, 10))  # … and a complaint: once, on Tue 3
    complain("d3", at(4, 10))  # waiting for its supplement (rule 5): counts when it ends, Fri 13
    complain("d2", at(6, 11))  # done Thu 5 …
    reject("d2", at(9, 9))  # … the complaint rejected at intake: no longer counts
    complain("d6", at(5, 10))  # withdrawn Wed 4 (resolved, early): counts on Wed 4
    complain("d7", at(10, 10))  # before the agency's refusal on Wed 11: counts then
    complain("d11", at(6, 10))  # cancelled: never
    complain("d13", at(17, 10))  # still in progress at the end: not yet
    complain("d14", at(18, 10))  # waiting for its supplement at the end: not yet
    st.run()

    incremental = rows()
    flagged = {st.d[n].pk for n in ("d1", "d3", "d6", "d7", "d11", "d13", "d14")}
    assert set(DossierStat.objects.filter(disliked=True).values_list("pk", flat=True)) == flagged
    march = periods.month(2026, 3)
    total = queries.total(march)
    assert total.disliked == 4  # d1, d3, d6, d7
    days = DailyFigure.objects.filter(disliked__gt=0).values("day").annotate(n=Sum("disliked")).order_by()
    assert {row["day"].day: row["n"] for row in days} == {3: 1, 4: 1, 11: 1, 13: 1}
    assert total == naive_figures(march)  # the scan of the dossiers, as they stand now, agrees

    assert rebuild()["dossiers"] == 15
    assert rows() == incremental
