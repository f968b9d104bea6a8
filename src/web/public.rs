//! The public pages of every site: home, news, pages, contact.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use tera::Context;

use super::ctx::{iso_time, Ctx, Switch};
use super::paging::{insert_pager, last_page, PageParams};
use crate::cache::Cacheable;
use crate::content::public::{self, Asked, Home, Lookup};
use crate::content::store::{self, ListQuery};
use crate::content::ContentId;
use crate::content::{ContentItem, ContentKind, ContentState, ContentSummary, Visibility};
use crate::error::AppError;
use crate::lang::Lang;
use crate::media::library::Picture;
use crate::media::MediaId;
use crate::site::{SiteId, SiteKind};
use crate::urls::{self, Section};

/// A content item in a list, as templates see it.
#[derive(Serialize)]
pub struct Card {
    pub title: String,
    pub summary: String,
    pub url: String,
    pub date: String,
    pub datetime: String,
    pub author: String,
    pub source: String,
    /// The publishing site, when the list mixes sites.
    pub site_name: Option<String>,
    /// The cover image, when the list shows pictures.
    pub image: Option<Picture>,
}

impl Card {
    fn of(ctx: &Ctx, s: &ContentSummary, show_site: bool) -> Card {
        let path = urls::item_path(s.kind, s.lang, s.id, &s.slug);
        let site = ctx.directory.get(s.site_id);
        Card {
            title: s.title.clone(),
            summary: s.summary.clone(),
            url: site.map_or(path.clone(), |site| ctx.link(site, &path)),
            date: ctx.date(s.published_at),
            datetime: iso_time(s.published_at),
            author: s.author.clone(),
            source: s.source.clone(),
            site_name: show_site
                .then(|| site.map(|s| s.short_name(ctx.lang).to_string()))
                .flatten(),
            image: None,
        }
    }
}

/// The cards of a list's items.
pub(super) fn cards(ctx: &Ctx, items: &[ContentSummary], show_site: bool) -> Vec<Card> {
    items.iter().map(|s| Card::of(ctx, s, show_site)).collect()
}

/// The cards of a list's items with their cover pictures (one more read for them all).
pub(super) async fn cards_with_pictures(
    ctx: &Ctx,
    items: &[ContentSummary],
    show_site: bool,
) -> Result<Vec<Card>, AppError> {
    let covers: Vec<MediaId> = items.iter().filter_map(|s| s.cover).collect();
    let mut pictures = if covers.is_empty() {
        Default::default()
    } else {
        ctx.state
            .db
            .read(move |c| Ok(crate::media::library::pictures(c, covers)?))
            .await?
    };
    Ok(items
        .iter()
        .map(|s| Card {
            image: s.cover.and_then(|m| pictures.remove(&m)),
            ..Card::of(ctx, s, show_site)
        })
        .collect())
}

/// The cache policy of a page that shows only this site's content.
fn own_site(ctx: &Ctx) -> Cacheable {
    Cacheable::until(Some(ctx.site.id), None)
}

/// A site's home: its latest news and pages; the province portal also shows the
/// latest news of its departments and communes.
pub async fn home(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (site, lang) = (ctx.site.id, ctx.lang);
    let is_portal = ctx.site.kind == SiteKind::Province;
    // The portal's home aggregates every site.
    let scope = (!is_portal).then_some(site);
    let now = ctx.state.clock.now().naive_utc();
    let Home {
        news,
        pages,
        network,
        next,
    } = ctx
        .state
        .db
        .read(move |c| Ok(crate::content::public::home(c, site, lang, is_portal, now)?))
        .await?;
    // Today's engagements of the leaders (regulation art. 8.2c), until midnight.
    let (schedule, tomorrow) = super::directory::today_entries(&ctx).await?;
    let next = [next, tomorrow].into_iter().flatten().min();
    let mut context = home_lists(&ctx).await?;
    context.insert("json_ld", &organisation_json_ld(&ctx));
    context.insert("schedule_today", &schedule);
    context.insert("schedule_url", &Section::Schedule.path(ctx.lang));
    context.insert("news", &cards_with_pictures(&ctx, &news, false).await?);
    context.insert("pages", &cards(&ctx, &pages, false));
    context.insert(
        "network_news",
        &cards_with_pictures(&ctx, &network, true).await?,
    );
    let other = Section::Home.path(ctx.lang.other());
    ctx.render(
        "home.html",
        context,
        Some(other),
        Cacheable::until(scope, next),
    )
}

