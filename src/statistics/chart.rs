//! A dataset's chart, drawn on the server as inline SVG (no JavaScript): a line chart or a
//! bar chart of its series over its periods, with a `<title>` and a `<desc>` that say what
//! it shows, for screen readers (WCAG 1.1.1; the table beside it holds every figure).

use std::fmt::Write;

use crate::lang::Lang;
use crate::render::escape_html;
use crate::render::number::number;

crate::text_enum! {
    /// How a dataset is drawn.
    pub enum ChartKind {
        Line = "line",
        Bar = "bar",
    }
}

/// Each series' name and its figures, one per period.
pub type Series = [(String, Vec<Option<f64>>)];

/// What a chart shows.
pub struct Chart<'a> {
    pub kind: ChartKind,
    /// The id its title and description are named by (unique in the page).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// The periods, in order (x axis).
    pub labels: &'a [String],
    /// Each series' name and its figures, one per label.
    pub series: &'a Series,
    pub lang: Lang,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 72.0;
/// Colours distinguishable with the common colour-vision deficiencies (Okabe–Ito).
const COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

/// A round step for about `n` intervals over `range`: 1, 2 or 5 times a power of ten.
fn nice_step(range: f64, n: f64) -> f64 {
    let raw = (range / n).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    let unit = raw / power;
    let nice = if unit <= 1.0 {
        1.0
    } else if unit <= 2.0 {
        2.0
    } else if unit <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The y axis: from a round value at or below the smallest figure (and at most zero, so
/// that bars start at zero) to a round value at or above the largest, and its ticks.
fn axis(values: impl Iterator<Item = f64>) -> (f64, f64, Vec<f64>) {
    let (mut low, mut high) = (0f64, 0f64);
    for v in values {
        low = low.min(v);
        high = high.max(v);
    }
    if high <= low {
        high = low + 1.0;
    }
    let step = nice_step(high - low, 5.0);
    let low = (low / step).floor() * step;
    let high = (high / step).ceil() * step;
    let ticks = (0..)
        .map(|i| low + f64::from(i) * step)
        .take_while(|t| *t <= high + step / 2.0)
        .collect();
    (low, high, ticks)
}

/// The chart as an `<svg>` element.
pub fn svg(chart: &Chart) -> String {
    let n = chart.labels.len();
    let (low, high, ticks) = axis(
        chart
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().flatten().copied()),
    );
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h * (high - v) / (high - low);
    let slot = plot_w / n.max(1) as f64;
    let x = |i: usize| LEFT + slot * (i as f64 + 0.5);
    let id = escape_html(chart.id);
    let mut s = String::with_capacity(8 * 1024);
    let _ = write!(
        s,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_html(chart.title),
        escape_html(chart.desc),
    );
    // Grid lines and the y axis' figures.
    for t in &ticks {
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#d0d5dd\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"12\" fill=\"#344054\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(*t) + 4.0,
            number(round(*t), chart.lang),
            y = y(*t),
        );
    }
    // The periods, thinned to about twelve labels.
    let every = n.div_ceil(12).max(1);
    for (i, label) in chart.labels.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#344054\">{}</text>",
                x(i),
                TOP + plot_h + 18.0,
                escape_html(label),
            );
        }
    }
    let count = chart.series.len().max(1) as f64;
    for (k, (name, values)) in chart.series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        // What a point or a bar says when pointed at: the series, the period and the figure.
        let tooltip = |i: usize, v: f64| {
            let label = chart.labels.get(i).map_or("", |l| l);
            format!(
                "<title>{}: {}</title>",
                escape_html(&format!("{name}, {label}")),
                number(v, chart.lang)
            )
        };
        match chart.kind {
            ChartKind::Line => {
                // A missing figure breaks the line rather than joining across it.
                let mut d = String::new();
                let mut pen_down = false;
                for (i, v) in values.iter().enumerate() {
                    match v {
                        Some(v) => {
                            let _ = write!(
                                d,
                                "{}{:.1} {:.1} ",
                                if pen_down { "L" } else { "M" },
                                x(i),
                                y(*v)
                            );
                            pen_down = true;
                        }
                        None => pen_down = false,
                    }
                }
                let _ = write!(
                    s,
                    "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                    d.trim_end()
                );
                for (i, v) in values.iter().enumerate() {
                    if let Some(v) = v {
                        let _ = write!(
                            s,
                            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\">{}</circle>",
                            x(i),
                            y(*v),
                            tooltip(i, *v),
                        );
                    }
                }
            }
            ChartKind::Bar => {
                let bar = slot * 0.8 / count;
                for (i, v) in values.iter().enumerate() {
                    let Some(v) = v else { continue };
                    let left = x(i) - slot * 0.4 + bar * k as f64;
                    let (top, bottom) = (y(v.max(0.0)), y(v.min(0.0)));
                    let _ = write!(
                        s,
                        "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\">{}</rect>",
                        bar.max(1.0),
                        (bottom - top).max(0.5),
                        tooltip(i, *v),
                    );
                }
            }
        }
        // The legend, one entry per series, under the axis.
        let lx = LEFT + 160.0 * (k % 4) as f64;
        let ly = HEIGHT - 28.0 + 16.0 * (k / 4) as f64;
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{ly}\" font-size=\"12\" fill=\"#101828\">{}</text>",
            ly - 10.0,
            lx + 16.0,
            escape_html(name),
        );
    }
    // The zero line, darker, when the axis crosses zero.
    if low < 0.0 {
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{z:.1}\" y2=\"{z:.1}\" stroke=\"#344054\" stroke-width=\"1\"/>",
            WIDTH - RIGHT,
            z = y(0.0),
        );
    }
    s.push_str("</svg>");
    s
}

