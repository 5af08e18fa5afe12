"""Loading the administrative-unit code table and seeding Vĩnh Long's centres."""

import shutil

import pytest

from motcua.lib.refdata import ReferenceDataError
from motcua.org.loading import CODE_TABLE_VERSION, DATA_DIR, load_org
from motcua.org.models import AdminUnit, CodeTableVersion, Department, Province, ServiceCentre

pytestmark = pytest.mark.django_db


def test_vinh_long_has_one_provincial_and_124_commune_centres():
    assert Province.objects.count() == 34
    assert AdminUnit.objects.count() == 3321
    centres = ServiceCentre.objects.filter(province_code="86")
    assert centres.count() == 125
    assert centres.filter(level="province").get().name == "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
    communes = centres.filter(level="commune")
    assert communes.filter(admin_unit__kind="xa").count() == 105
    assert communes.filter(admin_unit__kind="phuong").count() == 19


def test_commune_centres_keep_their_legacy_origin():
    hoa_minh = ServiceCentre.objects.get(code="29410")
    assert hoa_minh.name == "Trung tâm Phục vụ hành chính công Xã Hòa Minh"
    assert "Tỉnh Trà Vinh" in hoa_minh.legacy_origin
    assert "Huyện Châu Thành" in hoa_minh.legacy_origin
    # The island commune's staffing gap reported by the province: quota 5, 3 filled.
    assert (hoa_minh.staffing_quota, hoa_minh.staffing_filled, hoa_minh.staffing_gap) == (5, 3, 2)


def test_each_commune_has_its_offices_and_wards_get_the_urban_economy_office():
    assert Department.objects.filter(centre__code="29410").count() == 4
    assert Department.objects.get(code="29410-kt").name == "Phòng Kinh tế Xã Hòa Minh"
    assert Department.objects.get(code="28756-kt").name == "Phòng Kinh tế, Hạ tầng và Đô thị Phường Phú Khương"
    assert "Hộ tịch" in Department.objects.get(code="28756-vp").sectors


def test_every_code_carries_its_code_table_version():
    version = CodeTableVersion.objects.get(is_current=True)
    assert version.key == CODE_TABLE_VERSION
    assert not AdminUnit.objects.exclude(code_version=version).exists()
    # Xã Song Phú changed code between releases (29752 → 29740): the current table has the new one.
    assert AdminUnit.objects.get(code_version=version, name="Xã Song Phú").code == "29740"


def test_loading_twice_changes_nothing():
    before = list(ServiceCentre.objects.order_by("code").values_list("code", "agency_id", "updated_at"))
    summary = load_org()
    assert not summary.changed, summary
    after = list(ServiceCentre.objects.order_by("code").values_list("code", "agency_id", "updated_at"))
    assert before == after


def test_reload_keeps_what_administrators_entered():
    centre = ServiceCentre.objects.get(code="28756")
    centre.staffing_quota, centre.staffing_filled, centre.address = 8, 6, "Số 1 Đồng Khởi"
    centre.save()
    load_org()
    centre.refresh_from_db()
    assert (centre.staffing_quota, centre.staffing_filled, centre.address) == (8, 6, "Số 1 Đồng Khởi")


@pytest.mark.parametrize(
    ("file_name", "corrupt", "message"),
    [
        ("vn_wards_2025.csv", lambda text: text.replace("ward_code,", "code,", 1), "thiếu cột: ward_code"),
        ("vn_wards_2025.csv", lambda text: text.replace("\n00004,", "\n0004x,", 1), "5 chữ số"),
        ("vn_wards_2025.csv", lambda text: text.replace(",phường,", ",quận,", 1), "loại đơn vị 'quận'"),
        ("vn_provinces_2025.csv", lambda text: text + "01,Trùng,tỉnh,trung,1,1,01,x\n", "bị trùng"),
        ("vinh_long_wards_2025.csv", lambda text: text.replace("\n28756,", "\n00004,", 1), "không thuộc tỉnh 86"),
    ],
)
def test_a_malformed_file_stops_the_load_and_changes_nothing(tmp_path, file_name, corrupt, message):
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / file_name
    target.write_text(corrupt(target.read_text(encoding="utf-8")), encoding="utf-8")
    AdminUnit.objects.filter(code="28756").update(name="Tên do quản trị sửa")
    counts = (AdminUnit.objects.count(), ServiceCentre.objects.count(), Department.objects.count())

    with pytest.raises(ReferenceDataError, match=message):
        load_org(data_dir=tmp_path)

    assert AdminUnit.objects.get(code="28756").name == "Tên do quản trị sửa"
    assert (AdminUnit.objects.count(), ServiceCentre.objects.count(), Department.objects.count()) == counts


def test_a_deployment_for_another_province_is_told_the_files_describe_vinh_long(settings):
    settings.MOTCUA = {**settings.MOTCUA, "PROVINCE_CODE": "83"}  # MOTCUA_PROVINCE_CODE=83
    counts = (AdminUnit.objects.count(), ServiceCentre.objects.count())

    with pytest.raises(ReferenceDataError, match="không thuộc tỉnh 83"):
        load_org()

    assert (AdminUnit.objects.count(), ServiceCentre.objects.count()) == counts
    assert not ServiceCentre.objects.filter(province_code="83").exists()


def test_a_new_code_table_release_keeps_old_codes_and_centres_follow_their_unit(tmp_path):
    # Codes change between releases (PROVENANCE: Xã Song Phú 29752 → 29740). Simulate the next
    # release renumbering Xã Song Phú again, 29740 → 29799.
    for path in DATA_DIR.glob("*.csv"):
        text = path.read_text(encoding="utf-8").replace("\n29740,", "\n29799,")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    old = CodeTableVersion.objects.get(is_current=True)
    song_phu = ServiceCentre.objects.get(admin_unit__name="Xã Song Phú")

    load_org(data_dir=tmp_path, version_key="test-release-2027")

    new = CodeTableVersion.objects.get(is_current=True)
    assert new.key == "test-release-2027" and new != old
    # Both releases are kept: a record made under the old code can still be resolved.
    assert AdminUnit.objects.get(code_version=old, code="29740").name == "Xã Song Phú"
    assert AdminUnit.objects.get(code_version=new, code="29799").name == "Xã Song Phú"
    assert not AdminUnit.objects.filter(code_version=new, code="29740").exists()
    # The centre keeps its identity (code, agency ID, offices) and now points at the new unit.
    song_phu_after = ServiceCentre.objects.get(pk=song_phu.pk)
    assert song_phu_after.code == song_phu.code
    assert song_phu_after.agency_id == song_phu.agency_id
    assert song_phu_after.admin_unit.code_version == new and song_phu_after.admin_unit.code == "29799"
    assert ServiceCentre.objects.filter(province_code="86").count() == 125
    assert Department.objects.filter(centre=song_phu_after).count() == 4