/// A link to an item of any site, as the home's short lists show it.
#[derive(Serialize)]
struct HomeLink {
    url: String,
    title: String,
    /// The number-symbol of a legal document, its status and status name.
    symbol: Option<String>,
    status: Option<crate::legal::status::Status>,
    status_name: Option<String>,
    date: Option<String>,
    /// The site it comes from, on the portal's aggregated lists.
    site_name: Option<String>,
}

impl HomeLink {
    fn new(ctx: &Ctx, site: SiteId, kind: ContentKind, lang: Lang, id: i32, slug: &str) -> Self {
        let path = urls::item_path(kind, lang, ContentId(id), slug);
        let site = ctx.directory.get(site);
        HomeLink {
            url: site.map_or(path.clone(), |s| ctx.link(s, &path)),
            title: String::new(),
            symbol: None,
            status: None,
            status_name: None,
            date: None,
            site_name: site
                .filter(|s| s.id != ctx.site.id)
                .map(|s| s.short_name(ctx.lang).to_string()),
        }
    }
}

/// The home's lists beside the news (regulation art. 8: legal documents, public services,
/// questions and answers): the latest documents, the procedures to offer first with the
/// catalogue's search box, the latest answers. The portal's cover every site.
async fn home_lists(ctx: &Ctx) -> Result<Context, AppError> {
    let (lang, now) = (ctx.lang, ctx.state.clock.now().naive_utc());
    let scope = (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id);
    let today = crate::directory::week::vietnam_day(now);
    let (documents, (procedures, by_use), answers) = ctx
        .state
        .db
        .read(move |c| {
            let documents = crate::legal::store::list(
                c,
                &crate::legal::store::LegalQuery {
                    site: scope,
                    lang: Some(lang),
                    limit: 5,
                    newest_published: true,
                    ..Default::default()
                },
                today,
            )?;
            let procedures = crate::services::catalogue::offered_first(
                crate::services::store::published(c, scope, lang)?,
                &crate::services::store::uses_by_code(c)?,
                6,
            );
            let answers = store::list_published(
                c,
                &ListQuery {
                    site: scope,
                    lang,
                    kind: ContentKind::Answer,
                    page: 1,
                    per_page: 5,
                    now,
                    on_portal_only: false,
                    categories: None,
                },
            )?;
            Ok((documents.items, procedures, answers.items))
        })
        .await?;
    let documents: Vec<HomeLink> = documents
        .iter()
        .map(|d| HomeLink {
            title: d.abstract_text.clone(),
            symbol: Some(d.heading.number_symbol.clone()),
            status: Some(d.status),
            status_name: Some(ctx.state.renderer.message(lang, d.status.message_id())),
            date: d
                .heading
                .issued_on
                .map(|day| crate::clock::day_text(day, lang)),
            ..HomeLink::new(
                ctx,
                SiteId(d.site_id),
                ContentKind::LegalDocument,
                lang,
                d.id,
                &d.slug,
            )
        })
        .collect();
    let procedures: Vec<HomeLink> = procedures
        .iter()
        .map(|p| HomeLink {
            title: p.name.clone(),
            ..HomeLink::new(
                ctx,
                SiteId(p.site_id),
                ContentKind::Procedure,
                lang,
                p.id,
                &p.slug,
            )
        })
        .collect();
    let answers: Vec<HomeLink> = answers
        .iter()
        .map(|a| HomeLink {
            title: a.title.clone(),
            date: Some(ctx.date(a.published_at)),
            ..HomeLink::new(ctx, a.site_id, ContentKind::Answer, lang, a.id.0, &a.slug)
        })
        .collect();
    let mut context = Context::new();
    context.insert("documents", &documents);
    context.insert("procedures", &procedures);
    context.insert("procedures_by_use", &by_use);
    context.insert("answers", &answers);
    context.insert("legal_url", Section::Legal.path(lang));
    context.insert("services_url", Section::Services.path(lang));
    context.insert("questions_url", Section::Questions.path(lang));
    context.insert("search_url", Section::Search.path(lang));
    Ok(context)
}

