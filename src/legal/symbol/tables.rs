//! The tables a number-symbol is read against: document types (tên loại), issuers (cơ quan
//! ban hành) with their official spelling, units, the words people type before a number,
//! and the reader's limits.

/// A document type abbreviation (tên loại văn bản viết tắt).
#[derive(Debug)]
pub(super) struct TypeCode {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    /// Issued jointly: every part after the type is an issuer (`TTLT-BTP-BNV`).
    pub(super) joint: bool,
}

pub(super) const fn ty(code: &'static str, name: &'static str) -> TypeCode {
    TypeCode {
        code,
        name,
        joint: false,
    }
}

/// Type abbreviations of Decree 30/2020/NĐ-CP (appendix III), of legal documents and of Party
/// documents. Ranking rule for spellings that fold alike: the one listed first is the
/// canonical choice, and candidates keep this order. The more often a type is published on a
/// portal, the earlier it comes: guidance (HD) before contracts (HĐ), schemes (ĐA) before
/// projects (DA).
pub(super) const TYPES: &[TypeCode] = &[
    ty("QĐ", "Quyết định"),
    ty("NĐ", "Nghị định"),
    ty("NQ", "Nghị quyết"),
    ty("CT", "Chỉ thị"),
    ty("TT", "Thông tư"),
    TypeCode {
        code: "TTLT",
        name: "Thông tư liên tịch",
        joint: true,
    },
    TypeCode {
        code: "NQLT",
        name: "Nghị quyết liên tịch",
        joint: true,
    },
    ty("KH", "Kế hoạch"),
    ty("TB", "Thông báo"),
    ty("BC", "Báo cáo"),
    ty("TTr", "Tờ trình"),
    ty("HD", "Hướng dẫn"),
    ty("QC", "Quy chế"),
    ty("QyĐ", "Quy định"),
    // Party regulations (Quy định của Đảng): `08-QĐi/TW`.
    ty("QĐi", "Quy định"),
    ty("PA", "Phương án"),
    ty("ĐA", "Đề án"),
    ty("DA", "Dự án"),
    ty("CTr", "Chương trình"),
    ty("TC", "Thông cáo"),
    ty("VBHN", "Văn bản hợp nhất"),
    ty("KL", "Kết luận"),
    // Laws before 2000 (`24-L/CTN`) and today's orders promulgating a law (`05/2015/L-CTN`).
    ty("L", "Lệnh"),
    ty("PL", "Pháp lệnh"),
    ty("LCT", "Lệnh của Chủ tịch nước"),
    // The same letters mark a certified copy (bản sao lục) under Decree 30/2020.
    ty("SL", "Sắc lệnh"),
    // State official letters carry no type; Party ones do (`123-CV/TU`).
    ty("CV", "Công văn"),
    ty("GP", "Giấy phép"),
    ty("GCN", "Giấy chứng nhận"),
    ty("BB", "Biên bản"),
    ty("HĐ", "Hợp đồng"),
    ty("CĐ", "Công điện"),
    ty("GN", "Bản ghi nhớ"),
    ty("TTh", "Bản thỏa thuận"),
    ty("GUQ", "Giấy ủy quyền"),
    ty("GM", "Giấy mời"),
    ty("GGT", "Giấy giới thiệu"),
    ty("NP", "Giấy nghỉ phép"),
    ty("PG", "Phiếu gửi"),
    ty("PC", "Phiếu chuyển"),
    ty("PB", "Phiếu báo"),
    ty("SY", "Bản sao y"),
];

/// An issuing authority's abbreviation as it appears in symbols.
pub(super) struct Issuer {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    /// Followed by the legislature's number: `QH13`, `UBTVQH15`, `HĐNN8`.
    pub(super) numbered: bool,
    /// Writes its symbols `number-TYPE/ISSUER` (Party committees, pre-2000 state bodies).
    pub(super) old_style: bool,
}

pub(super) const fn is(code: &'static str, name: &'static str) -> Issuer {
    Issuer {
        code,
        name,
        numbered: false,
        old_style: false,
    }
}

pub(super) const fn numbered(code: &'static str, name: &'static str, old_style: bool) -> Issuer {
    Issuer {
        code,
        name,
        numbered: true,
        old_style,
    }
}

