package halo.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a whole folder so that nothing is lost: the content goes into a fresh temporary sibling
 * ({@code .NAME.tmp-PID-N}) and is swapped in by renaming only once complete. Until then an existing
 * folder stays exactly as it was, and a failed or killed write leaves it untouched.
 *
 * <ul>
 *   <li>An existing folder holding what this kind of folder holds (a dataset, a run) is replaced only
 *       when the caller says so ({@code overwrite}); {@link #commit()} then says what was replaced.
 *       Files it does not write (a README, notes) are carried over into the new folder and named.
 *   <li>An existing folder holding something else is never replaced; an empty one is used.
 *   <li>Leftovers of a write killed earlier are cleaned at the next start: temporary siblings of
 *       processes no longer alive are deleted; a folder moved aside for a swap that was cut between
 *       its two renames is put back.
 * </ul>
 *
 * Every refusal names the folder, what is in the way and the way out (the option to use).
 */
public final class SafeFolder {
  /**
   * What a folder holds.
   *
   * @param noun for messages, e.g. "a dataset"
   * @param markers names whose presence marks a folder of this kind (any one of them)
   * @param owned names a folder of this kind writes (markers included): replaced with it; anything else
   *     in the old folder is carried over (temporary files {@code NAME*.tmp} of owned names are dropped)
   * @param ways what the user can do instead of having it replaced, e.g. "add --overwrite to replace it
   *     (...), or choose another --out"
   */
  public record Kind(String noun, Set<String> markers, Set<String> owned, String ways) {
    boolean owns(String name) {
      return owned.contains(name) || markers.contains(name) || name.startsWith(".")
          || (name.endsWith(".tmp") && owned.stream().anyMatch(name::startsWith));
    }
  }

  /** An encoded dataset folder ({@link Dataset#save}, {@link DatasetConverter}): it always has cohort.halo and splits/. */
  public static final Kind DATASET = new Kind("a dataset", Set.of("cohort.halo", "splits"),
      Set.of("vocabulary.json", "cohort.halo", "splits", "encoding.txt", "load-report.txt", "stats.txt", "stats.csv"),
      "add --overwrite to replace it (the old one stays until the new one is complete), or choose another --out");

  private final Path target;
  private final Path staging;
  private final Kind kind;
  private final boolean replacing;
  private final List<String> notes;
  private boolean done;

  private SafeFolder(Path target, Path staging, Kind kind, boolean replacing, List<String> notes) {
    this.target = target;
    this.staging = staging;
    this.kind = kind;
    this.replacing = replacing;
    this.notes = notes;
  }

  /**
   * Checks that {@code target} may be written (before any long work), cleans leftovers of earlier
   * killed writes, and creates the temporary folder to write into.
   *
   * @param overwrite whether an existing folder of this kind may be replaced
   * @throws IllegalArgumentException when the folder is in the way (exists and may not be replaced)
   * @throws IOException when the folder cannot be created, with the reason
   */
  public static SafeFolder prepare(Path target, Kind kind, boolean overwrite) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    if (t.getParent() == null) throw new IllegalArgumentException("cannot write into the root folder " + t + ": choose a sub-folder");
    requireFolderPath(t);
    List<String> notes = new ArrayList<>(cleanLeftovers(t));
    boolean replacing = false;
    if (Files.exists(t)) {
      List<String> names = names(t);
      if (!names.isEmpty()) {
        boolean ours = names.stream().anyMatch(kind.markers()::contains);
        if (!ours) {
          throw new IllegalArgumentException(t + " is not empty and does not hold " + kind.noun() + " (it holds " + summary(names)
              + "): choose a new or empty folder for --out");
        }
        if (!overwrite) {
          throw new IllegalArgumentException(t + " already holds " + kind.noun() + " (" + summary(names) + "): " + kind.ways());
        }
        replacing = true;
      }
    }
    Path staging = t.resolveSibling("." + t.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    try {
      Files.createDirectories(t.getParent());
      Files.createDirectory(staging);
    } catch (FileSystemException e) {
      throw new IOException("cannot write " + t + ": " + describe(e), e);
    }
    return new SafeFolder(t, staging, kind, replacing, notes);
  }

  /** The temporary folder to write the content into. */
  public Path staging() {
    return staging;
  }

  /** The folder the content goes to. */
  public Path target() {
    return target;
  }

  /** Whether an existing folder will be replaced by {@link #commit()}. */
  public boolean replacing() {
    return replacing;
  }

  /** What {@link #prepare} cleaned up from earlier killed writes (one line each; empty when nothing). */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * Swaps the written content in. Returns a sentence saying what was replaced (and which of its files
   * were carried over), or null when nothing was there.
   */
  public String commit() throws IOException {
    if (done) throw new IllegalStateException("already committed or abandoned: " + target);
    List<String> kept = new ArrayList<>();
    List<String> replaced = new ArrayList<>();
    Path aside = null;
    if (Files.isDirectory(target)) {
      for (String n : names(target)) {
        if (Files.exists(staging.resolve(n)) || kind.owns(n)) {
          if (!n.startsWith(".") && !n.endsWith(".tmp")) replaced.add(n);
        } else {
          copyTree(target.resolve(n), staging.resolve(n)); // not ours: kept, never lost
          kept.add(n);
        }
      }
      aside = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid() + "-"
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (aside != null) Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE); // put the old one back
      throw e;
    }
    done = true;
    if (aside != null) deleteTree(aside);
    if (!replacing && replaced.isEmpty()) return null;
    return "replaced " + kind.noun() + " in " + target + " (" + summary(replaced) + ")"
        + (kept.isEmpty() ? "" : "; kept its other files: " + String.join(", ", kept));
  }

  /** Deletes the temporary folder; the target stays as it was. Safe to call after {@link #commit()}. */
  public void abandon() {
    if (done) return;
    done = true;
    try {
      deleteTree(staging);
    } catch (IOException e) {
      // the next prepare() removes it: a leftover of a process no longer alive
    }
  }

  /**
   * Removes the temporary siblings of {@code target} left by processes no longer alive, and puts back
   * a folder moved aside by a swap cut between its two renames. Returns what it did, one line each.
   */
  static List<String> cleanLeftovers(Path target) throws IOException {
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) return List.of();
    String tmp = "." + target.getFileName() + ".tmp-", old = "." + target.getFileName() + ".old-";
    List<String> notes = new ArrayList<>();
    List<Path> siblings;
    try (Stream<Path> s = Files.list(parent)) {
      siblings = s.filter(p -> {
        String n = p.getFileName().toString();
        return (n.startsWith(tmp) || n.startsWith(old)) && !alive(n.substring(tmp.length()));
      }).sorted().toList();
    }
    for (Path p : siblings) {
      String n = p.getFileName().toString();
      if (n.startsWith(old) && !Files.exists(target)) {
        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
        notes.add("put back " + target + " from " + n + " (a replacement was interrupted before it completed)");
      } else {
        long bytes = size(p);
        deleteTree(p);
        notes.add("removed " + p + " (%,d bytes) left by an interrupted write".formatted(bytes));
      }
    }
    return notes;
  }

  /** Whether the process whose id starts {@code suffix} ("PID-N") is alive (and is not this one restarted: pids are reused rarely). */
  private static boolean alive(String suffix) {
    int dash = suffix.indexOf('-');
    try {
      long pid = Long.parseLong(dash < 0 ? suffix : suffix.substring(0, dash));
      return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Checks, before any work, that the files {@code names} may be written into folder {@code dir}: it is
   * not a file, and none of them exists unless {@code overwrite}. Returns the names that exist.
   */
  public static List<String> checkFiles(Path dir, List<String> names, boolean overwrite) {
    requireFolderPath(dir);
    List<String> existing = names.stream().filter(n -> Files.exists(dir.resolve(n))).toList();
    if (!existing.isEmpty() && !overwrite) {
      throw new IllegalArgumentException(dir + " already holds " + and(existing)
          + ": add --overwrite to replace them, or choose another --out");
    }
    return existing;
  }

  /** Writes files into a folder given to it (the temporary folder of {@link #writeFiles}). */
  @FunctionalInterface
  public interface FilesWriter {
    void write(Path folder) throws IOException;
  }

  /**
   * Writes the files {@code names} into {@code dir} so that none is lost or left half written: {@code
   * writer} writes them into a temporary folder inside {@code dir} ({@code .write-PID-N}); only when
   * it succeeded are they moved over the old ones, one rename each. Leftovers of writes killed
   * earlier (temporary folders of dead processes, {@code NAME*.tmp}) are removed first. Returns what
   * was done besides writing, one line each: leftovers removed, files replaced.
   */
  public static List<String> writeFiles(Path dir, List<String> names, boolean overwrite, FilesWriter writer) throws IOException {
    List<String> existing = checkFiles(dir, names, overwrite);
    List<String> notes = new ArrayList<>();
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      throw new IOException("cannot write " + dir + ": " + describe(e), e);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String n = p.getFileName().toString();
        boolean staleDir = n.startsWith(".write-") && !alive(n.substring(".write-".length()));
        boolean staleTmp = n.endsWith(".tmp") && names.stream().anyMatch(n::startsWith) && Files.isRegularFile(p);
        if (staleDir || staleTmp) {
          notes.add("removed " + p + " (%,d bytes) left by an interrupted write".formatted(size(p)));
          deleteTree(p);
        }
      }
    }
    Path staging = dir.resolve(".write-" + ProcessHandle.current().pid() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    Files.createDirectory(staging);
    try {
      writer.write(staging);
      for (String n : names) {
        if (!Files.isRegularFile(staging.resolve(n))) throw new IllegalStateException("the writer did not write " + n);
      }
      for (String n : names) Files.move(staging.resolve(n), dir.resolve(n), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(staging);
    }
    if (!existing.isEmpty()) notes.add("replaced " + and(existing) + " in " + dir);
    return notes;
  }

  /**
   * Checks that {@code folder} is, or can become, a folder: it is not a file, and the nearest part of
   * its path that exists is a folder this process may write into. An {@link IllegalArgumentException}
   * naming the part in the way otherwise.
   */
  public static void requireFolderPath(Path folder) {
    Path f = folder.toAbsolutePath().normalize();
    if (Files.exists(f) && !Files.isDirectory(f)) {
      throw new IllegalArgumentException(folder + " is a file, not a folder: choose a folder name for --out");
    }
    Path existing = f;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null || existing.equals(f)) return;
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException("cannot write " + folder + ": " + existing + " is a file, not a folder; choose another --out");
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException("cannot write " + folder + ": permission denied in " + existing + "; choose another --out");
    }
  }

  /** A short, readable reason for a file-system error (Java's messages are often just the path). */
  public static String describe(FileSystemException e) {
    String file = e.getFile() == null ? "" : e.getFile();
    String why;
    if (e instanceof AccessDeniedException) why = "permission denied";
    else if (e instanceof NoSuchFileException) why = "no such file or folder";
    else if (e instanceof FileAlreadyExistsException) why = "a file with that name already exists";
    else if (e instanceof NotDirectoryException) why = "a part of the path is a file, not a folder";
    else if (e instanceof DirectoryNotEmptyException) why = "the folder is not empty";
    else why = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    if (e.getReason() != null && !why.equals(e.getReason())) why += " (" + e.getReason() + ")";
    return why + (file.isEmpty() ? "" : ": " + file);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** {@code names} as a sentence lists them: "a", "a and b", "a, b and c". */
  private static String and(List<String> names) {
    int n = names.size();
    return n <= 1 ? String.join("", names) : String.join(", ", names.subList(0, n - 1)) + " and " + names.get(n - 1);
  }

  private static String summary(List<String> names) {
    List<String> shown = names.size() <= 6 ? names : names.subList(0, 6);
    return String.join(", ", shown) + (names.size() > shown.size() ? ", ... %d in all".formatted(names.size()) : "");
  }

  private static long size(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(dest);
        else Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  /** Deletes a folder and everything in it (nothing when it does not exist). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