/// Ticks are multiples of a round step; floating point leaves noise below it.
fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A sentence describing the chart: the range of periods and, for each series, its first
/// and last figure with the lowest and the highest (what a sighted reader takes from it).
pub fn describe(labels: &[String], series: &Series, unit: &str, lang: Lang) -> String {
    let (Some(first), Some(last)) = (labels.first(), labels.last()) else {
        return String::new();
    };
    let mut parts = Vec::new();
    for (name, values) in series {
        let points: Vec<(&String, f64)> = labels
            .iter()
            .zip(values)
            .filter_map(|(l, v)| v.map(|v| (l, v)))
            .collect();
        let (Some(start), Some(end)) = (points.first(), points.last()) else {
            continue;
        };
        let min = points
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or(start);
        let max = points
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or(start);
        let f = |v: f64| format!("{} {unit}", number(v, lang)).trim_end().to_string();
        let [from, to, lowest, highest] = match lang {
            Lang::Vi => ["từ", "đến", "thấp nhất", "cao nhất"],
            Lang::En => ["from", "to", "lowest", "highest"],
        };
        parts.push(format!(
            "{name}: {from} {} ({}) {to} {} ({}), {lowest} {} ({}), {highest} {} ({})",
            f(start.1),
            start.0,
            f(end.1),
            end.0,
            f(min.1),
            min.0,
            f(max.1),
            max.0
        ));
    }
    let head = match lang {
        Lang::Vi => format!("Số liệu từ {first} đến {last}. "),
        Lang::En => format!("Figures from {first} to {last}. "),
    };
    format!("{head}{}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (Vec<String>, Box<Series>) {
        (
            vec!["2024".into(), "2025".into(), "2026".into()],
            Box::new([
                ("Tổng số".into(), vec![Some(10.0), None, Some(14.5)]),
                ("Nông thôn".into(), vec![Some(-2.0), Some(3.0), Some(4.0)]),
            ]),
        )
    }

    #[test]
    fn the_svg_is_named_by_its_title_and_description() {
        let (labels, series) = data();
        for kind in ChartKind::ALL {
            let svg = svg(&Chart {
                kind,
                id: "chart-7",
                title: "Dân số <trung bình>",
                desc: "Mô tả",
                labels: &labels,
                series: &series,
                lang: Lang::Vi,
            });
            assert!(svg.starts_with("<svg"));
            assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-7-title chart-7-desc\""));
            assert!(svg.contains("<title id=\"chart-7-title\">Dân số &lt;trung bình&gt;</title>"));
            assert!(svg.contains("<desc id=\"chart-7-desc\">Mô tả</desc>"));
            assert!(svg.contains("Nông thôn, 2026: 4"));
            assert!(svg.ends_with("</svg>"));
        }
    }

    #[test]
    fn a_missing_figure_breaks_the_line() {
        let (labels, series) = data();
        let svg = svg(&Chart {
            kind: ChartKind::Line,
            id: "c",
            title: "",
            desc: "",
            labels: &labels,
            series: &series,
            lang: Lang::Vi,
        });
        let first_path = svg.split("<path d=\"").nth(1).unwrap();
        let d = &first_path[..first_path.find('"').unwrap()];
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert!(!d.contains('L'), "{d}");
    }

    #[test]
    fn the_axis_is_round_and_includes_zero() {
        let (low, high, ticks) = axis([3.0, 97.0].into_iter());
        assert_eq!((low, high), (0.0, 100.0));
        assert_eq!(ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let (low, _, _) = axis([-7.0, 12.0].into_iter());
        assert_eq!(low, -10.0);
    }

    #[test]
    fn the_description_says_the_range_and_the_extremes() {
        let (labels, series) = data();
        let d = describe(&labels, &series, "nghìn người", Lang::Vi);
        assert_eq!(
            d,
            "Số liệu từ 2024 đến 2026. Tổng số: từ 10 nghìn người (2024) đến 14,5 nghìn người (2026), thấp nhất 10 nghìn người (2024), cao nhất 14,5 nghìn người (2026); Nông thôn: từ -2 nghìn người (2024) đến 4 nghìn người (2026), thấp nhất -2 nghìn người (2024), cao nhất 4 nghìn người (2026)."
        );
    }
}
