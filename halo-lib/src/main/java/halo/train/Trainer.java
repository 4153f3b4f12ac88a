package halo.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import halo.data.EncodedPatient;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.Training;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The one training loop for every model (protocol Part B §2.4): Adam on the model's loss (for the
 * visit models the masked BCE, mean over unmasked outputs), shuffled mini-batches drawn from a seeded
 * generator; one Adam per {@link GenerativeModel.Objective}, each active objective stepping once per batch
 * in order (a GAN's critic, then its generator; gradients one objective's loss leaves on another's
 * parameters are cleared), validation every
 * {@code validateEvery} steps and at each epoch end, the best-validation parameters kept in
 * {@code best.ckpt}, optional early stopping, and the latest state in {@code last.ckpt} for
 * {@code resume}, and what the run did in {@link TrainingSummary} ({@code training.json}, {@code training.txt}).
 * Every batch runs in its own sub-manager inside an {@link NDScope}, closed at once.
 * Given the same seed, data and thread count, runs are bit-identical, resumed or not.
 */
public final class Trainer {
  public static final String LAST = "last.ckpt";
  public static final String BEST = "best.ckpt";

  /**
   * @param dir folder of last.ckpt and best.ckpt (null = no checkpoints)
   * @param resume continue from dir/last.ckpt when it exists
   * @param checkpointEvery steps between saves of last.ckpt (0 = only at epoch ends)
   * @param stopAfterSteps stop (as if interrupted) once this many steps are done, after saving (0 = never)
   * @param log where the progress bar goes (null = silent)
   * @param restoreBest load the best-validation parameters into the model at the end
   */
  public record Options(Path dir, boolean resume, int checkpointEvery, long stopAfterSteps, PrintStream log, boolean restoreBest) {
    public static Options quiet() {
      return new Options(null, false, 0, 0, null, false);
    }

    public Options withDir(Path d) {
      return new Options(d, resume, checkpointEvery, stopAfterSteps, log, restoreBest);
    }

    public Options withResume(boolean r) {
      return new Options(dir, r, checkpointEvery, stopAfterSteps, log, restoreBest);
    }

    public Options withCheckpointEvery(int n) {
      return new Options(dir, resume, n, stopAfterSteps, log, restoreBest);
    }

    public Options withStopAfterSteps(long n) {
      return new Options(dir, resume, checkpointEvery, n, log, restoreBest);
    }

    public Options withLog(PrintStream p) {
      return new Options(dir, resume, checkpointEvery, stopAfterSteps, p, restoreBest);
    }

    public Options withRestoreBest(boolean b) {
      return new Options(dir, resume, checkpointEvery, stopAfterSteps, log, b);
    }
  }

  /**
   * What a run did.
   *
   * @param trainSeconds wall time of the optimizer steps only (no validation, no checkpoints)
   * @param trainRecords records processed by optimizer steps in this process
   * @param trainMacs useful multiply-adds of those steps, forward and backward (3 × forward; masked zeros excluded)
   * @param trainDenseMacs the same counted as dense head products ({@link GenerativeModel#denseForwardMacs})
   */
  public record Result(long steps, int epochsDone, double bestValidation, double lastTrainLoss, List<Double> validations,
      boolean stoppedEarly, boolean interrupted, double trainSeconds, long trainRecords, long trainMacs, long trainDenseMacs,
      String stopReason) {
    public double recordsPerSecond() {
      return trainRecords / Math.max(trainSeconds, 1e-9);
    }
  }

  private Trainer() {}

  public static Result fit(GenerativeModel model, List<EncodedPatient> train, List<EncodedPatient> validation, Options o) throws IOException {
    if (train.isEmpty()) throw new IllegalArgumentException("the training split is empty: nothing to train on");
    Optimizers adams = new Optimizers(model);
    Result r;
    try {
      r = fit(model, adams, train, validation, o);
    } finally {
      adams.close();
    }
    if (o.dir() != null) TrainingSummary.of(model.config().toString(), r, model.truncationReport(train)).write(o.dir());
    return r;
  }

  /** One Adam per objective of the model, in {@link GenerativeModel#objectives()} order. */
  static final class Optimizers implements AutoCloseable {
    final LinkedHashMap<String, Adam> byName = new LinkedHashMap<>();

    Optimizers(GenerativeModel model) {
      for (GenerativeModel.Objective ob : model.objectives()) byName.put(ob.name(), new Adam(model.params(), ob.parameters()));
    }

    @Override
    public void close() {
      byName.values().forEach(Adam::close);
    }
  }

