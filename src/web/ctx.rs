//! The request's context for public pages: the site (chosen by the host), the language
//! (chosen by the path), and the shared page chrome every template receives.

use std::future::{ready, Ready};
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;
use tera::Context;

use crate::app::AppState;
use crate::cache::Cacheable;
use crate::error::AppError;
use crate::lang::Lang;
use crate::site::banners::{Banner, BannerKind};
use crate::site::hosts::Directory;
use crate::site::{MenuItem, Site, SiteKind};
use crate::urls::Section;

/// Put in the request by the site-selection middleware.
#[derive(Clone)]
pub struct CurrentSite {
    pub site: Arc<Site>,
    pub directory: Arc<Directory>,
    /// The page is shown on a host that is not the site's own (an unknown host's error
    /// page borrows the province's chrome), so every link must be absolute.
    pub foreign_host: bool,
}

/// The `Host` header as sent (or the URI authority for HTTP/2).
pub fn request_host(req: &HttpRequest) -> &str {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or("")
}

/// Everything a public handler needs about the request.
pub struct Ctx {
    pub state: web::Data<AppState>,
    pub site: Arc<Site>,
    pub directory: Arc<Directory>,
    pub lang: Lang,
    pub path: String,
    foreign_host: bool,
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Ctx, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ctx::of(req))
    }
}

