"""Form 03a's "Nội dung thay đổi": the changes listed, and the count of the rest in good grammar."""

from django.utils import translation

from dossiers.documents import diff_summary


def rows(n: int) -> list[dict]:
    return [
        {
            "section": "A",
            "label": f"Mục {i}",
            "before": "",
            "after": f"giá trị {i}",
            "change": "added",
        }
        for i in range(n)
    ]


def test_the_changes_past_the_limit_are_counted_not_listed():
    text = diff_summary(rows(5), limit=3)
    assert text.count("\n") == 3
    assert "A › Mục 2: bổ sung: giá trị 2" in text
    assert "Mục 3" not in text
    assert text.endswith("- và 2 thay đổi khác (xem bảng so sánh phiên bản).")


def test_the_english_count_agrees_with_its_number():
    with translation.override("en"):
        one = diff_summary(rows(4), limit=3)
        two = diff_summary(rows(5), limit=3)
    assert one.endswith("- and 1 other change (see the version comparison table).")
    assert two.endswith("- and 2 other changes (see the version comparison table).")


def test_nothing_is_added_within_the_limit():
    assert "thay đổi khác" not in diff_summary(rows(3), limit=3)
