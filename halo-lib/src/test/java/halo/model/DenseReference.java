package halo.model;

import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.blocks.VisitModel;
import java.util.List;

/**
 * A plain, dense, double-precision implementation of the three models straight from protocol Part B
 * §2, reading the parameters of a trained or fresh model: multi-hot rows times the full embedding
 * matrix, full D×D masked head layers with the E−1 output slice, explicit loops everywhere. Slow and
 * obviously right; the fast paths are compared against it.
 */
public final class DenseReference {
  private final VisitModel model;
  private final HaloConfig c;
  private final int v;
  private final int e;

  public DenseReference(VisitModel model) {
    this.model = model;
    this.c = model.config();
    this.v = model.vocabulary().size();
    this.e = c.model().embedding();
  }

  private double[][] p(String name) {
    var a = model.params().get(name);
    long[] s = a.getShape().getShape();
    float[] f = a.toFloatArray();
    int rows = s.length == 1 ? 1 : (int) s[0];
    int cols = (int) s[s.length - 1];
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[i][j] = f[i * cols + j];
    return out;
  }

  private double[] vec(String name) {
    return p(name)[0];
  }

  /** Logits [predicted rows][V] of one patient. */
  public double[][] logits(EncodedPatient patient) {
    Vocabulary voc = model.vocabulary();
    int[][] rows = RecordLayout.rows(patient.lastVisits(c.model().maxVisits()), voc);
    int t = rows.length;
    double[][] x = new double[t][v];
    for (int r = 0; r < t; r++) for (int k : rows[r]) x[r][k] = 1;
    double[][] h = c.kind() == ModelKind.LSTM ? lstm(x) : transformer(x);
    double[][] out = new double[t - 1][];
    for (int r = 1; r < t; r++) {
      out[r - 1] = switch (c.kind()) {
        case HALO -> haloHead(r >= 2 ? withLabels(h[r - 1], x[1]) : h[r - 1], x[r]);
        case HALO_COARSE -> matVec(p("wte"), h[r - 1], null);
        case LSTM -> matVec(p("out.w"), h[r - 1], vec("out.b"));
        default -> throw new IllegalArgumentException("no dense reference for " + c.kind());
      };
    }
    return out;
  }

  /** With HALO's label path, a visit's history plus the label row's embedding Σ_l wte[l]. */
  private double[] withLabels(double[] hPrev, double[] labelRow) {
    if (!c.model().extras(halo.model.halo.HaloModel.Head.class).labelPath()) return hPrev;
    double[][] wte = p("wte");
    double[] out = hPrev.clone();
    for (int k = 0; k < v; k++) for (int j = 0; j < e; j++) out[j] += labelRow[k] * wte[k][j];
    return out;
  }

  private double[] haloHead(double[] hPrev, double[] xRow) {
    int d = e + v;
    double[] in = new double[d];
    System.arraycopy(hPrev, 0, in, 0, e);
    System.arraycopy(xRow, 0, in, e, v);
    double[][] w1 = p("head1.w"), w2 = p("head2.w");
    double[] b1 = vec("head1.b"), b2 = vec("head2.b");
    double[] hid = new double[d];
    for (int o = 0; o < d; o++) {
      double s = b1[o];
      for (int i = 0; i <= o; i++) s += w1[o][i] * in[i]; // mask: inputs 0..o
      hid[o] = Math.max(0, s);
    }
    double[] full = new double[d];
    for (int o = 0; o < d; o++) {
      double s = b2[o];
      for (int i = 0; i <= o; i++) s += w2[o][i] * hid[i];
      full[o] = s;
    }
    double[] logits = new double[v];
    System.arraycopy(full, e - 1, logits, 0, v); // slice [E-1 : E-1+V]
    if (c.model().extras(halo.model.halo.HaloModel.Head.class).tiedLogits()) { // + h · wte[c]
      double[][] wte = p("wte");
      for (int k = 0; k < v; k++) for (int j = 0; j < e; j++) logits[k] += wte[k][j] * hPrev[j];
    }
    return logits;
  }