/// schema.org `GovernmentOrganization` of a site's home: its name, address and contacts,
/// and the province it belongs to.
fn organisation_json_ld(ctx: &Ctx) -> String {
    let site = &ctx.site;
    let origin = ctx.origin_of(site);
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": site.name(ctx.lang),
        "alternateName": site.short_name(ctx.lang),
        "url": format!("{origin}{}", Section::Home.path(ctx.lang)),
        "inLanguage": ctx.lang.code(),
    });
    let contact = [
        ("address", ctx.lang.pick(&site.address_vi, &site.address_en)),
        ("telephone", site.phone.as_str()),
        ("faxNumber", site.fax.as_str()),
        ("email", site.email.as_str()),
    ];
    for (key, value) in contact.into_iter().filter(|(_, v)| !v.trim().is_empty()) {
        data[key] = serde_json::Value::String(value.to_string());
    }
    if let Some(province) = ctx.directory.province().filter(|p| p.id != site.id) {
        data["parentOrganization"] = serde_json::json!({
            "@type": "GovernmentOrganization",
            "name": province.name(ctx.lang),
            "url": ctx.origin_of(province),
        });
    }
    crate::render::json_ld(&data)
}

/// A site's news, newest first, ten to a page.
pub async fn news_list(ctx: Ctx, params: web::Query<PageParams>) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("categories_url", &urls::category_path(ctx.lang, ""));
    let list = (ContentKind::News, Section::News, "news_list.html");
    published_list(ctx, params, list, context).await
}

/// The published items of one kind, newest first, ten to a page: the site's own, or for
/// answers on the province portal every site's (a citizen asks whichever body is competent).
pub(super) async fn published_list(
    ctx: Ctx,
    params: web::Query<PageParams>,
    (kind, section, template): (ContentKind, Section, &str),
    mut context: Context,
) -> Result<HttpResponse, AppError> {
    let paging = params.validate(10)?;
    let every_site = kind == ContentKind::Answer && ctx.site.kind == SiteKind::Province;
    let site = (!every_site).then_some(ctx.site.id);
    let now = ctx.state.clock.now().naive_utc();
    let q = ListQuery::page_of(kind, ctx.lang, site, (paging.page, paging.per_page), now);
    let listing = ctx
        .state
        .db
        .read(move |c| Ok(store::list_published(c, &q)?))
        .await?;
    let (items, total, next) = (listing.items, listing.total, listing.next_change);
    let last = last_page(total, paging.per_page);
    if paging.page > last {
        return Err(AppError::NotFound);
    }
    let cards = cards_with_pictures(&ctx, &items, every_site).await?;
    context.insert("items", &cards);
    context.insert("total", &total);
    insert_pager(&mut context, section.path(ctx.lang), &[], paging.page, last);
    let other = section.path(ctx.lang.other());
    ctx.render(template, context, Some(other), Cacheable::until(site, next))
}

/// `/tin-tuc/{id}-{slug}` and `/en/news/{id}-{slug}`.
pub async fn news_item(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    show_item(ctx, ContentKind::News, segment.into_inner()).await
}

/// `/trang/{id}-{slug}` (or `/trang/{translation key}`, redirected) and `/en/pages/…`.
pub async fn page_item(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    show_item(ctx, ContentKind::Page, segment.into_inner()).await
}

