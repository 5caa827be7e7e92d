"""The obligations catalogue: what the Decree and the Law ask of an organisation, and when.

Like the clock's rule catalogue (pdp_portal.clock.rules), one list of entries with stable codes.
Each entry names its article and clause exactly as the text has it, says in plain words (vi, en)
what must be done, lists the facts (``facts.py``) under which it applies, the evidence that proves
it and how often it recurs. A yearly entry names its clock rule: the clock counts it, reminds
and escalates it; nothing here computes a date.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    TRANSFER = "transfer", _("Chuyển giao dữ liệu cá nhân")  # Decree Art. 7
    FINANCE = "finance", _("Tài chính, ngân hàng, thông tin tín dụng")  # Decree Art. 8
    BIG_DATA = "big_data", _("Dữ liệu lớn")  # Decree Art. 9
    AI = "ai", _("Trí tuệ nhân tạo, vũ trụ ảo")  # Decree Art. 10; Law Art. 30
    BLOCKCHAIN = "blockchain", _("Chuỗi khối")  # Decree Art. 11
    CLOUD = "cloud", _("Điện toán đám mây")  # Decree Art. 12
    PROTECTION = "protection", _("Bộ phận, nhân sự bảo vệ dữ liệu cá nhân")  # Decree Art. 13-16
    WORKFORCE = "workforce", _("Tuyển dụng, quản lý người lao động")  # Law Art. 25
    HEALTH = "health", _("Sức khỏe, bảo hiểm")  # Law Art. 26
    ADVERTISING = "advertising", _("Quảng cáo")  # Law Art. 28
    SOCIAL = "social", _("Mạng xã hội, truyền thông trực tuyến")  # Law Art. 29
    LOCATION_BIOMETRIC = "location_biometric", _("Dữ liệu vị trí, sinh trắc học")  # Law Art. 31
    RECORDING = "recording", _("Ghi âm, ghi hình nơi công cộng")  # Law Art. 32


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Văn bản, quy chế, chính sách")
    CONTRACT = "contract", _("Hợp đồng, điều khoản")
    LOG = "log", _("Nhật ký xử lý")
    TRAINING = "training", _("Hồ sơ đào tạo")
    ASSESSMENT = "assessment", _("Báo cáo đánh giá")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Một lần")
    YEARLY = "yearly", _("Ít nhất mỗi năm một lần")
    ON_CHANGE = "on_change", _("Khi có thay đổi")


@dataclass(frozen=True)
class Obligation:
    """One standing obligation: its article, its plain text, when it applies, what proves it."""

    code: str
    area: str
    basis_vi: str
    basis_en: str
    text_vi: str
    text_en: str
    # Applies when any of these facts holds ...
    when: tuple[str, ...]
    # ... and every one of these holds too.
    also: tuple[str, ...] = ()
    # Marking it done needs at least one piece of evidence of one of these kinds.
    evidence: tuple[str, ...] = (EvidenceKind.DOCUMENT,)
    recurrence: str = Recurrence.ONCE
    # The clock rule of a yearly obligation (pdp_portal.clock.rules).
    rule: str = ""

    @property
    def basis(self) -> str:
        return self.basis_en if (get_language() or "vi").startswith("en") else self.basis_vi

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "vi").startswith("en") else self.text_vi

    @property
    def bilingual_basis(self) -> dict:
        """Return the basis as a message parameter read in each reader's language."""
        return {"vi": self.basis_vi, "en": self.basis_en}


D = "Nghị định 356/2025"
DE = "Decree 356/2025"
L = "Luật 91/2025"
LE = "Law 91/2025"
K = EvidenceKind


