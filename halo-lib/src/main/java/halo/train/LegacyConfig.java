package halo.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Sampling;
import halo.model.Training;
import halo.model.eva.EvaModel;
import halo.model.synteg.SyntegModel;
import java.io.IOException;

/**
 * The config of checkpoint formats 1 to 3: one flat JSON record ({@code kind, embedding, layers, heads,
 * context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps,
 * sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance}, the last three absent in the oldest
 * files), with EVA's and SynTEG's settings in {@code baselines} for every kind. Read into the per-concern
 * {@link HaloConfig}: the baselines' sizes go to the shape of the kind that has them, their GAN schedule
 * to SynTEG's training; the other kinds ignore them, as they always did.
 */
public final class LegacyConfig {
  private LegacyConfig() {}

  /** The config in {@code text}, a flat record as formats 1 to 3 stored it. */
  public static HaloConfig read(ObjectMapper json, String text) throws IOException {
    JsonNode n = json.readTree(text);
    ModelKind kind = ModelKind.valueOf(required(n, "kind").asText());
    int embedding = required(n, "embedding").asInt();
    JsonNode b = n.get("baselines");
    boolean hasBaselines = b != null && !b.isNull();
    // formats 1 to 3 knew these six kinds only, with EVA's and SynTEG's own sizes in every record's "baselines"
    ModelShape.Extras extras = !hasBaselines ? null : switch (kind) {
      case EVA -> new EvaModel.Sizes(required(b, "latent").asInt());
      case SYNTEG -> new SyntegModel.Sizes(required(b, "codeEmbedding").asInt(), required(b, "condition").asInt(), required(b, "noise").asInt(),
          required(b, "ganWidth").asInt());
      default -> null;
    };
    if (extras == null) extras = kind.traits().legacyExtras(embedding); // HALO: the authors' head, as these formats' models had
    Training.Gan gan = HaloConfig.trainsGan(kind) && hasBaselines
        ? new Training.Gan(required(b, "ganEpochs").asInt(), required(b, "ganLearningRate").asDouble(),
            required(b, "criticLearningRate").asDouble(), required(b, "gradientPenalty").asDouble())
        : null;
    ModelShape shape = new ModelShape(kind, embedding, required(n, "layers").asInt(), required(n, "heads").asInt(),
        required(n, "context").asInt(), required(n, "positions").asInt(), (float) required(n, "layerNormEps").asDouble(), extras);
    Training training = new Training(required(n, "batchSize").asInt(), required(n, "learningRate").asDouble(), required(n, "epochs").asInt(),
        required(n, "validateEvery").asInt(), required(n, "patience").asInt(), n.path("minSteps").asInt(0), n.path("maxSteps").asInt(0),
        n.path("labelBalance").asDouble(0), gan);
    return new HaloConfig(shape, training, new Sampling(required(n, "sampleBatch").asInt()), required(n, "seed").asLong());
  }

  private static JsonNode required(JsonNode n, String field) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) throw new IOException("the config has no '" + field + "'");
    return v;
  }
}
