//! The client's answer size cap against the demo server over real HTTP: a padded answer
//! past the cap is refused with a clear error, one under it is read whole, and a crafted
//! error body past the cap is refused before it is read. A chunked answer with no length,
//! from a bare HTTP server, shows that reading stops at the cap.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use whbackup::api::{ApiError, Client, ClientOptions, Endpoint, SecretKey};
use whbackup::demo::{DemoConfig, DemoServer, Fault, FaultRule};

const TOKEN: &str = "00000000-1111-2222-3333-444444444444";
const MIB: u64 = 1024 * 1024;
/// The demo server pads list answers to this size.
const PADDED_MB: u64 = 4;
/// A cap well under the padded answers.
const SMALL_CAP_BYTES: u64 = MIB;
/// A cap above the padded answers, with room for the rest of the JSON.
const ROOMY_CAP_BYTES: u64 = 2 * PADDED_MB * MIB;

async fn padded_server(huge_response_mb: u64) -> DemoServer {
    let config = DemoConfig { huge_response_mb, ..DemoConfig::default() };
    let listen = "127.0.0.1:0".parse().unwrap();
    DemoServer::start(config, listen, TOKEN.to_owned()).await.unwrap()
}

fn client(server: &DemoServer, max_answer_bytes: u64) -> Client {
    let endpoint = Endpoint {
        api_url: server.url.clone(),
        region: "fr-par".into(),
        secret_key: SecretKey::new(TOKEN),
        profile: "work".into(),
        key_source: "the config file".into(),
    };
    Client::with_options(endpoint, ClientOptions { max_answer_bytes, ..ClientOptions::default() })
        .unwrap()
}

#[tokio::test]
async fn the_default_cap_reads_a_backup_of_200000_items() {
    const ITEMS: usize = 200_000;
    let config = DemoConfig { items: ITEMS, ..DemoConfig::default() };
    let listen = "127.0.0.1:0".parse().unwrap();
    let server = DemoServer::start(config, listen, TOKEN.to_owned()).await.unwrap();
    let client = client(&server, ClientOptions::default().max_answer_bytes);
    let hosting_id = server.hosting_id(0);
    let backups = client.list_backups(&hosting_id).await.unwrap();
    let groups = client.list_backup_items(&hosting_id, &backups[0].id).await.unwrap();
    let items: usize = groups.iter().map(|group| group.items.len()).sum();
    assert_eq!(items, ITEMS);
}

#[tokio::test]
async fn a_padded_answer_past_the_cap_is_refused_with_the_cap_in_the_message() {
    let server = padded_server(PADDED_MB).await;
    let error = client(&server, SMALL_CAP_BYTES).list_hostings().await.unwrap_err();

    assert!(matches!(error, ApiError::AnswerTooLarge { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("the answer was larger than 1 MiB"), "{message}");
    assert!(message.contains("GET /webhosting/v1/regions/fr-par/hostings"), "{message}");
    assert!(message.contains("(HTTP 200, request id "), "{message}");
    assert!(!error.is_retryable(), "a retry would meet the same answer");
    assert!(error.may_have_reached_server(), "the server did answer 200");
}

#[tokio::test]
async fn a_padded_answer_under_the_cap_is_read_whole() {
    let server = padded_server(PADDED_MB).await;
    let client = client(&server, ROOMY_CAP_BYTES);
    let hostings = client.list_hostings().await.unwrap();
    assert_eq!(hostings.len(), DemoConfig::default().hostings);

    let hosting_id = server.hosting_id(0);
    let backups = client.list_backups(&hosting_id).await.unwrap();
    let groups = client.list_backup_items(&hosting_id, &backups[0].id).await.unwrap();
    assert!(!groups.is_empty(), "the padded items answer decodes to its groups");
}

#[tokio::test]
async fn a_padded_items_answer_past_the_cap_is_refused() {
    let server = padded_server(PADDED_MB).await;
    let client = client(&server, SMALL_CAP_BYTES);
    let hosting_id = server.hosting_id(0);
    // Backups are not padded, so they still list under the small cap.
    let backups = client.list_backups(&hosting_id).await.unwrap();
    let error = client.list_backup_items(&hosting_id, &backups[0].id).await.unwrap_err();
    assert!(matches!(error, ApiError::AnswerTooLarge { .. }), "{error:?}");
    assert!(error.to_string().contains("/backup-items"), "{error}");
}

#[tokio::test]
async fn an_error_body_past_the_cap_is_refused_too() {
    let server = padded_server(0).await;
    let cap_bytes = 64 * 1024;
    let body = "x".repeat(usize::try_from(cap_bytes).unwrap() + 1);
    let headers = vec![("content-type".to_owned(), "text/plain".to_owned())];
    server.inject(FaultRule::new(Fault::Respond { status: 500, headers, body }));

    let error = client(&server, cap_bytes).list_hostings().await.unwrap_err();
    assert!(matches!(error, ApiError::AnswerTooLarge { .. }), "{error:?}");
    assert_eq!(error.status(), Some(500));
    assert!(error.to_string().contains("larger than 65536 bytes"), "{error}");
}

#[tokio::test]
async fn an_answer_exactly_at_the_cap_is_read() {
    let server = padded_server(0).await;
    let body = serde_json::json!({ "message": "x".repeat(1000) }).to_string();
    let cap_bytes = u64::try_from(body.len()).unwrap();
    let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    server.inject(FaultRule::new(Fault::Respond { status: 404, headers, body }));

    let error = client(&server, cap_bytes).list_hostings().await.unwrap_err();
    assert!(matches!(error, ApiError::NotFound { .. }), "read whole, then decoded: {error:?}");
}

/// How much a chunked answer would send if the client read it all.
const ENDLESS_BYTES: usize = 64 * 1024 * 1024;
const CHUNK_BYTES: usize = 64 * 1024;
/// What the socket buffers on both sides may take in before the client reads.
const BUFFERED_BYTES: usize = 16 * 1024 * 1024;

/// Answers one request with a chunked body of `ENDLESS_BYTES` and no length, and returns how
/// many body bytes it managed to write before the client hung up.
async fn serve_endless_chunks(listener: TcpListener) -> usize {
    let (mut stream, _) = listener.accept().await.unwrap();
    let mut request = Vec::new();
    let mut buffer = [0; 1024];
    while !request.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await.unwrap();
        assert!(read > 0, "the client closed before sending its request");
        request.extend_from_slice(&buffer[..read]);
    }
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                transfer-encoding: chunked\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = format!("{CHUNK_BYTES:x}\r\n{}\r\n", " ".repeat(CHUNK_BYTES));
    let mut written = 0;
    while written < ENDLESS_BYTES {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
        written += CHUNK_BYTES;
    }
    written
}

#[tokio::test]
async fn a_chunked_answer_with_no_length_stops_being_read_at_the_cap() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(serve_endless_chunks(listener));
    let endpoint = Endpoint {
        api_url: url,
        region: "fr-par".into(),
        secret_key: SecretKey::new(TOKEN),
        profile: "work".into(),
        key_source: "the config file".into(),
    };
    let options = ClientOptions { max_answer_bytes: SMALL_CAP_BYTES, ..ClientOptions::default() };
    let client = Client::with_options(endpoint, options).unwrap();

    let error = client.list_hostings().await.unwrap_err();
    assert!(matches!(error, ApiError::AnswerTooLarge { .. }), "{error:?}");
    drop(client);
    let written = server.await.unwrap();
    assert!(written < BUFFERED_BYTES, "the server wrote {written} bytes: the client read on");
}
