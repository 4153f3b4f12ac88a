package halo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import halo.model.Params;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam exactly as PyTorch's default (β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay): m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε). Its moments are ordinary arrays so
 * a checkpoint can store and restore them bit for bit (DJL's built-in Adam keeps its state private).
 * Parameters whose gradient is zero (masked head weights) never move; so where the model declares a
 * parameter's live rectangles ({@link Params#live}), only those are updated, through views, with the
 * same arithmetic element by element: the result is bit-identical to updating the whole array.
 */
public final class Adam implements AutoCloseable {
  private static final float B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;
  private final Params params;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private long step;

  private final List<String> names;

  /** Adam over every parameter. */
  public Adam(Params params) {
    this(params, List.copyOf(params.all().keySet()));
  }

  /** Adam over the named parameters only (one optimizer of several, e.g. a GAN's critic). */
  public Adam(Params params, List<String> names) {
    this.params = params;
    this.names = names;
    NDManager manager = params.manager();
    for (String name : names) {
      NDArray p = params.get(name);
      m.put(name, manager.zeros(p.getShape()));
      v.put(name, manager.zeros(p.getShape()));
    }
  }


  public long step() {
    return step;
  }

  /** One update from the gradients currently held by the parameters, then zeroes those gradients. */
  public void update(double lr) {
    step++;
    double bc1 = 1 - Math.pow(B1, step);
    double bc2 = 1 - Math.pow(B2, step);
    float stepSize = (float) (lr / bc1);
    float sqrtBc2 = (float) Math.sqrt(bc2);
    try (NDScope scope = new NDScope()) {
      for (String name : names) {
        NDArray p = params.get(name);
        NDArray g = p.getGradient();
        int[][] live = params.live(name);
        if (live == null) {
          update(p, g, m.get(name), v.get(name), stepSize, sqrtBc2);
        } else {
          for (int[] r : live) {
            if (r[0] == r[1] || r[2] == r[3]) continue;
            NDIndex i = new NDIndex("{}:{}, {}:{}", r[0], r[1], r[2], r[3]);
            update(p.get(i), g.get(i), m.get(name).get(i), v.get(name).get(i), stepSize, sqrtBc2); // views: in-place ops write through
          }
        }
      }
    }
  }

  /** One Adam update of p from g in place, with moments mm and vv (all the same shape; views allowed); zeroes g. */
  private static void update(NDArray p, NDArray g, NDArray mm, NDArray vv, float stepSize, float sqrtBc2) {
    mm.muli(B1).addi(g.mul(1 - B1));
    vv.muli(B2).addi(g.mul(g).muli(1 - B2));
    NDArray denom = vv.sqrt().divi(sqrtBc2).addi(EPS);
    p.subi(mm.div(denom).muli(stepSize));
    g.subi(g); // zero in place for the next step
  }

  /** Frees the moment arrays. */
  @Override
  public void close() {
    m.values().forEach(NDArray::close);
    v.values().forEach(NDArray::close);
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeLong(step);
    writeMap(out, m);
    writeMap(out, v);
  }

  public void read(DataInputStream in, String source) throws IOException {
    step = in.readLong();
    readMap(in, m, source);
    readMap(in, v, source);
  }

  private static void writeMap(DataOutputStream out, Map<String, NDArray> map) throws IOException {
    Params.writeArrays(out, map);
  }

  private static void readMap(DataInputStream in, Map<String, NDArray> map, String source) throws IOException {
    Params.readInto(in, map, source);
  }
}
