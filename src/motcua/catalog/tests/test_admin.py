"""The Vietnamese admin of the catalogue: search without diacritics, versions view-only once published."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.catalog.models import Procedure, ProcedureVersion, VersionStatus
from motcua.catalog.services import apply_unit_hints, create_draft_version
from motcua.lib import clock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "query", "expected", "absent"),
    [
        # the sector is searchable too: "ho tich" → procedures of "Hộ tịch"
        ("/admin/catalog/procedure/", "ho tich khai sinh", "Thủ tục đăng ký khai sinh", "Đăng ký tạm trú"),
        ("/admin/catalog/procedure/", "Hộ tịch khai sinh", "Thủ tục đăng ký khai sinh", "Đăng ký tạm trú"),
        ("/admin/catalog/procedure/", "GIAY PHEP LAI XE", "Cấp lại giấy phép lái xe", "Đăng ký tạm trú"),
        ("/admin/catalog/procedure/", "dang ky tam tru", "Đăng ký tạm trú", "Thủ tục đăng ký khai sinh"),
        ("/admin/catalog/procedure/", "1.001193", "Thủ tục đăng ký khai sinh", "Đăng ký tạm trú"),
        ("/admin/catalog/sector/", "ho tich", "Hộ tịch", "Đất đai"),
        ("/admin/catalog/sector/", "dat dai", "Đất đai", "Hộ tịch"),
        ("/admin/catalog/procedureversion/", "cap doi the can cuoc", "1.014063", "1.001193"),
    ],
)
def test_search_ignores_diacritics(superuser_client, catalog, url, query, expected, absent):
    response = superuser_client.get(url, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert absent not in body


def test_ho_tich_finds_every_procedure_of_the_sector(superuser_client, catalog):
    in_sector = Procedure.objects.filter(sector__name="Hộ tịch").count()
    assert in_sector == 41
    response = superuser_client.get("/admin/catalog/procedure/", {"q": "ho tich"})
    shown = response.context["cl"].result_count
    assert shown >= in_sector
    assert set(response.context["cl"].queryset.values_list("sector__name", flat=True)) >= {"Hộ tịch"}


def test_filters_show_the_demo_subset_and_the_lost_units(superuser_client, catalog):
    response = superuser_client.get("/admin/catalog/procedure/", {"in_demo_subset__exact": "1"})
    assert response.context["cl"].result_count == 66
    response = superuser_client.get(
        "/admin/catalog/procedure/", {"in_demo_subset__exact": "1", "time_unit_missing__exact": "1"}
    )
    assert response.context["cl"].result_count == 15


def test_the_admin_speaks_vietnamese(superuser_client, catalog):
    body = superuser_client.get("/admin/catalog/procedure/").content.decode()
    assert "thủ tục hành chính" in body.lower()
    assert "Danh mục thủ tục hành chính" in superuser_client.get("/admin/").content.decode()


def test_a_published_version_is_view_only(superuser_client, catalog):
    version = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    url = f"/admin/catalog/procedureversion/{version.pk}/change/"
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert "Công bố</a>" not in page.content.decode()
    response = superuser_client.post(url, {"publishing_decision": "999/QĐ-BTP"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.publishing_decision == "163/QĐ-BTP"


def test_procedure_page_lists_its_versions_and_guidance(superuser_client, catalog):
    procedure = Procedure.objects.get(code="1.001193")
    body = superuser_client.get(f"/admin/catalog/procedure/{procedure.pk}/change/").content.decode()
    assert "Đã công bố" in body
    assert "ghi chú hướng dẫn" in body.lower() and "bộ hồ sơ mẫu" in body.lower()


def test_an_officer_drafts_and_publishes_through_the_admin(superuser_client, catalog):
    procedure = Procedure.objects.get(code="1.001193")
    response = superuser_client.post(
        "/admin/catalog/procedure/", {"action": "create_draft", "_selected_action": [procedure.pk]}, follow=True
    )
    assert "Đã tạo 1 bản nháp" in response.content.decode()
    draft = procedure.versions.get(status=VersionStatus.DRAFT)
    change_page = superuser_client.get(f"/admin/catalog/procedureversion/{draft.pk}/change/").content.decode()
    assert f"/admin/catalog/procedureversion/{draft.pk}/publish/" in change_page

    publish_url = f"/admin/catalog/procedureversion/{draft.pk}/publish/"
    with clock.frozen(dt.datetime(2026, 3, 2, 9, 0, tzinfo=clock.BUSINESS_TZ)):
        form = {"valid_from_0": "2026-03-16", "valid_from_1": "00:00:00"}
        refused = superuser_client.post(publish_url, form)
        assert refused.status_code == 200
        assert "Chưa xác định được thời hạn của kênh" in refused.content.decode()

        apply_unit_hints(draft)
        done = superuser_client.post(publish_url, form)
        assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.valid_from == dt.datetime(2026, 3, 16, tzinfo=clock.BUSINESS_TZ)


def test_a_draft_cannot_be_opened_twice_from_the_admin(superuser_client, catalog):
    procedure = Procedure.objects.get(code="1.004194")
    create_draft_version(procedure)
    response = superuser_client.post(
        "/admin/catalog/procedure/", {"action": "create_draft", "_selected_action": [procedure.pk]}, follow=True
    )
    assert "đã có bản nháp" in response.content.decode()


def _form_data(response) -> dict:
    """The POST data the change page would send unchanged (main form + every inline formset)."""

    def fields(form):
        out = {}
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):  # split widgets (date + time)
                for i, part in enumerate(value):
                    out[f"{bound.html_name}_{i}"] = part
            elif isinstance(value, dt.time):
                out[bound.html_name] = value.strftime("%H:%M:%S")
            else:
                out[bound.html_name] = value
        return out

    data = fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(fields(formset.management_form))
        for form in formset.forms:
            data.update(fields(form))
    return data


def test_a_draft_is_corrected_in_the_admin_and_the_missing_unit_flag_clears(superuser_client, catalog):
    draft = create_draft_version(Procedure.objects.get(code="1.001193"))
    url = f"/admin/catalog/procedureversion/{draft.pk}/change/"
    data = _form_data(superuser_client.get(url))
    direct = draft.channel_options.get(channel="direct")
    prefix = next(k.removesuffix("-id") for k, v in data.items() if k.endswith("-id") and str(v) == str(direct.pk))
    data[f"{prefix}-time_unit"] = "working_days"
    data["_save"] = "Lưu"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    direct.refresh_from_db()
    assert (direct.time_unit, direct.unit_missing) == ("working_days", False)
    assert draft.duration_for_channel("direct") == "1d"
