//! An article's page.

use std::fmt::Write as _;

use super::{attr, esc, layout};
use crate::serve::family_href;
use crate::store::ArticleView;

/// An article with its quotes highlighted, each linked to its family.
pub fn article(a: &ArticleView) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">",
        esc(a.title.as_deref().unwrap_or(&a.id))
    );
    let mut meta = vec![format!("<code>{}</code>", esc(&a.id))];
    meta.push(esc(a.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN)).into_owned());
    meta.push(esc(a.published.as_deref().unwrap_or("undated")).into_owned());
    if let Some(author) = &a.author {
        meta.push(format!("by {}", esc(author)));
    }
    if let Some(url) = a
        .url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
    {
        meta.push(format!("<a href=\"{}\" rel=\"noreferrer\">source</a>", attr(url)));
    }
    b.push_str(&meta.join(" · "));
    b.push_str("</p>");

    // Segments in text order; one that overlaps the last drawn, or whose
    // offsets do not fall on the text's characters, is listed below but
    // not highlighted.
    let mut marks: Vec<(usize, usize, usize, Option<&str>)> = Vec::new();
    for q in &a.quotes {
        for (s, seg) in q.segments.iter().enumerate() {
            marks.push((seg[0], seg[1], q.idx, q.families.get(s).and_then(|f| f.as_deref())));
        }
    }
    marks.sort_by_key(|m| (m.0, m.1));
    b.push_str("<div class=\"article-text\" id=\"text\">");
    let mut at = 0;
    for (start, end, idx, fam) in marks {
        if start < at || end <= start || a.text.get(start..end).is_none() || a.text.get(at..start).is_none() {
            continue;
        }
        b.push_str(&esc(&a.text[at..start]));
        let inner = esc(&a.text[start..end]);
        match fam {
            Some(f) => {
                let _ = write!(
                    b,
                    "<a class=\"q\" href=\"{}\" title=\"{}\"><mark data-quote=\"{idx}\">{inner}</mark></a>",
                    attr(&family_href(f)),
                    attr(&format!("quote {idx}, family {f}"))
                );
            }
            None => {
                let _ = write!(b, "<mark class=\"unlinked\" data-quote=\"{idx}\">{inner}</mark>");
            }
        }
        at = end;
    }
    b.push_str(&esc(a.text.get(at..).unwrap_or("")));
    b.push_str("</div>");

    let _ = write!(b, "<h2>{} quotes</h2>", a.quotes.len());
    b.push_str("<table><tr><th>#</th><th>kind</th><th>speaker</th><th>families</th></tr>");
    for q in &a.quotes {
        let mut fams: Vec<&str> = q.families.iter().flatten().map(String::as_str).collect();
        fams.dedup();
        let links: Vec<String> = fams
            .iter()
            .map(|f| format!("<a href=\"{}\">{}</a>", attr(&family_href(f)), esc(f)))
            .collect();
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            q.idx,
            esc(&q.kind),
            esc(q.speaker.as_deref().unwrap_or("—")),
            if links.is_empty() {
                "—".to_string()
            } else {
                links.join(", ")
            }
        );
    }
    b.push_str("</table>");
    layout(a.title.as_deref().unwrap_or(&a.id), "", &b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_quotes_are_highlighted_and_bad_offsets_skipped() {
        use crate::store::QuoteView;
        let text = "Mayor said “no <tax>” today. “Ünïcode” end";
        let no = text.find("no").unwrap();
        let uni = text.find("Ü").unwrap();
        let view = ArticleView {
            id: "a1".into(),
            title: None,
            outlet: Some("Gazette & Co".into()),
            published: None,
            author: None,
            url: Some("javascript:alert(1)".into()),
            text: text.into(),
            quotes: vec![
                QuoteView {
                    idx: 0,
                    segments: vec![[no, no + 8]],
                    kind: "statement".into(),
                    speaker: Some("Mayor".into()),
                    families: vec![Some("F1".into())],
                },
                // Inside a multi-byte character: listed, not drawn.
                QuoteView {
                    idx: 1,
                    segments: vec![[uni + 1, uni + 4]],
                    kind: "scare".into(),
                    speaker: None,
                    families: vec![None],
                },
            ],
        };
        let page = article(&view);
        assert!(page.contains(
            "<a class=\"q\" href=\"/family/F1\" title=\"quote 0, family F1\"><mark data-quote=\"0\">no &lt;tax&gt;</mark></a>"
        ));
        assert!(!page.contains("data-quote=\"1\""));
        assert!(page.contains("Gazette &amp; Co"));
        assert!(!page.contains("javascript:"), "only http(s) links are drawn");
    }
}