  private static Result fit(GenerativeModel model, Optimizers adams, List<EncodedPatient> train, List<EncodedPatient> validation, Options o) throws IOException {
    HaloConfig c = model.config();
    Training training = c.training();
    TrainState s = TrainState.start(c.seed() ^ 0x5DEECE66DL);
    Path last = o.dir() == null ? null : o.dir().resolve(LAST);
    boolean resumed = false;
    if (o.resume() && last != null && Files.isRegularFile(last)) {
      s = Checkpoint.restore(last, model, adams.byName);
      resumed = true;
      if (o.log() != null) o.log().println("resumed from " + last + " at step " + s.step() + " (epoch " + (s.epoch() + 1) + ")");
    }
    for (String removed : Checkpoint.removeStale(o.dir())) {
      if (o.log() != null) o.log().println(removed);
    }
    if (o.log() != null) {
      String cuts = model.truncationReport(train);
      if (cuts != null) o.log().println(cuts);
    }
    int epochs = model.totalEpochs();
    int batchesPerEpoch = (train.size() + training.batchSize() - 1) / training.batchSize();
    long totalSteps = (long) batchesPerEpoch * epochs;
    if (training.maxSteps() > 0) totalSteps = Math.min(totalSteps, training.maxSteps());
    String reason = "all " + epochs + " epochs done";
    Progress progress = o.log() == null ? null : new Progress(o.log(), totalSteps, s.step());
    List<Double> validations = new ArrayList<>();
    double lastLoss = Double.NaN;
    double seconds = 0;
    long records = 0, macs = 0, denseMacs = 0;
    Rng rng = new Rng(0);
    LabelBalance balance = training.labelBalance() > 0 ? LabelBalance.of(train, model.vocabulary().chronicLabelCount(), training.labelBalance()) : null;
    if (balance != null && o.log() != null) o.log().println(balance.describe());
    boolean stoppedEarly = false;
    boolean budgetDone = training.maxSteps() > 0 && s.step() >= training.maxSteps();
    if (budgetDone) reason = "the step budget (" + training.maxSteps() + ") was already used";
    for (int epoch = s.epoch(); epoch < epochs && !stoppedEarly && !budgetDone; epoch++) {
      rng.setState(s.epochRng());
      int[] perm = balance == null ? rng.permutation(train.size()) : balance.draw(rng);
      long nextEpochRng = rng.state();
      for (int b = s.batchInEpoch(); b < batchesPerEpoch; b++) {
        List<EncodedPatient> batch = new ArrayList<>(training.batchSize());
        for (int i = b * training.batchSize(); i < Math.min(train.size(), (b + 1) * training.batchSize()); i++) batch.add(train.get(perm[i]));
        long t0 = System.nanoTime();
        RowBatch rb = model.batch(batch);
        lastLoss = step(model, adams, rb, epoch, s.step() + 1);
        if (!Double.isFinite(lastLoss)) {
          throw new IllegalStateException("training loss is " + lastLoss + " at step " + (s.step() + 1) + " (epoch " + (epoch + 1)
              + "): the parameters diverged; lower the learning rate (now " + training.learningRate() + ") and resume from the last checkpoint");
        }
        if (resumed) requirePlausibleAfterResume(lastLoss, s, model, epoch, last);
        seconds += (System.nanoTime() - t0) / 1e9;
        records += batch.size();
        macs += model.forwardMacs(rb);
        denseMacs += model.denseForwardMacs(rb);
        long step = s.step() + 1;
        boolean endOfEpoch = b + 1 == batchesPerEpoch;
        s = new TrainState(step, endOfEpoch ? epoch + 1 : epoch, endOfEpoch ? 0 : b + 1, endOfEpoch ? nextEpochRng : s.epochRng(),
            s.bestValidation(), s.badValidations(), s.lastValidationStep());
        if (progress != null) progress.update(step, epoch, epochs, lastLoss, records);
        if (!model.validates(epoch)) {
          // no validation loss in this phase (a GAN): the newest parameters are the best
          if (endOfEpoch && o.dir() != null) Checkpoint.save(o.dir().resolve(BEST), model, null, s);
        }
        budgetDone = training.maxSteps() > 0 && step >= training.maxSteps();
        boolean validate = model.validates(epoch) && !validation.isEmpty()
            && ((training.validateEvery() > 0 && step % training.validateEvery() == 0) || endOfEpoch || budgetDone);
        if (validate) {
          Bce bce = validationBce(model, validation);
          double val = bce.mean();
          validations.add(val);
          boolean better = Double.isNaN(s.bestValidation()) || val < s.bestValidation();
          s = new TrainState(s.step(), s.epoch(), s.batchInEpoch(), s.epochRng(), better ? val : s.bestValidation(),
              better ? 0 : s.badValidations() + 1, step);
          if (progress != null) progress.validation(val, better);
          if (better && o.dir() != null) Checkpoint.save(o.dir().resolve(BEST), model, null, s);
          if (training.patience() > 0 && s.badValidations() >= training.patience() && step >= training.minSteps()) {
            stoppedEarly = true;
            reason = "validation loss did not improve for " + training.patience() + " validations (best %.6f)".formatted(s.bestValidation());
          }
        }
        if (budgetDone && !stoppedEarly) reason = "the step budget (" + training.maxSteps() + " steps) was reached";
        boolean stopNow = o.stopAfterSteps() > 0 && step >= o.stopAfterSteps();
        if (last != null && (endOfEpoch || stopNow || stoppedEarly || budgetDone || (o.checkpointEvery() > 0 && step % o.checkpointEvery() == 0))) {
          Checkpoint.save(last, model, adams.byName, s);
        }
        if (stopNow) {
          if (progress != null) progress.finish();
          return new Result(step, s.epoch(), s.bestValidation(), lastLoss, validations, false, true, seconds, records, 3 * macs, 3 * denseMacs,
              "interrupted after " + step + " steps, as asked");
        }
        if (stoppedEarly || budgetDone) break;
      }
    }
    if (progress != null) progress.finish();
    if (o.restoreBest() && o.dir() != null && Files.isRegularFile(o.dir().resolve(BEST))) {
      Checkpoint.restore(o.dir().resolve(BEST), model, null);
    }
    if (o.log() != null) o.log().println("training stopped after " + s.step() + " steps: " + reason);
    return new Result(s.step(), s.epoch(), s.bestValidation(), lastLoss, validations, stoppedEarly, false, seconds, records, 3 * macs, 3 * denseMacs, reason);
  }

