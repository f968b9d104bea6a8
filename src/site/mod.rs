//! Sites: the province portal (Cổng TTĐT) and the sites (Trang TTĐT) of its departments
//! and communes/wards, each on its own host, with aliases and menus.

pub mod banners;
pub mod hosts;
pub mod menu_text;
pub mod store;

use serde::Serialize;

use crate::lang::Lang;

crate::typed_id! {
    /// A site's stable number.
    pub struct SiteId;
}

crate::text_enum! {
    /// What kind of unit a site belongs to (two-tier local government since 1 July 2025).
    pub enum SiteKind {
        /// The province portal (Cổng thông tin điện tử tỉnh), on the base domain.
        Province = "province",
        /// A department (sở, ban, ngành).
        Department = "department",
        /// A commune (xã).
        Commune = "commune",
        /// A ward (phường).
        Ward = "ward",
    }
}

/// One published site with its bilingual identity and contact details.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub id: SiteId,
    /// The host label under the base domain (`skhcn` → `skhcn.<base domain>`); the
    /// province's slug names it but its host is the base domain itself.
    pub slug: String,
    pub kind: SiteKind,
    pub name_vi: String,
    pub name_en: String,
    pub short_name_vi: String,
    pub short_name_en: String,
    pub address_vi: String,
    pub address_en: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub office_hours_vi: String,
    pub office_hours_en: String,
    /// The sessions its office works, which the deadlines of questions it receives run
    /// in; `None` for the installation's office hours.
    pub office_sessions: Option<crate::calendar::OfficeHours>,
    /// A retired site answers with permanent redirects to this one, when set.
    pub redirect_to: Option<SiteId>,
    pub retired: bool,
    pub position: i32,
}

impl Site {
    /// The site's absolute origin (`http://skhcn.localhost:8080`), from the configuration
    /// only: the one way every link, API `url`, mail and feed names a site.
    pub fn origin(&self, config: &crate::config::Config) -> String {
        config.origin(&self.host(&config.base_domain))
    }

    /// The host this site answers on canonically.
    pub fn host(&self, base_domain: &str) -> String {
        match self.kind {
            SiteKind::Province => base_domain.to_string(),
            _ => format!("{}.{}", self.slug, base_domain),
        }
    }

    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }

    pub fn short_name(&self, lang: Lang) -> &str {
        lang.pick(&self.short_name_vi, &self.short_name_en)
    }
}

/// A menu entry (ordered, nested one level).
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub label: String,
    pub url: String,
    pub children: Vec<MenuItem>,
}
