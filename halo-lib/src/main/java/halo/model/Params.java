package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named parameters of a model, owned by one {@link NDManager} (the model's), in a fixed order.
 * Initial values are drawn in Java from a seeded {@link Rng}, so initialisation is identical on every
 * engine and device. Stored as float32 with their shapes.
 */
public final class Params {
  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final Map<String, int[][]> live = new HashMap<>();

  public Params(NDManager manager) {
    this.manager = manager;
  }

  public NDManager manager() {
    return manager;
  }

  /** Registers a trainable parameter with the given initial values. */
  public NDArray add(String name, Shape shape, float[] values) {
    if (arrays.containsKey(name)) throw new IllegalArgumentException("duplicate parameter " + name);
    if (values.length != shape.size()) {
      throw new IllegalArgumentException("parameter " + name + ": " + values.length + " values for shape " + shape);
    }
    NDArray a = manager.create(values, shape);
    a.setName(name);
    a.setRequiresGradient(true);
    arrays.put(name, a);
    return a;
  }

  /** A dense layer's weight and bias, held by the model that registered them ({@link #dense}). */
  public record Dense(NDArray w, NDArray b) {
    /** x·w + b, for a weight stored (in, out). */
    public NDArray apply(NDArray x) {
      return x.matMul(w).add(b);
    }
  }

  /** A LayerNorm's gain and bias ({@link #norm}). */
  public record Norm(NDArray gain, NDArray bias) {}

  /**
   * Registers {@code name.w} and then {@code name.b} and returns them as one handle. Arguments are
   * evaluated in order, so {@code w}'s values are drawn before {@code b}'s.
   */
  public Dense dense(String name, Shape wShape, float[] w, Shape bShape, float[] b) {
    NDArray wa = add(name + ".w", wShape, w);
    return new Dense(wa, add(name + ".b", bShape, b));
  }

  /** Registers a LayerNorm of width {@code dim} as {@code name.g} (ones) and {@code name.b} (zeros). */
  public Norm norm(String name, int dim) {
    NDArray g = add(name + ".g", new Shape(dim), constant(dim, 1));
    return new Norm(g, add(name + ".b", new Shape(dim), constant(dim, 0)));
  }

  /** U(-bound, bound) values: PyTorch's nn.Linear default with bound = 1/sqrt(fan_in). */
  public static float[] uniform(Rng rng, long n, double bound) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    return v;
  }

  /** N(0, std²) values. */
  public static float[] normal(Rng rng, long n, double std) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextGaussian() * std);
    return v;
  }

  public static float[] constant(long n, float c) {
    float[] v = new float[Math.toIntExact(n)];
    Arrays.fill(v, c);
    return v;
  }

  /**
   * Declares that only these rectangles {row0, row1, col0, col1} of the 2-D parameter {@code name}
   * can ever have a nonzero gradient (e.g. a masked weight whose all-zero blocks the model never
   * computes): an optimizer may update just them, since Adam leaves a weight whose gradient is always
   * zero where it is. The rectangles must not overlap.
   */
  public void setLive(String name, int[][] rectangles) {
    long[] s = get(name).getShape().getShape();
    if (s.length != 2) throw new IllegalArgumentException("parameter " + name + " is not 2-D: " + get(name).getShape());
    for (int[] r : rectangles) {
      if (r.length != 4 || r[0] < 0 || r[1] > s[0] || r[0] > r[1] || r[2] < 0 || r[3] > s[1] || r[2] > r[3]) {
        throw new IllegalArgumentException("rectangle " + Arrays.toString(r) + " outside " + name + " " + get(name).getShape());
      }
    }
    live.put(name, rectangles.clone());
  }

  /** {@link #setLive(String, int[][])} for a registered parameter's handle. */
  public void setLive(NDArray parameter, int[][] rectangles) {
    setLive(parameter.getName(), rectangles);
  }

  /** The live rectangles of {@code name} declared by {@link #setLive}, or null when the whole array is live. */
  public int[][] live(String name) {
    int[][] r = live.get(name);
    return r == null ? null : r.clone();
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) throw new IllegalArgumentException("no parameter " + name + " (have " + arrays.keySet() + ")");
    return a;
  }

  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(arrays);
  }

  /** The names of the parameters under {@code prefix} ("gen." for a generator's), in registration order: an objective's parameters. */
  public List<String> namesUnder(String prefix) {
    return arrays.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
  }

  /** Zeroes the accumulated gradients of the named parameters (those another optimizer's loss reached). */
  public void zeroGradients(Collection<String> names) {
    for (String name : names) {
      NDArray g = get(name).getGradient();
      g.subi(g);
      g.close();
    }
  }

  /** Total number of scalars. */
  public long count() {
    return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Writes names, shapes and float values. */
  public void write(DataOutputStream out) throws IOException {
    writeArrays(out, arrays);
  }

  /**
   * Largest magnitude a stored parameter may have. Training keeps weights far below it (HALO's are of
   * order 1); a larger value is damage, e.g. a flipped exponent bit turning 0.01 into 1e36.
   */
  public static final double MAX_ABS_PARAMETER = 1e6;

  /** Stored values that cannot be right (non-finite, or absurdly large): the file is damaged. */
  public static final class DamagedValuesException extends IOException {
    public DamagedValuesException(String message) {
      super(message);
    }
  }

  /**
   * Overwrites every parameter with values written by {@link #write}; names and shapes must match,
   * and every value must be finite and at most {@link #MAX_ABS_PARAMETER} in magnitude (an
   * {@link IOException} naming the parameter otherwise, before any parameter is changed).
   */
  public void read(DataInputStream in, String source) throws IOException {
    readInto(in, arrays, source, MAX_ABS_PARAMETER);
  }

  public static void writeArrays(DataOutputStream out, Map<String, NDArray> map) throws IOException {
    out.writeInt(map.size());
    for (var e : map.entrySet()) {
      out.writeUTF(e.getKey());
      long[] shape = e.getValue().getShape().getShape();
      out.writeInt(shape.length);
      for (long s : shape) out.writeLong(s);
      float[] v = e.getValue().toFloatArray();
      byte[] bytes = new byte[v.length * 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(v);
      out.write(bytes);
    }
  }

  /** Reads arrays written by {@link #writeArrays} into {@code map}; every value must be finite. */
  public static void readInto(DataInputStream in, Map<String, NDArray> map, String source) throws IOException {
    readInto(in, map, source, Double.POSITIVE_INFINITY);
  }

  /**
   * Reads arrays written by {@link #writeArrays} into {@code map}: names and shapes must match, every
   * value must be finite with magnitude at most {@code maxAbs}. All arrays are read and checked before
   * the first is set, so a damaged file leaves {@code map} as it was.
   */
  public static void readInto(DataInputStream in, Map<String, NDArray> map, String source, double maxAbs) throws IOException {
    int n = in.readInt();
    if (n != map.size()) throw new IOException(source + ": " + n + " arrays stored, model has " + map.size());
    List<float[]> values = new ArrayList<>(map.size()); // in map order (NDArray keys would compare by content)
    for (var e : map.entrySet()) {
      String name = in.readUTF();
      if (!name.equals(e.getKey())) throw new IOException(source + ": array '" + name + "' where '" + e.getKey() + "' was expected");
      long[] shape = new long[in.readInt()];
      for (int i = 0; i < shape.length; i++) shape[i] = in.readLong();
      if (!new Shape(shape).equals(e.getValue().getShape())) {
        throw new IOException(source + ": " + name + " has shape " + new Shape(shape) + ", model expects " + e.getValue().getShape());
      }
      byte[] bytes = new byte[Math.toIntExact(new Shape(shape).size() * 4)];
      in.readFully(bytes);
      float[] v = new float[bytes.length / 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      long nonFinite = 0, huge = 0;
      float largest = 0;
      for (float x : v) {
        if (!Float.isFinite(x)) nonFinite++;
        else if (Math.abs(x) > maxAbs) {
          huge++;
          largest = Math.max(largest, Math.abs(x));
        }
      }
      if (nonFinite > 0) {
        throw new DamagedValuesException(source + " is damaged: '" + name + "' holds %,d non-finite values (NaN or infinity) of %,d"
            .formatted(nonFinite, v.length));
      }
      if (huge > 0) {
        throw new DamagedValuesException(source + " is damaged: '" + name + "' holds %,d values larger than %.0e in magnitude (up to %.3e), which training never produces"
            .formatted(huge, maxAbs, largest));
      }
      values.add(v);
    }
    int i = 0;
    for (NDArray a : map.values()) a.set(FloatBuffer.wrap(values.get(i++)));
  }
}
