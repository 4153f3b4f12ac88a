package halo.eval.utility;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import halo.data.EncodedPatient;
import halo.model.blocks.Losses;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The authors' bidirectional-LSTM phenotyping classifier ({@link BiLstmNet}; Part B §4.4) trained
 * with DJL: BCE on the logit, Adam (lr 1e-3), {@code epochs} epochs of mini-batches reshuffled every
 * epoch, validation after every epoch, and the parameters with the best validation loss restored
 * before scoring. Sequence lengths are handled by batching records of equal visit count together
 * (sort-by-length batches), so the forward output at step n-1 and the backward output at step 0 are
 * exactly those of the authors' packed sequences. Records must have at least one visit.
 *
 * @param codeSpace C, the width of the multi-hot input
 * @param epochs the authors use 25
 * @param batchSize the authors use 512
 */
public record BiLstmClassifier(int codeSpace, int epochs, int batchSize, float learningRate) implements RecordClassifier {
  public BiLstmClassifier {
    if (codeSpace < 1 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("invalid BiLSTM settings: codeSpace " + codeSpace + ", epochs " + epochs
          + ", batchSize " + batchSize + ", learningRate " + learningRate);
    }
  }

  /** The paper's settings: 25 epochs, batch 512, lr 1e-3. */
  public static BiLstmClassifier paper(int codeSpace) {
    return new BiLstmClassifier(codeSpace, 25, 512, 1e-3f);
  }

  @Override
  public String name() {
    return "bilstm";
  }

  @Override
  public double[] fitAndScore(LabelledRecords train, LabelledRecords validation, List<EncodedPatient> test, long seed) {
    requireVisits(train.records(), "training");
    requireVisits(validation.records(), "validation");
    requireVisits(test, "test");
    Engine.getInstance().setRandomSeed((int) seed);
    Random random = new Random(seed);
    try (Model model = Model.newInstance("phenotype-bilstm")) {
      model.setBlock(new BiLstmNet());
      var config = new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, codeSpace));
        Map<String, float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int epoch = 0; epoch < epochs; epoch++) {
          for (int[] batch : batches(train.records(), random)) {
            try (NDManager sub = trainer.getManager().newSubManager()) {
              NDArray x = input(sub, train.records(), batch);
              NDArray y = target(sub, train.positive(), batch);
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logit = trainer.forward(new NDList(x)).singletonOrThrow();
                // our own stable BCE, not DJL's loss: that multiplies by its weight through a
                // Java-backed scalar that autograd keeps but the garbage collector may free (see Scalars)
                NDArray loss = Losses.bce(logit, y.reshape(logit.getShape())).mean();
                gc.backward(loss);
              }
              trainer.step();
            }
          }
          double valLoss = validationLoss(trainer, validation);
          if (valLoss < bestLoss || best == null) {
            bestLoss = valLoss;
            best = snapshot(model);
          }
        }
        restore(model, best);
        return score(trainer, test);
      }
    }
  }

  private double validationLoss(Trainer trainer, LabelledRecords val) {
    double[] p = score(trainer, val.records());
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double q = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
      s -= val.positive()[i] ? Math.log(q) : Math.log(1 - q);
    }
    return s / p.length;
  }

  private double[] score(Trainer trainer, List<EncodedPatient> records) {
    double[] out = new double[records.size()];
    for (int[] batch : batches(records, null)) {
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDArray logit = trainer.evaluate(new NDList(input(sub, records, batch))).singletonOrThrow();
        float[] p = Activation.sigmoid(logit).toFloatArray();
        for (int i = 0; i < batch.length; i++) out[batch[i]] = p[i];
      }
    }
    return out;
  }

  /** Batches of indices of equal visit count; shuffled when {@code random} is given. */
  private List<int[]> batches(List<EncodedPatient> records, Random random) {
    TreeMap<Integer, List<Integer>> byLength = new TreeMap<>();
    for (int i = 0; i < records.size(); i++) byLength.computeIfAbsent(records.get(i).visitCount(), k -> new ArrayList<>()).add(i);
    List<int[]> out = new ArrayList<>();
    for (List<Integer> group : byLength.values()) {
      if (random != null) Collections.shuffle(group, random);
      for (int from = 0; from < group.size(); from += batchSize) {
        out.add(group.subList(from, Math.min(group.size(), from + batchSize)).stream().mapToInt(Integer::intValue).toArray());
      }
    }
    if (random != null) Collections.shuffle(out, random);
    return out;
  }

  private NDArray input(NDManager m, List<EncodedPatient> records, int[] batch) {
    int t = records.get(batch[0]).visitCount();
    float[] x = new float[batch.length * t * codeSpace];
    for (int b = 0; b < batch.length; b++) {
      int[][] visits = records.get(batch[b]).visits();
      for (int v = 0; v < t; v++) {
        for (int c : visits[v]) {
          if (c < codeSpace) x[(b * t + v) * codeSpace + c] = 1f;
        }
      }
    }
    return m.create(x, new Shape(batch.length, t, codeSpace));
  }

  private static NDArray target(NDManager m, boolean[] positive, int[] batch) {
    float[] y = new float[batch.length];
    for (int i = 0; i < batch.length; i++) y[i] = positive[batch[i]] ? 1f : 0f;
    return m.create(y, new Shape(batch.length, 1));
  }

  private static Map<String, float[]> snapshot(Model model) {
    Map<String, float[]> s = new LinkedHashMap<>();
    for (var p : model.getBlock().getParameters()) s.put(p.getKey(), p.getValue().getArray().toFloatArray());
    return s;
  }

  private static void restore(Model model, Map<String, float[]> snapshot) {
    Map<String, Parameter> params = new HashMap<>();
    for (var p : model.getBlock().getParameters()) params.put(p.getKey(), p.getValue());
    snapshot.forEach((k, v) -> params.get(k).getArray().set(FloatBuffer.wrap(v)));
  }

  private static void requireVisits(List<EncodedPatient> records, String what) {
    for (EncodedPatient p : records) {
      if (p.visitCount() == 0) {
        throw new IllegalArgumentException("the " + what + " set holds record " + p.id()
            + " with no visit; remove zero-visit records first (EncodedCohort.nonEmpty())");
      }
    }
    if (records.isEmpty()) throw new IllegalArgumentException("the " + what + " set is empty");
  }
}
