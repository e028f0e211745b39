//! The demo API served on loopback, called with a plain HTTP client: the shape of every
//! call, the error bodies, paging, determinism and large data sizes.

mod demo_support;

use demo_support::{Api, OTHER_TOKEN, REGION_PATH, TOKEN, group, keys};
use reqwest::StatusCode;
use serde_json::{Value, json};
use whbackup::demo::{DemoConfig, DemoServer};

#[tokio::test]
async fn hostings_have_the_spec_shape() {
    let api = Api::default().await;
    let list = api.get_ok(&format!("{REGION_PATH}/hostings")).await;
    assert_eq!(list["total_count"], 5);
    let hostings = list["hostings"].as_array().unwrap();
    let domains: Vec<&str> = hostings.iter().map(|h| h["domain"].as_str().unwrap_or("")).collect();
    assert_eq!(
        domains,
        [
            "example-shop.fr",
            "atelier-lumen.com",
            "le-fournil-des-halles.fr",
            "cabinet-moreau-avocats.fr",
            ""
        ]
    );
    let summary_fields = [
        "created_at",
        "domain",
        "domain_info",
        "id",
        "offer_name",
        "project_id",
        "protected",
        "region",
        "status",
        "updated_at",
    ];
    assert_eq!(keys(&hostings[0]), summary_fields);
    assert_eq!(hostings[0]["domain_info"]["custom_domain"]["domain_status"], "valid");
    assert!(hostings[4].get("domain").is_none(), "the subdomain-only hosting has no domain");
    assert_eq!(hostings[4]["domain_info"]["custom_domain"], Value::Null);

    let full = api.get_ok(&api.hosting_path(0)).await;
    assert_eq!(full["id"], hostings[0]["id"]);
    assert_eq!(full["offer"]["control_panel_name"], "cpanel");
    assert_eq!(full["platform"]["control_panel"]["name"], "cpanel");
    assert_eq!(full["tags"], json!(["shop", "wordpress", "production"]));
    assert!(full["ipv4"].as_str().unwrap().starts_with("51.159."));
    assert!(full.get("offer_name").is_none(), "offer_name is a summary field");
    let agency = api.get_ok(&api.hosting_path(1)).await;
    assert_eq!(agency["offer"]["control_panel_name"], "plesk");
}

#[tokio::test]
async fn backups_follow_the_retention_and_items_add_up() {
    let api = Api::default().await;
    let backups = api.backups(0).await;
    assert_eq!(backups.len(), 11, "3 daily and 8 weekly backups");
    assert_eq!(keys(&backups[0]), ["created_at", "id", "size", "status", "total_items"]);
    let dates: Vec<jiff::Timestamp> =
        backups.iter().map(|b| b["created_at"].as_str().unwrap().parse().unwrap()).collect();
    assert!(dates.windows(2).all(|pair| pair[0] > pair[1]), "newest first");
    let span = dates[0].duration_since(dates[10]);
    assert!((55 * 24..=57 * 24).contains(&(span.as_secs() / 3600)), "{span:?}");
    assert!(dates[0] <= jiff::Timestamp::now());

    let newest = &backups[0];
    let got = api
        .get_ok(&format!("{}/backups/{}", api.hosting_path(0), newest["id"].as_str().unwrap()))
        .await;
    assert_eq!(&got, newest);

    let items = api.items(0, newest["id"].as_str().unwrap()).await;
    let groups = &items["groups"];
    let types: Vec<&str> =
        groups.as_array().unwrap().iter().map(|g| g["type"].as_str().unwrap()).collect();
    let every_type = [
        "full",
        "web",
        "db",
        "db_user",
        "mail",
        "ftp_user",
        "dns_zone",
        "cron_job",
        "ssl_certificate",
    ];
    assert_eq!(types, every_type);
    assert_eq!(items["total_count"], 9, "total_count counts groups");
    let mail = group(groups, "mail");
    assert_eq!(mail.len(), 16);
    assert_eq!(mail[0]["name"], "contact@example-shop.fr");
    assert_eq!(keys(&mail[0]), ["created_at", "id", "name", "size", "status", "type"]);
    assert_eq!(group(groups, "db")[0]["name"], "wp_prod");
    assert!(group(groups, "cron_job")[0]["name"].as_str().unwrap().contains("wp-cron.php"));

    let all: Vec<&Value> =
        groups.as_array().unwrap().iter().flat_map(|g| g["items"].as_array().unwrap()).collect();
    assert_eq!(all.len() as u64, newest["total_items"].as_u64().unwrap());
    let full_size = group(groups, "full")[0]["size"].as_u64().unwrap();
    let parts: u64 =
        all.iter().filter(|i| i["type"] != "full").map(|i| i["size"].as_u64().unwrap()).sum();
    assert_eq!(full_size, parts);
    assert_eq!(full_size, newest["size"].as_u64().unwrap());
}

