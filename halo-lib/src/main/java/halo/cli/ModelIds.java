package halo.cli;

import halo.model.ModelKind;
import java.util.Arrays;
import java.util.Iterator;

/** The registry's model ids, as picocli's completion candidates: help texts list them from the registry ({@code ${COMPLETION-CANDIDATES}}). */
final class ModelIds implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(ModelKind.values()).map(ModelKind::id).iterator();
  }
}
