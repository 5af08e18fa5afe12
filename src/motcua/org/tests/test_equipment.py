"""The equipment register tells the province what each centre is missing (planning purchases)."""

import pytest
from django.core.exceptions import ValidationError

from motcua.org.models import EquipmentItem, ServiceCentre

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("required", "available", "working", "missing"),
    [
        (3, 3, 3, 0),  # enough
        (3, 1, 1, 2),  # two to buy
        (2, 2, 1, 1),  # a broken scanner counts as missing
        (0, 1, 1, 0),  # a spare is not negative demand
    ],
)
def test_missing_counts_what_is_needed_but_not_working(required, available, working, missing):
    item = EquipmentItem(centre=ServiceCentre(code="x"), kind="scanner", required=required,
                         available=available, working=working)
    assert item.missing == missing


def test_more_working_than_available_is_refused():
    centre = ServiceCentre.objects.get(code="29410")
    with pytest.raises(ValidationError, match="không thể lớn hơn số hiện có"):
        EquipmentItem(centre=centre, kind="pc", required=5, available=2, working=3).full_clean()


def test_admin_filters_centres_with_missing_equipment(client, personas):
    hoa_minh = ServiceCentre.objects.get(code="29410")
    phu_khuong = ServiceCentre.objects.get(code="28756")
    EquipmentItem.objects.create(centre=hoa_minh, kind="certificate_printer", required=1, available=0, working=0)
    EquipmentItem.objects.create(centre=phu_khuong, kind="pc", required=4, available=4, working=4)
    client.force_login(personas.quan)
    body = client.get("/admin/org/equipmentitem/", {"missing": "yes"}).content.decode()
    assert "Xã Hòa Minh" in body
    assert "Phường Phú Khương" not in body