def _yearly_assessment(area: str, basis_vi: str, basis_en: str, fact: str) -> Obligation:
    """Return the yearly compliance assessment of an area (Decree 356 Art. 10-12), with its clock.

    Its code is ``<area>.assessment`` and its clock rule ``programme.assess.<area>``.
    """
    return Obligation(
        f"{area}.assessment",
        area,
        basis_vi,
        basis_en,
        "Đánh giá định kỳ việc tuân thủ quy định về bảo vệ dữ liệu cá nhân ít nhất mỗi năm một lần.",
        "Assess compliance with the personal data protection rules at least once a year.",
        when=(fact,),
        evidence=(K.ASSESSMENT,),
        recurrence=Recurrence.YEARLY,
        rule=f"programme.assess.{area}",
    )


OBLIGATIONS: list[Obligation] = [
    # --- Decree 356 Art. 7: transfers to other parties ------------------------------------------
    Obligation(
        "transfer.agreement", Area.TRANSFER,
        f"{D} Điều 7 khoản 1", f"{DE} Art. 7(1)",
        "Lập thỏa thuận chuyển giao dữ liệu cá nhân với bên nhận, nêu rõ mục đích, loại dữ liệu, "
        "thời hạn xử lý và xóa, hủy, căn cứ pháp lý, trách nhiệm bảo vệ và bảo đảm quyền của chủ thể.",
        "Sign a transfer agreement with each recipient stating the purpose, data types, "
        "processing period and deletion, legal basis, protection duties and data subjects' rights.",
        when=("domestic_transfer",), evidence=(K.CONTRACT,), recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "transfer.sensitive", Area.TRANSFER,
        f"{D} Điều 7 khoản 2", f"{DE} Art. 7(2)",
        "Khi chuyển giao dữ liệu cá nhân nhạy cảm: bảo vệ vật lý thiết bị lưu trữ, truyền; mã hóa, "
        "ẩn danh hóa và biện pháp bảo mật khác.",
        "When transferring sensitive data: physical security of storage and transmission devices, "
        "encryption, anonymisation and other confidentiality measures.",
        when=("domestic_transfer",), also=("sensitive",),
    ),
    # --- Decree 356 Art. 8: finance, banking and credit information -------------------------
    Obligation(
        "finance.standards", Area.FINANCE,
        f"{D} Điều 8 khoản 1", f"{DE} Art. 8(1)",
        "Áp dụng tiêu chuẩn, quy chuẩn kỹ thuật về bảo vệ dữ liệu cá nhân, về khử nhận dạng và "
        "ẩn danh hóa dữ liệu cá nhân được ban hành, áp dụng tại Việt Nam.",
        "Apply the standards and technical regulations on personal data protection, "
        "de-identification and anonymisation promulgated and applied in Vietnam.",
        when=("finance",),
    ),
    Obligation(
        "finance.assessment", Area.FINANCE,
        f"{D} Điều 8 khoản 1", f"{DE} Art. 8(1)",
        "Đánh giá định kỳ việc tuân thủ quy định về bảo vệ dữ liệu cá nhân mỗi năm một lần.",
        "Assess compliance with the personal data protection rules once every year.",
        when=("finance",), evidence=(K.ASSESSMENT,), recurrence=Recurrence.YEARLY,
        rule="programme.assess.finance",
    ),
    Obligation(
        "finance.logs", Area.FINANCE,
        f"{D} Điều 8 khoản 1", f"{DE} Art. 8(1)",
        "Ghi nhật ký đối với toàn bộ hoạt động xử lý dữ liệu cá nhân.",
        "Keep logs of every personal data processing activity.",
        when=("finance",), evidence=(K.LOG,),
    ),
    Obligation(
        "finance.consent", Area.FINANCE,
        f"{D} Điều 8 khoản 2 điểm a-d", f"{DE} Art. 8(2)(a)-(d)",
        "Khi xin sự đồng ý, nêu rõ mục đích (kể cả chấm điểm, xếp hạng tín dụng), nguồn thu "
        "thập, thời gian lưu trữ, cách rút lại sự đồng ý và chính sách xóa, hủy dữ liệu.",
        "When asking for consent, state the purposes (credit scoring and rating included), the "
        "sources, the storage period, how to withdraw consent and the deletion policy.",
        when=("finance",), also=("controller",), recurrence=Recurrence.ON_CHANGE,
    ),
    # --- Decree 356 Art. 9: big data ----------------------------------------------------------
    Obligation(
        "big_data.policies", Area.BIG_DATA,
        f"{D} Điều 9 khoản 2 điểm c", f"{DE} Art. 9(2)(c)",
        "Xây dựng chính sách lưu trữ, xóa, hủy dữ liệu cá nhân phù hợp quy định pháp luật.",
        "Adopt policies for storing, deleting and destroying personal data as the law requires.",
        when=("big_data",), recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "big_data.training", Area.BIG_DATA,
        f"{D} Điều 9 khoản 2 điểm d", f"{DE} Art. 9(2)(d)",
        "Tổ chức đào tạo, phổ biến định kỳ về bảo mật và bảo vệ dữ liệu cá nhân cho người lao "
        "động, nhất là nhân sự trực tiếp xử lý dữ liệu cá nhân.",
        "Train employees periodically on personal data security and protection, above all "
        "those who process personal data directly.",
        when=("big_data",), evidence=(K.TRAINING,), recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "big_data.agreements", Area.BIG_DATA,
        f"{D} Điều 9 khoản 2 điểm đ", f"{DE} Art. 9(2)(dd)",
        "Ký thỏa thuận với bên thứ ba, đối tác, nhà cung cấp dịch vụ bảo đảm tuân thủ đầy đủ "
        "quy định về bảo vệ dữ liệu cá nhân.",
        "Sign agreements with third parties, partners and service providers that ensure full "
        "compliance with personal data protection rules.",
        when=("big_data",), evidence=(K.CONTRACT,), recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "big_data.notice", Area.BIG_DATA,
        f"{D} Điều 9 khoản 2 điểm e", f"{DE} Art. 9(2)(e)",
        "Có cơ chế thông báo, giải thích cho chủ thể dữ liệu về việc dùng dữ liệu của họ trong "
        "hệ thống phân tích dữ liệu lớn.",
        "Tell data subjects, and explain, how their data are used in big data analytics.",
        when=("big_data",),
    ),
    Obligation(
        "big_data.security", Area.BIG_DATA,
        f"{D} Điều 9 khoản 3 điểm a-đ", f"{DE} Art. 9(3)(a)-(dd)",
        "Bảo đảm an ninh mạng, xác thực đa yếu tố, mã hóa và ẩn danh hóa khi chuyển giao, giám "
        "sát liên tục truy cập, kiểm tra đánh giá an ninh định kỳ.",
        "Secure the systems: multi-factor authentication, encryption and anonymisation in "
        "transfers, continuous access monitoring, periodic security inspections.",
        when=("big_data",), evidence=(K.DOCUMENT, K.LOG),
    ),
    # --- Decree 356 Art. 10; Law Art. 30: AI and the metaverse ---------------------------------
    Obligation(
        "ai.inference", Area.AI,
        f"{D} Điều 10 khoản 2", f"{DE} Art. 10(2)",
        "Áp dụng biện pháp bảo vệ dữ liệu cá nhân với dữ liệu suy luận từ trí tuệ nhân tạo có "
        "thể xác định một con người cụ thể.",
        "Protect AI inference results that identify, or help identify, a specific person as "
        "personal data.",
        when=("ai_identifies",),
    ),
    Obligation(
        "ai.notice", Area.AI,
        f"{D} Điều 10 khoản 3", f"{DE} Art. 10(3)",
        "Thông báo cho chủ thể dữ liệu về xử lý tự động, giải thích nguyên lý hoạt động của "
        "thuật toán và tác động, cho phép lựa chọn từ chối.",
        "Tell data subjects about automated processing, explain how the algorithms work and "
        "affect them, and let them opt out.",
        when=("ai",), also=("controller",),
    ),
    Obligation(
        "ai.supervision", Area.AI,
        f"{D} Điều 10 khoản 5 điểm b", f"{DE} Art. 10(5)(b)",
        "Thiết lập cơ chế giám sát hoạt động của hệ thống trí tuệ nhân tạo: giám sát của cơ quan "
        "nhà nước và trách nhiệm giải trình với chủ thể dữ liệu.",
        "Set up the supervision of AI systems: by the competent state agencies, and "
        "accountability to data subjects.",
        when=("ai",),
    ),
    Obligation(
        "ai.security", Area.AI,
        f"{D} Điều 10 khoản 5 điểm a, c, d", f"{DE} Art. 10(5)(a), (c), (d)",
        "Tuân thủ tiêu chuẩn an ninh mạng, bảo vệ dữ liệu; hệ thống giám sát, cảnh báo sớm; cơ "
        "chế kiểm soát chống lạm dụng trí tuệ nhân tạo.",
        "Meet cybersecurity and data protection standards; monitoring and early warning; "
        "controls against misuse of AI.",
        when=("ai",),
    ),
    Obligation(
        "ai.risk", Area.AI,
        f"{L} Điều 30 khoản 4", f"{LE} Art. 30(4)",
        "Phân loại xử lý dữ liệu cá nhân bằng trí tuệ nhân tạo theo mức độ rủi ro để có biện pháp "
        "bảo vệ phù hợp.",
        "Classify AI processing of personal data by risk level, with protection to match.",
        when=("ai",), recurrence=Recurrence.ON_CHANGE,
    ),
    _yearly_assessment(Area.AI, f"{D} Điều 10 khoản 5 điểm đ", f"{DE} Art. 10(5)(dd)", "ai"),
    # --- Decree 356 Art. 11: blockchain ------------------------------------------------------
    Obligation(
        "blockchain.crypto", Area.BLOCKCHAIN,
        f"{D} Điều 11 khoản 2 điểm a", f"{DE} Art. 11(2)(a)",
        "Chỉ dùng thuật toán mã hóa, băm và chữ ký số an toàn.",
        "Use only secure encryption, hashing and digital signature algorithms.",
        when=("blockchain",),
    ),
    Obligation(
        "blockchain.off_chain", Area.BLOCKCHAIN,
        f"{D} Điều 11 khoản 2 điểm b", f"{DE} Art. 11(2)(b)",
        "Không lưu trực tiếp dữ liệu cá nhân trên chuỗi khối; chỉ lưu sau khi khử nhận dạng "
        "hoặc chỉ lưu giá trị băm.",
        "Never store personal data on the chain itself: only de-identified data or hashes.",
        when=("blockchain",),
    ),
    _yearly_assessment(
        Area.BLOCKCHAIN, f"{D} Điều 11 khoản 2 điểm c", f"{DE} Art. 11(2)(c)", "blockchain"
    ),
    # --- Decree 356 Art. 12: cloud computing -------------------------------------------------
    Obligation(
        "cloud.measures", Area.CLOUD,
        f"{D} Điều 12 khoản 1, khoản 4", f"{DE} Art. 12(1), (4)",
        "Áp dụng biện pháp kỹ thuật, tổ chức chống truy cập trái phép; mã hóa dữ liệu khi lưu "
        "trữ và khi truyền, phân quyền truy cập chặt chẽ.",
        "Prevent unauthorised access; encrypt data at rest and in transit, with strict access "
        "delegation.",
        when=("cloud_customer", "cloud_provider"),
    ),
    Obligation(
        "cloud.contract", Area.CLOUD,
        f"{D} Điều 12 khoản 2 điểm a-g", f"{DE} Art. 12(2)(a)-(g)",
        "Hợp đồng với nhà cung cấp dịch vụ điện toán đám mây ghi rõ các nội dung tại điểm a-g "
        "(sổ hợp đồng).",
        "Contracts with cloud providers state every item of points (a)-(g) (contract register).",
        when=("cloud_customer",), evidence=(K.CONTRACT,), recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "cloud.provider", Area.CLOUD,
        f"{D} Điều 12 khoản 3 điểm a-c", f"{DE} Art. 12(3)(a)-(c)",
        "Nhà cung cấp: tuân thủ pháp luật Việt Nam, cung cấp thông tin bộ phận bảo vệ dữ liệu, "
        "yêu cầu nhà thầu phụ tuân thủ, biện pháp phù hợp quy mô xử lý.",
        "As a provider: comply with Vietnamese law, publish the protection contact, bind "
        "subcontractors, apply measures fit for the scale of processing.",
        when=("cloud_provider",), evidence=(K.DOCUMENT, K.CONTRACT),
    ),
    _yearly_assessment(
        Area.CLOUD, f"{D} Điều 12 khoản 3 điểm d", f"{DE} Art. 12(3)(d)", "cloud_provider"
    ),
    # --- Decree 356 Art. 13-16: the protection department and staff ----------------------------
    Obligation(
        "protection.designation", Area.PROTECTION,
        f"{D} Điều 13 khoản 1", f"{DE} Art. 13(1)",
        "Chỉ định nhân sự hoặc bộ phận bảo vệ dữ liệu cá nhân bằng quyết định bằng văn bản, nêu "
        "rõ phân công, chức năng, nhiệm vụ, quyền hạn.",
        "Designate the protection staff or department in a written decision stating the "
        "assignment, functions, duties and powers.",
        when=("protection_required", "protection_designated"),
    ),
    Obligation(
        "protection.competence", Area.PROTECTION,
        f"{D} Điều 13 khoản 2-4", f"{DE} Art. 13(2)-(4)",
        "Mỗi nhân sự có bằng cao đẳng trở lên, ít nhất 02 năm kinh nghiệm trong lĩnh vực được "
        "liệt kê và đã được đào tạo về bảo vệ dữ liệu cá nhân.",
        "Every person holds a college degree or higher, at least 02 years of experience in a "
        "listed field, and training in personal data protection.",
        when=("protection_required", "protection_designated"),
    ),
    Obligation(
        "protection.confidentiality", Area.PROTECTION,
        f"{D} Điều 13 khoản 5", f"{DE} Art. 13(5)",
        "Ký thỏa thuận trách nhiệm bảo mật với nhân sự bảo vệ dữ liệu cá nhân.",
        "Sign a confidentiality agreement with the protection staff.",
        when=("protection_required", "protection_designated"), evidence=(K.CONTRACT,),
    ),
    Obligation(
        "protection.training", Area.PROTECTION,
        f"{D} Điều 13 khoản 6; Điều 14 khoản 1 điểm đ",
        f"{DE} Art. 13(6); Art. 14(1)(dd)",
        "Đào tạo, bồi dưỡng kiến thức, kỹ năng bảo vệ dữ liệu cá nhân cho nhân sự; kế hoạch đào "
        "tạo định kỳ trong tổ chức.",
        "Train the protection staff; plan and hold periodic training in the organisation.",
        when=("protection_required", "protection_designated"), evidence=(K.TRAINING,),
        recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "protection.policies", Area.PROTECTION,
        f"{D} Điều 14 khoản 1 điểm a", f"{DE} Art. 14(1)(a)",
        "Xây dựng chính sách, quy trình, quy chế, biểu mẫu bảo đảm tuân thủ pháp luật về bảo vệ "
        "dữ liệu cá nhân.",
        "Draw up the policies, procedures, rules and forms that ensure compliance.",
        when=("protection_required", "protection_designated"), recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "protection.compliance_review", Area.PROTECTION,
        f"{D} Điều 14 khoản 1 điểm c", f"{DE} Art. 14(1)(c)",
        "Định kỳ đánh giá tình hình tuân thủ bằng báo cáo đánh giá mức độ thực hiện nghĩa vụ.",
        "Periodically assess the organisation's compliance in a report on how far each "
        "obligation is met.",
        when=("protection_required", "protection_designated"), evidence=(K.ASSESSMENT,),
        recurrence=Recurrence.ON_CHANGE,
    ),
    Obligation(
        "protection.incidents", Area.PROTECTION,
        f"{D} Điều 14 khoản 1 điểm e", f"{DE} Art. 14(1)(e)",
        "Triển khai biện pháp kỹ thuật bảo đảm an toàn dữ liệu và phương án ứng cứu sự cố.",
        "Run the technical security measures and the incident response plan.",
        when=("protection_required", "protection_designated"),
    ),
    Obligation(
        "protection.provider_contract", Area.PROTECTION,
        f"{D} Điều 15, Điều 16", f"{DE} Art. 15, 16",
        "Hợp đồng với tổ chức, cá nhân cung cấp dịch vụ bảo vệ dữ liệu cá nhân đủ điều kiện.",
        "A contract with a qualified personal data protection service provider.",
        when=("protection_provider",), evidence=(K.CONTRACT,), recurrence=Recurrence.ON_CHANGE,
    ),
    # --- Law 91/2025 Art. 25: recruitment and workforce ----------------------------------------
    Obligation(
        "workforce.recruitment", Area.WORKFORCE,
        f"{L} Điều 25 khoản 1 điểm a-c", f"{LE} Art. 25(1)(a)-(c)",
        "Chỉ yêu cầu thông tin phục vụ tuyển dụng; xóa, hủy thông tin ứng viên không trúng "
        "tuyển, trừ khi có thỏa thuận khác.",
        "Ask candidates only for what recruitment needs; delete unsuccessful candidates' "
        "information unless agreed otherwise.",
        when=("employer",),
    ),
    Obligation(
        "workforce.employees", Area.WORKFORCE,
        f"{L} Điều 25 khoản 2 điểm b-c", f"{LE} Art. 25(2)(b)-(c)",
        "Lưu dữ liệu người lao động theo thời hạn luật định hoặc thỏa thuận; xóa, hủy khi chấm "
        "dứt hợp đồng.",
        "Keep employees' data for the period the law or the agreement sets; delete it when the "
        "contract ends.",
        when=("employer",),
    ),
    Obligation(
        "workforce.monitoring", Area.WORKFORCE,
        f"{L} Điều 25 khoản 3", f"{LE} Art. 25(3)",
        "Chỉ áp dụng biện pháp công nghệ quản lý người lao động khi người lao động biết rõ.",
        "Use technical means of managing employees only when the employees know of them.",
        when=("employer",),
    ),
    # --- Law 91/2025 Art. 26: health and insurance ---------------------------------------------
    Obligation(
        "health.consent", Area.HEALTH,
        f"{L} Điều 26 khoản 1", f"{LE} Art. 26(1)",
        "Có sự đồng ý của chủ thể dữ liệu khi thu thập, xử lý thông tin sức khỏe, bảo hiểm "
        "(trừ trường hợp tại Điều 19 khoản 1).",
        "Obtain the data subject's consent to collect and process health and insurance data "
        "(except under Art. 19(1)).",
        when=("health",),
    ),
    Obligation(
        "health.no_sharing", Area.HEALTH,
        f"{L} Điều 26 khoản 2", f"{LE} Art. 26(2)",
        "Không cung cấp dữ liệu sức khỏe cho bên thứ ba cung cấp dịch vụ chăm sóc sức khỏe, bảo "
        "hiểm, trừ khi chủ thể yêu cầu bằng văn bản.",
        "Do not give health data to third parties offering care or insurance unless the data "
        "subject asks in writing.",
        when=("health_sector",),
    ),
    # --- Law 91/2025 Art. 28: advertising ------------------------------------------------------
    Obligation(
        "advertising.consent", Area.ADVERTISING,
        f"{L} Điều 28 khoản 3, khoản 8", f"{LE} Art. 28(3), (8)",
        "Có sự đồng ý của khách hàng (nội dung, phương thức, tần suất); quảng cáo theo hành vi "
        "chỉ với sự đồng ý.",
        "Obtain customers' consent (content, method, frequency); behavioural targeting only "
        "with consent.",
        when=("advertising",),
    ),
    Obligation(
        "advertising.opt_out", Area.ADVERTISING,
        f"{L} Điều 28 khoản 5", f"{LE} Art. 28(5)",
        "Có cơ chế để chủ thể dữ liệu yêu cầu ngừng nhận quảng cáo và ngừng theo yêu cầu.",
        "Let data subjects ask to stop receiving advertising, and stop when asked.",
        when=("advertising",), evidence=(K.DOCUMENT, K.LOG),
    ),
    # --- Law 91/2025 Art. 29: social media and online communication ----------------------------
    Obligation(
        "social.notice", Area.SOCIAL,
        f"{L} Điều 29 khoản 1, khoản 6", f"{LE} Art. 29(1), (6)",
        "Thông báo rõ dữ liệu thu thập khi cài đặt, sử dụng; công bố chính sách quyền riêng tư.",
        "Say clearly what is collected at installation and use; publish a privacy policy.",
        when=("social_media",),
    ),
    Obligation(
        "social.cookies", Area.SOCIAL,
        f"{L} Điều 29 khoản 3, khoản 4", f"{LE} Art. 29(3), (4)",
        "Cho phép từ chối cookie và lựa chọn “không theo dõi”.",
        "Offer refusal of cookies and a “do not track” option.",
        when=("social_media",),
    ),
    Obligation(
        "social.no_id_images", Area.SOCIAL,
        f"{L} Điều 29 khoản 2", f"{LE} Art. 29(2)",
        "Không yêu cầu ảnh, video giấy tờ tùy thân làm yếu tố xác thực tài khoản.",
        "Never require images or videos of identity documents to authenticate an account.",
        when=("social_media",),
    ),
    # --- Law 91/2025 Art. 31: location and biometric data --------------------------------------
    Obligation(
        "location.tracking", Area.LOCATION_BIOMETRIC,
        f"{L} Điều 31 khoản 3", f"{LE} Art. 31(3)",
        "Không theo dõi vị trí khi chưa có sự đồng ý; thông báo việc dùng dữ liệu vị trí và cho "
        "người dùng lựa chọn.",
        "No location tracking without consent; tell users about location data and let them "
        "choose.",
        when=("location",),
    ),
    Obligation(
        "biometric.security", Area.LOCATION_BIOMETRIC,
        f"{L} Điều 31 khoản 4 điểm a", f"{LE} Art. 31(4)(a)",
        "Bảo vệ vật lý thiết bị lưu trữ, truyền dữ liệu sinh trắc học; hạn chế truy cập; hệ "
        "thống giám sát phát hiện vi phạm.",
        "Physically secure biometric storage and transmission; restrict access; monitor for "
        "violations.",
        when=("biometric",), evidence=(K.DOCUMENT, K.LOG),
    ),
    # --- Law 91/2025 Art. 32: audio and video recording in public places -----------------------
    Obligation(
        "recording.notice", Area.RECORDING,
        f"{L} Điều 32 khoản 2", f"{LE} Art. 32(2)",
        "Thông báo hoặc dùng hình thức khác để người bị ghi âm, ghi hình biết.",
        "Tell people, by notice or otherwise, that they are being recorded.",
        when=("public_recording",),
    ),
    Obligation(
        "recording.retention", Area.RECORDING,
        f"{L} Điều 32 khoản 4", f"{LE} Art. 32(4)",
        "Chỉ lưu trữ trong thời gian cần thiết; hết hạn thì xóa, hủy.",
        "Keep recordings only as long as needed; then delete them.",
        when=("public_recording",),
    ),
]  # fmt: skip

CATALOGUE: dict[str, Obligation] = {o.code: o for o in OBLIGATIONS}


def get_obligation(code: str) -> Obligation:
    return CATALOGUE[code]
