package halo.model;

/**
 * How a generator samples.
 *
 * @param batch records generated together (more is faster per record and takes more memory)
 */
public record Sampling(int batch) {
  public Sampling {
    if (batch < 1) throw new IllegalArgumentException("sampling batch must be >= 1, got " + batch);
  }
}
