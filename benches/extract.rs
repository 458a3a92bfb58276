//! Extraction throughput (MB/s on one core) over real news text: the BBC
//! set in ../shared when it is there, the built-in example corpus if not.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quotegraph::article::{analyse, Language};
use quotegraph::corpus;

fn bench(c: &mut Criterion) {
    let bbc = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/bbc.jsonl");
    let input = if bbc.exists() {
        bbc
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")
    };
    let loaded = corpus::load(&[input]);
    let bytes: usize = loaded.articles.iter().map(|a| a.text.len()).sum();
    let lang = Language::builtin("en").expect("built-in grammar");
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("articles", |b| {
        b.iter(|| {
            loaded
                .articles
                .iter()
                .map(|a| analyse(a, None, &lang).quotes.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
