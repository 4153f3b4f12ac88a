package halo.train;

import halo.data.SafeFolder;
import halo.data.Vocabulary;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The folder of a training run ({@code vocabulary.json}, {@code last.ckpt}, {@code best.ckpt}, {@code
 * training.json} and {@code training.txt}), opened
 * so that no run is lost and no request is half done:
 *
 * <ul>
 *   <li>A new run (no checkpoint in the folder) trains in the folder itself, so that a run killed at
 *       any moment can be resumed from its {@code last.ckpt}.
 *   <li>A folder that already holds a run is never replaced unless {@code overwrite}; then the new run
 *       trains in a temporary sibling ({@link SafeFolder}) swapped in only once training ends, so the
 *       old run stays whole until then (and stays, if the new one is killed).
 *   <li>A resume that cannot continue (no folder, no {@code last.ckpt}, a vocabulary other than the
 *       data's) is refused before anything on disk changes, saying why.
 * </ul>
 */
public final class RunFolder implements AutoCloseable {
  /** A folder holding a training run: it has a checkpoint. */
  public static final SafeFolder.Kind KIND = new SafeFolder.Kind("a training run", Set.of(Trainer.LAST, Trainer.BEST),
      Set.of(Trainer.LAST, Trainer.BEST, "vocabulary.json", "label-prior.json", TrainingSummary.JSON, TrainingSummary.TEXT),
      "--resume continues it, --overwrite replaces it (the old run stays until the new one is complete), or choose another --out");

  private final Path dir;
  private final Path work;
  private final SafeFolder replacement;
  private final List<String> notes;

  private RunFolder(Path dir, Path work, SafeFolder replacement, List<String> notes) {
    this.dir = dir;
    this.work = work;
    this.replacement = replacement;
    this.notes = notes;
  }

  /**
   * Checks the request against the folder and prepares where training writes. Nothing is written
   * when it throws.
   *
   * @param vocabulary the vocabulary of the data to train on
   * @throws IllegalArgumentException when the request cannot be served, saying why and what to do
   */
  public static RunFolder open(Path dir, Vocabulary vocabulary, boolean resume, boolean overwrite) throws IOException {
    if (resume && overwrite) {
      throw new IllegalArgumentException("--resume continues the run in " + dir + " and --overwrite replaces it: give only one of them");
    }
    SafeFolder.requireFolderPath(dir);
    Path last = dir.resolve(Trainer.LAST);
    if (resume) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(dir + " does not exist: there is no run to resume; leave out --resume to start a new run");
      }
      if (!Files.isRegularFile(last)) {
        throw new IllegalArgumentException(dir + " has no " + Trainer.LAST + ": there is nothing to resume; leave out --resume to start"
            + " a new run (--overwrite to replace what is there)");
      }
      Path vf = dir.resolve("vocabulary.json");
      if (Files.isRegularFile(vf)) {
        Vocabulary trained = Vocabulary.load(vf);
        if (!trained.hash().equals(vocabulary.hash())) {
          throw new IllegalArgumentException(dir + " was trained on other data: its vocabulary.json (hash " + trained.hash() + ", "
              + trained.size() + " tokens) is not that of --data (hash " + vocabulary.hash() + ", " + vocabulary.size()
              + " tokens); give the data the run was trained on, or another --out to start a new run");
        }
      }
      return new RunFolder(dir, dir, null, new ArrayList<>());
    }
    boolean hasRun = Files.isRegularFile(last) || Files.isRegularFile(dir.resolve(Trainer.BEST));
    if (!hasRun) {
      try {
        Files.createDirectories(dir);
      } catch (FileSystemException e) {
        throw new IOException("cannot write " + dir + ": " + SafeFolder.describe(e), e);
      }
      return new RunFolder(dir, dir, null, new ArrayList<>());
    }
    SafeFolder f = SafeFolder.prepare(dir, KIND, overwrite); // refuses unless overwrite
    return new RunFolder(dir, f.staging(), f, new ArrayList<>(f.notes()));
  }

  /** Where training writes: the run folder, or the temporary folder of a replacement. */
  public Path work() {
    return work;
  }

  /** What opening cleaned up from earlier killed writes. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Whether this run replaces an existing one (once {@link #commit()} is called). */
  public boolean replacing() {
    return replacement != null;
  }

  /** Swaps a replacement run in (nothing to do for a run trained in place); returns what was replaced, or null. */
  public String commit() throws IOException {
    return replacement == null ? null : replacement.commit();
  }

  /** The folder the run ends up in. */
  public Path dir() {
    return dir;
  }

  /** Drops an uncommitted replacement; the old run stays as it was. */
  @Override
  public void close() {
    if (replacement != null) replacement.abandon();
  }
}