pub(super) async fn show_item(
    ctx: Ctx,
    kind: ContentKind,
    segment: String,
) -> Result<HttpResponse, AppError> {
    let (site, lang, path) = (ctx.site.id, ctx.lang, ctx.path.clone());
    let lookup = ctx
        .state
        .db
        .read(move |c| {
            let asked = Asked {
                site,
                lang,
                path: &path,
                segment: &segment,
            };
            Ok(public::lookup(
                c,
                kind,
                &asked,
                crate::review::store::change_notes,
            )?)
        })
        .await?;
    let (item, translation, notes, cover) = match lookup {
        Lookup::Missing => return Err(AppError::NotFound),
        Lookup::MovedTo(item) if item.state != ContentState::Draft => {
            return Ok(redirect_to_item(&ctx, &item));
        }
        Lookup::MovedTo(_) => return Err(AppError::NotFound),
        Lookup::Found(found) => {
            let (item, translation, notes, cover) = *found;
            (Box::new(item), translation, notes, cover)
        }
    };
    let visibility = item.visibility(ctx.state.clock.now().naive_utc());
    if visibility == Visibility::Hidden {
        return Err(AppError::NotFound);
    }
    let canonical = urls::item_path(item.kind, item.lang, item.id, &item.text.slug);
    let counterpart = translation
        .as_ref()
        .map(|t| urls::item_path(t.kind, t.lang, t.id, &t.slug));
    if item.site_id != ctx.site.id || canonical != ctx.path {
        return other_address(&ctx, &item, counterpart.as_deref());
    }
    visibility.readable()?;
    let (id, revised) = (item.id, item.revised_at);
    let outdated = match translation.filter(|_| item.lang == Lang::En) {
        Some(_) => ctx.state.db.read(move |c| Ok(store::newer_source(c, id, revised)?)).await?,
        None => None,
    }
    .map(|s| serde_json::json!({"date": ctx.date(s.revised_at), "url": urls::item_path(s.kind, s.lang, s.id, &s.text.slug)}));
    let mut context = Context::new();
    context.insert("outdated", &outdated);
    context.insert("item", &*item);
    context.insert("date", &ctx.date(item.published_at));
    context.insert("datetime", &iso_time(item.published_at));
    context.insert(
        "revised",
        &(item.revised_at > item.published_at).then(|| ctx.date(item.revised_at)),
    );
    context.insert("withdrawn", &(item.state == ContentState::Withdrawn));
    let article = item.kind == ContentKind::News;
    context.insert("social_article", &article);
    // A withdrawn item stays readable, but is no longer offered to search engines as news.
    let json_ld = (article && item.state == ContentState::Published)
        .then(|| news_json_ld(&ctx, &item, cover.as_ref()));
    context.insert("json_ld", &json_ld);
    context.insert("cover", &cover);
    // The section the breadcrumbs pass through (pages hang from the home).
    let section_title_id = match item.kind {
        ContentKind::News => Some("news-list-title"),
        ContentKind::Answer => Some("questions-title"),
        _ => None,
    };
    context.insert("section_title_id", &section_title_id);
    let notes: Vec<(String, String)> = notes
        .into_iter()
        .map(|(at, note)| (ctx.date(at), note))
        .collect();
    context.insert("change_notes", &notes);
    context.insert("section_url", &urls::kind_path(item.kind, ctx.lang));
    // A news item links to its category's page.
    let category_url = item
        .text
        .category
        .as_deref()
        .filter(|_| item.kind == ContentKind::News)
        .map(crate::content::categories::slug_of)
        .filter(|slug| !slug.is_empty())
        .map(|slug| urls::category_path(ctx.lang, &slug));
    context.insert("category_url", &category_url);
    let switch = untranslated_path(&item, counterpart);
    ctx.render_switching("item.html", context, switch, own_site(&ctx))
}

/// schema.org `NewsArticle` of a published news item: headline, lead, dates, author,
/// publishing agency and cover picture.
fn news_json_ld(ctx: &Ctx, item: &ContentItem, cover: Option<&Picture>) -> String {
    let url = ctx.absolute(urls::item_path(
        item.kind,
        item.lang,
        item.id,
        &item.text.slug,
    ));
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.text.title,
        "description": item.text.summary,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": item.lang.code(),
        "datePublished": crate::clock::iso_time(item.published_at),
        "dateModified": crate::clock::iso_time(item.revised_at),
        "author": {"@type": "Person", "name": item.text.author},
        "sourceOrganization": {"@type": "Organization", "name": item.text.source},
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": ctx.site.name(ctx.lang),
            "url": ctx.absolute(Section::Home.path(ctx.lang).to_string()),
        },
    });
    if let Some(category) = &item.text.category {
        data["articleSection"] = serde_json::Value::String(category.clone());
    }
    if let Some(p) = cover {
        data["image"] = serde_json::json!({
            "@type": "ImageObject",
            "url": ctx.absolute(p.url.clone()),
            "caption": p.caption,
            "creditText": p.credit,
        });
    }
    crate::render::json_ld(&data)
}

/// Where the language switch of an item's page leads: its translation, or the page in the
/// other language saying there is none.
pub(super) fn untranslated_path(item: &ContentItem, translation: Option<String>) -> Switch {
    match translation {
        Some(path) => Switch::Translation(path),
        None => Switch::Untranslated(urls::item_path(
            item.kind,
            item.lang.other(),
            item.id,
            &item.text.slug,
        )),
    }
}

