package halo.model.matrix;

import ai.djl.ndarray.types.Shape;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.blocks.VisitModel;
import java.util.List;

/**
 * What the generators of the patient × code matrix share: their {@link MatrixLayout} (the modelled
 * tokens of a record as one binary vector of width D), batches of records projected onto it, a loss
 * per modelled output, the report of what the projection leaves out, dense layers initialised as
 * PyTorch's nn.Linear, and the by-epochs schedule of their presets.
 */
public abstract class MatrixModel extends VisitModel {
  protected final MatrixLayout layout;
  /** D: the modelled tokens (labels and the matrix's columns). */
  protected final int d;

  protected MatrixModel(HaloConfig config, Vocabulary vocabulary, String kinds) {
    super(config, vocabulary);
    layout = new MatrixLayout(vocabulary, PatientMatrix.parseKinds(kinds));
    d = layout.width();
  }

  /**
   * A preset that trains by epochs, without a step budget, early stopping or label-balanced drawing,
   * keeping the best validation loss at epoch ends; records have three rows (start, labels, one visit).
   */
  static HaloConfig byEpochs(HaloConfig shared, int batch, int epochs) {
    return shared.withModel(m -> m.context(3).positions(3))
        .withTraining(t -> t.batchSize(batch).learningRate(1e-3).epochs(epochs).steps(0, 0).validateEvery(0).patience(0).labelBalance(0));
  }

  /**
   * The traits of a matrix model whose own sizes default to {@code standard} and which trains by
   * epochs ({@link #byEpochs}): 500 epochs of batch 500 at the cpu and paper scales, 5 of 64 at smoke.
   */
  static ModelKind.Traits epochTraits(ModelShape.Extras standard) {
    return new ModelKind.Traits() {
      @Override
      public ModelShape.Extras extrasFor(int embedding) {
        return standard;
      }

      @Override
      public HaloConfig preset(String name, HaloConfig shared) {
        return name.equals("smoke") ? byEpochs(shared, 64, 5) : byEpochs(shared, 500, 500);
      }
    };
  }

  /** The model's name in messages ("the VAE"). */
  protected abstract String displayName();

  /** The matrix view this model generates. */
  public MatrixLayout layout() {
    return layout;
  }

  @Override
  public RowBatch batch(List<EncodedPatient> patients) {
    return layout.batch(patients);
  }

  @Override
  public long lossOutputs(RowBatch batch) {
    return (long) batch.size() * d;
  }

  @Override
  public String truncationReport(List<EncodedPatient> train) {
    return displayName() + " models each record as one binary vector over " + (d - vocabulary.labelCount()) + " codes ("
        + PatientMatrix.kindsSpec(layout.kinds()) + ") and its labels: " + layout.droppedCodes(train)
        + " code occurrences of the training records (other kinds, visit order and repeats across visits) are not modelled";
  }

  /** A dense layer initialised as PyTorch's nn.Linear, U(±1/√in) for weight and bias, the weight stored (in, out). */
  protected Params.Dense linear(Rng rng, String name, int in, int out) {
    double bound = 1 / Math.sqrt(in);
    return params.dense(name, new Shape(in, out), Params.uniform(rng, (long) in * out, bound), new Shape(out), Params.uniform(rng, out, bound));
  }
}
