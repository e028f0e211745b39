//! Walks a paged list (ListHostings, ListBackups) to its end, over any page-fetching closure.
//!
//! Page 1 comes first. Once it gives `total_count`, the remaining pages are fetched a few at a
//! time, in order. The walk stops when the items reach `total_count`, when a page is empty, or
//! when a page brings no new id (the API has been seen to send page 1 again as page 2).
//! Objects are de-duplicated by id. A list that would need more than the page cap is an error
//! rather than a silent truncation: a backup missing from the list could be the one wanted.

use std::collections::HashSet;
use std::future::Future;

use futures::{StreamExt as _, stream};

use super::client::Listed;
use super::error::ApiError;

/// Objects asked for per page: the most the API allows.
pub const PAGE_SIZE: u32 = 100;
/// The most pages one listing fetches (100,000 objects at the full page size).
const MAX_PAGES: u32 = 1_000;
/// How many pages are fetched at once once the total is known.
pub const PAGE_CONCURRENCY: usize = 4;

/// One page as the API sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The size of the whole list, when the API said.
    pub total_count: Option<u64>,
    pub items: Vec<T>,
}

/// How a listing pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingLimits {
    pub page_size: u32,
    pub max_pages: u32,
    pub concurrency: usize,
}

impl Default for PagingLimits {
    fn default() -> Self {
        Self { page_size: PAGE_SIZE, max_pages: MAX_PAGES, concurrency: PAGE_CONCURRENCY }
    }
}

/// Fetches every page of a list through `fetch(page_number)` (pages count from 1) and returns
/// the objects in the API's order, without duplicates. `what` names the list in errors.
pub async fn collect_pages<T, F, Fut>(
    limits: PagingLimits,
    what: &str,
    fetch: F,
) -> Result<Vec<T>, ApiError>
where
    T: Listed,
    F: Fn(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut collected = Collected::default();
    let first = fetch(1).await?;
    let first_total = first.total_count;
    let planned_pages = match first_total {
        Some(total) => pages_for(total, limits.page_size),
        None => 1,
    };
    if collected.add(first) == Progress::Done {
        return Ok(collected.items);
    }
    if planned_pages > u64::from(limits.max_pages) {
        return Err(too_many_pages(what, limits, first_total));
    }
    let planned_last = u32::try_from(planned_pages).unwrap_or(limits.max_pages);

    let mut pages = stream::iter(2..=planned_last).map(&fetch).buffered(limits.concurrency.max(1));
    while let Some(page) = pages.next().await {
        if collected.add(page?) == Progress::Done {
            return Ok(collected.items);
        }
    }
    drop(pages);

    // The API may use a smaller page size than asked, or the list may have grown meanwhile:
    // carry on one page at a time until a stop condition or the cap.
    for number in planned_last + 1..=limits.max_pages {
        if collected.add(fetch(number).await?) == Progress::Done {
            return Ok(collected.items);
        }
    }
    Err(too_many_pages(what, limits, None))
}

/// How many pages hold `total` objects.
fn pages_for(total: u64, page_size: u32) -> u64 {
    total.div_ceil(u64::from(page_size.max(1))).max(1)
}

fn too_many_pages(what: &str, limits: PagingLimits, total: Option<u64>) -> ApiError {
    ApiError::TooManyPages {
        what: what.to_owned(),
        max_pages: limits.max_pages,
        page_size: limits.page_size,
        total_count: total,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Progress {
    More,
    Done,
}

/// The objects gathered so far and the ids already seen.
struct Collected<T> {
    items: Vec<T>,
    seen: HashSet<String>,
}

impl<T> Default for Collected<T> {
    fn default() -> Self {
        Self { items: Vec::new(), seen: HashSet::new() }
    }
}

impl<T: Listed> Collected<T> {
    /// Adds a page's new objects and says whether the list has ended. Objects without an id
    /// cannot be told apart, so they are all kept.
    fn add(&mut self, page: Page<T>) -> Progress {
        if page.items.is_empty() {
            return Progress::Done;
        }
        let count_before = self.items.len();
        for item in page.items {
            if item.id().is_empty() || self.seen.insert(item.id().to_owned()) {
                self.items.push(item);
            }
        }
        if self.items.len() == count_before {
            return Progress::Done;
        }
        match page.total_count {
            Some(total) if u64::try_from(self.items.len()).unwrap_or(u64::MAX) >= total => {
                Progress::Done
            }
            _ => Progress::More,
        }
    }
}

#[cfg(test)]
#[path = "paging_tests.rs"]
mod tests;