#[tokio::test]
async fn special_hostings_hold_what_they_promise() {
    let api = Api::default().await;
    assert!(api.backups(2).await.is_empty(), "hosting 2 has no backup");
    let statuses: Vec<Value> = api.backups(3).await.iter().map(|b| b["status"].clone()).collect();
    assert_eq!(statuses[1], "damaged");
    assert_eq!(statuses[4], "locked");
    assert_eq!(statuses[7], "disabled");

    let damaged = api.backups(3).await[1]["id"].as_str().unwrap().to_owned();
    let items = api.items(3, &damaged).await;
    assert_eq!(group(&items["groups"], "full")[0]["status"], "damaged");

    let past = api.get_ok(&format!("{}/progresses", api.hosting_path(0))).await;
    let past = past["progresses"].as_array().unwrap();
    let statuses: Vec<&str> = past.iter().map(|p| p["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["failed", "partially_completed", "completed"]);
    assert_eq!(keys(&past[0]), ["backup_items_count", "id", "percentage", "status"]);
    assert_eq!(past[2]["backup_items_count"], 1, "a full restore lists its full item");
    let detail = api.progress(0, past[0]["id"].as_str().unwrap()).await;
    assert_eq!(keys(&detail), ["backup_item_groups", "id", "percentage", "status"]);
    assert_eq!(group(&detail["backup_item_groups"], "db")[0]["name"], "wp_prod");
    assert_eq!(detail["status"], "failed");
    assert!(detail["percentage"].as_u64().unwrap() < 100);
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_refused() {
    let api = Api::default().await;
    let path = api.url(&format!("{REGION_PATH}/hostings"));
    let cases = [
        (None, "invalid_argument"),
        (Some("not-a-key"), "invalid_argument"),
        (Some(OTHER_TOKEN), "not_found"),
    ];
    for (token, reason) in cases {
        let mut request = api.http.get(&path);
        if let Some(token) = token {
            request = request.header("X-Auth-Token", token);
        }
        let (status, headers, body) = api.send(request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(headers.contains_key("x-request-id"));
        let expected = json!({
            "type": "denied_authentication",
            "message": "authentication is denied",
            "method": "api_key",
            "reason": reason,
        });
        assert_eq!(body, expected, "{token:?}");
    }
    let log = api.server.requests();
    assert!(log.iter().all(|record| !record.token_valid));
    assert!(!format!("{log:?}").contains(OTHER_TOKEN), "the token is never stored");
}

#[tokio::test]
async fn unknown_resources_are_not_found() {
    let api = Api::default().await;
    let unknown = "00000000-0000-4000-8000-000000000000";
    let hosting = api.hosting_path(0);
    let cases = [
        (format!("{REGION_PATH}/hostings/{unknown}"), "hosting"),
        (format!("/webhosting/v1/regions/nl-ams/hostings/{}", api.server.hosting_id(0)), "hosting"),
        (format!("{hosting}/backups/{unknown}"), "backup"),
        (
            format!(
                "{}/backups/{}",
                api.hosting_path(1),
                api.backups(0).await[0]["id"].as_str().unwrap()
            ),
            "backup",
        ),
        (format!("{hosting}/backup-items?backup_id={unknown}"), "backup"),
        (format!("{hosting}/progresses/{unknown}"), "progress"),
    ];
    for (path, resource) in cases {
        let (status, body) = api.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["type"], "not_found");
        assert_eq!(body["resource"], resource, "{path}");
        assert!(body["resource_id"].as_str().is_some_and(|id| !id.is_empty()));
    }
    let (status, body) = api
        .post(
            &format!("{hosting}/restore-backup-items"),
            &json!({"item_ids": [unknown]}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["resource"], "backup_item");

    let (status, body) = api.post(&format!("{hosting}/backups"), "{}").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a known path with the wrong method");
    assert_eq!((&body["type"], &body["resource"]), (&json!("not_found"), &json!("route")));
    assert!(body["resource_id"].as_str().is_some_and(|id| id.starts_with("POST ")), "{body}");
}

#[tokio::test]
async fn a_token_of_another_shape_is_refused_at_start() {
    let listen = "127.0.0.1:0".parse().unwrap();
    let started = DemoServer::start(DemoConfig::default(), listen, "secret".into()).await;
    let Err(error) = started else { panic!("a token that is not a UUID is refused") };
    assert!(error.to_string().contains("shape of a Scaleway secret key"), "{error}");
}

#[tokio::test]
async fn a_server_on_every_interface_names_loopback() {
    let listen = "0.0.0.0:0".parse().unwrap();
    let server = DemoServer::start(DemoConfig::default(), listen, TOKEN.into()).await.unwrap();
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
}

#[tokio::test]
async fn bad_arguments_are_invalid_arguments() {
    let api = Api::default().await;
    let hosting = api.hosting_path(0);
    let backup = api.backups(0).await[0]["id"].as_str().unwrap().to_owned();
    let gets = [
        ("/webhosting/v1/regions/us-east/hostings".to_owned(), "region"),
        (format!("{hosting}/backup-items"), "backup_id"),
        (format!("{REGION_PATH}/hostings?page=0"), "page"),
        (format!("{REGION_PATH}/hostings?page=abc"), "page"),
        (format!("{REGION_PATH}/hostings?page_size=101"), "page_size"),
        (format!("{REGION_PATH}/hostings?page_size=0"), "page_size"),
        (format!("{hosting}/backups?order_by=size"), "order_by"),
        (format!("{REGION_PATH}/hostings?statuses=sleeping"), "statuses"),
    ];
    for (path, argument) in gets {
        let (status, body) = api.get(&path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(body["type"], "invalid_arguments");
        let detail = &body["details"][0];
        assert_eq!(detail["argument_name"], argument, "{path}");
        assert!(detail["reason"].is_string() && detail["help_message"].is_string());
    }
    let restore = format!("{hosting}/backups/{backup}/restore");
    let items = format!("{hosting}/restore-backup-items");
    for (path, body) in [
        (&restore, "{not json"),
        (&restore, ""),
        (&items, "[]"),
        (&items, "{}"),
        (&items, r#"{"item_ids": [1]}"#),
    ] {
        let (status, answer) = api.post(path, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}");
        assert_eq!(answer["type"], "invalid_arguments");
    }
    let progresses = api.get_ok(&format!("{hosting}/progresses")).await;
    assert_eq!(progresses["progresses"].as_array().unwrap().len(), 3, "nothing was restored");
}

#[tokio::test]
async fn a_get_with_an_empty_json_body_is_accepted() {
    let api = Api::default().await;
    for body in ["{}", ""] {
        let request = api
            .http
            .get(api.url(&format!("{REGION_PATH}/hostings")))
            .header("X-Auth-Token", TOKEN)
            .header("Content-Type", "application/json")
            .body(body);
        let (status, _, answer) = api.send(request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(answer["total_count"], 5);
    }
    assert_eq!(api.server.requests()[0].body, "{}");
}

#[tokio::test]
async fn pages_cover_the_list_with_a_true_total() {
    let api = Api::start(DemoConfig { hostings: 47, backups: 30, ..DemoConfig::default() }).await;
    let mut seen = Vec::new();
    for page in 1..=5 {
        let body = api.get_ok(&format!("{REGION_PATH}/hostings?page={page}&page_size=10")).await;
        assert_eq!(body["total_count"], 47);
        seen.extend(body["hostings"].as_array().unwrap().iter().map(|h| h["id"].clone()));
    }
    let unique: std::collections::HashSet<String> = seen.iter().map(Value::to_string).collect();
    assert_eq!((seen.len(), unique.len()), (47, 47));
    let past_end = api.get_ok(&format!("{REGION_PATH}/hostings?page=6&page_size=10")).await;
    assert_eq!(past_end["hostings"], json!([]));
    assert_eq!(past_end["total_count"], 47);

    let default_size = api.get_ok(&format!("{REGION_PATH}/hostings")).await;
    assert_eq!(default_size["hostings"].as_array().unwrap().len(), 20);
    let newest_first =
        api.get_ok(&format!("{REGION_PATH}/hostings?order_by=created_at_desc&page_size=1")).await;
    assert_eq!(newest_first["hostings"][0]["id"], seen[46]);

    let ready = api.get_ok(&format!("{REGION_PATH}/hostings?statuses=ready&page_size=100")).await;
    let others = ["locked", "updating", "delivering", "migrating", "error", "payment_pending"];
    let filter = others.map(|status| format!("statuses={status}&")).concat();
    let not_ready = api
        .get_ok(&format!("{REGION_PATH}/hostings?{filter}statuses=payment_failed&page_size=100"))
        .await;
    let count = |body: &Value| body["total_count"].as_u64().unwrap();
    assert_eq!(count(&ready) + count(&not_ready), 47);
    assert_eq!(count(&ready), ready["hostings"].as_array().unwrap().len() as u64);
    assert!(ready["hostings"].as_array().unwrap().iter().all(|h| h["status"] == "ready"));
    let shop = api.get_ok(&format!("{REGION_PATH}/hostings?domain=example-shop")).await;
    assert_eq!(shop["total_count"], 1);
    assert_eq!(shop["hostings"][0]["domain"], "example-shop.fr");

    let hosting = api.hosting_path(5);
    let first = api.get_ok(&format!("{hosting}/backups?page=1&page_size=25")).await;
    let second = api.get_ok(&format!("{hosting}/backups?page=2&page_size=25")).await;
    assert_eq!(
        (first["total_count"].clone(), second["total_count"].clone()),
        (json!(30), json!(30))
    );
    assert_eq!(second["backups"].as_array().unwrap().len(), 5);
    let oldest_first =
        api.get_ok(&format!("{hosting}/backups?order_by=created_at_asc&page_size=1")).await;
    assert_eq!(oldest_first["backups"][0], second["backups"][4]);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let config = DemoConfig { seed: 7, hostings: 30, ..DemoConfig::default() };
    let first = Api::start(config.clone()).await;
    let second = Api::start(config).await;
    let other = Api::start(DemoConfig { seed: 8, hostings: 30, ..DemoConfig::default() }).await;
    let path = format!("{REGION_PATH}/hostings?page_size=100");
    let hostings = first.get_ok(&path).await;
    assert_eq!(hostings, second.get_ok(&path).await);
    assert_ne!(hostings, other.get_ok(&path).await);
    assert_eq!(hostings["hostings"].as_array().unwrap().len(), 30);

    let backup_ids =
        |backups: Vec<Value>| backups.into_iter().map(|b| b["id"].clone()).collect::<Vec<_>>();
    assert_eq!(backup_ids(first.backups(12).await), backup_ids(second.backups(12).await));
    let backup = first.backups(12).await[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(first.items(12, &backup).await, second.items(12, &backup).await);
}

#[tokio::test]
async fn large_sizes_are_served_lazily() {
    let hostings = 1_000;
    let backups = 500;
    let items = 200_000;
    let api = Api::start(DemoConfig { hostings, backups, items, ..DemoConfig::default() }).await;

    let page = api.get_ok(&format!("{REGION_PATH}/hostings?page=7&page_size=100")).await;
    assert_eq!(page["total_count"], hostings);
    assert_eq!(page["hostings"].as_array().unwrap().len(), 100);
    let hosting = 650;
    assert_eq!(page["hostings"][50]["id"], api.server.hosting_id(hosting).as_str());

    let path = format!("{}/backups?page=5&page_size=100", api.hosting_path(hosting));
    let backups_page = api.get_ok(&path).await;
    assert_eq!(backups_page["total_count"], backups);
    let last = &backups_page["backups"][99];
    assert_eq!(last["total_items"], items);

    let listed = api.items(hosting, last["id"].as_str().unwrap()).await;
    let groups = listed["groups"].as_array().unwrap();
    let count: usize = groups.iter().map(|g| g["items"].as_array().unwrap().len()).sum();
    assert_eq!(count, items);
    assert_eq!(listed["total_count"], 9);

    let mail = group(&listed["groups"], "mail");
    let chosen: Vec<Value> =
        mail.iter().step_by(97).take(500).map(|item| item["id"].clone()).collect();
    let body = json!({"item_ids": chosen}).to_string();
    let (status, answer) =
        api.post(&format!("{}/restore-backup-items", api.hosting_path(hosting)), &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let detail = api.progress(hosting, answer["progress_id"].as_str().unwrap()).await;
    assert_eq!(group(&detail["backup_item_groups"], "mail").len(), 500);
}
