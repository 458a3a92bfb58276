//! Linker and provenance cost over real quotes: every quote the extractor
//! finds in the BBC set in ../shared (the example corpus if it is absent),
//! plus a drifted copy of each article, so that links exist. Criterion
//! measures `link::link` and `provenance::trace` separately.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quotegraph::article::{analyse, Analysed, Language};
use quotegraph::corpus;
use quotegraph::link::{link, LinkConfig};
use quotegraph::provenance::{drift::WordClasses, trace};

fn corpus_with_copies() -> Vec<Analysed> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bbc = root.join("../shared/datasets/bbc.jsonl");
    let input = if bbc.exists() {
        bbc
    } else {
        root.join("examples/corpus")
    };
    let lang = Language::builtin("en").expect("built-in grammar");
    let mut out: Vec<Analysed> = corpus::load(&[input])
        .articles
        .iter()
        .map(|a| analyse(a, None, &lang))
        .collect();
    // A later copy of each article whose quotes lose their last word.
    let copies: Vec<Analysed> = out
        .iter()
        .map(|a| {
            let mut c = a.clone();
            c.id = format!("{}-copy", a.id);
            c.published = Some("2030-01-01".into());
            for q in &mut c.quotes {
                if let Some(i) = q.text.trim_end().rfind(' ') {
                    q.text.truncate(i);
                }
            }
            c
        })
        .collect();
    out.extend(copies);
    out
}

fn bench(c: &mut Criterion) {
    let articles = corpus_with_copies();
    let quotes: usize = articles.iter().map(|a| a.quotes.len()).sum();
    let cfg = LinkConfig::default();
    let wc = WordClasses::default();
    let mut group = c.benchmark_group("link");
    group.throughput(Throughput::Elements(quotes as u64));
    group.sample_size(10);
    group.bench_function("link", |b| b.iter(|| link(&articles, &cfg).families.len()));
    let linked = link(&articles, &cfg);
    group.bench_function("trace", |b| {
        b.iter(|| trace(&articles, &linked, &cfg, &wc).families.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
