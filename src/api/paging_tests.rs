//! The paging walk over closures that play the API's part, quirks included.

use std::cell::{Cell, RefCell};

use serde_json::{Value, json};

use super::*;
use crate::api::Hosting;

fn object(id: usize) -> Value {
    json!({ "id": format!("id-{id}") })
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|item| item.id().to_owned()).collect()
}

fn expected_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|id| format!("id-{id}")).collect()
}

/// A list of `len` objects served `page_size` at a time, announcing `total`.
fn page_of(len: usize, page_size: usize, total: Option<u64>, number: u32) -> Page<Value> {
    let start = (number as usize - 1) * page_size;
    let items = (start..len.min(start + page_size)).map(object).collect();
    Page { total_count: total, items }
}

fn limits(page_size: u32) -> PagingLimits {
    PagingLimits { page_size, max_pages: 50, concurrency: PAGE_CONCURRENCY }
}

#[tokio::test]
async fn every_page_is_fetched_once_and_kept_in_order() {
    let fetched = RefCell::new(Vec::new());
    let items = collect_pages(limits(10), "objects", |number| {
        fetched.borrow_mut().push(number);
        async move { Ok(page_of(35, 10, Some(35), number)) }
    })
    .await
    .unwrap();
    assert_eq!(ids(&items), expected_ids(0..35));
    let mut fetched = fetched.into_inner();
    fetched.sort_unstable();
    assert_eq!(fetched, vec![1, 2, 3, 4]);
}

#[tokio::test]
async fn a_repeated_page_ends_the_walk_without_duplicates() {
    let fetches = Cell::new(0);
    let items = collect_pages(limits(10), "objects", |_| {
        fetches.set(fetches.get() + 1);
        async { Ok(page_of(10, 10, Some(25), 1)) }
    })
    .await
    .unwrap();
    assert_eq!(ids(&items), expected_ids(0..10));
    assert!(fetches.get() <= 3, "fetched {} pages", fetches.get());
}

#[tokio::test]
async fn overlapping_pages_keep_only_new_objects() {
    let items = collect_pages(limits(10), "objects", |number| async move {
        let start = (number as usize - 1) * 5;
        Ok(Page { total_count: Some(20), items: (start..start + 10).map(object).collect() })
    })
    .await
    .unwrap();
    assert_eq!(ids(&items), expected_ids(0..20));
}

#[tokio::test]
async fn an_empty_page_ends_the_walk_even_below_the_total() {
    let items = collect_pages(limits(10), "objects", |number| async move {
        Ok(page_of(15, 10, Some(40), number))
    })
    .await
    .unwrap();
    assert_eq!(ids(&items), expected_ids(0..15));
}

#[tokio::test]
async fn a_smaller_page_size_than_asked_still_reaches_the_total() {
    let fetches = Cell::new(0);
    let items = collect_pages(limits(10), "objects", |number| {
        fetches.set(fetches.get() + 1);
        async move { Ok(page_of(25, 5, Some(25), number)) }
    })
    .await
    .unwrap();
    assert_eq!(ids(&items), expected_ids(0..25));
    assert_eq!(fetches.get(), 5);
}

#[tokio::test]
async fn without_a_total_the_walk_goes_on_until_an_empty_page() {
    let fetches = Cell::new(0);
    let items = collect_pages(limits(10), "objects", |number| {
        fetches.set(fetches.get() + 1);
        async move { Ok(page_of(23, 10, None, number)) }
    })
    .await
    .unwrap();
    assert_eq!(ids(&items), expected_ids(0..23));
    assert_eq!(fetches.get(), 4);
}

#[tokio::test]
async fn a_total_over_the_cap_is_refused_after_the_first_page() {
    let fetches = Cell::new(0);
    let capped = PagingLimits { page_size: 10, max_pages: 3, concurrency: 2 };
    let error = collect_pages(capped, "backups", |number| {
        fetches.set(fetches.get() + 1);
        async move { Ok(page_of(1000, 10, Some(1000), number)) }
    })
    .await
    .unwrap_err();
    assert_eq!(fetches.get(), 1);
    assert!(matches!(error, ApiError::TooManyPages { total_count: Some(1000), .. }));
    assert!(error.to_string().contains("1000 backups, more than the 30"), "{error}");
}

#[tokio::test]
async fn endless_new_pages_stop_at_the_cap() {
    let fetches = Cell::new(0);
    let capped = PagingLimits { page_size: 10, max_pages: 5, concurrency: 2 };
    let error = collect_pages(capped, "hostings", |number| {
        fetches.set(fetches.get() + 1);
        async move { Ok(page_of(usize::MAX / 2, 10, None, number)) }
    })
    .await
    .unwrap_err();
    assert_eq!(fetches.get(), 5);
    assert!(error.to_string().contains("did not end after 5 pages"), "{error}");
}

#[tokio::test]
async fn pages_after_the_first_are_fetched_a_few_at_a_time() {
    let in_flight = Cell::new(0);
    let most_in_flight = Cell::new(0);
    let items = collect_pages(limits(10), "objects", |number| {
        let (in_flight, most_in_flight) = (&in_flight, &most_in_flight);
        async move {
            in_flight.set(in_flight.get() + 1);
            most_in_flight.set(most_in_flight.get().max(in_flight.get()));
            tokio::task::yield_now().await;
            in_flight.set(in_flight.get() - 1);
            Ok(page_of(100, 10, Some(100), number))
        }
    })
    .await
    .unwrap();
    assert_eq!(items.len(), 100);
    assert_eq!(most_in_flight.get(), PAGE_CONCURRENCY);
}

#[tokio::test]
async fn an_error_on_any_page_fails_the_listing() {
    let answer = collect_pages(limits(10), "objects", |number| async move {
        if number == 3 {
            Err(ApiError::Other("page three broke".into()))
        } else {
            Ok(page_of(50, 10, Some(50), number))
        }
    })
    .await;
    assert_eq!(answer.unwrap_err(), ApiError::Other("page three broke".into()));
}

#[tokio::test]
async fn typed_objects_are_de_duplicated_by_their_id() {
    let hosting = |id: &str| Hosting { id: id.into(), ..Hosting::default() };
    let items = collect_pages(limits(2), "hostings", |number| {
        let page = match number {
            1 => vec![hosting("a"), hosting("b")],
            _ => vec![hosting("b"), hosting("c")],
        };
        async move { Ok(Page { total_count: Some(3), items: page }) }
    })
    .await
    .unwrap();
    let ids: Vec<&str> = items.iter().map(|hosting| hosting.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[test]
fn values_without_an_id_have_an_empty_one() {
    assert_eq!(json!({ "name": "x" }).id(), "");
    assert_eq!(json!({ "id": 7 }).id(), "");
    assert_eq!(json!({ "id": "b1" }).id(), "b1");
}
