//! quotegraph: finds quotes and their speakers in news articles, links the
//! quotes that articles reuse, and traces where each first appeared.
//!
//! The core (`grammar`, `extract`, `eval`'s scoring) does no I/O; `corpus`
//! reads inputs and `render` writes outputs.

pub mod article;
pub mod cli;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod evalprov;
pub mod extract;
pub mod grammar;
pub mod ingest;
pub mod link;
pub mod meta;
pub mod normalize;
pub mod pipeline;
pub mod provenance;
pub mod render;
pub mod serve;
pub mod simulate;
pub mod store;
pub mod train;

pub use error::{Error, Result};
