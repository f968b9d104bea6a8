//! What the search page and API are asked (every value a string, as sent; unknown
//! parameters ignored), what it means as a [`SearchQuery`], and a hit as both show it.

use crate::record::apidoc::ApiField;
use serde::{Deserialize, Serialize};

use super::query::MAX_QUERY_CHARS;
use super::{DocKind, Filters, Granularity, Hit, RelatedAnswers, SearchQuery, Sort};
use crate::lang::Lang;
use crate::legal::public::LegalParams;
use crate::site::hosts::Directory;
use crate::site::SiteId;

/// The search's parameters apart from paging.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    /// `legal`, `news`, `page`, `service`, `qa`, `consultation`; everything when absent.
    pub kind: Option<String>,
    /// A site slug, or `all` (from the province portal, the default there).
    pub site: Option<String>,
    pub lang: Option<String>,
    /// `document` (one result per legal document) or `article`.
    pub granularity: Option<String>,
    /// `relevance` or `date`.
    pub sort: Option<String>,
    /// The legal documents' filters, under the names the legal list takes them by (its
    /// `as_of` is accepted and unused).
    #[serde(flatten)]
    pub legal: LegalParams,
    /// Results per page, as the API's measurement contract names it.
    pub limit: Option<String>,
}

/// A parameter's value, trimmed; `None` when absent or empty.
pub fn value(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The words `kind=` takes, in the order the search page's tabs show them, and the kinds
/// of entries each asks for.
pub const KIND_WORDS: [(&str, &[DocKind]); 12] = [
    ("legal", &[DocKind::LegalDocument, DocKind::LegalArticle]),
    ("news", &[DocKind::News]),
    ("page", &[DocKind::Page]),
    ("service", &[DocKind::PublicService]),
    ("qa", &[DocKind::Question]),
    ("consultation", &[DocKind::Consultation]),
    ("project", &[DocKind::Project]),
    ("procurement", &[DocKind::Procurement]),
    ("dataset", &[DocKind::Dataset]),
    ("plan", &[DocKind::Plan]),
    ("budget", &[DocKind::BudgetDisclosure]),
    ("science", &[DocKind::ScienceTask]),
];

/// The kinds of entries a `kind=` asks for (every kind when absent).
fn kinds(kind: Option<&str>) -> Result<Vec<DocKind>, &'static str> {
    let Some(kind) = kind else {
        return Ok(Vec::new());
    };
    KIND_WORDS
        .iter()
        .find(|(word, _)| *word == kind)
        .map(|(_, kinds)| kinds.to_vec())
        .ok_or("search-bad-kind")
}

