//! News categories (chuyên mục): the category an editor gives a news item, as a public page
//! with its own feed. A category is its name; its address is the name's slug, so names that
//! differ only in case or in how their diacritics were typed share one page.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{ContentKind, ContentState};
use crate::db::schema::content_items;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::site::SiteId;
use crate::text::slugify;

/// A category's address word: `Thông cáo báo chí` → `thong-cao-bao-chi`.
pub fn slug_of(name: &str) -> String {
    slugify(name, super::store::SLUG_MAX)
}

/// A category of a site's news in one language, as its page and the category list show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The name as editors wrote it (the most used spelling when several share the slug).
    pub name: String,
    pub slug: String,
    /// Every stored spelling of it (what the items' `category` holds).
    pub names: Vec<String>,
    /// Its published news.
    pub count: i64,
}

/// Groups category names with their item counts by slug, most items first, then by name;
/// a name that folds to no letter at all has no page.
pub fn group(names: Vec<(String, i64)>) -> Vec<Category> {
    let mut categories: Vec<Grouped> = Vec::new();
    for (name, count) in names {
        let slug = slug_of(&name);
        if slug.is_empty() {
            continue;
        }
        match categories.iter_mut().find(|c| c.category.slug == slug) {
            Some(c) => {
                if count > c.count_of_name {
                    c.category.name = name.clone();
                    c.count_of_name = count;
                }
                c.category.names.push(name);
                c.category.count += count;
            }
            None => categories.push(Grouped {
                category: Category {
                    name: name.clone(),
                    slug,
                    names: vec![name],
                    count,
                },
                count_of_name: count,
            }),
        }
    }
    let mut categories: Vec<Category> = categories.into_iter().map(|g| g.category).collect();
    categories.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    categories
}

/// A category while its spellings are counted.
struct Grouped {
    category: Category,
    count_of_name: i64,
}

/// The categories of a site's news published in a language and visible at `now`.
pub fn of_site(
    conn: &mut DbConn,
    site: SiteId,
    lang: Lang,
    now: NaiveDateTime,
) -> QueryResult<Vec<Category>> {
    let names: Vec<(Option<String>, i64)> = content_items::table
        .filter(content_items::site_id.eq(site.0))
        .filter(content_items::lang.eq(lang.code()))
        .filter(content_items::kind.eq(ContentKind::News.as_str()))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::published_at.le(now))
        .filter(content_items::category.is_not_null())
        .group_by(content_items::category)
        .select((content_items::category, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(group(
        names
            .into_iter()
            .filter_map(|(name, count)| name.map(|n| (n, count)))
            .collect(),
    ))
}

/// The category of a site's news with this slug.
pub fn find(
    conn: &mut DbConn,
    site: SiteId,
    lang: Lang,
    slug: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Category>> {
    Ok(of_site(conn, site, lang, now)?
        .into_iter()
        .find(|c| c.slug == slug))
}

/// The same category in the other language: the category most of its items' published
/// translations are in.
pub fn translated(
    conn: &mut DbConn,
    site: SiteId,
    lang: Lang,
    category: &Category,
    now: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let keys: Vec<String> = content_items::table
        .filter(content_items::site_id.eq(site.0))
        .filter(content_items::lang.eq(lang.code()))
        .filter(content_items::category.eq_any(&category.names))
        .select(content_items::translation_key)
        .load(conn)?;
    let translations = of_site(conn, site, lang.other(), now)?;
    // The translations' categories, counted over the translations of this category's items.
    let of_keys: Vec<Option<String>> = content_items::table
        .filter(content_items::site_id.eq(site.0))
        .filter(content_items::lang.eq(lang.other().code()))
        .filter(content_items::kind.eq(ContentKind::News.as_str()))
        .filter(content_items::translation_key.eq_any(&keys))
        .select(content_items::category)
        .load(conn)?;
    Ok(translations
        .into_iter()
        .map(|c| {
            let n = of_keys
                .iter()
                .flatten()
                .filter(|name| c.names.contains(name))
                .count();
            (n, c.slug)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, slug)| slug))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_fold_alike_share_one_category() {
        let grouped = group(vec![
            ("Thông cáo báo chí".into(), 3),
            ("Thông cáo Báo chí".into(), 1),
            ("Chỉ đạo điều hành".into(), 5),
            ("!!!".into(), 2),
        ]);
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].slug, "chi-dao-dieu-hanh");
        assert_eq!(grouped[0].count, 5);
        assert_eq!(grouped[1].slug, "thong-cao-bao-chi");
        assert_eq!(grouped[1].name, "Thông cáo báo chí");
        assert_eq!(grouped[1].count, 4);
        assert_eq!(grouped[1].names.len(), 2);
    }

    #[test]
    fn the_slug_drops_diacritics_and_the_d_with_stroke() {
        assert_eq!(slug_of("Chỉ đạo điều hành"), "chi-dao-dieu-hanh");
        assert_eq!(slug_of("Press releases"), "press-releases");
    }
}
