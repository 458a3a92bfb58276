//! An analysed article: its metadata, merged from fields, manifest and the
//! text itself, and the quotes the extractor found in it.

use serde::Serialize;

use crate::corpus::{Article, ManifestRow};
use crate::extract::{Diagnostic, Extractor, Quote};
use crate::grammar::{lex, push_lower, Grammar};
use crate::meta;

/// Which grammar reads an article.
#[derive(Debug, Clone)]
pub enum Language {
    /// One grammar for every article.
    Fixed(Box<Extractor>),
    /// The built-in grammar whose `detect` words the article uses most.
    Auto(Vec<Extractor>),
}

impl Language {
    /// Picks by language code (`en`, `de`, `auto`).
    pub fn builtin(code: &str) -> crate::Result<Language> {
        if code == "auto" {
            return Ok(Language::Auto(
                Grammar::builtins()?.into_iter().map(Extractor::new).collect(),
            ));
        }
        Ok(Language::Fixed(Box::new(Extractor::new(Grammar::builtin(code)?))))
    }

    /// The same choice with another kind model (`None`: rules alone) in
    /// every grammar.
    pub fn with_kinds(self, model: Option<std::sync::Arc<crate::extract::kinds::KindModel>>) -> Language {
        self.with_grammars(|g| g.kinds = model.clone())
    }

    /// The same choice with another speaker ranker (`None`: the sieves
    /// alone) in every grammar.
    pub fn with_speakers(self, model: Option<std::sync::Arc<crate::extract::kinds::KindModel>>) -> Language {
        self.with_grammars(|g| g.speakers = model.clone())
    }

    /// The same choice with `change` made to every grammar.
    fn with_grammars(self, change: impl Fn(&mut Grammar)) -> Language {
        let swap = |e: &Extractor| {
            let mut g = e.grammar().clone();
            change(&mut g);
            Extractor::new(g)
        };
        match self {
            Language::Fixed(e) => Language::Fixed(Box::new(swap(&e))),
            Language::Auto(all) => Language::Auto(all.iter().map(swap).collect()),
        }
    }

    /// The grammars this choice may read articles with.
    pub fn grammars(&self) -> Vec<&Grammar> {
        match self {
            Language::Fixed(e) => vec![e.grammar()],
            Language::Auto(all) => all.iter().map(Extractor::grammar).collect(),
        }
    }

    fn pick(&self, text: &str) -> &Extractor {
        match self {
            Language::Fixed(e) => e,
            Language::Auto(all) => {
                let sample = &text[..floor(text, 4000)];
                let mut scores = vec![0usize; all.len()];
                let mut lower = String::new();
                for w in sample.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                    lower.clear();
                    push_lower(&mut lower, w);
                    for (e, score) in all.iter().zip(&mut scores) {
                        if e.grammar().lex(&lower) & lex::DETECT != 0 {
                            *score += 1;
                        }
                    }
                }
                // The most votes; on a tie (or none at all) the earlier grammar.
                let mut best = 0;
                for (i, &score) in scores.iter().enumerate() {
                    if score > scores[best] {
                        best = i;
                    }
                }
                &all[best]
            }
        }
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One article as the tool reports it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Analysed {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub language: String,
    pub quotes: Vec<Quote>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts one article's quotes and fills in its metadata. The manifest
/// wins over the input record's fields for outlet, published and url; the
/// record's fields win over what the text itself says. A record's text is
/// its body ([`Article::body_only`]): its first paragraph is not a title.
pub fn analyse(article: &Article, manifest: Option<&ManifestRow>, lang: &Language) -> Analysed {
    let extractor = lang.pick(&article.text);
    let want_title = article.title.is_none() && !article.body_only;
    let inferred = meta::infer_with(&article.text, extractor.grammar(), want_title);
    let title = article.title.clone().or(inferred.title);
    let found = extractor.extract(&article.text, title.as_deref());
    let m = manifest.cloned().unwrap_or_default();
    Analysed {
        id: article.id.clone(),
        outlet: m.outlet.or_else(|| article.outlet.clone()).or(inferred.outlet),
        published: m.published.or_else(|| article.published.clone()).or(inferred.published),
        author: article.author.clone().or(inferred.author),
        url: m.url.or_else(|| article.url.clone()),
        title,
        language: extractor.grammar().language.clone(),
        quotes: found.quotes,
        diagnostics: found.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_records_first_paragraph_is_not_its_title() {
        let lang = Language::builtin("en").unwrap();
        let text = "“We will win,” Jane Doe said.\n\nThe vote is on Monday.\n";
        let scrape = Article {
            text: text.into(),
            ..Article::default()
        };
        let record = Article {
            body_only: true,
            ..scrape.clone()
        };
        assert_eq!(
            analyse(&scrape, None, &lang).title.as_deref(),
            Some("“We will win,” Jane Doe said.")
        );
        let a = analyse(&record, None, &lang);
        assert_eq!(a.title, None);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Jane Doe"));
    }
}