  /**
   * After a resume, a training loss far above the best validation loss the checkpoint recorded means
   * the restored state is not what was saved (damage the checksum could not see, e.g. a format-2
   * file): the loss is the same masked BCE as validation, so a sound resume continues near it.
   * Stops with the divergence advice when the loss exceeds 10 × that best + 1 (HALO's BCE starts
   * near 0.69 untrained; 1.2e22 was seen after 256 flipped bytes). Phases without validation (a
   * GAN) have no reference and are not checked.
   */
  static void requirePlausibleAfterResume(double loss, TrainState s, GenerativeModel model, int epoch, Path last) {
    double best = s.bestValidation();
    if (!model.validates(epoch) || !Double.isFinite(best) || loss <= 10 * best + 1) return;
    throw new IllegalStateException("training loss is " + loss + " at step " + (s.step() + 1) + " (epoch " + (epoch + 1) + "), just after"
        + " resuming from " + last + " whose best validation loss was " + best + ": the parameters diverged; lower the learning rate"
        + " (now " + model.config().training().learningRate() + ") and resume from the last checkpoint; if that keeps happening, " + last
        + " is damaged: fall back to best.ckpt or retrain");
  }

  /**
   * One optimizer step per active objective on one batch; returns the last objective's loss. All
   * native memory of the step is released.
   */
  static double step(GenerativeModel model, Optimizers adams, RowBatch batch, int epoch, long step) {
    double loss = Double.NaN;
    List<GenerativeModel.Objective> active = model.objectives(epoch);
    for (GenerativeModel.Objective ob : active) {
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          var l = model.loss(m, batch, ob, new GenerativeModel.Step(step, epoch));
          gc.backward(l);
          loss = l.getFloat();
        }
        adams.byName.get(ob.name()).update(ob.learningRate());
        for (GenerativeModel.Objective other : active) {
          if (other != ob) model.params().zeroGradients(other.parameters());
        }
      }
      if (!Double.isFinite(loss)) return loss;
    }
    return loss;
  }

  /** Mean BCE over every unmasked output of the validation records. */
  public static double validationLoss(GenerativeModel model, List<EncodedPatient> validation) {
    return validationBce(model, validation).mean();
  }

  /**
   * Validation BCE two ways (protocol Part A §4): the mean over unmasked outputs (label row and visit
   * rows, all V tokens), and the authors' diluted value, the same sum divided by records × (n_ctx − 1) × V.
   */
  public record Bce(double mean, double diluted) {}

  public static Bce validationBce(GenerativeModel model, List<EncodedPatient> validation) {
    double sum = 0;
    long outputs = 0;
    for (int from = 0; from < validation.size(); from += model.config().training().batchSize()) {
      RowBatch b = model.batch(validation.subList(from, Math.min(validation.size(), from + model.config().training().batchSize())));
      try (NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        sum += model.lossSum(m, b).getFloat();
      }
      outputs += model.lossOutputs(b);
    }
    long all = (long) validation.size() * (model.config().model().context() - 1) * model.vocabulary().size();
    return new Bce(sum / outputs, sum / all);
  }
}
