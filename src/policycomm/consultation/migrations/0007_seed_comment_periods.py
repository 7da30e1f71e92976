"""Seed the minimum comment periods (legal reference §2.5). Where the reference gives a figure it is used;
where it says "verify", the figure is a default marked unverified, for an administrator to confirm."""

from django.db import migrations

CENTRAL = ("luat", "nq_qh", "nd", "qd_ttg", "tt")
PROVINCE = ("nq_hdnd_tinh", "qd_ubnd_tinh", "qd_ct_ubnd_tinh")
COMMUNE = ("nq_hdnd_xa", "qd_ubnd_xa")

LAW = "Luật Ban hành văn bản quy phạm pháp luật 2025 (64/2025/QH15)"
LOCAL = "Luật 64/2025/QH15, sửa đổi bởi Luật 87/2025/QH15; Nghị định 78/2025/NĐ-CP, 187/2025/NĐ-CP"

BASIS = {
    ("central", "draft"): (
        20,
        f"{LAW}\nĐăng tải dự thảo trên Cổng thông tin điện tử của Chính phủ, Cổng Pháp luật quốc gia và của cơ "
        "quan chủ trì ít nhất 20 ngày, tính theo ngày lịch (kể cả ngày nghỉ, ngày lễ). Cần đối chiếu điều, "
        "khoản cụ thể.",
    ),
    ("central", "proposal"): (
        20,
        f"{LAW}\nLuật quy định thời hạn tối thiểu lấy ý kiến theo từng loại văn bản; số ngày đối với đề nghị xây "
        "dựng chưa được đối chiếu: mặc định bằng thời hạn lấy ý kiến dự thảo. Cần kiểm tra.",
    ),
    ("province", "draft"): (
        20,
        f"{LOCAL}\nThời hạn tối thiểu đối với văn bản của HĐND, UBND cấp tỉnh quy định theo từng loại văn bản; "
        "chưa đối chiếu: mặc định 20 ngày (Luật 80/2015/QH13 trước đây: ít nhất 30 ngày). Cần kiểm tra.",
    ),
    ("province", "proposal"): (
        20,
        f"{LOCAL}\nSố ngày đối với đề nghị xây dựng văn bản cấp tỉnh chưa được đối chiếu: mặc định bằng thời hạn "
        "lấy ý kiến dự thảo. Cần kiểm tra.",
    ),
    ("commune", "draft"): (
        10,
        f"{LOCAL}\nThời hạn đối với văn bản cấp xã ngắn hơn cấp tỉnh; chưa đối chiếu: mặc định 10 ngày. Cần kiểm tra.",
    ),
    ("commune", "proposal"): (
        10,
        f"{LOCAL}\nSố ngày đối với đề nghị xây dựng văn bản cấp xã chưa được đối chiếu: mặc định bằng thời hạn lấy "
        "ý kiến dự thảo. Cần kiểm tra.",
    ),
}


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    CommentPeriod = apps.get_model("consultation", "CommentPeriod")
    for level, types in (("central", CENTRAL), ("province", PROVINCE), ("commune", COMMUNE)):
        for doc_type in types:
            for phase in ("proposal", "draft"):
                days, basis = BASIS[(level, phase)]
                CommentPeriod.objects.get_or_create(
                    doc_type=doc_type,
                    phase=phase,
                    defaults={"min_days": days, "legal_basis": basis, "verified": False},
                )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("consultation", "CommentPeriod").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("consultation", "0006_comment_periods")]

    operations = [migrations.RunPython(seed, unseed)]