  private double[][] transformer(double[][] x) {
    int t = x.length;
    double[][] wte = p("wte"), wpe = p("wpe");
    double[][] hs = new double[t][e];
    for (int r = 0; r < t; r++) {
      for (int j = 0; j < e; j++) {
        double s = wpe[r][j];
        for (int k = 0; k < v; k++) s += x[r][k] * wte[k][j];
        hs[r][j] = s;
      }
    }
    int hd = c.model().headDim();
    for (int l = 0; l < c.model().layers(); l++) {
      String pre = "h" + l + ".";
      double[][] qkv = new double[t][];
      for (int r = 0; r < t; r++) qkv[r] = matVecT(p(pre + "attn.w"), ln(hs[r], pre + "ln1"), vec(pre + "attn.b"));
      double[][] att = new double[t][e];
      for (int hh = 0; hh < c.model().heads(); hh++) {
        for (int i = 0; i < t; i++) {
          double[] s = new double[t];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < t; j++) {
            double dot = 0;
            for (int k = 0; k < hd; k++) dot += qkv[i][hh * hd + k] * qkv[j][e + hh * hd + k];
            s[j] = j <= i ? dot / Math.sqrt(hd) : -1e10;
            max = Math.max(max, s[j]);
          }
          double z = 0;
          for (int j = 0; j < t; j++) z += (s[j] = Math.exp(s[j] - max));
          for (int k = 0; k < hd; k++) {
            double o = 0;
            for (int j = 0; j < t; j++) o += s[j] / z * qkv[j][2 * e + hh * hd + k];
            att[i][hh * hd + k] = o;
          }
        }
      }
      for (int r = 0; r < t; r++) {
        double[] a = matVecT(p(pre + "proj.w"), att[r], vec(pre + "proj.b"));
        for (int j = 0; j < e; j++) hs[r][j] += a[j];
        double[] f = matVecT(p(pre + "fc.w"), ln(hs[r], pre + "ln2"), vec(pre + "fc.b"));
        for (int j = 0; j < f.length; j++) f[j] = 0.5 * f[j] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (f[j] + 0.044715 * f[j] * f[j] * f[j])));
        double[] g = matVecT(p(pre + "fc2.w"), f, vec(pre + "fc2.b"));
        for (int j = 0; j < e; j++) hs[r][j] += g[j];
      }
    }
    for (int r = 0; r < t; r++) hs[r] = ln(hs[r], "lnf");
    return hs;
  }

  private double[] ln(double[] x, String name) {
    double mean = 0, var = 0;
    for (double a : x) mean += a;
    mean /= x.length;
    for (double a : x) var += (a - mean) * (a - mean);
    var /= x.length; // biased
    double[] g = vec(name + ".g"), b = vec(name + ".b");
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) out[i] = (x[i] - mean) / Math.sqrt(var + c.model().layerNormEps()) * g[i] + b[i];
    return out;
  }

  private double[][] lstm(double[][] x) {
    int t = x.length;
    double[][] wte = p("wte");
    double[][] in = new double[t][e];
    for (int r = 0; r < t; r++) for (int j = 0; j < e; j++) for (int k = 0; k < v; k++) in[r][j] += x[r][k] * wte[k][j];
    for (int l = 0; l < c.model().layers(); l++) {
      String pre = "lstm" + l + ".";
      double[] h = new double[e], cc = new double[e];
      double[][] out = new double[t][];
      for (int r = 0; r < t; r++) {
        double[] g1 = matVec(p(pre + "w_ih"), in[r], vec(pre + "b_ih"));
        double[] g2 = matVec(p(pre + "w_hh"), h, vec(pre + "b_hh"));
        double[] nh = new double[e], nc = new double[e];
        for (int j = 0; j < e; j++) {
          double i = sig(g1[j] + g2[j]), f = sig(g1[e + j] + g2[e + j]);
          double g = Math.tanh(g1[2 * e + j] + g2[2 * e + j]), o = sig(g1[3 * e + j] + g2[3 * e + j]);
          nc[j] = f * cc[j] + i * g;
          nh[j] = o * Math.tanh(nc[j]);
        }
        h = nh;
        cc = nc;
        out[r] = nh;
      }
      in = out;
    }
    return in;
  }

  public static double sig(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** w [out][in] · x + b */
  private static double[] matVec(double[][] w, double[] x, double[] b) {
    double[] y = new double[w.length];
    for (int o = 0; o < w.length; o++) {
      double s = b == null ? 0 : b[o];
      for (int i = 0; i < x.length; i++) s += w[o][i] * x[i];
      y[o] = s;
    }
    return y;
  }

  /** x · w with w [in][out] (+ b) */
  private static double[] matVecT(double[][] w, double[] x, double[] b) {
    int out = w[0].length;
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double s = b == null ? 0 : b[o];
      for (int i = 0; i < x.length; i++) s += x[i] * w[i][o];
      y[o] = s;
    }
    return y;
  }

  public List<double[][]> logits(List<EncodedPatient> ps) {
    return ps.stream().map(this::logits).toList();
  }
}
