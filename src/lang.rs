//! The portal's two languages: Vietnamese (primary) and English.

crate::text_enum! {
    /// A page's language. Vietnamese pages live at the root, English ones under `/en/`.
    pub enum Lang {
        Vi = "vi",
        En = "en",
    }
}

impl Lang {
    /// The BCP 47 code (`vi`, `en`), as stored and as used in `lang` attributes.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// The language a code names, as people type it (`EN`, ` vi `).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::parse(&code.trim().to_ascii_lowercase())
    }

    /// The other official language (for the language switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// The language a public path is in: `/en` and `/en/…` are English, the rest Vietnamese.
    pub fn of_path(path: &str) -> Lang {
        if path == "/en" || path.starts_with("/en/") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// Picks the Vietnamese or English variant of a bilingual field.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En if en.is_empty() => vi,
            Lang::En => en,
        }
    }
}