impl Ctx {
    pub fn of(req: &HttpRequest) -> Result<Ctx, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("application state missing")))?;
        let current = req
            .extensions()
            .get::<CurrentSite>()
            .cloned()
            .ok_or(AppError::UnknownSite)?;
        Ok(Ctx {
            lang: Lang::of_path(req.path()),
            path: req.path().to_string(),
            foreign_host: current.foreign_host,
            site: current.site,
            directory: current.directory,
            state,
        })
    }

    /// `http://skhcn.localhost:8080` for a site, from the configuration (never the request).
    pub fn origin_of(&self, site: &Site) -> String {
        site.origin(&self.state.config)
    }

    /// The canonical absolute URL of a path of a site: what every API `url` field gives,
    /// because the province portal lists items of every site and a bare path would be
    /// ambiguous there.
    pub fn url_of(&self, site: &Site, path: &str) -> String {
        format!("{}{path}", self.origin_of(site))
    }

    /// A link made absolute (on this site's origin) for JSON, which is read out of context.
    pub fn absolute(&self, url: String) -> String {
        if url.starts_with('/') {
            self.url_of(&self.site, &url)
        } else {
            url
        }
    }

    /// A link to a path of a site: relative on this site, absolute on another.
    pub fn link(&self, site: &Site, path: &str) -> String {
        if site.id == self.site.id && !self.foreign_host {
            path.to_string()
        } else {
            format!("{}{}", self.origin_of(site), path)
        }
    }

    /// Renders a page of this site with the chrome, marking it cacheable.
    pub fn render(
        &self,
        template: &str,
        context: Context,
        counterpart: Option<&str>,
        policy: Cacheable,
    ) -> Result<HttpResponse, AppError> {
        let switch = counterpart.map_or(Switch::Home, |c| Switch::Translation(c.to_string()));
        self.render_switching(template, context, switch, policy)
    }

    /// Renders a page whose language switch leads where `switch` says.
    pub fn render_switching(
        &self,
        template: &str,
        mut context: Context,
        switch: Switch,
        policy: Cacheable,
    ) -> Result<HttpResponse, AppError> {
        let mut chrome = self.chrome(switch.translation());
        if let Switch::Untranslated(path) = &switch {
            chrome.switch.href = self.link(&self.site, path);
        }
        context.insert("page", &chrome);
        context.insert("lang", self.lang.code());
        let html = self.render_html(template, &context)?;
        let mut response = html_response(html, self.lang);
        // A page showing banners is rebuilt when one starts or ends.
        let banner_change = chrome.banners_change.map(|t| t.and_utc());
        let policy = Cacheable {
            expires_at: match (policy.expires_at, banner_change) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            ..policy
        };
        response.extensions_mut().insert(policy);
        Ok(response)
    }

    /// A public page's HTML with its OpenGraph and Twitter-card meta (the context carries
    /// `page` and `lang` already).
    pub fn render_html(&self, template: &str, context: &Context) -> Result<Vec<u8>, AppError> {
        let html = self.state.renderer.render(template, context)?;
        Ok(crate::render::social::with_social_meta(
            html,
            &self.social(context),
        ))
    }

    /// What a shared link to the page shows besides its head's title and description: an
    /// item's cover picture (`cover`) and whether it is an article (`social_article`).
    fn social(&self, context: &Context) -> crate::render::social::Social {
        let image = context.get("cover").and_then(|c| {
            let url = c.get("url")?.as_str()?;
            let alt = c.get("alt")?.as_str()?;
            Some((self.absolute(url.to_string()), alt.to_string()))
        });
        crate::render::social::Social {
            site_name: self.site.name(self.lang).to_string(),
            locale: match self.lang {
                Lang::Vi => "vi_VN",
                Lang::En => "en_US",
            },
            article: context
                .get("social_article")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            image,
        }
    }

    /// The chrome of a page: site identity, menu, language switch and `hreflang` links.
    /// `counterpart` is the path of this page in the other language, when it exists.
    pub fn chrome(&self, counterpart: Option<&str>) -> Chrome {
        let origin = self.origin_of(&self.site);
        let other = self.lang.other();
        let switch_path = counterpart
            .map(str::to_string)
            .unwrap_or_else(|| Section::Home.path(other).to_string());
        let mut alternates = vec![Alternate {
            lang: self.lang.code(),
            href: format!("{origin}{}", self.path),
        }];
        if let Some(c) = counterpart {
            alternates.push(Alternate {
                lang: other.code(),
                href: format!("{origin}{c}"),
            });
        }
        let default_href = alternates
            .iter()
            .find(|a| a.lang == Lang::Vi.code())
            .map(|a| a.href.clone());
        let province = self
            .directory
            .province()
            .filter(|p| p.id != self.site.id)
            .map(|p| SiteLink::of(self, p));
        let (banners, banners_change) = self
            .directory
            .banners(self.site.id, self.state.clock.now().naive_utc());
        Chrome {
            banners: banners.iter().map(|b| self.banner(b)).collect(),
            banners_change,
            lang: self.lang.code(),
            site: SiteView::of(self, &self.site),
            province,
            menu: self.menu(),
            current_path: self.path.clone(),
            canonical_url: format!("{origin}{}", self.path),
            alternates,
            x_default: default_href,
            switch: Alternate {
                lang: other.code(),
                href: self.link(&self.site, &switch_path),
            },
            sites: self
                .directory
                .sites
                .iter()
                .filter(|s| !s.retired)
                .map(|s| SiteLink::of(self, s))
                .collect(),
            home_url: self.link(&self.site, Section::Home.path(self.lang)),
            contact_url: self.link(&self.site, Section::Contact.path(self.lang)),
            news_url: self.link(&self.site, Section::News.path(self.lang)),
            search_url: self.link(&self.site, Section::Search.path(self.lang)),
            legal_url: self.link(&self.site, Section::Legal.path(self.lang)),
            services_url: self.link(&self.site, Section::Services.path(self.lang)),
            questions_url: self.link(&self.site, Section::Questions.path(self.lang)),
        }
    }

    /// The site's menu in the page's language, with absolute links on a foreign host.
    fn menu(&self) -> Vec<MenuItem> {
        let absolute = |item: &MenuItem| MenuItem {
            url: if item.url.starts_with('/') {
                self.link(&self.site, &item.url)
            } else {
                item.url.clone()
            },
            label: item.label.clone(),
            children: Vec::new(),
        };
        self.directory
            .menu(self.site.id, self.lang)
            .iter()
            .map(|item| MenuItem {
                children: item.children.iter().map(absolute).collect(),
                ..absolute(item)
            })
            .collect()
    }

    /// A banner in the page's language.
    fn banner(&self, b: &Banner) -> BannerView {
        BannerView {
            kind: b.kind,
            title: b.title(self.lang).to_string(),
            body: b.body(self.lang).to_string(),
            work: b.work_window(self.lang),
        }
    }

    /// A date as readers of this language write it, in Vietnam's time.
    pub fn date(&self, utc: NaiveDateTime) -> String {
        display_date(utc, self.lang)
    }
}

