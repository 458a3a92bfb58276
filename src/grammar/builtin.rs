//! The grammars and the kind and speaker models built into the binary,
//! by language code, and the grammar of a language as its file gives it.

use super::Grammar;
use crate::error::{Error, Result};

/// The grammars built into the binary, by language code.
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../grammars/en.qg")),
    ("de", include_str!("../../grammars/de.qg")),
];

/// The codes of the built-in grammars, as a user types them: "en, de".
/// Every message that lists the languages reads it, so that adding one to
/// [`BUILTIN`] is the whole change.
pub fn builtin_codes() -> String {
    BUILTIN.iter().map(|(code, _)| *code).collect::<Vec<_>>().join(", ")
}

/// Is `lang` the code of a built-in grammar?
pub fn is_builtin(lang: &str) -> bool {
    BUILTIN.iter().any(|(code, _)| *code == lang)
}

/// The kind models built into the binary, by language code (see
/// `extract::kinds`; made by `quotegraph train-kinds`).
pub const BUILTIN_KINDS: &[(&str, &str)] = &[
    ("en", include_str!("../../grammars/en.kinds.tsv")),
    ("de", include_str!("../../grammars/de.kinds.tsv")),
];

/// The speaker rankers built into the binary, by language code (see
/// `extract::speakers`; made by `quotegraph train-speakers`). English's
/// weighs only the quotes whose rule evidence is weak (`choose::weighed`).
pub const BUILTIN_SPEAKERS: &[(&str, &str)] = &[
    ("en", include_str!("../../grammars/en.speakers.tsv")),
    ("de", include_str!("../../grammars/de.speakers.tsv")),
];

/// The built-in model of one language from `table`, if it has one
/// (`grammars/CODE.WHAT.tsv`).
fn builtin_model(
    table: &[(&str, &str)],
    code: &str,
    what: &str,
) -> Result<Option<std::sync::Arc<crate::extract::kinds::KindModel>>> {
    let Some((_, src)) = table.iter().find(|(c, _)| *c == code) else {
        return Ok(None);
    };
    let m = crate::extract::kinds::KindModel::parse(src).map_err(|(line, message)| Error::Grammar {
        origin: format!("grammars/{code}.{what}.tsv"),
        line,
        column: 1,
        message,
    })?;
    Ok(Some(std::sync::Arc::new(m)))
}

/// The built-in grammar of `language` as its `.qg` file gives it,
/// without its models (English's when there is none), parsed once: for
/// the word lists code outside the extractor reads (link's quote marks,
/// names' titles, roles and bodies).
pub fn parsed(language: &str) -> Option<&'static Grammar> {
    static PARSED: std::sync::LazyLock<Vec<(&'static str, Grammar)>> = std::sync::LazyLock::new(|| {
        BUILTIN
            .iter()
            .filter_map(|&(code, src)| Some((code, Grammar::parse(src, code).ok()?)))
            .collect()
    });
    PARSED
        .iter()
        .find(|(code, _)| *code == language)
        .or_else(|| PARSED.iter().find(|(code, _)| *code == "en"))
        .map(|(_, g)| g)
}

impl Grammar {
    /// The built-in grammar for a language code.
    pub fn builtin(lang: &str) -> Result<Grammar> {
        let (code, src) = BUILTIN
            .iter()
            .find(|(code, _)| *code == lang)
            .ok_or_else(|| Error::UnknownLanguage(lang.to_string()))?;
        let mut g = Grammar::parse(src, &format!("grammars/{code}.qg"))?;
        g.kinds = builtin_model(BUILTIN_KINDS, code, "kinds")?;
        g.speakers = builtin_model(BUILTIN_SPEAKERS, code, "speakers")?;
        Ok(g)
    }

    /// Every built-in grammar, in the order of [`BUILTIN`].
    pub fn builtins() -> Result<Vec<Grammar>> {
        BUILTIN.iter().map(|(code, _)| Grammar::builtin(code)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_languages_are_named_from_the_one_list() {
        assert_eq!(builtin_codes(), "en, de");
        assert!(is_builtin("de") && !is_builtin("auto") && !is_builtin("fr"));
        let err = Grammar::builtin("fr").map(|_| ()).expect_err("no French grammar");
        assert_eq!(
            err.to_string(),
            "no built-in grammar for language `fr` (built in: en, de)"
        );
    }

    #[test]
    fn issue14_the_languages_whose_ranker_won_held_out_have_one() {
        // English's since session 29, gated to the quotes with weak rule
        // evidence.
        assert!(Grammar::builtin("de").unwrap().speakers.is_some());
        assert!(Grammar::builtin("en").unwrap().speakers.is_some());
    }
}
