//! A build's files: `quotes.jsonl`, `families.json`, the provenance and
//! outlet graphs and their SVGs ([`write_outputs`]), written by `build`
//! as it traces and by [`export`] from a store.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Event, Observer};
use crate::article::Analysed;
use crate::error::{Error, Result};
use crate::provenance::{self, FamilyReport, Provenance};
use crate::render;
use crate::store;

/// Where and how `build` writes its files.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// Folder to write into; created if missing.
    pub dir: PathBuf,
    /// Render SVGs only for graphs up to this many nodes.
    pub svg_max_nodes: usize,
    /// Tell the time tracing took.
    pub stats: bool,
}

/// What a build wrote and found.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub articles: usize,
    pub quotes: usize,
    pub families: usize,
    /// Families across two or more articles.
    pub shared: usize,
    pub copy_edges: usize,
    pub sources: usize,
    pub possible_misattributions: usize,
    /// Files written, in order.
    pub written: Vec<PathBuf>,
}

/// Writes a build's outputs (`quotes.jsonl`, `families.json`, the graphs)
/// from the store at `db`, as `build` wrote or would write them.
pub fn export(db: &Path, out: &OutputOptions, obs: &dyn Observer) -> Result<BuildSummary> {
    let st = store::Store::open(db)?;
    let articles = st.articles()?;
    let mut prov = Some(st.provenance(&articles)?);
    drop(st);
    let mut produce = |write: &mut dyn FnMut(&FamilyReport)| {
        let mut prov = prov.take().expect("handed out once");
        for fam in std::mem::take(&mut prov.families) {
            write(&fam);
        }
        prov
    };
    Ok(write_outputs(&articles, out, &mut produce, &mut |_| {}, obs)?.0)
}

/// Hands out each family report in order to the function it is given,
/// and returns the rest of the provenance.
pub type Produce<'a> = dyn FnMut(&mut dyn FnMut(&FamilyReport)) -> Provenance + 'a;

/// Writes every output of a build from `produce`, which hands out each
/// family report in order and returns the rest of the provenance;
/// `traced` runs once `families.json` is written. Families are written a
/// slice at a time; what the quotes file, the graph and the summary need
/// is kept as they go by.
pub fn write_outputs(
    articles: &[Analysed],
    out: &OutputOptions,
    produce: &mut Produce<'_>,
    lap: &mut dyn FnMut(&'static str),
    obs: &dyn Observer,
) -> Result<(BuildSummary, Provenance)> {
    std::fs::create_dir_all(&out.dir).map_err(|source| Error::File {
        action: "create",
        path: out.dir.clone(),
        source,
    })?;
    let mut graph = provenance::GraphBuilder::new(articles);
    let mut outlet_graph = provenance::outlets::OutletGraph::new(articles);
    let mut outlines = Vec::new();
    let mut edges = 0;
    let mut header = None;
    let families_json = write_out_with(&out.dir, "families.json", |w| {
        let mut json = render::FamiliesJson::begin(w)?;
        let mut result = Ok(());
        let prov = produce(&mut |fam| {
            if result.is_ok() {
                result = json.family(fam);
            }
            graph.add(outlines.len(), fam);
            outlet_graph.add(fam);
            edges += fam.copy_edges.len();
            outlines.push(fam.outline());
        });
        result?;
        json.finish(&prov)?;
        header = Some(prov);
        Ok(())
    })?;
    lap("families.json");
    let mut prov = header.expect("families.json was written");
    prov.families = outlines;
    let graph = graph.finish(prov.sources.len());
    lap("provenance graph");
    let mut written = vec![
        write_out_with(&out.dir, "quotes.jsonl", |w| render::quotes_jsonl(w, articles, &prov))?,
        families_json,
    ];
    lap("quotes.jsonl");
    written.push(write_out_with(&out.dir, "provenance.dot", |w| {
        render::dot::write(w, articles, &prov, &graph)
    })?);
    lap("provenance.dot");
    let mut outlets_dot = Vec::new();
    render::dot::write_outlets(&mut outlets_dot, &outlet_graph).map_err(|source| Error::File {
        action: "write",
        path: out.dir.join("outlets.dot"),
        source,
    })?;
    written.push(write_out(&out.dir, "outlets.dot", &outlets_dot)?);
    lap("outlets.dot");
    if outlet_graph.articles.len() > out.svg_max_nodes {
        obs.event(Event::Message(&format!(
            "note: outlets.svg not rendered: the graph has {} outlets (over --svg-max-nodes {})",
            outlet_graph.articles.len(),
            out.svg_max_nodes
        )));
    } else if let Some(svg) = svg_of("outlets.svg", String::from_utf8_lossy(&outlets_dot).into_owned(), obs) {
        written.push(write_out(&out.dir, "outlets.svg", &svg)?);
    }
    if graph.node_count() > out.svg_max_nodes {
        obs.event(Event::Message(&format!(
            "note: provenance.svg not rendered: the graph has {} nodes (over --svg-max-nodes {})",
            graph.node_count(),
            out.svg_max_nodes
        )));
    } else if let Some(svg) = svg_of("provenance.svg", render::dot::render(articles, &prov, &graph), obs) {
        written.push(write_out(&out.dir, "provenance.svg", &svg)?);
    }
    let summary = BuildSummary {
        articles: articles.len(),
        quotes: articles.iter().map(|a| a.quotes.len()).sum(),
        families: prov.families.len(),
        shared: prov.families.iter().filter(|f| f.articles > 1).count(),
        copy_edges: edges,
        sources: prov.sources.len(),
        possible_misattributions: prov.families.iter().filter(|f| f.possible_misattribution).count(),
        written,
    };
    Ok((summary, prov))
}

/// Writes `bytes` to `dir/name` atomically; returns the path.
pub fn write_out(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    write_out_with(dir, name, |w| w.write_all(bytes))
}

fn write_out_with(dir: &Path, name: &str, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<PathBuf> {
    let path = dir.join(name);
    render::write_atomic_with(&path, fill).map_err(|source| Error::File {
        action: "write",
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Lays out a DOT graph as SVG with Graphviz, or says why it could not.
fn svg_of(name: &str, dot: String, obs: &dyn Observer) -> Option<Vec<u8>> {
    use graphviz_rust::cmd::{CommandArg, Format as Gv};
    match graphviz_rust::exec_dot(dot, vec![CommandArg::Format(Gv::Svg)]) {
        Ok(svg) => Some(svg),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            obs.event(Event::Message(&format!(
                "note: {name} not rendered: Graphviz `dot` is not on the PATH \
                 (install it: apt install graphviz, brew install graphviz, or https://graphviz.org/download/)"
            )));
            None
        }
        Err(e) => {
            obs.event(Event::Message(&format!(
                "warning: {name} not rendered: Graphviz failed: {e}"
            )));
            None
        }
    }
}
