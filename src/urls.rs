//! The public URL scheme, in one place: Vietnamese path words at the root, the same
//! structure in English words under `/en/`. Content is addressed by a stable id plus a
//! readable slug (`/tin-tuc/12-khai-mac-hoi-cho`); former paths redirect (URL history).

use crate::content::{ContentId, ContentKind};
use crate::lang::Lang;

/// A part of a site with its own path word in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    News,
    Page,
    Contact,
    /// The legal registry (văn bản).
    Legal,
    /// The provincial gazette (Công báo).
    Gazette,
    /// Site search.
    Search,
    /// The catalogue of administrative procedures and online public services.
    Services,
    /// Citizens' questions and their answers (hỏi đáp).
    Questions,
    /// The organisation chart and its units (cơ cấu tổ chức).
    Organisation,
    /// The officials' directory (danh bạ).
    Directory,
    /// The leaders' work schedules (lịch công tác).
    Schedule,
    /// The site map: every section, and every site of the province.
    SiteMap,
    /// Public consultations on drafts (lấy ý kiến dự thảo).
    Consultations,
}

impl Section {
    /// The sections a site map lists, with the message naming each.
    pub const SITE_MAP: [(Section, &'static str); 11] = [
        (Section::Home, "site-map-home"),
        (Section::News, "news-list-title"),
        (Section::Organisation, "organisation-title"),
        (Section::Directory, "directory-title"),
        (Section::Schedule, "schedule-title"),
        (Section::Legal, "legal-list-title"),
        (Section::Gazette, "gazette-title"),
        (Section::Services, "services-list-title"),
        (Section::Questions, "questions-title"),
        (Section::Search, "search-title"),
        (Section::Contact, "contact-title"),
    ];

    /// Where a search that found nothing sends the reader, with the message of each link.
    pub const NOTHING_FOUND: [(Section, &'static str); 4] = [
        (Section::Legal, "search-help-legal"),
        (Section::Services, "search-help-services"),
        (Section::Directory, "search-help-directory"),
        (Section::Questions, "search-help-ask"),
    ];

    /// The section's path in a language, without a trailing slash except for the home.
    pub fn path(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Section::Home, Lang::Vi) => "/",
            (Section::Home, Lang::En) => "/en/",
            (Section::News, Lang::Vi) => "/tin-tuc",
            (Section::News, Lang::En) => "/en/news",
            (Section::Page, Lang::Vi) => "/trang",
            (Section::Page, Lang::En) => "/en/pages",
            (Section::Contact, Lang::Vi) => "/lien-he",
            (Section::Contact, Lang::En) => "/en/contact",
            (Section::Legal, Lang::Vi) => "/van-ban",
            (Section::Legal, Lang::En) => "/en/legal-documents",
            (Section::Gazette, Lang::Vi) => "/cong-bao",
            (Section::Gazette, Lang::En) => "/en/gazette",
            (Section::Search, Lang::Vi) => "/tim-kiem",
            (Section::Search, Lang::En) => "/en/search",
            (Section::Services, Lang::Vi) => "/thu-tuc-hanh-chinh",
            (Section::Services, Lang::En) => "/en/public-services",
            (Section::Questions, Lang::Vi) => "/hoi-dap",
            (Section::Questions, Lang::En) => "/en/questions",
            (Section::Organisation, Lang::Vi) => "/co-cau-to-chuc",
            (Section::Organisation, Lang::En) => "/en/organisation",
            (Section::Directory, Lang::Vi) => "/danh-ba",
            (Section::Directory, Lang::En) => "/en/directory",
            (Section::Schedule, Lang::Vi) => "/lich-cong-tac",
            (Section::Schedule, Lang::En) => "/en/work-schedule",
            (Section::SiteMap, Lang::Vi) => "/so-do-trang",
            (Section::SiteMap, Lang::En) => "/en/site-map",
            (Section::Consultations, Lang::Vi) => "/lay-y-kien",
            (Section::Consultations, Lang::En) => "/en/consultations",
        }
    }