impl SearchParams {
    /// The language asked for (`lang=`), Vietnamese by default.
    pub fn lang_asked(&self) -> Result<Lang, &'static str> {
        match value(&self.lang) {
            None => Ok(Lang::Vi),
            Some(l) => Lang::from_code(l).ok_or("error-bad-lang-text"),
        }
    }

    /// The query asked, over the site `own` unless `site=` says (`None`: every site, as the
    /// province portal searches), in `lang`, on page `page` of `per_page` results (`limit=`
    /// overrides it). A bad value is refused with its message.
    pub fn query(
        &self,
        sites: &Directory,
        own: Option<SiteId>,
        lang: Lang,
        (page, per_page): (i64, i64),
    ) -> Result<SearchQuery, &'static str> {
        let per_page = match value(&self.limit) {
            Some(l) => l
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or("error-bad-paging-text")?,
            None => per_page,
        };
        let site_id = match value(&self.site) {
            Some("all") => None,
            Some(slug) => Some(
                sites
                    .by_slug(slug)
                    .map(|s| i64::from(s.id.0))
                    .ok_or("error-bad-site-text")?,
            ),
            None => own.map(|s| i64::from(s.0)),
        };
        let kind = value(&self.kind);
        let granularity = match value(&self.granularity) {
            Some("article") => Granularity::Article,
            Some("document") => Granularity::Document,
            None if kind == Some("legal") => Granularity::Document,
            None => Granularity::Article,
            Some(_) => return Err("search-bad-granularity"),
        };
        let sort = match value(&self.sort) {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Newest,
            Some(_) => return Err("search-bad-sort"),
        };
        let years = match value(&self.legal.year) {
            None => Vec::new(),
            Some(y) => vec![y.parse::<u16>().map_err(|_| "legal-bad-year")?],
        };
        let list = |v: &Option<String>| value(v).map(|s| vec![s.to_string()]).unwrap_or_default();
        // One character more than a query may have, so that search can say it is too long.
        let text: String = self.q.chars().take(MAX_QUERY_CHARS + 1).collect();
        Ok(SearchQuery {
            text,
            filters: Filters {
                kinds: kinds(kind)?,
                site_id,
                lang: Some(lang.code().to_string()),
                doc_types: list(&self.legal.doc_type),
                issuers: list(&self.legal.issuer),
                fields: list(&self.legal.field),
                years,
                statuses: list(&self.legal.status),
            },
            sort,
            granularity,
            page: page as usize,
            per_page: per_page as usize,
        })
    }

    /// The text as the page shows it back (at most a query's length).
    pub fn text_shown(&self) -> String {
        self.q.chars().take(MAX_QUERY_CHARS).collect()
    }

    /// The parameters a link to this search carries, with those of `extra` replaced (an
    /// empty value drops the parameter).
    pub fn pairs_with<'a>(&'a self, extra: &[(&'a str, String)]) -> Vec<(&'a str, String)> {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("q", Some(self.q.as_str())),
            ("kind", value(&self.kind)),
            ("type", value(&self.legal.doc_type)),
            ("issuer", value(&self.legal.issuer)),
            ("field", value(&self.legal.field)),
            ("year", value(&self.legal.year)),
            ("status", value(&self.legal.status)),
            ("sort", value(&self.sort)),
        ] {
            if let (Some(v), false) = (v, extra.iter().any(|(e, _)| *e == k)) {
                pairs.push((k, v.to_string()));
            }
        }
        pairs.extend(extra.iter().filter(|(_, v)| !v.is_empty()).cloned());
        pairs
    }
}

/// An article of a legal document among a hit's best articles.
#[derive(Debug, Serialize)]
pub struct ArticleView {
    pub article: String,
    pub article_title: String,
    pub url: String,
    pub snippet: String,
    /// Published answers that cite the article.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<AnswerLink>,
}

/// A published answer (hỏi đáp) shown beside an article it cites.
#[derive(Debug, Serialize)]
pub struct AnswerLink {
    pub title: String,
    pub url: String,
}

/// A hit as the page and the API show it.
#[derive(Debug, Serialize)]
pub struct HitView {
    pub kind: DocKind,
    /// The document's title for legal entries; the item's title otherwise.
    pub title: String,
    pub url: String,
    pub date: Option<chrono::NaiveDate>,
    pub snippet: String,
    pub score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_symbol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<ArticleView>,
    /// For an article's hit: the published answers that cite it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<AnswerLink>,
}

impl HitView {
    /// A hit with its stored links made into links for the reader by `link`, and the
    /// published answers `related` to its articles.
    pub fn of(h: &Hit, link: &dyn Fn(&str) -> String, related: &RelatedAnswers) -> HitView {
        let is_article = h.kind == DocKind::LegalArticle;
        let answers = |key: &str| -> Vec<AnswerLink> {
            related
                .get(key)
                .into_iter()
                .flatten()
                .map(|a| AnswerLink {
                    title: a.title.clone(),
                    url: link(&a.url),
                })
                .collect()
        };
        HitView {
            kind: h.kind,
            title: match (&h.document_title, is_article) {
                (Some(t), true) => t.clone(),
                _ => h.title.clone(),
            },
            url: link(&h.url),
            date: h.date,
            snippet: h.snippet.clone(),
            score: h.score,
            number_symbol: h.number_symbol.clone(),
            article: is_article.then(|| h.article_number.clone()).flatten(),
            article_title: is_article.then(|| h.title.clone()),
            articles: h
                .articles
                .iter()
                .map(|a| ArticleView {
                    article: a.number.clone(),
                    article_title: a.title.clone(),
                    url: link(&a.url),
                    snippet: a.snippet.clone(),
                    answers: answers(&a.key),
                })
                .collect(),
            answers: if is_article {
                answers(&h.key)
            } else {
                Vec::new()
            },
        }
    }
}