pub use crate::clock::{day_text, display_date, iso_time};

/// An HTML page response with the language headers set.
pub fn html_response(html: Vec<u8>, lang: Lang) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .body(html)
}

/// Where a page's language switch leads.
pub enum Switch {
    /// The other language's home (a page with no counterpart).
    Home,
    /// The page's translation (also named in `hreflang` links).
    Translation(String),
    /// A page in the other language saying this one is not translated (no `hreflang`).
    Untranslated(String),
}

impl Switch {
    fn translation(&self) -> Option<&str> {
        match self {
            Switch::Translation(path) => Some(path),
            _ => None,
        }
    }
}

/// A banner as the page shows it.
#[derive(Serialize)]
pub struct BannerView {
    pub kind: BannerKind,
    pub title: String,
    pub body: String,
    /// Maintenance: when the work begins and ends, as readers write times.
    pub work: Option<(String, String)>,
}

/// The data of the page chrome, as templates see it (`page.*`).
#[derive(Serialize)]
pub struct Chrome {
    /// Alert and maintenance banners in force on this site.
    pub banners: Vec<BannerView>,
    /// When the banners shown next change (the cached page expires then).
    #[serde(skip)]
    pub banners_change: Option<NaiveDateTime>,
    pub lang: &'static str,
    pub site: SiteView,
    pub province: Option<SiteLink>,
    pub menu: Vec<MenuItem>,
    pub current_path: String,
    pub canonical_url: String,
    pub alternates: Vec<Alternate>,
    pub x_default: Option<String>,
    pub switch: Alternate,
    pub sites: Vec<SiteLink>,
    pub home_url: String,
    pub contact_url: String,
    pub news_url: String,
    /// Where the header's search box sends its query.
    pub search_url: String,
    pub legal_url: String,
    pub services_url: String,
    pub questions_url: String,
}

/// A version of the page in a language.
#[derive(Serialize)]
pub struct Alternate {
    pub lang: &'static str,
    pub href: String,
}

/// A site as the chrome shows it, in the page's language.
#[derive(Serialize)]
pub struct SiteView {
    pub slug: String,
    pub kind: SiteKind,
    pub name: String,
    pub short_name: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub office_hours: String,
    pub url: String,
}

impl SiteView {
    pub fn of(ctx: &Ctx, s: &Site) -> SiteView {
        let l = ctx.lang;
        SiteView {
            slug: s.slug.clone(),
            kind: s.kind,
            name: s.name(l).to_string(),
            short_name: s.short_name(l).to_string(),
            address: l.pick(&s.address_vi, &s.address_en).to_string(),
            phone: s.phone.clone(),
            fax: s.fax.clone(),
            email: s.email.clone(),
            // The sessions deadlines run in, when the site wrote no office hours in words.
            office_hours: match (
                l.pick(&s.office_hours_vi, &s.office_hours_en),
                &s.office_sessions,
            ) {
                ("", Some(sessions)) => sessions.to_string(),
                (words, _) => words.to_string(),
            },
            url: ctx.link(s, Section::Home.path(l)),
        }
    }
}

/// A link to a site's home in the page's language.
#[derive(Serialize)]
pub struct SiteLink {
    pub name: String,
    pub short_name: String,
    pub kind: SiteKind,
    pub url: String,
}

impl SiteLink {
    pub fn of(ctx: &Ctx, s: &Site) -> SiteLink {
        SiteLink {
            name: s.name(ctx.lang).to_string(),
            short_name: s.short_name(ctx.lang).to_string(),
            kind: s.kind,
            url: ctx.link(s, Section::Home.path(ctx.lang)),
        }
    }
}
