//! The claims a headless command works on: loaded from the paths, then searched and filtered
//! as the dashboard does (`list` and `export` take the same filters).

use std::collections::BTreeSet;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::Utc;

use super::{FilterArgs, load, load_indexed};
use crate::history::changed_since;
use crate::model::{Claim, RatingScale, UNTAGGED};
use crate::search::{Filter, Query, SearchIndex, Sort};
use crate::store::{Cache, Corpus};

/// The loaded claims and which of them passed the filters, in order.
pub struct Selection {
    /// Not freed: the process exits next, and the system takes its memory back at once
    /// (see `validate`).
    loaded: ManuallyDrop<(Corpus, SearchIndex)>,
    found: Vec<usize>,
}

impl Selection {
    /// The claims that passed, best match first with a query, else in file order.
    pub fn claims(&self) -> Vec<&Claim> {
        let claims = &self.loaded.0.claims;
        self.found.iter().map(|&i| &claims[i]).collect()
    }
}

/// Loads the claims under `paths` and keeps those that pass `filters`; load problems go to
/// `errors` as `path:line:col: ...` lines without failing. An unknown rating, or a query that
/// does not parse (a [`QueryError`](crate::search::QueryError)), fails before anything is read.
pub fn select(
    filters: &FilterArgs,
    paths: &[PathBuf],
    scale: &RatingScale,
    errors: &mut impl Write,
) -> Result<Selection> {
    // `untagged` is one of the choices, as in the dashboard's filter picker.
    let unknown = filters
        .rating
        .iter()
        .find(|r| *r != UNTAGGED && !scale.contains(r));
    if let Some(rating) = unknown {
        bail!(
            "unknown rating `{rating}`: use one of {}, {UNTAGGED}",
            scale.describe()
        );
    }
    let query = filters.query.as_deref().unwrap_or_default();
    let query = Query::parse(query, scale, Utc::now()).context("bad --query")?;
    let filter = Filter {
        query,
        ratings: filters
            .rating
            .iter()
            .filter(|r| *r != UNTAGGED)
            .cloned()
            .collect::<BTreeSet<_>>(),
        untagged: filters.untagged || filters.rating.iter().any(|r| r == UNTAGGED),
        conflicted: filters.conflicted,
    };
    // Free text needs every claim's words, which the cache keeps; listing alone does not.
    let loaded = if filter.query.searches_words() {
        load_indexed(paths, scale, &filter.query)
    } else {
        (load(paths, scale), SearchIndex::default())
    };
    let mut loaded = ManuallyDrop::new(loaded);
    let (corpus, index) = &mut *loaded;
    for problem in &corpus.problems {
        writeln!(errors, "{problem}")?;
    }
    let mut found = index.filter_and_rank(&corpus.claims, &filter, Sort::FileOrder, scale);
    if let Some(revision) = &filters.changed_since {
        let repository = paths.first().map_or(Path::new("."), PathBuf::as_path);
        let cache = Cache::platform();
        let changed = changed_since(repository, revision, scale, cache.as_ref())?;
        found.retain(|&i| changed.contains(&corpus.claims[i].id));
    }
    Ok(Selection { loaded, found })
}
