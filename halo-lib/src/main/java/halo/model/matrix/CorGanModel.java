package halo.model.matrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.Rng;
import halo.model.Training;
import halo.model.blocks.Convolutions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CorGAN (Torfi &amp; Fox 2020, "CorGAN: correlation-capturing convolutional generative adversarial
 * networks for generating synthetic healthcare records", arXiv 2001.09346), a baseline of the
 * LLM-generator comparison: medGAN's scheme, a GAN generating through the decoder of a pretrained
 * autoencoder of the patient × code matrix ({@link MatrixLayout}), with a 1-D convolutional
 * autoencoder, so that neighbouring columns share filters (the paper's "correlation-capturing").
 * Phases, losses, noise and sampling are {@link AutoencoderGan}'s, shared with {@link MedGanModel}.
 *
 * <p><b>The autoencoder</b>, after the authors' MIMIC code ({@code Generative/corGAN/pytorch/CNN/MIMIC/wgancnnmimic.py}).
 * Encoder: the record vector as one channel of length D, then convolutions of kernel 5 and strides 2,
 * 2, 3, 3, 3 with K, 2K, 4K, 8K, 16K channels (K = 4), each followed by LeakyReLU(0.2) and, from the
 * second on, a normalisation; then a convolution whose kernel spans the remaining length, to C = 128
 * channels of length 1, and tanh: the code. Decoder: transposed convolutions back, C → 16K → … → K →
 * 1 channel, ReLU between them and a normalisation on all but the first and the last, ending in D
 * logits. At the authors' D = 1,071 the encoder's lengths are 1,071 → 534 → 265 → 87 → 28 → 8 → 1,
 * as theirs.
 *
 * <p><b>The GAN</b>, as the authors' code: the generator is medGAN's (two dense layers of width C
 * with shortcuts, ReLU then tanh), and its output goes through the decoder; the discriminator is
 * dense, D → W → W → W → 1 with ReLU (W = 256).
 * The paper describes the generator and discriminator as 1-D convolutional, but gives no sizes, and
 * its code (whose README says so) uses these multilayer perceptrons: this class follows the code.
 *
 * <p><b>Deliberate differences from the authors' code</b>:
 * <ul>
 *   <li>Losses: the standard GAN's (discriminator BCE, non-saturating generator loss), shared with
 *       medGAN. The authors' CNN file trains a WGAN with weight clipping (±0.01), five critic steps
 *       per generator step (100 for the first 25 and every 500th), which the shared trainer (one step
 *       per objective and batch, no parameter clipping) does not do.</li>
 *   <li>A per-record normalisation over channels and positions, with a per-channel gain and bias (a
 *       one-group GroupNorm), where the authors use BatchNorm, and LayerNorm in the generator, for
 *       medGAN's reason: a record does not depend on the others in its batch, and no running
 *       statistics need keeping.</li>
 *   <li>Any D: the authors' kernels and strides fit D = 1,071 only. Here the encoder applies its
 *       strided layers while the length is at least the kernel, pads each layer's input on the right
 *       with zeros so that every position falls inside a window (the authors' drop a few trailing
 *       positions at deeper layers), and ends with a kernel spanning what remains; the decoder mirrors
 *       it (kernel and stride of the matching encoder layer, cutting the padded positions off), where
 *       the authors' decoder has its own kernels (5, 5, 7, 7, 7, 3) and strides (1, 4, 4, 3, 2, 2)
 *       chosen to reach 1,071.</li>
 *   <li>Minibatch averaging in the discriminator, as medGAN's (an option of the authors' code, off by
 *       default; {@link Sizes#minibatchAveraging}): on the planted test matrix (MatrixGeneratorsTest)
 *       without it and with 4 base channels the samples' marginals were off by 0.14 on average; with it
 *       and 16 channels by about 0.06, with the correlated pair kept (r 0.92) and the shuffled one not (r 0.03).</li>
 *   <li>Logits and BCE with logits instead of a sigmoid output and BCE of probabilities; the mean BCE
 *       per output (the authors: summed over codes, mean over records, a constant factor).</li>
 *   <li>PyTorch's default initialisation everywhere (the authors: N(0, 0.02) for convolutions, Xavier
 *       for dense layers); one learning rate for the generator and the decoder it fine-tunes (the
 *       authors: 1e-4 for the decoder); no L2 weight decay (the authors': 1e-4); sampling draws each
 *       token from its probability (the authors round at 0.5), as medGAN here.</li>
 * </ul>
 *
 * <p>Legend: B records, D modelled tokens, C code width, K base channels, W discriminator width, L
 * lengths along the record vector.
 */
public final class CorGanModel extends AutoencoderGan {
  /**
   * CorGAN's sizes ({@link Sizes}) and schedule: the autoencoder for {@code epochs}, then the GAN
   * ({@link Training.Gan}). At the paper scale the authors' code: batch 512, one autoencoder epoch,
   * 100 GAN epochs, Adam 1e-3 throughout. At the cpu scale, sized to train in about 6 minutes on the
   * default cohort's diagnosis matrix (8,497 records, 307 codes) on 2 CPU cores shared with another
   * job (autoencoder about 1,400 records/s): batch 512, 10 autoencoder epochs, 25 GAN epochs at the
   * authors' Adam 1e-3. Measured once (seed 4): 3.2 min; 8,497 records generated with seed 4 gave a
   * dimension-wise correlation of 0.729 and a real-synthetic covariance MAE of 0.00116 (real-real
   * 0.00074, synthetic-synthetic 0.00019: collapsed towards too few kinds of records), well below
   * medGAN's 0.989 and 0.00086; the discriminator won the short GAN phase (generator loss 8–15).
   * This preset is not tuned: a longer GAN phase at a lower rate (medGAN's 300 epochs at 2e-4) was not tried.
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return Sizes.standard();
    }

    @Override
    public boolean trainsGan() {
      return true;
    }

    @Override
    public Training.Gan ganFor(int embedding) {
      return cpuGan();
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      return switch (name) {
        case "smoke" -> byEpochs(shared, 64, 3).withTraining(t -> t.gan(new Training.Gan(3, 1e-3, 1e-3, 0)));
        case "paper" -> byEpochs(shared, 512, 1).withTraining(t -> t.gan(new Training.Gan(100, 1e-3, 1e-3, 0)));
        default -> byEpochs(shared, 512, CPU_AUTOENCODER_EPOCHS).withTraining(t -> t.gan(cpuGan()));
      };
    }
  };

  /** Autoencoder epochs at the cpu scale (the authors: 1; the default cohort's validation BCE still falls at 10). */
  static final int CPU_AUTOENCODER_EPOCHS = 10;

  /** The GAN at the cpu scale: 25 epochs (the authors: 100) at the authors' 1e-3. */
  static Training.Gan cpuGan() {
    return new Training.Gan(25, 1e-3, 1e-3, 0);
  }

  /**
   * CorGAN's sizes.
   *
   * @param code C, the encoder's last channels (its code, of length 1), also the noise and the generator's width (the authors: 128)
   * @param channels K, the first convolution's channels, doubled at each strided layer (the authors: 4)
   * @param discriminator W, the width of the discriminator's three hidden layers (the authors: 256)
   * @param minibatchAveraging whether the discriminator reads each row beside its batch's mean row (medGAN's remedy for
   *     mode collapse; the authors' CorGAN code has it as an option, off by default)
   * @param kinds the code kinds of the matrix's columns, as {@link PatientMatrix#parseKinds} reads them
   */
  public record Sizes(int code, int channels, int discriminator, boolean minibatchAveraging, String kinds) implements ModelShape.Extras {
    public Sizes {
      if (code < 1 || channels < 1 || discriminator < 1) {
        throw new IllegalArgumentException("CorGAN needs a code width, base channels and a discriminator width >= 1, got " + code + ", " + channels + ", " + discriminator);
      }
      PatientMatrix.parseKinds(kinds);
    }

    /** The authors' 128, 4 and 256, diagnoses. */
    public static Sizes standard() {
      return new Sizes(128, 4, 256, true, "dx");
    }
  }

  /** The encoder's kernel and strides (the authors'). */
  static final int KERNEL = 5;
  static final int[] STRIDES = {2, 2, 3, 3, 3};
  private static final int DISCRIMINATOR_LAYERS = 3;

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public CorGanModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, config.model().extras(Sizes.class).kinds(), config.model().extras(Sizes.class).code(),
        discriminatorWidths(config.model().extras(Sizes.class).discriminator()), config.model().extras(Sizes.class).minibatchAveraging());
  }

  private static int[] discriminatorWidths(int w) {
    int[] widths = new int[DISCRIMINATOR_LAYERS];
    Arrays.fill(widths, w);
    return widths;
  }

  @Override
  protected String displayName() {
    return "CorGAN";
  }

  @Override
  protected Autoencoder autoencoder(Rng rng) {
    return new ConvAutoencoder(params, rng, d, c, config.model().extras(Sizes.class).channels(), (float) config.model().layerNormEps());
  }

  /**
   * One convolution of the autoencoder: weight [out, in, k] (encoder) or [in, out, k] (decoder), the
   * right zero padding of its input (encoder) or the length its output is cut to (decoder), and its
   * normalisation, if any.
   */
  private record Layer(Params.Dense conv, int stride, int padOrCut, Params.Norm norm) {}

  /** The convolutional autoencoder (see the class documentation). */
  private static final class ConvAutoencoder implements Autoencoder {
    private final List<Layer> encoder = new ArrayList<>(), decoder = new ArrayList<>();
    private final int d, c;
    private final float eps;
    private long encoderMacs, decoderMacs;

    ConvAutoencoder(Params params, Rng rng, int d, int c, int k, float eps) {
      this.d = d;
      this.c = c;
      this.eps = eps;
      List<int[]> plan = new ArrayList<>(); // per strided layer: in channels, out channels, stride, input length, padding, output length
      int len = d, ch = 1;
      for (int i = 0; i < STRIDES.length && len >= KERNEL; i++) {
        int s = STRIDES[i], pad = (s - (len - KERNEL) % s) % s, out = k << i, outLen = (len + pad - KERNEL) / s + 1;
        plan.add(new int[] {ch, out, s, len, pad, outLen});
        len = outLen;
        ch = out;
      }
      for (int i = 0; i < plan.size(); i++) { // Conv1d weight [out, in, k]; PyTorch's fan_in = in·k
        int[] p = plan.get(i);
        encoder.add(new Layer(conv(params, rng, "ae.enc." + i, p[1], p[0], KERNEL, (double) p[0] * KERNEL), p[2], p[4], i > 0 ? params.norm("ae.enc.norm" + i, p[1]) : null));
        encoderMacs += (long) p[5] * p[1] * p[0] * KERNEL;
      }
      encoder.add(new Layer(conv(params, rng, "ae.enc." + plan.size(), c, ch, len, (double) ch * len), 1, 0, null)); // kernel spanning the rest: length 1
      encoderMacs += (long) c * ch * len;
      // the mirror: C channels of length 1 → (kernel len) → the last strided layer's output → … → 1 channel of length D
      int layers = plan.size() + 1;
      for (int j = 0; j < layers; j++) { // ConvTranspose1d weight [in, out, k]; PyTorch's fan_in = out·k
        int i = plan.size() - j; // the encoder layer this one undoes: plan.size() is the last (full-span) one
        int in = j == 0 ? c : plan.get(i)[1];
        int out = i == 0 ? 1 : plan.get(i - 1)[1];
        int kernel = j == 0 ? len : KERNEL, stride = j == 0 ? 1 : plan.get(i)[2], inLen = j == 0 ? 1 : plan.get(i)[5];
        int cut = j == 0 ? len : plan.get(i)[3];
        boolean norm = j > 0 && j < layers - 1;
        decoder.add(new Layer(conv(params, rng, "ae.dec." + j, in, out, kernel, (double) out * kernel), stride, cut, norm ? params.norm("ae.dec.norm" + j, out) : null));
        decoderMacs += (long) inLen * in * out * kernel;
      }
    }

    /** A convolution's weight (shape [a, b, kernel]) and bias [out], U(±1/√fanIn) as PyTorch's default. */
    private static Params.Dense conv(Params params, Rng rng, String name, int a, int b, int kernel, double fanIn) {
      double bound = 1 / Math.sqrt(fanIn);
      int out = name.startsWith("ae.enc.") ? a : b;
      return params.dense(name, new Shape(a, b, kernel), Params.uniform(rng, (long) a * b * kernel, bound), new Shape(out), Params.uniform(rng, out, bound));
    }

    /** Normalises h [B, Ch, L] per record over channels and positions, then a per-channel gain and bias. */
    private NDArray normalise(NDArray h, Params.Norm n) {
      Shape shape = h.getShape();
      long ch = shape.get(1);
      NDArray flat = h.reshape(shape.get(0), -1); // [B, Ch·L]
      NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
      NDArray variance = centred.square().mean(new int[] {1}, true);
      NDArray scaled = centred.div(variance.add(h.getManager().full(new Shape(), eps)).sqrt()).reshape(shape);
      return scaled.mul(n.gain().reshape(1, ch, 1)).add(n.bias().reshape(1, ch, 1));
    }

    @Override
    public NDArray encode(NDArray x) {
      long b = x.getShape().get(0);
      NDArray h = x.reshape(b, 1, d); // [B, 1, D]
      for (int i = 0; i < encoder.size() - 1; i++) {
        Layer l = encoder.get(i);
        if (l.padOrCut() > 0) h = h.concat(h.getManager().zeros(new Shape(b, h.getShape().get(1), l.padOrCut())), 2);
        h = Convolutions.conv(h, l.conv().w(), l.conv().b(), l.stride()); // [B, out, L']
        if (l.norm() != null) h = normalise(h, l.norm());
        h = Activation.leakyRelu(h, 0.2f);
      }
      Layer last = encoder.getLast();
      return Convolutions.conv(h, last.conv().w(), last.conv().b(), 1).tanh().reshape(b, c); // [B, C, 1] → [B, C]
    }

    @Override
    public NDArray decode(NDArray code) {
      long b = code.getShape().get(0);
      NDArray h = code.reshape(b, c, 1); // [B, C, 1]
      for (int j = 0; j < decoder.size(); j++) {
        Layer l = decoder.get(j);
        h = Convolutions.transposedConv(h, l.conv().w(), l.conv().b(), l.stride());
        if (h.getShape().get(2) > l.padOrCut()) h = h.get(new NDIndex(":, :, :{}", l.padOrCut())); // the encoder's padding off
        if (j == decoder.size() - 1) break;
        if (l.norm() != null) h = normalise(h, l.norm());
        h = Activation.relu(h);
      }
      return h.reshape(b, d); // [B, 1, D] → [B, D]
    }

    @Override
    public long encoderMacs() {
      return encoderMacs;
    }

    @Override
    public long decoderMacs() {
      return decoderMacs;
    }
  }
}