    /// The section of text-only content (pages and news); kinds of record have the
    /// paths they declare ([`kind_path`]).
    pub fn of_kind(kind: ContentKind) -> Option<Section> {
        match kind {
            ContentKind::News => Some(Section::News),
            ContentKind::Page => Some(Section::Page),
            _ => None,
        }
    }
}

/// The path a kind's items hang from (`/tin-tuc`, `/van-ban`): a kind of record's declared
/// paths, else its section's.
pub fn kind_path(kind: ContentKind, lang: Lang) -> &'static str {
    match crate::kinds::registry().get(kind) {
        Some(k) => k.paths().of(lang),
        None => Section::of_kind(kind)
            .unwrap_or(Section::Home)
            .path(lang)
            .trim_end_matches('/'),
    }
}

/// The canonical path of a content item.
pub fn item_path(kind: ContentKind, lang: Lang, id: ContentId, slug: &str) -> String {
    format!("{}/{}-{}", kind_path(kind, lang), id.0, slug)
}

/// The page of a news category (`/tin-tuc/chuyen-muc/thong-cao-bao-chi`); with an empty
/// slug, the list of categories. Its feed is `{path}/feed.atom`.
pub fn category_path(lang: Lang, slug: &str) -> String {
    let word = match lang {
        Lang::Vi => "chuyen-muc",
        Lang::En => "category",
    };
    let base = format!("{}/{word}", Section::News.path(lang));
    if slug.is_empty() {
        base
    } else {
        format!("{base}/{slug}")
    }
}

/// The registry's address of a number-symbol (`/van-ban/so/17/2019/QĐ-UBND`), which
/// redirects to the document; `None` for an empty one.
pub fn legal_symbol_path(lang: Lang, symbol: &str) -> Option<String> {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_');
    let symbol = symbol.trim();
    if symbol.is_empty() {
        return None;
    }
    let word = match lang {
        Lang::Vi => "so",
        Lang::En => "number",
    };
    Some(format!(
        "{}/{word}/{}",
        Section::Legal.path(lang),
        percent_encoding::utf8_percent_encode(symbol, SEGMENT)
    ))
}

/// Splits the last path segment `12-khai-mac` into the id and the slug.
pub fn parse_item_segment(segment: &str) -> Option<(ContentId, &str)> {
    let (id, slug) = match segment.split_once('-') {
        Some((id, slug)) => (id, slug),
        None => (segment, ""),
    };
    let id: i32 = id.parse().ok().filter(|n| *n > 0)?;
    Some((ContentId(id), slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_paths_carry_id_and_slug_in_the_language_of_the_page() {
        assert_eq!(
            item_path(ContentKind::News, Lang::Vi, ContentId(12), "khai-mac"),
            "/tin-tuc/12-khai-mac"
        );
        assert_eq!(
            item_path(ContentKind::Page, Lang::En, ContentId(3), "introduction"),
            "/en/pages/3-introduction"
        );
    }

    #[test]
    fn category_paths_use_the_words_of_each_language() {
        assert_eq!(
            category_path(Lang::Vi, "thong-cao-bao-chi"),
            "/tin-tuc/chuyen-muc/thong-cao-bao-chi"
        );
        assert_eq!(
            category_path(Lang::En, "press-releases"),
            "/en/news/category/press-releases"
        );
        assert_eq!(category_path(Lang::En, ""), "/en/news/category");
    }

    #[test]
    fn item_segments_parse_or_refuse() {
        assert_eq!(
            parse_item_segment("12-khai-mac"),
            Some((ContentId(12), "khai-mac"))
        );
        assert_eq!(parse_item_segment("12"), Some((ContentId(12), "")));
        assert_eq!(parse_item_segment("gioi-thieu"), None);
        assert_eq!(parse_item_segment("0-x"), None);
        assert_eq!(parse_item_segment("99999999999999-x"), None);
    }
}
