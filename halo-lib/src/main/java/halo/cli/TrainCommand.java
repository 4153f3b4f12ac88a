package halo.cli;

import halo.Halo;
import halo.data.Dataset;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.sample.LabelPrior;
import halo.train.RunFolder;
import halo.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ./halo train}: trains any registered model on an encoded dataset. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model (--model, one of the registry's) on an encoded dataset; keeps best.ckpt and last.ckpt in --out.")
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", description = "encoded dataset folder (default: datasets/default)")
  Path data;

  @Option(names = "--model", defaultValue = "halo", completionCandidates = ModelIds.class,
      description = "one of: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--preset", defaultValue = "cpu", description = "smoke | cpu | paper (default ${DEFAULT-VALUE})")
  String preset;

  @Option(names = "--out", description = "run folder (default: runs/train/<model>)")
  Path out;

  @Option(names = "--shape-extras", paramLabel = "JSON",
      description = "the model's own shape settings, the fields to change as a JSON object: halo {\"tiedLogits\":false} (the authors' code head, "
          + "without the tied logits new HALOs add), eva {\"latent\":16}, synteg {\"noise\":64}, ...")
  String shapeExtras;

  @Option(names = "--epochs", description = "epochs (SynTEG: of its dependency model)") Integer epochs;
  @Option(names = "--gan-epochs", description = "SynTEG: epochs of GAN training after the dependency model") Integer ganEpochs;
  @Option(names = "--gan-lr", description = "SynTEG: the generator's Adam step") Double ganLr;
  @Option(names = "--critic-lr", description = "SynTEG: the critic's Adam step") Double criticLr;
  @Option(names = "--context", description = "the context: rows per record, or tokens for the models that read token sequences (GPT: its cap; PromptEHR: the encoder's)") Integer context;
  @Option(names = "--embedding", description = "Width of the visit embedding (default: the preset's).") Integer embedding;
  @Option(names = "--layers", description = "Transformer blocks (default: the preset's).") Integer layers;
  @Option(names = "--heads", description = "Attention heads per block (default: the preset's).") Integer heads;
  @Option(names = "--batch", description = "Records per training step (default: the preset's).") Integer batch;
  @Option(names = "--lr", description = "Adam learning rate (default: the preset's).") Double lr;
  @Option(names = "--seed", defaultValue = "4", description = "Seed of initialisation, shuffling and sampling (default ${DEFAULT-VALUE}).") Long seed;
  @Option(names = "--validate-every", description = "steps between validations (0: epoch ends only)") Integer validateEvery;
  @Option(names = "--patience", description = "early stopping after this many validations without improvement (0: off)") Integer patience;
  @Option(names = "--min-steps", description = "optimizer steps before early stopping may stop training") Integer minSteps;
  @Option(names = "--max-steps", description = "most optimizer steps (0: only --epochs limits training)") Integer maxSteps;
  @Option(names = "--label-balance", description = "alpha in [0, 1]: draw training records with weight (1 / p)^alpha, p the prevalence of the record's rarest chronic label (0: each record once per epoch; default: the preset's)") Double labelBalance;
  @Option(names = "--checkpoint-every", defaultValue = "100", description = "steps between saves of last.ckpt (default ${DEFAULT-VALUE})") int checkpointEvery;
  @Option(names = "--resume", description = "continue from <out>/last.ckpt") boolean resume;

  @Option(names = "--overwrite", description = "replace the run already in --out (trained in a temporary folder; the old run stays until the new one is complete)")
  boolean overwrite;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validate();
    Dataset ds = data == null ? Dataset.loadDefault() : Dataset.load(data);
    HaloConfig c = configure(HaloConfig.preset(preset, ModelKind.parse(model)));
    Path dir = out != null ? out : Halo.root().resolve("runs").resolve("train").resolve(c.kind().id());
    try (RunFolder run = RunFolder.open(dir, ds.vocabulary(), resume, overwrite)) { // checks first: nothing written when refused
      run.notes().forEach(System.err::println);
      Path work = run.work();
      if (!resume) ds.vocabulary().save(work.resolve("vocabulary.json"));
      if (!resume || !Files.isRegularFile(work.resolve(LabelPrior.FILE))) {
        // the training split's label rows: what generate draws label rows from (see LabelPrior)
        LabelPrior.fit(ds.train().patients(), ds.vocabulary()).save(work.resolve(LabelPrior.FILE));
      }
      System.err.println("training " + c + " on " + ds.name() + " (" + ds.splits().train().size() + " train / "
          + ds.splits().validation().size() + " validation records, V = " + ds.vocabulary().size() + ")"
          + (run.replacing() ? "; the run in " + dir + " is replaced once this one is complete" : ""));
      Trainer.Result r;
      try (GenerativeModel m = GenerativeModel.create(c, ds.vocabulary(), ds.train().patients())) {
        r = Trainer.fit(m, ds.train().patients(), ds.validation().patients(),
            Trainer.Options.quiet().withDir(work).withResume(resume).withCheckpointEvery(checkpointEvery).withLog(System.err).withRestoreBest(true));
      }
      String replaced = run.commit();
      if (replaced != null) System.err.println(replaced);
      System.out.printf("steps %d, epochs %d, best validation loss %.6f, last train loss %.6f, %.1f records/s; stopped: %s%n",
          r.steps(), r.epochsDone(), r.bestValidation(), r.lastTrainLoss(), r.recordsPerSecond(), r.stopReason());
      List<String> written = Stream.of(Trainer.BEST, Trainer.LAST).filter(n -> Files.isRegularFile(dir.resolve(n)))
          .map(n -> dir.resolve(n).toString()).toList();
      System.out.println(written.isEmpty() ? "no checkpoint written" : "checkpoints: " + String.join(", ", written));
    }
    return 0;
  }

  /** Option ranges, before any work. */
  private void validate() {
    OptionChecks.range(spec, "--epochs", epochs, 1, 100_000);
    OptionChecks.range(spec, "--gan-epochs", ganEpochs, 0, 100_000);
    OptionChecks.positive(spec, "--lr", lr, 1.0);
    OptionChecks.positive(spec, "--gan-lr", ganLr, 1.0);
    OptionChecks.positive(spec, "--critic-lr", criticLr, 1.0);
    OptionChecks.range(spec, "--context", context, 3, 100_000);
    OptionChecks.range(spec, "--embedding", embedding, 2, 100_000);
    OptionChecks.range(spec, "--layers", layers, 1, 1_000);
    OptionChecks.range(spec, "--heads", heads, 1, 1_000);
    OptionChecks.range(spec, "--batch", batch, 1, 1_000_000);
    OptionChecks.range(spec, "--validate-every", validateEvery, 0, Integer.MAX_VALUE);
    OptionChecks.range(spec, "--patience", patience, 0, 1_000_000);
    OptionChecks.range(spec, "--checkpoint-every", checkpointEvery, 0, Integer.MAX_VALUE);
    OptionChecks.range(spec, "--min-steps", minSteps, 0, Integer.MAX_VALUE);
    OptionChecks.range(spec, "--max-steps", maxSteps, 0, Integer.MAX_VALUE);
    OptionChecks.between(spec, "--label-balance", labelBalance, 0, 1);
    OptionChecks.exists(spec, "--data", data);
  }

  HaloConfig configure(HaloConfig c) {
    if (ganEpochs != null || ganLr != null || criticLr != null) {
      if (!HaloConfig.trainsGan(c.kind())) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--gan-epochs, --gan-lr and --critic-lr set a GAN phase, which only these models train: "
            + ModelKind.ids(ModelKind.having(ModelKind.Traits::trainsGan)) + "; --model " + c.kind().id() + " trains no GAN");
      }
      c = c.withTraining(t -> t.ganWith(g -> {
        if (ganEpochs != null) g.epochs(ganEpochs);
        if (ganLr != null) g.learningRate(ganLr);
        if (criticLr != null) g.criticLearningRate(criticLr);
        return g;
      }));
    }
    c = c.withModel(m -> {
      if (context != null) m.context(context);
      if (embedding != null) m.embedding(embedding);
      if (layers != null) m.layers(layers);
      if (heads != null) m.heads(heads);
      return m;
    });
    if (shapeExtras != null) {
      try {
        HaloConfig before = c;
        c = c.withModel(m -> m.extras(before.model().withExtras(shapeExtras).extras()));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--shape-extras: " + e.getMessage());
      }
    }
    c = c.withTraining(t -> {
      if (epochs != null) t.epochs(epochs);
      if (batch != null) t.batchSize(batch);
      if (lr != null) t.learningRate(lr);
      if (validateEvery != null) t.validateEvery(validateEvery);
      if (patience != null) t.patience(patience);
      if (minSteps != null) t.minSteps(minSteps);
      if (maxSteps != null) t.maxSteps(maxSteps);
      if (labelBalance != null) t.labelBalance(labelBalance);
      return t;
    });
    if (seed != null) c = c.withSeed(seed);
    return c;
  }
}
