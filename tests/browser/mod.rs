//! A headless Chromium driven over WebDriver: `chromedriver --port=N` as a child process on
//! a free port, and a fantoccini client over plain HTTP. Missing Chromium or chromedriver
//! is a failure with instructions, never a skip: CI installs both (`.ci/run`).

#![allow(dead_code)] // each test binary uses a part

pub mod report;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The page sets `<html data-ready>` when it is interactive ("1"), or to "error".
pub const READY: &str = "return document.documentElement.dataset.ready || null";

/// A browser session and the driver process behind it; the driver is killed on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("no free port: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("{e}"))
        .port()
}

/// Starts chromedriver and a headless Chromium with a window of `width` x `height`.
pub async fn start(width: u32, height: u32) -> Browser {
    for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
        assert!(
            Path::new(path).is_file(),
            "{path} is missing: the HTML report tests need Debian's chromium and \
             chromium-driver (apt-get install {package}; .ci/run installs both)"
        );
    }
    let port = free_port();
    let driver = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER}: {e}"));
    let client = connect(port, width, height).await;
    let browser = Browser { client, driver };
    browser
        .client
        .set_window_size(width, height)
        .await
        .unwrap_or_else(|e| panic!("window size: {e}"));
    browser
}

async fn connect(port: u16, width: u32, height: u32) -> Client {
    let url = format!("http://127.0.0.1:{port}");
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", format!("--window-size={width},{height}"),
            ],
        },
        "goog:loggingPrefs": {"browser": "ALL"},
    });
    let caps = match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let attempt = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await;
        match attempt {
            Ok(client) => return client,
            Err(e) if Instant::now() > deadline => {
                panic!("no WebDriver session from {CHROMEDRIVER} on port {port}: {e}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

impl Browser {
    /// Opens `url` and waits until the page says it is ready; returns the seconds it took.
    pub async fn open(&self, url: &str) -> f64 {
        let started = Instant::now();
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
        self.wait_ready(Duration::from_secs(60)).await;
        started.elapsed().as_secs_f64()
    }

    pub async fn wait_ready(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let ready = self.js(READY).await;
            match ready.as_str() {
                Some("1") => return,
                Some(other) => panic!(
                    "the page failed to start ({other}): {}\nconsole: {:?}",
                    self.text("#match").await,
                    self.console().await
                ),
                None if Instant::now() > deadline => panic!("the page did not become ready"),
                None => tokio::time::sleep(Duration::from_millis(25)).await,
            }
        }
    }

    /// Runs a script (`return ...`) in the page.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Clicks the first element matching a CSS selector (WebDriver's own click, as a user
    /// would).
    pub async fn click(&self, selector: &str) {
        self.client
            .find(fantoccini::Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("no element {selector}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {selector}: {e}"));
    }

    /// The page's URL fragment, `#` included (empty when there is none).
    pub async fn hash(&self) -> String {
        self.js("return location.hash;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The text of the first element matching a CSS selector.
    pub async fn text(&self, selector: &str) -> String {
        self.js_with(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![json!(selector)],
        )
        .await
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no element {selector}"))
    }

    /// The browser console since the last call: `(level, message)`.
    pub async fn console(&self) -> Vec<(String, String)> {
        let entries = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .unwrap_or_else(|e| panic!("reading the browser log: {e}"));
        entries
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_string(),
                            e["message"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Ends the session; the driver is stopped when `self` drops.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// chromedriver's log endpoint (not in W3C WebDriver): the console messages.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}
