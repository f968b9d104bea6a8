//! The work schedule as an iCalendar feed (RFC 5545), written with the `icalendar` crate:
//! one event a schedule entry, times in UTC, cancelled entries kept with `STATUS:CANCELLED`,
//! a change after publication as `LAST-MODIFIED` and a higher `SEQUENCE`.

use chrono::NaiveDateTime;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

/// One event of a feed, already in the reader's language.
#[derive(Debug, Clone)]
pub struct FeedEvent {
    /// Globally unique: the entry's identity at the site's host.
    pub uid: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub cancelled: bool,
    /// When it was published (DTSTAMP) and when it last changed after that.
    pub published_at: NaiveDateTime,
    pub changed_at: Option<NaiveDateTime>,
    /// The week's page.
    pub url: String,
}

/// The feed as text (lines ending in CRLF, folded at 75 octets by the crate).
pub fn feed(name: &str, events: &[FeedEvent]) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for e in events {
        let mut event = Event::new();
        event
            .uid(&e.uid)
            .summary(&e.summary)
            .starts(e.starts_at.and_utc())
            .timestamp(e.changed_at.unwrap_or(e.published_at).and_utc())
            .url(&e.url);
        // An entry without an end lasts an hour as far as calendars are concerned.
        let end = e
            .ends_at
            .unwrap_or(e.starts_at + chrono::Duration::hours(1));
        event.ends(end.and_utc());
        if !e.location.is_empty() {
            event.location(&e.location);
        }
        if !e.description.is_empty() {
            event.description(&e.description);
        }
        if let Some(changed) = e.changed_at {
            event.last_modified(changed.and_utc()).sequence(1);
        }
        event.status(if e.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap()
    }

    #[test]
    fn a_feed_parses_back_with_every_event_and_its_status() {
        let events = [
            FeedEvent {
                uid: "2026-W50-abc@localhost".into(),
                starts_at: at(1),
                ends_at: Some(at(4)),
                summary: "Họp Ủy ban nhân dân tỉnh thường kỳ tháng 12, nghe báo cáo tình hình kinh tế - xã hội".into(),
                location: "Phòng họp số 1, trụ sở UBND tỉnh".into(),
                description: "Chủ trì: Nguyễn Văn An".into(),
                cancelled: false,
                published_at: at(0),
                changed_at: Some(at(2)),
                url: "http://localhost/lich-cong-tac?tuan=2026-W50".into(),
            },
            FeedEvent {
                uid: "2026-W50-def@localhost".into(),
                starts_at: at(7),
                ends_at: None,
                summary: "Tiếp công dân".into(),
                location: String::new(),
                description: String::new(),
                cancelled: true,
                published_at: at(0),
                changed_at: None,
                url: "http://localhost/lich-cong-tac?tuan=2026-W50".into(),
            },
        ];
        let text = feed("Lịch công tác", &events);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let parsed: Calendar = text.parse().expect("the feed parses");
        let back: Vec<&Event> = parsed.events().collect();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].get_uid(), Some("2026-W50-abc@localhost"));
        assert_eq!(back[0].get_summary(), Some(events[0].summary.as_str()));
        assert_eq!(back[0].get_status(), Some(EventStatus::Confirmed));
        assert_eq!(back[0].get_last_modified(), Some(at(2).and_utc()));
        assert_eq!(back[1].get_status(), Some(EventStatus::Cancelled));
        assert_eq!(parsed.get_name(), Some("Lịch công tác"));
    }
}
