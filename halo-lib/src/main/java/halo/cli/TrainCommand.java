package halo.cli;

import halo.data.Dataset;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.VisitModel;
import halo.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./halo train}: trains HALO, HALO-Coarse or the LSTM on an encoded dataset. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one of the six models (halo, coarse, lstm, gpt, eva, synteg) on an encoded dataset; keeps best.ckpt and last.ckpt in --out.")
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", description = "encoded dataset folder (default: datasets/default)")
  Path data;

  @Option(names = "--model", defaultValue = "halo", description = "halo | coarse | lstm | gpt | eva | synteg (default ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--preset", defaultValue = "cpu", description = "smoke | cpu | paper (default ${DEFAULT-VALUE})")
  String preset;

  @Option(names = "--out", description = "run folder (default: runs/train/<model>)")
  Path out;

  @Option(names = "--epochs", description = "epochs (SynTEG: of its dependency model)") Integer epochs;
  @Option(names = "--gan-epochs", description = "SynTEG: epochs of GAN training after the dependency model") Integer ganEpochs;
  @Option(names = "--gan-lr", description = "SynTEG: the generator's Adam step") Double ganLr;
  @Option(names = "--critic-lr", description = "SynTEG: the critic's Adam step") Double criticLr;
  @Option(names = "--context", description = "rows per record (GPT: tokens per record, its cap)") Integer context;
  @Option(names = "--embedding", description = "Width of the visit embedding (default: the preset's).") Integer embedding;
  @Option(names = "--layers", description = "Transformer blocks (default: the preset's).") Integer layers;
  @Option(names = "--heads", description = "Attention heads per block (default: the preset's).") Integer heads;
  @Option(names = "--batch", description = "Records per training step (default: the preset's).") Integer batch;
  @Option(names = "--lr", description = "Adam learning rate (default: the preset's).") Double lr;
  @Option(names = "--seed", defaultValue = "4", description = "Seed of initialisation, shuffling and sampling (default ${DEFAULT-VALUE}).") Long seed;
  @Option(names = "--validate-every", description = "steps between validations (0: epoch ends only)") Integer validateEvery;
  @Option(names = "--patience", description = "early stopping after this many validations without improvement (0: off)") Integer patience;
  @Option(names = "--checkpoint-every", defaultValue = "100", description = "steps between saves of last.ckpt (default ${DEFAULT-VALUE})") int checkpointEvery;
  @Option(names = "--resume", description = "continue from <out>/last.ckpt") boolean resume;

  @Override
  public Integer call() throws Exception {
    Dataset ds = data == null ? Dataset.loadDefault() : Dataset.load(data);
    HaloConfig c = configure(HaloConfig.preset(preset, ModelKind.parse(model)));
    Path dir = out != null ? out : halo.Halo.root().resolve("runs").resolve("train").resolve(c.kind().id());
    Files.createDirectories(dir);
    ds.vocabulary().save(dir.resolve("vocabulary.json"));
    System.err.println("training " + c + " on " + ds.name() + " (" + ds.splits().train().size() + " train / "
        + ds.splits().validation().size() + " validation records, V = " + ds.vocabulary().size() + ")");
    try (VisitModel m = VisitModel.create(c, ds.vocabulary())) {
      Trainer.Result r = Trainer.fit(m, ds.train().patients(), ds.validation().patients(),
          Trainer.Options.quiet().withDir(dir).withResume(resume).withCheckpointEvery(checkpointEvery).withLog(System.err).withRestoreBest(true));
      System.out.printf("steps %d, epochs %d, best validation loss %.6f, last train loss %.6f, %.1f records/s%s%n",
          r.steps(), r.epochsDone(), r.bestValidation(), r.lastTrainLoss(), r.recordsPerSecond(), r.stoppedEarly() ? " (stopped early)" : "");
      System.out.println("checkpoints: " + dir.resolve(Trainer.BEST) + ", " + dir.resolve(Trainer.LAST));
    }
    return 0;
  }

  HaloConfig configure(HaloConfig c) {
    if (epochs != null) c = c.withEpochs(epochs);
    if (ganEpochs != null) c = c.withBaselines(c.baselines().withGanEpochs(ganEpochs));
    if (ganLr != null || criticLr != null) {
      var b = c.baselines();
      c = c.withBaselines(new HaloConfig.Baselines(b.latent(), b.codeEmbedding(), b.condition(), b.noise(), b.ganWidth(), b.ganEpochs(),
          ganLr != null ? ganLr : b.ganLearningRate(), criticLr != null ? criticLr : b.criticLearningRate(), b.gradientPenalty()));
    }
    if (context != null) c = c.withContext(context);
    if (embedding != null) c = c.withEmbedding(embedding);
    if (layers != null) c = c.withLayers(layers);
    if (heads != null) c = c.withHeads(heads);
    if (batch != null) c = c.withBatchSize(batch);
    if (lr != null) c = c.withLearningRate(lr);
    if (seed != null) c = c.withSeed(seed);
    if (validateEvery != null) c = c.withValidateEvery(validateEvery);
    if (patience != null) c = c.withPatience(patience);
    return c;
  }
}