/// An item asked for at an address not its own: in the other language, its translation or
/// a page saying it has none (never a silent jump to the home page); else its canonical
/// address.
pub(super) fn other_address(
    ctx: &Ctx,
    item: &ContentItem,
    translation: Option<&str>,
) -> Result<HttpResponse, AppError> {
    if item.site_id != ctx.site.id || item.lang == ctx.lang {
        return Ok(redirect_to_item(ctx, item));
    }
    if let Some(path) = translation {
        return Ok(HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, path.to_string()))
            .finish());
    }
    if item.visibility(ctx.state.clock.now().naive_utc()) != Visibility::Public {
        return Ok(redirect_to_item(ctx, item));
    }
    let original = urls::item_path(item.kind, item.lang, item.id, &item.text.slug);
    let mut context = Context::new();
    context.insert(
        "original",
        &serde_json::json!({
            "title": item.text.title,
            "url": original,
            "lang": item.lang.code(),
        }),
    );
    context.insert("section_url", &urls::kind_path(item.kind, ctx.lang));
    ctx.render_switching(
        "untranslated.html",
        context,
        Switch::Untranslated(original),
        own_site(ctx),
    )
}

/// A permanent redirect to an item's canonical address (on its own site).
pub(super) fn redirect_to_item(ctx: &Ctx, item: &ContentItem) -> HttpResponse {
    let path = urls::item_path(item.kind, item.lang, item.id, &item.text.slug);
    let location = match ctx.directory.get(item.site_id) {
        Some(site) => ctx.link(site, &path),
        None => path,
    };
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// An item with a record of its own (a legal document, a procedure) as its page shows it:
/// the item, what its kind reads of it, and the path of its published translation.
pub(super) struct Located<T> {
    pub item: Box<ContentItem>,
    pub view: T,
    pub counterpart: Option<String>,
}

/// The public item of `kind` at `/{section}/{id}-{slug}` with `view` of it: a former address
/// redirects to where the item moved, a wrong slug or site to its canonical address; drafts,
/// items not yet due and unknown addresses are 404, taken-down items 410 with their note.
/// `Err(Ok(response))` is the answer to send instead of the page.
pub(super) async fn locate<T: Send + 'static>(
    ctx: &Ctx,
    segment: &str,
    kind: ContentKind,
    view: impl FnOnce(&mut crate::db::DbConn, &ContentItem) -> Result<Option<T>, AppError>
        + Send
        + 'static,
) -> Result<Located<T>, Result<HttpResponse, AppError>> {
    enum Found<T> {
        Item(Located<T>),
        MovedTo(Box<ContentItem>),
        Missing,
    }
    let parsed = urls::parse_item_segment(segment).map(|(id, _)| id);
    let (site, path) = (ctx.site.id, ctx.path.clone());
    let found = ctx
        .state
        .db
        .read(move |c| {
            if let Some(item) = parsed
                .map(|id| store::find(c, id))
                .transpose()?
                .flatten()
                .filter(|i| i.kind == kind)
            {
                if let Some(view) = view(c, &item)? {
                    let counterpart = match item.state {
                        ContentState::Published => store::published_translation(c, &item)?
                            .map(|t| urls::item_path(t.kind, t.lang, t.id, &t.slug)),
                        _ => None,
                    };
                    return Ok(Found::Item(Located {
                        item: Box::new(item),
                        view,
                        counterpart,
                    }));
                }
            }
            let moved = match store::moved_to(c, site, &path)? {
                Some(id) => store::find(c, id)?,
                None => None,
            };
            Ok(moved.map_or(Found::Missing, |m| Found::MovedTo(Box::new(m))))
        })
        .await
        .map_err(Err)?;
    let located = match found {
        Found::Missing => return Err(Err(AppError::NotFound)),
        Found::MovedTo(item) if item.state != ContentState::Draft => {
            return Err(Ok(redirect_to_item(ctx, &item)));
        }
        Found::MovedTo(_) => return Err(Err(AppError::NotFound)),
        Found::Item(located) => located,
    };
    let item = &located.item;
    let visibility = item.visibility(ctx.state.clock.now().naive_utc());
    if visibility == Visibility::Hidden {
        return Err(Err(AppError::NotFound));
    }
    let canonical = urls::item_path(item.kind, item.lang, item.id, &item.text.slug);
    if item.site_id != ctx.site.id || canonical != ctx.path {
        return Err(other_address(ctx, item, located.counterpart.as_deref()));
    }
    visibility.readable().map_err(Err)?;
    Ok(located)
}

/// The site's own contact details and office hours.
pub async fn contact(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let other = Section::Contact.path(ctx.lang.other());
    let policy = own_site(&ctx);
    ctx.render("contact.html", Context::new(), Some(other), policy)
}
