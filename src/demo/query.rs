//! Query-string arguments of the list calls: pages, order, filters, and the region in the
//! path, each checked as strictly as the real API checks it.

use std::ops::Range;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;

use super::errors::ApiFailure;
use crate::api::HostingStatus;

/// Regions the path accepts.
pub const REGIONS: &[&str] = &["fr-par", "nl-ams", "pl-waw"];
/// The page size when the request gives none.
const DEFAULT_PAGE_SIZE: u32 = 20;
const MAX_PAGE_SIZE: u32 = 100;

/// The query string as key-value pairs, repeated keys kept in order.
pub type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The pairs of a query string, or 400 when it cannot be decoded.
pub fn pairs(query: QueryPairs) -> Result<Vec<(String, String)>, ApiFailure> {
    query.map(|Query(pairs)| pairs).map_err(|rejection| {
        ApiFailure::invalid(
            "query",
            "syntax",
            format!("the query string cannot be read: {rejection}"),
        )
    })
}

/// The last value of `key`, as the API reads a repeated single-valued key.
pub fn last<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value.as_str())
}

/// Every value of a repeated `key`.
pub fn all<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(name, _)| name == key).map(|(_, value)| value.as_str()).collect()
}

/// Checks the region of the path.
pub fn region(region: &str) -> Result<(), ApiFailure> {
    if REGIONS.contains(&region) {
        return Ok(());
    }
    let help = format!("unknown region {region:?}; use one of {}", REGIONS.join(", "));
    Err(ApiFailure::invalid("region", "constraint", help))
}

/// The order of a list by creation date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Ascending,
    Descending,
}

/// Which slice of a list to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// From 1.
    pub page: u32,
    pub page_size: u32,
    pub order: Order,
}

impl Paging {
    /// Reads `page`, `page_size` and `order_by`, with `default_order` when absent.
    pub fn parse(pairs: &[(String, String)], default_order: Order) -> Result<Self, ApiFailure> {
        let page = match last(pairs, "page") {
            None => 1,
            Some(raw) => raw.parse::<u32>().ok().filter(|page| *page >= 1).ok_or_else(|| {
                ApiFailure::invalid(
                    "page",
                    "constraint",
                    format!("page must be 1 or more, not {raw:?}"),
                )
            })?,
        };
        let page_size = match last(pairs, "page_size") {
            None => DEFAULT_PAGE_SIZE,
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
                .ok_or_else(|| {
                    let help = format!("page_size must be from 1 to {MAX_PAGE_SIZE}, not {raw:?}");
                    ApiFailure::invalid("page_size", "constraint", help)
                })?,
        };
        let order = match last(pairs, "order_by") {
            None => default_order,
            Some("created_at_asc") => Order::Ascending,
            Some("created_at_desc") => Order::Descending,
            Some(raw) => {
                let help =
                    format!("order_by must be created_at_asc or created_at_desc, not {raw:?}");
                return Err(ApiFailure::invalid("order_by", "constraint", help));
            }
        };
        Ok(Self { page, page_size, order })
    }

    /// The positions of this page in a list of `total`; empty past the end.
    pub fn window(&self, total: u32) -> Range<u32> {
        let start = (u64::from(self.page) - 1) * u64::from(self.page_size);
        let end = start + u64::from(self.page_size);
        let clamp = |value: u64| u32::try_from(value.min(u64::from(total))).unwrap_or(total);
        clamp(start)..clamp(end)
    }
}

/// The hosting statuses of a repeated `statuses` key; an unknown one is refused.
pub fn statuses(pairs: &[(String, String)]) -> Result<Vec<HostingStatus>, ApiFailure> {
    all(pairs, "statuses")
        .into_iter()
        .map(|raw| match HostingStatus::from_wire(raw) {
            HostingStatus::Other(_) => {
                let help = format!("{raw:?} is not a hosting status");
                Err(ApiFailure::invalid("statuses", "constraint", help))
            }
            status => Ok(status),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect()
    }

    #[test]
    fn paging_defaults_and_windows() {
        let paging = Paging::parse(&[], Order::Ascending).unwrap();
        assert_eq!((paging.page, paging.page_size), (1, DEFAULT_PAGE_SIZE));
        let paging = Paging::parse(&query(&[("page", "3"), ("page_size", "4")]), Order::Ascending);
        assert_eq!(paging.unwrap().window(10), 8..10);
    }

    #[test]
    fn paging_refuses_what_the_api_refuses() {
        for bad in [("page", "0"), ("page", "x"), ("page_size", "101"), ("order_by", "name")] {
            assert!(Paging::parse(&query(&[bad]), Order::Ascending).is_err(), "{bad:?}");
        }
    }
}
