"""Model texts of the response (Decree 356/2025 Art. 5(2)-(5)), in Vietnamese and English.

They are content the DPO edits before sending, not interface strings, so both languages are
written here side by side; the data subject gets the one of the language they wrote in.
"""

from .models import Group

_INTRO = {
    "vi": "Kính gửi {name},\n\n{org} đã tiếp nhận yêu cầu {ref} ({type}) của Quý vị lúc {received}.\n",
    "en": "Dear {name},\n\n{org} received your request {ref} ({type}) at {received}.\n",
}
_BODY = {
    Group.CEASE: {
        "vi": "Chúng tôi sẽ ngừng xử lý dữ liệu cá nhân của Quý vị trong phạm vi yêu cầu, theo "
        "trình tự sau: xác định các hoạt động xử lý liên quan, dừng các hoạt động đó, thông báo "
        "cho bên xử lý, bên thứ ba (nếu có). Việc thực hiện hoàn thành chậm nhất {due} ({basis}).",
        "en": "We will stop processing your personal data as requested, as follows: we identify "
        "the processing concerned, stop it, and inform any processor or third party. This will be "
        "completed by {due} at the latest ({basis}).",
    },
    Group.ACCESS: {
        "vi": "Chúng tôi sẽ tập hợp dữ liệu cá nhân của Quý vị để Quý vị xem, chỉnh sửa hoặc nhận "
        "bản sao theo yêu cầu, và gửi kết quả cho Quý vị chậm nhất {due} ({basis}).",
        "en": "We will gather your personal data so that you can view it, have it corrected or "
        "receive a copy, as requested, and send you the result by {due} at the latest ({basis}).",
    },
    Group.ERASE: {
        "vi": "Chúng tôi sẽ xóa dữ liệu cá nhân của Quý vị trong phạm vi yêu cầu, trừ dữ liệu pháp "
        "luật buộc phải lưu giữ (nếu có, chúng tôi sẽ nêu rõ). Việc xóa hoàn thành chậm nhất {due} "
        "({basis}).",
        "en": "We will erase your personal data as requested, except data the law requires us to "
        "keep (we will tell you which, if any). Erasure will be completed by {due} at the latest "
        "({basis}).",
    },
    Group.PROTECT: {
        "vi": "Chúng tôi sẽ xem xét và áp dụng biện pháp bảo vệ dữ liệu cá nhân của Quý vị theo "
        "yêu cầu, và thông báo kết quả chậm nhất {due} ({basis}).",
        "en": "We will review and apply measures to protect your personal data as requested, and "
        "tell you the result by {due} at the latest ({basis}).",
    },
    # Law 91/2025 Art. 4(1)(a): the law sets no period to inform; the answer says what it covers.
    Group.INFORM: {
        "vi": "Chúng tôi sẽ cho Quý vị biết chúng tôi xử lý những dữ liệu cá nhân nào của Quý vị, "
        "vào mục đích gì, nguồn thu thập, các bên được chia sẻ và thời hạn lưu trữ.",
        "en": "We will tell you which of your personal data we process, for what purposes, where "
        "we obtained it, who we share it with and how long we keep it.",
    },
    # Law 91/2025 Art. 4(1)(đ): a complaint to the organisation; the law sets no period here.
    Group.COMPLAIN: {
        "vi": "Chúng tôi sẽ xem xét nội dung khiếu nại của Quý vị và trả lời bằng văn bản. Quý vị "
        "cũng có quyền khiếu nại, tố cáo đến cơ quan chuyên trách bảo vệ dữ liệu cá nhân (Bộ Công "
        "an) hoặc khởi kiện theo quy định của pháp luật.",
        "en": "We will review your complaint and answer you in writing. You may also complain or "
        "report to the specialized agency for personal data protection (Ministry of Public "
        "Security) or go to court, as the law provides.",
    },
}
_OUTRO = {
    "vi": "\n\nNếu cần thêm thông tin để xác định đúng Quý vị, chúng tôi sẽ liên hệ qua địa chỉ "
    "này.\n\nTrân trọng,\n{org}",
    "en": "\n\nIf we need more information to identify you, we will contact you at this "
    "address.\n\nKind regards,\n{org}",
}


def response_template(*, group: str, language: str, **values) -> str:
    """Return the model response for a request group in ``language`` ("vi" or "en")."""
    language = language if language in ("vi", "en") else "vi"
    text = _INTRO[language] + "\n" + _BODY[group][language] + _OUTRO[language]
    return text.format(**values)
