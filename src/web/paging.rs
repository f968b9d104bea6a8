//! Paging shared by every list, and the one JSON envelope for lists:
//! `{"results": [...], "total": N, "page": P, "per_page": K}`.

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::record::apidoc::ApiParam;

/// The most items one page may hold.
pub const MAX_PER_PAGE: i64 = 100;

/// `?page=&per_page=` as sent.
#[derive(Debug, Deserialize, Default)]
pub struct PageParams {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// What the API's document says of `page` and `per_page`.
pub const PAGE_PARAMS: &[ApiParam] = crate::api_params![
    "page" => "The page, from 1.",
    "per_page" => "Results on a page, 1 to 100 (each list has its default).",
];

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl PageParams {
    /// Checks the numbers: page ≥ 1, 1 ≤ per_page ≤ 100.
    pub fn validate(&self, default_per_page: i64) -> Result<Paging, AppError> {
        let parse = |v: &Option<String>, default: i64| match v.as_deref().map(str::trim) {
            None | Some("") => Ok(default),
            Some(s) => s
                .parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-bad-paging-text")),
        };
        let page = parse(&self.page, 1)?;
        let per_page = parse(&self.per_page, default_per_page)?;
        if !(1..=100_000).contains(&page) || !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(AppError::BadRequest("error-bad-paging-text"));
        }
        Ok(Paging { page, per_page })
    }
}

/// The list envelope.
#[derive(Debug, Serialize)]
pub struct Envelope<T: Serialize> {
    pub results: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T: Serialize> Envelope<T> {
    pub fn new(results: Vec<T>, total: i64, paging: Paging) -> Self {
        Envelope {
            results,
            total,
            page: paging.page,
            per_page: paging.per_page,
        }
    }
}

/// Puts a pager in a template's context: the page, the last page, and the links to the
/// pages before and after, which keep the list's filters (`base?field=…&page=2`).
pub fn insert_pager(
    context: &mut tera::Context,
    base: &str,
    filters: &[(&str, String)],
    page: i64,
    last: i64,
) {
    let url = |p: i64| {
        let mut pairs = filters.to_vec();
        if p > 1 {
            pairs.push(("page", p.to_string()));
        }
        match serde_urlencoded::to_string(&pairs) {
            Ok(q) if !q.is_empty() => format!("{base}?{q}"),
            _ => base.to_string(),
        }
    };
    context.insert("pager_page", &page);
    context.insert("pager_last", &last);
    context.insert("prev_url", &(page > 1).then(|| url(page - 1)));
    context.insert("next_url", &(page < last).then(|| url(page + 1)));
}

/// Page numbers for a pager: the last page of `total` items.
pub fn last_page(total: i64, per_page: i64) -> i64 {
    ((total + per_page - 1) / per_page).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(page: Option<&str>, per: Option<&str>) -> PageParams {
        PageParams {
            page: page.map(String::from),
            per_page: per.map(String::from),
        }
    }

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            params(None, None).validate(10).unwrap(),
            Paging {
                page: 1,
                per_page: 10
            }
        );
        assert!(params(Some("0"), None).validate(10).is_err());
        assert!(params(Some("abc"), None).validate(10).is_err());
        assert!(params(None, Some("101")).validate(10).is_err());
        assert!(params(Some("-1"), None).validate(10).is_err());
        assert_eq!(last_page(0, 10), 1);
        assert_eq!(last_page(21, 10), 3);
    }
}
