//! The demo API's restore simulation, watched over HTTP: a restore moves from pending to
//! processing to a final status, marks what it restores, queues behind the hosting's
//! previous restore, and is refused for damaged, locked or disabled backups and items.

mod demo_support;

use demo_support::{Api, CLOCK_STEP, MAX_STEPS, group, keys, restore_backup, watch_restore};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn a_full_restore_runs_to_its_end_and_marks_the_backup() {
    let api = Api::default().await;
    let backup = api.backups(1).await[0]["id"].as_str().unwrap().to_owned();
    let (status, answer) =
        api.post(&format!("{}/backups/{backup}/restore", api.hosting_path(1)), "{}").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(keys(&answer), ["progress_id"]);
    let progress_id = answer["progress_id"].as_str().unwrap().to_owned();

    let listed = api.get_ok(&format!("{}/progresses", api.hosting_path(1))).await;
    assert_eq!(listed["progresses"][0]["id"], progress_id.as_str(), "the newest comes first");
    assert_eq!(listed["progresses"][0]["backup_items_count"], 1);

    let (statuses, restoring) = watch_restore(&api, 1, &progress_id, &backup).await;
    assert_eq!(statuses[..2], ["pending", "processing"], "{statuses:?}");
    assert_eq!(statuses.len(), 3, "{statuses:?}");
    assert!(["completed", "partially_completed", "failed"].contains(&statuses[2].as_str()));
    assert!(!restoring.is_empty() && restoring.iter().all(|r| *r), "{restoring:?}");
    let after = api.backups(1).await;
    assert_eq!(after[0]["status"], "active", "the backup is active again");
}

#[tokio::test]
async fn an_item_restore_marks_its_items_and_ends_as_forced() {
    let api = Api::default().await;
    let backup = api.backups(0).await[2]["id"].as_str().unwrap().to_owned();
    let items = api.items(0, &backup).await;
    let ids = [
        group(&items["groups"], "db")[0]["id"].clone(),
        group(&items["groups"], "db_user")[0]["id"].clone(),
    ];
    api.server.force_next_outcome(whbackup::api::ProgressStatus::PartiallyCompleted);
    let body = json!({"item_ids": ids}).to_string();
    let (status, answer) =
        api.post(&format!("{}/restore-backup-items", api.hosting_path(0)), &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let progress_id = answer["progress_id"].as_str().unwrap().to_owned();

    let during = api.items(0, &backup).await;
    assert_eq!(group(&during["groups"], "db")[0]["status"], "restoring");
    assert_eq!(group(&during["groups"], "db")[1]["status"], "active", "only chosen items restore");
    let detail = api.progress(0, &progress_id).await;
    assert_eq!(group(&detail["backup_item_groups"], "db_user")[0]["id"], ids[1]);

    let (statuses, restoring) = watch_restore(&api, 0, &progress_id, &backup).await;
    assert_eq!(statuses.last().unwrap(), "partially_completed");
    assert!(restoring.iter().all(|r| *r));
    let after = api.items(0, &backup).await;
    assert_eq!(group(&after["groups"], "db")[0]["status"], "active");
}

#[tokio::test]
async fn a_second_restore_on_a_hosting_waits_for_the_first() {
    let api = Api::default().await;
    let backups = api.backups(1).await;
    let first = restore_backup(&api, 1, &backups[0]).await;
    let second = restore_backup(&api, 1, &backups[1]).await;

    let mut polls_while_first_ran = 0;
    loop {
        assert!(polls_while_first_ran < MAX_STEPS, "the first restore did not end in time");
        // Read the second first: if the first still runs afterwards, it ran before too.
        let later = api.progress(1, &second).await;
        let earlier = api.progress(1, &first).await;
        if earlier["status"] != "pending" && earlier["status"] != "processing" {
            break;
        }
        assert_eq!(later["status"], "pending", "the second restore must wait");
        assert_eq!(later["percentage"], 0);
        polls_while_first_ran += 1;
        api.server.advance_clock(CLOCK_STEP);
    }
    assert!(polls_while_first_ran > 0);
    let (statuses, _) = watch_restore(&api, 1, &second, backups[1]["id"].as_str().unwrap()).await;
    assert_ne!(statuses.last().unwrap(), "pending");
}

#[tokio::test]
async fn unusable_backups_and_items_are_not_restored() {
    let api = Api::default().await;
    let hosting = api.hosting_path(3);
    let backups = api.backups(3).await;
    for (index, precondition) in
        [(1, "backup_damaged"), (4, "backup_locked"), (7, "backup_disabled")]
    {
        let path = format!("{hosting}/backups/{}/restore", backups[index]["id"].as_str().unwrap());
        let (status, body) = api.post(&path, "{}").await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
        assert_eq!(body["type"], "precondition_failed");
        assert_eq!(body["precondition"], precondition);
        assert!(body["help_message"].is_string());
    }
    let items = api.items(3, backups[1]["id"].as_str().unwrap()).await;
    let all: Vec<&Value> = items["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .collect();
    let damaged: Vec<&Value> =
        all.iter().copied().filter(|i| i["status"] == "damaged" && i["type"] != "full").collect();
    let sound = all.iter().find(|i| i["status"] == "active").unwrap();
    let path = format!("{hosting}/restore-backup-items");
    if let Some(damaged) = damaged.first() {
        let (status, body) =
            api.post(&path, &json!({"item_ids": [sound["id"], damaged["id"]]}).to_string()).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(body["precondition"], "backup_item_damaged");
    }
    let (status, _) = api.post(&path, &json!({"item_ids": [sound["id"]]}).to_string()).await;
    assert_eq!(status, StatusCode::OK, "sound items of a damaged backup restore");
}

#[tokio::test]
async fn a_restarted_server_knows_its_past_restores_but_not_the_last_runs() {
    let before = Api::default().await;
    let backups = before.backups(1).await;
    let submitted = restore_backup(&before, 1, &backups[0]).await;
    let progresses = format!("{}/progresses", before.hosting_path(1));
    let listed = before.get_ok(&progresses).await;
    let past_id = listed["progresses"].as_array().unwrap().last().unwrap()["id"].clone();
    assert_ne!(past_id, submitted.as_str(), "the oldest listed is a past restore");

    let after = Api::default().await;
    let again = restore_backup(&after, 1, &after.backups(1).await[0]).await;
    assert_ne!(again, submitted, "the first restore of each start has an id of its own");
    let relisted = after.get_ok(&progresses.replace(&before.server.url, &after.server.url)).await;
    assert!(relisted["progresses"].as_array().unwrap().iter().any(|p| p["id"] == past_id));
    let path = format!("{}/progresses/{submitted}", after.hosting_path(1));
    let (status, body) = after.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an id of the run before names nothing: {body}");
}
