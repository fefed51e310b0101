"""Vietnamese family names (họ): the short list nearly every citizen's name begins with.

A name read off a scan whose first word is no family name ("Đễ Quỳnh Thắm") while another
paper's reading of the same name begins with one a letter away ("Đỗ Quỳnh Thắm") was
misread, not written differently. Only the family names of the Kinh majority and the most
common of other peoples' are here; a name not beginning with one of them (a Tây Nguyên
name, "Y Moan Niê") is compared as before, never taken for a misreading by this list.
"""

from __future__ import annotations

from hoso.text import fold, nfc

FAMILY_NAMES = frozenset(
    nfc(n).lower()
    for n in (
        *("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"),
        *("Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đào", "Đoàn", "Trương"),
        *("Trịnh", "Mai", "Lương", "Lưu", "Cao", "Tô", "Tạ", "Hà", "Vương", "Châu"),
        *("Quách", "Thái", "Lâm", "Kiều", "Khúc", "Triệu", "Văn", "La", "Tăng", "Thân"),
        *("Từ", "Nghiêm", "Mạc", "Chu", "Chử", "Đàm", "Lục", "Nông", "Hứa", "Giang"),
        *("Kim", "Tôn", "Phùng", "Diệp", "Âu", "Bạch", "Bế", "Cù", "Doãn", "Đồng"),
        *("Hàn", "Hầu", "Khổng", "Lò", "Lã", "Lại", "Lạc", "Ma", "Mã", "Ninh"),
        *("Ông", "Phí", "Phó", "Quan", "Sầm", "Thạch", "Tiêu", "Tống", "Trang", "Trình"),
        *("Ung", "Vi", "Viên", "Khương", "Kha", "Mẫn", "Nhữ", "Phương", "Thiều", "Lạng"),
        *("Đậu", "Đới", "Giáp", "Hạ", "Hoa", "Khuất", "Lỗ", "Mạnh", "Nghê", "Ngọ"),
        *("Ngụy", "Nhan", "Quản", "Thi", "Tiết"),
    )
)


def is_family_name(word: str) -> bool:
    """Whether ``word`` (any case) is a Vietnamese family name on the list."""
    return nfc(word).lower() in FAMILY_NAMES


FAMILY_FOLDED = frozenset(fold(n) for n in FAMILY_NAMES)  # tone marks aside


def reads_as_family_name(word: str) -> bool:
    """Whether ``word`` is a family name on the list, its tone marks aside ("Nguyên" read
    for "Nguyễn")."""
    return fold(word) in FAMILY_FOLDED
