package halo.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Headless Chromium driven over its DevTools protocol with the JDK's WebSocket client: navigate,
 * evaluate JavaScript, and collect every JavaScript exception and console error the page logs.
 * Started with the flags of docs/machine.md and a fresh profile; {@link #close} ends the browser.
 */
public final class DevTools implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process browser;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger nextId = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

  private DevTools(Process browser, Path profile, WebSocket socket) {
    this.browser = browser;
    this.profile = profile;
    this.socket = socket;
  }

  /**
   * The Chromium to use: {@code $HALO_CHROMIUM} (written by environment/setup), else chromium or
   * chromium-browser on PATH.
   *
   * @throws IllegalStateException naming the fix when there is none
   */
  public static Path chromium() {
    String env = System.getenv("HALO_CHROMIUM");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) return Path.of(env);
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return p;
      }
    }
    throw new IllegalStateException("no Chromium for the browser test: environment/setup installs Debian's chromium when it"
        + " runs as root with apt; otherwise install it (apt-get install chromium) or set HALO_CHROMIUM to a Chromium binary");
  }

  /** Starts headless Chromium on a blank page and connects to that page. */
  public static DevTools start() throws Exception {
    Path profile = Files.createTempDirectory("halo-chromium-");
    Process p = new ProcessBuilder(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,1600", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "about:blank").redirectErrorStream(true).start();
    String endpoint = null;
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    StringBuilder log = new StringBuilder();
    for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
      log.append(line).append('\n');
      if (line.startsWith("DevTools listening on ")) {
        endpoint = line.substring("DevTools listening on ".length()).strip();
        break;
      }
    }
    if (endpoint == null) {
      p.destroyForcibly();
      throw new IllegalStateException("Chromium did not open its DevTools port; it said:\n" + log);
    }
    Thread drain = new Thread(() -> {
      try {
        out.lines().forEach(l -> {});
      } catch (java.io.UncheckedIOException e) {
        // the browser was closed
      }
    }, "chromium-output");
    drain.setDaemon(true);
    drain.start();
    URI browserWs = URI.create(endpoint);
    HttpClient http = HttpClient.newHttpClient();
    String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browserWs.getAuthority() + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String pageWs = null;
    for (JsonNode t : JSON.readTree(list)) if ("page".equals(t.path("type").asText())) pageWs = t.path("webSocketDebuggerUrl").asText();
    if (pageWs == null) throw new IllegalStateException("Chromium has no page target: " + list);
    DevTools[] self = new DevTools[1];
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
      private final StringBuilder buffer = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        buffer.append(data);
        if (last) {
          String message = buffer.toString();
          buffer.setLength(0);
          self[0].receive(message);
        }
        w.request(1);
        return null;
      }
    }).get(30, TimeUnit.SECONDS);
    self[0] = new DevTools(p, profile, ws);
    self[0].call("Runtime.enable", JSON.createObjectNode());
    self[0].call("Log.enable", JSON.createObjectNode());
    self[0].call("Page.enable", JSON.createObjectNode());
    return self[0];
  }

  private void receive(String message) {
    try {
      JsonNode m = JSON.readTree(message);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) f.complete(m);
        return;
      }
      String method = m.path("method").asText();
      JsonNode params = m.path("params");
      switch (method) {
        case "Runtime.exceptionThrown" -> {
          JsonNode d = params.path("exceptionDetails");
          errors.add("exception: " + d.path("exception").path("description").asText(d.path("text").asText())
              + " at " + d.path("url").asText() + ":" + d.path("lineNumber").asInt());
        }
        case "Runtime.consoleAPICalled" -> {
          if ("error".equals(params.path("type").asText())) errors.add("console.error: " + params.path("args"));
        }
        case "Log.entryAdded" -> {
          JsonNode e = params.path("entry");
          if ("error".equals(e.path("level").asText())) errors.add("log: " + e.path("text").asText() + " " + e.path("url").asText());
        }
        default -> { }
      }
    } catch (IOException e) {
      errors.add("unreadable DevTools message: " + e);
    }
  }

  /** Sends one protocol command and waits for its answer; a protocol error throws. */
  public JsonNode call(String method, ObjectNode params) {
    int id = nextId.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode m = JSON.createObjectNode().put("id", id).put("method", method);
    m.set("params", params);
    socket.sendText(m.toString(), true).join();
    try {
      JsonNode r = f.get(60, TimeUnit.SECONDS);
      if (r.has("error")) throw new IllegalStateException(method + " failed: " + r.get("error"));
      return r.path("result");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(method + " got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Loads {@code url} in the page. */
  public void navigate(String url) {
    call("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /** Evaluates a JavaScript expression in the page and returns its value (JSON); exceptions throw. */
  public JsonNode eval(String expression) {
    JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true));
    if (r.has("exceptionDetails")) throw new IllegalStateException("'" + expression + "' threw " + r.get("exceptionDetails"));
    return r.path("result").path("value");
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
  public static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(250);
    }
    return condition.getAsBoolean();
  }

  /** Polls a JavaScript condition (an expression giving true) until it holds or the timeout passes. */
  public boolean awaitJs(String condition, Duration timeout) throws InterruptedException {
    return await(() -> {
      try {
        return eval(condition).asBoolean(false);
      } catch (IllegalStateException e) {
        return false; // the page is still loading
      }
    }, timeout);
  }

  /** The JavaScript exceptions, console errors and error log entries seen so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() throws IOException {
    try {
      socket.abort();
    } finally {
      browser.descendants().forEach(ProcessHandle::destroy);
      browser.destroy();
      try {
        if (!browser.waitFor(10, TimeUnit.SECONDS)) browser.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