/// A search result in the API.
pub const HIT_FIELDS: &[ApiField] = crate::api_fields![
    "kind": Text => "`legal_document`, `legal_article`, `news`, `page`, `public_service`, `question` or `consultation`.",
    "title": Text => "The item's title (the document's for an article of a legal document).",
    "url": Url => "Its page.",
    "date": Date | null => "Its date (of issue, of publication).",
    "snippet": Text => "The passage that matches, the words sought in `<b>`.",
    "score": Number => "How well it matches.",
    "number_symbol": Text => "A legal document's number-symbol (legal results only).",
    "article": Text => "The article's number (an article's result only).",
    "article_title": Text => "The article's heading (an article's result only).",
    "articles": Objects => "The articles that match, for one result per document: `article`, `article_title`, `url`, `snippet`.",
];

/// What the search's envelope carries besides the paging.
pub const SEARCH_EXTRA: &[ApiField] = crate::api_fields![
    "total_exact": Boolean => "Whether `total` is exact (large counts are estimated).",
    "suggestion": Text | null => "When the results are poor, the spelling probably meant (\"did you mean\"): accents restored, slips corrected to words the index holds.",
    "symbols": Texts => "The number-symbols recognised in the query.",
    "too_long": Boolean => "The query was longer than allowed and was not run.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_refused_with_their_message_and_limit_overrides_the_page_size() {
        let sites = Directory::default();
        let asked = |p: SearchParams| p.query(&sites, None, Lang::Vi, (1, 10));
        let q = asked(SearchParams {
            q: "giấy phép".into(),
            limit: Some("25".into()),
            ..SearchParams::default()
        })
        .unwrap();
        assert_eq!((q.per_page, q.filters.site_id), (25, None));
        assert_eq!(q.granularity, Granularity::Article);
        let legal = asked(SearchParams {
            kind: Some("legal".into()),
            ..SearchParams::default()
        })
        .unwrap();
        assert_eq!(legal.granularity, Granularity::Document);
        for (p, message) in [
            (
                SearchParams {
                    kind: Some("x".into()),
                    ..Default::default()
                },
                "search-bad-kind",
            ),
            (
                SearchParams {
                    sort: Some("x".into()),
                    ..Default::default()
                },
                "search-bad-sort",
            ),
            (
                SearchParams {
                    legal: LegalParams {
                        year: Some("x".into()),
                        ..Default::default()
                    },
                    ..Default::default()
                },
                "legal-bad-year",
            ),
            (
                SearchParams {
                    limit: Some("500".into()),
                    ..Default::default()
                },
                "error-bad-paging-text",
            ),
            (
                SearchParams {
                    site: Some("nowhere".into()),
                    ..Default::default()
                },
                "error-bad-site-text",
            ),
        ] {
            assert_eq!(asked(p).unwrap_err(), message);
        }
    }

    #[test]
    fn a_link_replaces_the_parameters_it_names_and_drops_empty_ones() {
        let p = SearchParams {
            q: "đất".into(),
            kind: Some("legal".into()),
            legal: LegalParams {
                year: Some(" ".into()),
                ..Default::default()
            },
            ..SearchParams::default()
        };
        let pairs = p.pairs_with(&[("kind", String::new()), ("page", "2".into())]);
        assert_eq!(
            pairs,
            vec![("q", "đất".to_string()), ("page", "2".to_string())]
        );
    }
}
