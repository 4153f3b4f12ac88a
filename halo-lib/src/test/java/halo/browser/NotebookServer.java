package halo.browser;

import halo.Halo;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The classic Jupyter Notebook server on 127.0.0.1 (a free port, a random token), serving {@code root},
 * with this checkout's "java" kernel and plotly.js nbextension (build/jupyter, written by set-up) first
 * on JUPYTER_PATH, and a trust database in memory so that nothing of the user's Jupyter is read or
 * changed. {@link #close} stops it.
 */
public final class NotebookServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String token;
  private final Path log;

  private NotebookServer(Process process, int port, String token, Path log) {
    this.process = process;
    this.port = port;
    this.token = token;
    this.log = log;
  }

  /** Starts the server on {@code root} with {@code HALO_SCALE=smoke}; waits until it answers. */
  public static NotebookServer start(Path root, Path work) throws IOException, InterruptedException {
    String python = System.getenv("HALO_PYTHON");
    if (python == null || python.isBlank()) {
      throw new IllegalStateException("HALO_PYTHON is not set: run the tests through environment/with-env (make test)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String token = UUID.randomUUID().toString().replace("-", "");
    Path log = work.resolve("notebook-server.log");
    ProcessBuilder pb = new ProcessBuilder(python, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=" + port,
        "--port-retries=0", "--NotebookApp.token=" + token, "--NotebookApp.notebook_dir=" + root,
        "--NotebookNotary.db_file=:memory:", "--NotebookApp.open_browser=False", "--allow-root")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Path jupyter = Halo.root().resolve("build/jupyter");
    pb.environment().put("JUPYTER_PATH", jupyter.toString());
    pb.environment().put("JUPYTER_CONFIG_DIR", Files.createDirectories(work.resolve("jupyter-config")).toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", Files.createDirectories(work.resolve("jupyter-runtime")).toString());
    pb.environment().put("HALO_SCALE", "smoke");
    NotebookServer server = new NotebookServer(pb.start(), port, token, log);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    boolean up = DevTools.await(() -> {
      if (!server.process.isAlive()) return true; // reported below
      try {
        return http.send(HttpRequest.newBuilder(URI.create(server.url("api/status"))).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }, Duration.ofSeconds(60));
    if (!up || !server.process.isAlive()) {
      server.close();
      throw new IllegalStateException("the Notebook server did not answer on port " + port + ":\n" + Files.readString(log));
    }
    return server;
  }

  /** A URL of this server for {@code path} (relative, no leading slash), with the token. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + "/" + path + (path.contains("?") ? "&" : "?") + "token=" + token;
  }

  /** The server's log so far (for failure messages). */
  public String log() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
