//! How inputs are read: the options that say so ([`InputOptions`]), the
//! grammars and models they name ([`language`]), the checksum a store
//! keeps of them ([`extraction_stamp`]), and the manifest.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::article::Language;
use crate::corpus::{self, ManifestRow};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::grammar::Grammar;

/// How inputs are read and which grammar reads them.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// `en`, `de` or `auto` (per article); ignored with `grammar`.
    pub lang: String,
    /// A grammar file to use instead of the built-in ones.
    pub grammar: Option<PathBuf>,
    /// CSV or JSONL of id, outlet, published, url.
    pub manifest: Option<PathBuf>,
    /// A kind model file to use instead of the built-in ones.
    pub kinds_model: Option<PathBuf>,
    /// Tell scare quotes by the rules alone.
    pub no_kinds_model: bool,
    /// A speaker model file (made by `train-speakers`) for every language.
    pub speakers_model: Option<PathBuf>,
    /// Choose speakers by the sieves alone, without the speaker model.
    pub no_speakers_model: bool,
    pub read: corpus::ReadOptions,
}

impl InputOptions {
    /// The options that decide what is extracted and how drift is
    /// classified, as the command line gives them: a store keeps them,
    /// so that `add` reads new articles as the store's were read.
    pub fn reading(&self) -> String {
        let mut out = match &self.grammar {
            Some(g) => format!("--grammar {}", g.display()),
            None => format!("--lang {}", self.lang),
        };
        if let Some(m) = &self.kinds_model {
            out.push_str(&format!(" --kinds-model {}", m.display()));
        } else if self.no_kinds_model {
            out.push_str(" --no-kinds-model");
        }
        if let Some(m) = &self.speakers_model {
            out.push_str(&format!(" --speakers-model {}", m.display()));
        } else if self.no_speakers_model {
            out.push_str(" --no-speakers-model");
        }
        out
    }
}

/// The grammar (or grammars) and kind model `opts` ask for.
pub fn language(opts: &InputOptions) -> Result<Language> {
    let lang = if let Some(path) = &opts.grammar {
        let src = read_file("read grammar", path)?;
        let g = Grammar::parse(&src, &path.display().to_string())?;
        Language::Fixed(Box::new(Extractor::new(g)))
    } else {
        Language::builtin(&opts.lang)?
    };
    let lang = match &opts.speakers_model {
        Some(path) => lang.with_speakers(Some(std::sync::Arc::new(read_model("read speaker model", path)?))),
        None if opts.no_speakers_model => lang.with_speakers(None),
        None => lang,
    };
    if opts.no_kinds_model {
        return Ok(lang.with_kinds(None));
    }
    if let Some(path) = &opts.kinds_model {
        return Ok(lang.with_kinds(Some(std::sync::Arc::new(read_model("read kind model", path)?))));
    }
    Ok(lang)
}

/// A kind or speaker model file; both share one format.
fn read_model(action: &'static str, path: &Path) -> Result<crate::extract::kinds::KindModel> {
    let src = read_file(action, path)?;
    crate::extract::kinds::KindModel::parse(&src).map_err(|(line, message)| Error::Grammar {
        origin: path.display().to_string(),
        line,
        column: 1,
        message,
    })
}

/// What the extraction of these options is made of, as a store records
/// it beside [`InputOptions::reading`]: this build's version and a
/// checksum of the grammars and models it reads (the built-in ones, or
/// the files given, as they are now). Two stamps that differ mean that an
/// article may be extracted differently, so an `add` onto a store of
/// another stamp can differ from one `build` over all its articles.
pub fn extraction_stamp(opts: &InputOptions) -> Result<String> {
    let mut sum = crc32fast::Hasher::new();
    let mut take = |what: &str, text: &str| {
        // The name and length frame each text: no two sets of texts
        // concatenate to the same bytes.
        sum.update(format!("{what} {}\n", text.len()).as_bytes());
        sum.update(text.as_bytes());
    };
    match &opts.grammar {
        Some(path) => take("grammar", &read_file("read grammar", path)?),
        None => crate::grammar::BUILTIN.iter().for_each(|(code, g)| take(code, g)),
    }
    match &opts.kinds_model {
        Some(path) => take("kinds", &read_file("read kind model", path)?),
        None => crate::grammar::BUILTIN_KINDS.iter().for_each(|(code, m)| take(code, m)),
    }
    match &opts.speakers_model {
        Some(path) => take("speakers", &read_file("read speaker model", path)?),
        None => crate::grammar::BUILTIN_SPEAKERS
            .iter()
            .for_each(|(code, m)| take(code, m)),
    }
    Ok(format!(
        "quotegraph {}, rules {:08x}",
        env!("CARGO_PKG_VERSION"),
        sum.finalize()
    ))
}

fn read_file(action: &'static str, path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::File {
        action,
        path: path.to_path_buf(),
        source,
    })
}

pub(super) fn manifest(opts: &InputOptions) -> Result<HashMap<String, ManifestRow>> {
    match &opts.manifest {
        Some(p) => corpus::read_manifest(p),
        None => Ok(HashMap::new()),
    }
}
