package halo.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;

/**
 * {@link ModelShape} in JSON: the shared sizes as fields, then the kind's own sizes ({@link
 * ModelShape#extras()}) under the kind's {@link ModelKind#id()}, read back as the type its {@link
 * ModelKind.Traits#extrasFor} gives. Reads checkpoint format 4 too, which wrote a field for EVA's
 * and SynTEG's sizes, null for the kinds without them: a kind that has own sizes now gets its {@link
 * ModelKind.Traits#legacyExtras} there (HALO: the authors' head, untied). Any other field is an error naming it.
 */
final class ModelShapeJson {
  private ModelShapeJson() {}

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** {@code shape}'s own settings with the fields of {@code json} replaced (see {@link ModelShape#withExtras}). */
  static ModelShape.Extras merge(ModelShape shape, String json) {
    String kind = shape.kind().id();
    if (shape.extras() == null) throw new IllegalArgumentException(kind + " has no settings of its own, got " + json);
    com.fasterxml.jackson.databind.node.ObjectNode now = JSON.valueToTree(shape.extras());
    JsonNode given;
    try {
      given = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + json + " (" + e.getOriginalMessage() + "); " + kind + "'s own settings are " + now, e);
    }
    if (given == null || !given.isObject()) throw new IllegalArgumentException("expected a JSON object such as " + now + " for " + kind + ", got " + json);
    for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!now.has(f)) throw new IllegalArgumentException(kind + " has no setting '" + f + "'; its own settings are " + now);
      if (now.get(f).getNodeType() != given.get(f).getNodeType()) {
        throw new IllegalArgumentException(kind + "'s '" + f + "' is a " + now.get(f).getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " (now " + now.get(f)
            + "), got " + given.get(f));
      }
      now.set(f, given.get(f));
    }
    try {
      return JSON.treeToValue(now, shape.extras().getClass());
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new IllegalArgumentException(kind + "'s own settings " + now + " are invalid: " + cause.getMessage(), e);
    }
  }

  private static final Set<String> SHARED = Set.of("kind", "embedding", "layers", "heads", "context", "positions", "layerNormEps");

  static final class Writer extends StdSerializer<ModelShape> {
    Writer() {
      super(ModelShape.class);
    }

    @Override
    public void serialize(ModelShape s, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("kind", s.kind().name());
      g.writeNumberField("embedding", s.embedding());
      g.writeNumberField("layers", s.layers());
      g.writeNumberField("heads", s.heads());
      g.writeNumberField("context", s.context());
      g.writeNumberField("positions", s.positions());
      g.writeNumberField("layerNormEps", s.layerNormEps());
      if (s.extras() != null) {
        g.writeFieldName(s.kind().id());
        p.defaultSerializeValue(s.extras(), g);
      }
      g.writeEndObject();
    }
  }

  static final class Reader extends StdDeserializer<ModelShape> {
    Reader() {
      super(ModelShape.class);
    }

    @Override
    public ModelShape deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonNode n = p.readValueAsTree();
      String kindName = required(n, "kind").asText();
      ModelKind kind = Arrays.stream(ModelKind.values()).filter(k -> k.name().equals(kindName)).findFirst()
          .orElseThrow(() -> new IOException("unknown model kind '" + kindName + "' in a model shape; this halo-lib knows "
              + Arrays.toString(ModelKind.values())));
      int embedding = required(n, "embedding").asInt();
      ModelShape.Extras extras = null;
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        JsonNode v = n.get(f);
        if (SHARED.contains(f) || v.isNull() && isKindId(f)) continue;
        if (!f.equals(kind.id())) throw new IOException("unexpected field '" + f + "' in the model shape of " + kind.id() + ": " + n);
        ModelShape.Extras defaults = kind.traits().extrasFor(embedding);
        if (defaults == null) throw new IOException(kind.id() + " has no sizes of its own, but the model shape gives " + v);
        extras = p.getCodec().treeToValue(v, defaults.getClass());
      }
      if (extras == null) extras = kind.traits().legacyExtras(embedding); // stored before the kind had own sizes
      try {
        return new ModelShape(kind, embedding, required(n, "layers").asInt(), required(n, "heads").asInt(), required(n, "context").asInt(),
            required(n, "positions").asInt(), (float) required(n, "layerNormEps").asDouble(), extras);
      } catch (IllegalArgumentException e) {
        throw new IOException("invalid model shape " + n + ": " + e.getMessage(), e);
      }
    }

    private static boolean isKindId(String f) {
      return Arrays.stream(ModelKind.values()).anyMatch(k -> k.id().equals(f));
    }

    private static JsonNode required(JsonNode n, String field) throws IOException {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) throw new IOException("the model shape has no '" + field + "': " + n);
      return v;
    }
  }
}