pub(super) const fn old(code: &'static str, name: &'static str) -> Issuer {
    Issuer {
        code,
        name,
        numbered: false,
        old_style: true,
    }
}

/// Issuers with their official case (`TTg`, `SNgV` are mixed case; the rest upper case).
pub(super) const ISSUERS: &[Issuer] = &[
    is("UBND", "Ủy ban nhân dân"),
    is("HĐND", "Hội đồng nhân dân"),
    is("VPUBND", "Văn phòng Ủy ban nhân dân"),
    is("VPHĐND", "Văn phòng Hội đồng nhân dân"),
    is("VP", "Văn phòng"),
    is("UB", "Ủy ban"),
    // Councils sign as `HĐ` (Hội đồng); as a type the same letters are a contract.
    is("HĐ", "Hội đồng"),
    is("CP", "Chính phủ"),
    is("TTg", "Thủ tướng Chính phủ"),
    is("VPCP", "Văn phòng Chính phủ"),
    numbered("QH", "Quốc hội", false),
    numbered("UBTVQH", "Ủy ban Thường vụ Quốc hội", false),
    is("VPQH", "Văn phòng Quốc hội"),
    old("CTN", "Chủ tịch nước"),
    is("VPCTN", "Văn phòng Chủ tịch nước"),
    numbered("HĐNN", "Hội đồng Nhà nước", true),
    old("HĐBT", "Hội đồng Bộ trưởng"),
    is("TANDTC", "Tòa án nhân dân tối cao"),
    is("HĐTP", "Hội đồng Thẩm phán Tòa án nhân dân tối cao"),
    is("VKSNDTC", "Viện kiểm sát nhân dân tối cao"),
    is("KTNN", "Kiểm toán nhà nước"),
    is("TTCP", "Thanh tra Chính phủ"),
    is("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    is("UBDT", "Ủy ban Dân tộc"),
    is("BQP", "Bộ Quốc phòng"),
    is("BCA", "Bộ Công an"),
    is("BNG", "Bộ Ngoại giao"),
    is("BNV", "Bộ Nội vụ"),
    is("BTP", "Bộ Tư pháp"),
    is("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    is("BTC", "Bộ Tài chính"),
    is("BCT", "Bộ Công Thương"),
    is("BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    is("BNNMT", "Bộ Nông nghiệp và Môi trường"),
    is("BGTVT", "Bộ Giao thông vận tải"),
    is("BXD", "Bộ Xây dựng"),
    is("BTNMT", "Bộ Tài nguyên và Môi trường"),
    is("BTTTT", "Bộ Thông tin và Truyền thông"),
    is("BLĐTBXH", "Bộ Lao động – Thương binh và Xã hội"),
    is("LĐTBXH", "Bộ Lao động – Thương binh và Xã hội"),
    is("BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
    is("BKHCN", "Bộ Khoa học và Công nghệ"),
    is("BGDĐT", "Bộ Giáo dục và Đào tạo"),
    is("BYT", "Bộ Y tế"),
    is("BDTTG", "Bộ Dân tộc và Tôn giáo"),
    is("BHXH", "Bảo hiểm xã hội"),
    is("KBNN", "Kho bạc Nhà nước"),
    is("TCT", "Tổng cục Thuế"),
    is("TLĐ", "Tổng Liên đoàn Lao động Việt Nam"),
    is("BCĐ", "Ban Chỉ đạo"),
    is("BQL", "Ban Quản lý"),
    is("STP", "Sở Tư pháp"),
    is("SNV", "Sở Nội vụ"),
    is("STC", "Sở Tài chính"),
    is("SKHĐT", "Sở Kế hoạch và Đầu tư"),
    is("SKHCN", "Sở Khoa học và Công nghệ"),
    is("SXD", "Sở Xây dựng"),
    is("SYT", "Sở Y tế"),
    is("SGDĐT", "Sở Giáo dục và Đào tạo"),
    is("STNMT", "Sở Tài nguyên và Môi trường"),
    is("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    is("SNNMT", "Sở Nông nghiệp và Môi trường"),
    is("SGTVT", "Sở Giao thông vận tải"),
    is("SCT", "Sở Công Thương"),
    is("SLĐTBXH", "Sở Lao động – Thương binh và Xã hội"),
    is("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    is("STTTT", "Sở Thông tin và Truyền thông"),
    is("SNgV", "Sở Ngoại vụ"),
    is("SDTTG", "Sở Dân tộc và Tôn giáo"),
    is("TTr", "Thanh tra"),
    is("CAT", "Công an tỉnh"),
    old("TW", "Ban Chấp hành Trung ương Đảng"),
    old("TU", "Tỉnh ủy"),
    old("HU", "Huyện ủy"),
    old("ĐU", "Đảng ủy"),
    old("BCSĐ", "Ban cán sự đảng"),
];

/// Drafting units that close an official letter's symbol. Any other unit is kept upper case as
/// typed; the table is there to restore `Đ` where it belongs.
pub(super) const UNITS: &[&str] = &[
    "KT", "VX", "NC", "TH", "KGVX", "KTTH", "TCCB", "QHQT", "ĐMDN", "PL", "NN", "CN", "XD", "CNN",
    "TCDN", "VP", "HCTC", "TTĐT",
];

/// Type words that may precede the number (hình thức văn bản), folded, with the abbreviation
/// they stand for; `None` where the symbol carries no type (official letters, laws).
pub(super) const TYPE_WORDS: &[(&str, &str, Option<&str>)] = &[
    ("quyet dinh", "Quyết định", Some("QĐ")),
    ("nghi dinh", "Nghị định", Some("NĐ")),
    ("nghi quyet lien tich", "Nghị quyết liên tịch", Some("NQLT")),
    ("nghi quyet", "Nghị quyết", Some("NQ")),
    ("chi thi", "Chỉ thị", Some("CT")),
    ("thong tu lien tich", "Thông tư liên tịch", Some("TTLT")),
    ("thong tu", "Thông tư", Some("TT")),
    ("ke hoach", "Kế hoạch", Some("KH")),
    ("thong bao", "Thông báo", Some("TB")),
    ("thong cao", "Thông cáo", Some("TC")),
    ("bao cao", "Báo cáo", Some("BC")),
    ("to trinh", "Tờ trình", Some("TTr")),
    ("huong dan", "Hướng dẫn", Some("HD")),
    ("quy che", "Quy chế", Some("QC")),
    ("quy dinh", "Quy định", Some("QyĐ")),
    ("phuong an", "Phương án", Some("PA")),
    ("de an", "Đề án", Some("ĐA")),
    ("du an", "Dự án", Some("DA")),
    ("chuong trinh", "Chương trình", Some("CTr")),
    ("van ban hop nhat", "Văn bản hợp nhất", Some("VBHN")),
    ("ket luan", "Kết luận", Some("KL")),
    ("lenh", "Lệnh", Some("L")),
    ("sac lenh", "Sắc lệnh", Some("SL")),
    ("giay phep", "Giấy phép", Some("GP")),
    ("giay chung nhan", "Giấy chứng nhận", Some("GCN")),
    ("bien ban", "Biên bản", Some("BB")),
    ("hop dong", "Hợp đồng", Some("HĐ")),
    ("cong dien", "Công điện", Some("CĐ")),
    ("giay moi", "Giấy mời", Some("GM")),
    ("cong van", "Công văn", None),
    ("bo luat", "Bộ luật", None),
    ("luat", "Luật", None),
    ("phap lenh", "Pháp lệnh", None),
];

/// Words that may introduce a number-symbol and add nothing to it (folded).
pub(super) const FILLER_WORDS: &[&str] = &[
    "so ky hieu van ban",
    "so hieu van ban",
    "so ky hieu",
    "so hieu",
    "ky hieu",
    "van ban",
    "so",
];

pub(super) const MAX_INPUT_CHARS: usize = 300;
pub(super) const MAX_NUMBER_DIGITS: usize = 6;
pub(super) const MAX_PARTS: usize = 6;
pub(super) const MAX_CANDIDATES: usize = 16;
/// A year of issue: from the Democratic Republic's first documents to a generous future.
pub(super) const YEARS: std::ops::RangeInclusive<u16> = 1945..=2100;
